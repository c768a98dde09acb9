"""How fast can any pure-Python autograd on NumPy run the chain_small and mlp_step workloads?

A lower bound for autograd_nb's speed targets: the smallest reverse-mode engine that still
records a graph and runs it backward — one tensor class, one node class, a few hard-wired ops,
constants pre-converted to 0-d arrays, backward in sequence order without dependency counting,
gradients kept on the nodes — and nothing else: no dtypes, hooks, version counters, eras, error
checks or names (mlp_step's engine adds only what its step needs: bias broadcasting, a no_grad
flag and leaves with a ``.grad`` tensor). Whatever it costs, autograd_nb (which has all of
those) cannot cost less.

    python benchmarks/python_bound.py [--rounds 7]

prints, for the NumPy floor, this bound, autograd_nb and (when installed) torch with one thread,
chain_small's microseconds per op and mlp_step's per step, each the minimum over rounds of CPU
time, measured in this one process, with ratios to torch (chain_small) and to the floor
(mlp_step).
"""
import argparse
import heapq
import itertools
import os
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one thread for NumPy's BLAS too, as torch below

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


# -- mlp_step ------------------------------------------------------------------------------------
# A module with just the API that ``workloads.mlp_torchapi`` calls, so the very same step runs on
# it: tensor(), @, + (a bias broadcast over rows), number * tensor, -=, relu, cross_entropy,
# backward(), .grad and no_grad().
class MiniTensor:
    __slots__ = ("data", "node", "grad", "leaf")

    def __init__(self, data, node=None, leaf=False):
        self.data, self.node, self.grad, self.leaf = data, node, None, leaf

    def __matmul__(self, other):
        return _mini(self.data @ other.data, _mm_grads, (self, other),
                     (self.data, other.data, _tracked(self)))

    def __add__(self, other):
        return _mini(self.data + other.data, _add_grads, (self, other),
                     other.data.shape != self.data.shape)

    def __rmul__(self, number):
        return _mini(self.data * F32(number), None, (self,), None)

    def __isub__(self, other):
        self.data -= other.data
        return self

    def numpy(self):
        return self.data

    def backward(self):
        root = self.node
        root.grad, ready = ONE, [(-root.seq, root)]
        while ready:
            node = heapq.heappop(ready)[1]
            grads, node.grad = node.kind(node.grad, node.saved), None
            for source, grad in zip(node.inputs, grads):
                if grad is None:
                    continue
                if source.leaf:
                    source.grad = MiniTensor(grad) if source.grad is None else MiniTensor(
                        source.grad.data + grad)
                elif source.node is not None:
                    target = source.node
                    if target.grad is None:
                        target.grad = grad
                        heapq.heappush(ready, (-target.seq, target))
                    else:
                        target.grad = target.grad + grad


_GRAD_ENABLED = [True]


def _tracked(t):
    return t.leaf or t.node is not None


def _mini(data, kind, inputs, saved):
    out = MiniTensor(data)
    if kind is not None and _GRAD_ENABLED[0] and any(_tracked(t) for t in inputs):
        node = out.node = Node()
        node.seq, node.kind, node.inputs, node.saved, node.grad = next(_seq), kind, inputs, saved, None
    return out


def _mm_grads(g, saved):
    a, b, a_tracked = saved
    return (g @ b.T if a_tracked else None, a.T @ g)


def _add_grads(g, bias):
    return (g, g.sum(axis=0) if bias else g)


def _relu_grads(g, out):
    return (g * (out > 0),)


def _log_softmax_grads(g, out):
    return (g - np.exp(out) * g.sum(axis=1, keepdims=True),)


def _nll_grads(g, saved):
    shape, index, n = saved
    out = np.zeros(shape, F32)
    out[index] = -g / n
    return (out,)


class _MiniNoGrad:
    def __enter__(self):
        _GRAD_ENABLED[0] = False

    def __exit__(self, *exc):
        _GRAD_ENABLED[0] = True


def _relu(x):
    out = np.maximum(x.data, F32(0))
    return _mini(out, _relu_grads, (x,), out)


def _cross_entropy(logits, target):
    a = logits.data
    shifted = a - a.max(axis=1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    logp = _mini(shifted, _log_softmax_grads, (logits,), shifted)
    n = F32(len(target.data))
    index = (np.arange(len(target.data)), target.data)
    return _mini(-shifted[index].sum() / n, _nll_grads, (logp,), (shifted.shape, index, n))


class mini:  # noqa: N801 - stands in for the torch module
    no_grad = _MiniNoGrad

    @staticmethod
    def tensor(data, requires_grad=False):
        return MiniTensor(np.array(data), leaf=requires_grad)

    class nn:  # noqa: N801
        class functional:  # noqa: N801
            relu = staticmethod(_relu)
            cross_entropy = staticmethod(_cross_entropy)


def per_op(step, n_ops, rounds, reps=20):
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(reps):
            step()
        best = min(best, (time.process_time() - start) / reps)
    return best / n_ops * 1e6


def _check(steps, expected):
    """Every engine's gradients against the floor's, before anything is timed."""
    for name, step in steps.items():
        for grad, want in zip(step(), expected):
            grad = grad.numpy() if hasattr(grad, "numpy") else grad
            np.testing.assert_allclose(grad, want, rtol=1e-4, atol=1e-6 * np.abs(want).max(),
                                       err_msg=name)


def _libraries():
    import autograd_nb
    libs = {"autograd_nb": autograd_nb}
    try:
        import torch
    except ImportError:
        return libs
    torch.set_num_threads(1)
    libs["torch"] = torch
    return libs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    libs = _libraries()

    d = workloads.chain_data((2, 2), 1000, np.random.default_rng(0))
    steps = {"numpy floor": workloads.chain_numpy(np, d), "python bound": bound_step(d)}
    steps.update((name, workloads.chain_torchapi(lib, d)) for name, lib in libs.items())
    _check(steps, steps["numpy floor"]())
    times = {name: per_op(step, d["n_ops"], args.rounds) for name, step in steps.items()}
    print("chain_small, us per op (min CPU time over rounds):")
    for name, t in times.items():
        ratio = f"  {t / times['torch']:.3f}x torch" if "torch" in times else ""
        print(f"  {name:13s} {t:8.2f}{ratio}")

    d = workloads.mlp_data(rng=np.random.default_rng(0), **workloads.WORKLOADS["mlp_step"].full)
    make = {"numpy floor": lambda: workloads.mlp_numpy(np, d),
            "python bound": lambda: workloads.mlp_torchapi(mini, d)}
    make.update((name, lambda lib=lib: workloads.mlp_torchapi(lib, d))
                for name, lib in libs.items())
    _check({name: build() for name, build in make.items()}, workloads.mlp_numpy(np, d)())
    steps = {name: build() for name, build in make.items()}  # fresh weights for timing
    times = {name: per_op(step, 1, args.rounds, reps=100) for name, step in steps.items()}
    print("mlp_step, us per step (min CPU time over rounds):")
    for name, t in times.items():
        print(f"  {name:13s} {t:8.1f}  {t / times['numpy floor']:.3f}x floor")


if __name__ == "__main__":
    main()
