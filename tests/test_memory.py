"""After ``backward()`` the graph is garbage (SPEC §1.3): nodes and saved arrays are freed by
reference counting alone, with the cycle collector off, and training steps don't grow memory."""
import gc
import weakref

import numpy as np
import pytest

import autograd_nb as anb
from autograd_nb._core._engine import Node


@pytest.fixture
def no_cycle_collector():
    """Freed objects must be freed by reference counting: no cycle may be needed to free them."""
    gc.disable()
    yield
    gc.enable()


def graph_nodes(tensor):
    """Every node of ``tensor``'s backward graph, walked without recursion."""
    seen, stack = {}, [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is not None and id(node) not in seen:
            seen[id(node)] = node
            stack.extend(n for n, _ in node.next_functions)
    return list(seen.values())


def saved_arrays(nodes, keep=()):
    """The arrays the nodes saved for backward, except the data of the tensors in ``keep`` and
    the shared constants Python numbers become (``x * 2`` saves a cached read-only 0-d 2)."""
    kept = {id(t._data) for t in keep}
    return [v for n in nodes for v in getattr(n, "_saved", ())
            if isinstance(v, np.ndarray) and id(v) not in kept
            and (v.ndim or v.flags.writeable)]


def live_nodes():
    return sum(isinstance(o, Node) for o in gc.get_objects())


def dead(refs):
    return [r() for r in refs] == [None] * len(refs)


def test_backward_frees_saved_arrays_at_once(no_cycle_collector):
    x = anb.randn(3, 4, dtype=anb.float64, requires_grad=True)
    out = ((x * 2).exp() * (x + 1).sigmoid()).t().sum()
    saved = [weakref.ref(a) for a in saved_arrays(graph_nodes(out), keep=(x,))]
    assert saved
    out.backward()
    assert dead(saved)  # while ``out`` and so its nodes are still alive


def test_no_node_survives_its_output_after_backward(no_cycle_collector):
    x = anb.randn(3, 4, dtype=anb.float64, requires_grad=True)
    w = anb.randn(4, 2, dtype=anb.float64, requires_grad=True)
    out = (x @ w).relu().softmax(-1).log().mean()
    nodes = [weakref.ref(n) for n in graph_nodes(out)]
    out.backward()
    del out
    assert dead(nodes)
    assert x.grad is not None and w.grad is not None


def test_a_graph_without_backward_is_freed_with_its_output(no_cycle_collector):
    x = anb.randn(5, dtype=anb.float64, requires_grad=True)
    out = (x.exp() * x).cumsum(0)[1:].sum()
    nodes = [weakref.ref(n) for n in graph_nodes(out)]
    del out
    assert dead(nodes)


class SavesItsOutput(anb.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y


class SavesItsInput(anb.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x * grad


def test_custom_function_saving_its_input_is_freed_after_backward(no_cycle_collector):
    x = anb.randn(3, dtype=anb.float64, requires_grad=True)
    out = SavesItsInput.apply(x * 1).sum()
    nodes = [weakref.ref(n) for n in graph_nodes(out)]
    out.backward()
    del out
    assert dead(nodes)
    np.testing.assert_allclose(x.grad.numpy(), 2 * x.detach().numpy())


def test_custom_function_saving_its_output_is_freed_after_backward(no_cycle_collector):
    x = anb.randn(3, dtype=anb.float64, requires_grad=True)
    out = SavesItsOutput.apply(x).sum()
    nodes = [weakref.ref(n) for n in graph_nodes(out)]
    out.backward()
    del out
    assert dead(nodes)


def test_custom_function_saving_its_output_is_freed_without_backward(no_cycle_collector):
    x = anb.randn(3, dtype=anb.float64, requires_grad=True)
    out = SavesItsOutput.apply(x)
    node = weakref.ref(out.grad_fn)
    del out
    assert node() is None


def test_retain_grad_and_hooks_leave_nothing_behind(no_cycle_collector):
    x = anb.randn(3, dtype=anb.float64, requires_grad=True)
    y = (x * 2).exp()
    y.retain_grad()
    handle = y.register_hook(lambda g: g * 1)
    x.register_hook(lambda g: g)
    y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: None)
    out = (y * y).sum()
    nodes = [weakref.ref(n) for n in graph_nodes(out)]
    out.backward()
    retained = weakref.ref(y.grad)
    del out, y, handle
    assert dead(nodes) and retained() is None


def test_a_100000_op_chain_builds_backwards_and_frees(no_cycle_collector):
    x = anb.tensor([1.0], dtype=anb.float64, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y + 0.5
    nodes = graph_nodes(y)
    assert len(nodes) == 100_001  # the adds and x's AccumulateGrad
    first, last = weakref.ref(nodes[0]), weakref.ref(nodes[-1])
    del nodes
    y.backward()
    assert x.grad.tolist() == [1.0]
    del y
    assert first() is None and last() is None


def _resident_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


@pytest.mark.skipif(not hasattr(gc, "get_objects"), reason="needs gc.get_objects")
def test_tutorial_steps_do_not_grow_memory(no_cycle_collector):
    """The classic out = mean(3 (x + 2)^2) backward and zero_(), 10,000 times."""
    x = anb.ones(2, 2, requires_grad=True)

    def step():
        y = x + 2
        out = (y * y * 3).mean()
        out.backward()
        x.grad.zero_()

    for _ in range(1_000):  # warm up allocator pools and caches
        step()
    nodes_before = live_nodes()  # before reading RSS: gc.get_objects() itself allocates
    before = _resident_bytes()
    for _ in range(10_000):
        step()
    grown = _resident_bytes() - before
    assert live_nodes() <= nodes_before
    assert grown < 1 << 20  # a leak of 100 bytes a step would show
    assert x.grad.tolist() == [[0.0, 0.0], [0.0, 0.0]]
