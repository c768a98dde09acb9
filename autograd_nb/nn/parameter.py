"""nn.Parameter: a tensor that a Module registers as one of its learnable parameters."""
from .. import eras
from .._functions._creation import empty
from ..eras._printing.legacy import format_variable
from .._core._errors import INT_REQUIRES_GRAD_FACTORY
from .._core._tensor import Tensor, user_state


class Parameter(Tensor):
    """A leaf tensor that requires grad (by default) and that a ``Module`` collects when it is
    assigned as an attribute. It shares ``data``'s memory, as torch's does.

    >>> nn.Parameter(autograd_nb.tensor([0.5, -0.5]))
    Parameter containing:
    tensor([ 0.5000, -0.5000], requires_grad=True)
    """

    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = empty(0)
        if not isinstance(data, Tensor):  # torch detaches whatever it is given
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        if requires_grad and data._raw.dtype.kind not in "fc":
            raise RuntimeError(INT_REQUIRES_GRAD_FACTORY)
        param = cls._make(data._data, version=data._version_counter)
        param.requires_grad = requires_grad  # checks: only floating point tensors can
        return param

    def __repr__(self):
        if eras.current_style() in eras.MODERN_STYLES:
            return "Parameter containing:\n" + Tensor.__repr__(self)
        return format_variable(self._data, self.dtype, wrapper="Parameter")

    # As torch's: deepcopy clones the values and nothing else (no grad); pickle and copy.copy
    # rebuild from an alias of the data (copied by pickle, shared by copy.copy) and the
    # attributes a user set.
    def __deepcopy__(self, memo):
        out = type(self)(Tensor._make(self._data.copy()), self._requires_grad)
        memo[id(self)] = out
        return out

    def __reduce_ex__(self, protocol):
        return (_rebuild_parameter, (Tensor._make(self._data), self._requires_grad,
                                     user_state(self)))


def _rebuild_parameter(data, requires_grad, state=None):
    param = Parameter(data, requires_grad)
    for key, value in (state or {}).items():
        setattr(param, key, value)
    return param
