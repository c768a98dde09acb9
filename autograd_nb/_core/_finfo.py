"""``torch.finfo`` / ``torch.iinfo``: the limits of a dtype, as torch reports them.

Floating limits follow from each format's bit layout (IEEE 754 binary16/32/64 and bfloat16),
so bfloat16's are known without ml_dtypes installed.
"""
import math

from . import _dtype

# dtype name -> (bits, exponent bits, mantissa bits)
_LAYOUT = {"float16": (16, 5, 10), "bfloat16": (16, 8, 7), "float32": (32, 8, 23),
           "float64": (64, 11, 52)}
_INTEGERS = {"uint8": (8, False), "int8": (8, True), "int16": (16, True), "int32": (32, True),
             "int64": (64, True)}


def _dtype_argument(name, type):
    if type is None:
        return _dtype.get_default_dtype()
    if not isinstance(type, _dtype.dtype):
        raise TypeError(f"{name}(): argument 'type' (position 1) must be torch.dtype, not "
                        f"{type.__class__.__name__}")
    return type


class finfo:
    """Machine limits of a floating dtype (a complex dtype: of its parts).

    >>> torch.finfo(torch.bfloat16).eps
    0.0078125
    """

    def __init__(self, type=None):
        dt = _dtype_argument("finfo", type).to_real()
        if dt.name not in _LAYOUT:
            raise TypeError("torch.finfo() requires a floating point input type. Use "
                            "torch.iinfo to handle 'torch.finfo'")
        self.bits, exponent_bits, mantissa_bits = _LAYOUT[dt.name]
        bias = 2 ** (exponent_bits - 1) - 1
        self.eps = 2.0 ** -mantissa_bits
        self.max = (2.0 - self.eps) * 2.0 ** bias
        self.min = -self.max
        self.tiny = self.smallest_normal = 2.0 ** (1 - bias)
        self.resolution = 10.0 ** -math.floor(-math.log10(self.eps))
        self.dtype = dt.name

    def __eq__(self, other):
        return isinstance(other, finfo) and other.dtype == self.dtype

    __hash__ = object.__hash__

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
                f"tiny={self.tiny:g}, dtype={self.dtype})")

    __str__ = __repr__


class iinfo:
    """Limits of an integer dtype.

    >>> torch.iinfo(torch.uint8).max
    255
    """

    def __init__(self, type):
        dt = _dtype_argument("iinfo", type)
        if dt is _dtype.bool_:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if dt.name not in _INTEGERS:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to "
                            "handle 'torch.iinfo'")
        self.bits, signed = _INTEGERS[dt.name]
        self.min = -2 ** (self.bits - 1) if signed else 0
        self.max = 2 ** (self.bits - 1) - 1 if signed else 2 ** self.bits - 1
        self.dtype = dt.name

    def __eq__(self, other):
        return isinstance(other, iinfo) and other.dtype == self.dtype

    __hash__ = object.__hash__

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"

    __str__ = __repr__


finfo.__module__ = iinfo.__module__ = "torch"
