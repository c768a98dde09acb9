"""torch's functions and Tensor methods over the op tables, one module per family.

Here live argument handling (torch's signatures and defaults), type promotion, dim checks and
torch's error messages; the math and the gradients are in ``_ops``. Every function takes the
tensor first, so it also serves as the Tensor method of the same name (``_attach``).
"""
from ._promotion import can_cast, promote_types, result_type
from .activation import log_softmax, softmax
from .arithmetic import (abs, absolute, acos, add, addcdiv, addcmul, arccos, arcsin, arctan, asin,
                         atan, ceil, clamp, clamp_max, clamp_min, clip, cos, cosh, div, divide,
                         erf, exp, expm1, fix, float_power, floor, floor_divide, fmod, frac, lerp,
                         log, log10, log1p, log2, maximum, minimum, mul, multiply, neg, negative,
                         pow, reciprocal, relu, remainder, round, rsqrt, rsub, sigmoid, sign, sin,
                         sinh, sqrt, square, sub, subtract, tan, tanh, true_divide, trunc, where)
from .comparison import (all, allclose, any, bitwise_and, bitwise_not, bitwise_or, bitwise_xor,
                         count_nonzero, eq, equal, ge, greater, greater_equal, gt, isclose,
                         isfinite, isinf, isnan, le, less, less_equal, logical_and, logical_not,
                         logical_or, logical_xor, lt, ne, nonzero, not_equal)
from .indexing import gather, index_select, masked_fill, masked_select, take_along_dim
from .joining import (cat, chunk, concat, concatenate, hstack, split, stack, tensor_split, unbind,
                      vstack)
from .matmul import addmm, bmm, dot, einsum, ger, inner, matmul, mm, mv, outer, vdot
from .reduction import (amax, amin, argmax, argmin, cumsum, dist, logsumexp, max, mean, min,
                        nansum, norm, prod, return_types, std, sum, var)
from .shape import (broadcast_to, clone, diag, flatten, flip, movedim, narrow, permute, reshape,
                    select, squeeze, swapaxes, swapdims, t, trace, transpose, tril, triu,
                    unflatten, unsqueeze)
from . import _attach  # noqa: F401 - sets the Tensor methods and operators

# Not torch's functions: what the rest of the package imports from here.
from ._dims import wrap_dim  # noqa: F401
from ._promotion import result_np_dtype  # noqa: F401
from .indexing import index_put_value  # noqa: F401


# torch's top-level functions (methods-only names such as ``to`` and ``type`` are not here)
__all__ = [
    "add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide",
    "floor_divide", "remainder", "fmod", "neg", "negative", "pow", "square", "float_power",
    "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh",
    "sinh", "cosh", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "sigmoid",
    "reciprocal", "erf", "abs", "absolute", "sign", "floor", "ceil", "trunc", "fix", "frac",
    "relu", "round", "clamp", "clip", "clamp_min", "clamp_max", "maximum", "minimum", "where",
    "lerp", "addcmul", "addcdiv", "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal",
    "less", "less_equal", "not_equal", "logical_and", "logical_or", "logical_xor",
    "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "equal",
    "allclose", "isclose", "isnan", "isinf", "isfinite", "all", "any", "nonzero",
    "count_nonzero", "sum", "nansum", "mean", "max", "min", "amax", "amin", "argmax", "argmin",
    "prod", "var", "std", "norm", "dist", "logsumexp", "cumsum", "mm", "mv", "dot", "inner",
    "vdot", "bmm", "matmul", "addmm", "outer", "ger", "einsum", "reshape", "flatten",
    "unflatten", "squeeze", "unsqueeze", "t", "transpose", "swapaxes", "swapdims", "permute",
    "movedim", "broadcast_to", "flip", "clone", "select", "narrow", "index_select", "gather",
    "take_along_dim", "masked_fill", "masked_select", "cat", "concat", "concatenate", "stack",
    "hstack", "vstack", "split", "chunk", "tensor_split", "unbind", "tril", "triu", "diag",
    "trace", "softmax", "log_softmax", "result_type", "promote_types", "can_cast", "return_types",
]
