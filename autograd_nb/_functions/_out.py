"""torch's ``out=`` keyword: the result is written into the tensor given, which is returned.

>>> out = autograd_nb.empty(2)
>>> autograd_nb.mul(autograd_nb.ones(2), 3, out=out) is out
True
"""
import warnings


from .._core._dims import _list_str
from .._core._grad_mode import is_grad_enabled
from ._creation import check_out, store_out
from ._promotion import _C_TYPE, _CPP_TYPE, can_cast


def safe_cast(result, out):
    """Most ops: the result is cast to ``out``'s dtype unless that loses its kind."""
    if not can_cast(result.dtype, out.dtype):
        return RuntimeError(f"result type {_C_TYPE[result.dtype.name]} can't be cast to the "
                            f"desired output type {_C_TYPE[out.dtype.name]}")
    return None


def same_dtype(result, out):
    """abs, sign, floor, ceil, trunc, frac, clamp: ``out`` must have the result's dtype."""
    if result.dtype != out.dtype:
        return RuntimeError(f"Found dtype {_C_TYPE[out.dtype.name]} but expected "
                            f"{_C_TYPE[result.dtype.name]}")
    return None


def matmul_dtype(result, out):
    if result.dtype != out.dtype:
        return RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPE[result.dtype.name]}, "
                            f"but got {_CPP_TYPE[out.dtype.name]} instead")
    return None


def dot_dtype(result, out):
    if result.dtype != out.dtype:
        return RuntimeError(f"result dtype {_C_TYPE[out.dtype.name]} does not match input dtype "
                            f"{_C_TYPE[result.dtype.name]}")
    return None


def addmv_dtype(result, out):
    """mv (and matmul of a matrix or a batch by a vector) checks ``out`` with its operands."""
    if result.dtype != out.dtype:
        r, o = _C_TYPE[result.dtype.name], _C_TYPE[out.dtype.name]
        return RuntimeError(f"addmv input tensors must have the same dtype, but got {o}, {r}, "
                            f"and {r}")
    return None


def cat_dtype(result, out):
    if not can_cast(result.dtype, out.dtype):
        return TypeError("torch.cat(): input types can't be cast to the desired output type "
                         f"{_C_TYPE[out.dtype.name]}")
    return None


def any_dtype(result, out):
    """sum over dims casts to any dtype, as torch's does."""
    return None


def write_out(name, result, out, dtype_rule=safe_cast, warn_first=False):
    """Copy ``result`` into ``out`` as torch does: refused when autograd would need the result,
    cast to ``out``'s dtype where the op's ``dtype_rule`` allows it, ``out`` resized (with
    torch's warning) when its shape differs; reductions (``warn_first``) warn about the resize
    before they check the dtype."""
    check_out(name, out)
    if result.requires_grad or out.requires_grad and is_grad_enabled():
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    error = None if warn_first else dtype_rule(result, out)
    if error is not None:
        raise error
    resize = out.shape != result.shape
    if resize and out.numel():
        warnings.warn(
            f"An output with one or more elements was resized since it had shape "
            f"{_list_str(out.shape)}, which does not match the required output shape "
            f"{_list_str(result.shape)}. This behavior is deprecated, and in a future PyTorch "
            "release outputs will not be resized unless they have zero elements. You can "
            "explicitly reuse an out tensor t by resizing it, inplace, to zero elements with "
            "t.resize_(0).", UserWarning, stacklevel=3)
    error = dtype_rule(result, out) if warn_first else None
    if error is not None:
        raise error
    store_out(out, result._data)
    return out
