"""torch.nn.functional: activations, linear, dropout and losses as functions of tensors.

Everything here is argument handling over the op tables: the activations are the core's ops,
``linear`` is ``addmm``/``mm`` as in torch, ``dropout`` a multiplication by a random mask, and
the losses are the entries of ``_ops/loss.py`` (``cross_entropy`` is ``log_softmax`` then
``nll_loss``, as in torch, so it is stable for any logits).

>>> import autograd_nb.nn.functional as F
>>> logits = autograd_nb.tensor([[2.0, 0.5, -1.0]], requires_grad=True)
>>> F.cross_entropy(logits, autograd_nb.tensor([0]))
tensor(0.2413, grad_fn=<NllLossBackward0>)
"""
import warnings

import numpy as np

from .._core._errors import size_str
from .._functions import result_np_dtype
from .._functions._promotion import check_broadcast
from .._functions._creation import _rng
from .._functions._signatures import check_call, declared
from .._functions.arithmetic import relu as _relu
from .._functions.inplace import _check_inplace
from .._functions._refusals import refuse_complex
from .._functions.matmul import addmm, matmul, mm
from .._ops import activation as A, loss as L, shape as S
from .._ops._table import call
from .._core._tensor import Tensor
from ._conv import *  # noqa: F401,F403
from ._conv import __all__ as _conv_all
from ._conv import max_pool1d_with_indices, max_pool2d_with_indices  # noqa: F401
from ._norm import batch_norm
from ._pad import pad

__all__ = ["relu", "relu_", "tanh", "sigmoid", "softmax", "log_softmax", "leaky_relu", "elu",
           "gelu", "silu", "softplus", "linear", "dropout", "mse_loss", "nll_loss",
           "cross_entropy", "binary_cross_entropy", "binary_cross_entropy_with_logits", "batch_norm", "dropout1d", "dropout2d", "pad"] + _conv_all


# -- activations ---------------------------------------------------------------------------------
def relu(input, inplace=False):
    """max(input, 0), elementwise."""
    check_call("relu_" if inplace else "relu", input)
    return input.relu_() if inplace else _relu(input)


@declared("relu_")
def relu_(input):
    return input.relu_()


def tanh(input):
    return input.tanh()


def sigmoid(input):
    return input.sigmoid()


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim``, computed stably. Without ``dim``, torch's old
    implicit choice, with its deprecation warning."""
    if dim is None:
        dim = _implicit_dim("softmax", input.dim(), _stacklevel)
    return input.softmax(dim) if dtype is None else input.softmax(dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(x)) along ``dim``, computed stably (x - logsumexp(x))."""
    if dim is None:
        dim = _implicit_dim("log_softmax", input.dim(), _stacklevel)
    return input.log_softmax(dim) if dtype is None else input.log_softmax(dim, dtype=dtype)


def _implicit_dim(name, ndim, stacklevel):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to "
                  "include dim=X as an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def _no_inplace(name, inplace, input):
    if inplace:
        _check_inplace(input)   # torch's error for a leaf comes first
        raise NotImplementedError(f"autograd_nb has no in-place {name}; use inplace=False")


def leaky_relu(input, negative_slope=0.01, inplace=False):
    check_call("leaky_relu_" if inplace else "leaky_relu", input, negative_slope)
    _no_inplace("leaky_relu", inplace, input)
    refuse_complex("leaky_relu", input)
    return call(A.LEAKY_RELU, (input,), (negative_slope,))


def elu(input, alpha=1.0, inplace=False):
    check_call("elu_" if inplace else "elu", input, alpha)
    _no_inplace("elu", inplace, input)
    return call(A.ELU, (input,), (alpha,))


@declared("gelu")
def gelu(input, *, approximate="none"):
    if approximate != "none":
        raise NotImplementedError("autograd_nb's gelu has only approximate='none'")
    refuse_complex("gelu", input)
    return call(A.GELU, (input,))


def silu(input, inplace=False):
    check_call("silu", input)
    _no_inplace("silu", inplace, input)
    return call(A.SILU, (input,))


@declared("softplus")
def softplus(input, beta=1.0, threshold=20.0):
    refuse_complex("softplus", input)
    return call(A.SOFTPLUS, (input,), (beta, threshold))


# -- linear and dropout --------------------------------------------------------------------------
@declared("linear")
def linear(input, weight, bias=None):
    """input @ weight.T + bias, recorded as torch records it: AddmmBackward0 (MmBackward0 without
    a bias) for a matrix input; other inputs are folded into a matrix and back."""
    if weight._raw.ndim != 2:  # torch: input @ weight.t(), or addmm for a matrix and a bias
        if bias is not None and input._raw.ndim == 2:
            raise RuntimeError(f"mat2 must be a matrix, got {weight._raw.ndim}-D tensor")
        out = matmul(input, weight.t() if weight._raw.ndim else weight)
        return out if bias is None else out + bias
    shape, (n_out, n_in) = input._raw.shape, weight._raw.shape
    if not shape or shape[-1] != n_in:
        k = shape[-1] if shape else 1
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                           f"({input.numel() // k if k else 1}x{k} and {n_in}x{n_out})")
    w_t = weight.t()
    if len(shape) == 2:
        return mm(input, w_t) if bias is None else addmm(bias, input, w_t)
    if bias is None:
        if len(shape) == 1:
            return matmul(input, w_t)  # SqueezeBackward4 over MmBackward0
        out = mm(input.reshape(-1, n_in), w_t)
        return call(S.UNSAFE_VIEW, (out,), (shape[:-1] + (n_out,),))
    if len(shape) == 1 or input.is_contiguous():
        return addmm(bias, input.reshape(-1, n_in), w_t).view(shape[:-1] + (n_out,))
    return matmul(input, w_t) + bias


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p`` and scale the rest by 1 / (1 - p) (training
    only; otherwise ``input`` itself). The mask comes from the generator ``manual_seed`` seeds."""
    _check_p(p)
    check_call("dropout", input, p, training)
    return _dropout(input, p, training, inplace, input.shape)


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _dropout(input, p, training, inplace, mask_shape):
    """``input`` times a random mask of ``mask_shape`` (broadcast: whole channels share one)."""
    if not training or p == 0 or input.numel() == 0:
        return input
    if p == 1:
        mask = np.zeros(mask_shape, input._raw.dtype)
    else:
        keep = _rng(None).random(mask_shape) >= p  # kept with probability 1 - p
        mask = keep.astype(input._raw.dtype) / input._raw.dtype.type(1 - p)
    mask = Tensor._make(mask)
    return input.mul_(mask) if inplace else input * mask


def _channel_mask(input, batched):
    """One mask value per channel (and per sample, when ``batched``)."""
    keep = 2 if batched else 1
    return tuple(input.shape[:keep]) + (1,) * (input.dim() - keep)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) inputs with probability ``p``."""
    _check_p(p)
    if input.dim() not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.dim()}D "
                           "input. Note that dropout1d exists to provide channel-wise dropout on "
                           "inputs with 1 spatial dimension, a channel dimension, and an optional "
                           "batch dimension (i.e. 2D or 3D inputs).")
    check_call("feature_dropout", input, p, training)
    return _dropout(input, p, training, inplace, _channel_mask(input, input.dim() == 3))


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, H, W) or (C, H, W) inputs with probability ``p``."""
    _check_p(p)
    ndim = input.dim()
    if ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {ndim}-D input to dropout2d, which is deprecated "
                      "and will result in an error in a future release. To retain the behavior "
                      "and silence this warning, please use dropout instead. Note that dropout2d "
                      "exists to provide channel-wise dropout on inputs with 2 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D "
                      "or 4D inputs).", UserWarning, stacklevel=2)
    if ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise "
                      "1D dropout behavior is desired - input is interpreted as shape (N, C, L), "
                      "where C is the channel dim. This behavior will change in a future release "
                      "to interpret the input as one without a batch dimension, i.e. shape (C, H, "
                      "W). To maintain the 1D channel-wise dropout behavior, please switch to "
                      "using dropout1d instead.", UserWarning, stacklevel=2)
    check_call("feature_dropout", input, p, training)
    return _dropout(input, p, training, inplace, _channel_mask(input, ndim > 1))


# -- reduction arguments -------------------------------------------------------------------------
_REDUCTIONS = ("none", "mean", "sum")


def _reduction(reduction, size_average=None, reduce=None):
    """The reduction to apply, from ``reduction`` or from the deprecated size_average / reduce."""
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        reduction = "mean" if size_average and reduce else "sum" if reduce else "none"
        warnings.warn("size_average and reduce args will be deprecated, please use "
                      f"reduction='{reduction}' instead.", UserWarning, stacklevel=3)
        return reduction
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' "
                      "instead.", UserWarning, stacklevel=3)
        return "mean"
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _same_float(x, like):
    """``x`` in ``like``'s dtype (the targets of the binary losses)."""
    return x if x._raw.dtype == like._raw.dtype else x.to(like.dtype)


# -- regression ----------------------------------------------------------------------------------
def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean (or sum, or each) of the squared differences; shapes broadcast, with torch's
    warning when they differ."""
    if target.size() != input.size():
        warnings.warn(f"Using a target size ({size_str(target.shape)}) that is different to the "
                      f"input size ({size_str(input.shape)}). This will likely lead to incorrect "
                      "results due to broadcasting. Please ensure they have the same size.",
                      UserWarning, stacklevel=2)
    refuse_complex("mse", input, target)
    reduction = _reduction(reduction, size_average, reduce)
    check_broadcast(input.shape, target.shape)
    shape = np.broadcast_shapes(input.shape, target.shape)
    input = input if input.shape == shape else input.expand(shape)
    target = target if target.shape == shape else target.expand(shape)
    if weight is not None:  # composite, as in torch
        if weight.shape != input.shape:
            raise ValueError("Weights and input must have the same size.")
        losses = (input - target) ** 2 * weight
        if reduction == "none":
            return losses
        return losses.sum() if reduction == "sum" else losses.sum() / weight.sum()
    dt = result_np_dtype(input, target)
    if dt.kind not in "fV":
        dt = np.dtype(np.float32)
    same = input._raw.dtype == dt and target._raw.dtype == dt
    return call(L.MSE_LOSS, (input, target), (reduction,), cast=None if same else dt)


# -- classification ------------------------------------------------------------------------------
def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """The negative log-likelihood of the target classes, given log-probabilities ``input`` of
    shape (N, C), (C,) or (N, C, d1, ...), and class indices ``target``."""
    reduction = _reduction(reduction, size_average, reduce)
    check_call("nll_loss_nd", input, target, weight, _REDUCTIONS.index(reduction), ignore_index)
    t = _class_target(input, target)
    shape = input._raw.shape
    if len(shape) < 3:
        return _nll(L.NLL_LOSS, input, t, weight, ignore_index, reduction)
    if len(shape) == 4:
        return _nll(L.NLL_LOSS2D, input, t, weight, ignore_index, reduction)
    # as torch: other per-position shapes go through (N, C, 1, -1) and back
    n, c = shape[:2]
    out = _nll(L.NLL_LOSS2D, input.reshape(n, c, 1, -1), t.reshape(n, 1, -1), weight,
               ignore_index, reduction)
    return out.view((n,) + shape[2:]) if reduction == "none" else out


def _nll(op, input, t, weight, ignore_index, reduction):
    shape = input._raw.shape
    classes = shape[1] if len(shape) >= 2 else shape[0]
    # Fast path: every target a valid class, and none can be ignore_index. (Read as unsigned, a
    # negative class is huge, so one pass over the int64 targets checks both bounds.)
    valid = t.size == 0 or np.maximum.reduce(t.view(np.uint64), axis=None) < classes
    if valid and not 0 <= ignore_index < classes and weight is None:
        return call(op, (input,), (_class_index(t, shape), None, t.size, reduction, None))
    ignored = t == ignore_index
    bad = ~ignored & ((t < 0) | (t >= classes))
    if bad.any():
        raise IndexError(f"Target {t[bad].flat[0]} is out of bounds.")
    t = np.where(ignored, 0, t)
    dtype = input._raw.dtype
    weights = (np.ones(t.shape, dtype) if weight is None
               else weight._data.astype(dtype, copy=False)[t])
    weights[ignored] = 0
    return call(op, (input,), (_class_index(t, shape), weights, float(weights.sum()), reduction,
                               ignored if ignored.any() else None))


def _class_index(t, shape):
    """The index of each entry's target class in an input of ``shape`` (see _ops/loss.py)."""
    if len(shape) == 1:
        return (t,)
    if len(shape) == 2:
        return (_rows(shape[0]), t)
    rows = _rows(shape[0]).reshape((-1,) + (1,) * (t.ndim - 1))
    return (rows, t) + tuple(np.indices(t.shape[1:], sparse=True))


_ROWS = {}  # batch size -> read-only arange: a training loop asks for the same one every step


def _rows(n):
    rows = _ROWS.get(n)
    if rows is None:
        if len(_ROWS) >= 64:
            _ROWS.clear()
        rows = _ROWS[n] = np.arange(n)
        rows.flags.writeable = False
    return rows


def _class_target(input, target):
    """``target``'s class indices as an int64 array, after torch's checks in torch's order:
    the batch size, then the target's rank or size, with the dtype checked before the size only
    for a single sample (an input of one dimension) or a batch of rows."""
    t = target._data
    shape = input._raw.shape
    if not shape:
        raise ValueError("Expected 1 or more dimensions (got 0)")
    if len(shape) == 1:
        _check_class_dtype(target)
        if t.ndim == 1 and t.size != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: "
                             f"{t.size}")
        return t.astype(np.int64, copy=False).reshape(())  # one sample: target () or (1,)
    if t.ndim == 0 or shape[0] != t.shape[0]:
        raise ValueError(f"Expected input batch_size ({shape[0]}) to match target "
                         f"batch_size ({t.shape[0] if t.ndim else 0}).")
    if len(shape) == 2 and t.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if t.shape[1:] != shape[2:]:
        raise RuntimeError(f"Expected target size {_list((shape[0],) + shape[2:])}, got "
                           f"{_list(t.shape)}")
    _check_class_dtype(target)
    return t.astype(np.int64, copy=False)


def _check_class_dtype(target):
    if target._raw.dtype not in (np.int64, np.uint8):
        name = target.dtype.legacy_type.replace("Tensor", "")
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {name}")


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Softmax cross-entropy of raw scores ``input`` (N, C) against class indices, or against
    class probabilities of ``input``'s shape: ``nll_loss(log_softmax(input, 1), target)``.

    >>> F.cross_entropy(autograd_nb.tensor([[2.0, 0.5, -1.0]]), autograd_nb.tensor([0]))
    tensor(0.2413)
    """
    reduction = _reduction(reduction, size_average, reduce)
    check_call("cross_entropy_loss", input, target, weight, _REDUCTIONS.index(reduction),
               ignore_index, label_smoothing)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    class_dim = 1 if input.ndim >= 2 else 0
    logp = log_softmax(input, class_dim)
    if target.shape == input.shape:   # as torch: the shape, not the dtype, says probabilities
        if target._raw.dtype.kind not in "fV":
            name = target.dtype.legacy_type.replace("Tensor", "")
            raise RuntimeError("Expected floating point type for target with class "
                               f"probabilities, got {name}")
        return _cross_entropy_probs(logp, target, weight, reduction, label_smoothing, class_dim)
    loss = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0.0:
        return loss
    return _smoothed(loss, logp, target, weight, ignore_index, reduction, label_smoothing,
                     class_dim)


def _class_weight(weight, logp, class_dim):
    """``weight`` (C,) shaped to broadcast along the class dimension of ``logp``."""
    shape = [1] * logp.ndim
    shape[class_dim] = weight.shape[0]
    return weight.view(shape)


def _cross_entropy_probs(logp, target, weight, reduction, smoothing, class_dim):
    n_classes = logp.shape[class_dim]
    if smoothing > 0:
        target = target * (1 - smoothing) + smoothing / n_classes
    terms = logp * target
    if weight is not None:
        terms = terms * _class_weight(weight, logp, class_dim)
    if reduction == "none":
        return -terms.sum(class_dim)
    if reduction == "sum":
        return -terms.sum()
    return -terms.sum() / (logp.numel() // n_classes)


def _smoothed(loss, logp, target, weight, ignore_index, reduction, smoothing, class_dim):
    """torch's label smoothing for class-index targets: a share ``smoothing / C`` of the loss
    spread evenly over every class."""
    n_classes = logp.shape[class_dim]
    per_class = logp if weight is None else logp * _class_weight(weight, logp, class_dim)
    ignored = Tensor._make(target._data == ignore_index)
    smooth = (-per_class.sum(class_dim)).masked_fill(ignored, 0.0)
    if reduction == "sum":
        smooth = smooth.sum()
    elif reduction == "mean":
        kept = target._data[~ignored._data]
        denom = (float(kept.size) if weight is None
                 else weight[Tensor._make(kept.ravel())].sum())
        smooth = smooth.sum() / denom
    return loss * (1 - smoothing) + smooth * (smoothing / n_classes)


def _list(shape):
    return "[" + ", ".join(map(str, shape)) + "]"


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """-(t log x + (1 - t) log(1 - x)) for probabilities ``input`` in [0, 1]; each log is
    clamped at -100, as in torch."""
    reduction = _reduction(reduction, size_average, reduce)
    if target.size() != input.size():
        raise ValueError(f"Using a target size ({size_str(target.shape)}) that is different to "
                         f"the input size ({size_str(input.shape)}) is deprecated. Please ensure "
                         "they have the same size.")
    x = input._data
    w = None
    if weight is not None:   # torch sizes the weight before it checks the values
        shape = np.broadcast_shapes(target.shape, weight.size())
        w = np.broadcast_to(weight._data.astype(x.dtype, copy=False), shape)
    if not ((x >= 0) & (x <= 1)).all():
        raise RuntimeError("all elements of input should be between 0 and 1")
    t = target._data
    if not ((t >= 0) & (t <= 1)).all():   # NaN included, as torch
        raise RuntimeError("all elements of target should be between 0 and 1")
    target = _same_float(target, input)
    return call(L.BINARY_CROSS_ENTROPY, (input, target), (w, reduction))


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """binary_cross_entropy(sigmoid(input), target), computed stably from the logits;
    ``pos_weight`` weighs the positive examples of each class."""
    reduction = _reduction(reduction, size_average, reduce)
    if target.size() != input.size():
        raise ValueError(f"Target size ({size_str(target.shape)}) must be the same as input size "
                         f"({size_str(input.shape)})")
    check_call("binary_cross_entropy_with_logits", input, target, weight, pos_weight,
               _REDUCTIONS.index(reduction))
    dtype = input._raw.dtype
    w, pw = (None if t is None else t._data.astype(dtype, copy=False) for t in (weight, pos_weight))
    return call(L.BINARY_CROSS_ENTROPY_WITH_LOGITS, (input, _same_float(target, input)),
                (w, pw, reduction))
