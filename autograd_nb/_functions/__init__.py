"""torch's functions and Tensor methods over the op tables, one module per family.

Here live argument handling (torch's signatures and defaults), type promotion, dim checks and
torch's error messages; the math and the gradients are in ``_ops``. Each function is declared
once, where it is defined, with ``_registry.export``: this package's names and ``__all__`` and
the Tensor methods (``_attach``) are read from those declarations.
"""
from . import (activation, arithmetic, comparison, complexes, conversion, einsum,  # noqa: F401
               indexing, inplace, joining, matmul, reduction, shape)
from . import _attach  # noqa: F401 - sets the Tensor methods and operators
from ._registry import functions, inplace_functions
from .._core._tensor import Tensor

# Not torch's functions: what nn.functional imports from here.
from ._promotion import result_np_dtype  # noqa: F401

# torch's top-level functions (methods-only names such as ``to`` and ``type`` are not here),
# and its in-place ones (``torch.relu_``), which are the Tensor's methods
globals().update(functions())
globals().update(inplace_functions(Tensor))
__all__ = list(functions()) + list(inplace_functions(Tensor))
