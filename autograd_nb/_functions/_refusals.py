"""torch's refusals of complex inputs, one table: ops that order, clamp or round numbers have no
complex meaning, and torch 2.13 names the missing kernel (NotImplementedError) or says so
(RuntimeError). ``refuse_complex(input, key)`` raises the entry's error for a complex input."""
from .._core._tensor import Tensor

_KERNEL = "\"{kernel}\" not implemented for '{type}'"

# key -> (exception, message); {type} is the input's ScalarType name (ComplexFloat).
REFUSALS = {
    **{name: (NotImplementedError, _KERNEL.replace("{kernel}", name + "_cpu"))
       for name in ("lt", "le", "gt", "ge", "frac", "remainder", "fmod", "atan2", "median",
                    "cummax", "cummin", "leaky_relu", "softplus", "round", "mse")},
    "max_all": (NotImplementedError, _KERNEL.replace("{kernel}", "max_all")),
    "min_all": (NotImplementedError, _KERNEL.replace("{kernel}", "min_all")),
    "amax": (NotImplementedError, _KERNEL.replace("{kernel}", "max_values_cpu")),
    "amin": (NotImplementedError, _KERNEL.replace("{kernel}", "min_values_cpu")),
    "round_vml": (NotImplementedError, _KERNEL.replace("{kernel}", "round_vml_cpu")),
    "erf": (NotImplementedError, _KERNEL.replace("{kernel}", "erf_vml_cpu")),
    "div_floor": (NotImplementedError, _KERNEL.replace("{kernel}", "div_floor_cpu")),
    "div_trunc": (NotImplementedError, _KERNEL.replace("{kernel}", "div_trunc_cpu")),
    "softmax": (NotImplementedError, _KERNEL.replace("{kernel}", "softmax_kernel_impl")),
    "log_softmax": (NotImplementedError,
                    _KERNEL.replace("{kernel}", "log_softmax_kernel_impl")),
    "gelu": (NotImplementedError, _KERNEL.replace("{kernel}", "GeluKernelImpl")),
    "max": (RuntimeError, "max(): does not support complex input"),
    "min": (RuntimeError, "min(): does not support complex input"),
    "argmax": (RuntimeError, "argmax(): does not support complex input"),
    "argmin": (RuntimeError, "argmin(): does not support complex input"),
    "maximum": (RuntimeError, "maximum not implemented for complex tensors."),
    "minimum": (RuntimeError, "minimum not implemented for complex tensors."),
    "heaviside": (RuntimeError, "heaviside is not yet implemented for complex tensors."),
    "clamp": (NotImplementedError, "clamp is not supported for complex types"),
    "floor": (NotImplementedError, "floor is not supported for complex inputs"),
    "ceil": (NotImplementedError, "ceil is not supported for complex inputs"),
    "trunc": (NotImplementedError, "trunc is not supported for complex inputs"),
    "sign": (NotImplementedError, "Unlike NumPy, torch.sign is not intended to support complex "
                                  "numbers. Please use torch.sgn instead."),
}


def refuse_complex(key, *inputs):
    """Raise torch's error for ``key`` if one of ``inputs`` is a complex tensor."""
    for x in inputs:
        if isinstance(x, Tensor) and x._raw.dtype.kind == "c":
            error, message = REFUSALS[key]
            raise error(message.format(type=x.dtype.scalar_name))
