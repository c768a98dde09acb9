"""``torch.save``: an object pickled as torch pickles it, in torch's zip checkpoint format."""
import collections
import io
import os
import pickle
import struct
import sys
import uuid
import zipfile

import numpy as np

from .._core import _storage
from .._core._device import device
from .._core._dtype import dtype
from .._core._tensor import Size, Tensor, user_state
from ..nn.parameter import Parameter
from ._format import DEFAULT_PROTOCOL, FORMAT_VERSION, STORAGE_ALIGNMENT, STORAGE_NAMES


class _Global:
    """A torch name written into the pickle as a global (torch need not be importable)."""

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *args):  # pickle insists that a reduce function be callable
        raise TypeError(f"{self.module}.{self.name} is only a name in a checkpoint")


_REBUILD_TENSOR = _Global("torch._utils", "_rebuild_tensor_v2")
_REBUILD_PARAMETER = _Global("torch._utils", "_rebuild_parameter")
_REBUILD_FROM_TYPE = _Global("torch._tensor", "_rebuild_from_type_v2")
_TENSOR_TYPE = _Global("torch", "Tensor")
_SIZE = _Global("torch", "Size")
_DEVICE = _Global("torch", "device")
_STORAGE_TYPES = {d: _Global("torch", name) for d, name in STORAGE_NAMES.items()}


class _Storage:
    """One storage record: the whole buffer every tensor viewing it refers to."""

    def __init__(self, key, array):
        self.key, self.array = key, array


class _Storages:
    """The storages of one checkpoint; tensors viewing one NumPy buffer share one record."""

    def __init__(self):
        self.by_buffer = {}
        self.records = []

    def place(self, data):
        """(storage, offset, stride) of a tensor's array, in elements of its dtype."""
        placed = _storage.placement(data)
        if placed is None:  # negative strides or a reinterpreted buffer: torch has no such views
            data = np.ascontiguousarray(data)
            placed = data, 0, tuple(s // data.itemsize for s in data.strides)
        root, offset, strides = placed
        entry = self.by_buffer.get(id(root))
        if entry is None or entry.array is not root:
            entry = self.by_buffer[id(root)] = _Storage(str(len(self.records)), root)
            self.records.append(entry)
        return entry, offset, strides


class _TorchPickler(pickle._Pickler):
    """The pure-Python pickler: unlike the C one it lets ``save`` write a global for a module
    (``torch._utils``) that is not importable here."""

    def __init__(self, file, protocol, storages):
        super().__init__(file, protocol)
        self.storages = storages

    def save(self, obj, save_persistent_id=True):
        if isinstance(obj, (_Global, dtype)):
            self._save_global_name(obj)
        else:
            super().save(obj, save_persistent_id)

    def _save_global_name(self, obj):
        memoized = self.memo.get(id(obj))
        if memoized is not None:
            self.write(self.get(memoized[0]))
            return
        module, name = (obj.module, obj.name) if isinstance(obj, _Global) else ("torch", obj.name)
        self.write(pickle.GLOBAL + f"{module}\n{name}\n".encode())
        self.memoize(obj)

    def persistent_id(self, obj):
        if isinstance(obj, _Storage):
            array = obj.array
            return ("storage", _STORAGE_TYPES[Tensor._make(array).dtype], obj.key, "cpu",
                    array.size)
        return None

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            return _reduce_tensor(obj, self.storages)
        if isinstance(obj, Size):
            return _SIZE, (tuple(obj),)
        if isinstance(obj, device):
            return _DEVICE, (str(obj),)
        return NotImplemented


def _reduce_tensor(tensor, storages):
    if isinstance(tensor, Parameter):
        return _REBUILD_PARAMETER, (Tensor._make(tensor._data), tensor.requires_grad,
                                    collections.OrderedDict())
    storage, offset, stride = storages.place(tensor._data)
    args = (storage, offset, Size(tensor._raw.shape), stride, tensor.requires_grad,
            collections.OrderedDict())
    state = user_state(tensor)
    if state:  # attributes a user set on the tensor travel with it, as in torch
        return _REBUILD_FROM_TYPE, (_REBUILD_TENSOR, _TENSOR_TYPE, args, state)
    return _REBUILD_TENSOR, args


def save(obj, f, pickle_module=pickle, pickle_protocol=DEFAULT_PROTOCOL,
         _use_new_zipfile_serialization=True, _disable_byteorder_record=False):
    """Write ``obj`` (tensors, containers of them, a ``state_dict``...) to ``f`` (a path or a
    binary file object) in PyTorch's checkpoint format; ``torch.load`` reads it back.

    >>> autograd_nb.save(model.state_dict(), "model.pt")
    """
    if not _use_new_zipfile_serialization:
        raise NotImplementedError("autograd_nb writes only PyTorch's zip format (the default "
                                  "since torch 1.6), not the legacy one")
    storages = _Storages()
    pickled = io.BytesIO()
    _TorchPickler(pickled, pickle_protocol, storages).dump(obj)
    records = [("data.pkl", pickled.getvalue()), (".format_version", b"1"),
               (".storage_alignment", str(STORAGE_ALIGNMENT).encode())]
    if not _disable_byteorder_record:
        records.append(("byteorder", sys.byteorder.encode()))
    records += [(f"data/{s.key}", s.array.tobytes(order="A")) for s in storages.records]
    records += [("version", FORMAT_VERSION),
                (".data/serialization_id", str(uuid.uuid4().int).zfill(40)[:40].encode())]
    archive = io.BytesIO()
    _write_zip(archive, _archive_name(f), records)
    if isinstance(f, (str, os.PathLike)):
        parent = os.path.dirname(os.fspath(f))
        if parent and not os.path.isdir(parent):
            raise RuntimeError(f"Parent directory {parent} does not exist.")
        with open(f, "wb") as out:
            out.write(archive.getvalue())
    else:
        f.write(archive.getvalue())


def _archive_name(f):
    """torch names the top folder after the file ('model.pt' -> 'model'), else 'archive'."""
    if isinstance(f, (str, os.PathLike)):
        return os.path.splitext(os.path.basename(os.fspath(f)))[0]
    return "archive"


def _write_zip(out, folder, records):
    """A stored (uncompressed) zip whose records start on STORAGE_ALIGNMENT boundaries, padded
    with an extra field as torch's writer pads them."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in records:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            start = out.tell() + 30 + len(info.filename.encode("utf-8")) + 4
            padding = -start % STORAGE_ALIGNMENT
            info.extra = b"FB" + struct.pack("<H", padding) + b"Z" * padding
            archive.writestr(info, data)
