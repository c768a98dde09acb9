"""nn.functional.batch_norm: torch's checks and running statistics over the native_batch_norm
op (``_ops/norm.py``)."""
import numpy as np

from .._core._tensor import Tensor
from .._functions._signatures import check_call
from .._ops import norm as N
from .._ops._table import call

__all__ = ["batch_norm"]


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Normalise each channel (dim 1) by the batch's statistics (``training``, which also moves
    the running ones towards them by ``momentum``) or by the running ones; then scale and
    shift.

    >>> x = autograd_nb.randn(8, 3)
    >>> F.batch_norm(x, None, None, training=True).mean(0).abs().max() < 1e-6
    tensor(True)
    """
    channels = input.shape[1] if input.dim() > 1 else 0
    if training:
        size = input.numel() // max(channels, 1)
        if size == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input "
                             f"size {input.size()}")
    check_call("batch_norm", input, weight, bias, running_mean, running_var, training, momentum,
               eps, False)
    for name, stat in (("running_mean", running_mean), ("running_var", running_var)):
        if stat is not None and stat.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {stat.numel()}")
    x = input._data
    weight = weight if weight is not None else Tensor._make(np.ones(channels, x.dtype))
    bias = bias if bias is not None else Tensor._make(np.zeros(channels, x.dtype))
    if training or running_mean is None or running_var is None:
        if training:
            _update_running(x, running_mean, running_var, momentum)
        stats = None
    else:
        stats = (running_mean._data.astype(x.dtype, copy=False),
                 running_var._data.astype(x.dtype, copy=False))
    return call(N.BATCH_NORM, (input, weight, bias), (stats, eps))


def _update_running(x, running_mean, running_var, momentum):
    """running <- (1 - momentum) running + momentum batch (the variance unbiased), in place."""
    axes = (0,) + tuple(range(2, x.ndim))
    n = x.size // x.shape[1]
    if running_mean is not None:
        mean = x.mean(axis=axes)
        running_mean._data *= 1 - momentum
        running_mean._data += momentum * mean
        running_mean._version_counter[0] += 1
    if running_var is not None:
        var = x.var(axis=axes) * (n / (n - 1))
        running_var._data *= 1 - momentum
        running_var._data += momentum * var
        running_var._version_counter[0] += 1
