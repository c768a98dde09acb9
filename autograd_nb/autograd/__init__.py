"""torch.autograd: Variable, Function, backward, grad, gradcheck and the graph helpers."""
from .. import eras
from .._core._backward import backward, grad
from .._core._grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled
from .._core._tensor import Tensor
from . import function, functional, graph
from .function import Function, FunctionCtx, InplaceFunction, once_differentiable
from .gradcheck import GradcheckError, gradcheck, gradgradcheck

class _VariableMeta(type):
    def __instancecheck__(cls, other):
        return isinstance(other, Tensor)


class Variable(metaclass=_VariableMeta):
    """The old wrapper: in modern torch ``Variable(t)`` is just a tensor sharing ``t``'s data.

    >>> Variable(autograd_nb.ones(2), requires_grad=True)
    tensor([1., 1.], requires_grad=True)
    """

    def __new__(cls, data=None, requires_grad=False, volatile=None, _grad_fn=None):
        return eras.variable_new(data, requires_grad, volatile)


def set_detect_anomaly(mode, check_nan=True):
    """Accepted so torch code runs; anomaly detection itself is not implemented here (no
    forward tracebacks are recorded and NaNs are not checked). The errors autograd_nb raises
    already name the node and the modified tensor, as torch's do without anomaly mode."""
    return detect_anomaly(check_nan)


class detect_anomaly:
    """A context manager and decorator that does nothing: see ``set_detect_anomaly``."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, func):
        return func


__all__ = ["Variable", "Function", "FunctionCtx", "backward", "grad", "gradcheck",
           "gradgradcheck", "GradcheckError", "no_grad", "enable_grad", "set_grad_enabled",
           "inference_mode", "graph", "function", "once_differentiable", "InplaceFunction",
           "detect_anomaly", "set_detect_anomaly", "functional"]
