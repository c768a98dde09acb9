"""In-place changes to views, without torch: the expected values are worked out by hand (in the
comments), the names and messages are torch 2.13's (tests/test_parity_views_inplace.py compares
the same behaviour with torch itself)."""
import numpy as np
import pytest

import autograd_nb as torch


def leaf(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


def names(node):
    return [type(n).__name__ if n is not None else None for n, _ in node.next_functions]


def test_changing_a_view_sends_the_base_through_copyslices():
    x = leaf([[1., 2.], [3., 4.]])
    t = x * 2
    u = t[0]
    u.mul_(3)
    assert type(t.grad_fn).__name__ == "CopySlices"
    assert names(t.grad_fn) == ["MulBackward0", None]  # the base's old node, mul_'s constant
    assert type(u.grad_fn).__name__ == "AsStridedBackward0"
    assert u.grad_fn.next_functions[0][0] is t.grad_fn
    t.sum().backward()
    # row 0 is 6 * x, row 1 is 2 * x
    assert x.grad.tolist() == [[6., 6.], [2., 2.]]


def test_a_view_taken_before_its_base_changed_follows_the_change():
    x, s = leaf([[1., 2.], [3., 4.]]), leaf(3.)
    t = x * 1
    u = t[1]
    t.mul_(s)
    u.sum().backward()
    # u = s * x[1]: d/dx = s on row 1, d/ds = 3 + 4
    assert x.grad.tolist() == [[0., 0.], [3., 3.]]
    assert s.grad.item() == 7.
    assert type(u.grad_fn).__name__ == "AsStridedBackward0"


def test_a_view_overwritten_passes_no_gradient_to_what_it_held():
    x = leaf([[1., 2.], [3., 4.]])
    t = x * 1
    t[0].zero_()
    t.sum().backward()
    assert x.grad.tolist() == [[0., 0.], [1., 1.]]


def test_a_base_that_required_no_grad_joins_the_graph():
    w = leaf([1., 2.])
    t = torch.zeros(3, dtype=torch.float64)
    t[1:].add_(w)
    assert type(t.grad_fn).__name__ == "CopySlices"
    assert names(t.grad_fn) == [None, "AccumulateGrad"]  # no old history; add_'s other input, w
    (t * torch.tensor([1., 2., 3.], dtype=torch.float64)).sum().backward()
    assert w.grad.tolist() == [2., 3.]


def test_a_view_of_a_view_changes_the_one_base():
    x = leaf([[1., 2.], [3., 4.]])
    t = x * 1
    u = t.view(4)
    u2 = u[1:3]
    u2.mul_(2)
    assert u2._base is t and u._base is t
    assert type(u.grad_fn).__name__ == "AsStridedBackward0"
    t.sum().backward()
    # elements 1 and 2 in memory order, x[0, 1] and x[1, 0], are doubled
    assert x.grad.tolist() == [[1., 2.], [2., 1.]]


def test_exp_on_a_view_saves_the_changed_values():
    x = leaf([[0., 1.], [2., 3.]])
    t = x * 1
    t[0].exp_()
    t.sum().backward()
    assert np.allclose(x.grad.numpy(), [[1., np.e], [1., 1.]])


def test_several_changes_one_after_another():
    x, s = leaf([[1., 2.], [3., 4.]]), leaf(2.)
    t = x * 1
    u = t[:, 1]
    u.mul_(s)      # column 1 = s * x[:, 1]
    u.add_(s)      # column 1 = s * x[:, 1] + s
    t.mul_(s)      # everything times s
    t.sum().backward()
    # sum = s * (x00 + x10) + s * (s * (x01 + x11) + 2 s) = 2*4 + 2*(2*6 + 4) = 40
    assert t.sum().item() == 40.
    # d/dx: column 0 gets s = 2, column 1 gets s * s = 4
    assert x.grad.tolist() == [[2., 4.], [2., 4.]]
    # d/ds = (x00 + x10) + 2 s (x01 + x11) + 4 s = 4 + 24 + 8 = 36
    assert s.grad.item() == 36.


def test_views_share_the_version_counter():
    x = leaf([[1., 2.], [3., 4.]])
    t = x * 1
    u = t[0]
    u.mul_(2)
    t.add_(1)
    assert (t._version, u._version, x._version) == (2, 2, 0)
    assert u._is_view() and u._base is t


def test_the_second_derivative_goes_through_copyslices():
    def f(x):
        t = x * 1
        t[0].mul_(x[1])
        return (t ** 2).sum()
    x = torch.tensor([[.5, -1.], [2., .25]], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(f, (x,))
    assert torch.autograd.gradgradcheck(f, (x,))


def test_a_detached_view_is_changed_on_its_own():
    x, s = leaf([[1., 2.], [3., 4.]]), leaf(1.)
    t = x * 1
    u = t[0].detach()
    u.add_(s)
    assert type(t.grad_fn).__name__ == "MulBackward0"
    assert type(u.grad_fn).__name__ == "AddBackward0"


# -- views made under no_grad ------------------------------------------------------------------
def test_a_view_made_under_no_grad_requires_grad_as_its_base():
    x = leaf([[1., 2.], [3., 4.]])
    with torch.no_grad():
        z = x[0]
    assert (z.requires_grad, z.is_leaf, z.grad_fn) == (True, True, None)
    (z * 2).sum().backward()  # the gradient stops at the view: it has no edge to x
    assert x.grad is None and z.grad is None


def test_a_view_made_under_inference_mode_of_a_normal_tensor_is_normal():
    t = leaf([1., 2.]) * 1
    with torch.inference_mode():
        u = t[0]
    assert (u.requires_grad, u.is_inference()) == (True, False)


NO_GRAD_TAIL = (" Given that this use case is ambiguous and error-prone, it is forbidden. You can "
                "clarify your code by moving both the view and the inplace either both inside the "
                "no_grad block (if you don't want the inplace to be tracked) or both outside (if "
                "you want the inplace to be tracked).")
MULTI_TAIL = (" This view is the output of a function that returns multiple views. Such functions "
              "do not allow the output views to be modified inplace. You should replace the "
              "inplace operation by an out-of-place one.")


def raises(fn, message):
    with pytest.raises(RuntimeError) as info:
        fn()
    assert str(info.value) == message


def test_a_view_of_a_leaf_is_not_changed_in_place():
    x = leaf([1., 2.])
    raises(lambda: x[0].mul_(2), "a view of a leaf Variable that requires grad is being used in "
                                 "an in-place operation.")


def test_a_no_grad_view_is_not_changed_in_place_with_grad_on():
    t = leaf([1., 2.]) * 1
    with torch.no_grad():
        u = t[1:]
    raises(lambda: u.mul_(2), "A view was created in no_grad mode and is being modified inplace "
                              "with grad mode enabled." + NO_GRAD_TAIL)
    u2 = u[0:]  # a view of it keeps the restriction, and names itself
    raises(lambda: u2.mul_(2), "Output 0 of Slice is a view of a view which was created in "
                               "no_grad mode and is being modified inplace with grad mode "
                               "enabled." + NO_GRAD_TAIL)


def test_a_no_grad_view_whose_base_changed_may_not_be_used():
    t = leaf([1., 2.]) * 1
    with torch.no_grad():
        u = t[1:]
    t.add_(1)
    message = ("A view was created in no_grad mode and its base or another view of its base has "
               "been modified inplace with grad mode enabled." + NO_GRAD_TAIL)
    raises(lambda: u * 2, message)
    raises(lambda: u.grad_fn, message)
    assert "grad_fn=<Invalid>" in repr(u)


def test_outputs_of_unbind_and_split_are_not_changed_in_place():
    t = leaf([[1., 2.], [3., 4.]]) * 1
    raises(lambda: t.unbind()[0].mul_(2),
           "Output 0 of Unbind is a view and is being modified inplace." + MULTI_TAIL)
    raises(lambda: t.split(1)[1].add_(1),
           "Output 1 of Split is a view and is being modified inplace." + MULTI_TAIL)
    raises(lambda: t.chunk(2, 1)[0][1].zero_(),
           "Output 0 of Select is a view and is being modified inplace." + MULTI_TAIL)
    us = t.unbind()
    t.mul_(2)
    raises(lambda: us[1] * 2, "Output 1 of Unbind is a view and its base or another view of its "
                              "base has been modified inplace." + MULTI_TAIL)


def test_a_saved_tensor_changed_through_a_view_is_refused():
    x = leaf([[1., 2.], [3., 4.]])
    t = x * 1
    c = t.sin()
    t[0].mul_(2)
    raises(lambda: c.sum().backward(),
           "one of the variables needed for gradient computation has been modified by an inplace "
           "operation: [torch.DoubleTensor [2, 2]], which is output 0 of "
           "torch::autograd::CopySlices, is at version 1; expected version 0 instead. Hint: "
           "enable anomaly detection to find the operation that failed to compute its gradient, "
           "with torch.autograd.set_detect_anomaly(True, check_nan=False).")


def test_an_expanded_tensor_is_not_written():
    t = torch.ones(2).expand(3, 2)
    raises(lambda: t.add_(1), "unsupported operation: more than one element of the written-to "
                              "tensor refers to a single memory location. Please clone() the "
                              "tensor before performing the operation.")


# -- indexing: the nodes torch records for each form of key -----------------------------------
def chain(t):
    out, node = [], t.grad_fn
    while node is not None and type(node).__name__ != "AccumulateGrad":
        out.append(type(node).__name__)
        node = node.next_functions[0][0]
    return out


@pytest.mark.parametrize("key,shape,nodes", [
    (0, (3, 4), ["SelectBackward0"]),
    (slice(None), (2, 3, 4), ["SliceBackward0"]),               # one slice: always recorded
    ((slice(None), slice(None)), (2, 3, 4), ["AliasBackward0"]),  # whole dims are skipped
    ((slice(0, 9), slice(0, 3)), (2, 3, 4), ["AliasBackward0"]),
    ((slice(-2, None), slice(None)), (2, 3, 4), ["SliceBackward0"]),  # -2 is not written as 0
    (Ellipsis, (2, 3, 4), ["AliasBackward0"]),
    ((None, 0), (1, 3, 4), ["SelectBackward0", "UnsqueezeBackward0"]),
    ([0, 1], (2, 3, 4), ["IndexBackward0"]),
    # basic parts first: x[0] is 3x4, then its columns 0 and 2
    ((0, slice(None), [0, 2]), (3, 2), ["IndexBackward0", "SelectBackward0"]),
    # two index arrays apart: their dim goes first
    (([0, 1], slice(None), [0, 2]), (2, 3), ["IndexBackward0"]),
    (True, (1, 2, 3, 4), ["IndexBackward0", "UnsqueezeBackward0"]),
])
def test_index_nodes(key, shape, nodes):
    x = torch.arange(24., requires_grad=False).reshape(2, 3, 4).requires_grad_()
    out = x[key]
    assert tuple(out.shape) == shape
    assert chain(out) == nodes


def test_negative_steps_are_refused():
    x = torch.ones(3, requires_grad=True) * 1
    for do in (lambda: x[::-1], lambda: x.__setitem__(slice(None, None, -1), 0.)):
        with pytest.raises(ValueError, match="^step must be greater than zero$"):
            do()
