"""torch's ``out=`` keyword: the result is written into the tensor given, which is returned.

>>> out = autograd_nb.empty(2)
>>> autograd_nb.mul(autograd_nb.ones(2), 3, out=out) is out
True
"""
import warnings

import numpy as np

from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from ._dims import _list_str
from ._promotion import _C_TYPE, can_cast


def write_out(name, result, out):
    """Copy ``result`` into ``out`` as torch does: refused when autograd would need the result,
    cast to ``out``'s dtype when that is a safe cast, ``out`` resized (with torch's warning) when
    its shape differs."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if result.requires_grad or out.requires_grad and is_grad_enabled():
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    if not can_cast(result.dtype, out.dtype):
        raise RuntimeError(f"result type {_C_TYPE[result.dtype.name]} can't be cast to the "
                           f"desired output type {_C_TYPE[out.dtype.name]}")
    if out.shape != result.shape:
        if out.numel():
            warnings.warn(
                f"An output with one or more elements was resized since it had shape "
                f"{_list_str(out.shape)}, which does not match the required output shape "
                f"{_list_str(result.shape)}. This behavior is deprecated, and in a future PyTorch "
                "release outputs will not be resized unless they have zero elements. You can "
                "explicitly reuse an out tensor t by resizing it, inplace, to zero elements with "
                "t.resize_(0).", UserWarning, stacklevel=3)
        out._data = np.empty(result.shape, out._data.dtype)
    out._data[...] = result._data
    out._version[0] += 1
    return out
