"""The Tensor methods and Python operators, set on ``Tensor`` once, when the package loads.

The methods are the ones declared with ``_registry.export`` (every function takes the tensor
first, so it serves as the method of the same name); the operators (``_operator``) keep a fast
path for float tensors of one dtype.
"""
import operator

import numpy as np

from . import _creation as C
from .._ops import pointwise as P
from .._ops._table import operator_method
from .._core._tensor import Tensor, read_only_properties
from . import _registry
from ._promotion import _UnsupportedOperand, _as_operand, _binary, _or_not_implemented, tensor_of
from .arithmetic import (_rpow, _rremainder, abs, floor_divide, neg, pow, rdiv, remainder,
                         rsub, sub)
from .complexes import attach_parts
from .comparison import _invert, bitwise_and, bitwise_or, bitwise_xor, eq, ge, gt, le, lt, ne
from .indexing import getitem, setitem
from .inplace import _inplace
from .matmul import _as_matrix, matmul
from .shape import _T, transpose


def _operator(op, ufunc, params=(), general=None):
    """``x + y``-style operators: the hottest path of small notebooks. Float tensors of one
    dtype, or a float tensor and a Python number, are computed by the table's
    ``operator_method``; everything else (promotion, ints, bools, broadcasting errors) by
    ``general`` (default: ``_binary``), which has torch's rules and messages."""
    floating = op is P.DIV
    if general is None:
        def general(self, other):
            return _binary(op, self, other, params, floating)

    def fallback(self, other):
        try:
            return general(self, other)
        except _UnsupportedOperand:
            return NotImplemented
    method = operator_method(op, ufunc, params, fallback)
    method.__name__ = method.__qualname__ = f"__{op.name}__"
    return method


def _comparison_operator(fn, ufunc):
    """``y.norm() < 1000``: a float tensor against a Python number is compared here (what
    ``fn`` does first, without its calls); everything else goes to ``fn``. A 0-d tensor's
    scalar (Tensor._raw) is compared with the Python operator: NumPy's scalar comparison, the
    ufunc's result at a fraction of its cost."""
    scalar_compare = _SCALAR_COMPARE[ufunc]

    def method(self, other):
        a = self._raw
        if (type(other) is float or type(other) is int) and a.dtype.kind == "f":
            out = ufunc(a, other) if type(a) is np.ndarray else scalar_compare(a, other)
            t = _new_tensor(Tensor)
            t._raw, t._requires_grad, t._grad_fn = np.asarray(out), False, None
            t._vc = None
            return t
        try:
            return fn(self, other)
        except _UnsupportedOperand:
            return NotImplemented
    method.__name__ = method.__qualname__ = f"__{fn.__name__}__"
    return method


_new_tensor = object.__new__
_SCALAR_COMPARE = {np.equal: operator.eq, np.not_equal: operator.ne, np.less: operator.lt,
                   np.less_equal: operator.le, np.greater: operator.gt,
                   np.greater_equal: operator.ge}


def _legacy_new(cls, *args, **kwargs):
    """``torch.Tensor(...)`` is the legacy constructor: sizes or data, in the default dtype."""
    return C.legacy_tensor_new(cls, args, kwargs)


def _attach():
    methods = _registry.methods(_inplace)
    methods.update(__getitem__=getitem, __setitem__=setitem)
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
        **{f"__{op.__name__}__": _comparison_operator(op, ufunc) for op, ufunc in (
            (eq, np.equal), (ne, np.not_equal), (lt, np.less), (le, np.less_equal),
            (gt, np.greater), (ge, np.greater_equal))},
        **{f"__{name}__": _or_not_implemented(op) for name, op in (
            ("and", bitwise_and), ("or", bitwise_or), ("xor", bitwise_xor),
            ("rand", bitwise_and), ("ror", bitwise_or), ("rxor", bitwise_xor))},
        __iadd__=methods["add_"], __isub__=methods["sub_"], __imul__=methods["mul_"],
        __itruediv__=methods["div_"], __ipow__=methods["pow_"],
        __ifloordiv__=methods["floor_divide_"], __imod__=methods["remainder_"],
        __iand__=methods["bitwise_and_"], __ior__=methods["bitwise_or_"],
        __ixor__=methods["bitwise_xor_"],
    )
    for name, fn in methods.items():
        setattr(Tensor, name, fn)
    Tensor.__new__ = staticmethod(_legacy_new)
    Tensor.T = property(_T)
    Tensor.mT = property(lambda self: transpose(self, -2, -1))
    read_only_properties(Tensor)
    attach_parts()


_attach()
