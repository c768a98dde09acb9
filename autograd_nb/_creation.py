"""Making tensors: ``tensor``, ``ones``/``zeros``/``full``/``empty``/``eye``, ``arange``/``linspace``,
the random functions, ``from_numpy``, and the legacy type constructors (``Tensor(2, 3)``,
``FloatTensor([1, 2])``)."""
import builtins
import numbers
import warnings

import numpy as np

from . import _dtype, _grad_mode
from ._errors import INT_REQUIRES_GRAD_FACTORY
from ._printing.options import PRINT_OPTS
from ._tensor import Tensor


class device:
    """torch.device; only the CPU exists here."""

    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        kind, _, num = str(type).partition(":")
        if kind not in ("cpu", "cuda", "mps", "meta"):
            raise RuntimeError(f"Expected one of cpu, cuda, mps, meta device type at start of "
                               f"device string: {type}")
        self.type = kind
        self.index = int(num) if num else index

    def __repr__(self):
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


CPU = device("cpu")


def check_device(dev):
    """Accept the CPU; refuse an accelerator with torch's words (there is none here)."""
    if dev is None:
        return
    kind = dev.type if isinstance(dev, device) else str(dev).partition(":")[0]
    if kind == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    if kind != "cpu":
        raise RuntimeError(f"autograd_nb runs on the CPU only, not on {dev!r}")


def resolve_dtype(dtype):
    """A dtype argument (ours, a NumPy dtype or a Python type) as our dtype, or None."""
    if dtype is None or isinstance(dtype, _dtype.dtype):
        return dtype
    if dtype is builtins.float:
        return _dtype.float64
    if dtype is builtins.int:
        return _dtype.int64
    if dtype is builtins.bool:
        return _dtype.bool_
    try:
        return _dtype.from_numpy_dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a torch dtype, not {dtype!r}") from None


def _finish(data, requires_grad, dev=None):
    check_device(dev)
    t = Tensor._make(data)
    if requires_grad:
        if data.dtype.kind not in "fc":
            raise RuntimeError(INT_REQUIRES_GRAD_FACTORY)
        t._requires_grad = True
    if _grad_mode.STATE.inference:
        from ._tensor import INFERENCE
        t._flags = INFERENCE
    return t


def _infer_np_dtype(data):
    """torch's inference for Python data: floats -> float32, ints -> int64, bools -> bool."""
    if isinstance(data, np.ndarray):
        return None  # NumPy arrays keep their dtype (a float64 array makes a float64 tensor)
    if isinstance(data, np.generic):
        return data.dtype
    try:
        arr = np.asarray(data)
    except ValueError:
        _refuse_text(data)
        _check_nested(data, _first_shape(data), 0)
        raise
    if arr.dtype.kind == "f":
        return np.float32
    if arr.dtype.kind in "iu":
        return np.int64
    if arr.dtype.kind == "b":
        return np.bool_
    if arr.dtype.kind in "US":
        _refuse_text(data)
    if arr.dtype == object:
        _check_nested(data, _first_shape(data), 0)
        raise RuntimeError(f"Could not infer dtype of {type(_first_odd(data)).__name__}")
    return None


def _refuse_text(data):
    """torch's errors for text inside nested data: a str met first at some depth reads as one
    more dimension; text anywhere else is an invalid element."""
    first = data
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
    if isinstance(first, str):
        raise ValueError("too many dimensions 'str'")
    odd = _first_odd(data)
    if isinstance(odd, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(odd).__name__}'")


def _is_sequence(data):
    return isinstance(data, (list, tuple)) or (isinstance(data, Tensor) and data.ndim)


def _first_shape(data):
    """The shape torch infers from the first element at each depth."""
    shape = []
    while _is_sequence(data):
        shape.append(len(data))
        if not len(data):
            break
        data = data[0]
    return shape


def _check_nested(data, shape, dim):
    """torch's errors for ragged nested sequences."""
    if dim == len(shape):
        if _is_sequence(data):
            raise TypeError(f"'{type(data).__name__}' object cannot be interpreted as an integer")
        return
    if not _is_sequence(data):
        raise TypeError("not a sequence")
    if len(data) != shape[dim]:
        raise ValueError(f"expected sequence of length {shape[dim]} at dim {dim} "
                         f"(got {len(data)})")
    for item in data:
        _check_nested(item, shape, dim + 1)


def _first_odd(data):
    """The first element that is neither a number nor a sequence (what torch names)."""
    if _is_sequence(data):
        for item in data:
            odd = _first_odd(item)
            if odd is not None:
                return odd
        return None
    return None if isinstance(data, (numbers.Number, np.generic, Tensor)) else data


def _to_array(data, dtype):
    if isinstance(data, Tensor):
        arr = data._data
        return arr.astype(dtype.np) if dtype is not None else arr.copy()
    if isinstance(data, (list, tuple)) and data and any(isinstance(d, Tensor) for d in data):
        data = [d.item() if isinstance(d, Tensor) and d.numel() == 1 else
                (d.tolist() if isinstance(d, Tensor) else d) for d in data]
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    np_dtype = dtype.np if dtype is not None else _infer_np_dtype(data)
    arr = np.array(data, dtype=np_dtype, copy=True)
    if arr.dtype == object:
        raise TypeError("Could not infer dtype of object")
    _dtype.from_numpy_dtype(arr.dtype)  # unsupported NumPy dtypes fail here, with torch's words
    return arr


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A tensor holding a copy of ``data`` (nested lists, numbers, NumPy arrays).

    >>> autograd_nb.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    tensor([[1., 2.],
            [3., 4.]], requires_grad=True)
    """
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach()."
            "clone() or sourceTensor.detach().clone().requires_grad_(True), rather than "
            "torch.tensor(sourceTensor).", UserWarning, stacklevel=2)
    arr = _to_array(data, resolve_dtype(dtype))
    return _finish(arr, requires_grad, device)


as_tensor = tensor


def _size(size, name="ones"):
    """``ones(2, 3)``, ``ones((2, 3))`` and ``ones([2, 3])`` all mean shape (2, 3)."""
    for s in size:  # the common case first: plain non-negative ints
        if type(s) is not int or s < 0:
            break
    else:
        return size
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    elif len(size) == 1 and not _is_int(size[0]):
        raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(size[0]).__name__}")
    for pos, s in enumerate(size, 1):
        if isinstance(s, Tensor):
            s = int(s)
        if not _is_int(s):
            raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos {pos} "
                            f"with error \"type must be tuple of ints,but got "
                            f"{type(s).__name__}\"")
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: "
                               f"{list(size)}")
    return tuple(int(s) for s in size)


def _is_int(s):
    return isinstance(s, (numbers.Integral, Tensor)) and not isinstance(s, builtins.bool)


def _float_or(dtype):
    return (resolve_dtype(dtype) or _dtype.float32).np


def ones(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of ones (float32 unless ``dtype`` says otherwise)."""
    return _finish(np.ones(_size(size, "ones"), _float_or(dtype)), requires_grad, device)


def zeros(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of zeros (float32 unless ``dtype`` says otherwise)."""
    return _finish(np.zeros(_size(size, "zeros"), _float_or(dtype)), requires_grad, device)


def empty(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          memory_format=None):
    """An uninitialised tensor in torch; zeros here, so notebooks print the same every run."""
    return zeros(*size, dtype=dtype, device=device, requires_grad=requires_grad)


def _scalar_dtype(value):
    if isinstance(value, (builtins.bool, np.bool_)):
        return _dtype.bool_
    if isinstance(value, numbers.Integral):
        return _dtype.int64
    return _dtype.float32


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False, out=None,
         layout=None):
    """A tensor of ``fill_value``; its dtype follows the value's type as torch's does."""
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    np_dtype = (resolve_dtype(dtype) or _scalar_dtype(fill_value)).np
    return _finish(np.full(_size((size,)), fill_value, np_dtype), requires_grad, device)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    return _finish(np.eye(n, n if m is None else m, dtype=_float_or(dtype)), requires_grad, device)


def arange(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False, out=None,
           layout=None):
    """Values from ``start`` to ``end`` (exclusive) by ``step``: int64 for int arguments, else
    float32."""
    if end is None:
        start, end = 0, start
    args = [a.item() if isinstance(a, Tensor) else a for a in (start, end, step)]
    if args[2] == 0:
        raise RuntimeError("step must be nonzero")
    if (args[1] - args[0]) / args[2] < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    is_int = all(isinstance(a, numbers.Integral) for a in args)
    # int arguments give int64 since torch 0.4; before, every arange was a FloatTensor
    int_result = is_int and PRINT_OPTS.style == "modern"
    dt = resolve_dtype(dtype) or (_dtype.int64 if int_result else _dtype.float32)
    # Computed in float64 (or int64) and cast, as torch computes in double then casts.
    arr = np.arange(*args, dtype=np.int64 if is_int else np.float64).astype(dt.np)
    return _finish(arr, requires_grad, device)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False, out=None,
             layout=None):
    arr = np.linspace(start, end, steps, dtype=np.float64).astype(_float_or(dtype))
    return _finish(arr, requires_grad, device)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    arr = np.logspace(start, end, steps, base=base).astype(_float_or(dtype))
    return _finish(arr, requires_grad, device)


def _like(fn, input, dtype, requires_grad, **kw):
    dt = resolve_dtype(dtype) or input.dtype
    return fn(input.shape, dtype=dt, requires_grad=requires_grad, **kw)


def ones_like(input, *, dtype=None, device=None, requires_grad=False, layout=None,
              memory_format=None):
    return _like(ones, input, dtype, requires_grad)


def zeros_like(input, *, dtype=None, device=None, requires_grad=False, layout=None,
               memory_format=None):
    return _like(zeros, input, dtype, requires_grad)


empty_like = zeros_like


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False, layout=None,
              memory_format=None):
    dt = resolve_dtype(dtype) or input.dtype
    return full(input.shape, fill_value, dtype=dt, requires_grad=requires_grad)


# -- random numbers: one NumPy generator, reseeded by manual_seed --------------------------------
class Generator:
    """torch.Generator over NumPy's PCG64 (values differ from torch's; seeding works alike)."""

    def __init__(self, device="cpu"):
        self._seed = 67280421310721  # torch's default seed
        self.rng = np.random.Generator(np.random.PCG64(self._seed))

    def manual_seed(self, seed):
        seed = int(seed)
        if not -0x8000_0000_0000_0000 <= seed <= 0xffff_ffff_ffff_ffff:
            raise RuntimeError("Overflow when unpacking long")
        self._seed = seed % (1 << 64)
        self.rng = np.random.Generator(np.random.PCG64(self._seed))
        return self

    def initial_seed(self):
        return self._seed

    def seed(self):
        return self.manual_seed(np.random.SeedSequence().entropy % (1 << 63))._seed


default_generator = Generator()


def manual_seed(seed):
    """Seed the random number generator, for reproducible ``rand``/``randn``/``randint``."""
    return default_generator.manual_seed(seed)


def initial_seed():
    return default_generator.initial_seed()


def seed():
    return default_generator.seed()


def _rng(generator):
    return (generator or default_generator).rng


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None,
         layout=None):
    """Uniform random numbers in [0, 1)."""
    arr = _rng(generator).random(_size(size, "rand"), dtype=np.float64).astype(_float_or(dtype))
    return _finish(arr, requires_grad, device)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None,
          layout=None):
    """Standard normal random numbers."""
    arr = _rng(generator).standard_normal(_size(size, "randn")).astype(_float_or(dtype))
    return _finish(arr, requires_grad, device)


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad=False, out=None, layout=None):
    """Random integers in [low, high) (int64)."""
    if size is None:
        low, high, size = 0, low, high
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    if high is None:
        low, high = 0, low
    arr = _rng(generator).integers(low, high, _size((size,)))
    return _finish(arr.astype((resolve_dtype(dtype) or _dtype.int64).np), requires_grad, device)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    arr = _rng(generator).permutation(n).astype((resolve_dtype(dtype) or _dtype.int64).np)
    return _finish(arr, requires_grad, device)


def rand_like(input, *, dtype=None, requires_grad=False, **kw):
    return rand(*input.shape, dtype=resolve_dtype(dtype) or input.dtype,
                requires_grad=requires_grad)


def randn_like(input, *, dtype=None, requires_grad=False, **kw):
    return randn(*input.shape, dtype=resolve_dtype(dtype) or input.dtype,
                 requires_grad=requires_grad)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, **kw):
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        m = mean._data if isinstance(mean, Tensor) else mean
        s = std._data if isinstance(std, Tensor) else std
        arr = _rng(generator).normal(m, s).astype(np.float32)
        return _finish(np.asarray(arr), False)
    return _finish(_rng(generator).normal(mean, std, _size((size,))).astype(np.float32), False)


def from_numpy(array):
    """A tensor sharing memory with a NumPy array (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _dtype.from_numpy_dtype(array.dtype)
    return Tensor._make(array)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    return input.numel()


# -- the legacy constructors ------------------------------------------------------------------
def legacy_tensor_new(cls, args, kwargs, dtype=_dtype.float32):
    """``Tensor()``, ``Tensor(2, 3)`` (uninitialised: zeros here), ``Tensor([1, 2])``."""
    dev = kwargs.pop("device", None)
    if kwargs:
        raise TypeError(f"new() received an invalid combination of arguments - got "
                        f"{', '.join(kwargs)}")
    check_device(dev)
    if not args:
        data = np.zeros((0,), dtype.np)
    elif all(isinstance(a, numbers.Integral) and not isinstance(a, builtins.bool) for a in args):
        data = np.zeros(_size(args), dtype.np)
    elif len(args) == 1 and isinstance(args[0], Tensor):
        if args[0]._data.dtype != dtype.np:
            raise TypeError(f"expected {dtype!r} (got {args[0].dtype!r})")
        return Tensor._make(args[0]._data, version=args[0]._version)
    elif len(args) == 1 and isinstance(args[0], (tuple, list, np.ndarray, numbers.Number)):
        if isinstance(args[0], numbers.Number):
            raise TypeError(f"new(): data must be a sequence (got {type(args[0]).__name__})")
        data = np.array(args[0], dtype=dtype.np)
    elif len(args) == 1 and isinstance(args[0], (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(args[0]).__name__}'")
    else:
        raise TypeError("new() received an invalid combination of arguments")
    t = object.__new__(cls) if cls is not Tensor else None
    return Tensor._make(data) if t is None else _init_subclass(t, data)


def _init_subclass(t, data):
    t._data, t._requires_grad, t._grad_fn, t._version = data, False, None, [0]
    return t


class _LegacyTensorType(type):
    """Metaclass of FloatTensor & co.: calling builds a tensor of that dtype, isinstance checks
    the dtype (``isinstance(x, torch.FloatTensor)`` as in torch)."""

    def __call__(cls, *args, **kwargs):
        return legacy_tensor_new(Tensor, args, dict(kwargs), cls.dtype)

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._data.dtype == cls.dtype.np

    def __repr__(cls):
        return f"<class 'torch.{cls.__name__}'>"


def _legacy_type(dt):
    return _LegacyTensorType(dt.legacy_type, (), {"dtype": dt, "__module__": "torch"})


FloatTensor = _legacy_type(_dtype.float32)
DoubleTensor = _legacy_type(_dtype.float64)
HalfTensor = _legacy_type(_dtype.float16)
LongTensor = _legacy_type(_dtype.int64)
IntTensor = _legacy_type(_dtype.int32)
ShortTensor = _legacy_type(_dtype.int16)
CharTensor = _legacy_type(_dtype.int8)
ByteTensor = _legacy_type(_dtype.uint8)
BoolTensor = _legacy_type(_dtype.bool_)
LEGACY_TYPES = {cls.dtype: cls for cls in (FloatTensor, DoubleTensor, HalfTensor, LongTensor,
                                           IntTensor, ShortTensor, CharTensor, ByteTensor,
                                           BoolTensor)}
