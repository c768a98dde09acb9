"""Arithmetic: add, mul, div, pow, the elementwise math functions, clamp, where, lerp."""
import builtins
import numbers

import numpy as np

from .._core import _dtype
from .._ops import activation as A, pointwise as P
from .._ops._table import call, unary
from .._core._tensor import Tensor
from ._promotion import (_C_TYPE, _CPP_TYPE, _as_operand, _binary, _binary_rscalar,
                         _float_input, _ternary, check_broadcast, result_np_dtype, tensor_of)
from ._out import same_dtype, write_out
from ._registry import export
from .comparison import nonzero
from ._refusals import refuse_complex


@export(inplace=True)
def add(input, other, *, alpha=1, out=None):
    """input + alpha * other, broadcasting."""
    input = tensor_of(input)
    if alpha.__class__ is not int:
        _check_alpha(input, other, alpha)
    elif alpha != 1 and input._raw.dtype == np.bool_ and (
            isinstance(other, (builtins.bool, np.bool_))
            or isinstance(other, Tensor) and other._raw.dtype == np.bool_):
        alpha = alpha != 0  # bool + 2 * bool stays bool in torch: alpha counts as true or false
    result = _binary(P.ADD, input, other, (alpha,))
    return result if out is None else write_out("add", result, out)


@export(inplace=True)
def sub(input, other, alpha=1, *, out=None):   # alpha by position: x.subtract(2, 3)
    input = tensor_of(input)
    if input._raw.dtype == np.bool_ or isinstance(other, builtins.bool) or \
            isinstance(other, Tensor) and other._raw.dtype == np.bool_:
        _refuse_bool_sub(input, other)
    if alpha.__class__ is not int:
        _check_alpha(input, other, alpha)
    result = _binary(P.SUB, input, other, (alpha,))
    return result if out is None else write_out("sub", result, out)


def _check_alpha(input, other, alpha):
    """torch's checks of an ``alpha`` that is not an int, against the result's dtype."""
    if isinstance(alpha, Tensor):
        alpha = alpha.item()
    kind = result_np_dtype(input, _as_operand(other)).kind
    if isinstance(alpha, (builtins.bool, np.bool_)):
        if kind != "b":
            raise RuntimeError("Boolean alpha only supported for Boolean results.")
    elif isinstance(alpha, numbers.Complex) and not isinstance(alpha, numbers.Real):
        if kind != "c":
            raise RuntimeError("For non-complex input tensors, argument alpha must not be a "
                               "complex number.")
    elif not isinstance(alpha, numbers.Integral) and kind in "biu":
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")


def _refuse_bool_sub(input, other):
    if input._raw.dtype == np.bool_ and (isinstance(other, (builtins.bool, np.bool_)) or
                                          isinstance(other, Tensor) and
                                          other._raw.dtype == np.bool_):
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If "
                       "you are trying to invert a mask, use the `~` or `logical_not()` operator "
                       "instead.")


@export(inplace=True)
def subtract(input, other, *scalar_alpha, alpha=1, out=None):
    """sub's alias; an alpha given by position is torch's overload for a number ``other``
    (``x.subtract(2, 3)``), recorded as SubBackward1."""
    if not scalar_alpha:
        return sub(input, other, alpha, out=out)
    alpha = scalar_alpha[0]
    input = tensor_of(input)
    if isinstance(other, Tensor):
        other = other.item()  # a 0-d tensor stands for its number here, as in torch
    if input._raw.dtype == np.bool_ or isinstance(other, builtins.bool):
        _refuse_bool_sub(input, other)
    _check_alpha(input, other, alpha)
    return _binary_rscalar(P.SUB_SCALAR, input, other, (other, alpha))


@export(method=False)
def rsub(input, other, alpha=1):
    """other - alpha * input, for a Python number ``other`` (``2 - x``)."""
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    other = _as_operand(other)
    if input._raw.dtype == np.bool_ or isinstance(other, builtins.bool):
        _refuse_bool_sub(input, other)
    if alpha.__class__ is not int:
        _check_alpha(input, other, alpha)
    return _binary_rscalar(P.RSUB, input, other, (other, alpha))


@export(inplace=True)
def mul(input, other, *, out=None):
    result = _binary(P.MUL, tensor_of(input), other)
    return result if out is None else write_out("mul", result, out)


multiply = export(mul, name="multiply", inplace=True)


@export(inplace=True)
def div(input, other, *, rounding_mode=None, out=None):
    """True division (ints give the default dtype), or floor/trunc division by ``rounding_mode``."""
    input = tensor_of(input)
    if rounding_mode is not None:
        if rounding_mode not in ("floor", "trunc"):
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                               f"but found '{rounding_mode}'")
        refuse_complex("div_" + rounding_mode, input, other)
        _check_int_divisor(input, other)
        result = _binary(P.DIV_ROUNDING, input, other, (rounding_mode,))
    else:
        result = _binary(P.DIV, input, other, floating=True)
    return result if out is None else write_out("div", result, out)


divide = export(div, name="divide", inplace=True)
true_divide = export(div, name="true_divide")


def rdiv(input, number):
    """``2 / x`` is computed as ``x.reciprocal() * 2``, as torch does (MulBackward0)."""
    return mul(reciprocal(input), number)


def _check_int_divisor(input, other):
    """Integer division by zero is an error in torch (NumPy would give 0 and warn)."""
    other = _as_operand(other)
    b = other._data if isinstance(other, Tensor) else np.asarray(other)
    if result_np_dtype(input, other).kind in "biu" and not np.all(b):
        raise RuntimeError("ZeroDivisionError")


@export(inplace=True)
def floor_divide(input, other):
    input = tensor_of(input)
    refuse_complex("div_floor", input, other)
    _check_int_divisor(input, other)
    other = _as_operand(other)
    if isinstance(other, Tensor):
        return _binary(P.FLOOR_DIVIDE, input, other)
    return _binary_rscalar(P.FLOOR_DIVIDE_SCALAR, input, other, (other,))


def _modulo(scalar_op, tensor_op):
    def fn(input, other):
        if not isinstance(input, Tensor):
            return _rremainder(other, input)
        refuse_complex(scalar_op.name, input, other)
        _check_int_divisor(input, other)
        other = _as_operand(other)
        if isinstance(other, Tensor):
            return _binary(tensor_op, input, other)
        return _binary_rscalar(scalar_op, input, other, (other,))
    fn.__name__ = scalar_op.name
    return fn


remainder = export(_modulo(P.REMAINDER, P.REMAINDER_TENSOR), inplace=True)
fmod = export(_modulo(P.FMOD, P.FMOD_TENSOR), inplace=True)


def _rremainder(input, number):
    """``3 % x``: recorded, with no derivative, as in torch."""
    refuse_complex("remainder", input)
    _check_int_divisor(tensor_of(number), input)
    return _binary_rscalar(P.RREMAINDER, input, _as_operand(number), (number,))


@export(inplace=True)
def neg(input):
    if input._raw.dtype == np.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you "
                           "are trying to invert a mask, use the `~` or `logical_not()` operator "
                           "instead.")
    return call(P.NEG, (input,))


negative = export(neg, name="negative")


@export(inplace=True)
def pow(input, exponent):
    """input ** exponent; either may be a number."""
    if not isinstance(input, Tensor):
        return _rpow(exponent, input)
    exponent = _as_operand(exponent)
    if isinstance(exponent, Tensor):
        return _binary(P.POW_TENSOR, input, exponent)
    if input._raw.dtype.kind in "biu" and isinstance(exponent, numbers.Integral) and \
            exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    return _binary_rscalar(P.POW, input, exponent, (exponent,))


def _rpow(exponent, base):
    target = result_np_dtype(exponent, base)
    return call(P.RPOW, (exponent,), (base,),
                cast=None if target == exponent._raw.dtype else target)


@export(inplace=True)
def square(input):
    return pow(input, 2)


@export
def float_power(input, exponent):
    return pow(input.double(), exponent)


def _unary(op):
    def fn(input, *, out=None):
        if isinstance(input, Tensor) and input._raw.dtype.kind == "f":
            result = unary(op, input)
        else:
            result = call(op, (_float_input(input),))
        return result if out is None else write_out(op.name, result, out)
    fn.__name__ = op.name
    fn.__doc__ = f"Elementwise {op.name}; integers compute in the default dtype, as in torch."
    return fn


exp, log, log2, log10, log1p, expm1 = (export(_unary(op), inplace=True) for op in (P.EXP, P.LOG, P.LOG2, P.LOG10,
                                                                         P.LOG1P, P.EXPM1))
sqrt, rsqrt, sin, cos, tan, tanh = (export(_unary(op), inplace=True) for op in (
    P.SQRT, P.RSQRT, P.SIN, P.COS, P.TAN, P.TANH))
sinh, cosh, sigmoid, reciprocal = (export(_unary(op), inplace=True) for op in (
    P.SINH, P.COSH, P.SIGMOID, P.RECIPROCAL))
asin, acos, atan, erf = (export(_unary(op)) for op in (P.ASIN, P.ACOS, P.ATAN, A.ERF))
arcsin, arccos, arctan = (export(f, name=n) for f, n in (
    (asin, "arcsin"), (acos, "arccos"), (atan, "arctan")))


def _same_type_unary(op):
    refusal = {"relu": "clamp", "frac": "frac", "sign": "sign", "floor": "floor",
               "ceil": "ceil", "trunc": "trunc"}.get(op.name)

    def fn(input, *, out=None):
        if refusal is not None and isinstance(input, Tensor) and input._raw.dtype.kind == "c":
            refuse_complex(refusal, input)
        result = call(op, (input,))
        return result if out is None else write_out(op.name, result, out, same_dtype)
    fn.__name__ = op.name
    return fn


abs, sign, floor, ceil, trunc, frac, relu = (export(_same_type_unary(op), inplace=True) for op in (
    P.ABS, P.SIGN, P.FLOOR, P.CEIL, P.TRUNC, P.FRAC, P.RELU))
absolute, fix = export(abs, name="absolute"), export(trunc, name="fix")


@export(inplace=True)
def round(input, *, decimals=0):
    refuse_complex("round" if decimals else "round_vml", input)
    if decimals:
        return call(P.ROUND_DECIMALS, (input,), (decimals,))
    return call(P.ROUND, (input,))


@export(inplace=True)
def clamp(input, min=None, max=None, *, out=None):
    """Limit values to [min, max]; either bound may be None."""
    result = _clamp(input, min, max)
    return result if out is None else write_out("clamp", result, out, same_dtype)


def _clamp(input, min, max):
    refuse_complex("clamp", input, min, max)
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        bounds = [tensor_of(b) if b is not None else None for b in (min, max)]
        target = result_np_dtype(input, *[b for b in bounds if b is not None])
        cast = None if builtins.all(t is None or t._raw.dtype == target
                                    for t in (input, *bounds)) else target
        return call(P.CLAMP_TENSOR, (input, *bounds), cast=cast)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    bounds = [b for b in (min, max) if b is not None]
    target = result_np_dtype(input, *bounds)
    cast = None if target == input._raw.dtype else target
    if max is None:
        return call(P.CLAMP_MIN, (input,), (min,), cast=cast)
    if min is None:
        return call(P.CLAMP_MAX, (input,), (max,), cast=cast)
    return call(P.CLAMP, (input,), (min, max), cast=cast)


clip = export(clamp, name="clip", inplace=True)


@export(inplace=True)
def clamp_min(input, min):
    return _clamp_one_side(P.CLAMP_MIN_FN, input, "min", min)


@export(inplace=True)
def clamp_max(input, max):
    return _clamp_one_side(P.CLAMP_MAX_FN, input, "max", max)


def _clamp_one_side(op, input, side, bound):
    """clamp_min / clamp_max: a number bound has its own op (and node name); a tensor bound
    goes through clamp."""
    if isinstance(bound, Tensor):
        return clamp(input, **{side: bound})
    target = result_np_dtype(input, bound)
    return call(op, (input,), (bound,), cast=None if target == input._raw.dtype else target)


@export(inplace=True)
def maximum(input, other):
    refuse_complex("maximum", input, other)
    return _binary(P.MAXIMUM, input, tensor_of(other))


@export(inplace=True)
def minimum(input, other):
    refuse_complex("minimum", input, other)
    return _binary(P.MINIMUM, input, tensor_of(other))


@export(method=lambda self, condition, other: where(condition, self, other))
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
    cast = None if a._raw.dtype == b._raw.dtype == target else target
    if not cond.shape == a._raw.shape == b._raw.shape:
        check_broadcast(cond.shape, a._raw.shape, b._raw.shape)
    return call(P.WHERE, (a, b), (cond,), cast=cast)


@export(inplace=True)
def lerp(input, end, weight):
    for name, t in (("end", end), ("weight", weight)):  # (a 0-d weight is computed in input's)
        if isinstance(t, Tensor) and t._raw.dtype != input._raw.dtype and (
                name == "end" or t.ndim):
            raise RuntimeError(f"expected dtype {_CPP_TYPE[input.dtype.name]} for `{name}` but "
                               f"got dtype {_CPP_TYPE[t.dtype.name]}")
    if isinstance(weight, Tensor):
        return _ternary(P.LERP_TENSOR, (input, end, weight))
    return _ternary(P.LERP, (input, end), (weight,))


@export(inplace=True)
def addcmul(input, tensor1, tensor2, *, value=1):
    return _ternary(P.ADDCMUL, (input, tensor1, tensor2), (value,))


@export(inplace=True)
def addcdiv(input, tensor1, tensor2, *, value=1):
    return _ternary(P.ADDCDIV, (input, tensor1, tensor2), (value,))
