"""Padding: ``constant_pad_nd`` (negative pads crop) and the index-based modes reflect,
replicate and circular.

A constant pad's adjoint is the opposite pad (a crop, or padding a crop with zeros), so its
backward is the op itself with the pads negated. The other modes gather the input at an index
per padded position (NumPy's own ``reflect``/``edge``/``wrap`` index patterns); their backward
scatters the gradient back, adding where positions repeat (``index_backward``).
"""
import numpy as np

from .._core._tensor import Tensor
from ._math import scatter_into
from ._table import call, defop


def _constant_pad(x, pads, value):
    """``pads``: one (before, after) pair per dim of ``x``, negative to crop."""
    crop = tuple(slice(-b if b < 0 else 0, n + a if a < 0 else n)
                 for (b, a), n in zip(pads, x.shape))
    x = x[crop]
    grow = [(max(b, 0), max(a, 0)) for b, a in pads]
    if any(b or a for b, a in grow):
        x = np.pad(x, grow, constant_values=value)
    return np.ascontiguousarray(x)


def constant_pad(x, pads, value=0):
    if isinstance(x, Tensor):
        return call(CONSTANT_PAD, (x,), (pads, value))
    return _constant_pad(x, pads, value)


CONSTANT_PAD = defop(
    "constant_pad_nd", _constant_pad, "ConstantPadNdBackward0", params=("pads", "value"),
    legacy={"0.2": "ConstantPadNdBackward", "0.1": "torch.nn._functions.padding.ConstantPadNd"},
    self=lambda grad, pads: constant_pad(grad, tuple((-b, -a) for b, a in pads), 0))

_NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def pad_index(shape, pads, mode):
    """The index (a key for ``x[key]``) of the input position each padded position copies;
    ``pads`` one (before, after) pair per trailing dim padded."""
    lead = len(shape) - len(pads)
    columns = [np.pad(np.arange(n), pair, mode=_NUMPY_MODES[mode])
               for n, pair in zip(shape[lead:], pads)]
    return (slice(None),) * lead + np.ix_(*columns)


def _gather(x, key):
    return x[key]


def _scatter_back(grad, self_shape, key):
    if isinstance(grad, Tensor):
        return scatter_into(grad, self_shape, key)
    out = np.zeros(self_shape, grad.dtype)
    np.add.at(out, key, grad)
    return out


def _index_pad(name, node):
    return defop(name, _gather, node, params=("key",),
                 self=lambda grad, self_shape, key: _scatter_back(grad, self_shape, key))


# One op per mode and number of padded dims, named as torch's nodes; torch pads circularly by
# in-place copies, whose last node is CopySlices.
_NODES = {"reflect": "ReflectionPad{}DBackward0", "replicate": "ReplicationPad{}DBackward0",
          "circular": "CopySlices"}
INDEX_PADS = {(mode, d): _index_pad(f"{mode}_pad{d}d", node.format(d))
              for mode, node in _NODES.items() for d in (1, 2, 3)}
