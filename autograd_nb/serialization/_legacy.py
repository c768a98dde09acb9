"""Reading torch's format before 1.6 (``_use_new_zipfile_serialization=False``): consecutive
pickles (a magic number, the protocol, system facts, the object, the storage keys) followed by
each storage's bytes, an element count first. Storages are made empty while the object is
unpickled and filled after, so tensors viewing them see the values."""
import io
import pickle

import numpy as np

from ._rebuild import StorageType

MAGIC_NUMBER = 0x1950a86a20f9469cfc6c
PROTOCOL_VERSION = 1001


def is_legacy(raw):
    """Whether ``raw`` starts as torch's legacy files do: the pickled magic number."""
    return raw[:4] == b"\x80\x02\x8a\x0a"


def load_legacy(raw, unpickle, restore):
    """The object in a legacy file. ``unpickle(stream, persistent_load)`` reads one pickle;
    ``restore(storage, location)`` places a storage (map_location)."""
    stream = io.BytesIO(raw)
    if unpickle(stream, None) != MAGIC_NUMBER:
        raise RuntimeError("Invalid magic number; corrupt file?")
    version = unpickle(stream, None)
    if version != PROTOCOL_VERSION:
        raise RuntimeError(f"Invalid protocol version: {version}")
    system = unpickle(stream, None)
    roots = {}
    result = unpickle(stream, _storage_maker(roots, restore))
    for key in unpickle(stream, None):
        _fill(stream, roots[key], system.get("little_endian", True))
    return result


def _storage_maker(roots, restore):
    def persistent_load(pid):
        if not isinstance(pid, tuple) or not pid or pid[0] != "storage":
            raise pickle.UnpicklingError(f"Unsupported persistent id in a legacy file: {pid!r}")
        storage_type, key, location, numel, view = pid[1:]
        if not isinstance(storage_type, StorageType):
            raise pickle.UnpicklingError(f"not a storage type: {storage_type!r}")
        if key not in roots:
            roots[key] = restore(np.zeros(numel, storage_type.checked_dtype().np), location)
        if view is None:
            return roots[key]
        _, offset, size = view
        return roots[key][offset:offset + size]
    return persistent_load


def _fill(stream, storage, little_endian):
    order = "<" if little_endian else ">"
    header = stream.read(8)
    count = int.from_bytes(header, "little" if little_endian else "big") if len(header) == 8 else -1
    if count != storage.size:
        raise RuntimeError("unexpected EOF, expected a storage of "
                           f"{storage.size} elements. The file might be corrupted.")
    nbytes = count * storage.itemsize
    data = stream.read(nbytes)
    if len(data) != nbytes:
        raise RuntimeError(f"unexpected EOF, expected {nbytes - len(data)} more bytes. The file "
                           "might be corrupted.")
    storage[...] = np.frombuffer(data, storage.dtype.newbyteorder(order))
