"""Reductions: sum, mean, max/min, prod, var/std, norm, logsumexp, cumsum.

``dim`` arrives normalised (a tuple of non-negative ints, or None for all dims) from the function
layer; ``keepdim`` is a bool.
"""
import math

import numpy as np

from ._math import (_is_tensor, count_true, exp, expand, mean_dims, scatter_along, sgn,
                    sum_dims, unsqueeze_dims, where)
from .._core._dtype import FLOAT_SCALARS
from ._table import call, defop, sum_to


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _unreduce(grad, dim, keepdim, shape):
    """The gradient of a reduction over ``dim``, broadcast back to the input's ``shape``."""
    if not keepdim and dim:
        grad = unsqueeze_dims(grad, dim)
    return expand(grad, shape)


def _keep(value, dim, keepdim):
    """A reduced value (result or grad) with the reduced dims kept, for broadcasting."""
    return value if keepdim else unsqueeze_dims(value, dim)


# Reductions taking ``dtype=`` are marked ``grads_match_inputs``: that casts the gradient back to
# the input's dtype when ``dtype`` changed it.
# np.add.reduce is what np.sum runs, without its Python layer (and NumPy's overflow warning is
# then attributed to autograd_nb, where _ops/__init__.py silences it, as torch is silent).
SUM = defop("sum", lambda a, dtype: np.add.reduce(a, axis=None, dtype=dtype), "SumBackward0",
            params=("dtype",), grads_match_inputs=True,
            legacy={"0.2": "SumBackward", "0.1": "reduce.Sum"},
            self=lambda grad, self_shape: expand(grad, self_shape))
SUM_DIM = defop("sum_dim", lambda a, dim, keepdim, dtype: np.add.reduce(
                    a, axis=dim, keepdims=keepdim, dtype=dtype),
                "SumBackward1", params=("dim", "keepdim", "dtype"), grads_match_inputs=True,
                legacy={"0.2": "SumBackward", "0.1": "reduce.Sum"},
                self=lambda grad, self_shape, dim, keepdim: _unreduce(grad, dim, keepdim,
                                                                      self_shape))
def _mean(a, dim=None, keepdim=False, dtype=None):
    """np.mean's sum-then-divide (np.sum's reduction, called without its Python layer), without
    its warning for an empty input: torch quietly gives nan."""
    total = np.add.reduce(a, axis=dim, dtype=dtype, keepdims=keepdim)
    count = a.size if dim is None else _numel([a.shape[d] for d in dim])
    if not count:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.true_divide(total, count,
                                  dtype=total.dtype if total.dtype.kind in "fV" else None)
    return np.true_divide(total, count, dtype=total.dtype if total.dtype.kind in "fV" else None)


MEAN = defop("mean", lambda a, dtype: _mean(a, dtype=dtype), "MeanBackward0",
             params=("dtype",),
             grads_match_inputs=True, legacy={"0.2": "MeanBackward", "0.1": "reduce.Mean"},
             self=lambda grad, self_shape: expand(grad / _numel(self_shape), self_shape))
MEAN_DIM = defop(
    "mean_dim", lambda a, dim, keepdim, dtype: _mean(a, dim, keepdim, dtype),
    "MeanBackward1", params=("dim", "keepdim", "dtype"), grads_match_inputs=True,
    legacy={"0.2": "MeanBackward", "0.1": "reduce.Mean"},
    self=lambda grad, self_shape, dim, keepdim: _unreduce(
        grad / _numel([self_shape[d] for d in dim]), dim, keepdim, self_shape))


def _evenly(grad, self, result):
    """Full max/min: the gradient is shared evenly among the elements equal to the extreme, or
    among the NaNs when the result is NaN (as torch; amax/amin do not, see _amax_grad)."""
    mask = (self != self) if result != result else (self == result)  # noqa: PLR0124 - NaN test
    return where(mask, grad / count_true(mask, None, grad), 0.0)


MAX = defop("max", np.max, "MaxBackward1", legacy={"0.2": "MaxBackward", "0.1": "reduce.Max"},
            self=lambda grad, self, result: _evenly(grad, self, result))
MIN = defop("min", np.min, "MinBackward1", legacy={"0.2": "MinBackward", "0.1": "reduce.Min"},
            self=lambda grad, self, result: _evenly(grad, self, result))


def _select_along(a, dim, keepdim, indices):
    if a.ndim == 0:  # max(0) of a 0-d tensor: the tensor itself
        return a.copy()
    values = np.take_along_axis(a, np.expand_dims(indices, dim), axis=dim)
    return values if keepdim else np.squeeze(values, axis=dim)


def _indexed_grad(grad, self_shape, dim, keepdim, indices):
    """max(dim)/min(dim)/sort/topk: the gradient goes to the chosen positions only.
    ``indices`` come without the reduced dim, also with keepdim (argmax's result)."""
    if not self_shape:
        return grad
    idx = np.expand_dims(indices, dim)
    return scatter_along(_keep(grad, (dim,), keepdim), idx, dim, self_shape)


# ``indices`` comes from the function layer (argmax/argmin), so values and indices agree.
MAX_DIM = defop("max_dim", _select_along, "MaxBackward0", params=("dim", "keepdim", "indices"),
                legacy={"0.2": "MaxBackward", "0.1": "reduce.Max"}, self=_indexed_grad)
MIN_DIM = defop("min_dim", _select_along, "MinBackward0", params=("dim", "keepdim", "indices"),
                legacy={"0.2": "MinBackward", "0.1": "reduce.Min"}, self=_indexed_grad)


def _amax_grad(grad, self, result, dim, keepdim):
    """Shared evenly among the extremes; a product with the mask, as torch (-0. included)."""
    mask = self == _keep(result, dim, keepdim)
    grad = _keep(grad, dim, keepdim)
    return grad / count_true(mask, dim, grad) * mask


AMAX = defop("amax", lambda a, dim, keepdim: np.amax(a, axis=dim, keepdims=keepdim),
             "AmaxBackward0", params=("dim", "keepdim"), legacy={"0.2": "MaxBackward"},
             self=_amax_grad)
AMIN = defop("amin", lambda a, dim, keepdim: np.amin(a, axis=dim, keepdims=keepdim),
             "AminBackward0", params=("dim", "keepdim"), legacy={"0.2": "MinBackward"},
             self=_amax_grad)


def _prod_grad(grad, self, result, dim, keepdim):
    """Product of all the other elements, correct with zeros (result / self is not)."""
    if dim is None:
        dim, keepdim = tuple(range(np.ndim(self))), False
    if np.all(getattr(self, "_data", self) != 0):
        return _keep(grad, dim, keepdim) * _keep(result, dim, keepdim) / self
    if _is_tensor(self):
        return _keep(grad, dim, keepdim) * _others_product(self, dim)
    moved = np.moveaxis(self, dim, tuple(range(-len(dim), 0)))
    flat = moved.reshape(moved.shape[:moved.ndim - len(dim)] + (-1,))
    ones = np.ones(flat.shape[:-1] + (1,), flat.dtype)
    left = np.cumprod(np.concatenate([ones, flat[..., :-1]], -1), -1)
    right = np.cumprod(np.concatenate([ones, flat[..., :0:-1]], -1), -1)[..., ::-1]
    others = np.moveaxis((left * right).reshape(moved.shape), tuple(range(-len(dim), 0)), dim)
    return _keep(grad, dim, keepdim) * others


def _others_product(self, dim):
    """The product of the other elements, with zeros, as differentiable ops (create_graph).
    The zeros are left out of the product and put back as a linear factor where exactly one
    of them is among the others: the right value and the right first derivative."""
    zero = self == 0
    safe = where(zero, 1.0, self)
    product = call(PROD_DIM, (safe,), (dim, True, None)) / safe
    zeros_among_others = count_true(zero, dim, self) - where(zero, 1.0, 0.0)
    the_zeros = where(zero, self, 0.0)
    other_zero = sum_dims(the_zeros, dim, keepdim=True) - the_zeros
    return product * where(zeros_among_others == 0, 1.0,
                           where(zeros_among_others == 1, other_zero, 0.0))


PROD = defop("prod", lambda a, dim, keepdim, dtype: np.prod(a, axis=dim, keepdims=keepdim,
                                                            dtype=dtype),
             "ProdBackward0", quiet=True, params=("dim", "keepdim", "dtype"),
             legacy={"0.2": "ProdBackward", "0.1": "reduce.Prod"},
             self=lambda grad, self, result, dim, keepdim: _prod_grad(grad, self, result, dim,
                                                                      keepdim))
PROD_DIM = defop("prod_dim", lambda a, dim, keepdim, dtype: np.prod(a, axis=dim, keepdims=keepdim,
                                                                    dtype=dtype),
                 "ProdBackward1", quiet=True, params=("dim", "keepdim", "dtype"),
                 legacy={"0.2": "ProdBackward", "0.1": "reduce.Prod"},
                 self=lambda grad, self, result, dim, keepdim: _prod_grad(grad, self, result, dim,
                                                                          keepdim))


def _var_grad(grad, self, dim, correction, keepdim):
    n = _numel([np.shape(self)[d] for d in dim])
    centred = self - mean_dims(self, dim)
    return _keep(grad, dim, keepdim) * 2 * centred / max(n - correction, 0)


def _std_grad(grad, self, result, dim, correction, keepdim):
    # torch defines the gradient as 0 where the std is 0 (all values equal), not 0/0
    std = _keep(result, dim, keepdim)
    zero = std == 0
    return where(zero, 0.0, _var_grad(grad, self, dim, correction, keepdim)
                 / (2 * where(zero, 1.0, std)))


VAR = defop("var", lambda a, dim, correction, keepdim: np.var(a, axis=dim, ddof=correction,
                                                               keepdims=keepdim),
            "VarBackward0", quiet=True, params=("dim", "correction", "keepdim"),
            legacy={"0.2": "VarBackward", "0.1": "reduce.Var"}, self=_var_grad)
STD = defop("std", lambda a, dim, correction, keepdim: np.std(a, axis=dim, ddof=correction,
                                                               keepdims=keepdim),
            "StdBackward0", quiet=True, params=("dim", "correction", "keepdim"),
            legacy={"0.2": "StdBackward", "0.1": "reduce.Std"}, self=_std_grad)


def _root(total):
    """``np.sqrt`` of a sum of squares, without a ufunc call for a NumPy float scalar: its
    float64 square root rounded to the scalar's type is the correctly rounded root, as
    np.sqrt's (the double rounding is innocuous for float16 and float32;
    tests/test_scalar_math.py checks every float16 and random float32 values)."""
    kind = type(total)
    if kind in FLOAT_SCALARS:
        return kind(math.sqrt(total))
    return np.sqrt(total)


def _vector_norm(a, ord, dim, keepdim):
    if a.dtype.kind == "c":  # the norm of the moduli, a real number
        a = np.abs(a)
    if ord == 2:
        if not keepdim and (dim is None or len(dim) == a.ndim) and a.flags.c_contiguous:
            flat = a.reshape(-1)
            return _root(np.dot(flat, flat))  # the whole tensor: one pass, no temporaries
        return np.sqrt(np.sum(a * a, axis=dim, keepdims=keepdim))
    a = np.abs(a)
    if ord == np.inf:
        return np.max(a, axis=dim, keepdims=keepdim)
    if ord == -np.inf:
        return np.min(a, axis=dim, keepdims=keepdim)
    if ord == 0:
        return np.sum(a != 0, axis=dim, keepdims=keepdim).astype(a.dtype)
    if ord == 1:
        return np.sum(a, axis=dim, keepdims=keepdim)
    return np.sum(a ** ord, axis=dim, keepdims=keepdim) ** (1.0 / ord)


def _norm_grad(grad, self, result, ord, dim, keepdim):
    grad, result = _keep(grad, dim, keepdim), _keep(result, dim, keepdim)
    if ord == 0:
        return None  # torch: no gradient at all (the input gets None)
    if ord == 1:
        return grad * sgn(self)
    if ord in (np.inf, -np.inf):
        mask = abs(self) == result
        return sgn(self) * (grad / count_true(mask, dim, grad) * mask)
    if ord == 2:
        return where(result == 0, 0.0, grad * self / where(result == 0, 1.0, result))
    scale = self * abs(self) ** (ord - 2)
    return where(result == 0, 0.0, grad * scale / where(result == 0, 1.0, result) ** (ord - 1))


NORM = defop("norm", _vector_norm, "LinalgVectorNormBackward0", quiet=True,
             params=("ord", "dim", "keepdim"),
             legacy={"0.2": "NormBackward", "0.1": "reduce.Norm"}, self=_norm_grad)


def _dist_grad(grad, self, other, result, p):
    """Reduced to ``self``'s shape here: the output (0-d) says nothing of the broadcast shape,
    so the central reduction, keyed on the output's shape, would not see it."""
    diff = self - other
    g = _norm_grad(grad, diff, result, p, tuple(range(np.ndim(diff))), False)
    return None if g is None else sum_to(g, tuple(np.shape(self)))


DIST = defop("dist", lambda a, b, p: _vector_norm(a - b, p, None, False), "DistBackward0",
             quiet=True, inputs=("self", "other"), params=("p",), grads_match_inputs=True,
             legacy={"0.2": "DistBackward"},
             self=_dist_grad,
             other=lambda grad, self, other, result, p: _dist_grad(grad, other, self, result, p))
NANSUM = defop(
    "nansum", lambda a, dim, keepdim, dtype: np.nansum(a, axis=dim, keepdims=keepdim, dtype=dtype),
    "NansumBackward0", quiet=True, params=("dim", "keepdim", "dtype"), grads_match_inputs=True,
    legacy={"0.2": "SumBackward"},
    self=lambda grad, self, dim, keepdim: _unreduce(grad, dim, keepdim, np.shape(self)) * (
        self == self))  # zero where self is nan


def _logsumexp(a, dim, keepdim):
    peak = np.max(a, axis=dim, keepdims=True, initial=-np.inf)  # of nothing: log(0) = -inf
    peak = np.where(np.isfinite(peak), peak, 0)
    out = np.log(np.sum(np.exp(a - peak), axis=dim, keepdims=True)) + peak
    return out if keepdim else np.squeeze(out, axis=dim)


LOGSUMEXP = defop(
    "logsumexp", _logsumexp, "LogsumexpBackward0", quiet=True, params=("dim", "keepdim"),
    legacy={"0.2": "LogsumexpBackward"},
    self=lambda grad, self, result, dim, keepdim: _keep(grad, dim, keepdim) * exp(
        self - _keep(result, dim, keepdim)))


def _reverse_cumsum(grad, dim):
    if _is_tensor(grad):
        return grad.flip(dim).cumsum(dim).flip(dim)
    if np.ndim(grad) == 0:  # the cumsum of a 0-d tensor is the tensor
        return grad
    return np.flip(np.cumsum(np.flip(grad, dim), axis=dim), dim)


# np.cumsum flattens a 0-d array to shape (1,); torch keeps it 0-d.
CUMSUM = defop("cumsum", lambda a, dim, dtype: np.cumsum(a, axis=dim, dtype=dtype) if a.ndim
               else a.astype(dtype or a.dtype),
               "CumsumBackward0", params=("dim", "dtype"), legacy={"0.2": "CumsumBackward"},
               self=lambda grad, dim: _reverse_cumsum(grad, dim))
