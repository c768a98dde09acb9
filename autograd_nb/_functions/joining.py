"""Joining and splitting: cat, stack, split, chunk, tensor_split, unbind."""
import builtins
import numbers

import numpy as np

from .._ops import shape as S
from .._ops._table import call
from .._core._tensor import Tensor
from .._core._dims import _list_str, wrap_dim
from ._out import cat_dtype, write_out
from ._promotion import result_np_dtype
from ._registry import export


@export(method=False)
def cat(tensors, dim=0, *, out=None):
    """Join tensors along an existing dimension."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
    ref = next((t for t in tensors if t.shape != (0,)), tensors[0])
    d = wrap_dim(dim, ref.ndim)
    parts = [t for t in tensors if t.shape != (0,) or t is ref]
    for i, t in enumerate(tensors):
        if t.shape == (0,) and t is not ref:
            continue
        if t.ndim != ref.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.ndim} and "
                               f"{t.ndim}")
        for k in range(ref.ndim):
            if k != d and t.shape[k] != ref.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {ref.shape[k]} but got size {t.shape[k]} for "
                                   f"tensor number {i} in the list.")
    target = result_np_dtype(*parts) if len({p._raw.dtype for p in parts}) > 1 else None
    result = call(S.CAT, tuple(parts), (d,), cast=target)
    return result if out is None else write_out("cat", result, out, cat_dtype)


concat = export(cat, name="concat", method=False)
concatenate = export(cat, name="concatenate", method=False)


@export(method=False)
def stack(tensors, dim=0, *, out=None):
    """Join tensors of one shape along a new dimension."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for i, t in enumerate(tensors[1:], 1):
        if t.shape != tensors[0].shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{_list_str(tensors[0].shape)} at entry 0 and "
                               f"{_list_str(t.shape)} at entry {i}")
    d = wrap_dim(dim, tensors[0].ndim + 1)
    target = result_np_dtype(*tensors) if len({p._raw.dtype for p in tensors}) > 1 else None
    result = call(S.STACK, tuple(tensors), (d,), cast=target)
    return result if out is None else write_out("stack", result, out, cat_dtype)


@export(method=False)
def hstack(tensors):
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


@export(method=False)
def vstack(tensors):
    return cat([t.unsqueeze(0) if t.ndim == 1 else t for t in tensors], 0)


def _split_at(input, bounds, dim):
    return call(S.SPLIT, (input,), (list(bounds), dim))


@export
def split(tensor, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the given sizes."""
    d = wrap_dim(dim, tensor.ndim)
    n = tensor.shape[d]
    if isinstance(split_size_or_sections, numbers.Integral):
        size = int(split_size_or_sections)
        if size < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got "
                               f"split_size={size}")
        if size == 0 and n:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                               f"dimension size of {n}")
        bounds = list(range(size, n, size)) if size > 0 else []
    else:
        sizes = list(split_size_or_sections)
        if builtins.sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got split_sizes="
                               f"{_list_str(sizes)}")
        return call(S.SPLIT_WITH_SIZES, (tensor,), (list(np.cumsum(sizes)[:-1]), d))
    return _split_at(tensor, bounds, d)


@export
def chunk(input, chunks, dim=0):
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    d = wrap_dim(dim, input.ndim)
    size = -(-input.shape[d] // chunks)
    return split(input, builtins.max(size, 1), d)


@export
def tensor_split(input, indices_or_sections, dim=0):
    d = wrap_dim(dim, input.ndim)
    if isinstance(indices_or_sections, numbers.Integral):
        n, k = input.shape[d], int(indices_or_sections)
        if k <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {k}")
        sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
        bounds = list(np.cumsum(sizes)[:-1])
    else:
        bounds = [int(i) for i in indices_or_sections]
    # slices of the input, one SliceBackward0 each, as torch's tensor_split
    starts, ends = [0] + bounds, bounds + [input.shape[d]]
    return tuple(call(S.SLICE, (input,), ((slice(None),) * d + (slice(a, builtins.max(a, b)),),))
                 for a, b in zip(starts, ends))


@export
def unbind(input, dim=0):
    return call(S.UNBIND, (input,), (wrap_dim(dim, input.ndim),))
