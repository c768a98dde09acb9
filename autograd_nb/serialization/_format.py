"""Facts of PyTorch's checkpoint format shared by the reader and the writer.

A checkpoint is a zip archive (stored, not compressed) under one top folder: ``data.pkl`` (the
object, pickled with protocol 2), ``data/<key>`` (one raw record per storage), ``byteorder``,
``version`` and a few bookkeeping records. Tensors are pickled as calls of
``torch._utils._rebuild_tensor_v2`` on a storage named by a persistent id.
"""
from .._core import _dtype

DEFAULT_PROTOCOL = 2
FORMAT_VERSION = b"3\n"  # the 'version' record torch 2.x writes
STORAGE_ALIGNMENT = 64    # storage records start on this boundary (lets torch memory-map them)

# torch.FloatStorage & co. name a storage's dtype in the pickle: 'FloatTensor' -> 'FloatStorage'.
STORAGE_NAMES = {d: d.legacy_type.replace("Tensor", "Storage") for d in _dtype.ALL}
DTYPE_OF_STORAGE = {name: d for d, name in STORAGE_NAMES.items()}

# torch's storage classes for dtypes autograd_nb does not have: named in errors, never loaded.
_TORCH_ONLY = {"BFloat16Storage": "bfloat16", "ComplexFloatStorage": "complex64",
               "ComplexDoubleStorage": "complex128", "QInt8Storage": "qint8",
               "QUInt8Storage": "quint8", "QInt32Storage": "qint32",
               "QUInt4x2Storage": "quint4x2", "QUInt2x4Storage": "quint2x4"}
FOREIGN_STORAGES = {name: dtype_name for name, dtype_name in _TORCH_ONLY.items()
                    if name not in DTYPE_OF_STORAGE}

CUDA_UNAVAILABLE = ("Attempting to deserialize object on a CUDA device but "
                    "torch.cuda.is_available() is False. If you are running on a CPU-only "
                    "machine, please use torch.load with map_location=torch.device('cpu') to map "
                    "your storages to the CPU.")
_CORRUPT = (" This is an internal miniz error. If you are seeing this error, there is a high "
            "likelihood that your checkpoint file is corrupted. This can happen if the checkpoint "
            "was not saved properly, was transferred incorrectly, or the file was modified after "
            "saving.")
NOT_A_ZIP = "PytorchStreamReader failed reading zip archive: not a ZIP archive." + _CORRUPT
NO_CENTRAL_DIRECTORY = ("PytorchStreamReader failed reading zip archive: failed finding central "
                        "directory." + _CORRUPT)
