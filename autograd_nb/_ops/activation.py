"""Activations over a dimension or elementwise: softmax, log_softmax, leaky_relu, elu, gelu,
silu, softplus. (relu and sigmoid are in ``pointwise``.)"""
import math

import numpy as np

from ._math import _is_tensor, exp, sum_dims, where
from ._table import defop


# The forwards reduce with ndarray methods (np.max and np.sum add a Python layer that costs more
# than the reduction on a batch of logits) and finish in place in the fresh ``shifted`` / ``e``.
def _softmax(a, dim):
    if not a.size:  # nothing to normalise (a max over no elements would raise)
        return a.copy()
    e = np.exp(a - a.max(axis=dim, keepdims=True))
    e /= e.sum(axis=dim, keepdims=True)
    return e


def _log_softmax(a, dim):
    if not a.size:
        return a.copy()
    shifted = a - a.max(axis=dim, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
    return shifted


SOFTMAX = defop("softmax", _softmax, "SoftmaxBackward0", quiet=True, params=("dim",),
                legacy={"0.2": "SoftmaxBackward", "0.1": "torch.nn._functions.thnn.auto.Softmax"},
                self=lambda grad, result, dim: result * (
                    grad - sum_dims(grad * result, dim, keepdim=True)))
LOG_SOFTMAX = defop(
    "log_softmax", _log_softmax, "LogSoftmaxBackward0", quiet=True, params=("dim",),
    legacy={"0.2": "LogSoftmaxBackward", "0.1": "torch.nn._functions.thnn.auto.LogSoftmax"},
    self=lambda grad, result, dim: grad - exp(result) * sum_dims(grad, dim, keepdim=True))

LEAKY_RELU = defop(
    "leaky_relu", lambda a, slope: np.where(a > 0, a, a * slope).astype(a.dtype, copy=False),
    "LeakyReluBackward0", params=("negative_slope",),
    legacy={"0.2": "LeakyReluBackward", "0.1": "torch.nn._functions.thnn.auto.LeakyReLU"},
    self=lambda grad, self, negative_slope: where(self > 0, grad, grad * negative_slope))
ELU = defop(
    "elu", lambda a, alpha: np.where(a > 0, a, alpha * np.expm1(np.minimum(a, 0))).astype(
        a.dtype, copy=False),
    "EluBackward0", params=("alpha",),
    legacy={"0.2": "ELUBackward", "0.1": "torch.nn._functions.thnn.auto.ELU"},
    self=lambda grad, result, alpha: where(result > 0, grad, grad * (result + alpha)))


def _erf(a):
    # NumPy has no erf; math.erf per element is exact and fine for the sizes gelu sees here.
    return np.vectorize(math.erf, otypes=[a.dtype])(a) if a.size else a.copy()


def _gelu_grad(grad, self):
    cdf = 0.5 * (1 + _erf_any(self * (1 / math.sqrt(2))))
    pdf = exp(self * self * -0.5) * (1 / math.sqrt(2 * math.pi))
    return grad * (cdf + self * pdf)


def _erf_any(x):
    return x.erf() if _is_tensor(x) else _erf(np.asarray(x))  # NumPy may hand a 0-d scalar


GELU = defop("gelu", lambda a: (0.5 * a * (1 + _erf(a / np.sqrt(2)))).astype(a.dtype, copy=False),
             "GeluBackward0", quiet=True, legacy={"0.2": "GeluBackward"}, self=_gelu_grad)
ERF = defop("erf", _erf, "ErfBackward0", legacy={"0.2": "ErfBackward"},
            self=lambda grad, self: grad * (2 / math.sqrt(math.pi)) * exp(-(self * self)))


def _sigmoid_of(x):
    return x.sigmoid() if _is_tensor(x) else 1 / (1 + np.exp(-x))


SILU = defop("silu", lambda a: a / (1 + np.exp(-a)), "SiluBackward0", quiet=True,
             legacy={"0.2": "SiluBackward"},
             self=lambda grad, self: grad * _sigmoid_of(self) * (
                 1 + self * (1 - _sigmoid_of(self))))
SOFTPLUS = defop(
    "softplus", lambda a, beta, threshold: np.where(
        a * beta > threshold, a, np.logaddexp(0, a * beta) / beta).astype(a.dtype, copy=False),
    "SoftplusBackward0", quiet=True, params=("beta", "threshold"),
    legacy={"0.2": "SoftplusBackward", "0.1": "torch.nn._functions.thnn.auto.Softplus"},
    self=lambda grad, self, beta, threshold: where(self * beta > threshold, grad,
                                                   grad * _sigmoid_of(self * beta)))
