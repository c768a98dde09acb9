"""Batch normalisation: ``native_batch_norm``, torch's NativeBatchNormBackward0.

Over the channel dim 1 of an (N, C, ...) input: in training, each channel is normalised by the
mean and (biased) variance of its own values in the batch; in evaluation, by the running
statistics (``stats``, a parameter). Then scaled by ``weight`` and shifted by ``bias``
(ones and zeros that need no grad when the layer is not affine).

The formulas recompute the batch statistics from the saved input with operators, so that they
also run on Tensors: second derivatives come from differentiating them (create_graph).
"""
import numpy as np

from .._core._tensor import Tensor
from ._math import sqrt
from ._table import defop


def _axes(x):
    return (0,) + tuple(range(2, x.ndim))


def _channel(v, ndim):
    """A per-channel vector (C,) shaped to broadcast against an (N, C, ...) input."""
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def _mean(x, axes):
    if isinstance(x, Tensor):
        return x.mean(dim=axes, keepdim=True)
    return x.mean(axis=axes, keepdims=True)


def _sum(x, axes):
    return x.sum(dim=axes) if isinstance(x, Tensor) else x.sum(axis=axes)


def _normalised(x, stats, eps):
    """(x - mean) / sqrt(var + eps), and 1 / sqrt(var + eps), from the batch (stats None) or
    from the running (mean, var)."""
    if stats is None:
        axes = _axes(x)
        centred = x - _mean(x, axes)
        invstd = 1 / sqrt(_mean(centred * centred, axes) + eps)
        return centred * invstd, invstd
    mean, var = (_channel(s, x.ndim) for s in stats)
    invstd = 1 / np.sqrt(var + eps)
    return (x - mean) * invstd, invstd


def _batch_norm(x, weight, bias, stats, eps):
    xhat, _ = _normalised(x, stats, eps)
    out = xhat * _channel(weight, x.ndim) + _channel(bias, x.ndim)
    return out.astype(x.dtype, copy=False)


def _input_grad(grad, input, weight, stats, eps):
    xhat, invstd = _normalised(input, stats, eps)
    g = grad * _channel(weight, input.ndim)
    if stats is not None:   # the statistics are constants
        return g * invstd
    axes = _axes(input)
    return invstd * (g - _mean(g, axes) - xhat * _mean(g * xhat, axes))


def _weight_grad(grad, input, stats, eps):
    xhat, _ = _normalised(input, stats, eps)
    return _sum(grad * xhat, _axes(input))


# ``stats``: None in training (batch statistics), else the running (mean, var) arrays.
BATCH_NORM = defop(
    "native_batch_norm", _batch_norm, "NativeBatchNormBackward0",
    inputs=("input", "weight", "bias"), params=("stats", "eps"),
    legacy={"0.2": "BatchNormBackward", "0.1": "torch.nn._functions.batchnorm.BatchNorm"},
    input=lambda grad, input, weight, stats, eps: _input_grad(grad, input, weight, stats, eps),
    weight=lambda grad, input, stats, eps: _weight_grad(grad, input, stats, eps),
    bias=lambda grad, input: _sum(grad, _axes(input)))
