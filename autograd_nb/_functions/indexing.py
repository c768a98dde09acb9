"""Indexing: ``x[key]``, ``x[key] = value``, gather, index_select, masked_fill, ..."""
import builtins
import numbers

import numpy as np

from .._core import _dtype, _grad_mode
from .._ops import shape as S
from .._ops._table import call
from .._core._tensor import Tensor
from .._core._dims import _list_str, wrap_dim
from ._creation import _fill_value
from ._promotion import _CPP_TYPE, _as_operand
from ._registry import export
from .inplace import _check_inplace, _commit_inplace, _snapshot
from .shape import expand, unsqueeze


def _as_index_array(index, what="index"):
    arr = index._data if isinstance(index, Tensor) else np.asarray(index)
    if arr.dtype.kind not in "iu":
        allowed = "int32 or int64" if what == "index_select" else "int32/int64"
        raise RuntimeError(f"{what}(): Expected dtype {allowed} for index")
    return arr


@export
def index_select(input, dim, index):
    d, idx = wrap_dim(dim, input.ndim), _as_index_array(index, "index_select")
    if idx.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    n = input.shape[d] if input.ndim else 1
    bad = idx[(idx < 0) | (idx >= n)]
    if bad.size:  # torch 2.13's two kernels word this differently (dim 0 and the others)
        if d == 0:
            raise IndexError("index out of range in self")
        raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad[0]} axis_dim={n}")
    return call(S.INDEX_SELECT, (input,), (d, idx))


@export
def gather(input, dim, index):
    d, idx = wrap_dim(dim, input.ndim), _as_index_array(index, "gather")
    n = input.shape[d] if input.ndim else 1
    bad = idx[(idx < 0) | (idx >= n)]
    if bad.size:
        raise RuntimeError(f"index {bad[0]} is out of bounds for dimension {d} with size {n}")
    return call(S.GATHER, (input,), (d, idx))


@export
def take_along_dim(input, indices, dim=None):
    """gather along ``dim`` after broadcasting input and indices in the other dims (as torch:
    the input is always expanded); without ``dim``, of the flattened input."""
    if dim is None:
        return gather(input.view(-1), 0, indices.view(-1))
    d = wrap_dim(dim, input.ndim)
    own, idx = list(input.shape), list(indices.shape)
    own[d] = idx[d] = 1
    shape = list(np.broadcast_shapes(tuple(own), tuple(idx)))
    shape[d] = input.shape[d]
    index_shape = shape[:d] + [indices.shape[d]] + shape[d + 1:]
    return gather(expand(input, shape), d, indices.expand(index_shape))


@export(inplace=True)
def masked_fill(input, mask, value):
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{_CPP_TYPE[_dtype.from_numpy_dtype(m.dtype).name]}")
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value.ndim} dimension(s).")
        return call(S.MASKED_FILL_TENSOR, (input, value), (m,))
    dt = input._data.dtype  # the value takes the tensor's dtype (2.5 into ints is 2), as torch
    return call(S.MASKED_FILL, (input,), (m, np.asarray(_fill_value(value, dt)).astype(dt)))


@export
def masked_select(input, mask):
    shape = np.broadcast_shapes(input.shape, mask.shape)
    return call(S.MASKED_SELECT, (input,), (np.broadcast_to(mask._data, shape), shape))


def _index_part(k):
    """One element of an indexing key, with tensors and lists as NumPy arrays."""
    if isinstance(k, Tensor):
        if k._data.ndim == 0 and k._data.dtype.kind in "iu":
            return int(k._data)
        return k._data
    if isinstance(k, list):
        return np.asarray(k)
    return k


def _is_advanced(k):
    return isinstance(k, np.ndarray) or isinstance(k, builtins.bool)


def getitem(self, key):
    """x[key] with torch's graph: select for ints, slice for slices, index for arrays."""
    parts = tuple(_index_part(k) for k in (key if isinstance(key, tuple) else (key,)))
    if builtins.any(_is_advanced(k) for k in parts):
        for k in parts:
            if isinstance(k, np.ndarray) and k.dtype.kind not in "iub":
                raise IndexError("tensors used as indices must be long, int, byte or bool "
                                 "tensors")
        _check_masks(self, parts)
        try:
            return call(S.INDEX, (self,), (parts,))
        except IndexError as e:
            raise IndexError(str(e).replace("axis", "dimension")) from None
    expanded = _expand_ellipsis(self, parts)
    out, d, dim = self, 0, 0  # d: dim of ``out``; dim: dim of ``self`` (for messages)
    for k in expanded:
        if k is None:
            out = unsqueeze(out, d)
            d += 1
        elif isinstance(k, slice):
            if k != slice(None) or len(parts) == 1 and isinstance(parts[0], slice):
                out = call(S.SLICE, (out,), ((slice(None),) * d + (k,),))
            d, dim = d + 1, dim + 1
        elif isinstance(k, numbers.Integral):
            size = out.shape[d]
            if not -size <= k < size:
                raise IndexError(f"index {k} is out of bounds for dimension {dim} with size "
                                 f"{size}")
            out = call(S.SELECT, (out,), ((slice(None),) * d + (int(k) % size,),))
            dim += 1
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                             "byte Variables are valid indices (got " + type(k).__name__ + ")")
    return call(S.ALIAS, (out,)) if out is self else out


def _expand_ellipsis(self, parts):
    """``parts`` with the first ``...`` as full slices (later ones stand for no dims, as in
    torch), after torch's checks of the number of indices."""
    explicit = builtins.sum(1 for k in parts if k is not None and k is not Ellipsis)
    if explicit > self.ndim:
        if self.ndim == 0:
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                             "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
        raise IndexError(f"too many indices for tensor of dimension {self.ndim}")
    expanded, seen = [], False
    for k in parts:
        if k is Ellipsis:
            expanded += [] if seen else [slice(None)] * (self.ndim - explicit)
            seen = True
        else:
            expanded.append(k)
    return expanded


def _check_masks(self, parts):
    """torch's error for a boolean mask whose shape does not match the dims it indexes."""
    dim = 0
    for k in parts:
        if isinstance(k, np.ndarray) and k.dtype == np.bool_:
            own = self.shape[dim:dim + k.ndim]
            for j, n in enumerate(k.shape):
                if j >= len(own) or own[j] != n:
                    raise IndexError(f"The shape of the mask {_list_str(k.shape)} at index {j} "
                                     f"does not match the shape of the indexed tensor "
                                     f"{_list_str(self.shape)} at index {dim + j}")
            dim += k.ndim
        elif k is Ellipsis:
            dim = self.ndim - builtins.sum(
                k.ndim if isinstance(k, np.ndarray) and k.dtype == np.bool_ else 1
                for k in parts[parts.index(Ellipsis) + 1:] if k is not None)
        elif k is not None:
            dim += 1


def setitem(self, key, value):
    """x[key] = value, in place; recorded in the graph (CopySlices) when gradients flow."""
    parts = tuple(_index_part(k) for k in (key if isinstance(key, tuple) else (key,)))
    key = parts if isinstance(key, tuple) else parts[0]
    try:
        value = _as_operand(value)
    except TypeError:
        raise TypeError(f"can't assign a {type(value).__name__} to a "
                        f"torch.{self.dtype.legacy_type}") from None
    advanced = builtins.any(_is_advanced(k) for k in parts)
    grad_flows = _grad_mode.STATE.enabled and (
        self.requires_grad or (isinstance(value, Tensor) and value.requires_grad))
    if not grad_flows:
        try:
            self._data[key] = value._data if isinstance(value, Tensor) else value
        except IndexError as e:
            raise IndexError(str(e).replace("axis", "dimension")) from None
        except ValueError:
            if not isinstance(value, Tensor):
                raise
            target = self._data[key].shape  # torch's words for what does not broadcast
            if advanced:
                raise RuntimeError(f"shape mismatch: value tensor of shape "
                                   f"{_list_str(value.shape)} cannot be broadcast to indexing "
                                   f"result of shape {_list_str(target)}") from None
            expand(value, target)
            raise
        self._version_counter[0] += 1
        return
    whole = builtins.all(k is Ellipsis for k in parts)
    if not advanced and not whole and self._grad_fn is None and self._requires_grad:
        # torch writes through a view of the leaf
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")
    _check_inplace(self)
    if not isinstance(value, Tensor):
        value = Tensor._make(np.asarray(value, self._data.dtype))
    before = _snapshot(self)
    # torch writes through a view (CopySlices) unless the key is index arrays and full slices
    advanced = advanced and builtins.all(
        _is_advanced(k) or k is Ellipsis or k == slice(None) for k in parts)
    result = call(S.INDEX_PUT_ADVANCED if advanced else S.INDEX_PUT, (before, value), (key,),
                  cast=self._data.dtype if value._data.dtype != self._data.dtype else None)
    _commit_inplace(self, result)


def index_put_value(tensor, key, value):
    """``tensor`` with ``value`` written at ``key``, out of place (differentiable)."""
    return call(S.INDEX_PUT, (tensor, value), (key,), scalar=True)
