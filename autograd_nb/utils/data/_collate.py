"""default_collate: a list of samples to a batch, as torch's DataLoader builds it."""
import collections.abc
import numbers

import numpy as np

from ..._core._dtype import float64
from ..._core._tensor import Tensor
from ..._functions._creation import as_tensor, tensor
from ..._functions.joining import stack

_BAD = ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
        "found {}")


def default_collate(batch):
    """Stack tensors (and NumPy arrays), turn numbers into a tensor, keep strings as a list, and
    collate dicts, named tuples and sequences field by field (a tuple of fields collates to a
    list, as in torch).

    >>> default_collate([(autograd_nb.zeros(2), 0), (autograd_nb.ones(2), 1)])
    [tensor([[0., 0.],
            [1., 1.]]), tensor([0, 1])]
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(batch, 0)
    if isinstance(elem, np.ndarray) and elem.dtype.kind not in "USO":
        return stack([as_tensor(b) for b in batch], 0)
    if isinstance(elem, np.generic) and elem.dtype.kind not in "USO":
        return as_tensor(np.asarray(batch))
    if isinstance(elem, bool) or isinstance(elem, numbers.Integral):
        return tensor(batch)
    if isinstance(elem, float):
        return tensor(batch, dtype=float64)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return _same_type(elem, {key: default_collate([d[key] for d in batch]) for key in elem})
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # a namedtuple
        return type(elem)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(e) != size for e in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [default_collate(list(s)) for s in zip(*batch)]
        return fields if isinstance(elem, tuple) else _same_type(elem, fields)
    raise TypeError(_BAD.format(type(elem)))


def _same_type(elem, value):
    try:
        return type(elem)(value)
    except TypeError:   # a type that cannot be built from its items: a plain dict or list
        return value


def default_convert(data):
    """What an unbatched DataLoader (``batch_size=None``) yields: NumPy arrays become tensors,
    containers are converted item by item, anything else is left alone."""
    if isinstance(data, np.ndarray) and data.dtype.kind not in "USO":
        return as_tensor(data)
    if isinstance(data, np.generic) and data.dtype.kind not in "USO":
        return as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return _same_type(data, {key: default_convert(data[key]) for key in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _same_type(data, [default_convert(d) for d in data])
    return data
