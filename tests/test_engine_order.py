"""The two ways the engine runs a backward pass give the same gradients in the same order.

The fast pass (``_engine._run_fast``, the common case: newest node first, no dependency
counting) and the reference pass (``_run_reference``: dependencies counted; used while a leaf
has a hook, for ``autograd.grad``/``inputs=``, the stepper and re-entered backward) must agree
on every graph; a failing node must leave no gradient behind."""
import random
import weakref

import numpy as np
import pytest

import autograd_nb as anb
from autograd_nb._core._engine import OBSERVED


def random_graph(seed):
    """A random DAG over three leaves: reuse, broadcasting, shared subexpressions."""
    rng = random.Random(seed)
    gen = np.random.default_rng(seed)
    leaves = [anb.tensor(gen.uniform(0.5, 1.5, shape).astype(np.float64), requires_grad=True)
              for shape in [(3, 4), (4,), (3, 4)]]
    values = list(leaves)
    for _ in range(rng.randint(5, 25)):
        a, b = rng.choice(values), rng.choice(values)
        op = rng.choice(["add", "mul", "tanh", "exp", "sub", "div", "split"])
        if op == "add":
            values.append(a + b)
        elif op == "mul":
            values.append(a * b)
        elif op == "sub":
            values.append(a - 0.25 * b)
        elif op == "div":
            values.append(a / (b * b + 1.0))
        elif op == "tanh":
            values.append(a.tanh())
        elif op == "exp":
            values.append((a * 0.1).exp())
        else:
            first, second = (a.expand(3, 4) if a.ndim == 1 else a).split(2, dim=0)
            values.append(first.sum(0) * second.sum(0))
    out = sum(v.sum() for v in rng.sample(values[3:] or values, k=min(3, len(values))))
    return leaves, out


def run(seed, counted):
    leaves, out = random_graph(seed)
    order = []
    nodes, stack = set(), [out.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in nodes:
            continue
        nodes.add(node)
        stack.extend(n for n, _ in node.next_functions)
        if type(node).__name__ != "AccumulateGrad":
            node.register_hook(lambda gi, go, node=node: order.append(node.name()))
    spy = anb.ones(1, requires_grad=True)
    if counted:
        spy.register_hook(lambda g: g)  # a leaf hook: the counted pass
    assert bool(OBSERVED.leaves) == counted
    out.backward()
    return [None if leaf.grad is None else leaf.grad.numpy().copy() for leaf in leaves], order


@pytest.mark.parametrize("seed", range(40))
def test_fast_and_reference_passes_agree(seed):
    grads_o, order_o = run(seed, counted=False)
    grads_c, order_c = run(seed, counted=True)
    assert order_o == order_c
    for g_o, g_c in zip(grads_o, grads_c):
        assert (g_o is None) == (g_c is None)
        if g_o is not None:
            np.testing.assert_array_equal(g_o, g_c)


class Fails(anb.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 1.0

    @staticmethod
    def backward(ctx, grad):
        raise ValueError("boom")


def test_a_failing_node_leaves_no_gradient_in_the_graph():
    x = anb.ones(2, requires_grad=True)
    shared = x * 3.0
    with pytest.raises(ValueError, match="boom"):
        (Fails.apply(shared) + shared).sum().backward(retain_graph=True)
    x.grad = None
    (shared * 2.0).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]


class Reenters(anb.autograd.Function):
    """Its backward runs another backward pass (as checkpointing does)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 1.0

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        inner = anb.ones(2, requires_grad=True)
        with anb.enable_grad():
            (inner * 5.0).sum().backward()
        return grad * inner.grad


def test_backward_inside_backward():
    x = anb.ones(2, requires_grad=True)
    (Reenters.apply(x * 2.0) * 3.0).sum().backward()
    assert x.grad.tolist() == [30.0, 30.0]


def test_a_hooked_leaf_is_freed_when_its_last_reference_goes():
    x = anb.ones(2, requires_grad=True)
    handle = x.register_hook(lambda g: g)
    alive = weakref.ref(x)
    del x, handle
    assert alive() is None
