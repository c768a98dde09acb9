"""Conversions: to, type, type_as, float() and the other casts, cpu, new_tensor, ..."""
import builtins

import numpy as np

from .._core import _dtype, _grad_mode
from ._creation import LEGACY_TYPES, check_device, full, ones, resolve_dtype, tensor, zeros
from .._ops import pointwise as P
from .._ops._table import call
from .._core._tensor import Tensor
from ._registry import export


@export(function=False)
def to(self, *args, **kwargs):
    """A tensor of another dtype (a copy recorded as ToCopyBackward0), or self if nothing
    changes; devices other than the CPU are refused."""
    dtype = kwargs.pop("dtype", None)
    copy = kwargs.pop("copy", False)
    check_device(kwargs.pop("device", None))
    kwargs.pop("non_blocking", None)
    for a in args:
        if isinstance(a, Tensor):
            dtype = a.dtype
        elif isinstance(a, (_dtype.dtype, builtins.type, np.dtype)):
            dtype = a
        else:
            check_device(a)
    dtype = resolve_dtype(dtype) or self.dtype
    if dtype.np == self._data.dtype and not copy:
        return self
    if dtype.is_floating_point:
        return call(P.TO_COPY, (self,), (dtype.np,))
    with _grad_mode.no_grad():  # integer and bool results are not differentiable
        return call(P.TO_COPY, (self,), (dtype.np,))


def _cast(dtype):
    def method(self, memory_format=None):
        return to(self, dtype)
    method.__name__ = dtype.name
    return method


for _dt in _dtype.ALL:
    export(_cast(_dt), name=_dt.method, function=False)


@export(name="type", function=False)
def tensor_type(self, dtype=None, non_blocking=False, **kwargs):
    """'torch.FloatTensor' with no argument; with a dtype or type name, a converted tensor."""
    if dtype is None:
        return "torch." + self.dtype.legacy_type
    if isinstance(dtype, str):
        name = dtype.rpartition(".")[2]
        match = [d for d in LEGACY_TYPES if d.legacy_type == name]
        if not match:
            raise ValueError(f"invalid type: '{dtype}'")
        return to(self, match[0])
    if builtins.isinstance(dtype, _dtype.dtype):
        return to(self, dtype)
    if hasattr(dtype, "dtype") and builtins.isinstance(dtype.dtype, _dtype.dtype):
        return to(self, dtype.dtype)
    raise ValueError(f"invalid type: {dtype!r}")


@export(function=False)
def type_as(self, other):
    return to(self, other.dtype)


@export(function=False)
def cpu(self, memory_format=None):
    return self


@export(function=False)
def cuda(self, device=None, non_blocking=False, memory_format=None):
    check_device("cuda")


@export(function=False)
def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)


def _new_factory(factory):
    def method(self, *size, dtype=None, device=None, requires_grad=False, **kw):
        return factory(*size, dtype=dtype or self.dtype, requires_grad=requires_grad, **kw)
    return method


new_ones, new_zeros, new_empty = (export(_new_factory(f), name=n, function=False) for f, n in (
    (ones, "new_ones"), (zeros, "new_zeros"), (zeros, "new_empty")))



@export(function=False)
def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
    return full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)
