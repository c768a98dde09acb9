"""The op tables, one module per family. Importing this package declares every op."""
import warnings

from . import activation, linalg, pointwise, reduction, shape  # noqa: F401
from . import loss  # noqa: F401
from ._table import NODE_CLASSES, OPS, call, rename_node_classes  # noqa: F401

# Ops whose forward can turn finite inputs into inf or nan in ordinary use (domains, division,
# overflow of exponentials): they run with NumPy's floating-point warnings off, silently, as
# torch's do. Setting that state costs about as much as a tiny op, so the others skip it.
FP_QUIET_OPS = (
    "div", "div_rounding", "floor_divide", "floor_divide_scalar", "remainder", "rremainder",
    "remainder_tensor", "fmod", "fmod_tensor", "pow", "rpow", "pow_tensor", "exp", "expm1",
    "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "reciprocal", "tan", "sinh", "cosh",
    "asin", "acos", "mean", "mean_dim", "var", "std", "norm", "dist", "logsumexp", "prod",
    "prod_dim", "nansum", "softmax", "log_softmax", "silu", "gelu", "softplus", "addcdiv",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "nll_loss", "nll_loss2d",
    "mse_loss")
for _name in FP_QUIET_OPS:
    OPS[_name].quiet = True

# The other ops (add, mul, sum, ...) can still overflow or meet inf - inf, rarely. NumPy reports
# that with a RuntimeWarning attributed to the line of autograd_nb that called it, where torch
# says nothing. This filter silences exactly those, at no cost per op: NumPy's floating-point
# messages, raised from autograd_nb's own modules. NumPy used anywhere else warns as before.
# (Filters are process state: ``warnings.simplefilter("always")`` shows them again, and an
# import inside a ``catch_warnings`` block, as pytest collects tests, keeps the filter only
# until the block ends.)
warnings.filterwarnings("ignore", r"(overflow|invalid value|divide by zero|underflow) encountered",
                        RuntimeWarning, r"autograd_nb\.")
