"""torch's functions and Tensor methods over the op tables.

Here live argument handling (torch's signatures and defaults), type promotion, dim checks and
torch's error messages; the math and the gradients are in ``_ops``. Every function takes the
tensor first, so it also serves as the Tensor method of the same name (attached at the end).
"""
import builtins
import collections
import numbers
import warnings

import numpy as np

from . import _dtype, _grad_mode
from ._creation import LEGACY_TYPES, check_device, resolve_dtype
from ._errors import LEAF_INPLACE, broadcast_mismatch, dim_out_of_range
from ._ops import activation as A, linalg as L, pointwise as P, reduction as R, shape as S
from ._ops._table import binary, call, scalar_array, unary
from ._tensor import Tensor

_Number = (numbers.Number, np.generic)
_FLOAT32 = np.dtype(np.float32)


# -- type promotion ----------------------------------------------------------------------------
def _promote(a, b):
    """torch.promote_types on NumPy dtypes: floats win, then the usual integer lattice."""
    if a == b:
        return a
    if a.kind == "f" or b.kind == "f":
        floats = [d for d in (a, b) if d.kind == "f"]
        return builtins.max(floats, key=lambda d: d.itemsize)
    if a.kind == "b":
        return b
    if b.kind == "b":
        return a
    return np.promote_types(a, b)


def _scalar_np_dtype(value):
    if isinstance(value, (builtins.bool, np.bool_)):
        return np.dtype(np.bool_)
    if isinstance(value, numbers.Integral):
        return np.dtype(np.int64)
    if isinstance(value, numbers.Real):
        return _FLOAT32  # the default dtype
    raise TypeError(f"unsupported operand type: {type(value).__name__}")


def _combine(higher, lower):
    if higher is None:
        return lower
    if lower is None or higher.kind == "f":
        return higher
    if higher.kind == "b" or lower.kind == "f":
        return _promote(higher, lower)
    return higher


def result_np_dtype(*operands):
    """torch's result type: dimensioned tensors outrank 0-d tensors, which outrank Python
    numbers, except that a higher category (bool < int < float) always wins."""
    dims = zero = wrapped = None
    for x in operands:
        if isinstance(x, Tensor):
            d = x._data.dtype
            if x._data.ndim:
                dims = d if dims is None else _promote(dims, d)
            else:
                zero = d if zero is None else _promote(zero, d)
        else:
            d = _scalar_np_dtype(x)
            wrapped = d if wrapped is None else _promote(wrapped, d)
    return _combine(dims, _combine(zero, wrapped))


def result_type(tensor1, tensor2):
    return _dtype.from_numpy_dtype(result_np_dtype(tensor1, tensor2))


def promote_types(type1, type2):
    return _dtype.from_numpy_dtype(_promote(type1.np, type2.np))


def can_cast(from_, to):
    order = {"b": 0, "u": 1, "i": 1, "f": 2}
    return order[from_.np.kind] <= order[to.np.kind]


def _as_operand(x, name=None):
    if isinstance(x, Tensor):
        return x
    if isinstance(x, _Number):
        return x.item() if isinstance(x, np.generic) else x
    if isinstance(x, np.ndarray):
        return Tensor._make(x)
    if name is None:
        raise _UnsupportedOperand(f"unsupported operand type(s): 'Tensor' and "
                                  f"'{type(x).__name__}'")
    raise _UnsupportedOperand(f"{name}(): argument 'other' (position 2) must be Tensor, not "
                              f"{type(x).__name__}")


class _UnsupportedOperand(TypeError):
    """An operand torch does not take; the Python operators turn it into NotImplemented, so
    that Python raises its own error (``unsupported operand type(s) for +``) or falls back
    (``x == None`` is False). Called directly, functions raise it: it shows as a TypeError."""


_UnsupportedOperand.__module__ = "builtins"
_UnsupportedOperand.__name__ = _UnsupportedOperand.__qualname__ = "TypeError"


def _or_not_implemented(fn):
    def method(self, other):
        try:
            return fn(self, other)
        except _UnsupportedOperand:
            return NotImplemented
    method.__name__ = fn.__name__
    return method


def _binary(op, a, b, params=(), floating=False):
    """Run a broadcasting binary op with torch's type promotion; ``a`` is a Tensor."""
    ad = a._data.dtype
    kind = ad.kind
    scalar = not isinstance(b, Tensor)
    # Fast paths, the common cases of small notebooks: same dtypes, or a Python number that
    # does not change the tensor's dtype (float with a float tensor, int with int or float).
    if not scalar and b._data.dtype == ad:
        cast = None
    elif scalar and (type(b) is float and kind == "f" or type(b) is int and kind in "fiu"):
        cast = None
    else:
        b = _as_operand(b, op.name)
        scalar = not isinstance(b, Tensor)
        target = result_np_dtype(a, b)
        cast = None if target == ad and (scalar or b._data.dtype == ad) else target
    if floating and kind in "biu" and (cast is None or cast.kind in "biu"):
        cast = _FLOAT32
    try:
        return call(op, (a, b), params, scalar, cast)
    except ValueError:
        if not scalar:
            try:
                np.broadcast_shapes(a._data.shape, b._data.shape)
            except ValueError:
                raise broadcast_mismatch(a._data.shape, b._data.shape) from None
        raise


def _float_input(x):
    """Functions defined only for floats (exp, sin, ...) take ints as float32, as torch does."""
    if isinstance(x, Tensor):
        return x if x._data.dtype.kind in "fc" else x.to(_dtype.float32)
    return tensor_of(x)


def tensor_of(x):
    if isinstance(x, Tensor):
        return x
    from ._creation import tensor
    return tensor(x)


# -- arithmetic -------------------------------------------------------------------------------
def add(input, other, *, alpha=1, out=None):
    """input + alpha * other, broadcasting."""
    input = tensor_of(input)
    return _binary(P.ADD, input, other, (alpha,))


def sub(input, other, *, alpha=1, out=None):
    input = tensor_of(input)
    if input._data.dtype == np.bool_ or isinstance(other, builtins.bool) or \
            isinstance(other, Tensor) and other._data.dtype == np.bool_:
        _refuse_bool_sub(input, other)
    return _binary(P.SUB, input, other, (alpha,))


def _refuse_bool_sub(input, other):
    if input._data.dtype == np.bool_ and isinstance(other, Tensor) and \
            other._data.dtype == np.bool_:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If "
                       "you are trying to invert a mask, use the `~` or `logical_not()` operator "
                       "instead.")


subtract = sub


def rsub(input, other, *, alpha=1):
    """other - alpha * input, for a Python number ``other`` (``2 - x``)."""
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    other = _as_operand(other)
    if input._data.dtype == np.bool_ or isinstance(other, builtins.bool):
        _refuse_bool_sub(input, other)
    return _binary_rscalar(P.RSUB, input, other, (other, alpha))


def _binary_rscalar(op, input, number, params):
    target = result_np_dtype(input, number)
    return call(op, (input,), params, cast=None if target == input._data.dtype else target)


def mul(input, other, *, out=None):
    return _binary(P.MUL, tensor_of(input), other)


multiply = mul


def div(input, other, *, rounding_mode=None, out=None):
    """True division (ints give float32), or floor/trunc division with ``rounding_mode``."""
    input = tensor_of(input)
    if rounding_mode is not None:
        if rounding_mode not in ("floor", "trunc"):
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                               f"but found '{rounding_mode}'")
        _check_int_divisor(input, other)
        return _binary(P.DIV_ROUNDING, input, other, (rounding_mode,))
    return _binary(P.DIV, input, other, floating=True)


divide = true_divide = div


def rdiv(input, number):
    """``2 / x`` is computed as ``x.reciprocal() * 2``, as torch does (MulBackward0)."""
    return mul(reciprocal(input), number)


def _check_int_divisor(input, other):
    """Integer division by zero is an error in torch (NumPy would give 0 and warn)."""
    other = _as_operand(other)
    b = other._data if isinstance(other, Tensor) else np.asarray(other)
    if result_np_dtype(input, other).kind in "biu" and not np.all(b):
        raise RuntimeError("ZeroDivisionError")


def floor_divide(input, other):
    input = tensor_of(input)
    _check_int_divisor(input, other)
    other = _as_operand(other)
    if isinstance(other, Tensor):
        return _binary(P.FLOOR_DIVIDE, input, other)
    return _binary_rscalar(P.FLOOR_DIVIDE_SCALAR, input, other, (other,))


def _modulo(scalar_op, tensor_op):
    def fn(input, other):
        if not isinstance(input, Tensor):
            return _rremainder(other, input)
        _check_int_divisor(input, other)
        other = _as_operand(other)
        if isinstance(other, Tensor):
            return _binary(tensor_op, input, other)
        return _binary_rscalar(scalar_op, input, other, (other,))
    fn.__name__ = scalar_op.name
    return fn


remainder = _modulo(P.REMAINDER, P.REMAINDER_TENSOR)
fmod = _modulo(P.FMOD, P.FMOD_TENSOR)


def _rremainder(input, number):
    """``3 % x``: recorded, with no derivative, as in torch."""
    _check_int_divisor(tensor_of(number), input)
    return _binary_rscalar(P.RREMAINDER, input, _as_operand(number), (number,))


def neg(input):
    if input._data.dtype == np.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you "
                           "are trying to invert a mask, use the `~` or `logical_not()` operator "
                           "instead.")
    return call(P.NEG, (input,))


negative = neg


def pow(input, exponent):
    """input ** exponent; either may be a number."""
    if not isinstance(input, Tensor):
        return _rpow(exponent, input)
    exponent = _as_operand(exponent)
    if isinstance(exponent, Tensor):
        return _binary(P.POW_TENSOR, input, exponent)
    if input._data.dtype.kind in "biu" and isinstance(exponent, numbers.Integral) and \
            exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    return _binary_rscalar(P.POW, input, exponent, (exponent,))


def _rpow(exponent, base):
    target = result_np_dtype(exponent, base)
    return call(P.RPOW, (exponent,), (base,),
                cast=None if target == exponent._data.dtype else target)


def square(input):
    return pow(input, 2)


def float_power(input, exponent):
    return pow(input.double(), exponent)


def _unary(op):
    def fn(input, *, out=None):
        if isinstance(input, Tensor) and input._data.dtype.kind == "f":
            return unary(op, input)
        return call(op, (_float_input(input),))
    fn.__name__ = op.name
    fn.__doc__ = f"Elementwise {op.name}; integer inputs compute in float32, as in torch."
    return fn


exp, log, log2, log10, log1p, expm1 = (_unary(op) for op in (P.EXP, P.LOG, P.LOG2, P.LOG10,
                                                              P.LOG1P, P.EXPM1))
sqrt, rsqrt, sin, cos, tan, tanh = (_unary(op) for op in (P.SQRT, P.RSQRT, P.SIN, P.COS, P.TAN,
                                                           P.TANH))
sinh, cosh, asin, acos, atan, sigmoid = (_unary(op) for op in (P.SINH, P.COSH, P.ASIN, P.ACOS,
                                                                P.ATAN, P.SIGMOID))
reciprocal, erf = _unary(P.RECIPROCAL), _unary(A.ERF)
arcsin, arccos, arctan = asin, acos, atan


def _same_type_unary(op):
    def fn(input, *, out=None):
        return call(op, (input,))
    fn.__name__ = op.name
    return fn


abs, sign, floor, ceil, trunc, frac, relu = (_same_type_unary(op) for op in (
    P.ABS, P.SIGN, P.FLOOR, P.CEIL, P.TRUNC, P.FRAC, P.RELU))
absolute, fix = abs, trunc


def round(input, *, decimals=0):
    if decimals:
        return call(P.ROUND_DECIMALS, (input,), (decimals,))
    return call(P.ROUND, (input,))


def clamp(input, min=None, max=None, *, out=None):
    """Limit values to [min, max]; either bound may be None."""
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        bounds = [tensor_of(b) if b is not None else None for b in (min, max)]
        target = result_np_dtype(input, *[b for b in bounds if b is not None])
        cast = None if builtins.all(t is None or t._data.dtype == target
                                    for t in (input, *bounds)) else target
        return call(P.CLAMP_TENSOR, (input, *bounds), cast=cast)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    bounds = [b for b in (min, max) if b is not None]
    target = result_np_dtype(input, *bounds)
    cast = None if target == input._data.dtype else target
    if max is None:
        return call(P.CLAMP_MIN, (input,), (min,), cast=cast)
    if min is None:
        return call(P.CLAMP_MAX, (input,), (max,), cast=cast)
    return call(P.CLAMP, (input,), (min, max), cast=cast)


clip = clamp


def clamp_min(input, min):
    if isinstance(min, Tensor):
        return clamp(input, min=min)
    target = result_np_dtype(input, min)
    return call(P.CLAMP_MIN_FN, (input,), (min,),
                cast=None if target == input._data.dtype else target)


def clamp_max(input, max):
    if isinstance(max, Tensor):
        return clamp(input, max=max)
    target = result_np_dtype(input, max)
    return call(P.CLAMP_MAX_FN, (input,), (max,),
                cast=None if target == input._data.dtype else target)


def maximum(input, other):
    return _binary(P.MAXIMUM, input, tensor_of(other))


def minimum(input, other):
    return _binary(P.MINIMUM, input, tensor_of(other))


def where(condition, input=None, other=None):
    """Elements of ``input`` where ``condition`` holds, else of ``other`` (either may be a number)."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {_C_TYPE[_dtype.from_numpy_dtype(cond.dtype).name]}")
    a = input if isinstance(input, Tensor) else None
    b = other if isinstance(other, Tensor) else None
    if a is None and b is None:
        target = result_np_dtype(_as_operand(input), _as_operand(other))
        a = Tensor._make(np.asarray(input, target))
        b = Tensor._make(np.asarray(other, target))
    elif a is None:
        a = Tensor._make(np.asarray(input, result_np_dtype(b, _as_operand(input))))
    elif b is None:
        b = Tensor._make(np.asarray(other, result_np_dtype(a, _as_operand(other))))
    target = result_np_dtype(a, b)
    cast = None if a._data.dtype == b._data.dtype == target else target
    return call(P.WHERE, (a, b), (cond,), cast=cast)


def lerp(input, end, weight):
    for name, t in (("end", end), ("weight", weight)):  # (a 0-d weight is computed in input's)
        if isinstance(t, Tensor) and t._data.dtype != input._data.dtype and (
                name == "end" or t.ndim):
            raise RuntimeError(f"expected dtype {_CPP_TYPE[input.dtype.name]} for `{name}` but "
                               f"got dtype {_CPP_TYPE[t.dtype.name]}")
    if isinstance(weight, Tensor):
        return _ternary(P.LERP_TENSOR, (input, end, weight))
    return _ternary(P.LERP, (input, end), (weight,))


def addcmul(input, tensor1, tensor2, *, value=1):
    return _ternary(P.ADDCMUL, (input, tensor1, tensor2), (value,))


def addcdiv(input, tensor1, tensor2, *, value=1):
    return _ternary(P.ADDCDIV, (input, tensor1, tensor2), (value,))


def _ternary(op, tensors, params=()):
    """An op of several broadcasting tensors, computed in their promoted dtype."""
    target = result_np_dtype(*tensors)
    cast = None if builtins.all(t._data.dtype == target for t in tensors) else target
    try:
        return call(op, tensors, params, cast=cast)
    except ValueError:
        np.broadcast_shapes(*(t._data.shape for t in tensors))
        raise


# -- comparisons and logic: no gradients, bool results -------------------------------------
def _compare_like(ufunc, input, other, keep_type=False):
    if not keep_type and type(other) in (int, float) and input._data.dtype.kind == "f":
        return Tensor._make(np.asarray(ufunc(input._data, other)))  # `y.norm() < 1000`
    other_op = _as_operand(other)
    target = result_np_dtype(input, other_op)
    a = input._data if input._data.dtype == target else input._data.astype(target)
    b = other_op._data if isinstance(other_op, Tensor) else other_op
    try:
        out = ufunc(a, b)
    except ValueError:
        raise broadcast_mismatch(input._data.shape, np.shape(b)) from None
    out = np.asarray(out)
    if keep_type and out.dtype != target:
        out = out.astype(target)
    return Tensor._make(out)


def _comparison(ufunc, name):
    def fn(input, other, *, out=None):
        return _compare_like(ufunc, tensor_of(input), other)
    fn.__name__ = name
    return fn


eq, ne, lt, le, gt, ge = (_comparison(f, n) for f, n in (
    (np.equal, "eq"), (np.not_equal, "ne"), (np.less, "lt"), (np.less_equal, "le"),
    (np.greater, "gt"), (np.greater_equal, "ge")))
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def _logical(ufunc, name):
    def fn(input, other):
        return Tensor._make(np.asarray(ufunc(input._data, _as_array(other))))
    fn.__name__ = name
    return fn


logical_and, logical_or, logical_xor = (_logical(f, n) for f, n in (
    (np.logical_and, "logical_and"), (np.logical_or, "logical_or"),
    (np.logical_xor, "logical_xor")))


def logical_not(input):
    return Tensor._make(np.asarray(np.logical_not(input._data)))


def _bitwise(ufunc, name):
    def fn(input, other):
        other = _as_operand(other)
        _integral_only(name, result_np_dtype(input, other))
        return _compare_like(ufunc, input, other, keep_type=True)
    fn.__name__ = name
    return fn


def _integral_only(name, np_dtype):
    if np_dtype.kind not in "biu":
        raise NotImplementedError(f'"{name}_cpu" not implemented for '
                                  f"'{_C_TYPE[_dtype.from_numpy_dtype(np_dtype).name]}'")


bitwise_and, bitwise_or, bitwise_xor = (_bitwise(f, n) for f, n in (
    (np.bitwise_and, "bitwise_and"), (np.bitwise_or, "bitwise_or"),
    (np.bitwise_xor, "bitwise_xor")))


def bitwise_not(input):
    _integral_only("bitwise_not", input._data.dtype)
    return Tensor._make(np.asarray(np.invert(input._data)))


def _invert(input):
    if input._data.dtype.kind not in "biu":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                        "tensors")
    return bitwise_not(input)


def _as_array(x):
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def equal(input, other):
    return input.shape == other.shape and builtins.bool(np.array_equal(input._data, other._data))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return builtins.bool(np.allclose(input._data, other._data, rtol, atol, equal_nan))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return Tensor._make(np.asarray(np.isclose(input._data, _as_array(other), rtol, atol,
                                              equal_nan)))


def isnan(input):
    return Tensor._make(np.asarray(np.isnan(input._data)))


def isinf(input):
    return Tensor._make(np.asarray(np.isinf(input._data)))


def isfinite(input):
    return Tensor._make(np.asarray(np.isfinite(input._data)))


def all(input, dim=None, keepdim=False):
    if dim is None:
        return Tensor._make(np.asarray(np.all(input._data)))
    return Tensor._make(np.asarray(np.all(input._data, axis=wrap_dim(dim, input.ndim),
                                          keepdims=keepdim)))


def any(input, dim=None, keepdim=False):
    if dim is None:
        return Tensor._make(np.asarray(np.any(input._data)))
    return Tensor._make(np.asarray(np.any(input._data, axis=wrap_dim(dim, input.ndim),
                                          keepdims=keepdim)))


def nonzero(input, *, as_tuple=False):
    idx = np.nonzero(input._data)
    if as_tuple:
        return tuple(Tensor._make(i.astype(np.int64)) for i in idx)
    return Tensor._make(np.stack(idx, axis=1).astype(np.int64) if idx else
                        np.zeros((0, 0), np.int64))


def count_nonzero(input, dim=None):
    return Tensor._make(np.asarray(np.count_nonzero(input._data, axis=dim), dtype=np.int64))


# -- dims ---------------------------------------------------------------------------------
def wrap_dim(dim, ndim):
    """A dim in [-ndim, ndim) as a non-negative int, with torch's IndexError otherwise."""
    if isinstance(dim, Tensor):
        dim = int(dim)
    if not isinstance(dim, numbers.Integral) or isinstance(dim, builtins.bool):
        raise TypeError(f"dim must be an int, not {type(dim).__name__}")
    n = ndim if ndim > 0 else 1
    if not -n <= dim < n:
        raise dim_out_of_range(dim, ndim)
    return dim + n if dim < 0 else dim


def _dims(dim, ndim):
    """``dim`` as a sorted tuple of distinct non-negative dims; None and () mean all. A 0-d
    tensor's dim 0 (or -1) gives (): NumPy has no axis to reduce there."""
    if dim is None:
        return None
    if isinstance(dim, (tuple, list)):
        dims = tuple(sorted(wrap_dim(d, ndim) for d in dim))
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
        if not dims:
            return None
    else:
        dims = (wrap_dim(dim, ndim),)
    return dims if ndim else ()


def _reduction_dtype(input, dtype):
    dt = resolve_dtype(dtype)
    if dt is not None:
        return dt.np
    return np.dtype(np.int64) if input._data.dtype.kind in "biu" else None


# -- reductions ---------------------------------------------------------------------------
def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Sum of all elements, or over ``dim`` (an int or a tuple of ints)."""
    np_dtype = _reduction_dtype(input, dtype)
    if dim is None and not keepdim:
        return call(R.SUM, (input,), (np_dtype,))
    dims = _dims(dim, input.ndim)
    return call(R.SUM_DIM, (input,), (dims or tuple(range(input.ndim)), keepdim, np_dtype))


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    dims = _dims(dim, input.ndim) or tuple(range(input.ndim))
    return call(R.NANSUM, (input,), (dims, keepdim, _reduction_dtype(input, dtype)))


def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Mean of all elements, or over ``dim``; floating-point tensors only."""
    dt = resolve_dtype(dtype)
    kind = dt.np.kind if dt is not None else input._data.dtype.kind
    if kind not in "fc":
        name = (dt or input.dtype).legacy_type.replace("Tensor", "")
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a "
                           f"floating point or complex dtype. Got: {name}")
    np_dtype = dt.np if dt is not None else None
    if dim is None and not keepdim:
        return call(R.MEAN, (input,), (np_dtype,))
    dims = _dims(dim, input.ndim)
    return call(R.MEAN_DIM, (input,), (dims or tuple(range(input.ndim)), keepdim, np_dtype))


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


return_types = collections.namedtuple("return_types", "max min sort topk kthvalue mode")(
    *(_return_type(n) for n in ("max", "min", "sort", "topk", "kthvalue", "mode")))


def _extreme(input, dim, keepdim, other, full_op, dim_op, arg, pair, name):
    if isinstance(dim, Tensor):
        other, dim = dim, None
    if other is not None:
        return maximum(input, other) if name == "max" else minimum(input, other)
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


def max(input, dim=None, keepdim=False, *, other=None, out=None):
    """The largest element; with ``dim``, a (values, indices) pair; with a tensor, elementwise."""
    return _extreme(input, dim, keepdim, other, R.MAX, R.MAX_DIM, np.argmax, return_types.max,
                    "max")


def min(input, dim=None, keepdim=False, *, other=None, out=None):
    return _extreme(input, dim, keepdim, other, R.MIN, R.MIN_DIM, np.argmin, return_types.min,
                    "min")


def _nonempty_dim(input, dim, name):
    if input.ndim and input._data.shape[dim] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {dim} to have non-zero size.")


def _amax_dims(input, dim, name):
    dims = _dims(dim, input.ndim) or tuple(range(input.ndim))
    if not dim and dim != 0 and input.numel() == 0:
        raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() "
                           "== 0. Specify the reduction dim with the 'dim' argument.")
    for d in dims:
        _nonempty_dim(input, d, name)
    return dims


def amax(input, dim=(), keepdim=False):
    return call(R.AMAX, (input,), (_amax_dims(input, dim, "amax"), keepdim))


def amin(input, dim=(), keepdim=False):
    return call(R.AMIN, (input,), (_amax_dims(input, dim, "amin"), keepdim))


def _arg_extreme(arg, name):
    def fn(input, dim=None, keepdim=False):
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


argmax, argmin = _arg_extreme(np.argmax, "argmax"), _arg_extreme(np.argmin, "argmin")


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


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return call(R.VAR, (input,), _var_args(input, dim, unbiased, keepdim, correction))


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return call(R.STD, (input,), _var_args(input, dim, unbiased, keepdim, correction))


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """Vector norm (2-norm by default) of all elements or over ``dim``."""
    if dim is None and p == "fro" and not keepdim and dtype is None and \
            input._data.dtype.kind == "f":  # y.norm(): the common case, without the checks
        return call(R.NORM, (input,), (2.0, tuple(range(input._data.ndim)), False))
    if p == "fro" or p is None:
        p = 2
    if p == "nuc":
        raise NotImplementedError("the nuclear norm is not supported by autograd_nb")
    dims = _dims(dim, input.ndim) or tuple(range(input.ndim))
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {input.dtype.legacy_type.replace('Tensor', '')}")
    return call(R.NORM, (input,), (float(p), dims, keepdim))


def dist(input, other, p=2):
    return _ternary(R.DIST, (input, other), (float(p),))


def logsumexp(input, dim, keepdim=False):
    dims = _dims(dim, input.ndim) or tuple(range(input.ndim))
    return call(R.LOGSUMEXP, (_float_input(input),), (dims, keepdim))


def cumsum(input, dim, *, dtype=None):
    return call(R.CUMSUM, (input,), (wrap_dim(dim, input.ndim), _reduction_dtype(input, dtype)))


# -- matrix products --------------------------------------------------------------------------
_C_TYPE = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long",
           "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}


def _same_dtype(a, b, what):
    if a._data.dtype != b._data.dtype:
        ta, tb = _C_TYPE[a.dtype.name], _C_TYPE[b.dtype.name]
        if what == "dot":
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {ta} "
                               f"and {tb}")
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{ta.lower() if ta != 'Float' else 'float'} != "
                           f"{tb.lower() if tb != 'Float' else 'float'}")


def mm(input, mat2):
    """Matrix product of two 2-D tensors."""
    if input.ndim != 2 or mat2.ndim != 2:
        bad = input if input.ndim != 2 else mat2
        raise RuntimeError(f"{'self' if bad is input else 'mat2'} must be a matrix")
    if input.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({input.shape[0]}x"
                           f"{input.shape[1]} and {mat2.shape[0]}x{mat2.shape[1]})")
    _same_dtype(input, mat2, "mm")
    return call(L.MM, (input, mat2), (_transposed(mat2),))


def mv(input, vec):
    if input.ndim != 2 or vec.ndim != 1 or input.shape[1] != vec.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input.shape[0] if input.ndim else 0}), "
                           f"mat ({'x'.join(map(str, input.shape))}), vec "
                           f"({'x'.join(map(str, vec.shape))})")
    _same_dtype(input, vec, "mv")
    return call(L.MV, (input, vec))


def dot(input, tensor):
    if input.ndim != 1 or tensor.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {tensor.ndim}D "
                           "tensors")
    if input.shape[0] != tensor.shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{input.shape[0]}] and src "
                           f"[{tensor.shape[0]}] to have the same number of elements, but got "
                           f"{input.shape[0]} and {tensor.shape[0]} elements respectively")
    _same_dtype(input, tensor, "dot")
    return call(L.DOT, (input, tensor))


inner = dot
vdot = dot


def bmm(input, mat2):
    if input.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor" if input.ndim != 3 else
                           "batch2 must be a 3D tensor")
    if input.shape[0] != mat2.shape[0] or input.shape[2] != mat2.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{input.shape[0]}, {input.shape[2]}] but got: [{mat2.shape[0]}, "
                           f"{mat2.shape[1]}].")
    _same_dtype(input, mat2, "bmm")
    return call(L.BMM, (input, mat2))


def matmul(input, other):
    """torch.matmul: dot, mv, mm or batched product by the operands' dims."""
    if not isinstance(other, Tensor):
        raise _UnsupportedOperand(f"matmul(): argument 'other' (position 2) must be Tensor, not "
                                  f"{type(other).__name__}")
    a, b = input.ndim, other.ndim
    if a == 0 or b == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a}D "
                           f"and {b}D")
    if a == 1 and b == 1:
        return dot(input, other)
    if a == 2 and b == 1:
        return mv(input, other)
    if a == 2 and b == 2:
        return mm(input, other)
    if a == 1 and b == 2:
        return call(S.SQUEEZE_DIMS_, (mm(input.unsqueeze(0), other),), ((0,),))
    _same_dtype(input, other, "matmul")
    left = input.unsqueeze(0) if a == 1 else input
    right = other.unsqueeze(-1) if b == 1 else other
    try:
        np.broadcast_shapes(left.shape[:-2], right.shape[:-2])
    except ValueError:
        raise broadcast_mismatch(left.shape[:-2], right.shape[:-2]) from None
    if left.shape[-1] != right.shape[-2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{left.shape[-3] if left.ndim > 2 else 1}, {left.shape[-1]}] but "
                           f"got: [{right.shape[-3] if right.ndim > 2 else 1}, "
                           f"{right.shape[-2]}].")
    out = call(L.MATMUL, (left, right))
    if a == 1:
        out = out.squeeze(-2)
    if b == 1:
        out = out.squeeze(-1)
    return out


def _as_matrix(x):
    """The left operand of ``ndarray @ tensor``; a number there is not an operand."""
    if isinstance(x, np.ndarray):
        return Tensor._make(x)
    raise _UnsupportedOperand(f"unsupported operand type(s): '{type(x).__name__}' and 'Tensor'")


def _transposed(matrix):
    """Is this 2-D tensor a transposed view (column-major)? Gradients then take its layout."""
    flags = matrix._data.flags
    return not flags.c_contiguous and flags.f_contiguous


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2), ``input`` broadcast (nn.Linear's op)."""
    if mat1.ndim != 2 or mat2.ndim != 2:
        raise RuntimeError(f"{'mat1' if mat1.ndim != 2 else 'mat2'} must be a matrix, got "
                           f"{mat1.ndim if mat1.ndim != 2 else mat2.ndim}-D tensor")
    if mat1.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({mat1.shape[0]}x"
                           f"{mat1.shape[1]} and {mat2.shape[0]}x{mat2.shape[1]})")
    _same_dtype(mat1, mat2, "addmm")
    return call(L.ADDMM, (input, mat1, mat2), (beta, alpha, _transposed(mat2)))


def outer(input, vec2):
    """Outer product of two vectors (as torch: a view and a broadcast multiply)."""
    return input.reshape(-1, 1) * vec2


ger = outer


def einsum(equation, *operands):
    raise NotImplementedError("einsum is not supported by autograd_nb yet; use matmul, mul and "
                              "sum")


# -- shapes -------------------------------------------------------------------------------
def _shape_arg(shape, what="view"):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return tuple(int(s) for s in shape)


def _infer_shape(shape, numel):
    """Resolve one -1 in ``shape``; torch's error when the sizes cannot fit ``numel``."""
    shape = list(shape)
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for i, s in enumerate(shape):
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape "
                                   f"{_list_str(shape)}")
            known *= s
    if -1 in shape:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{_list_str(shape)}' is invalid for input of size {numel}")
        shape[shape.index(-1)] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{_list_str(shape)}' is invalid for input of size {numel}")
    return tuple(shape)


def _list_str(shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"


def view(input, *shape):
    """The same data with another shape (no copy)."""
    if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
        raise NotImplementedError("view(dtype) is not supported by autograd_nb")
    return call(S.VIEW, (input,), (_infer_shape(_shape_arg(shape), input._data.size),))


def reshape(input, *shape):
    """Like ``view``, copying only when the memory layout requires it."""
    target = _infer_shape(_shape_arg(shape), input._data.size)
    try:
        return call(S.VIEW, (input,), (target,))
    except RuntimeError:
        return call(S.UNSAFE_VIEW, (contiguous(input),), (target,))


def view_as(input, other):
    return view(input, other.shape)


def reshape_as(input, other):
    return reshape(input, other.shape)


def flatten(input, start_dim=0, end_dim=-1):
    if input.ndim == 0:
        return reshape(input, 1)
    s, e = wrap_dim(start_dim, input.ndim), wrap_dim(end_dim, input.ndim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = input.shape
    return reshape(input, shape[:s] + (-1,) + shape[e + 1:])


def unflatten(input, dim, sizes):
    d = wrap_dim(dim, input.ndim)
    return view(input, input.shape[:d] + tuple(sizes) + input.shape[d + 1:])


def squeeze(input, dim=None):
    if dim is None:
        return call(S.SQUEEZE, (input,))
    if isinstance(dim, (tuple, list)):
        dims = tuple(d for d in (wrap_dim(x, input.ndim) for x in dim) if input.shape[d] == 1)
        return call(S.SQUEEZE_DIMS, (input,), (dims,))
    d = wrap_dim(dim, input.ndim)
    return call(S.SQUEEZE_DIM, (input,), ((d,) if input.ndim and input.shape[d] == 1 else (),))


def unsqueeze(input, dim):
    return call(S.UNSQUEEZE, (input,), (wrap_dim(dim, input.ndim + 1),))


def t(input):
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                           f"{input.ndim}D")
    return call(S.T, (input,))


def transpose(input, dim0, dim1):
    n = input.ndim
    return call(S.TRANSPOSE, (input,), (wrap_dim(dim0, n), wrap_dim(dim1, n)))


swapaxes = swapdims = transpose


def permute(input, *dims):
    dims = _shape_arg(dims)
    if len(dims) != input.ndim:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {input.ndim} is not equal to len(dims) = {len(dims)}")
    dims = tuple(wrap_dim(d, input.ndim) for d in dims)
    if len(set(dims)) != len(dims):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return call(S.PERMUTE, (input,), (dims,))


def _T(self):
    if self.ndim != 2:
        warnings.warn("Tensor.T is deprecated on 0-D tensors. This function is the identity in "
                      "these cases." if self.ndim == 0 else
                      "The use of `x.T` on tensors of dimension other than 2 to reverse their "
                      "shape is deprecated and it will throw an error in a future release. "
                      "Consider `x.mT` to transpose batches of matrices or "
                      "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions "
                      "of a tensor.", UserWarning, stacklevel=2)
    return permute(self, tuple(range(self.ndim - 1, -1, -1)))


def movedim(input, source, destination):
    order = list(range(input.ndim))
    s, d = wrap_dim(source, input.ndim), wrap_dim(destination, input.ndim)
    order.insert(d, order.pop(s))
    return permute(input, order)


def expand(input, *sizes):
    """A broadcast view of this tensor at ``sizes`` (-1 keeps a size)."""
    sizes = _shape_arg(sizes)
    lead = len(sizes) - input.ndim
    if lead < 0:
        raise RuntimeError(f"expand({input.type()}{{{_list_str(input.shape)}}}, size="
                           f"{_list_str(sizes)}): the number of sizes provided ({len(sizes)}) "
                           f"must be greater or equal to the number of dimensions in the tensor "
                           f"({input.ndim})")
    target = []
    for i, s in enumerate(sizes):
        own = input.shape[i - lead] if i >= lead else None
        if s == -1:
            if own is None:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a "
                                   f"leading, non-existing dimension {i}")
            s = own
        elif own is not None and own != s and own != 1:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing "
                               f"size ({own}) at non-singleton dimension {i}.  Target sizes: "
                               f"{_list_str(sizes)}.  Tensor sizes: {_list_str(input.shape)}")
        target.append(s)
    return call(S.EXPAND, (input,), (tuple(target),))


def expand_as(input, other):
    return expand(input, other.shape)


def broadcast_to(input, size):
    return expand(input, size)


def repeat(input, *sizes):
    sizes = _shape_arg(sizes)
    if len(sizes) < input.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    return call(S.REPEAT, (input,), (sizes,))


def flip(input, dims):
    dims = (dims,) if isinstance(dims, numbers.Integral) else tuple(dims)
    dims = tuple(wrap_dim(d, input.ndim) for d in dims)
    return call(S.FLIP, (input,), (dims if input.ndim else (),))  # a 0-d tensor has no axis


def contiguous(input, memory_format=None):
    return input if input._data.flags["C_CONTIGUOUS"] else call(P.CLONE, (input,), ("C",))


def clone(input, *, memory_format=None):
    return call(P.CLONE, (input,), ("K",))


def select(input, dim, index):
    d = wrap_dim(dim, input.ndim)
    size = input.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{_list_str(input.shape)} at dimension {d}")
    return call(S.SELECT, (input,), ((slice(None),) * d + (index % size,),))


def narrow(input, dim, start, length):
    d = wrap_dim(dim, input.ndim)
    start = int(start) % input.shape[d] if start < 0 else int(start)
    if start + length > input.shape[d]:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                           f"({input.shape[d]}).")
    return call(S.SLICE, (input,), ((slice(None),) * d + (slice(start, start + length),),))


def _as_index_array(index, what="index"):
    arr = index._data if isinstance(index, Tensor) else np.asarray(index)
    if arr.dtype.kind not in "iu":
        allowed = "int32 or int64" if what == "index_select" else "int32/int64"
        raise RuntimeError(f"{what}(): Expected dtype {allowed} for index")
    return arr


def index_select(input, dim, index):
    return call(S.INDEX_SELECT, (input,), (wrap_dim(dim, input.ndim),
                                           _as_index_array(index, "index_select")))


def gather(input, dim, index):
    return call(S.GATHER, (input,), (wrap_dim(dim, input.ndim), _as_index_array(index, "gather")))


def take_along_dim(input, indices, dim=None):
    """gather along ``dim`` after broadcasting input and indices in the other dims (as torch:
    the input is always expanded); without ``dim``, of the flattened input."""
    if dim is None:
        return gather(input.view(-1), 0, indices.view(-1))
    d = wrap_dim(dim, input.ndim)
    own, idx = list(input.shape), list(indices.shape)
    own[d] = idx[d] = 1
    shape = list(np.broadcast_shapes(tuple(own), tuple(idx)))
    shape[d] = input.shape[d]
    index_shape = shape[:d] + [indices.shape[d]] + shape[d + 1:]
    return gather(expand(input, shape), d, indices.expand(index_shape))


# The C++ names torch's masked_fill error uses.
_CPP_TYPE = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
             "uint8": "unsigned char", "float32": "float", "float64": "double",
             "float16": "c10::Half", "bool": "bool"}


def masked_fill(input, mask, value):
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{_CPP_TYPE[_dtype.from_numpy_dtype(m.dtype).name]}")
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value.ndim} dimension(s).")
        return call(S.MASKED_FILL_TENSOR, (input, value), (m,))
    return call(S.MASKED_FILL, (input,), (m, value))


def masked_select(input, mask):
    shape = np.broadcast_shapes(input.shape, mask.shape)
    return call(S.MASKED_SELECT, (input,), (np.broadcast_to(mask._data, shape), shape))


def cat(tensors, dim=0, *, out=None):
    """Join tensors along an existing dimension."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
    ref = next((t for t in tensors if t.shape != (0,)), tensors[0])
    d = wrap_dim(dim, ref.ndim)
    parts = [t for t in tensors if t.shape != (0,) or t is ref]
    for i, t in enumerate(tensors):
        if t.shape == (0,) and t is not ref:
            continue
        if t.ndim != ref.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.ndim} and "
                               f"{t.ndim}")
        for k in range(ref.ndim):
            if k != d and t.shape[k] != ref.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {ref.shape[k]} but got size {t.shape[k]} for "
                                   f"tensor number {i} in the list.")
    target = result_np_dtype(*parts) if len({p._data.dtype for p in parts}) > 1 else None
    return call(S.CAT, tuple(parts), (d,), cast=target)


concat = concatenate = cat


def stack(tensors, dim=0, *, out=None):
    """Join tensors of one shape along a new dimension."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for i, t in enumerate(tensors[1:], 1):
        if t.shape != tensors[0].shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{_list_str(tensors[0].shape)} at entry 0 and "
                               f"{_list_str(t.shape)} at entry {i}")
    d = wrap_dim(dim, tensors[0].ndim + 1)
    target = result_np_dtype(*tensors) if len({p._data.dtype for p in tensors}) > 1 else None
    return call(S.STACK, tuple(tensors), (d,), cast=target)


def hstack(tensors):
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    return cat([t.unsqueeze(0) if t.ndim == 1 else t for t in tensors], 0)


def _split_at(input, bounds, dim):
    return call(S.SPLIT, (input,), (list(bounds), dim))


def split(tensor, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the given sizes."""
    d = wrap_dim(dim, tensor.ndim)
    n = tensor.shape[d]
    if isinstance(split_size_or_sections, numbers.Integral):
        size = int(split_size_or_sections)
        bounds = list(range(size, n, size)) if size > 0 else []
    else:
        sizes = list(split_size_or_sections)
        if builtins.sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got split_sizes="
                               f"{_list_str(sizes)}")
        return call(S.SPLIT_WITH_SIZES, (tensor,), (list(np.cumsum(sizes)[:-1]), d))
    return _split_at(tensor, bounds, d)


def chunk(input, chunks, dim=0):
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    d = wrap_dim(dim, input.ndim)
    size = -(-input.shape[d] // chunks)
    return split(input, builtins.max(size, 1), d)


def tensor_split(input, indices_or_sections, dim=0):
    d = wrap_dim(dim, input.ndim)
    if isinstance(indices_or_sections, numbers.Integral):
        n, k = input.shape[d], int(indices_or_sections)
        sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
        bounds = list(np.cumsum(sizes)[:-1])
    else:
        bounds = [int(i) for i in indices_or_sections]
    # slices of the input, one SliceBackward0 each, as torch's tensor_split
    starts, ends = [0] + bounds, bounds + [input.shape[d]]
    return tuple(call(S.SLICE, (input,), ((slice(None),) * d + (slice(a, builtins.max(a, b)),),))
                 for a, b in zip(starts, ends))


def unbind(input, dim=0):
    return call(S.UNBIND, (input,), (wrap_dim(dim, input.ndim),))


def _matrix(input, name):
    if input.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


def tril(input, diagonal=0):
    _matrix(input, "tril")
    return call(S.TRIL, (input,), (diagonal,))


def triu(input, diagonal=0):
    _matrix(input, "triu")
    return call(S.TRIU, (input,), (diagonal,))


def diag(input, diagonal=0):
    """The matrix with ``input`` (a vector) on a diagonal, or a matrix's diagonal."""
    if input.ndim == 1:
        return call(S.DIAG_EMBED, (input,), (diagonal,))
    if input.ndim != 2:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")
    return call(S.DIAGONAL, (input,), (diagonal,))


def trace(input):
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return call(S.TRACE, (input,))


# -- indexing -----------------------------------------------------------------------------
def _index_part(k):
    """One element of an indexing key, with tensors and lists as NumPy arrays."""
    if isinstance(k, Tensor):
        if k._data.ndim == 0 and k._data.dtype.kind in "iu":
            return int(k._data)
        return k._data
    if isinstance(k, list):
        return np.asarray(k)
    return k


def _is_advanced(k):
    return isinstance(k, np.ndarray) or isinstance(k, builtins.bool)


def getitem(self, key):
    """x[key] with torch's graph: select for ints, slice for slices, index for arrays."""
    parts = tuple(_index_part(k) for k in (key if isinstance(key, tuple) else (key,)))
    if builtins.any(_is_advanced(k) for k in parts):
        for k in parts:
            if isinstance(k, np.ndarray) and k.dtype.kind not in "iub":
                raise IndexError("tensors used as indices must be long, int, byte or bool "
                                 "tensors")
        _check_masks(self, parts)
        try:
            return call(S.INDEX, (self,), (parts,))
        except IndexError as e:
            raise IndexError(str(e).replace("axis", "dimension")) from None
    expanded = _expand_ellipsis(self, parts)
    out, d, dim = self, 0, 0  # d: dim of ``out``; dim: dim of ``self`` (for messages)
    for k in expanded:
        if k is None:
            out = unsqueeze(out, d)
            d += 1
        elif isinstance(k, slice):
            if k != slice(None) or len(parts) == 1 and isinstance(parts[0], slice):
                out = call(S.SLICE, (out,), ((slice(None),) * d + (k,),))
            d, dim = d + 1, dim + 1
        elif isinstance(k, numbers.Integral):
            size = out.shape[d]
            if not -size <= k < size:
                raise IndexError(f"index {k} is out of bounds for dimension {dim} with size "
                                 f"{size}")
            out = call(S.SELECT, (out,), ((slice(None),) * d + (int(k) % size,),))
            dim += 1
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                             "byte Variables are valid indices (got " + type(k).__name__ + ")")
    return call(S.ALIAS, (out,)) if out is self else out


def _expand_ellipsis(self, parts):
    """``parts`` with the first ``...`` as full slices (later ones stand for no dims, as in
    torch), after torch's checks of the number of indices."""
    explicit = builtins.sum(1 for k in parts if k is not None and k is not Ellipsis)
    if explicit > self.ndim:
        if self.ndim == 0:
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                             "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
        raise IndexError(f"too many indices for tensor of dimension {self.ndim}")
    expanded, seen = [], False
    for k in parts:
        if k is Ellipsis:
            expanded += [] if seen else [slice(None)] * (self.ndim - explicit)
            seen = True
        else:
            expanded.append(k)
    return expanded


def _check_masks(self, parts):
    """torch's error for a boolean mask whose shape does not match the dims it indexes."""
    dim = 0
    for k in parts:
        if isinstance(k, np.ndarray) and k.dtype == np.bool_:
            own = self.shape[dim:dim + k.ndim]
            for j, n in enumerate(k.shape):
                if j >= len(own) or own[j] != n:
                    raise IndexError(f"The shape of the mask {_list_str(k.shape)} at index {j} "
                                     f"does not match the shape of the indexed tensor "
                                     f"{_list_str(self.shape)} at index {dim + j}")
            dim += k.ndim
        elif k is Ellipsis:
            dim = self.ndim - builtins.sum(
                k.ndim if isinstance(k, np.ndarray) and k.dtype == np.bool_ else 1
                for k in parts[parts.index(Ellipsis) + 1:] if k is not None)
        elif k is not None:
            dim += 1


def setitem(self, key, value):
    """x[key] = value, in place; recorded in the graph (CopySlices) when gradients flow."""
    parts = tuple(_index_part(k) for k in (key if isinstance(key, tuple) else (key,)))
    key = parts if isinstance(key, tuple) else parts[0]
    try:
        value = _as_operand(value)
    except TypeError:
        raise TypeError(f"can't assign a {type(value).__name__} to a "
                        f"torch.{self.dtype.legacy_type}") from None
    advanced = builtins.any(_is_advanced(k) for k in parts)
    grad_flows = _grad_mode.STATE.enabled and (
        self.requires_grad or (isinstance(value, Tensor) and value.requires_grad))
    if not grad_flows:
        try:
            self._data[key] = value._data if isinstance(value, Tensor) else value
        except IndexError as e:
            raise IndexError(str(e).replace("axis", "dimension")) from None
        except ValueError:
            if not isinstance(value, Tensor):
                raise
            target = self._data[key].shape  # torch's words for what does not broadcast
            if advanced:
                raise RuntimeError(f"shape mismatch: value tensor of shape "
                                   f"{_list_str(value.shape)} cannot be broadcast to indexing "
                                   f"result of shape {_list_str(target)}") from None
            expand(value, target)
            raise
        self._version[0] += 1
        return
    whole = builtins.all(k is Ellipsis for k in parts)
    if not advanced and not whole and self._grad_fn is None and self._requires_grad:
        # torch writes through a view of the leaf
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")
    _check_inplace(self)
    if not isinstance(value, Tensor):
        value = Tensor._make(np.asarray(value, self._data.dtype))
    before = _snapshot(self)
    # torch writes through a view (CopySlices) unless the key is index arrays and full slices
    advanced = advanced and builtins.all(
        _is_advanced(k) or k is Ellipsis or k == slice(None) for k in parts)
    result = call(S.INDEX_PUT_ADVANCED if advanced else S.INDEX_PUT, (before, value), (key,),
                  cast=self._data.dtype if value._data.dtype != self._data.dtype else None)
    _commit_inplace(self, result)


# -- in-place ops -----------------------------------------------------------------------------
def _check_inplace(self):
    if not _grad_mode.STATE.enabled:
        return
    if self._grad_fn is None and self._requires_grad:
        raise RuntimeError(LEAF_INPLACE)
    base = self._base
    if base is not None and base._grad_fn is None and base._requires_grad:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")
    if base is not None and base.requires_grad and self._grad_fn is not None:
        raise NotImplementedError(
            "autograd_nb does not record in-place changes to a view of a tensor that requires "
            "grad; write it out of place (e.g. y = y.clone(); ...) or change the base tensor")


def _snapshot(self):
    """The tensor's value before an in-place change, as the graph saw it, for the new node."""
    return Tensor._make(self._data.copy(), requires_grad=self._requires_grad,
                        grad_fn=self._grad_fn, output_nr=self._output_nr)


def _commit_inplace(self, result):
    if result.shape != self.shape:
        raise RuntimeError(f"output with shape {_list_str(self.shape)} doesn't match the "
                           f"broadcast shape {_list_str(result.shape)}")
    if result._data.dtype != self._data.dtype and not can_cast(result.dtype, self.dtype):
        raise RuntimeError(f"result type {_C_TYPE[result.dtype.name]} can't be cast to the "
                           f"desired output type {_C_TYPE[self.dtype.name]}")
    np.copyto(self._data, result._data, casting="unsafe")
    self._version[0] += 1
    if result._grad_fn is not None:
        self._grad_fn = result._grad_fn
        self._output_nr = result._output_nr
        self._requires_grad = False


# Arithmetic that, with no graph to record, runs straight into the tensor's memory (an
# optimizer's ``p -= lr * g``): no temporary, no copy back.
_IN_PLACE_UFUNCS = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide}


def _ufunc_in_place(ufunc, self, args, kwargs):
    """Apply ``ufunc`` into ``self`` when nothing about it needs torch's slower path (same
    dtype, no broadcasting of ``self``, at most ``alpha``); False to take that path."""
    if len(args) != 1 or set(kwargs) - {"alpha"}:
        return False
    other, alpha = args[0], kwargs.get("alpha", 1)
    data = self._data
    if isinstance(other, Tensor):
        value = other._data
        if value.dtype != data.dtype or value.ndim > data.ndim:
            return False
    elif type(other) in (float, int) and data.dtype.kind == "f":
        value = other
    else:
        return False
    if alpha != 1:
        if ufunc is not np.add and ufunc is not np.subtract:
            return False
        value = value * alpha
    try:
        ufunc(data, value, out=data)
    except ValueError:  # value does not broadcast to self: torch's error from the slow path
        return False
    self._version[0] += 1
    return True


def _inplace(fn):
    """``x.add_(y)`` from ``add``: compute out of place, write back, take over the new node."""
    def method(self, *args, **kwargs):
        grad_flows = _grad_mode.STATE.enabled and (self.requires_grad or builtins.any(
            isinstance(a, Tensor) and a.requires_grad for a in args + tuple(kwargs.values())))
        if grad_flows:
            _check_inplace(self)
            result = fn(_snapshot(self), *args, **kwargs)
        elif ufunc is not None and _ufunc_in_place(ufunc, self, args, kwargs):
            return self
        else:
            with _grad_mode.no_grad():
                result = fn(self, *args, **kwargs)
        _commit_inplace(self, result)
        return self
    ufunc = _IN_PLACE_UFUNCS.get(fn.__name__)
    method.__name__ = fn.__name__ + "_"
    method.__doc__ = f"In-place version of ``{fn.__name__}``."
    return method


def _write(self, op, inputs, params=()):
    """Write ``op(self, *inputs)`` into self; recorded (ZeroBackward0, FillBackward2,
    CopyBackwards) when gradients flow, as any in-place op."""
    if _grad_mode.STATE.enabled and (self.requires_grad or builtins.any(
            isinstance(t, Tensor) and t.requires_grad for t in inputs)):
        _check_inplace(self)
        _commit_inplace(self, call(op, (_snapshot(self), *inputs), params))
        return self
    with _grad_mode.no_grad():
        np.copyto(self._data, call(op, (self, *inputs), params)._data, casting="unsafe")
    self._version[0] += 1
    return self


def zero_(self):
    return _write(self, P.ZERO, ())


def fill_(self, value):
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value.ndim} dimensions.")
        return _write(self, P.FILL_TENSOR, (value,))
    return _write(self, P.FILL, (), (value,))


def copy_(self, src, non_blocking=False):
    src = tensor_of(src)
    try:
        np.broadcast_to(src._data, self._data.shape)
    except ValueError:
        expand(src, self.shape)  # torch's words for what does not broadcast
    return _write(self, P.COPY, (src,))


def _become_view(self, op, params=()):
    """``x.unsqueeze_(0)`` & co: ``x`` becomes the view ``op`` (torch's in-place variant of the
    view op) makes of it."""
    if _grad_mode.STATE.enabled and self.requires_grad:
        _check_inplace(self)
    result = call(op, (self,), params)
    self._data, self._grad_fn, self._output_nr = result._data, result._grad_fn, 0
    return self


def unsqueeze_(self, dim):
    return _become_view(self, S.UNSQUEEZE_, (wrap_dim(dim, self.ndim + 1),))


def squeeze_(self, dim=None):
    if dim is None:
        return _become_view(self, S.SQUEEZE_)
    many = isinstance(dim, (tuple, list))
    dims = tuple(d for d in (wrap_dim(x, self.ndim) for x in (dim if many else (dim,)))
                 if self.shape[d] == 1)
    return _become_view(self, S.SQUEEZE_DIMS_TUPLE_ if many else S.SQUEEZE_DIMS_, (dims,))


def t_(self):
    if self.ndim > 2:
        raise RuntimeError(f"t_() expects a tensor with <= 2 dimensions, but self is "
                           f"{self.ndim}D")
    return _become_view(self, S.T_)


def transpose_(self, dim0, dim1):
    return _become_view(self, S.TRANSPOSE_, (wrap_dim(dim0, self.ndim), wrap_dim(dim1, self.ndim)))


def uniform_(self, a=0.0, b=1.0, *, generator=None):
    from ._creation import _rng
    _check_inplace(self)
    self._data[...] = _rng(generator).uniform(a, b, self._data.shape)
    self._version[0] += 1
    return self


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    from ._creation import _rng
    _check_inplace(self)
    self._data[...] = _rng(generator).normal(mean, std, self._data.shape)
    self._version[0] += 1
    return self


# -- conversions ----------------------------------------------------------------------------
def to(self, *args, **kwargs):
    """A tensor of another dtype (a copy recorded as ToCopyBackward0), or self if nothing
    changes; devices other than the CPU are refused."""
    dtype = kwargs.pop("dtype", None)
    copy = kwargs.pop("copy", False)
    check_device(kwargs.pop("device", None))
    kwargs.pop("non_blocking", None)
    for a in args:
        if isinstance(a, Tensor):
            dtype = a.dtype
        elif isinstance(a, (_dtype.dtype, builtins.type, np.dtype)):
            dtype = a
        else:
            check_device(a)
    dtype = resolve_dtype(dtype) or self.dtype
    if dtype.np == self._data.dtype and not copy:
        return self
    if dtype.is_floating_point:
        return call(P.TO_COPY, (self,), (dtype.np,))
    with _grad_mode.no_grad():  # integer and bool results are not differentiable
        return call(P.TO_COPY, (self,), (dtype.np,))


def _cast(dtype):
    def method(self, memory_format=None):
        return to(self, dtype)
    method.__name__ = dtype.name
    return method


def tensor_type(self, dtype=None, non_blocking=False, **kwargs):
    """'torch.FloatTensor' with no argument; with a dtype or type name, a converted tensor."""
    if dtype is None:
        return "torch." + self.dtype.legacy_type
    if isinstance(dtype, str):
        name = dtype.rpartition(".")[2]
        match = [d for d in LEGACY_TYPES if d.legacy_type == name]
        if not match:
            raise ValueError(f"invalid type: '{dtype}'")
        return to(self, match[0])
    if builtins.isinstance(dtype, _dtype.dtype):
        return to(self, dtype)
    if hasattr(dtype, "dtype") and builtins.isinstance(dtype.dtype, _dtype.dtype):
        return to(self, dtype.dtype)
    raise ValueError(f"invalid type: {dtype!r}")


def type_as(self, other):
    return to(self, other.dtype)


def cpu(self, memory_format=None):
    return self


def cuda(self, device=None, non_blocking=False, memory_format=None):
    check_device("cuda")


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    from ._creation import tensor
    return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)


def _new_factory(factory):
    def method(self, *size, dtype=None, device=None, requires_grad=False, **kw):
        return factory(*size, dtype=dtype or self.dtype, requires_grad=requires_grad, **kw)
    return method


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
    from ._creation import full
    return full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)


# -- nn-ish functions on tensors (torch has them as methods too) ------------------------------
def softmax(input, dim=None, dtype=None, *, _stacklevel=3):
    """exp(x) / sum(exp(x)) along ``dim``, computed stably. Without ``dim``, nn.functional's
    deprecated implicit choice (with its warning); the Tensor method requires ``dim``."""
    return _softmax_like(A.SOFTMAX, input, dim, dtype, _stacklevel)


def log_softmax(input, dim=None, dtype=None, *, _stacklevel=3):
    return _softmax_like(A.LOG_SOFTMAX, input, dim, dtype, _stacklevel)


def _softmax_like(op, input, dim, dtype, stacklevel):
    """``stacklevel`` None: ``dim`` is required (torch's Tensor.softmax)."""
    dim = _implicit_dim(input, dim, op.name, stacklevel)
    x = input if dtype is None else to(input, dtype)
    d = wrap_dim(dim, input.ndim)
    if x._data.dtype.kind not in "fc":
        last = "lastdim_" if d == builtins.max(input.ndim - 1, 0) else ""
        raise NotImplementedError(f'"{op.name}_{last}kernel_impl" not implemented for '
                                  f"'{_C_TYPE[x.dtype.name]}'")
    return call(op, (x,), (d,))


def _implicit_dim(input, dim, name, stacklevel):
    if dim is not None:
        return dim
    if stacklevel is None:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if input.ndim in (0, 1, 3) else 1


# -- attach to Tensor -------------------------------------------------------------------------
def _operator(op, ufunc, params=(), general=None):
    """``x + y``-style operators: the hottest path of small notebooks. Float tensors of one
    dtype, or a float tensor and a Python number, go straight to the table's ``binary``;
    everything else (promotion, ints, bools, broadcasting errors) to ``general`` (default:
    ``_binary``), which has torch's rules and messages."""
    floating = op is P.DIV
    if general is None:
        def general(self, other):
            return _binary(op, self, other, params, floating)

    def method(self, other):
        a = self._data
        dtype = a.dtype
        if dtype.kind == "f":
            if isinstance(other, Tensor):
                if other._data.dtype is dtype:
                    try:
                        return binary(op, ufunc, params, self, other, a, other._data, False)
                    except ValueError:  # shapes that don't broadcast: torch's message below
                        pass
            elif type(other) is float or type(other) is int:
                b = scalar_array(other, dtype)
                if b is not None:
                    return binary(op, ufunc, params, self, other, a, b, True)
        try:
            return general(self, other)
        except _UnsupportedOperand:
            return NotImplemented
    method.__name__ = f"__{op.name}__"
    return method


def _attach():
    methods = dict(
        add=add, sub=sub, subtract=sub, mul=mul, multiply=mul, div=div, divide=div,
        true_divide=div, floor_divide=floor_divide, remainder=remainder, fmod=fmod,
        neg=neg, negative=neg, pow=pow, square=square, float_power=float_power,
        exp=exp, log=log, log2=log2, log10=log10, log1p=log1p, expm1=expm1, sqrt=sqrt,
        rsqrt=rsqrt, sin=sin, cos=cos, tan=tan, tanh=tanh, sinh=sinh, cosh=cosh, asin=asin,
        acos=acos, atan=atan, arcsin=asin, arccos=acos, arctan=atan, sigmoid=sigmoid,
        reciprocal=reciprocal, erf=erf, abs=abs, absolute=abs, sign=sign, floor=floor, ceil=ceil,
        trunc=trunc, fix=trunc, frac=frac, relu=relu, round=round, clamp=clamp, clip=clamp,
        clamp_min=clamp_min, clamp_max=clamp_max, maximum=maximum, minimum=minimum,
        where=lambda self, condition, other: where(condition, self, other), lerp=lerp,
        addcmul=addcmul, addcdiv=addcdiv,
        eq=eq, ne=ne, lt=lt, le=le, gt=gt, ge=ge, greater=gt, greater_equal=ge, less=lt,
        less_equal=le, not_equal=ne, logical_and=logical_and, logical_or=logical_or,
        logical_xor=logical_xor, logical_not=logical_not, bitwise_not=bitwise_not,
        equal=equal, allclose=allclose, isclose=isclose, isnan=isnan, isinf=isinf,
        isfinite=isfinite, all=all, any=any, nonzero=nonzero, count_nonzero=count_nonzero,
        sum=sum, nansum=nansum, mean=mean, max=max, min=min, amax=amax, amin=amin, argmax=argmax,
        argmin=argmin, prod=prod, var=var, std=std, norm=norm, dist=dist, logsumexp=logsumexp,
        cumsum=cumsum, mm=mm, mv=mv, dot=dot, inner=dot, bmm=bmm, matmul=matmul, addmm=addmm,
        outer=outer, ger=outer,
        view=view, reshape=reshape, view_as=view_as, reshape_as=reshape_as, flatten=flatten,
        unflatten=unflatten, squeeze=squeeze, unsqueeze=unsqueeze, t=t, transpose=transpose,
        swapaxes=transpose, swapdims=transpose, permute=permute, movedim=movedim, expand=expand,
        expand_as=expand_as, broadcast_to=broadcast_to, repeat=repeat, flip=flip,
        contiguous=contiguous, clone=clone, select=select, narrow=narrow,
        index_select=index_select, gather=gather, take_along_dim=take_along_dim,
        masked_fill=masked_fill, masked_select=masked_select, split=split, chunk=chunk,
        tensor_split=tensor_split, unbind=unbind, tril=tril, triu=triu, diag=diag, trace=trace,
        zero_=zero_, fill_=fill_, copy_=copy_, uniform_=uniform_, normal_=normal_,
        to=to, type=tensor_type, type_as=type_as, cpu=cpu, cuda=cuda, new_tensor=new_tensor,
        new_full=new_full,
        softmax=lambda self, dim=None, dtype=None: _softmax_like(A.SOFTMAX, self, dim, dtype,
                                                                 None),
        log_softmax=lambda self, dim=None, dtype=None: _softmax_like(A.LOG_SOFTMAX, self, dim,
                                                                     dtype, None),
        __getitem__=getitem, __setitem__=setitem,
    )
    from . import _creation as C
    methods.update(new_ones=_new_factory(C.ones), new_zeros=_new_factory(C.zeros),
                   new_empty=_new_factory(C.zeros))
    for dt, name in ((_dtype.float32, "float"), (_dtype.float64, "double"),
                     (_dtype.float16, "half"), (_dtype.int64, "long"), (_dtype.int32, "int"),
                     (_dtype.int16, "short"), (_dtype.int8, "char"), (_dtype.uint8, "byte"),
                     (_dtype.bool_, "bool")):
        methods[name] = _cast(dt)
    for name in ("add", "sub", "mul", "div", "pow", "exp", "log", "log1p", "sqrt", "sin", "cos",
                 "tanh", "sigmoid", "relu", "abs", "neg", "clamp", "clamp_min", "clamp_max",
                 "floor", "ceil", "round", "trunc", "sign", "reciprocal", "masked_fill",
                 "square", "exp", "expm1", "log2",
                 "log10", "rsqrt", "tan", "sinh", "cosh", "frac", "lerp", "addcmul", "addcdiv",
                 "maximum", "minimum", "fmod", "remainder", "floor_divide"):
        methods[name + "_"] = _inplace(methods[name])
    methods.update(t_=t_, transpose_=transpose_, swapaxes_=transpose_, swapdims_=transpose_,
                   squeeze_=squeeze_, unsqueeze_=unsqueeze_)
    methods.update(subtract_=methods["sub_"], multiply_=methods["mul_"],
                   divide_=methods["div_"], clip_=methods["clamp_"])
    # Python operators, with torch's reflected forms (2 - x is rsub, 2 / x a reciprocal).
    methods.update(
        __add__=_operator(P.ADD, np.add, (1,)), __radd__=_operator(P.ADD, np.add, (1,)),
        __sub__=_operator(P.SUB, np.subtract, (1,), sub), __rsub__=_or_not_implemented(rsub),
        __mul__=_operator(P.MUL, np.multiply), __rmul__=_operator(P.MUL, np.multiply),
        __truediv__=_operator(P.DIV, np.true_divide), __rtruediv__=rdiv,
        __floordiv__=floor_divide,
        __rfloordiv__=_or_not_implemented(
            lambda self, other: floor_divide(tensor_of(_as_operand(other)), self)),
        __mod__=_or_not_implemented(remainder), __rmod__=_or_not_implemented(_rremainder),
        __pow__=_or_not_implemented(pow), __rpow__=lambda self, other: _rpow(self, other),
        __matmul__=_or_not_implemented(matmul),
        __rmatmul__=_or_not_implemented(lambda self, other: matmul(_as_matrix(other), self)),
        __neg__=neg, __pos__=lambda self: self, __abs__=abs, __invert__=_invert,
        **{f"__{op.__name__}__": _or_not_implemented(op) for op in (eq, ne, lt, le, gt, ge)},
        **{f"__{name}__": _or_not_implemented(op) for name, op in (
            ("and", bitwise_and), ("or", bitwise_or), ("xor", bitwise_xor),
            ("rand", bitwise_and), ("ror", bitwise_or), ("rxor", bitwise_xor))},
        __iadd__=methods["add_"], __isub__=methods["sub_"], __imul__=methods["mul_"],
        __itruediv__=methods["div_"], __ipow__=methods["pow_"],
    )
    for name, fn in methods.items():
        setattr(Tensor, name, fn)
    Tensor.T = property(_T)
    Tensor.mT = property(lambda self: transpose(self, -2, -1))


_attach()


def index_put_value(tensor, key, value):
    """``tensor`` with ``value`` written at ``key``, out of place (differentiable)."""
    return call(S.INDEX_PUT, (tensor, value), (key,), scalar=True)


# torch's top-level functions (methods-only names such as ``to`` and ``type`` are not here)
__all__ = [
    "add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide",
    "floor_divide", "remainder", "fmod", "neg", "negative", "pow", "square", "float_power",
    "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh",
    "sinh", "cosh", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "sigmoid",
    "reciprocal", "erf", "abs", "absolute", "sign", "floor", "ceil", "trunc", "fix", "frac",
    "relu", "round", "clamp", "clip", "clamp_min", "clamp_max", "maximum", "minimum", "where",
    "lerp", "addcmul", "addcdiv", "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal",
    "less", "less_equal", "not_equal", "logical_and", "logical_or", "logical_xor",
    "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "equal",
    "allclose", "isclose", "isnan", "isinf", "isfinite", "all", "any", "nonzero",
    "count_nonzero", "sum", "nansum", "mean", "max", "min", "amax", "amin", "argmax", "argmin",
    "prod", "var", "std", "norm", "dist", "logsumexp", "cumsum", "mm", "mv", "dot", "inner",
    "vdot", "bmm", "matmul", "addmm", "outer", "ger", "einsum", "reshape", "flatten",
    "unflatten", "squeeze", "unsqueeze", "t", "transpose", "swapaxes", "swapdims", "permute",
    "movedim", "broadcast_to", "flip", "clone", "select", "narrow", "index_select", "gather",
    "take_along_dim", "masked_fill", "masked_select", "cat", "concat", "concatenate", "stack",
    "hstack", "vstack", "split", "chunk", "tensor_split", "unbind", "tril", "triu", "diag",
    "trace", "softmax", "log_softmax", "result_type", "promote_types", "can_cast", "return_types",
]
