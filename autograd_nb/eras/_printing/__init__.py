"""Printing: one entry point that asks the current style (era) how a tensor prints."""
from . import legacy, modern, options
from .options import MODERN_STYLES, PRINT_OPTS


def tensor_repr(tensor):
    """repr(tensor) in the current style: torch 2.x ``tensor(...)`` or the 0.x layout, where
    Variables print ``Variable containing:`` and a 0-d tensor prints as size 1 (0.x had none)."""
    if PRINT_OPTS.style in MODERN_STYLES:
        fn = tensor._grad_fn
        name = type(fn).__name__ if fn is not None else None
        if tensor._no_edge.__class__ is str:  # a view whose history can't be used: as torch's
            name = "Invalid"
        return modern.format_tensor(tensor._data, tensor.dtype, grad_fn_name=name,
                                    requires_grad=tensor._requires_grad)
    from .. import is_variable  # late: eras imports _printing.options, which runs this
    values = tensor._data if tensor._raw.ndim else tensor._data.reshape(1)
    if is_variable(tensor):
        return legacy.format_variable(values, tensor.dtype)
    return legacy.format_tensor(values, tensor.dtype)


__all__ = ["options", "PRINT_OPTS", "tensor_repr"]
