"""What torch's names in a checkpoint mean here: the rebuild functions, classes and dtypes a
pickled state_dict refers to, as autograd_nb objects."""
import _codecs
import collections

from .._core import _dtype, _storage
from .._core._device import device
from .._core._tensor import Size, Tensor
from ..nn.parameter import Parameter
from ._format import DTYPE_OF_STORAGE, FOREIGN_STORAGES


class StorageType:
    """A ``torch.FloatStorage``-like name in a persistent id: which dtype the record holds."""

    def __init__(self, name, dtype):
        self.name, self.dtype = name, dtype

    def __repr__(self):
        return f"torch.{self.name}"

    def checked_dtype(self):
        """The dtype, or an error naming the torch dtype autograd_nb does not have."""
        if self.dtype is None:
            raise RuntimeError(f"autograd_nb has no dtype torch.{FOREIGN_STORAGES[self.name]} "
                               f"(a {self!r} in this file)")
        return self.dtype


def _rebuild_tensor(storage, storage_offset, size, stride):
    """A tensor viewing ``storage`` (a 1-d array), checked to stay inside it."""
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride) or any(s < 0 for s in stride) or storage_offset < 0:
        raise RuntimeError(f"invalid tensor geometry: size {list(size)}, stride {list(stride)}, "
                           f"offset {storage_offset}")
    if 0 not in size:
        extent = storage_offset + sum((n - 1) * s for n, s in zip(size, stride)) + 1
        if extent > storage.size:
            raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage "
                               f"offset {storage_offset} require {extent} elements, but the "
                               f"storage has {storage.size}")
    # version 1, as torch's rebuild (a set_ on an empty tensor) leaves it
    return Tensor._make(_storage.view(storage, storage_offset, size, stride), version=[1])


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       metadata=None):
    tensor = _rebuild_tensor(storage, storage_offset, size, stride)
    tensor.requires_grad = requires_grad
    return tensor


def _rebuild_tensor_v3(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       dtype, metadata=None):
    return _rebuild_tensor_v2(storage.view(dtype.np), storage_offset, size, stride,
                              requires_grad, backward_hooks)


def _rebuild_parameter(data, requires_grad, backward_hooks):
    return Parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    return _with_state(Parameter(data, requires_grad), state)


def _rebuild_from_type_v2(func, new_type, args, state):
    """A tensor with Python attributes (``t.note = ...``) as torch pickles it."""
    tensor = func(*args)
    if type(tensor) is not new_type:
        raise RuntimeError(f"can't rebuild a tensor of type {new_type!r}")
    return _with_state(tensor, state)


def _with_state(tensor, state):
    if isinstance(state, tuple):  # (dict state, slot state): torch keeps no slots on tensors
        state = state[0]
    for key, value in (state or {}).items():
        if hasattr(Tensor, key):  # never let a file overwrite the tensor's own machinery
            raise RuntimeError(f"refusing to restore the tensor attribute {key!r} from a file")
        setattr(tensor, key, value)
    return tensor


def _torch_size(items=()):
    return Size(int(s) for s in items)


# (module, name) -> object, as torch's weights_only unpickler allows them by default.
TORCH_GLOBALS = {
    ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
    ("torch._utils", "_rebuild_tensor_v3"): _rebuild_tensor_v3,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter_with_state,
    ("torch._tensor", "_rebuild_from_type_v2"): _rebuild_from_type_v2,
    ("torch", "Tensor"): Tensor,
    ("torch.nn.parameter", "Parameter"): Parameter,
    ("torch", "Size"): _torch_size,
    ("torch", "device"): device,
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("collections", "Counter"): collections.Counter,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "bytearray"): bytearray,
    ("builtins", "complex"): complex,
    ("_codecs", "encode"): _codecs.encode,  # how protocol 2 pickles bytes
    **{("torch", d.name): d for d in _dtype.ALL},
    **{("torch", name): StorageType(name, d) for name, d in DTYPE_OF_STORAGE.items()},
    **{("torch", name): StorageType(name, None) for name in FOREIGN_STORAGES},
    ("torch", "UntypedStorage"): StorageType("UntypedStorage", _dtype.uint8),
}
