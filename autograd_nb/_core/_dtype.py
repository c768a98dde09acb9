"""dtypes: torch's names over NumPy dtypes, and torch's type-promotion rules."""
import numpy as np


class dtype:
    """A tensor element type, printed and compared as torch's (``torch.float32``)."""

    __slots__ = ("name", "np", "is_floating_point", "is_complex", "is_signed", "itemsize",
                 "scalar_name", "legacy_type", "cpp_name", "method", "_category")

    def __init__(self, name, np_dtype, scalar_name, cpp_name, method, category):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.is_floating_point = category == 2
        self.is_complex = False
        self.is_signed = name not in ("uint8", "bool")
        self.itemsize = self.np.itemsize
        self.scalar_name = scalar_name  # 'Float': torch's ScalarType, in its error messages
        self.legacy_type = scalar_name + "Tensor"  # t.type() and the legacy footers
        self.cpp_name = cpp_name        # 'float': the C++ type, in other error messages
        self.method = method            # 'float': the Tensor method that casts to it
        self._category = category       # 0 bool, 1 integer, 2 floating

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return (_by_name, (self.name,))

    def to_real(self):
        return self

    def to_complex(self):
        raise NotImplementedError("complex dtypes are not supported by autograd_nb")


# The one table of dtype names:
#                name       NumPy       scalar    C++            method
float32 = dtype("float32", np.float32, "Float", "float", "float", 2)
float64 = dtype("float64", np.float64, "Double", "double", "double", 2)
float16 = dtype("float16", np.float16, "Half", "c10::Half", "half", 2)
int64 = dtype("int64", np.int64, "Long", "long int", "long", 1)
int32 = dtype("int32", np.int32, "Int", "int", "int", 1)
int16 = dtype("int16", np.int16, "Short", "short int", "short", 1)
int8 = dtype("int8", np.int8, "Char", "signed char", "char", 1)
uint8 = dtype("uint8", np.uint8, "Byte", "unsigned char", "byte", 1)
bool_ = dtype("bool", np.bool_, "Bool", "bool", "bool", 0)

ALL = (float32, float64, float16, int64, int32, int16, int8, uint8, bool_)
_BY_NAME = {d.name: d for d in ALL}
_FROM_NP = {d.np: d for d in ALL}
# torch's aliases: torch.float is torch.float32, torch.long is torch.int64, ...
ALIASES = {"float": float32, "double": float64, "half": float16,
           "long": int64, "int": int32, "short": int16}


_DEFAULT_FLOAT = [float32]  # what Python floats and factory functions make, as torch's


def get_default_dtype():
    """The dtype of ``tensor([1.5])``, ``ones(2)``, ``rand(2)``...: float32 unless set.

    >>> autograd_nb.get_default_dtype()
    torch.float32
    """
    return _DEFAULT_FLOAT[0]


def set_default_dtype(d):
    """Make floating tensors ``d`` by default (float64 for precise notebooks), as torch's
    ``set_default_dtype``: factory functions and Python-float promotion follow it.

    >>> autograd_nb.set_default_dtype(autograd_nb.float64)
    """
    if not isinstance(d, dtype):
        raise TypeError("invalid dtype object: only floating-point types are supported as the "
                        "default type")
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _DEFAULT_FLOAT[0] = d


def _by_name(name):
    return _BY_NAME[name]


def from_numpy_dtype(np_dtype):
    """The dtype for a NumPy dtype, or TypeError naming what is unsupported."""
    try:
        return _FROM_NP[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).name}. The only "
            "supported types are: float64, float32, float16, int64, int32, int16, int8, "
            "uint8, and bool.") from None
