"""``.grad`` takes the engine's fresh gradient array instead of a copy (as torch steals an
unshared gradient); it must never share memory with anything a user or another leaf holds."""
import numpy as np

import autograd_nb as anb


def shares(a, b):
    return np.shares_memory(a.numpy(), b.numpy())


def test_gradient_passed_through_from_the_seed_is_copied():
    x = anb.ones(2, 2, requires_grad=True)
    v = anb.full((2, 2), 3.0)
    (x + 0.5).backward(v)          # AddBackward0 hands the seed itself to x's accumulator
    assert not shares(x.grad, v)
    v.add_(1.0)
    assert x.grad.tolist() == [[3.0, 3.0], [3.0, 3.0]]


def test_one_gradient_for_two_leaves_is_not_shared():
    a = anb.ones(3, requires_grad=True)
    b = anb.ones(3, requires_grad=True)
    (a + b).sum().backward()
    assert not shares(a.grad, b.grad)
    a.grad.zero_()
    assert b.grad.tolist() == [1.0, 1.0, 1.0]


def test_broadcast_gradient_becomes_a_writable_grad():
    x = anb.ones(2, 3, requires_grad=True)
    x.sum().backward()             # the gradient is a zero-stride view of one value
    x.grad.mul_(2.0)
    assert x.grad.tolist() == [[2.0] * 3] * 2


def test_fresh_gradient_is_taken_and_later_accumulated_in_place():
    x = anb.ones(2, 2, requires_grad=True)
    (x * 2.0).sum().backward()
    first = x.grad
    (x * 3.0).sum().backward()
    assert x.grad is first
    assert x.grad.tolist() == [[5.0, 5.0], [5.0, 5.0]]


def test_retained_graph_gradients_stay_independent():
    x = anb.ones(2, requires_grad=True)
    y = x * 2.0
    y.backward(anb.ones(2), retain_graph=True)
    g1 = x.grad.clone()
    x.grad = None
    y.backward(anb.ones(2))
    assert x.grad.tolist() == g1.tolist()
