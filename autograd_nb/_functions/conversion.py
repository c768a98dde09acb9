"""Conversions: to, type, type_as, float() and the other casts, cpu, new_tensor, ..."""
import builtins
import weakref

import numpy as np

from .._core import _device, _dtype, _grad_mode
from ._creation import (LEGACY_TYPES, _sizes, full, ones, requires_grad_flag, resolve_dtype, tensor,
                        zeros)
from .._ops import pointwise as P
from .._ops._table import call
from .._core._tensor import Tensor
from ._registry import export


@export(function=False)
def to(self, *args, **kwargs):
    """A tensor of another dtype (a copy recorded as ToCopyBackward0), or self if nothing
    changes; torch's three forms: ``to(dtype)``, ``to(device, dtype)``, ``to(other)``, with
    ``non_blocking``, ``copy`` and ``memory_format``. Devices other than the CPU are refused
    with torch's error.

    >>> autograd_nb.ones(2).to("cpu", autograd_nb.float64).dtype
    torch.float64
    """
    dtype, copy = parse_to(args, kwargs)
    dtype = dtype or self.dtype
    if dtype.np == self._raw.dtype and not copy:
        return self
    if dtype.is_floating_point or dtype.is_complex:
        return call(P.TO_COPY, (self,), (dtype.np,))
    with _grad_mode.no_grad():  # integer and bool results are not differentiable
        return call(P.TO_COPY, (self,), (dtype.np,))


_TO_FORMS = ("to() received an invalid combination of arguments - got ({}), but expected one "
             "of:\n * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = "
             "False, bool copy = False, *, torch.memory_format memory_format = None)\n * ("
             "torch.dtype dtype, bool non_blocking = False, bool copy = False, *, "
             "torch.memory_format memory_format = None)\n * (Tensor tensor, bool non_blocking = "
             "False, bool copy = False, *, torch.memory_format memory_format = None)\n")


def parse_to(args, kwargs):
    """(dtype or None, copy) of ``to``'s arguments, the device checked, as torch parses them."""
    rest, options = list(args), dict(kwargs)
    dtype, device = options.pop("dtype", None), options.pop("device", None)
    if rest and isinstance(rest[0], Tensor):
        dtype = rest.pop(0).dtype
    elif rest and _is_dtype(rest[0]):
        dtype = rest.pop(0)
    elif rest and (rest[0] is None or isinstance(rest[0], (str, int, _device.device))
                   and not isinstance(rest[0], builtins.bool)):
        device = rest.pop(0)
        if rest and _is_dtype(rest[0]):
            dtype = rest.pop(0)
    flags = dict(zip(("non_blocking", "copy"), rest))
    options.pop("memory_format", None)
    flags.update((k, options.pop(k)) for k in ("non_blocking", "copy") if k in options)
    if len(rest) > 2 or options or not all(isinstance(v, builtins.bool) for v in flags.values()):
        got = [type(a).__name__ if not isinstance(a, (_dtype.dtype, Tensor))
               else ("torch.dtype" if isinstance(a, _dtype.dtype) else "Tensor") for a in args]
        got += [f"{k}={type(v).__name__}" for k, v in kwargs.items()]
        raise TypeError(_TO_FORMS.format(", ".join(got) + (", " if kwargs else "")))
    if device is not None:
        _device.check_device(device)
    return resolve_dtype(dtype), flags.get("copy", False)


def _is_dtype(value):
    return isinstance(value, (_dtype.dtype, np.dtype)) or value in (builtins.float, builtins.int,
                                                                    builtins.bool)


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
    """This tensor: it is on the CPU already."""
    return self


@export(function=False)
def cuda(self, device=None, non_blocking=False, memory_format=None):
    """torch's error: there is no CUDA here (an index first asks for an accelerator)."""
    if device is not None and not isinstance(device, (str, _device.device)):
        _device.device(device)
    raise AssertionError(_device.NO_CUDA)


@export
def get_device(input):
    """The device's index: -1, the CPU, as torch numbers it.

    >>> autograd_nb.ones(1).get_device()
    -1
    """
    if not isinstance(input, Tensor):
        raise TypeError("get_device(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    return -1


@export(function=False)
def is_pinned(self, device=None):
    """False: pinned memory needs an accelerator, and there is none here."""
    return False


@export(function=False)
def pin_memory(self, device=None):
    """torch's error: pinned memory needs an accelerator, and there is none here."""
    raise RuntimeError(_device.NO_ACCELERATOR)


# The arrays owning memory that ``share_memory_`` marked: one process shares all its memory with
# itself, so sharing is only this mark, kept per storage (views of it are shared too).
_SHARED = weakref.WeakValueDictionary()  # id -> array (ndarrays are not hashable)


def _root(array):
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


@export(function=False)
def share_memory_(self):
    """Marks the storage shared (torch moves it to shared memory for other processes; one
    process has nothing to move) and returns ``self``."""
    root = _root(self._data)
    _SHARED[id(root)] = root
    return self


@export(function=False)
def is_shared(self):
    root = _root(self._data)
    return _SHARED.get(id(root)) is root


@export(function=False)
def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    return tensor(data, dtype=dtype or self.dtype, device=device, requires_grad=requires_grad)


def _new_factory(factory, name):
    def method(self, *size, dtype=None, device=None, requires_grad=False, **kw):
        if requires_grad.__class__ is not bool:
            requires_grad = requires_grad_flag(name, requires_grad)
        if not size and "size" not in kw:
            raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
        shape = _sizes(name, size, kw.pop("size", None))  # torch's errors name the method
        return factory(shape, dtype=dtype or self.dtype, device=device,
                       requires_grad=requires_grad, **kw)
    method.__name__ = name
    return method


new_ones, new_zeros, new_empty = (export(_new_factory(f, n), function=False) for f, n in (
    (ones, "new_ones"), (zeros, "new_zeros"), (zeros, "new_empty")))


@export(function=False)
def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
    return full(size, fill_value, dtype=dtype or self.dtype, device=device,
                requires_grad=requires_grad)
