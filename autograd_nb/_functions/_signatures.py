"""torch 2.13's signatures of its functions and Tensor methods, as its error messages print them:
what ``_parser`` checks a call against before the call runs, so that a call torch refuses is
refused with torch's TypeError (``exp(): argument 'input' (position 1) must be Tensor, not int``).
The registry (``_registry.export``) exports each function and method through
``checked_function``/``checked_method``.

The declarations are torch's (names, types, defaults and order are its API); ``?`` marks an
argument that may be None, ``[1]`` a tuple of ints that may be one int, ``|hidden`` an overload
torch accepts without listing it. Functions torch writes in Python (``norm``, ``split``,
``einsum``) are not here: their errors come from their code, not from the parser.
"""
import functools

from ._parser import call_key, parser

FUNCTIONS = {
    "is_complex": ("is_complex(Tensor input)",),
    "adjoint": ("adjoint(Tensor input)",),
    "is_conj": ("is_conj(Tensor input)",),
    "view_as_real": ("view_as_real(Tensor input)",),
    "view_as_complex": ("view_as_complex(Tensor input)",),
    "real": ("real(Tensor input)",),
    "imag": ("imag(Tensor input)",),
    "complex": ("complex(Tensor real, Tensor imag, *, Tensor out = None)",),
    "polar": ("polar(Tensor abs, Tensor angle, *, Tensor out = None)",),
    "conj": ("conj(Tensor input)",),
    "conj_physical": ("conj_physical(Tensor input, *, Tensor out = None)",),
    "resolve_conj": ("resolve_conj(Tensor input)",),
    "resolve_neg": ("resolve_neg(Tensor input)",),
    "angle": ("angle(Tensor input, *, Tensor out = None)",),
    "sgn": ("sgn(Tensor input, *, Tensor out = None)",),
    "add": (
        "add(Tensor input, Number alpha, Tensor other, *, Tensor out = None) |hidden",
        "add(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)",
    ),
    "sub": (
        "sub(Tensor input, Number alpha, Tensor other, *, Tensor out = None) |hidden",
        "sub(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)",
    ),
    "subtract": (
        "subtract(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)",
        "subtract(Tensor input, Number other, Number alpha = 1)",
    ),
    "rsub": (
        "rsub(Tensor input, Tensor other, *, Number alpha = 1)",
        "rsub(Tensor input, Number other, Number alpha = 1)",
    ),
    "mul": (
        "mul(Tensor input, Tensor other, *, Tensor out = None)",
    ),
    "multiply": (
        "multiply(Tensor input, Tensor other, *, Tensor out = None)",
        "multiply(Tensor input, Number other)",
    ),
    "div": (
        "div(Tensor input, Tensor other, *, Tensor out = None)",
        "div(Tensor input, Tensor other, *, str? rounding_mode, Tensor out = None)",
        "div(Tensor input, Number other, *, str? rounding_mode)",
    ),
    "divide": (
        "divide(Tensor input, Tensor other, *, Tensor out = None)",
        "divide(Tensor input, Tensor other, *, str? rounding_mode, Tensor out = None)",
        "divide(Tensor input, Number other)",
        "divide(Tensor input, Number other, *, str? rounding_mode)",
    ),
    "true_divide": (
        "true_divide(Tensor input, Tensor other, *, Tensor out = None)",
        "true_divide(Tensor input, Number other)",
    ),
    "floor_divide": (
        "floor_divide(Tensor input, Tensor other, *, Tensor out = None)",
        "floor_divide(Tensor input, Number other)",
    ),
    "remainder": (
        "remainder(Tensor input, Tensor other, *, Tensor out = None)",
        "remainder(Number self, Tensor other)",
        "remainder(Tensor input, Number other, *, Tensor out = None)",
    ),
    "fmod": (
        "fmod(Tensor input, Tensor other, *, Tensor out = None)",
        "fmod(Tensor input, Number other, *, Tensor out = None)",
    ),
    "neg": (
        "neg(Tensor input, *, Tensor out = None)",
    ),
    "negative": (
        "negative(Tensor input, *, Tensor out = None)",
    ),
    "pow": (
        "pow(Tensor input, Tensor exponent, *, Tensor out = None)",
        "pow(Number self, Tensor exponent, *, Tensor out = None)",
        "pow(Tensor input, Number exponent, *, Tensor out = None)",
    ),
    "square": (
        "square(Tensor input, *, Tensor out = None)",
    ),
    "float_power": (
        "float_power(Tensor input, Tensor exponent, *, Tensor out = None)",
        "float_power(Number self, Tensor exponent, *, Tensor out = None)",
        "float_power(Tensor input, Number exponent, *, Tensor out = None)",
    ),
    "exp": (
        "exp(Tensor input, *, Tensor out = None)",
    ),
    "log": (
        "log(Tensor input, *, Tensor out = None)",
    ),
    "log2": (
        "log2(Tensor input, *, Tensor out = None)",
    ),
    "log10": (
        "log10(Tensor input, *, Tensor out = None)",
    ),
    "log1p": (
        "log1p(Tensor input, *, Tensor out = None)",
    ),
    "expm1": (
        "expm1(Tensor input, *, Tensor out = None)",
    ),
    "sqrt": (
        "sqrt(Tensor input, *, Tensor out = None)",
    ),
    "rsqrt": (
        "rsqrt(Tensor input, *, Tensor out = None)",
    ),
    "sin": (
        "sin(Tensor input, *, Tensor out = None)",
    ),
    "cos": (
        "cos(Tensor input, *, Tensor out = None)",
    ),
    "tan": (
        "tan(Tensor input, *, Tensor out = None)",
    ),
    "tanh": (
        "tanh(Tensor input, *, Tensor out = None)",
    ),
    "sinh": (
        "sinh(Tensor input, *, Tensor out = None)",
    ),
    "cosh": (
        "cosh(Tensor input, *, Tensor out = None)",
    ),
    "asin": (
        "asin(Tensor input, *, Tensor out = None)",
    ),
    "acos": (
        "acos(Tensor input, *, Tensor out = None)",
    ),
    "atan": (
        "atan(Tensor input, *, Tensor out = None)",
    ),
    "arcsin": (
        "arcsin(Tensor input, *, Tensor out = None)",
    ),
    "arccos": (
        "arccos(Tensor input, *, Tensor out = None)",
    ),
    "arctan": (
        "arctan(Tensor input, *, Tensor out = None)",
    ),
    "sigmoid": (
        "sigmoid(Tensor input, *, Tensor out = None)",
    ),
    "reciprocal": (
        "reciprocal(Tensor input, *, Tensor out = None)",
    ),
    "erf": (
        "erf(Tensor input, *, Tensor out = None)",
    ),
    "abs": (
        "abs(Tensor input, *, Tensor out = None)",
    ),
    "absolute": (
        "absolute(Tensor input, *, Tensor out = None)",
    ),
    "sign": (
        "sign(Tensor input, *, Tensor out = None)",
    ),
    "floor": (
        "floor(Tensor input, *, Tensor out = None)",
    ),
    "ceil": (
        "ceil(Tensor input, *, Tensor out = None)",
    ),
    "trunc": (
        "trunc(Tensor input, *, Tensor out = None)",
    ),
    "fix": (
        "fix(Tensor input, *, Tensor out = None)",
    ),
    "frac": (
        "frac(Tensor input, *, Tensor out = None)",
    ),
    "relu": (
        "relu(Tensor input)",
    ),
    "round": (
        "round(Tensor input, *, Tensor out = None)",
        "round(Tensor input, *, int decimals, Tensor out = None)",
    ),
    "clamp": (
        "clamp(Tensor input, Tensor? min = None, Tensor? max = None, *, Tensor out = None)",
        "clamp(Tensor input, Number min = None, Number max = None, *, Tensor out = None)",
    ),
    "clip": (
        "clip(Tensor input, Tensor? min = None, Tensor? max = None, *, Tensor out = None)",
        "clip(Tensor input, Number min = None, Number max = None, *, Tensor out = None)",
    ),
    "clamp_min": (
        "clamp_min(Tensor input, Tensor min, *, Tensor out = None)",
        "clamp_min(Tensor input, Number min, *, Tensor out = None)",
    ),
    "clamp_max": (
        "clamp_max(Tensor input, Tensor max, *, Tensor out = None)",
        "clamp_max(Tensor input, Number max, *, Tensor out = None)",
    ),
    "maximum": (
        "maximum(Tensor input, Tensor other, *, Tensor out = None)",
    ),
    "minimum": (
        "minimum(Tensor input, Tensor other, *, Tensor out = None)",
    ),
    "where": (
        "where(Tensor condition)",
        "where(Tensor condition, Tensor input, Tensor other, *, Tensor out = None)",
        "where(Tensor condition, Number self, Tensor other)",
        "where(Tensor condition, Tensor input, Number other)",
        "where(Tensor condition, Number self, Number other)",
    ),
    "lerp": (
        "lerp(Tensor input, Tensor end, Tensor weight, *, Tensor out = None)",
        "lerp(Tensor input, Tensor end, Number weight, *, Tensor out = None)",
    ),
    "addcmul": (
        "addcmul(Tensor input, Number value, Tensor tensor1, Tensor tensor2, *, Tensor out = None) |hidden",
        "addcmul(Tensor input, Tensor tensor1, Tensor tensor2, *, Number value = 1, Tensor out = None)",
    ),
    "addcdiv": (
        "addcdiv(Tensor input, Number value, Tensor tensor1, Tensor tensor2, *, Tensor out = None) |hidden",
        "addcdiv(Tensor input, Tensor tensor1, Tensor tensor2, *, Number value = 1, Tensor out = None)",
    ),
    "eq": (
        "eq(Tensor input, Tensor other, *, Tensor out = None)",
        "eq(Tensor input, Number other, *, Tensor out = None)",
    ),
    "ne": (
        "ne(Tensor input, Tensor other, *, Tensor out = None)",
        "ne(Tensor input, Number other, *, Tensor out = None)",
    ),
    "lt": (
        "lt(Tensor input, Tensor other, *, Tensor out = None)",
        "lt(Tensor input, Number other, *, Tensor out = None)",
    ),
    "le": (
        "le(Tensor input, Tensor other, *, Tensor out = None)",
        "le(Tensor input, Number other, *, Tensor out = None)",
    ),
    "gt": (
        "gt(Tensor input, Tensor other, *, Tensor out = None)",
        "gt(Tensor input, Number other, *, Tensor out = None)",
    ),
    "ge": (
        "ge(Tensor input, Tensor other, *, Tensor out = None)",
        "ge(Tensor input, Number other, *, Tensor out = None)",
    ),
    "greater": (
        "greater(Tensor input, Tensor other, *, Tensor out = None)",
        "greater(Tensor input, Number other, *, Tensor out = None)",
    ),
    "greater_equal": (
        "greater_equal(Tensor input, Tensor other, *, Tensor out = None)",
        "greater_equal(Tensor input, Number other, *, Tensor out = None)",
    ),
    "less": (
        "less(Tensor input, Tensor other, *, Tensor out = None)",
        "less(Tensor input, Number other, *, Tensor out = None)",
    ),
    "less_equal": (
        "less_equal(Tensor input, Tensor other, *, Tensor out = None)",
        "less_equal(Tensor input, Number other, *, Tensor out = None)",
    ),
    "not_equal": (
        "not_equal(Tensor input, Tensor other, *, Tensor out = None)",
        "not_equal(Tensor input, Number other, *, Tensor out = None)",
    ),
    "logical_and": (
        "logical_and(Tensor input, Tensor other, *, Tensor out = None)",
    ),
    "logical_or": (
        "logical_or(Tensor input, Tensor other, *, Tensor out = None)",
    ),
    "logical_xor": (
        "logical_xor(Tensor input, Tensor other, *, Tensor out = None)",
    ),
    "logical_not": (
        "logical_not(Tensor input, *, Tensor out = None)",
    ),
    "bitwise_and": (
        "bitwise_and(Tensor input, Tensor other, *, Tensor out = None)",
        "bitwise_and(Number self, Tensor other)",
        "bitwise_and(Tensor input, Number other, *, Tensor out = None)",
    ),
    "bitwise_or": (
        "bitwise_or(Tensor input, Tensor other, *, Tensor out = None)",
        "bitwise_or(Number self, Tensor other)",
        "bitwise_or(Tensor input, Number other, *, Tensor out = None)",
    ),
    "bitwise_xor": (
        "bitwise_xor(Tensor input, Tensor other, *, Tensor out = None)",
        "bitwise_xor(Number self, Tensor other)",
        "bitwise_xor(Tensor input, Number other, *, Tensor out = None)",
    ),
    "bitwise_not": (
        "bitwise_not(Tensor input, *, Tensor out = None)",
    ),
    "equal": (
        "equal(Tensor input, Tensor other)",
    ),
    "allclose": (
        "allclose(Tensor input, Tensor other, float rtol = 1e-05, float atol = 1e-08, bool equal_nan = False)",
    ),
    "isclose": (
        "isclose(Tensor input, Tensor other, float rtol = 1e-05, float atol = 1e-08, bool equal_nan = False)",
    ),
    "isnan": (
        "isnan(Tensor input)",
    ),
    "isinf": (
        "isinf(Tensor input)",
    ),
    "isfinite": (
        "isfinite(Tensor input)",
    ),
    "all": (
        "all(Tensor input, *, Tensor out = None)",
        "all(Tensor input, tuple of ints? dim = None, bool keepdim = False, *, Tensor out = None)",
        "all(Tensor input, int dim, bool keepdim = False, *, Tensor out = None)",
    ),
    "any": (
        "any(Tensor input, *, Tensor out = None)",
        "any(Tensor input, tuple of ints? dim = None, bool keepdim = False, *, Tensor out = None)",
        "any(Tensor input, int dim, bool keepdim = False, *, Tensor out = None)",
    ),
    "nonzero": (
        "nonzero(Tensor input, *, bool as_tuple = False, Tensor out = None)",
    ),
    "count_nonzero": (
        "count_nonzero(Tensor input, int? dim = None)",
        "count_nonzero(Tensor input, tuple of ints dim)",
    ),
    "sum": (
        "sum(Tensor input, *, torch.dtype? dtype = None)",
        "sum(Tensor input, tuple of ints[1]? dim, bool keepdim = False, *, torch.dtype? dtype = None, Tensor out = None)",
    ),
    "nansum": (
        "nansum(Tensor input, tuple of ints[1]? dim = None, bool keepdim = False, *, torch.dtype? dtype = None, Tensor out = None)",
    ),
    "mean": (
        "mean(Tensor input, *, torch.dtype? dtype = None, Tensor out = None)",
        "mean(Tensor input, tuple of ints[1]? dim, bool keepdim = False, *, torch.dtype? dtype = None, Tensor out = None)",
    ),
    "max": (
        "max(Tensor input, *, Tensor out = None)",
        "max(Tensor input, Tensor other, *, Tensor out = None)",
        "max(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)",
    ),
    "min": (
        "min(Tensor input, *, Tensor out = None)",
        "min(Tensor input, Tensor other, *, Tensor out = None)",
        "min(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)",
    ),
    "amax": (
        "amax(Tensor input, tuple of ints[1] dim = None, bool keepdim = False, *, Tensor out = None)",
    ),
    "amin": (
        "amin(Tensor input, tuple of ints[1] dim = None, bool keepdim = False, *, Tensor out = None)",
    ),
    "argmax": (
        "argmax(Tensor input, int? dim = None, bool keepdim = False, *, Tensor out = None)",
    ),
    "argmin": (
        "argmin(Tensor input, int? dim = None, bool keepdim = False, *, Tensor out = None)",
    ),
    "prod": (
        "prod(Tensor input, *, torch.dtype? dtype = None)",
        "prod(Tensor input, int dim, bool keepdim = False, *, torch.dtype? dtype = None, Tensor out = None)",
    ),
    "var": (
        "var(Tensor input, tuple of ints[1]? dim, bool unbiased = True, bool keepdim = False, *, Tensor out = None)",
        "var(Tensor input, tuple of ints[1]? dim = None, *, Number correction = None, bool keepdim = False, Tensor out = None)",
        "var(Tensor input, bool unbiased = True)",
    ),
    "std": (
        "std(Tensor input, tuple of ints[1]? dim, bool unbiased = True, bool keepdim = False, *, Tensor out = None)",
        "std(Tensor input, tuple of ints[1]? dim = None, *, Number correction = None, bool keepdim = False, Tensor out = None)",
        "std(Tensor input, bool unbiased = True)",
    ),
    "dist": (
        "dist(Tensor input, Tensor other, Number p = 2)",
    ),
    "logsumexp": (
        "logsumexp(Tensor input, tuple of ints[1] dim, bool keepdim = False, *, Tensor out = None)",
    ),
    "cumsum": (
        "cumsum(Tensor input, int dim, *, torch.dtype? dtype = None, Tensor out = None)",
    ),
    "mm": (
        "mm(Tensor input, Tensor mat2, *, Tensor out = None)",
        "mm(Tensor input, Tensor mat2, torch.dtype out_dtype, *, Tensor out = None)",
    ),
    "mv": (
        "mv(Tensor input, Tensor vec, *, Tensor out = None)",
    ),
    "dot": (
        "dot(Tensor input, Tensor tensor, *, Tensor out = None)",
    ),
    "inner": (
        "inner(Tensor input, Tensor other, *, Tensor out = None)",
    ),
    "vdot": (
        "vdot(Tensor input, Tensor other, *, Tensor out = None)",
    ),
    "bmm": (
        "bmm(Tensor input, Tensor mat2, *, Tensor out = None)",
        "bmm(Tensor input, Tensor mat2, torch.dtype out_dtype, *, Tensor out = None)",
    ),
    "matmul": (
        "matmul(Tensor input, Tensor other, *, Tensor out = None)",
    ),
    "addmm": (
        "addmm(Tensor input, Tensor mat1, Tensor mat2, *, Number beta = 1, Number alpha = 1, Tensor out = None)",
        "addmm(Tensor input, Tensor mat1, Tensor mat2, torch.dtype out_dtype, *, Number beta = 1, Number alpha = 1, Tensor out = None)",
    ),
    "outer": (
        "outer(Tensor input, Tensor vec2, *, Tensor out = None)",
    ),
    "ger": (
        "ger(Tensor input, Tensor vec2, *, Tensor out = None)",
    ),
    "reshape": (
        "reshape(Tensor input, tuple of ints shape)",
    ),
    "flatten": (
        "flatten(Tensor input, int start_dim = 0, int end_dim = -1)",
    ),
    "squeeze": (
        "squeeze(Tensor input)",
        "squeeze(Tensor input, int dim)",
        "squeeze(Tensor input, tuple of ints dim)",
    ),
    "unsqueeze": (
        "unsqueeze(Tensor input, int dim)",
    ),
    "t": (
        "t(Tensor input)",
    ),
    "transpose": (
        "transpose(Tensor input, int dim0, int dim1)",
    ),
    "swapaxes": (
        "swapaxes(Tensor input, int axis0, int axis1)",
    ),
    "swapdims": (
        "swapdims(Tensor input, int dim0, int dim1)",
    ),
    "permute": (
        "permute(Tensor input, tuple of ints dims)",
    ),
    "unflatten": (
        "unflatten(Tensor input, int dim, tuple of ints sizes)",
    ),
    "movedim": (
        "movedim(Tensor input, int source, int destination)",
        "movedim(Tensor input, tuple of ints source, tuple of ints destination)",
    ),
    "broadcast_to": (
        "broadcast_to(Tensor input, tuple of ints size)",
    ),
    "flip": (
        "flip(Tensor input, tuple of ints dims)",
    ),
    "clone": (
        "clone(Tensor input, *, torch.memory_format? memory_format = None)",
    ),
    "select": (
        "select(Tensor input, int dim, int index)",
    ),
    "narrow": (
        "narrow(Tensor input, int dim, Tensor start, int length)",
        "narrow(Tensor input, int dim, int start, int length)",
    ),
    "index_select": (
        "index_select(Tensor input, int dim, Tensor index, *, Tensor out = None)",
    ),
    "gather": (
        "gather(Tensor input, int dim, Tensor index, *, bool sparse_grad = False, Tensor out = None)",
    ),
    "take_along_dim": (
        "take_along_dim(Tensor input, Tensor indices, int? dim = None, *, Tensor out = None)",
    ),
    "masked_fill": (
        "masked_fill(Tensor input, Tensor mask, Tensor value)",
        "masked_fill(Tensor input, Tensor mask, Number value)",
    ),
    "masked_select": (
        "masked_select(Tensor input, Tensor mask, *, Tensor out = None)",
    ),
    "cat": (
        "cat(tuple of Tensors tensors, int dim = 0, *, Tensor out = None)",
    ),
    "concat": (
        "concat(tuple of Tensors tensors, int dim = 0, *, Tensor out = None)",
    ),
    "concatenate": (
        "concatenate(tuple of Tensors tensors, int dim = 0, *, Tensor out = None)",
    ),
    "stack": (
        "stack(tuple of Tensors tensors, int dim = 0, *, Tensor out = None)",
    ),
    "hstack": (
        "hstack(tuple of Tensors tensors, *, Tensor out = None)",
    ),
    "vstack": (
        "vstack(tuple of Tensors tensors, *, Tensor out = None)",
    ),
    "chunk": (
        "chunk(Tensor input, int chunks, int dim = 0)",
    ),
    "tensor_split": (
        "tensor_split(Tensor input, tuple of ints indices, int dim = 0)",
        "tensor_split(Tensor input, Tensor tensor_indices_or_sections, int dim = 0)",
        "tensor_split(Tensor input, int sections, int dim = 0)",
    ),
    "unbind": (
        "unbind(Tensor input, int dim = 0)",
    ),
    "tril": (
        "tril(Tensor input, int diagonal = 0, *, Tensor out = None)",
    ),
    "triu": (
        "triu(Tensor input, int diagonal = 0, *, Tensor out = None)",
    ),
    "diag": (
        "diag(Tensor input, int diagonal = 0, *, Tensor out = None)",
    ),
    "diagonal": (
        "diagonal(Tensor input, int offset = 0, int dim1 = 0, int dim2 = 1)",
    ),
    "trace": (
        "trace(Tensor input)",
    ),
    "softmax": (
        "softmax(Tensor input, int dim, torch.dtype? dtype = None, *, Tensor out = None)",
    ),
    "log_softmax": (
        "log_softmax(Tensor input, int dim, torch.dtype? dtype = None, *, Tensor out = None)",
    ),
}


# The Tensor methods' own signatures (without ``self``).
METHODS = {
    "add": (
        "add(Number alpha, Tensor other) |hidden",
        "add(Tensor other, *, Number alpha = 1)",
    ),
    "sub": (
        "sub(Number alpha, Tensor other) |hidden",
        "sub(Tensor other, *, Number alpha = 1)",
    ),
    "subtract": (
        "subtract(Tensor other, *, Number alpha = 1)",
        "subtract(Number other, Number alpha = 1)",
    ),
    "mul": (
        "mul(Tensor other)",
    ),
    "multiply": (
        "multiply(Tensor other)",
        "multiply(Number other)",
    ),
    "div": (
        "div(Tensor other)",
        "div(Tensor other, *, str? rounding_mode)",
        "div(Number other, *, str? rounding_mode)",
    ),
    "divide": (
        "divide(Tensor other)",
        "divide(Tensor other, *, str? rounding_mode)",
        "divide(Number other)",
        "divide(Number other, *, str? rounding_mode)",
    ),
    "true_divide": (
        "true_divide(Tensor other)",
        "true_divide(Number other)",
    ),
    "floor_divide": (
        "floor_divide(Tensor other)",
        "floor_divide(Number other)",
    ),
    "remainder": (
        "remainder(Tensor other)",
        "remainder(Number other)",
    ),
    "fmod": (
        "fmod(Tensor other)",
        "fmod(Number other)",
    ),
    "pow": (
        "pow(Tensor exponent)",
        "pow(Number exponent)",
    ),
    "float_power": (
        "float_power(Tensor exponent)",
        "float_power(Number exponent)",
    ),
    "round": (
        "round()",
        "round(*, int decimals)",
    ),
    "clamp": (
        "clamp(Tensor? min = None, Tensor? max = None)",
        "clamp(Number min = None, Number max = None)",
    ),
    "clip": (
        "clip(Tensor? min = None, Tensor? max = None)",
        "clip(Number min = None, Number max = None)",
    ),
    "clamp_min": (
        "clamp_min(Tensor min)",
        "clamp_min(Number min)",
    ),
    "clamp_max": (
        "clamp_max(Tensor max)",
        "clamp_max(Number max)",
    ),
    "maximum": (
        "maximum(Tensor other)",
    ),
    "minimum": (
        "minimum(Tensor other)",
    ),
    "where": (
        "where(Tensor condition, Tensor other)",
        "where(Tensor condition, Number other)",
    ),
    "lerp": (
        "lerp(Tensor end, Tensor weight)",
        "lerp(Tensor end, Number weight)",
    ),
    "addcmul": (
        "addcmul(Number value, Tensor tensor1, Tensor tensor2) |hidden",
        "addcmul(Tensor tensor1, Tensor tensor2, *, Number value = 1)",
    ),
    "addcdiv": (
        "addcdiv(Number value, Tensor tensor1, Tensor tensor2) |hidden",
        "addcdiv(Tensor tensor1, Tensor tensor2, *, Number value = 1)",
    ),
    "eq": (
        "eq(Tensor other)",
        "eq(Number other)",
    ),
    "ne": (
        "ne(Tensor other)",
        "ne(Number other)",
    ),
    "lt": (
        "lt(Tensor other)",
        "lt(Number other)",
    ),
    "le": (
        "le(Tensor other)",
        "le(Number other)",
    ),
    "gt": (
        "gt(Tensor other)",
        "gt(Number other)",
    ),
    "ge": (
        "ge(Tensor other)",
        "ge(Number other)",
    ),
    "greater": (
        "greater(Tensor other)",
        "greater(Number other)",
    ),
    "greater_equal": (
        "greater_equal(Tensor other)",
        "greater_equal(Number other)",
    ),
    "less": (
        "less(Tensor other)",
        "less(Number other)",
    ),
    "less_equal": (
        "less_equal(Tensor other)",
        "less_equal(Number other)",
    ),
    "not_equal": (
        "not_equal(Tensor other)",
        "not_equal(Number other)",
    ),
    "logical_and": (
        "logical_and(Tensor other)",
    ),
    "logical_or": (
        "logical_or(Tensor other)",
    ),
    "logical_xor": (
        "logical_xor(Tensor other)",
    ),
    "equal": (
        "equal(Tensor other)",
    ),
    "allclose": (
        "allclose(Tensor other, float rtol = 1e-05, float atol = 1e-08, bool equal_nan = False)",
    ),
    "isclose": (
        "isclose(Tensor other, float rtol = 1e-05, float atol = 1e-08, bool equal_nan = False)",
    ),
    "all": (
        "all()",
        "all(tuple of ints? dim = None, bool keepdim = False)",
        "all(int dim, bool keepdim = False)",
    ),
    "any": (
        "any()",
        "any(tuple of ints? dim = None, bool keepdim = False)",
        "any(int dim, bool keepdim = False)",
    ),
    "nonzero": (
        "nonzero()",
        "nonzero(*, bool as_tuple)",
    ),
    "count_nonzero": (
        "count_nonzero(int? dim = None)",
        "count_nonzero(tuple of ints dim)",
    ),
    "sum": (
        "sum(*, torch.dtype? dtype = None)",
        "sum(tuple of ints[1]? dim, bool keepdim = False, *, torch.dtype? dtype = None)",
    ),
    "nansum": (
        "nansum(tuple of ints[1]? dim = None, bool keepdim = False, *, torch.dtype? dtype = None)",
    ),
    "mean": (
        "mean(*, torch.dtype? dtype = None)",
        "mean(tuple of ints[1]? dim, bool keepdim = False, *, torch.dtype? dtype = None)",
    ),
    "max": (
        "max()",
        "max(Tensor other)",
        "max(int dim, bool keepdim = False)",
    ),
    "min": (
        "min()",
        "min(Tensor other)",
        "min(int dim, bool keepdim = False)",
    ),
    "amax": (
        "amax(tuple of ints[1] dim = None, bool keepdim = False)",
    ),
    "amin": (
        "amin(tuple of ints[1] dim = None, bool keepdim = False)",
    ),
    "argmax": (
        "argmax(int? dim = None, bool keepdim = False)",
    ),
    "argmin": (
        "argmin(int? dim = None, bool keepdim = False)",
    ),
    "prod": (
        "prod(*, torch.dtype? dtype = None)",
        "prod(int dim, bool keepdim = False, *, torch.dtype? dtype = None)",
    ),
    "var": (
        "var(tuple of ints[1]? dim, bool unbiased = True, bool keepdim = False)",
        "var(tuple of ints[1]? dim = None, *, Number correction = None, bool keepdim = False)",
        "var(bool unbiased = True)",
    ),
    "std": (
        "std(tuple of ints[1]? dim, bool unbiased = True, bool keepdim = False)",
        "std(tuple of ints[1]? dim = None, *, Number correction = None, bool keepdim = False)",
        "std(bool unbiased = True)",
    ),
    "dist": (
        "dist(Tensor other, Number p = 2)",
    ),
    "logsumexp": (
        "logsumexp(tuple of ints[1] dim, bool keepdim = False)",
    ),
    "cumsum": (
        "cumsum(int dim, *, torch.dtype? dtype = None)",
    ),
    "mm": (
        "mm(Tensor mat2)",
    ),
    "mv": (
        "mv(Tensor vec)",
    ),
    "dot": (
        "dot(Tensor tensor)",
    ),
    "inner": (
        "inner(Tensor other)",
    ),
    "bmm": (
        "bmm(Tensor mat2)",
    ),
    "matmul": (
        "matmul(Tensor other)",
    ),
    "addmm": (
        "addmm(Number beta, Number alpha, Tensor mat1, Tensor mat2) |hidden",
        "addmm(Number beta, Tensor mat1, Tensor mat2) |hidden",
        "addmm(Tensor mat1, Tensor mat2, *, Number beta = 1, Number alpha = 1)",
        "addmm(Number beta, Tensor input, Number alpha, Tensor mat1, Tensor mat2, *, Tensor out = None) |hidden",
        "addmm(Number beta, Tensor input, Tensor mat1, Tensor mat2, *, Tensor out = None) |hidden",
    ),
    "outer": (
        "outer(Tensor vec2)",
    ),
    "ger": (
        "ger(Tensor vec2)",
    ),
    "reshape": (
        "reshape(tuple of ints shape)",
    ),
    "flatten": (
        "flatten(int start_dim = 0, int end_dim = -1)",
    ),
    "squeeze": (
        "squeeze()",
        "squeeze(int dim)",
        "squeeze(tuple of ints dim)",
    ),
    "unsqueeze": (
        "unsqueeze(int dim)",
    ),
    "transpose": (
        "transpose(int dim0, int dim1)",
    ),
    "swapaxes": (
        "swapaxes(int axis0, int axis1)",
    ),
    "swapdims": (
        "swapdims(int dim0, int dim1)",
    ),
    "permute": (
        "permute(tuple of ints dims)",
    ),
    "movedim": (
        "movedim(int source, int destination)",
        "movedim(tuple of ints source, tuple of ints destination)",
    ),
    "broadcast_to": (
        "broadcast_to(tuple of ints size)",
    ),
    "flip": (
        "flip(tuple of ints dims)",
    ),
    "clone": (
        "clone(*, torch.memory_format? memory_format = None)",
    ),
    "select": (
        "select(int dim, int index)",
    ),
    "narrow": (
        "narrow(int dim, Tensor start, int length)",
        "narrow(int dim, int start, int length)",
    ),
    "index_select": (
        "index_select(int dim, Tensor index)",
    ),
    "gather": (
        "gather(int dim, Tensor index, *, bool sparse_grad = False)",
    ),
    "take_along_dim": (
        "take_along_dim(Tensor indices, int? dim = None)",
    ),
    "masked_fill": (
        "masked_fill(Tensor mask, Tensor value)",
        "masked_fill(Tensor mask, Number value)",
    ),
    "masked_select": (
        "masked_select(Tensor mask)",
    ),
    "chunk": (
        "chunk(int chunks, int dim = 0)",
    ),
    "tensor_split": (
        "tensor_split(tuple of ints indices, int dim = 0)",
        "tensor_split(Tensor tensor_indices_or_sections, int dim = 0)",
        "tensor_split(int sections, int dim = 0)",
    ),
    "unbind": (
        "unbind(int dim = 0)",
    ),
    "tril": (
        "tril(int diagonal = 0)",
    ),
    "triu": (
        "triu(int diagonal = 0)",
    ),
    "diag": (
        "diag(int diagonal = 0)",
    ),
    "diagonal": (
        "diagonal(int offset = 0, int dim1 = 0, int dim2 = 1)",
    ),
    "softmax": (
        "softmax(int dim, torch.dtype? dtype = None)",
    ),
    "log_softmax": (
        "log_softmax(int dim, torch.dtype? dtype = None)",
    ),
    "view": (
        "view(torch.dtype dtype)",
        "view(tuple of ints size)",
    ),
    "expand": (
        "expand(tuple of ints size, *, bool implicit = False)",
    ),
    "repeat": (
        "repeat(tuple of ints repeats)",
    ),
    "expand_as": (
        "expand_as(Tensor other)",
    ),
    "view_as": (
        "view_as(Tensor other)",
    ),
    "reshape_as": (
        "reshape_as(Tensor other)",
    ),
    "type_as": (
        "type_as(Tensor other)",
    ),
    "new_full": (
        "new_full(tuple of ints size, Number fill_value, *, torch.dtype? dtype = None, torch.layout? layout = None, torch.device? device = None, bool? pin_memory = False, bool? requires_grad = False)",
    ),
    "fill_": (
        "fill_(Tensor value)",
        "fill_(Number value)",
    ),
    "add_": (
        "add_(Number alpha, Tensor other) |hidden",
        "add_(Tensor other, *, Number alpha = 1)",
    ),
    "sub_": (
        "sub_(Number alpha, Tensor other) |hidden",
        "sub_(Tensor other, *, Number alpha = 1)",
    ),
    "mul_": (
        "mul_(Tensor other)",
    ),
    "div_": (
        "div_(Tensor other)",
        "div_(Tensor other, *, str? rounding_mode)",
        "div_(Number other, *, str? rounding_mode)",
    ),
    "clamp_": (
        "clamp_(Tensor? min = None, Tensor? max = None)",
        "clamp_(Number min = None, Number max = None)",
    ),
    "pow_": (
        "pow_(Tensor exponent)",
        "pow_(Number exponent)",
    ),
    "unsqueeze_": (
        "unsqueeze_(int dim)",
    ),
    "squeeze_": (
        "squeeze_()",
        "squeeze_(int dim)",
        "squeeze_(tuple of ints dim)",
    ),
    "transpose_": (
        "transpose_(int dim0, int dim1)",
    ),
    "uniform_": (
        "uniform_(float from = 0, float to = 1, *, torch.Generator? generator = None)",
    ),
    "normal_": (
        "normal_(float mean = 0, float std = 1, *, torch.Generator? generator = None)",
    ),
    "masked_fill_": (
        "masked_fill_(Tensor mask, Tensor value)",
        "masked_fill_(Tensor mask, Number value)",
    ),
}


# Methods that take no argument at all (torch binds them without its parser).
NO_ARGUMENTS = frozenset((
    "is_complex", "is_conj", "adjoint", "conj", "conj_physical", "resolve_conj", "resolve_neg", "angle",
    "sgn",
    "neg",
    "negative",
    "square",
    "exp",
    "log",
    "log2",
    "log10",
    "log1p",
    "expm1",
    "sqrt",
    "rsqrt",
    "sin",
    "cos",
    "tan",
    "tanh",
    "sinh",
    "cosh",
    "asin",
    "acos",
    "atan",
    "arcsin",
    "arccos",
    "arctan",
    "sigmoid",
    "reciprocal",
    "erf",
    "abs",
    "absolute",
    "sign",
    "floor",
    "ceil",
    "trunc",
    "fix",
    "frac",
    "relu",
    "logical_not",
    "bitwise_not",
    "isnan",
    "isinf",
    "isfinite",
    "t",
    "trace",
    "zero_",
    "t_",
    "exp_",
    "neg_",
    "abs_",
    "sqrt_",
))


# torch.nn.functional's C functions: linear, gelu and softplus are these functions themselves;
# the others are what its Python functions call (cross_entropy calls cross_entropy_loss...).
NN_FUNCTIONS = {
    "relu": ("relu(Tensor input)",),
    "relu_": ("relu_(Tensor input)",),
    "leaky_relu": ("leaky_relu(Tensor input, Number negative_slope = 0.01, *, Tensor out = None)",),
    "elu": ("elu(Tensor input, Number alpha = 1, Number scale = 1, Number input_scale = 1, *, Tensor out = None)",),
    "leaky_relu_": ("leaky_relu_(Tensor input, Number negative_slope = 0.01)",),
    "elu_": ("elu_(Tensor input, Number alpha = 1, Number scale = 1, Number input_scale = 1)",),
    "gelu": ("gelu(Tensor input, *, str approximate = \"none\", Tensor out = None)",),
    "silu": ("silu(Tensor input, *, Tensor out = None)",),
    "softplus": ("softplus(Tensor input, Number beta = 1, Number threshold = 20, *, Tensor out = None)",),
    "linear": ("linear(Tensor input, Tensor weight, Tensor? bias = None, *, Tensor out = None)",),
    "dropout": ("dropout(Tensor input, float p, bool train)",),
    "nll_loss_nd": ("nll_loss_nd(Tensor input, Tensor target, Tensor? weight = None, int reduction = Mean, int ignore_index = -100)",),
    "binary_cross_entropy_with_logits": (
        "binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = None, Tensor? pos_weight = None, int reduction = Mean)",),
    "cross_entropy_loss": ("cross_entropy_loss(Tensor input, Tensor target, Tensor? weight = None, int reduction = Mean, int ignore_index = -100, float label_smoothing = 0.0)",),
    "conv1d": (
        "conv1d(Tensor input, Tensor weight, Tensor? bias = None, tuple of ints[1] stride = 1, tuple of ints[1] padding = 0, tuple of ints[1] dilation = 1, int groups = 1)",
        "conv1d(Tensor input, Tensor weight, Tensor? bias = None, tuple of ints[1] stride = 1, str padding = \"valid\", tuple of ints[1] dilation = 1, int groups = 1)",
    ),
    "conv2d": (
        "conv2d(Tensor input, Tensor weight, Tensor? bias = None, tuple of ints[2] stride = 1, tuple of ints[2] padding = 0, tuple of ints[2] dilation = 1, int groups = 1)",
        "conv2d(Tensor input, Tensor weight, Tensor? bias = None, tuple of ints[2] stride = 1, str padding = \"valid\", tuple of ints[2] dilation = 1, int groups = 1)",
    ),
    "max_pool1d": ("max_pool1d(Tensor input, tuple of ints[1] kernel_size, tuple of ints[1] stride = [], tuple of ints[1] padding = 0, tuple of ints[1] dilation = 1, bool ceil_mode = False)",),
    "max_pool1d_with_indices": ("max_pool1d_with_indices(Tensor input, tuple of ints[1] kernel_size, tuple of ints[1] stride = [], tuple of ints[1] padding = 0, tuple of ints[1] dilation = 1, bool ceil_mode = False)",),
    "max_pool2d": ("max_pool2d(Tensor input, tuple of ints[2] kernel_size, tuple of ints[2] stride = [], tuple of ints[2] padding = 0, tuple of ints[2] dilation = 1, bool ceil_mode = False)",),
    "max_pool2d_with_indices": ("max_pool2d_with_indices(Tensor input, tuple of ints[2] kernel_size, tuple of ints[2] stride = [], tuple of ints[2] padding = 0, tuple of ints[2] dilation = 1, bool ceil_mode = False, *, Tensor out = None)",),
    "avg_pool1d": ("avg_pool1d(Tensor input, tuple of ints[1] kernel_size, tuple of ints[1] stride = [], tuple of ints[1] padding = 0, bool ceil_mode = False, bool count_include_pad = True)",),
    "avg_pool2d": ("avg_pool2d(Tensor input, tuple of ints[2] kernel_size, tuple of ints[2] stride = None, tuple of ints[2] padding = 0, bool ceil_mode = False, bool count_include_pad = True, int? divisor_override = None, *, Tensor out = None)",),
    "adaptive_avg_pool1d": ("adaptive_avg_pool1d(Tensor input, tuple of ints[1] output_size)",),
    "adaptive_avg_pool2d": ("adaptive_avg_pool2d(Tensor input, tuple of ints[2] output_size, *, Tensor out = None)",),
    "pad": ("pad(Tensor input, tuple of ints pad, str mode = \"constant\", float? value = None)",),
    "batch_norm": ("batch_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool training, float momentum, float eps, bool cudnn_enabled)",),
    "feature_dropout": ("feature_dropout(Tensor input, float p, bool train)",),
}
_NN_PARSERS = {name: parser(declarations) for name, declarations in NN_FUNCTIONS.items()}


def check_call(name, *args):
    """Check ``args`` as torch's C function ``name`` checks them (an nn.functional function
    passes on its arguments this way)."""
    _NN_PARSERS[name](args, {})


def declared(name):
    """Decorator: an nn.functional function that is torch's C function ``name`` itself, its
    arguments checked as torch's parser checks them."""
    return lambda fn: _checked(fn, _NN_PARSERS[name])

def checked_function(name, fn):
    """torch's function ``name``: ``fn`` checking its arguments against torch's signatures
    first, where they are declared (else ``fn`` itself). The registry exports this."""
    declarations = FUNCTIONS.get(name)
    return fn if declarations is None else _checked(fn, _lazy(declarations))


def checked_method(name, fn):
    """The Tensor method ``name``: ``fn`` checking its arguments as torch's method does."""
    if name in METHODS:
        return _checked_method(fn, _lazy(METHODS[name]))
    return _without_arguments(fn, name) if name in NO_ARGUMENTS else fn


def _lazy(declarations):
    """A parser made on first use: most functions are never called in a session."""
    def check(args, kwargs):
        check.parse = check.parse or parser(declarations, check.fits)
        return check.parse(args, kwargs)
    check.parse, check.fits = None, set()
    return check


# The wrappers look the call's key up in ``check.fits`` themselves: a call of a form seen to fit
# costs one set lookup. The first argument comes apart (positional-only, so a keyword ``input=``
# stays a keyword), so that a one-argument call allocates no tuple: every allocation of a
# container brings the garbage collector's next pass nearer, on graphs of thousands of nodes.
_ABSENT = object()


def _checked(fn, check):
    fits = check.fits

    @functools.wraps(fn)
    def call(first=_ABSENT, /, *args, **kwargs):
        if first is _ABSENT:
            return _call(fn, (), (), kwargs, check)
        if args or kwargs or type(first) not in fits:
            return _call(fn, (), (first, *args), kwargs, check)
        return fn(first)
    return call


def _checked_method(fn, check):
    fits = check.fits

    @functools.wraps(fn)
    def method(self, first=_ABSENT, /, *args, **kwargs):
        if first is _ABSENT:
            return _call(fn, (self,), (), kwargs, check) if kwargs or () not in fits else fn(self)
        if args or kwargs or type(first) not in fits:
            return _call(fn, (self,), (first, *args), kwargs, check)
        return fn(self, first)
    return method


def _call(fn, own, given, kwargs, check):
    """``fn(*own, *given, **kwargs)``, ``given`` and ``kwargs`` checked first."""
    if call_key(given, kwargs) not in check.fits:
        given, kwargs = check(given, kwargs)
    return fn(*own, *given, **kwargs)


def _without_arguments(fn, name):
    """A method torch binds as taking nothing: CPython's own errors, under torch's class name."""
    @functools.wraps(fn)
    def method(self, *args, **kwargs):
        if kwargs:
            raise TypeError(f"TensorBase.{name}() takes no keyword arguments")
        if args:
            raise TypeError(f"TensorBase.{name}() takes no arguments ({len(args)} given)")
        return fn(self)
    return method
