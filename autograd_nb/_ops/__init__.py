"""The op tables, one module per family. Importing this package declares every op."""
import warnings

from . import activation, complexes, linalg, pointwise, reduction, shape  # noqa: F401
from . import conv, loss, norm, pad, views  # noqa: F401
from ._table import NODE_CLASSES, OPS, call, rename_node_classes  # noqa: F401

# Ops declared ``quiet=True`` (see defop) run with NumPy's floating-point warnings off, as
# torch's do. The other ops (add, mul, sum, ...) can still overflow or meet inf - inf, rarely.
# NumPy reports that with a RuntimeWarning attributed to the line of autograd_nb that called it,
# where torch says nothing. This filter silences exactly those, at no cost per op: NumPy's
# floating-point messages, raised from autograd_nb's own modules. NumPy used anywhere else warns
# as before.
# (Filters are process state: ``warnings.simplefilter("always")`` shows them again, and an
# import inside a ``catch_warnings`` block, as pytest collects tests, keeps the filter only
# until the block ends.)
warnings.filterwarnings("ignore", r"(overflow|invalid value|divide by zero|underflow) encountered",
                        RuntimeWarning, r"autograd_nb\.")
