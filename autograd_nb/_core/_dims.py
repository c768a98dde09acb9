"""Dims as torch checks them, and shapes as its messages print them."""
import builtins
import numbers

from ._errors import dim_out_of_range
from ._tensor import Tensor


def wrap_dim(dim, ndim):
    """A dim in [-ndim, ndim) as a non-negative int, with torch's IndexError otherwise."""
    if isinstance(dim, Tensor):
        dim = int(dim)
    if not isinstance(dim, numbers.Integral) or isinstance(dim, builtins.bool):
        raise TypeError(f"dim must be an int, not {type(dim).__name__}")
    n = ndim if ndim > 0 else 1
    if not -n <= dim < n:
        raise dim_out_of_range(dim, ndim)
    return dim + n if dim < 0 else dim


def _dims(dim, ndim):
    """``dim`` as a sorted tuple of distinct non-negative dims; None and () mean all. A 0-d
    tensor's dim 0 (or -1) gives (): NumPy has no axis to reduce there."""
    if dim is None:
        return None
    if isinstance(dim, (tuple, list)):
        dims = tuple(sorted(wrap_dim(d, ndim) for d in dim))
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
        if not dims:
            return None
    else:
        dims = (wrap_dim(dim, ndim),)
    return dims if ndim else ()


def _list_str(shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"
