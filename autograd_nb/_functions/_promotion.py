"""torch's type promotion, and the operand handling every binary op shares.

``result_np_dtype`` is torch's result type; ``_binary`` runs a broadcasting op of two operands
with it, and is the path every arithmetic function and operator falls back to. Also here: the
dtype names torch's error messages use.
"""
import builtins
import numbers

import numpy as np

from .._core import _dtype
from ._creation import tensor
from .._core._errors import broadcast_mismatch
from .._ops._table import call
from .._core._tensor import Tensor
from ._registry import export


_Number = (numbers.Number, np.generic)


def _promote(a, b):
    """torch.promote_types on NumPy dtypes: complex wins, then floats (the wider; float16 with
    bfloat16 is float32), then the usual integer lattice."""
    if a == b:
        return a
    ca, cb = _category(a), _category(b)
    if ca == 3 or cb == 3:
        # complex with the wider real precision of the two: complex64 + float64 -> complex128
        bits = builtins.max(_real_size(d) for d in (a, b) if _category(d) >= 2)
        return _complex_of_size(bits)
    if ca == 2 or cb == 2:
        floats = [d for d in (a, b) if _category(d) == 2]
        if len(floats) == 2 and floats[0].itemsize == floats[1].itemsize:
            return np.dtype(np.float32)  # float16 with bfloat16: neither holds the other
        return builtins.max(floats, key=lambda d: d.itemsize)
    if ca == 0:
        return b
    if cb == 0:
        return a
    return np.promote_types(a, b)


_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3, "V": 2}  # "V": ml_dtypes' bfloat16


def _category(d):
    """0 bool, 1 integer, 2 floating, 3 complex: the order in which torch's categories win."""
    return _CATEGORY[d.kind]


def _real_size(d):
    return d.itemsize // 2 if d.kind == "c" else d.itemsize


def _complex_of_size(real_size):
    if real_size == 2:  # float16 with a complex number: torch's complex32
        _dtype.complex32.np  # raises: NumPy has no such type
    return np.dtype(np.complex128 if real_size == 8 else np.complex64)


def _scalar_np_dtype(value):
    if isinstance(value, (builtins.bool, np.bool_)):
        return np.dtype(np.bool_)
    if isinstance(value, numbers.Integral):
        return np.dtype(np.int64)
    if isinstance(value, numbers.Real):
        return _dtype.get_default_dtype().np
    if isinstance(value, numbers.Complex):
        return _dtype.get_default_complex_dtype().np
    raise TypeError(f"unsupported operand type: {type(value).__name__}")


def _combine(higher, lower):
    """The result of a higher-priority class of operands (``higher``) and a lower one: the
    higher's dtype, unless the lower is of a higher category (an int tensor with 1.5)."""
    if higher is None:
        return lower
    if lower is None:
        return higher
    ch, cl = _category(higher), _category(lower)
    if ch == 3:
        return higher
    if ch == 2:
        # a float tensor with a complex number keeps its precision: float32 * 1j is complex64
        return _complex_of_size(_real_size(higher)) if cl == 3 else higher
    if ch == 0 or cl >= 2:
        return _promote(higher, lower)
    return higher


def result_np_dtype(*operands):
    """torch's result type: dimensioned tensors outrank 0-d tensors, which outrank Python
    numbers, except that a higher category (bool < int < float) always wins."""
    dims = zero = wrapped = None
    for x in operands:
        if isinstance(x, Tensor):
            d = x._raw.dtype
            if x._raw.ndim:
                dims = d if dims is None else _promote(dims, d)
            else:
                zero = d if zero is None else _promote(zero, d)
        else:
            d = _scalar_np_dtype(x)
            wrapped = d if wrapped is None else _promote(wrapped, d)
    return _combine(dims, _combine(zero, wrapped))


@export(method=False)
def result_type(tensor1, tensor2):
    return _dtype.from_numpy_dtype(result_np_dtype(tensor1, tensor2))


@export(method=False)
def promote_types(type1, type2):
    return _dtype.from_numpy_dtype(_promote(type1.np, type2.np))


@export(method=False)
def can_cast(from_, to):
    return from_._category <= to._category


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


_WRAPPING = frozenset(("add", "sub", "mul"))  # ops whose int scalar wraps into the tensor's type


def _binary(op, a, b, params=(), floating=False):
    """Run a broadcasting binary op with torch's type promotion; ``a`` is a Tensor."""
    ad = a._raw.dtype
    kind = ad.kind
    scalar = not isinstance(b, Tensor)
    # Fast paths, the common cases of small notebooks: same dtypes, or a Python number that
    # does not change the tensor's dtype (float with a float tensor, int with int or float).
    if not scalar and b._raw.dtype == ad:
        cast = None
    elif scalar and (type(b) is float and kind == "f" or type(b) is int and kind in "fiu"):
        cast = None
    else:
        b = _as_operand(b, op.name)
        scalar = not isinstance(b, Tensor)
        target = result_np_dtype(a, b)
        cast = None if target == ad and (scalar or b._raw.dtype == ad) else target
    if floating and kind in "biu" and (cast is None or cast.kind in "biu"):
        cast = _dtype.get_default_dtype().np
    try:
        return call(op, (a, b), params, scalar, cast)
    except OverflowError:
        # int8 + 1000: NumPy refuses a Python int the tensor's type cannot hold; torch wraps it
        if not (scalar and op.name in _WRAPPING and isinstance(b, numbers.Integral)):
            raise
        return call(op, (a, np.array(b).astype(cast or ad)), params, scalar, cast)
    except ValueError:
        if not scalar:
            try:
                np.broadcast_shapes(a._raw.shape, b._raw.shape)
            except ValueError:
                raise broadcast_mismatch(a._raw.shape, b._raw.shape) from None
        raise


def _float_input(x):
    """Functions defined only for floats (exp, sin, ...) take ints in the default dtype, as
    torch does."""
    if isinstance(x, Tensor):
        return x if x._raw.dtype.kind in "fcV" else x.to(_dtype.get_default_dtype())
    return tensor_of(x)


def tensor_of(x):
    if isinstance(x, Tensor):
        return x
    return tensor(x)


def _binary_rscalar(op, input, number, params):
    target = result_np_dtype(input, number)
    return call(op, (input,), params, cast=None if target == input._raw.dtype else target)


def _ternary(op, tensors, params=()):
    """An op of several broadcasting tensors, computed in their promoted dtype."""
    target = result_np_dtype(*tensors)
    cast = None if builtins.all(t._raw.dtype == target for t in tensors) else target
    try:
        return call(op, tensors, params, cast=cast)
    except ValueError:
        check_broadcast(*(t._raw.shape for t in tensors))
        raise


def check_broadcast(*shapes):
    """torch's error for shapes that do not broadcast: each against those before it."""
    shape = shapes[0]
    for other in shapes[1:]:
        try:
            shape = np.broadcast_shapes(shape, other)
        except ValueError:
            raise broadcast_mismatch(shape, other) from None


# The names torch's error messages give dtypes, by dtype name (of ours or of NumPy's).
_C_TYPE = {d.name: d.scalar_name for d in _dtype.ALL}
_CPP_TYPE = {d.name: d.cpp_name for d in _dtype.ALL}  # as masked_fill's error names them
