"""Reductions: sum, mean, max and min (with torch.return_types), var, norm, cumsum, ..."""
import builtins
import collections
import warnings

import numpy as np

from ._creation import resolve_dtype
from .._ops import reduction as R
from .._ops._table import call
from .._core._tensor import Tensor
from .._core._dims import _dims, wrap_dim
from ._out import any_dtype, matmul_dtype, safe_cast, write_out
from ._promotion import _float_input, _ternary
from ._refusals import refuse_complex
from ._registry import export
from .arithmetic import maximum, minimum


def _reduction_dtype(input, dtype):
    dt = resolve_dtype(dtype)
    if dt is not None:
        return dt.np
    return np.dtype(np.int64) if input._raw.dtype.kind in "biu" else None


# The default of ``dim``: torch records an explicit ``dim=None`` as a reduction over dims.
_ALL = type("_All", (), {"__repr__": lambda self: "None"})()


@export
def sum(input, dim=_ALL, keepdim=False, *, dtype=None, out=None):
    """Sum of all elements, or over ``dim`` (an int or a tuple of ints)."""
    # into ``out``, torch sums in out's dtype (the input cast first), unless ``dtype`` says
    np_dtype = (out._raw.dtype if dtype is None and isinstance(out, Tensor) else
                _reduction_dtype(input, dtype))
    if dim is _ALL and not keepdim:
        result = call(R.SUM, (input,), (np_dtype,))
    else:
        dims = _dims(None if dim is _ALL else dim, input.ndim)
        result = call(R.SUM_DIM, (input,), (dims or tuple(range(input.ndim)), keepdim, np_dtype))
    return result if out is None else write_out("sum", result, out, any_dtype if dtype is None
                                                else matmul_dtype, warn_first=True)


@export
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    dims = _dims(dim, input.ndim) or tuple(range(input.ndim))
    return call(R.NANSUM, (input,), (dims, keepdim, _reduction_dtype(input, dtype)))


@export
def mean(input, dim=_ALL, keepdim=False, *, dtype=None, out=None):
    """Mean of all elements, or over ``dim``; floating-point tensors only."""
    dt = resolve_dtype(dtype)
    kind = dt.np.kind if dt is not None else input._raw.dtype.kind
    if kind not in "fcV":
        name = (dt or input.dtype).legacy_type.replace("Tensor", "")
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a "
                           f"floating point or complex dtype. Got: {name}")
    np_dtype = dt.np if dt is not None else None
    if dt is None and isinstance(out, Tensor) and out._raw.dtype.kind == "f":
        np_dtype = out._raw.dtype  # torch computes in a floating out's dtype
    if dim is _ALL and not keepdim:
        result = call(R.MEAN, (input,), (np_dtype,))
    else:
        dims = _dims(None if dim is _ALL else dim, input.ndim)
        result = call(R.MEAN_DIM, (input,), (dims or tuple(range(input.ndim)), keepdim, np_dtype))
    return result if out is None else write_out("mean", result, out, safe_cast if dt is None
                                                else matmul_dtype, warn_first=True)


class _ReturnType(tuple):
    """torch.return_types.*: a named (values, indices) pair."""

    __slots__ = ()
    _name = "max"

    def __new__(cls, values, indices):
        return tuple.__new__(cls, (values, indices))

    @property
    def values(self):
        return self[0]

    @property
    def indices(self):
        return self[1]

    def __repr__(self):
        return (f"torch.return_types.{self._name}(\nvalues={self[0]!r},\n"
                f"indices={self[1]!r})")


def _return_type(name):
    return type(name, (_ReturnType,), {"__slots__": (), "_name": name,
                                       "__module__": "torch.return_types"})


_RETURN_TYPES = ("max", "min", "sort", "topk", "kthvalue", "mode", "max_out", "min_out")
return_types = export(collections.namedtuple("return_types", _RETURN_TYPES)(
    *(_return_type(n) for n in _RETURN_TYPES)), name="return_types", method=False)


def _extreme(input, dim, keepdim, other, full_op, dim_op, arg, pair, name):
    if isinstance(dim, Tensor):
        other, dim = dim, None
    if other is not None:
        return maximum(input, other) if name == "max" else minimum(input, other)
    refuse_complex(name if dim is not None else name + "_all", input)
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                               "input.numel() == 0. Specify the reduction dim with the 'dim' "
                               "argument.")
        return call(full_op, (input,))
    d = wrap_dim(dim, input.ndim)
    _nonempty_dim(input, d, name)
    indices = arg(input._data, axis=d if input.ndim else None)
    values = call(dim_op, (input,), (d, keepdim, indices))
    if keepdim and input.ndim:
        indices = np.expand_dims(indices, d)
    return pair(values, Tensor._make(np.asarray(indices, dtype=np.int64)))


@export
def max(input, dim=None, keepdim=False, *, other=None, out=None):
    """The largest element; with ``dim``, a (values, indices) pair; with a tensor, elementwise."""
    result = _extreme(input, dim, keepdim, other, R.MAX, R.MAX_DIM, np.argmax, return_types.max,
                      "max")
    return result if out is None else _write_extreme("max", result, out, return_types.max_out)


@export
def min(input, dim=None, keepdim=False, *, other=None, out=None):
    result = _extreme(input, dim, keepdim, other, R.MIN, R.MIN_DIM, np.argmin, return_types.min,
                      "min")
    return result if out is None else _write_extreme("min", result, out, return_types.min_out)


def _write_extreme(name, result, out, pair):
    """``out=``: one tensor, or with ``dim`` a (values, indices) pair of the exact dtypes."""
    if isinstance(result, Tensor):
        return write_out(name, result, out)
    values, indices = result
    error = None if values.requires_grad else matmul_dtype(indices, out[1])
    if error is not None and matmul_dtype(values, out[0]) is None:
        raise error  # before the values are written
    return pair(write_out(name, values, out[0], matmul_dtype),
                write_out(name, indices, out[1], matmul_dtype))


def _nonempty_dim(input, dim, name):
    if input.ndim and input._raw.shape[dim] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {dim} to have non-zero size.")


def _amax_dims(input, dim, name):
    dims = _dims(dim, input.ndim) or tuple(range(input.ndim))
    if not dim and dim != 0 and input.numel() == 0:
        raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() "
                           "== 0. Specify the reduction dim with the 'dim' argument.")
    for d in dims:
        _nonempty_dim(input, d, name)
    return dims


@export
def amax(input, dim=(), keepdim=False):
    refuse_complex("amax", input)
    return call(R.AMAX, (input,), (_amax_dims(input, dim, "amax"), keepdim))


@export
def amin(input, dim=(), keepdim=False):
    refuse_complex("amin", input)
    return call(R.AMIN, (input,), (_amax_dims(input, dim, "amin"), keepdim))


def _arg_extreme(arg, name):
    def fn(input, dim=None, keepdim=False, *, out=None):
        refuse_complex(name, input)
        result = indices(input, dim, keepdim)
        return result if out is None else write_out(name, result, out, matmul_dtype)

    def indices(input, dim, keepdim):
        if dim is None:
            if input.numel() == 0:
                raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                                 "input.numel() == 0.")
            return Tensor._make(np.asarray(arg(input._data), dtype=np.int64))
        d = wrap_dim(dim, input.ndim)
        _nonempty_dim(input, d, name)
        return Tensor._make(np.asarray(arg(input._data, axis=d, keepdims=keepdim), np.int64))
    fn.__name__ = name
    return fn


argmax, argmin = export(_arg_extreme(np.argmax, "argmax")), export(_arg_extreme(np.argmin, "argmin"))


@export
def prod(input, dim=None, keepdim=False, *, dtype=None):
    np_dtype = _reduction_dtype(input, dtype)
    if dim is None:
        return call(R.PROD, (input,), (None, keepdim, np_dtype))
    return call(R.PROD_DIM, (input,), (_dims(dim, input.ndim), keepdim, np_dtype))


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased in (None, True) else 0


def _var_args(input, dim, unbiased, keepdim, correction):
    if isinstance(dim, builtins.bool):  # var(True): the old positional unbiased
        dim, unbiased = None, dim
    dims = _dims(dim, input.ndim) or tuple(range(input.ndim))
    return dims, _correction(unbiased, correction), keepdim


@export
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _spread(R.VAR, "var", input, _var_args(input, dim, unbiased, keepdim, correction))


@export
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _spread(R.STD, "std", input, _var_args(input, dim, unbiased, keepdim, correction))


def _spread(op, name, input, args):
    """var or std; with no degrees of freedom left, torch's warning instead of NumPy's."""
    dims, correction, _ = args
    n = 1
    for d in dims:
        n *= input._raw.shape[d]
    if n - correction > 0:
        return call(op, (input,), args)
    warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than "
                  "the reduction factor (input numel divided by output numel).", UserWarning,
                  stacklevel=3)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Degrees of freedom", RuntimeWarning)
        return call(op, (input,), args)


@export
def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """Vector norm (2-norm by default) of all elements or over ``dim``."""
    if dim is None and p == "fro" and not keepdim and dtype is None and \
            input._raw.dtype.kind == "f":  # y.norm(): the common case, without the checks
        return call(R.NORM, (input,), (2.0, tuple(range(input._raw.ndim)), False))
    if p == "fro" or p is None:
        p = 2
    if p == "nuc":
        raise NotImplementedError("the nuclear norm is not supported by autograd_nb")
    dims = _dims(dim, input.ndim) or tuple(range(input.ndim))
    if input._raw.dtype.kind not in "fcV":
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {input.dtype.legacy_type.replace('Tensor', '')}")
    return call(R.NORM, (input,), (float(p), dims, keepdim))


@export
def dist(input, other, p=2):
    return _ternary(R.DIST, (input, other), (float(p),))


@export
def logsumexp(input, dim, keepdim=False):
    dims = _dims(dim, input.ndim) or tuple(range(input.ndim))
    return call(R.LOGSUMEXP, (_float_input(input),), (dims, keepdim))


@export
def cumsum(input, dim, *, dtype=None):
    return call(R.CUMSUM, (input,), (wrap_dim(dim, input.ndim), _reduction_dtype(input, dtype)))
