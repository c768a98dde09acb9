"""0-d tensors compute with NumPy's scalar math (``binary``'s fast path, and the values nodes
save for the backward pass): the results must be the ufuncs' bits, of the same dtype, in every
float dtype, special values included, and the gradients the same as through 1-element arrays."""
import warnings

import numpy as np
import pytest

import autograd_nb as torch
from autograd_nb._ops._table import _SCALAR_MATH

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, 3.0, 1e-8, -1e-8, 1e4, 6.5e4, 1e38, -1e38, 1e300, 5e-324,
           1e-45, np.inf, -np.inf, np.nan, 1 / 3, 2 / 3, 0.1, 7.0]


def _pairs(dtype, n=3000, seed=0):
    rng = np.random.default_rng(seed)
    special = np.array(SPECIAL, dtype=np.float64)
    with np.errstate(all="ignore"):
        randoms = [rng.standard_normal(n) * 10.0 ** rng.integers(-6, 6, n),
                   rng.uniform(-2, 2, n), rng.standard_normal(n) * np.finfo(dtype).max / 4]
        values = np.concatenate([special] + randoms).astype(dtype)
    a = np.concatenate([np.repeat(values[:len(special)], len(special)), values])
    b = np.concatenate([np.tile(values[:len(special)], len(special)), rng.permutation(values)])
    return a, b


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("ufunc", list(_SCALAR_MATH), ids=lambda u: u.__name__)
def test_scalar_math_gives_the_ufuncs_bits(dtype, ufunc):
    operator = _SCALAR_MATH[ufunc]
    a, b = _pairs(dtype)
    with np.errstate(all="ignore"):
        for x, y in zip(a, b):
            want = ufunc(np.asarray(x), np.asarray(y))
            got = operator(x, y)
            assert type(got) is type(want) and got.dtype == want.dtype
            assert got.tobytes() == want.tobytes() or (np.isnan(got) and np.isnan(want)), \
                (ufunc.__name__, x, y, got, want)


@pytest.mark.parametrize("dtype", [torch.float16, torch.float32, torch.float64])
def test_zero_d_results_and_gradients_match_one_element_arrays(dtype):
    rng = np.random.default_rng(1)
    values = rng.standard_normal(40).tolist() + [0.0, -0.0, 1e30, -1e30, 3.0]
    for i in range(0, len(values) - 2):
        p, q, r = values[i:i + 3]
        outs, grads = [], []
        for shape in [(), (1,)]:
            x = torch.tensor(p, dtype=dtype).reshape(shape).requires_grad_()
            y = torch.tensor(q, dtype=dtype).reshape(shape).requires_grad_()
            z = ((x * y + x) - y / (x + r) * 0.5 - 2) * x
            z.sum().backward()
            outs.append(z.detach().numpy().reshape(()).tobytes())
            grads.append((x.grad.numpy().reshape(()).tobytes(), y.grad.numpy().reshape(()).tobytes()))
            assert z.dtype == dtype and x.grad.dtype == dtype and z.shape == shape
        assert outs[0] == outs[1] and grads[0] == grads[1], (p, q, r)


def test_zero_d_results_are_arrays_and_quiet():
    x = torch.tensor(1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = x / 0.0
        z = -x / torch.tensor(0.0)
    assert float(y) == np.inf and float(z) == -np.inf
    for t in (x + x, x * 2, x - 1, x / 3):
        assert type(t._data) is np.ndarray and t._data.shape == ()
    w = torch.tensor(2.0, requires_grad=True)
    (w * torch.tensor(3.0)).backward()
    assert type(w.grad._data) is np.ndarray and w.grad.item() == 3.0


def test_norm_root_of_a_scalar_is_np_sqrt():
    """reduction._root: a float scalar's root through math.sqrt, rounded to its type, is
    np.sqrt's correctly rounded root: every float16, random float32 and float64 values."""
    from autograd_nb._ops.reduction import _root
    rng = np.random.default_rng(3)
    halves = np.arange(2 ** 16, dtype=np.uint16).view(np.float16)
    singles = rng.integers(0, 0x7F800001, 20_000, dtype=np.uint32).view(np.float32)
    doubles = rng.integers(0, 0x7FF0000000000001, 20_000, dtype=np.uint64).view(np.float64)
    for values in (halves[~np.isnan(halves) & (halves >= 0)], singles, doubles):
        for v in values:
            root = _root(v)
            assert type(root) is type(v) and root.tobytes() == np.sqrt(v).tobytes(), v
    for special in (np.float32(0.0), np.float32(-0.0), np.float32(np.inf), np.float32(np.nan)):
        assert np.sqrt(special).tobytes() == _root(special).tobytes()
    assert type(_root(np.array(4.0))) is np.float64  # an array: np.sqrt
