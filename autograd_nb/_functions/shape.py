"""Views and reshapes: view, reshape, squeeze, transpose, permute, expand, select, narrow, ..."""
import numbers
import warnings

from .._core import _dtype
from .._ops import pointwise as P, shape as S
from .._ops._table import call
from .._core._dims import _list_str, wrap_dim
from ._registry import export


def _shape_arg(shape, what="view"):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return tuple(int(s) for s in shape)


def _infer_shape(shape, numel):
    """Resolve one -1 in ``shape``; torch's error when the sizes cannot fit ``numel``."""
    shape = list(shape)
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for i, s in enumerate(shape):
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape "
                                   f"{_list_str(shape)}")
            known *= s
    if -1 in shape:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{_list_str(shape)}' is invalid for input of size {numel}")
        shape[shape.index(-1)] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{_list_str(shape)}' is invalid for input of size {numel}")
    return tuple(shape)


@export(function=False)
def view(input, *shape):
    """The same data with another shape (no copy)."""
    if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
        raise NotImplementedError("view(dtype) is not supported by autograd_nb")
    return call(S.VIEW, (input,), (_infer_shape(_shape_arg(shape), input._raw.size),))


@export
def reshape(input, *shape):
    """Like ``view``, copying only when the memory layout requires it."""
    target = _infer_shape(_shape_arg(shape), input._raw.size)
    try:
        return call(S.VIEW, (input,), (target,))
    except RuntimeError:
        return call(S.UNSAFE_VIEW, (contiguous(input),), (target,))


@export(function=False)
def view_as(input, other):
    return view(input, other.shape)


@export(function=False)
def reshape_as(input, other):
    return reshape(input, other.shape)


@export
def flatten(input, start_dim=0, end_dim=-1):
    if input.ndim == 0:
        wrap_dim(start_dim, 0), wrap_dim(end_dim, 0)  # torch's errors for dims a 0-d lacks
        return reshape(input, 1)
    s, e = wrap_dim(start_dim, input.ndim), wrap_dim(end_dim, input.ndim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = input.shape
    return reshape(input, shape[:s] + (-1,) + shape[e + 1:])


@export
def unflatten(input, dim, sizes):
    # torch's Tensor.unflatten is Python: its parser's words come from here
    if not isinstance(dim, numbers.Integral) or isinstance(dim, bool):
        raise TypeError(f"unflatten(): argument 'dim' (position 1) must be int, not "
                        f"{type(dim).__name__}")
    if not isinstance(sizes, (tuple, list)):
        raise TypeError(f"unflatten(): argument 'sizes' (position 2) must be tuple of ints, not "
                        f"{type(sizes).__name__}")
    d = wrap_dim(dim, input.ndim)
    sizes = tuple(sizes)
    bad = next(((i, s) for i, s in enumerate(sizes) if not isinstance(s, numbers.Integral)
                or isinstance(s, bool)), None)
    if bad is not None:
        raise TypeError(f"unflatten(): argument 'sizes' failed to unpack the object at pos "
                        f"{bad[0] + 1} with error \"type must be tuple of ints,but got "
                        f"{type(bad[1]).__name__}\"")
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    n, known = input.shape[d], 1
    for s in sizes:
        known *= s if s != -1 else 1
    if sizes.count(-1) <= 1 and min(sizes) >= -1 and (
            known != n if -1 not in sizes else known == 0 or n % known):
        raise RuntimeError(f"unflatten: Provided sizes {_list_str(sizes)} don't multiply up to "
                           f"the size of dim {d} ({n}) in the input tensor")
    return view(input, input.shape[:d] + sizes + input.shape[d + 1:])


@export
def squeeze(input, dim=None):
    if dim is None:
        return call(S.SQUEEZE, (input,))
    if isinstance(dim, (tuple, list)):
        dims = tuple(d for d in (wrap_dim(x, input.ndim) for x in dim) if input.shape[d] == 1)
        return call(S.SQUEEZE_DIMS, (input,), (dims,))
    d = wrap_dim(dim, input.ndim)
    return call(S.SQUEEZE_DIM, (input,), ((d,) if input.ndim and input.shape[d] == 1 else (),))


@export
def unsqueeze(input, dim):
    return call(S.UNSQUEEZE, (input,), (wrap_dim(dim, input.ndim + 1),))


@export
def t(input):
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                           f"{input.ndim}D")
    return call(S.T, (input,))


@export
def transpose(input, dim0, dim1):
    n = input.ndim
    return call(S.TRANSPOSE, (input,), (wrap_dim(dim0, n), wrap_dim(dim1, n)))


swapaxes = export(transpose, name="swapaxes")
swapdims = export(transpose, name="swapdims")


@export
def permute(input, *dims):
    dims = _shape_arg(dims)
    if len(dims) != input.ndim:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {input.ndim} is not equal to len(dims) = {len(dims)}")
    dims = tuple(wrap_dim(d, input.ndim) for d in dims)
    if len(set(dims)) != len(dims):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return call(S.PERMUTE, (input,), (dims,))


def _T(self):
    if self.ndim != 2:
        warnings.warn("Tensor.T is deprecated on 0-D tensors. This function is the identity in "
                      "these cases." if self.ndim == 0 else
                      "The use of `x.T` on tensors of dimension other than 2 to reverse their "
                      "shape is deprecated and it will throw an error in a future release. "
                      "Consider `x.mT` to transpose batches of matrices or "
                      "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions "
                      "of a tensor.", UserWarning, stacklevel=2)
    return permute(self, tuple(range(self.ndim - 1, -1, -1)))


@export
def movedim(input, source, destination):
    order = list(range(input.ndim))
    s, d = wrap_dim(source, input.ndim), wrap_dim(destination, input.ndim)
    order.insert(d, order.pop(s))
    return permute(input, order)


@export(function=False)
def expand(input, *sizes):
    """A broadcast view of this tensor at ``sizes`` (-1 keeps a size)."""
    sizes = _shape_arg(sizes)
    lead = len(sizes) - input.ndim
    if lead < 0:
        raise RuntimeError(f"expand({input.type()}{{{_list_str(input.shape)}}}, size="
                           f"{_list_str(sizes)}): the number of sizes provided ({len(sizes)}) "
                           f"must be greater or equal to the number of dimensions in the tensor "
                           f"({input.ndim})")
    target = []
    for i in reversed(range(len(sizes))):   # as torch: the last dimension first
        s = sizes[i]
        own = input.shape[i - lead] if i >= lead else None
        if s == -1:
            if own is None:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a "
                                   f"leading, non-existing dimension {i}")
            s = own
        elif own is not None and own != s and own != 1:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing "
                               f"size ({own}) at non-singleton dimension {i}.  Target sizes: "
                               f"{_list_str(sizes)}.  Tensor sizes: {_list_str(input.shape)}")
        target.append(s)
    return call(S.EXPAND, (input,), (tuple(reversed(target)),))


@export(function=False)
def expand_as(input, other):
    return expand(input, other.shape)


@export
def broadcast_to(input, size):
    return expand(input, size)


@export(function=False)
def repeat(input, *sizes):
    sizes = _shape_arg(sizes)
    if len(sizes) < input.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    return call(S.REPEAT, (input,), (sizes,))


@export
def flip(input, dims):
    dims = (dims,) if isinstance(dims, numbers.Integral) else tuple(dims)
    dims = tuple(wrap_dim(d, input.ndim) for d in dims)
    return call(S.FLIP, (input,), (dims if input.ndim else (),))  # a 0-d tensor has no axis


@export(function=False)
def contiguous(input, memory_format=None):
    return input if input._data.flags["C_CONTIGUOUS"] else call(P.CLONE, (input,), ("C",))


@export
def clone(input, *, memory_format=None):
    return call(P.CLONE, (input,), ("K",))


@export
def select(input, dim, index):
    d = wrap_dim(dim, input.ndim)
    size = input.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{_list_str(input.shape)} at dimension {d}")
    return call(S.SELECT, (input,), ((slice(None),) * d + (index % size,),))


@export
def narrow(input, dim, start, length):
    d = wrap_dim(dim, input.ndim)
    start = int(start) % input.shape[d] if start < 0 else int(start)
    if start + length > input.shape[d]:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                           f"({input.shape[d]}).")
    return call(S.SLICE, (input,), ((slice(None),) * d + (slice(start, start + length),),))


def _matrix(input, name):
    if input.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


@export
def tril(input, diagonal=0):
    _matrix(input, "tril")
    return call(S.TRIL, (input,), (diagonal,))


@export
def triu(input, diagonal=0):
    _matrix(input, "triu")
    return call(S.TRIU, (input,), (diagonal,))


@export
def diag(input, diagonal=0):
    """The matrix with ``input`` (a vector) on a diagonal, or a matrix's diagonal."""
    if input.ndim == 1:
        return call(S.DIAG_EMBED, (input,), (diagonal,))
    if input.ndim != 2:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")
    return call(S.DIAGONAL, (input,), (diagonal,))


@export
def diagonal(input, offset=0, dim1=0, dim2=1):
    """The ``offset`` diagonal of the matrices in dims ``dim1``, ``dim2``, as a view with that
    diagonal as its last dim.

    >>> torch.arange(4.).view(2, 2).diagonal()
    tensor([0., 3.])
    """
    d1, d2 = wrap_dim(dim1, input.ndim), wrap_dim(dim2, input.ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return call(S.DIAGONAL_VIEW, (input,), (int(offset), d1, d2))


@export
def trace(input):
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return call(S.TRACE, (input,))
