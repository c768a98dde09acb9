"""The Tensor methods and Python operators, set on ``Tensor`` once, when the package loads.

Every function takes the tensor first, so it serves as the method of the same name; the
operators (``_operator``) keep a fast path for float tensors of one dtype.
"""
import numpy as np

from .. import _creation as C, _dtype
from .._ops import activation as A, pointwise as P
from .._ops._table import binary, scalar_array
from .._tensor import Tensor
from ._promotion import _UnsupportedOperand, _as_operand, _binary, _or_not_implemented, tensor_of
from .activation import _softmax_like
from .arithmetic import (_rpow, _rremainder, abs, acos, add, addcdiv, addcmul, asin, atan, ceil,
                         clamp, clamp_max, clamp_min, cos, cosh, div, erf, exp, expm1,
                         float_power, floor, floor_divide, fmod, frac, lerp, log, log10, log1p,
                         log2, maximum, minimum, mul, neg, pow, rdiv, reciprocal, relu, remainder,
                         round, rsqrt, rsub, sigmoid, sign, sin, sinh, sqrt, square, sub, tan,
                         tanh, trunc, where)
from .comparison import (_invert, all, allclose, any, bitwise_and, bitwise_not, bitwise_or,
                         bitwise_xor, count_nonzero, eq, equal, ge, gt, isclose, isfinite, isinf,
                         isnan, le, logical_and, logical_not, logical_or, logical_xor, lt, ne,
                         nonzero)
from .conversion import (_cast, _new_factory, cpu, cuda, new_full, new_tensor, tensor_type, to,
                         type_as)
from .indexing import (gather, getitem, index_select, masked_fill, masked_select, setitem,
                       take_along_dim)
from .inplace import (_inplace, copy_, fill_, normal_, squeeze_, t_, transpose_, uniform_,
                      unsqueeze_, zero_)
from .joining import chunk, split, tensor_split, unbind
from .matmul import _as_matrix, addmm, bmm, dot, matmul, mm, mv, outer
from .reduction import (amax, amin, argmax, argmin, cumsum, dist, logsumexp, max, mean, min,
                        nansum, norm, prod, std, sum, var)
from .shape import (_T, broadcast_to, clone, contiguous, diag, expand, expand_as, flatten, flip,
                    movedim, narrow, permute, repeat, reshape, reshape_as, select, squeeze, t,
                    trace, transpose, tril, triu, unflatten, unsqueeze, view, view_as)


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
