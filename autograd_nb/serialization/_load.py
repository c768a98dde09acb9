"""``torch.load``: read PyTorch's zip checkpoint format, by default through the allow-list
unpickler (``weights_only=True``, as torch 2.6+)."""
import io
import os
import pickle
import warnings
import zipfile

import numpy as np

from .._core._device import device
from ._format import CUDA_UNAVAILABLE, FOREIGN_STORAGES, NO_CENTRAL_DIRECTORY, NOT_A_ZIP
from ._legacy import is_legacy, load_legacy
from ._rebuild import TORCH_GLOBALS, StorageType
from ._unpickler import WeightsUnpickler, unsupported_global, weights_only_error

SAFE_GLOBALS = {}  # "module.name" -> object, filled by add_safe_globals


class _Archive:
    """The records of one checkpoint, read completely before anything is unpickled."""

    def __init__(self, raw, path=None):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
        except zipfile.BadZipFile:
            # miniz's two words: too short for an end record, or a zip whose end is missing
            truncated = raw[:4] == b"PK\x03\x04" and len(raw) >= 22
            raise RuntimeError(NO_CENTRAL_DIRECTORY if truncated else NOT_A_ZIP) from None
        pickles = [n for n in self.zip.namelist() if n.endswith("data.pkl") and n.count("/") == 1]
        self.folder = pickles[0][:-len("data.pkl")] if pickles else ""

    def record(self, name):
        try:
            return self.zip.read(self.folder + name)
        except KeyError:
            raise RuntimeError(f"PytorchStreamReader failed locating file {name}: file not "
                               "found") from None
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: {exc}") from None

    def array(self, name, np_dtype, mmap):
        """A record as a writable 1-d array; with ``mmap``, mapped copy-on-write from the
        file (records are stored uncompressed)."""
        if mmap:
            info = self.zip.getinfo(self.folder + name)
            with open(self.path, "rb") as f:
                f.seek(info.header_offset + 26)
                lengths = np.frombuffer(f.read(4), "<u2")
            start = info.header_offset + 30 + int(lengths.sum())
            count = info.file_size // np_dtype.itemsize
            return np.memmap(self.path, np_dtype, "c", start, (count,))
        raw = self.record(name)
        return np.frombuffer(bytearray(raw), np_dtype)


def _storage_loader(archive, map_location, mmap):
    byteorder = archive.record("byteorder").decode() if _has(archive, "byteorder") else "little"
    loaded = {}

    def persistent_load(pid):
        if not isinstance(pid, tuple) or len(pid) != 5 or pid[0] != "storage":
            raise pickle.UnpicklingError("Unknown typename for persistent_load, expected "
                                         f"'storage' but got '{pid[0] if pid else pid}'")
        _, storage_type, key, location, numel = pid
        if not isinstance(storage_type, StorageType):
            raise pickle.UnpicklingError(f"not a storage type: {storage_type!r}")
        dtype = storage_type.checked_dtype()
        if key not in loaded:
            np_dtype = dtype.np.newbyteorder("<" if byteorder == "little" else ">")
            array = archive.array(f"data/{key}", np_dtype, mmap and byteorder == _NATIVE)
            if array.dtype != dtype.np:
                array = array.astype(dtype.np)
            if array.size != numel:
                raise RuntimeError(f"storage data/{key} holds {array.size} elements, the file "
                                   f"says {numel}")
            loaded[key] = _restore(array, location, map_location)
        return loaded[key]
    return persistent_load


_NATIVE = "little" if np.little_endian else "big"


def _has(archive, name):
    return archive.folder + name in archive.zip.NameToInfo


def _restore(storage, location, map_location):
    """Where a storage goes: only the CPU exists, so anything else is torch's error."""
    if isinstance(map_location, dict):
        location = map_location.get(location, location)
    elif isinstance(map_location, (str, device)):
        location = str(map_location)
    elif map_location is not None:  # torch calls anything else (an int: "not callable")
        moved = map_location(storage, location)
        if moved is not None:
            return moved
    kind = str(location).partition(":")[0]
    if kind == "cuda":
        raise RuntimeError(CUDA_UNAVAILABLE)
    if kind != "cpu":
        raise RuntimeError("don't know how to restore data location of "
                           f"torch.storage.UntypedStorage (tagged with {location})")
    return storage


def _weights_only_global(module, name):
    found = TORCH_GLOBALS.get((module, name))
    if found is None:
        found = SAFE_GLOBALS.get(f"{module}.{name}")
    if found is None:
        _refuse_foreign_dtype(module, name)
        raise unsupported_global(name if module == "builtins" else f"{module}.{name}")
    return found


def _refuse_foreign_dtype(module, name):
    if module == "torch" and name in FOREIGN_STORAGES.values():
        raise RuntimeError(f"autograd_nb has no dtype torch.{name}")


class _FullUnpickler(pickle.Unpickler):
    """``weights_only=False``: any global the file names (the caller trusts it), torch's own
    names mapped to autograd_nb's."""

    def find_class(self, module, name):
        found = TORCH_GLOBALS.get((module, name))
        if found is not None:
            return found
        _refuse_foreign_dtype(module, name)
        if module == "torch" or module.startswith("torch."):
            raise pickle.UnpicklingError(f"autograd_nb can't load {module}.{name}: a pickled "
                                         "torch object, not data (save its state_dict() "
                                         "instead)")
        return super().find_class(module, name)


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
         **pickle_load_args):
    """Read an object written by ``torch.save`` (by PyTorch or by autograd_nb) from a path or
    a binary file object. With ``weights_only`` (the default) only tensors, containers and
    allow-listed types load: the file can't run code.

    >>> model.load_state_dict(autograd_nb.load("model.pt"))
    """
    if weights_only is None:
        weights_only = True
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is "
                           "specified")
    path = os.fspath(f) if isinstance(f, (str, os.PathLike)) else None
    if mmap and path is None:
        raise ValueError("f must be a file path in order to use the mmap argument")
    if path is not None:
        with open(path, "rb") as file:
            raw = file.read()
    else:
        raw = f.read()
    if pickle_load_args and weights_only:
        warnings.warn("pickle_load_args only works if `weights_only=False`.", UserWarning,
                      stacklevel=2)
        unknown = [k for k in pickle_load_args if k not in ("encoding", "errors")]
        if unknown:
            raise TypeError(f"Unpickler.__init__() got an unexpected keyword argument "
                            f"'{unknown[0]}'")
    unpickle = _weights_only_unpickle if weights_only else _full_unpickle(pickle_load_args)
    if not raw:  # torch reads what is not a zip as its legacy format: a pickle, here none
        raise EOFError("" if weights_only else "Ran out of input")
    if not (map_location is None or isinstance(map_location, (dict, str, device))
            or callable(map_location)):
        raise TypeError(f"'{type(map_location).__name__}' object is not callable")
    try:
        if not raw.startswith(b"PK") and not is_legacy(raw):
            unpickle(io.BytesIO(raw), None)  # torch's legacy reader: the pickle's own error
            raise RuntimeError("Invalid magic number; corrupt file?")
        if is_legacy(raw):
            return load_legacy(raw, unpickle,
                               lambda storage, location: _restore(storage, location, map_location))
        archive = _Archive(raw, path)
        pickled = io.BytesIO(archive.record("data.pkl"))
        return unpickle(pickled, _storage_loader(archive, map_location, bool(mmap)))
    except pickle.UnpicklingError as exc:
        if weights_only:
            raise weights_only_error(exc) from None
        raise


def _weights_only_unpickle(stream, persistent_load):
    user_types = [g for g in SAFE_GLOBALS.values() if isinstance(g, type)]
    return WeightsUnpickler(stream, _weights_only_global, persistent_load, user_types).load()


def _full_unpickle(pickle_load_args):
    def unpickle(stream, persistent_load):
        unpickler = _FullUnpickler(stream, **pickle_load_args)
        if persistent_load is not None:
            unpickler.persistent_load = persistent_load
        return unpickler.load()
    return unpickle
