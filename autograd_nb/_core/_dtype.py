"""dtypes: torch's names over NumPy dtypes, and torch's type-promotion rules."""
import importlib

import numpy as np


# The NumPy scalar types a 0-d float tensor may hold as its values (Tensor._raw), each with
# its dtype: the hot paths tell a scalar from an array, and read its dtype, by one lookup.
FLOAT_SCALARS = {t: np.dtype(t) for t in (np.float16, np.float32, np.float64)}


class dtype:
    """A tensor element type, printed and compared as torch's (``torch.float32``)."""

    __slots__ = ("name", "np", "is_floating_point", "is_complex", "is_signed", "itemsize",
                 "scalar_name", "legacy_type", "cpp_name", "method", "_category")

    def __init__(self, name, np_dtype, scalar_name, cpp_name, method, category):
        self.name = name
        if np_dtype is not None:
            self.np = np.dtype(np_dtype)
        self.is_floating_point = category == 2
        self.is_complex = category == 3
        self.is_signed = name not in ("uint8", "bool")
        self.itemsize = _ITEMSIZE.get(name) or self.np.itemsize
        self.scalar_name = scalar_name  # 'Float': torch's ScalarType, in its error messages
        self.legacy_type = scalar_name + "Tensor"  # t.type() and the legacy footers
        self.cpp_name = cpp_name        # 'float': the C++ type, in other error messages
        self.method = method            # 'float': the Tensor method that casts to it
        self._category = category       # 0 bool, 1 integer, 2 floating, 3 complex

    available = True  # whether tensors can hold it here (see _OptionalDtype)

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return (_by_name, (self.name,))

    def to_real(self):
        """The real dtype of a complex one (complex64 -> float32); other dtypes unchanged."""
        return _REAL_OF.get(self.name, self)

    def to_complex(self):
        """The complex dtype of a floating one (float32 -> complex64), as torch's."""
        if self.is_complex:
            return self
        name = _COMPLEX_OF.get(self.name)
        if name is None:
            raise RuntimeError(f"Unknown Complex ScalarType for {self.scalar_name}")
        return _BY_NAME[name]


# NumPy kinds: "f" float, "c" complex, "V" for ml_dtypes' bfloat16 (a NumPy "void" kind; the
# only one a tensor can hold, since from_numpy_dtype admits no other). Checks of floating
# values read `kind in "fV"`, of differentiable ones `kind in "fcV"`.


class _OptionalDtype(dtype):
    """A dtype whose NumPy type comes from an optional package (bfloat16 from ``ml_dtypes``),
    imported on first use: ``torch.bfloat16`` always exists, computing with it needs the
    package, and a clear error names it."""

    __slots__ = ("_module", "_attr", "_np")

    def __init__(self, name, module, attr, *rest):
        self._module, self._attr, self._np = module, attr, None
        super().__init__(name, None, *rest)

    @property
    def np(self):
        if self._np is None:
            try:
                module = importlib.import_module(self._module)
            except ImportError:
                raise RuntimeError(
                    f"torch.{self.name} needs the '{self._module}' package, which is not "
                    f"installed: pip install {self._module} (or autograd_nb[{self.name}])"
                ) from None
            self._np = np.dtype(getattr(module, self._attr))
            _FROM_NP[self._np] = self
        return self._np

    @property
    def available(self):
        """Whether the package is importable (without raising)."""
        try:
            self.np
        except RuntimeError:
            return False
        return True


_ITEMSIZE = {"bfloat16": 2, "complex32": 4}  # known before the optional package is imported

class _UnsupportedDtype(dtype):
    """A torch dtype NumPy has no type for (complex32): named, compared and printed, but no
    tensor can hold it."""

    __slots__ = ()

    def __init__(self, name, *rest):
        super().__init__(name, None, *rest)

    @property
    def np(self):
        raise RuntimeError(f"autograd_nb does not support torch.{self.name}: NumPy has no "
                           "such type (use torch.complex64)")

    available = False


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
complex64 = dtype("complex64", np.complex64, "ComplexFloat", "c10::complex<float>", "cfloat", 3)
complex128 = dtype("complex128", np.complex128, "ComplexDouble", "c10::complex<double>",
                   "cdouble", 3)
complex32 = _UnsupportedDtype("complex32", "ComplexHalf", "c10::complex<c10::Half>", "chalf", 3)
# torch's bfloat16 over ml_dtypes' NumPy type, when that package is installed.
bfloat16 = _OptionalDtype("bfloat16", "ml_dtypes", "bfloat16", "BFloat16", "c10::BFloat16",
                          "bfloat16", 2)

ALL = (float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool_,
       complex64, complex128)
_BY_NAME = {d.name: d for d in ALL + (complex32,)}
_FROM_NP = {d.np: d for d in ALL if not isinstance(d, _OptionalDtype)}
_REAL_OF = {"complex64": float32, "complex128": float64, "complex32": float16}
_COMPLEX_OF = {"float32": "complex64", "float64": "complex128", "float16": "complex32",
               "bfloat16": "complex64"}
# torch's aliases: torch.float is torch.float32, torch.long is torch.int64, ...
ALIASES = {"float": float32, "double": float64, "half": float16,
           "long": int64, "int": int32, "short": int16, "cfloat": complex64,
           "cdouble": complex128, "chalf": complex32}


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


def get_default_complex_dtype():
    """The dtype Python complex numbers make: complex64 under float32, complex128 under
    float64 (as torch's)."""
    complex_type = default_complex_or_none()
    if complex_type is None:
        raise RuntimeError("invalid default scalar type for complex")
    return complex_type


def default_complex_or_none():
    """The complex dtype of the default dtype (complex32 for float16, whose NumPy type does
    not exist), or None (bfloat16 has none)."""
    return {"float64": complex128, "float32": complex64, "float16": complex32}.get(
        _DEFAULT_FLOAT[0].name)


def _by_name(name):
    return _BY_NAME[name]


def from_numpy_dtype(np_dtype):
    """The dtype for a NumPy dtype, or TypeError naming what is unsupported."""
    np_dtype = np.dtype(np_dtype)
    try:
        return _FROM_NP[np_dtype]
    except KeyError:
        if np_dtype.name == "bfloat16" and bfloat16.available:  # ml_dtypes' own array
            return bfloat16
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np_dtype.name}. The only "
            "supported types are: float64, float32, float16, complex64, complex128, int64, "
            "int32, int16, int8, uint8, and bool.") from None
