"""0-d float tensors that hold a NumPy scalar (``Tensor._raw``) behave as array-backed ones.

The hot paths (the arithmetic operators, one-input elementwise ops, ``tensor(number)``, a 0-d
leaf's first gradient) keep a 0-d float result as its NumPy scalar; everything else reads
``_data``, which turns it into a 0-d array once. These tests make such tensors in every float
dtype and check that nothing a learner can do tells them apart: aliases (views, ``detach``,
``.data``, ``.numpy()``) share memory with them, in-place changes show through every alias and
bump the version counter, and saved-tensor checks see the change.
"""
import numpy as np
import pytest

import autograd_nb as torch

DTYPES = [torch.float16, torch.float32, torch.float64]


def _producers(dtype):
    """Ways a learner gets a 0-d float tensor, each made fresh."""
    def leaf_grad():
        w = torch.tensor(0.5, dtype=dtype, requires_grad=True)
        (w * torch.tensor(3., dtype=dtype)).backward()
        return w.grad

    return {
        "tensor(number)": lambda: torch.tensor(1.5, dtype=dtype),
        "x + y": lambda: torch.tensor(1., dtype=dtype) + torch.tensor(0.5, dtype=dtype),
        "x * number": lambda: torch.tensor(0.75, dtype=dtype) * 2,
        "number - x": lambda: 3 - torch.tensor(1.5, dtype=dtype),
        "x / y": lambda: torch.tensor(3., dtype=dtype) / torch.tensor(2., dtype=dtype),
        "tanh(x)": lambda: torch.tanh(torch.tensor(0.25, dtype=dtype)) * 0 + 1.5,
        "v.sum()": lambda: torch.tensor([1., 0.5], dtype=dtype).sum(),
        "leaf .grad": leaf_grad,
    }


CASES = [(dtype, name) for dtype in DTYPES for name in _producers(dtype)]


def _make(dtype, name):
    t = _producers(dtype)[name]()
    assert t.dim() == 0 and t.dtype is dtype
    return t


def _value(t):
    return float(t.item())


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_the_hot_paths_hold_scalars(dtype):
    """The point of the design: these results do not pay for a 0-d array."""
    for name, make in _producers(dtype).items():
        t = make()
        assert type(t._raw) is dtype.np.type, name
        assert type(t._data) is np.ndarray and t._data.shape == ()  # what the rest reads
        assert type(t._raw) is np.ndarray  # ... and from then on holds


@pytest.mark.parametrize("dtype,name", CASES, ids=str)
@pytest.mark.parametrize("alias", [
    lambda t: t.view(()), lambda t: t.view(1), lambda t: t.reshape(1, 1),
    lambda t: t.unsqueeze(0), lambda t: t[None], lambda t: t[...], lambda t: t.expand(3),
    lambda t: t.detach(), lambda t: t.data, lambda t: t.view_as(t), lambda t: t.squeeze(),
    lambda t: t.flatten(), lambda t: t.movedim(0, 0) if t.dim() else t.view(-1),
], ids=["view()", "view(1)", "reshape(1,1)", "unsqueeze", "[None]", "[...]", "expand",
        "detach", ".data", "view_as", "squeeze", "flatten", "view(-1)"])
def test_aliases_share_memory(dtype, name, alias):
    t = _make(dtype, name)
    before = _value(t)
    a = alias(t)
    assert a.data_ptr() == t.data_ptr()
    version = t._version
    t.add_(1)  # a change of the original shows in the alias...
    assert float(a.reshape(-1)[0].item()) == before + 1
    assert t._version == version + 1
    if a._version != 0:  # .data: the same memory with a version counter of its own, as torch
        assert a._version == t._version
    if a.is_contiguous():  # ... and one through the alias in the original (not expand's)
        a.fill_(4)
        assert _value(t) == 4
        assert t._version == version + (1 if a._version == 1 else 2)  # .data's: its own


@pytest.mark.parametrize("dtype,name", CASES, ids=str)
@pytest.mark.parametrize("change,expected", [
    (lambda t: t.add_(1), 1.5 + 1), (lambda t: t.mul_(2), 3.), (lambda t: t.zero_(), 0.),
    (lambda t: t.fill_(7), 7.), (lambda t: t.copy_(torch.tensor(2.)), 2.),
    (lambda t: t.__iadd__(1), 2.5), (lambda t: t.__setitem__((), 5.), 5.),
    (lambda t: t.clamp_(max=1), 1.), (lambda t: t.neg_(), -1.5),
], ids=["add_", "mul_", "zero_", "fill_", "copy_", "+=", "[()]=", "clamp_", "neg_"])
def test_in_place_changes(dtype, name, change, expected):
    t = _make(dtype, name)
    t.fill_(1.5)
    version = t._version
    change(t)
    assert _value(t) == expected
    assert t._version == version + 1
    assert type(t._raw) is np.ndarray


@pytest.mark.parametrize("dtype,name", CASES, ids=str)
def test_numpy_shares_memory(dtype, name):
    t = _make(dtype, name)
    before = _value(t)
    a = t.numpy()
    a += 1
    assert _value(t) == before + 1
    b = np.asarray(t)
    b *= 2
    assert _value(t) == (before + 1) * 2
    assert torch.from_numpy(a).data_ptr() == t.data_ptr()


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_saved_scalar_changed_in_place_is_refused(dtype):
    """A node saves a 0-d input as its scalar (a copy): the version check still guards it."""
    w = torch.tensor(0.5, dtype=dtype, requires_grad=True)
    x = torch.tensor(2., dtype=dtype)
    y = w * x
    x.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()
    r = torch.tensor(0.3, dtype=dtype, requires_grad=True).tanh()  # tanh saves its result
    out = r * 1
    r.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.backward()


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_grad_held_as_scalar_accumulates_and_aliases(dtype):
    w = torch.tensor(0.5, dtype=dtype, requires_grad=True)
    (w * 3).backward()
    g = w.grad
    assert type(g._raw) is dtype.np.type
    (w * 2).backward()  # accumulates in place into the same .grad tensor, as torch
    assert w.grad is g and _value(g) == 5
    alias = w.grad.view(())
    w.grad.zero_()
    assert _value(alias) == 0
    w.grad = None
    (w * 4).backward()
    assert _value(w.grad) == 4


def test_printing_and_conversions_match_arrays():
    for dtype in DTYPES:
        s = torch.tensor(1.25, dtype=dtype) * 2  # scalar-backed
        a = torch.tensor([2.5], dtype=dtype).reshape(())  # array-backed
        assert type(s._raw) is not np.ndarray and type(a._raw) is np.ndarray
        assert repr(s) == repr(a) and str(s) == str(a)
        assert float(s) == float(a) and s.item() == a.item() and s.tolist() == a.tolist()
        assert s.shape == a.shape and s.stride() == a.stride() and s.numel() == a.numel()
        assert s.element_size() == a.element_size() and s.is_contiguous()
        assert bool(s) and int(s) == 2 and format(s, ".2f") == "2.50"
        assert torch.equal(s, a) and s.dtype is a.dtype


def test_pickle_copy_and_deepcopy():
    import copy
    import pickle
    s = torch.tensor(1.5) * 2
    for other in (pickle.loads(pickle.dumps(s)), copy.deepcopy(s), s.clone()):
        assert other.item() == 3.0 and other.data_ptr() != s.data_ptr()


@pytest.mark.skipif(not __import__("importlib").util.find_spec("torch"),
                    reason="needs PyTorch as the oracle")
def test_against_torch_values_and_grads():
    import torch as real
    for dtype, rdtype in zip(DTYPES, (real.float16, real.float32, real.float64)):
        ws = [0.5, -1.25, 3.0]
        ours = [torch.tensor(w, dtype=dtype, requires_grad=True) for w in ws]
        theirs = [real.tensor(w, dtype=rdtype, requires_grad=True) for w in ws]
        results = []
        for ts in (ours, theirs):
            s = ts[0] * 0.1
            for t in ts[1:]:
                s = s + t * t / 3 - 0.25 * t
            s.backward()
            results.append(s)
        assert type(results[0]._raw) is dtype.np.type  # computed on scalars all the way
        assert repr(results[0]) == repr(results[1])
        for o, t in zip(ours, theirs):
            assert o.grad.item() == t.grad.item()
            assert repr(o.grad) == repr(t.grad)
