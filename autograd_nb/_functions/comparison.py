"""Comparisons, logical and bitwise ops, and tests of values: no gradients, bool results."""
import builtins

import numpy as np

from .._core import _dtype
from .._core._errors import broadcast_mismatch
from .._core._tensor import Tensor
from .._core._dims import wrap_dim
from ._out import write_out
from ._promotion import _C_TYPE, _as_operand, check_broadcast, result_np_dtype, tensor_of
from ._refusals import refuse_complex
from ._registry import export


def _compare_like(ufunc, input, other, keep_type=False):
    if not keep_type and type(other) in (int, float) and input._raw.dtype.kind == "f":
        return Tensor._make(np.asarray(ufunc(input._data, other)))  # `y.norm() < 1000`
    other_op = _as_operand(other)
    target = result_np_dtype(input, other_op)
    a = input._data if input._raw.dtype == target else input._data.astype(target)
    b = other_op._data if isinstance(other_op, Tensor) else other_op
    try:
        out = ufunc(a, b)
    except ValueError:
        raise broadcast_mismatch(input._raw.shape, np.shape(b)) from None
    out = np.asarray(out)
    if keep_type and out.dtype != target:
        out = out.astype(target)
    return Tensor._make(out)


def _comparison(ufunc, name):
    ordering = name in ("lt", "le", "gt", "ge")

    def fn(input, other, *, out=None):
        input = tensor_of(input)
        if ordering and (input._raw.dtype.kind == "c" or isinstance(other, Tensor)):
            refuse_complex(name, input, other)
        result = _compare_like(ufunc, input, other)
        return result if out is None else write_out(name, result, out)
    fn.__name__ = name
    return fn


eq, ne, lt, le, gt, ge = (export(_comparison(f, n), inplace=True) for f, n in (
    (np.equal, "eq"), (np.not_equal, "ne"), (np.less, "lt"), (np.less_equal, "le"),
    (np.greater, "gt"), (np.greater_equal, "ge")))
greater, greater_equal, less, less_equal, not_equal = (export(f, name=n, inplace=True) for f, n in (
    (gt, "greater"), (ge, "greater_equal"), (lt, "less"), (le, "less_equal"), (ne, "not_equal")))


def _logical(ufunc, name):
    def fn(input, other):
        return Tensor._make(np.asarray(ufunc(input._data, _as_array(other))))
    fn.__name__ = name
    return fn


logical_and, logical_or, logical_xor = (export(_logical(f, n), inplace=True) for f, n in (
    (np.logical_and, "logical_and"), (np.logical_or, "logical_or"),
    (np.logical_xor, "logical_xor")))


@export(inplace=True)
def logical_not(input):
    return Tensor._make(np.asarray(np.logical_not(input._data)))


def _bitwise(ufunc, name):
    def fn(input, other):
        other = _as_operand(other)
        if isinstance(other, Tensor) and other._raw.shape != input._raw.shape:
            check_broadcast(input._raw.shape, other._raw.shape)  # torch checks shapes first
        _integral_only(name, result_np_dtype(input, other))
        return _compare_like(ufunc, input, other, keep_type=True)
    fn.__name__ = name
    return fn


def _integral_only(name, np_dtype):
    if np_dtype.kind not in "biu":
        raise NotImplementedError(f'"{name}_cpu" not implemented for '
                                  f"'{_C_TYPE[_dtype.from_numpy_dtype(np_dtype).name]}'")


bitwise_and, bitwise_or, bitwise_xor = (export(_bitwise(f, n), inplace=True) for f, n in (
    (np.bitwise_and, "bitwise_and"), (np.bitwise_or, "bitwise_or"),
    (np.bitwise_xor, "bitwise_xor")))


@export(inplace=True)
def bitwise_not(input):
    _integral_only("bitwise_not", input._raw.dtype)
    return Tensor._make(np.asarray(np.invert(input._data)))


def _invert(input):
    if input._raw.dtype.kind not in "biu":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                        "tensors")
    return bitwise_not(input)


def _as_array(x):
    return x._data if isinstance(x, Tensor) else np.asarray(x)


@export
def equal(input, other):
    return input.shape == other.shape and builtins.bool(np.array_equal(input._data, other._data))


@export
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return builtins.bool(np.allclose(input._data, other._data, rtol, atol, equal_nan))


@export
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return Tensor._make(np.asarray(np.isclose(input._data, _as_array(other), rtol, atol,
                                              equal_nan)))


@export
def isnan(input):
    return Tensor._make(np.asarray(np.isnan(input._data)))


@export
def isinf(input):
    return Tensor._make(np.asarray(np.isinf(input._data)))


@export
def isfinite(input):
    return Tensor._make(np.asarray(np.isfinite(input._data)))


@export
def all(input, dim=None, keepdim=False):
    if dim is None:
        return Tensor._make(np.asarray(np.all(input._data)))
    return Tensor._make(np.asarray(np.all(input._data, axis=wrap_dim(dim, input.ndim),
                                          keepdims=keepdim)))


@export
def any(input, dim=None, keepdim=False):
    if dim is None:
        return Tensor._make(np.asarray(np.any(input._data)))
    return Tensor._make(np.asarray(np.any(input._data, axis=wrap_dim(dim, input.ndim),
                                          keepdims=keepdim)))


@export
def nonzero(input, *, as_tuple=False):
    idx = np.nonzero(input._data)
    if as_tuple:
        return tuple(Tensor._make(i.astype(np.int64)) for i in idx)
    return Tensor._make(np.stack(idx, axis=1).astype(np.int64) if idx else
                        np.zeros((0, 0), np.int64))


@export
def count_nonzero(input, dim=None):
    if dim is not None:   # torch's IndexError for a dim out of range
        dim = tuple(wrap_dim(d, input.ndim) for d in dim) if isinstance(dim, (tuple, list)) \
            else wrap_dim(dim, input.ndim)
    return Tensor._make(np.asarray(np.count_nonzero(input._data, axis=dim), dtype=np.int64))
