"""softmax and log_softmax: nn-ish functions that torch also has as Tensor methods."""
import builtins
import warnings

from .._ops import activation as A
from .._ops._table import call
from .._core._dims import wrap_dim
from ._promotion import _C_TYPE
from ._registry import export
from .conversion import to


@export(method=lambda self, dim=None, dtype=None: _softmax_like(A.SOFTMAX, self, dim, dtype,
                                                                    None))
def softmax(input, dim=None, dtype=None, *, _stacklevel=3):
    """exp(x) / sum(exp(x)) along ``dim``, computed stably. Without ``dim``, nn.functional's
    deprecated implicit choice (with its warning); the Tensor method requires ``dim``."""
    return _softmax_like(A.SOFTMAX, input, dim, dtype, _stacklevel)


@export(method=lambda self, dim=None, dtype=None: _softmax_like(A.LOG_SOFTMAX, self, dim,
                                                                    dtype, None))
def log_softmax(input, dim=None, dtype=None, *, _stacklevel=3):
    return _softmax_like(A.LOG_SOFTMAX, input, dim, dtype, _stacklevel)


def _softmax_like(op, input, dim, dtype, stacklevel):
    """``stacklevel`` None: ``dim`` is required (torch's Tensor.softmax)."""
    dim = _implicit_dim(input, dim, op.name, stacklevel)
    x = input if dtype is None else to(input, dtype)
    d = wrap_dim(dim, input.ndim)
    if x._raw.dtype.kind not in "fV":  # ints, bools and complex numbers
        last = "lastdim_" if d == builtins.max(input.ndim - 1, 0) else ""
        raise NotImplementedError(f'"{op.name}_{last}kernel_impl" not implemented for '
                                  f"'{_C_TYPE[x.dtype.name]}'")
    return call(op, (x,), (d,))


def _implicit_dim(input, dim, name, stacklevel):
    if dim is not None:
        return dim
    if stacklevel is None:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if input.ndim in (0, 1, 3) else 1
