"""The op tables, one module per family. Importing this package declares every op."""
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
