"""How fast can any pure-Python autograd on NumPy run the chain_small workload?

A lower bound for autograd_nb's per-op targets: the smallest reverse-mode engine that still
records a graph and runs it backward — one tensor class, one node class, four hard-wired ops,
constants pre-converted to 0-d arrays, backward in sequence order without dependency counting,
gradients kept on the nodes — and nothing else: no dtypes, broadcasting, hooks, version
counters, grad modes, eras, errors or names. Whatever it costs per op, autograd_nb (which has
all of those) cannot cost less.

    python benchmarks/python_bound.py [--rounds 7]

prints microseconds per op for the NumPy floor, this bound, autograd_nb and (when installed)
torch with one thread, each the minimum over rounds of CPU time, measured in this one process.
"""
import argparse
import heapq
import itertools
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
import workloads  # noqa: E402

F32 = np.float32
ADD_CONST, MUL_CONST, MUL, TANH = range(4)
_seq = itertools.count()


class Node:
    __slots__ = ("seq", "kind", "inputs", "saved", "grad")


class Leaf:
    __slots__ = ("grad",)


class T:
    __slots__ = ("data", "node")

    def __init__(self, data, node):
        self.data, self.node = data, node

    def add_const(self, c):
        return _record(self.data + c, ADD_CONST, (self.node,), None)

    def mul_const(self, c):
        return _record(self.data * c, MUL_CONST, (self.node,), c)

    def mul(self, other):
        return _record(self.data * other.data, MUL, (self.node, other.node),
                       (self.data, other.data))

    def tanh(self):
        out = np.tanh(self.data)
        return _record(out, TANH, (self.node,), out)


def _record(data, kind, inputs, saved):
    node = Node()
    node.seq, node.kind, node.inputs, node.saved, node.grad = next(_seq), kind, inputs, saved, None
    return T(data, node)


ONE = np.array(1, F32)


def backward(root, seed):
    root.grad, ready = seed, [(-root.seq, root)]
    while ready:
        node = heapq.heappop(ready)[1]
        g, node.grad = node.grad, None
        kind = node.kind
        if kind == ADD_CONST:
            grads = (g,)
        elif kind == MUL_CONST:
            grads = (g * node.saved,)
        elif kind == MUL:
            a, b = node.saved
            grads = (g * b, g * a)
        else:
            grads = (g * (ONE - node.saved * node.saved),)
        for target, grad in zip(node.inputs, grads):
            if target.grad is None:
                target.grad = grad
                if type(target) is Node:
                    heapq.heappush(ready, (-target.seq, target))
            else:
                target.grad = target.grad + grad


def bound_step(d):
    leaf = Leaf()
    x = T(d["x"], leaf)
    half, nine_tenths = np.array(0.5, F32), np.array(0.9, F32)

    def step():
        leaf.grad = None
        y = x
        for _ in range(d["n_ops"] // 4):
            y = y.add_const(half).mul(x).tanh().mul_const(nine_tenths)
        backward(y.node, np.ones_like(y.data))
        return [leaf.grad]
    return step


def per_op(step, n_ops, rounds, reps=20):
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(reps):
            step()
        best = min(best, (time.process_time() - start) / reps)
    return best / n_ops * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    d = workloads.chain_data((2, 2), 1000, np.random.default_rng(0))
    steps = {"numpy floor": workloads.chain_numpy(np, d), "python bound": bound_step(d)}
    import autograd_nb
    steps["autograd_nb"] = workloads.chain_torchapi(autograd_nb, d)
    try:
        import torch
        torch.set_num_threads(1)
        steps["torch"] = workloads.chain_torchapi(torch, d)
    except ImportError:
        pass
    expected = steps["numpy floor"]()[0]
    for name, step in steps.items():
        grad = step()[0]
        grad = grad.numpy() if hasattr(grad, "numpy") else grad
        np.testing.assert_allclose(grad, expected, rtol=1e-4, atol=1e-6, err_msg=name)
    times = {name: per_op(step, d["n_ops"], args.rounds) for name, step in steps.items()}
    print("chain_small, us per op (min CPU time over rounds):")
    for name, t in times.items():
        ratio = f"  {t / times['torch']:.3f}x torch" if "torch" in times else ""
        print(f"  {name:13s} {t:6.2f}{ratio}")


if __name__ == "__main__":
    main()
