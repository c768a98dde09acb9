"""The registry of torch's functions and Tensor methods: each is declared once, where it is
defined, with ``export``; the package's ``__all__``, the ``Tensor`` methods, their in-place
variants and the aliases are all read from here (``__init__`` and ``_attach``). What the
namespace and ``Tensor`` get first checks its arguments against torch's signatures
(``_signatures``); the module-level name stays the function as written, for the package's own
calls.

>>> @export(inplace=True)                 # torch.logaddexp, Tensor.logaddexp and .logaddexp_
... def logaddexp(input, other): ...
"""
from typing import Callable, NamedTuple, Optional

from ._signatures import checked_function, checked_method


class Export(NamedTuple):
    name: str
    value: object                 # the function (or, for return_types, the object) torch exports
    function: bool                # in the torch namespace (``__all__``)
    method: Optional[Callable]    # the Tensor method of this name, or None
    inplace: bool                 # also the Tensor method ``name + "_"``, in place
    unchecked: Optional[Callable]  # the method as declared: the in-place variant is made from it


EXPORTS = {}  # name -> Export, in declaration order


def export(value=None, *, name=None, function=True, method=True, inplace=False):
    """Declare ``value`` as torch's ``name`` (default: its ``__name__``).

    ``function``: a torch function (``torch.name``); ``method``: the Tensor method is ``value``
    itself (True), none (False), or the callable given (when the tensor is not the first
    argument, as ``Tensor.where``); ``inplace``: also a ``name_`` method that writes the result
    into the tensor. An alias is one more ``export`` of the same function under its own name.
    Works as a decorator (``@export(...)``) and as a call (``ger = export(outer, name="ger")``).
    """
    def declare(value):
        key = name or value.__name__
        if key in EXPORTS:
            raise ValueError(f"{key!r} is exported twice")
        own = value if method is True else method or None
        EXPORTS[key] = Export(key, checked_function(key, value), function,
                              None if own is None else checked_method(key, own), inplace, own)
        return value
    return declare if value is None else declare(value)


def functions():
    """The torch functions, name -> function."""
    return {e.name: e.value for e in EXPORTS.values() if e.function}


def methods(make_inplace):
    """The Tensor methods, name -> method, with ``make_inplace(method)`` as each ``name_``."""
    out = {}
    for e in EXPORTS.values():
        if e.method is not None:
            out[e.name] = e.method
            if e.inplace or (e.name + "_" in TORCH_INPLACE_METHODS and
                             e.name + "_" not in EXPORTS):  # not one declared on its own
                out[e.name + "_"] = checked_method(e.name + "_", make_inplace(e.unchecked))
    return out


# torch 2.13's top-level in-place functions (``torch.relu_(x)`` is ``x.relu_()``).
TORCH_INPLACE_FUNCTIONS = frozenset((
    "abs_", "acos_", "acosh_", "addmv_", "alpha_dropout_", "arccos_", "arccosh_", "arcsin_",
    "arcsinh_", "arctan_", "arctanh_", "as_strided_", "asin_", "asinh_", "atan_", "atanh_",
    "ceil_", "celu_", "clamp_", "clamp_max_", "clamp_min_", "clip_", "conj_physical_", "cos_",
    "cosh_", "deg2rad_", "detach_", "dropout_", "embedding_renorm_", "erf_", "erfc_", "exp2_",
    "exp_", "expm1_", "feature_alpha_dropout_", "feature_dropout_", "fill_", "fix_", "floor_",
    "frac_", "gcd_", "i0_", "index_put_", "lcm_", "ldexp_", "log10_", "log1p_", "log2_", "log_",
    "logit_", "nan_to_num_", "neg_", "negative_", "rad2deg_", "reciprocal_", "relu_",
    "resize_as_", "resize_as_sparse_", "round_", "rrelu_", "rsqrt_", "selu_", "sigmoid_", "sin_",
    "sinc_", "sinh_", "sqrt_", "square_", "tan_", "tanh_", "threshold_", "trunc_", "xlogy_",
    "zero_"))


# torch 2.13's in-place Tensor methods: an exported function of one of these names, less the
# ``_``, gets its in-place method even where its declaration does not say ``inplace=True``
# (``float_power_`` is left out: torch refuses it unless the tensor is already float64).
TORCH_INPLACE_METHODS = frozenset((
    "abs_", "absolute_", "acos_", "acosh_", "add_", "addbmm_", "addcdiv_", "addcmul_", "addmm_",
    "addmv_", "addr_", "apply_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan2_",
    "arctan_", "arctanh_", "as_strided_", "asin_", "asinh_", "atan2_", "atan_", "atanh_",
    "baddbmm_", "bernoulli_", "bitwise_and_", "bitwise_left_shift_", "bitwise_not_",
    "bitwise_or_", "bitwise_right_shift_", "bitwise_xor_", "cauchy_", "ceil_", "clamp_",
    "clamp_max_", "clamp_min_", "clip_", "conj_physical_", "copy_", "copysign_", "cos_", "cosh_",
    "cumprod_", "cumsum_", "deg2rad_", "detach_", "digamma_", "div_", "divide_", "eq_", "erf_",
    "erfc_", "erfinv_", "exp2_", "exp_", "expm1_", "exponential_", "fill_", "fill_diagonal_",
    "fix_", "floor_", "floor_divide_", "fmod_", "frac_", "gcd_", "ge_", "geometric_", "greater_",
    "greater_equal_", "gt_", "heaviside_", "hypot_", "i0_", "igamma_", "igammac_", "index_add_",
    "index_copy_", "index_fill_", "index_put_", "index_reduce_", "lcm_", "ldexp_", "le_", "lerp_",
    "less_", "less_equal_", "lgamma_", "log10_", "log1p_", "log2_", "log_", "log_normal_",
    "logical_and_", "logical_not_", "logical_or_", "logical_xor_", "logit_", "lt_", "map2_",
    "map_", "masked_fill_", "masked_scatter_", "mul_", "multiply_", "mvlgamma_", "nan_to_num_",
    "ne_", "neg_", "negative_", "nextafter_", "normal_", "not_equal_", "polygamma_", "pow_",
    "put_", "rad2deg_", "random_", "reciprocal_", "relu_", "remainder_", "renorm_",
    "requires_grad_", "resize_", "resize_as_", "resize_as_sparse_", "round_", "rsqrt_",
    "scatter_", "scatter_add_", "scatter_reduce_", "set_", "sgn_", "share_memory_", "sigmoid_",
    "sign_", "sin_", "sinc_", "sinh_", "sparse_resize_", "sparse_resize_and_clear_", "sqrt_",
    "square_", "squeeze_", "sub_", "subtract_", "swapaxes_", "swapdims_", "t_", "tan_", "tanh_",
    "transpose_", "tril_", "triu_", "true_divide_", "trunc_", "uniform_", "unsqueeze_", "xlogy_",
    "zero_",
))


def inplace_functions(tensor_class):
    """torch's in-place functions whose Tensor method exists here, name -> function: the method,
    called on the first argument (looked up on it, so a subclass's own method is used)."""
    return {name: _inplace_function(name, tensor_class)
            for name in sorted(TORCH_INPLACE_FUNCTIONS)
            if not (name in EXPORTS and EXPORTS[name].function) and hasattr(tensor_class, name)}


def _inplace_function(name, tensor_class):
    def fn(input, *args, **kwargs):
        if not isinstance(input, tensor_class):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                            f"{type(input).__name__}")
        return getattr(input, name)(*args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"In-place version of ``{name[:-1]}``: ``torch.{name}(x)`` is ``x.{name}()``."
    return fn
