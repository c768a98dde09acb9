"""torch 2.13's signatures of its functions, as its error messages print them: what
``_parser`` checks a call against before the call runs, so that a call torch refuses is refused
with torch's TypeError (``exp(): argument 'input' (position 1) must be Tensor, not int``).

The declarations are torch's (names, types, defaults and order are its API); ``?`` marks an
argument that may be None, ``[1]`` a tuple of ints that may be one int, ``|hidden`` an overload
torch accepts without listing it. Functions torch writes in Python (``norm``, ``split``,
``einsum``) are not here: their errors come from their code, not from the parser.
"""
import functools

from ._parser import parser

FUNCTIONS = {
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
    "unflatten": (
        "unflatten(Tensor input, int dim, tuple of ints sizes)",
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


def check_arguments(namespace):
    """Wrap each declared function in ``namespace`` so that it first checks its arguments
    against torch's signatures."""
    for name, declarations in FUNCTIONS.items():
        if name in namespace:
            namespace[name] = _checked(namespace[name], parser(declarations))


def _checked(fn, check):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        check(args, kwargs)
        return fn(*args, **kwargs)
    return call
