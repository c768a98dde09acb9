"""Shape ops: views, transposes, expansion, indexing, joining and splitting.

Ops marked ``view=True`` return NumPy views: the result shares the input's memory and version
counter, as torch's views do.
"""
import numpy as np

from ._math import (_is_tensor, expand, permute, reshape, scatter_along, scatter_into, sum_dims,
                    take_along, transpose, where)
from ._table import call, defop, sum_to


def _view(a, shape):
    out = a.view()
    try:
        out.shape = shape  # raises instead of copying when the memory layout does not allow it
    except AttributeError:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead.") from None
    return out


VIEW = defop("view", _view, "ViewBackward0", params=("shape",), view=True,
             legacy={"0.2": "ViewBackward", "0.1": "tensor.View"},
             self=lambda grad, self_shape: reshape(grad, self_shape))
# reshape of a tensor that can't be viewed: torch clones, then views the clone (_unsafe_view).
UNSAFE_VIEW = defop("unsafe_view", np.reshape, "UnsafeViewBackward0", params=("shape",),
                    legacy={"0.2": "ViewBackward", "0.1": "tensor.View"},
                    self=lambda grad, self_shape: reshape(grad, self_shape))
T = defop("t", np.transpose, "TBackward0", view=True,
          legacy={"0.2": "TransposeBackward", "0.1": "tensor.Transpose"},
          self=lambda grad: transpose(grad, 0, 1) if grad.ndim == 2 else grad)
# A 0-d tensor's transpose(0, -1) is itself (NumPy has no axis to swap).
TRANSPOSE = defop("transpose", lambda a, dim0, dim1: np.swapaxes(a, dim0, dim1) if a.ndim
                  else a.view(), "TransposeBackward0", params=("dim0", "dim1"),
                  view=True, legacy={"0.2": "TransposeBackward", "0.1": "tensor.Transpose"},
                  self=lambda grad, dim0, dim1: transpose(grad, dim0, dim1) if grad.ndim
                  else grad)
PERMUTE = defop("permute", np.transpose, "PermuteBackward0", params=("dims",), view=True,
                legacy={"0.2": "PermuteBackward", "0.1": "tensor.Permute"},
                self=lambda grad, dims: permute(grad, tuple(np.argsort(dims))))
UNSQUEEZE = defop("unsqueeze", np.expand_dims, "UnsqueezeBackward0", params=("dim",), view=True,
                  legacy={"0.2": "UnsqueezeBackward", "0.1": "tensor.Unsqueeze"},
                  self=lambda grad, self_shape: reshape(grad, self_shape))
SQUEEZE = defop("squeeze", np.squeeze, "SqueezeBackward0", view=True,
                legacy={"0.2": "SqueezeBackward", "0.1": "tensor.Squeeze"},
                self=lambda grad, self_shape: reshape(grad, self_shape))
SQUEEZE_DIM = defop("squeeze_dim", lambda a, dim: np.squeeze(a, axis=dim), "SqueezeBackward1",
                    params=("dim",), view=True,
                    legacy={"0.2": "SqueezeBackward", "0.1": "tensor.Squeeze"},
                    self=lambda grad, self_shape: reshape(grad, self_shape))
SQUEEZE_DIMS = defop("squeeze_dims", lambda a, dims: np.squeeze(a, axis=dims), "SqueezeBackward2",
                     params=("dims",), view=True,
                     legacy={"0.2": "SqueezeBackward", "0.1": "tensor.Squeeze"},
                     self=lambda grad, self_shape: reshape(grad, self_shape))
# torch ends a 1-D @ 2-D product with the in-place squeeze_(dims), hence another name
SQUEEZE_DIMS_ = defop("squeeze_dims_", lambda a, dims: np.squeeze(a, axis=dims),
                      "SqueezeBackward4", params=("dims",), view=True,
                      legacy={"0.2": "SqueezeBackward", "0.1": "tensor.Squeeze"},
                      self=lambda grad, self_shape: reshape(grad, self_shape))


def _inplace_variant(op, node, name=None):
    """The in-place form of a view op (``x.unsqueeze_(0)``): the same op under torch's name for
    it."""
    legacy = {era: ".".join(names) for era, names in op.node_class._era_names.items()
              if era != "modern"}
    return defop(name or op.name + "_", op.forward, node, inputs=op.inputs, params=op.params,
                 view=True, legacy=legacy, **op.formulas)


T_ = _inplace_variant(T, "TBackward1")
TRANSPOSE_ = _inplace_variant(TRANSPOSE, "TransposeBackward1")
UNSQUEEZE_ = _inplace_variant(UNSQUEEZE, "UnsqueezeBackward1")
SQUEEZE_ = _inplace_variant(SQUEEZE, "SqueezeBackward3")
SQUEEZE_DIMS_TUPLE_ = _inplace_variant(SQUEEZE_DIMS, "SqueezeBackward5", "squeeze_dims_tuple_")
EXPAND = defop("expand", np.broadcast_to, "ExpandBackward0", params=("shape",), view=True,
               legacy={"0.2": "ExpandBackward", "0.1": "tensor.Expand"},
               self=lambda grad, self_shape: sum_to(grad, self_shape))


def _repeat(a, repeats):
    a = a.reshape((1,) * (len(repeats) - a.ndim) + a.shape)
    return np.tile(a, repeats)


def _repeat_grad(grad, self_shape, repeats):
    """Fold each repeated axis into (repeat, size) and sum the repeats away."""
    shape = (1,) * (len(repeats) - len(self_shape)) + tuple(self_shape)
    split = []
    for r, s in zip(repeats, shape):
        split += [r, s]
    grad = reshape(grad, tuple(split))
    if isinstance(grad, np.ndarray):
        grad = grad.sum(axis=tuple(range(0, len(split), 2)))
    else:
        grad = grad.sum(dim=tuple(range(0, len(split), 2)))
    return reshape(grad, self_shape)


REPEAT = defop("repeat", _repeat, "RepeatBackward0", params=("repeats",),
               legacy={"0.2": "RepeatBackward", "0.1": "tensor.Repeat"}, self=_repeat_grad)
FLIP = defop("flip", lambda a, dims: np.flip(a, dims).copy(), "FlipBackward0", params=("dims",),
             legacy={"0.2": "FlipBackward"},
             self=lambda grad, dims: grad.flip(dims) if _is_tensor(grad) else np.flip(grad, dims))

# -- indexing: basic indexing makes views (select, slice), advanced indexing copies ----------
# ``+ (...,)``: NumPy gives a 0-d view, not a copied scalar, for a key of integers only.
SELECT = defop("select", lambda a, key: a[key + (...,)], "SelectBackward0", params=("key",), view=True,
               legacy={"0.2": "IndexBackward", "0.1": "tensor.Index"},
               self=lambda grad, self_shape, key: scatter_into(grad, self_shape, key))
SLICE = defop("slice", lambda a, key: a[key], "SliceBackward0", params=("key",), view=True,
              legacy={"0.2": "IndexBackward", "0.1": "tensor.Index"},
              self=lambda grad, self_shape, key: scatter_into(grad, self_shape, key))
INDEX = defop("index", lambda a, key: a[key], "IndexBackward0", params=("key",),
              tensor_params=("key",),
              legacy={"0.2": "IndexBackward", "0.1": "tensor.Index"},
              self=lambda grad, self_shape, key: scatter_into(grad, self_shape, key))
INDEX_SELECT = defop(
    "index_select", lambda a, dim, index: np.take(a, index, axis=dim), "IndexSelectBackward0",
    params=("dim", "index"), legacy={"0.2": "IndexSelectBackward", "0.1": "tensor.IndexSelect"},
    self=lambda grad, self_shape, dim, index: scatter_into(
        grad, self_shape, (slice(None),) * dim + (index,)))
GATHER = defop("gather", lambda a, dim, index: np.take_along_axis(a, index, axis=dim),
               "GatherBackward0", params=("dim", "index"),
               legacy={"0.2": "GatherBackward", "0.1": "tensor.Gather"},
               self=lambda grad, self_shape, dim, index: scatter_along(grad, index, dim,
                                                                       self_shape))


def _scatter_into(grad, shape, key):
    out = np.zeros(shape, dtype=grad.dtype)
    if _basic(key):  # a view's region, each place once: copied, as torch's slice/select
        out[key] = grad  # backward copies (a -0. gradient stays -0.), and at a fraction of add.at
    else:
        np.add.at(out, key, grad)  # index arrays may repeat a place: torch accumulates
    return out


def _basic(key):
    """Whether ``key`` is basic indexing (ints, slices, None, ...): no place twice."""
    for part in key if type(key) is tuple else (key,):
        if not (part is None or part is Ellipsis or type(part) is slice or (
                isinstance(part, (int, np.integer)) and not isinstance(part, (bool, np.bool_)))):
            return False
    return True


def _scatter_along(grad, indices, dim, shape):
    out = np.zeros(shape, dtype=grad.dtype)
    idx = list(np.indices(indices.shape, sparse=True))
    idx[dim] = indices
    np.add.at(out, tuple(idx), grad)
    return out


# The backwards of indexing and gather, as ops of their own so that they too can be
# differentiated (create_graph): each one's backward is the indexing it undoes.
INDEX_BACKWARD = defop("index_backward", _scatter_into, "IndexPutImplBackward0",
                       params=("shape", "key"), legacy={"0.2": "IndexAddBackward"},
                       self=lambda grad, key: grad[key])
GATHER_BACKWARD = defop("gather_backward", _scatter_along, "ScatterAddBackward0",
                        params=("indices", "dim", "shape"), legacy={"0.2": "ScatterAddBackward"},
                        self=lambda grad, indices, dim: take_along(grad, indices, dim))


def _put(a, value, key):
    out = a.copy()
    out[key] = value
    return out


# ``x[key] = value`` on a tensor in the graph: torch records a CopySlices node, or, for a key of
# index arrays (and full slices) only, IndexPutBackward0.
INDEX_PUT = defop(
    "index_put", _put, "CopySlices", inputs=("self", "values"), params=("key",),
    grads_match_inputs=True, legacy={"0.2": "SetItemBackward", "0.1": "tensor.SetItem"},
    self=lambda grad, key: _put_zero(grad, key),
    values=lambda grad, key: grad[key])
INDEX_PUT_ADVANCED = defop(
    "index_put_advanced", _put, "IndexPutBackward0", inputs=("self", "values"), params=("key",),
    grads_match_inputs=True, legacy={"0.2": "SetItemBackward", "0.1": "tensor.SetItem"},
    self=lambda grad, key: _put_zero(grad, key),
    values=lambda grad, key: grad[key])


def _put_zero(grad, key):
    if not _is_tensor(grad):
        return _put(np.asarray(grad), 0, key)
    return call(INDEX_PUT, (grad, 0.0), (key,), scalar=True)


MASKED_FILL = defop("masked_fill", lambda a, mask, value: np.where(mask, value, a),
                    "MaskedFillBackward0", params=("mask", "value"),
                    legacy={"0.2": "MaskedFillBackward", "0.1": "tensor.MaskedFill"},
                    self=lambda grad, mask: _masked_zero(grad, mask))


def _masked_zero(grad, mask):
    return where(mask, 0.0, grad)


def _masked_value_grad(grad, mask):
    return sum_dims(where(mask, grad, 0.0), None)


# ``masked_fill(mask, value)`` with a 0-d tensor value: the value is an input too.
MASKED_FILL_TENSOR = defop(
    "masked_fill_tensor", lambda a, value, mask: np.where(mask, value, a).astype(a.dtype),
    "MaskedFillBackward1", inputs=("self", "value"), params=("mask",), grads_match_inputs=True,
    legacy={"0.2": "MaskedFillBackward", "0.1": "tensor.MaskedFill"},
    self=lambda grad, mask: _masked_zero(grad, mask),
    value=_masked_value_grad)
# ``mask`` arrives broadcast to ``shape``, the shape of input and mask broadcast together.
MASKED_SELECT = defop(
    "masked_select", lambda a, mask, shape: np.broadcast_to(a, shape)[mask],
    "MaskedSelectBackward0", params=("mask", "shape"),
    legacy={"0.2": "MaskedSelectBackward", "0.1": "tensor.MaskedSelect"},
    self=lambda grad, self_shape, mask, shape: sum_to(scatter_into(grad, shape, mask), self_shape))
# ``x[...]`` and ``x[:, :]``: a new view of the whole tensor.
ALIAS = defop("alias", lambda a: a.view(), "AliasBackward0", view=True,
              legacy={"0.2": "IndexBackward", "0.1": "tensor.Index"}, self=lambda grad: grad)


# -- joining and splitting -------------------------------------------------------------------
def _split_back(grad, tensors_shape, dim):
    bounds = np.cumsum([s[dim] for s in tensors_shape])[:-1]
    if isinstance(grad, np.ndarray):
        return np.split(grad, bounds, axis=dim)
    return grad.tensor_split(list(bounds), dim)


CAT = defop("cat", lambda *arrays_and_dim: np.concatenate(arrays_and_dim[:-1],
                                                          axis=arrays_and_dim[-1]),
            "CatBackward0", inputs=("tensors",), params=("dim",), variadic=True,
            legacy={"0.2": "ConcatBackward", "0.1": "tensor.Concat"},
            tensors=_split_back)


def _unstack(grad, dim, n):
    if isinstance(grad, np.ndarray):
        return [np.take(grad, i, axis=dim) for i in range(n)]
    return list(grad.unbind(dim))


STACK = defop("stack", lambda *arrays_and_dim: np.stack(arrays_and_dim[:-1],
                                                        axis=arrays_and_dim[-1]),
              "StackBackward0", inputs=("tensors",), params=("dim",), variadic=True,
              legacy={"0.2": "ConcatBackward", "0.1": "tensor.Concat"},
              tensors=lambda grad, tensors_shape, dim: _unstack(grad, dim, len(tensors_shape)))


def _cat(parts, dim):
    """The gradients of split's outputs joined again (tensors under create_graph)."""
    if any(_is_tensor(p) for p in parts):
        return call(CAT, tuple(parts), (dim,))
    return np.concatenate(parts, axis=dim)


def _stack(parts, dim):
    if any(_is_tensor(p) for p in parts):
        return call(STACK, tuple(parts), (dim,))
    return np.stack(parts, axis=dim)


SPLIT = defop("split", lambda a, bounds, dim: np.split(a, bounds, axis=dim), "SplitBackward0",
              params=("bounds", "dim"), view=True, outputs="many",
              legacy={"0.2": "SplitBackward", "0.1": "tensor.Split"},
              self=lambda grads, dim: _cat(grads, dim))
SPLIT_WITH_SIZES = defop("split_with_sizes", lambda a, bounds, dim: np.split(a, bounds, axis=dim),
                         "SplitWithSizesBackward0", params=("bounds", "dim"), view=True,
                         outputs="many", legacy={"0.2": "SplitBackward", "0.1": "tensor.Split"},
                         self=lambda grads, dim: _cat(grads, dim))
UNBIND = defop("unbind", lambda a, dim: [a[(slice(None),) * dim + (i, ...)]
                                          for i in range(a.shape[dim])],
               "UnbindBackward0", params=("dim",), view=True, outputs="many",
               legacy={"0.2": "UnbindBackward", "0.1": "tensor.Unbind"},
               self=lambda grads, dim: _stack(grads, dim))


# -- triangles and diagonals -------------------------------------------------------------------
def _triangle(lower):
    pick = np.tril if lower else np.triu
    return lambda grad, diagonal: (grad.tril(diagonal) if lower else grad.triu(diagonal)) \
        if _is_tensor(grad) else pick(grad, diagonal)


TRIL = defop("tril", lambda a, diagonal: np.tril(a, diagonal), "TrilBackward0",
             params=("diagonal",), legacy={"0.2": "TrilBackward"}, self=_triangle(True))
TRIU = defop("triu", lambda a, diagonal: np.triu(a, diagonal), "TriuBackward0",
             params=("diagonal",), legacy={"0.2": "TriuBackward"}, self=_triangle(False))


def diagonal_key(shape, offset):
    """(rows, cols) of the ``offset`` diagonal of a matrix of ``shape``."""
    n = max(min(shape[0], shape[1] - offset) if offset >= 0 else min(shape[0] + offset,
                                                                      shape[1]), 0)
    idx = np.arange(n)
    return (idx, idx + offset) if offset >= 0 else (idx - offset, idx)


def _diagonal_view(a, offset, dim1, dim2):
    """``np.diagonal`` as a writable view (NumPy's is read-only): torch's diagonal is a view
    that in-place ops may change."""
    d = np.diagonal(a, offset, dim1, dim2)
    start = [slice(None)] * a.ndim
    start[dim2 if offset >= 0 else dim1] = slice(abs(offset), None)
    if d.size == 0:
        return d.copy()
    return np.lib.stride_tricks.as_strided(a[tuple(start)], d.shape, d.strides)


def _diagonal_grad(grad, self_shape, offset, dim1, dim2):
    places = np.diagonal(np.arange(int(np.prod(self_shape))).reshape(self_shape), offset, dim1,
                         dim2)
    return reshape(scatter_into(grad, (int(np.prod(self_shape)),), (places,)), self_shape)


DIAGONAL_VIEW = defop("diagonal_view", _diagonal_view, "DiagonalBackward0",
                      params=("offset", "dim1", "dim2"), view=True,
                      legacy={"0.2": "DiagBackward"}, self=_diagonal_grad)
# diag of a matrix; torch 2.13 names its node DiagonalBackward0_copy.
DIAGONAL = defop("diagonal", lambda a, offset: np.diagonal(a, offset).copy(),
                 "DiagonalBackward0_copy", params=("offset",), legacy={"0.2": "DiagBackward"},
                 self=lambda grad, self_shape, offset: scatter_into(
                     grad, self_shape, diagonal_key(self_shape, offset)))
# diag of a vector: the matrix with it on the ``offset`` diagonal.
DIAG_EMBED = defop("diag_embed", lambda a, offset: np.diag(a, offset), "DiagEmbedBackward0",
                   params=("offset",), legacy={"0.2": "DiagBackward"},
                   self=lambda grad, offset: grad[diagonal_key(grad.shape, offset)])
TRACE = defop("trace", lambda a: np.asarray(np.trace(a)), "TraceBackward0",
              legacy={"0.2": "TraceBackward"},
              self=lambda grad, self_shape: scatter_into(
                  expand(grad, (min(self_shape),)), self_shape, diagonal_key(self_shape, 0)))
