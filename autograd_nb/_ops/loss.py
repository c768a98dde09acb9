"""Losses: mse_loss, nll_loss, binary_cross_entropy, binary_cross_entropy_with_logits.

Each returns the per-element losses or their mean or sum (``reduction``, checked by the function
layer in ``nn.functional``). Formulas are torch's (derivatives.yaml and Loss.cpp), written with
operators and ``_math`` so that they also run on Tensors under ``create_graph``. cross_entropy is
not an op: as in torch it is log_softmax followed by nll_loss.

Legacy names: 0.2's THNN criterions (``MSELossBackward``, ...) and 0.1's forward Functions in
``torch.nn._functions.thnn.auto`` [INF, research/print_spec.md §4].
binary_cross_entropy_with_logits was a composite of basic ops in 0.2 and did not exist in 0.1,
so it keeps its modern name there.
"""
import numpy as np

from .._core._tensor import Tensor
from ._math import expand, log, scatter_into
from ._table import defop

_THNN = "torch.nn._functions.thnn.auto."


def _is_array(x):
    """An array or NumPy scalar (the backward pass), not a Tensor (``create_graph``)."""
    return not isinstance(x, Tensor)


def _numel(x):
    return np.size(x) if _is_array(x) else x.numel()


def _reduce(losses, reduction):
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses


def _per_element(grad, reduction, n):
    """The gradient reaching each element's loss: 1/n of a mean's, all of a sum's."""
    return grad / n if reduction == "mean" else grad


# -- mse_loss ------------------------------------------------------------------------------------
def _mse_grad(grad, self, target, reduction):
    # torch: (2 / n if mean else 2) * (self - target) * grad, n the broadcast element count
    diff = self - target
    return diff * (2 / _numel(diff) if reduction == "mean" else 2) * grad


MSE_LOSS = defop(
    "mse_loss", lambda a, t, reduction: _reduce(np.square(a - t), reduction), "MseLossBackward0",
    quiet=True,
    inputs=("self", "target"), params=("reduction",), grads_match_inputs=True,
    legacy={"0.2": "MSELossBackward", "0.1": _THNN + "MSELoss"},
    self=lambda grad, self, target, reduction: _mse_grad(grad, self, target, reduction),
    target=lambda grad, self, target, reduction: -_mse_grad(grad, self, target, reduction))


# -- nll_loss ------------------------------------------------------------------------------------
# ``index`` picks each entry's target class: (rows, classes) for (N, C) inputs, (classes,) for
# one sample of shape (C,), (rows, classes, positions...) for (N, C, d1, ...), with ignored
# entries pointing at class 0. ``weights`` is the weight of each entry's class (0 where ignored),
# or None when every entry weighs 1; ``total_weight`` their sum, the divisor of a mean.
# ``ignored`` marks the ignored entries (None: none is): torch skips them, so that the value
# they point at counts for nothing, even -inf (which a weight of 0 would turn into nan).
def _nll_loss(logp, index, weights, total_weight, reduction, ignored):
    losses = -logp[index]
    if weights is not None:
        losses = losses * weights
    if ignored is not None:
        losses = np.where(ignored, 0, losses)  # +0.0, as torch's
    if reduction == "none":
        return losses
    total = losses.sum()
    if reduction == "sum":
        return total
    return total / logp.dtype.type(total_weight)  # all ignored: nan, silently (a quiet op)


def _nll_loss_grad(grad, self_shape, index, weights, total_weight, reduction, ignored):
    """-weight (over the total weight for a mean) at each entry's target class, zero elsewhere
    (+0.0 for ignored entries, as torch, where -grad * 0 would be -0.0)."""
    coef = -grad
    if reduction == "mean":
        coef = coef / total_weight
    if weights is not None:
        coef = coef * weights
    if _is_array(coef):
        coef = np.asarray(coef) if ignored is None else np.where(ignored, 0, coef)
        out = np.zeros(self_shape, coef.dtype)
        out[index] = coef   # one class per entry: no index repeats
        return out
    entries = np.broadcast_shapes(*(np.shape(i) for i in index))
    return scatter_into(expand(coef, entries), self_shape, index)  # create_graph


NLL_LOSS = defop(
    "nll_loss", _nll_loss, "NllLossBackward0", quiet=True,
    params=("index", "weights", "total_weight", "reduction", "ignored"), grads_match_inputs=True,
    legacy={"0.2": "NLLLossBackward", "0.1": _THNN + "NLLLoss"}, self=_nll_loss_grad)
# The same loss over (N, C, H, W) inputs, per pixel: torch's own node (nll_loss2d), which other
# shapes of three or more dims reach through a view to (N, C, 1, -1).
NLL_LOSS2D = defop(
    "nll_loss2d", _nll_loss, "NllLoss2DBackward0", quiet=True,
    params=("index", "weights", "total_weight", "reduction", "ignored"), grads_match_inputs=True,
    legacy={"0.2": "NLLLoss2dBackward", "0.1": _THNN + "NLLLoss2d"}, self=_nll_loss_grad)


# -- binary_cross_entropy ------------------------------------------------------------------------
_EPSILON = 1e-12  # torch's floor under x * (1 - x) in the gradient


def _bce(x, t, weight, reduction):
    # log(0) is -inf, clamped to -100 as torch does, so that a confident mistake costs 100
    with np.errstate(divide="ignore"):
        losses = (t - 1) * np.maximum(np.log1p(-x), -100) - t * np.maximum(np.log(x), -100)
    if weight is not None:
        losses = losses * weight
    return _reduce(losses, reduction)


def _clamp_min(x, bound):
    return np.maximum(x, bound) if _is_array(x) else x.clamp(min=bound)


def _weighted(g, weight, reduction, n):
    g = _per_element(g, reduction, n)
    return g if weight is None else g * weight


def _bce_grad(grad, self, target, weight, reduction):
    g = grad * (self - target) / _clamp_min((1 - self) * self, _EPSILON)
    return _weighted(g, weight, reduction, _numel(self))


def _bce_target_grad(grad, self, weight, reduction):
    with np.errstate(divide="ignore"):
        g = grad * (log(1 - self) - log(self))   # -logit(self)
    return _weighted(g, weight, reduction, _numel(self))


BINARY_CROSS_ENTROPY = defop(
    "binary_cross_entropy", _bce, "BinaryCrossEntropyBackward0", quiet=True,
    inputs=("self", "target"),
    params=("weight", "reduction"), grads_match_inputs=True,
    legacy={"0.2": "BCELossBackward", "0.1": _THNN + "BCELoss"},
    self=_bce_grad, target=_bce_target_grad)


# -- binary_cross_entropy_with_logits -------------------------------------------------------------
def _log_sigmoid(x):
    """log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)), without overflow."""
    if _is_array(x):
        return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))
    return x.clamp(max=0) - (-x.abs()).exp().log1p()


def _sigmoid(x):
    return np.exp(_log_sigmoid(x)) if _is_array(x) else x.sigmoid()


def _bce_logits(x, t, weight, pos_weight, reduction):
    log_sig = _log_sigmoid(x)
    if pos_weight is not None:
        log_sig = log_sig * ((pos_weight - 1) * t + 1)
    losses = (1 - t) * x - log_sig
    if weight is not None:
        losses = losses * weight
    return _reduce(losses, reduction)


def _bce_logits_grad(grad, self, target, weight, pos_weight, reduction):
    if pos_weight is None:
        g = _sigmoid(self) - target
    else:
        pt = pos_weight * target
        g = (pt + 1 - target) * _sigmoid(self) - pt
    return _weighted(g * grad, weight, reduction, _numel(self))


def _bce_logits_target_grad(grad, self, weight, pos_weight, reduction):
    if pos_weight is None:
        g = -self
    else:
        g = _log_sigmoid(-self) - pos_weight * _log_sigmoid(self)
    return _weighted(g * grad, weight, reduction, _numel(self))


BINARY_CROSS_ENTROPY_WITH_LOGITS = defop(
    "binary_cross_entropy_with_logits", _bce_logits, "BinaryCrossEntropyWithLogitsBackward0",
    quiet=True,
    inputs=("self", "target"), params=("weight", "pos_weight", "reduction"),
    grads_match_inputs=True,
    self=_bce_logits_grad, target=_bce_logits_target_grad)
