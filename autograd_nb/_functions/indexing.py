"""Indexing: ``x[key]``, ``x[key] = value``, gather, index_select, masked_fill, ..."""
import builtins
import numbers
import warnings

import numpy as np

from .._core import _dtype, _grad_mode
from .._ops import shape as S
from .._ops._table import call
from .._core._tensor import Tensor
from .._core._views import is_view
from .._core._dims import _list_str, wrap_dim
from ._creation import _fill_value
from ._promotion import _CPP_TYPE, _as_operand
from ._registry import export
from .inplace import _after_write, _check_inplace, _commit_inplace, _snapshot
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
    dt = input._raw.dtype  # the value takes the tensor's dtype (2.5 into ints is 2), as torch
    return call(S.MASKED_FILL, (input,), (m, np.asarray(_fill_value(value, dt)).astype(dt)))


@export
def masked_select(input, mask):
    shape = np.broadcast_shapes(input.shape, mask.shape)
    return call(S.MASKED_SELECT, (input,), (np.broadcast_to(mask._data, shape), shape))


def _index_part(k):
    """One element of an indexing key, with tensors and lists as NumPy arrays."""
    if isinstance(k, Tensor):
        if k._raw.ndim == 0 and k._raw.dtype.kind in "iu":
            return int(k._data)
        return k._data
    if isinstance(k, list):
        return np.asarray(k)
    return k


def _is_advanced(k):
    return isinstance(k, np.ndarray) or isinstance(k, builtins.bool)


def getitem(self, key):
    """x[key] with torch's graph: the basic parts of the key first, each a view (select for
    ints, slice for slices, unsqueeze for None and for True/False), then, if the key holds index
    arrays or masks, one index op for those (torch's order, which also decides where the
    indexed dims go)."""
    key = _sequence_as_tuple(key)
    parts = tuple(_index_part(k) for k in (key if isinstance(key, tuple) else (key,)))
    advanced = builtins.any(_is_advanced(k) for k in parts)
    if advanced:
        for k in parts:
            if isinstance(k, np.ndarray) and k.dtype.kind not in "iub":
                raise IndexError("tensors used as indices must be long, int, byte or bool "
                                 "tensors")
    out, rest = _apply_basic(self, key, parts)
    if advanced:
        _check_masks(out, rest)
        try:
            return call(S.INDEX, (out,), (tuple(rest),))
        except IndexError as e:
            raise IndexError(str(e).replace("axis", "dimension")) from None
    return call(S.ALIAS, (out,)) if out is self else out


def _apply_basic(self, key, parts):
    """The views the basic parts of a key make, one after the other, and the key of what is
    left (index arrays and masks, full slices for the other dims)."""
    out, d, dim = self, 0, 0  # d: dim of ``out``; dim: dim of ``self`` (for messages)
    rest = []  # the key of the index op: full slices, and the arrays and masks in place
    for k in _expand_ellipsis(self, parts):
        if k is None or isinstance(k, builtins.bool):
            out = unsqueeze(out, d)
            rest.append(slice(None) if k is None else np.array([k]))
            d += 1
        elif isinstance(k, slice):
            _check_step(k)
            # torch skips a slice of the whole dim, unless the key is that one slice
            if isinstance(key, slice) or not _whole(k, out.shape[d]):
                out = call(S.SLICE, (out,), ((slice(None),) * d + (k,),))
            rest.append(slice(None))
            d, dim = d + 1, dim + 1
        elif isinstance(k, np.ndarray):
            rest.append(k)
            n = k.ndim if k.dtype == np.bool_ else 1
            d, dim = d + n, dim + n
        elif isinstance(k, numbers.Integral):
            size = out.shape[d]
            if not -size <= k < size:
                raise IndexError(f"index {k} is out of bounds for dimension {dim} with size "
                                 f"{size}")
            out = call(S.SELECT, (out,), ((slice(None),) * d + (int(k) % size,),))
            dim += 1
        elif isinstance(k, str):  # a string is a sequence to torch, made a tensor, and fails
            raise TypeError("new(): invalid data type 'str'")
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                             "byte Variables are valid indices (got " + type(k).__name__ + ")")
    return out, rest


def _whole(k, size):
    """Whether slice ``k`` covers a dim of ``size`` as torch sees it (from 0, to the end or
    beyond, step 1)."""
    return (k.start is None or k.start == 0) and (k.stop is None or k.stop >= size) and (
        k.step is None or k.step == 1)


def _check_step(k):
    if k.step is not None and k.step <= 0:
        raise ValueError("step must be greater than zero")


_SEQUENCE_INDEX = ("Using a non-tuple sequence for multidimensional indexing is deprecated and "
                   "will be changed in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In "
                   "pytorch 2.9 this will be interpreted as tensor index, x[torch.tensor(seq)], "
                   "which will result either in an error or a different result")


def _sequence_as_tuple(key):
    """As torch: a short list (or string) holding sequences, slices, tensors, None or ``...``
    indexes like the tuple of its items (deprecated, with torch's warning)."""
    if isinstance(key, (list, str)) and len(key) < 32 and builtins.any(
            k is None or k is Ellipsis
            or isinstance(k, (list, tuple, str, slice, Tensor, np.ndarray)) for k in key):
        warnings.warn(_SEQUENCE_INDEX, UserWarning, stacklevel=3)
        return tuple(key)
    return key


def _expand_ellipsis(self, parts):
    """``parts`` with the first ``...`` as full slices (later ones stand for no dims, as in
    torch), after torch's checks of the number of indices."""
    explicit = builtins.sum(_dims_taken(k) for k in parts)
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


def _dims_taken(k):
    """How many dims of the indexed tensor one part of a key indexes."""
    if k is None or k is Ellipsis or isinstance(k, builtins.bool):
        return 0
    if isinstance(k, np.ndarray) and k.dtype == np.bool_:
        return k.ndim
    return 1


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
    for k in parts:
        if isinstance(k, slice):
            _check_step(k)
    if builtins.any(k is False for k in parts):
        return  # as torch: nothing is written
    # as torch: True in an assigned key adds a dim, as None (in a tuple, as an index: the
    # value's leading dims of size 1 are then viewed away, see below)
    strip = isinstance(key, tuple) and builtins.any(k is True for k in parts)
    parts = tuple(None if k is True else k for k in parts)
    key = parts if isinstance(key, tuple) or len(parts) != 1 else parts[0]
    try:
        value = _as_operand(value)
    except TypeError:
        raise TypeError(f"can't assign a {type(value).__name__} to a "
                        f"torch.{self.dtype.legacy_type}") from None
    advanced = builtins.any(_is_advanced(k) for k in parts)
    if advanced and not builtins.all(
            _is_advanced(k) and not isinstance(k, builtins.bool) or k is Ellipsis
            or k == slice(None) for k in parts):
        # as torch: the basic parts make a view, the index arrays write into it
        view, rest = _apply_basic(self, key, parts)
        return setitem(view, tuple(rest), value)
    if advanced:
        _check_masks(self, parts)
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
        _after_write(self)
        return
    whole = builtins.all(k is Ellipsis or isinstance(k, slice) and _whole(k, n)
                         for k, n in zip(_expand_ellipsis(self, parts), self.shape))
    if whole and not advanced and len(parts) <= builtins.max(self.ndim, 1):
        # as torch: a key of whole dims writes the tensor itself (fill_, copy_), no view
        if not isinstance(value, Tensor) or value.ndim == 0:
            return self.fill_(value if isinstance(value, Tensor) else
                              Tensor._make(np.asarray(value, self._raw.dtype)))
        return self.copy_(value)
    if not advanced and not whole and self._grad_fn is None and self._requires_grad:
        # torch writes through a view of the leaf
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")
    # torch writes through the view ``self[key]`` (a basic key): refusals name that view
    _check_inplace(getitem(self, key) if not advanced and not whole and is_view(self) else self,
                   True)
    if not isinstance(value, Tensor):
        value = Tensor._make(np.asarray(value, self._raw.dtype))
    elif value.ndim and value.shape[0] == 1 and (
            advanced or strip or value.ndim > self._data[key].ndim):
        # as torch's index_put_ (and copy into a view of fewer dims): the value's leading dims
        # of size 1 are viewed away
        lead = next((i for i, n in enumerate(value.shape) if n != 1), value.ndim)
        value = value.view(value.shape[lead:])
    before = _snapshot(self)
    # torch writes through a view (CopySlices) unless the key is index arrays and full slices
    advanced = advanced and builtins.all(
        _is_advanced(k) or k is Ellipsis or k == slice(None) for k in parts)
    result = call(S.INDEX_PUT_ADVANCED if advanced else S.INDEX_PUT, (before, value), (key,),
                  cast=self._raw.dtype if value._raw.dtype != self._raw.dtype else None)
    _commit_inplace(self, result)


def index_put_value(tensor, key, value):
    """``tensor`` with ``value`` written at ``key``, out of place (differentiable)."""
    return call(S.INDEX_PUT, (tensor, value), (key,), scalar=True)
