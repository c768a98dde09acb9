"""Printing: one entry point that asks the current style (era) how a tensor prints."""
from . import options
from .options import PRINT_OPTS


def tensor_repr(tensor):
    """repr(tensor) in the current style: torch 2.x ``tensor(...)`` or the legacy layout."""
    if PRINT_OPTS.style == "modern":
        from . import modern
        fn = tensor._grad_fn
        return modern.format_tensor(tensor._data, tensor.dtype,
                                    grad_fn_name=type(fn).__name__ if fn is not None else None,
                                    requires_grad=tensor._requires_grad)
    from .legacy import format_tensor
    return format_tensor(tensor._data, tensor.dtype)


__all__ = ["options", "PRINT_OPTS", "tensor_repr"]
