"""How fast can any pure-Python autograd on NumPy run the small-tensor workloads?

A lower bound for autograd_nb's speed targets: the smallest reverse-mode engine that still
records a graph and runs it backward — one tensor class, one node class, a few hard-wired ops,
constants pre-converted, backward in sequence order without dependency counting, gradients kept
on the nodes — and nothing else: no dtypes, hooks, version counters, eras, error checks or names.
Each bound does the NumPy floor's arithmetic on the floor's data (scalar_neuron: NumPy float32
scalars, as the floor) plus that graph; mlp_step's engine adds only what its step needs (bias
broadcasting, a no_grad flag and leaves with a ``.grad`` tensor) and runs the very function
``workloads.mlp_torchapi``. Whatever a bound costs, autograd_nb (which has all of the above)
cannot cost less.

``BOUNDS`` maps each workload that has a bound (chain_small, tutorial, dynamic_loop,
scalar_neuron, mlp_step) to its builder ``build(data) -> step``; ``benchmarks/run.py`` times them
as the library ``bound``, in the same run as every other library.

    python benchmarks/python_bound.py [--rounds 7]

times, in this one process, the NumPy floor, the bound, autograd_nb and (when installed) torch
with one thread on each of those workloads, after checking every engine's gradients against the
floor's: the minimum over rounds of CPU time, with ratios to the floor and to torch.
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
ADD_CONST, MUL_CONST, MUL, TANH, ADD, MEAN, NORM = range(7)
_seq = itertools.count()


class Node:
    __slots__ = ("seq", "kind", "inputs", "saved", "grad")


class Leaf:
    __slots__ = ("grad",)

    def __init__(self):
        self.grad = None


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

    def add(self, other):
        return _record(self.data + other.data, ADD, (self.node, other.node), None)

    def tanh(self):
        out = np.tanh(self.data)
        return _record(out, TANH, (self.node,), out)

    def mean(self):
        return _record(self.data.mean(), MEAN, (self.node,),
                       (self.data.shape, F32(1 / self.data.size)))

    def norm(self):
        out = np.linalg.norm(self.data)
        return _record(out, NORM, (self.node,), (self.data, out))


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
        elif kind == TANH:
            grads = (g * (ONE - node.saved * node.saved),)
        elif kind == ADD:
            grads = (g, g)
        elif kind == MEAN:
            shape, scale = node.saved
            grads = (np.full(shape, g * scale, F32),)
        else:
            a, norm = node.saved
            grads = (g * (a / norm),)
        for target, grad in zip(node.inputs, grads):
            if target.grad is None:
                target.grad = grad
                if type(target) is Node:
                    heapq.heappush(ready, (-target.seq, target))
            else:
                target.grad = target.grad + grad


def chain_bound(d):
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


def tutorial_bound(d):
    two, three = F32(2), F32(3)

    def step():
        leaf = Leaf()
        y = T(np.ones((2, 2), F32), leaf).add_const(two)
        out = y.mul(y).mul_const(three).mean()
        backward(out.node, ONE)
        return [leaf.grad]
    return step


def dynamic_loop_bound(d):
    two = F32(2)

    def step():
        leaf = Leaf()
        y = T(d["x"], leaf).mul_const(two)
        while y.norm().data < 1000:   # recorded, as any engine must: it might be backward'ed
            y = y.mul_const(two)
        backward(y.node, d["v"])
        return [leaf.grad]
    return step


def scalar_neuron_bound(d):
    xs = list(d["x"])                         # constants: w * x records a mul-by-constant
    leaves = [Leaf() for _ in range(len(xs) + 1)]
    ws = [T(w, leaf) for w, leaf in zip(d["w"], leaves)]
    b = T(d["b"][()], leaves[-1])

    def step():
        for leaf in leaves:
            leaf.grad = None
        s = b
        for w, x in zip(ws, xs):
            s = s.add(w.mul_const(x))
        backward(s.tanh().node, F32(1))
        return [leaf.grad for leaf in leaves]
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
        node.seq, node.kind, node.inputs = next(_seq), kind, inputs
        node.saved, node.grad = saved, None
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


BOUNDS = {"chain_small": chain_bound, "tutorial": tutorial_bound,
          "dynamic_loop": dynamic_loop_bound, "scalar_neuron": scalar_neuron_bound,
          "mlp_step": lambda d: workloads.mlp_torchapi(mini, d)}


def per_rep(step, rounds, round_seconds=0.1):
    """Seconds per repetition: the minimum over rounds of CPU time, ~round_seconds a round."""
    start = time.process_time()
    step()
    reps = max(1, round(round_seconds / max(time.process_time() - start, 1e-6)))
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(reps):
            step()
        best = min(best, (time.process_time() - start) / reps)
    return best


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


def _builders(workload, libs):
    builders = {"numpy floor": lambda d: workload.impls["numpy"](np, d),
                "python bound": BOUNDS[workload.name]}
    builders.update((name, lambda d, lib=lib: workload.impls["torchapi"](lib, d))
                    for name, lib in libs.items())
    return builders


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    libs = _libraries()
    for name in BOUNDS:
        workload = workloads.WORKLOADS[name]
        d = workload.data(workload.full)
        builders = _builders(workload, libs)
        _check({label: build(d) for label, build in builders.items()},
               workload.impls["numpy"](np, d)())
        # fresh builds for timing: mlp_step's check took an SGD step
        times = {label: workload.seconds_to_unit(per_rep(build(d), args.rounds), d)
                 for label, build in builders.items()}
        print(f"{name}, {workload.metrics['time']} (min CPU time over rounds):")
        for label, t in times.items():
            ratios = [f"{t / times[ref]:.3f}x {ref.split()[-1]}"
                      for ref in ("numpy floor", "torch") if ref in times]
            print(f"  {label:13s} {t:8.2f}  " + "  ".join(ratios))


if __name__ == "__main__":
    main()
