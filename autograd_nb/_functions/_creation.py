"""Making tensors: ``tensor``, ``ones``/``zeros``/``full``/``empty``/``eye``, ``arange``/``linspace``,
the random functions, ``from_numpy``, and the legacy type constructors (``Tensor(2, 3)``,
``FloatTensor([1, 2])``)."""
import builtins
import math
import numbers
import warnings

import numpy as np

from .._core import _dtype, _grad_mode, _layout
from .._core._device import check_device, device
from .._core._dtype import FLOAT_SCALARS
from .._core._errors import INT_REQUIRES_GRAD_FACTORY
from .._ops._table import ERA
from .._core._tensor import INFERENCE, Tensor


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
        if data.dtype.kind not in "fcV":
            raise RuntimeError(INT_REQUIRES_GRAD_FACTORY)
        t._requires_grad = True
    if _grad_mode.STATE.inference:
        t._flags = INFERENCE
    return t


def _factory(name, data, requires_grad, device, out=None, layout=None, pin_memory=False):
    """A factory function's result: torch's keyword checks, then a new tensor or ``out``."""
    if requires_grad.__class__ is not bool:
        requires_grad = requires_grad_flag(name, requires_grad)
    if layout is not None and layout is not _layout.strided:
        raise RuntimeError(f"{name}(...) is not implemented for sparse layout")
    if pin_memory:
        raise RuntimeError("pin_memory=True requires a CUDA or other accelerator backend; no "
                           "pinned memory allocator is available on this system.")
    if out is None:
        return _finish(data, requires_grad, device)
    check_device(device)
    return _write_factory_out(name, data, out, requires_grad)


# ``out=``, one writer for factories and ops (``_out.write_out`` adds the ops' checks): the
# tensor given is checked, then its values become the result's.
def check_out(name, out):
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")


def store_out(out, data):
    """``out``'s values become ``data``, cast to its dtype (its memory reused when the shapes
    agree)."""
    if out._raw.shape == data.shape:
        out._data[...] = data
    else:
        out._data = np.array(data, out._raw.dtype)
    out._version_counter[0] += 1


def _write_factory_out(name, data, out, requires_grad):
    """A factory's ``out=`` (``ones(2, out=t)``): ``data`` (already of ``out``'s dtype) written
    into ``out``, resized silently (torch warns for ops, not for factories), and ``out``
    made to require grad if asked."""
    check_out(name, out)
    if out.requires_grad:
        raise RuntimeError(f"aten::{name}(): functions with out=... arguments don't support "
                           "automatic differentiation, but one of the arguments requires grad.")
    store_out(out, data)
    if requires_grad:
        out.requires_grad_(True)
    return out


def _dtype_for(dtype, out, fallback):
    """The result dtype: ``dtype``, else ``out``'s, else ``fallback``; they must agree."""
    dt = resolve_dtype(dtype)
    if out is not None and isinstance(out, Tensor):
        if dt is not None and dt is not out.dtype:
            raise RuntimeError(f"dtype {dt.scalar_name} does not match dtype of out "
                               f"parameter ({out.dtype.scalar_name})")
        return out.dtype
    return dt or fallback


def _infer_np_dtype(data):
    """torch's inference for Python data: floats -> the default dtype, complex numbers -> its
    complex dtype, ints -> int64, bools -> bool."""
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
        return _dtype.get_default_dtype().np
    if arr.dtype.kind in "iu":
        return np.int64
    if arr.dtype.kind == "b":
        return np.bool_
    if arr.dtype.kind == "c":
        return _dtype.get_default_complex_dtype().np
    if arr.dtype.kind in "US":
        _refuse_text(data)
    if arr.dtype == object:
        _check_nested(data, _first_shape(data), 0)
        if _huge_int(arr):
            raise ValueError("Overflow when unpacking long long")
        raise RuntimeError(f"Could not infer dtype of {type(_first_odd(data)).__name__}")
    return None


def _huge_int(arr):
    """Whether an object array (NumPy's for ints beyond 64 bits) holds an int beyond int64."""
    return any(isinstance(v, int) and not -2 ** 63 <= v < 2 ** 63 for v in arr.flat)


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
    try:
        arr = np.array(data, dtype=np_dtype, copy=True)
    except TypeError:
        _refuse_complex_as_real(data, dtype)
        raise
    except (OverflowError, ValueError) as error:
        arr = _converted(data, np_dtype, error)
    if arr.dtype == object:
        raise TypeError("Could not infer dtype of object")
    _dtype.from_numpy_dtype(arr.dtype)  # unsupported NumPy dtypes fail here, with torch's words
    return arr


def _converted(data, np_dtype, error):
    """``data`` NumPy would not convert to ``np_dtype`` (a value out of its range): torch's
    error, or the values wrapped where torch wraps them (negative ints into uint8)."""
    values = np.array(data, dtype=object)
    if np.dtype(np_dtype).kind not in "iu" or values.dtype != object:
        raise error
    if np.dtype(np_dtype) == np.int64 and _huge_int(values):
        raise ValueError("Overflow when unpacking long long")
    info, name = np.iinfo(np_dtype), np.dtype(np_dtype).name
    low = -info.max if info.min == 0 else info.min
    for v in values.flat:
        if not (math.isfinite(v) and low <= v <= info.max):
            raise RuntimeError(f"value cannot be converted to type {name} without overflow")
    return np.array([int(v) % (info.max + 1) if info.min == 0 else int(v) for v in values.flat],
                    np_dtype).reshape(values.shape)


def _refuse_complex_as_real(data, dtype):
    """torch's errors for complex numbers in data given a real dtype."""
    if dtype is not None and not dtype.is_complex and \
            np.asarray(data, dtype=object).dtype == object and np.iscomplexobj(np.asarray(data)):
        if dtype.is_floating_point:
            raise TypeError("must be real number, not complex")
        raise TypeError("'complex' object cannot be interpreted as an integer")


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
    t = _factory("tensor", arr, requires_grad, device, pin_memory=pin_memory)
    if not arr.ndim and t._raw is arr and FLOAT_SCALARS.get(arr.dtype.type) is arr.dtype:
        t._raw = arr[()]  # a new 0-d float tensor holds its scalar (see Tensor._raw)
    return t


def as_tensor(data, *, dtype=None, device=None):
    """``data`` as a tensor, sharing memory where it can (a tensor of that dtype is returned
    as is, a NumPy array is wrapped), as torch's ``as_tensor``.

    >>> autograd_nb.as_tensor(np.array([1., 2.]))
    tensor([1., 2.], dtype=torch.float64)
    """
    check_device(device)
    dt = resolve_dtype(dtype)
    if isinstance(data, Tensor):
        return data if dt is None or dt is data.dtype else data.to(dt)
    if isinstance(data, np.ndarray) and (dt is None or dt.np == data.dtype):
        return from_numpy(data)
    return tensor(data, dtype=dt)


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
    if size and not _is_int(size[0]) and not isinstance(size[0], (tuple, list)):
        # torch matches a tuple of ints by its first item: one that is no int fails the match
        raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, but "
                        f"found element of type {_type_name(size[0])} at pos 0")
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


def _sizes(name, args, size):
    """The shape of ``ones(2, 3)``, ``ones((2, 3))`` or ``ones(size=(2, 3))``."""
    if size is not None:
        if args:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        args = (size,)
    return _size(args, name)


def _is_int(s):
    return isinstance(s, (numbers.Integral, Tensor)) and not isinstance(s, builtins.bool)


def _float_or(dtype, out=None):
    return _dtype_for(dtype, out, _dtype.get_default_dtype()).np


def ones(*args, size=None, out=None, dtype=None, layout=None, device=None, pin_memory=False,
         requires_grad=False):
    """A tensor of ones (the default dtype unless ``dtype`` says otherwise).

    >>> autograd_nb.ones(2, 3).shape
    torch.Size([2, 3])
    """
    data = np.ones(_sizes("ones", args, size), _float_or(dtype, out))
    return _factory("ones", data, requires_grad, device, out, layout, pin_memory)


def zeros(*args, size=None, out=None, dtype=None, layout=None, device=None, pin_memory=False,
          requires_grad=False):
    """A tensor of zeros (the default dtype unless ``dtype`` says otherwise)."""
    data = np.zeros(_sizes("zeros", args, size), _float_or(dtype, out))
    return _factory("zeros", data, requires_grad, device, out, layout, pin_memory)


def empty(*args, size=None, out=None, dtype=None, layout=None, device=None, pin_memory=False,
          requires_grad=False, memory_format=None):
    """An uninitialised tensor in torch; zeros here, so notebooks print the same every run."""
    data = np.zeros(_sizes("empty", args, size), _float_or(dtype, out))
    return _factory("empty", data, requires_grad, device, out, layout, pin_memory)


def _scalar_dtype(value):
    if isinstance(value, (builtins.bool, np.bool_)):
        return _dtype.bool_
    if isinstance(value, numbers.Integral):
        return _dtype.int64
    if isinstance(value, complex):
        return _dtype.get_default_complex_dtype()
    return _dtype.get_default_dtype()


_MISSING = object()


def full(*args, size=None, fill_value=_MISSING, out=None, dtype=None, layout=None, device=None,
         pin_memory=False, requires_grad=False):
    """A tensor of ``fill_value``; its dtype follows the value's type as torch's does.

    >>> autograd_nb.full((2,), 7)
    tensor([7, 7])
    """
    size, value = _size_and_value("full", args, size, fill_value)
    np_dtype = _dtype_for(dtype, out, _scalar_dtype(value)).np
    with np.errstate(over="ignore"):  # float16 overflows to inf silently, as in torch
        data = np.full(size, _fill_value(value, np_dtype), np_dtype)
    return _factory("full", data, requires_grad, device, out, layout, pin_memory)


def _size_and_value(name, args, size, value):
    """``full``'s (size, fill_value), by position or keyword, checked as torch's parser does."""
    names = ("size", "fill_value")
    given = dict(zip(names, args))
    if len(args) > 2:
        raise TypeError(f"{name}() takes 2 positional arguments but {len(args)} were given")
    for key, v in (("size", size), ("fill_value", value)):
        if v is not None and v is not _MISSING:
            if key in given:
                raise TypeError(f"{name}() got multiple values for argument '{key}'")
            given[key] = v
    if "size" not in given or "fill_value" not in given and value is _MISSING:
        missing = [f'"{k}"' for k in names if k not in given]
        raise TypeError(f"{name}() missing {len(missing)} required positional arguments: "
                        f"{', '.join(missing)}")
    size, value = given["size"], given.get("fill_value")
    where = {k: f" (position {i})" if len(args) >= i else "" for i, k in enumerate(names, 1)}
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"{name}(): argument 'size'{where['size']} must be tuple of ints, not "
                        f"{_type_name(size)}")
    return _size(tuple(size), name), _number(name, "fill_value", value, where["fill_value"])


def _number(name, arg, value, where=""):
    """``value`` as torch's parser reads a Number: a 0-d tensor that needs no grad is its value;
    anything else not a number is torch's TypeError."""
    if isinstance(value, Tensor) and value._raw.ndim == 0 and not value.requires_grad:
        return value.item()
    if isinstance(value, (numbers.Number, np.number, np.bool_)):
        return value
    raise TypeError(f"{name}(): argument '{arg}'{where} must be Number, not {_type_name(value)}")


def _type_name(value):
    kind = type(value)
    return ("numpy." if kind.__module__ == "numpy" else "") + kind.__name__


# The C++ names torch's overflow message gives the types a fill value is checked against.
_FILL_TYPE = {"int64": "int64_t", "int32": "int", "int16": "int16_t", "int8": "int8_t",
              "uint8": "uint8_t", "float32": "float"}


def _fill_value(value, np_dtype):
    """``value`` converted to ``np_dtype`` as torch converts a fill value (full, masked_fill):
    refused (torch's error) when it overflows an integer type or float32; negative values
    wrap into uint8."""
    name = np.dtype(np_dtype).name
    if isinstance(value, (complex, np.complexfloating)):
        if name in _FILL_TYPE and value.imag:
            raise RuntimeError(f"value cannot be converted to type {_FILL_TYPE[name]} without "
                               "overflow")
        return value
    if name not in _FILL_TYPE or isinstance(value, (bool, np.bool_)):
        return value
    if name == "float32":
        ok = not math.isfinite(value) or abs(value) <= float(np.finfo(np.float32).max)
    else:
        info = np.iinfo(np_dtype)
        low = -info.max if info.min == 0 else info.min
        ok = math.isfinite(value) and low <= value <= info.max
        if ok and value < 0 and info.min == 0:
            value = int(value) % (info.max + 1)
    if not ok:
        raise RuntimeError(f"value cannot be converted to type {_FILL_TYPE[name]} without "
                           "overflow")
    return value


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, pin_memory=False,
        requires_grad=False):
    data = np.eye(n, n if m is None else m, dtype=_float_or(dtype, out))
    return _factory("eye", data, requires_grad, device, out, layout, pin_memory)


def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,
           pin_memory=False, requires_grad=False):
    """Values from ``start`` to ``end`` (exclusive) by ``step``: int64 for int arguments, else
    the default dtype."""
    if end is None:
        start, end = 0, start
    args = [a.item() if isinstance(a, Tensor) else a for a in (start, end, step)]
    if args[2] == 0:
        raise RuntimeError("step must be nonzero")
    if (args[1] - args[0]) / args[2] < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    is_int = all(isinstance(a, numbers.Integral) for a in args)
    # int arguments give int64 since torch 0.4; before, every arange was a FloatTensor
    int_result = is_int and ERA.style == "modern"
    dt = _dtype_for(dtype, out, _dtype.int64 if int_result else _dtype.get_default_dtype())
    if dt.is_complex:
        raise NotImplementedError(f'"arange_cpu" not implemented for \'{dt.scalar_name}\'')
    # Computed in float64 (or int64) and cast, as torch computes in double then casts.
    arr = np.arange(*args, dtype=np.int64 if is_int else np.float64).astype(dt.np)
    return _factory("arange", arr, requires_grad, device, out, layout, pin_memory)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None,
             pin_memory=False, requires_grad=False):
    arr = np.linspace(start, end, steps, dtype=np.float64).astype(_float_or(dtype, out))
    return _factory("linspace", arr, requires_grad, device, out, layout, pin_memory)


def logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None,
             pin_memory=False, requires_grad=False):
    arr = np.logspace(start, end, steps, base=base).astype(_float_or(dtype, out))
    return _factory("logspace", arr, requires_grad, device, out, layout, pin_memory)


# Factories of one signature, whose parser names a bad ``requires_grad`` (the others list their
# overloads; a truthy value is taken there).
_ONE_SIGNATURE = frozenset(("ones", "zeros", "empty", "full", "tensor", "ones_like", "zeros_like",
                            "empty_like", "full_like", "new_ones", "new_zeros", "new_empty",
                            "new_full", "new_tensor"))


def requires_grad_flag(name, value):
    """``requires_grad=`` of factory ``name`` checked as torch's parser checks a bool (None
    stands for the default, except in ``tensor``)."""
    if isinstance(value, bool) or name not in _ONE_SIGNATURE:
        return bool(value)
    if value is None and name != "tensor":
        return False
    kind = type(value)
    raise TypeError(f"{name}(): argument 'requires_grad' must be bool, not "
                    f"{'numpy.' if kind.__module__ == 'numpy' else ''}{kind.__name__}")


def _like(fn, input, dtype, requires_grad, device, layout, *args):
    if requires_grad.__class__ is not bool:
        requires_grad = requires_grad_flag(fn.__name__ + "_like", requires_grad)
    dt = resolve_dtype(dtype) or input.dtype
    return fn(input.shape, *args, dtype=dt, requires_grad=requires_grad, device=device,
              layout=layout)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _like(ones, input, dtype, requires_grad, device, layout)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    return _like(zeros, input, dtype, requires_grad, device, layout)


empty_like = zeros_like


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _like(full, input, dtype, requires_grad, device, layout,
                 _number("full_like", "fill_value", fill_value, " (position 2)"))


def _device_type(dev):
    return (dev if isinstance(dev, device) else device(dev)).type


_NO_CUDA_GENERATOR = (
    "Cannot get CUDA generator without ATen_cuda library. PyTorch splits its backend into two "
    "shared libraries: a CPU library and a CUDA library; this error has occurred because you are "
    "trying to use some CUDA functionality, but the CUDA library has not been loaded by the "
    "dynamic linker for some reason.  The CUDA library MUST be loaded, EVEN IF you don't directly "
    "use any symbols from the CUDA library! One common culprit is a lack of -Wl,--no-as-needed in "
    "your link arguments; many dynamic linkers will delete dynamic library dependencies if you "
    "don't depend on any of their symbols.  You can check if this has occurred by using ldd on "
    "your binary to see if there is a dependency on *_cuda.so library.")


# -- random numbers: one NumPy generator, reseeded by manual_seed --------------------------------
class Generator:
    """torch.Generator over NumPy's PCG64 (values differ from torch's; seeding works alike)."""

    def __init__(self, device="cpu"):
        if _device_type(device) == "cuda":
            raise RuntimeError(_NO_CUDA_GENERATOR)
        check_device(device)
        self._seed = 67280421310721  # torch's default seed
        self.rng = np.random.Generator(np.random.PCG64(self._seed))

    def manual_seed(self, seed):
        seed = int(seed)
        if not -0x8000_0000_0000_0000 <= seed <= 0xffff_ffff_ffff_ffff:
            raise ValueError("Overflow when unpacking long long")
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


def rand(*args, size=None, generator=None, out=None, dtype=None, layout=None, device=None,
         pin_memory=False, requires_grad=False):
    """Uniform random numbers in [0, 1)."""
    shape = _sizes("rand", args, size)
    arr = _rng(generator).random(shape, dtype=np.float64).astype(_float_or(dtype, out))
    return _factory("rand", arr, requires_grad, device, out, layout, pin_memory)


def randn(*args, size=None, generator=None, out=None, dtype=None, layout=None, device=None,
          pin_memory=False, requires_grad=False):
    """Standard normal random numbers."""
    shape = _sizes("randn", args, size)
    arr = _rng(generator).standard_normal(shape).astype(_float_or(dtype, out))
    return _factory("randn", arr, requires_grad, device, out, layout, pin_memory)


_RANDINT_KEYWORDS = ("*, {}Tensor out = None, torch.dtype dtype = None, torch.layout layout = "
                     "None, torch.device device = None, bool pin_memory = False, bool "
                     "requires_grad = False)\n")
_RANDINT_FORMS = "randint() received an invalid combination of arguments - got ({}), but " \
    "expected one of:\n" + "".join(
        f" * ({head}tuple of ints size, " + _RANDINT_KEYWORDS.format(gen)
        for head in ("int high, ", "int low, int high, ")
        for gen in ("torch.Generator generator, ", ""))


def randint(low=0, high=None, size=None, *, generator=None, out=None, dtype=None, layout=None,
            device=None, pin_memory=False, requires_grad=False):
    """Random integers in [low, high) (int64)."""
    if size is None and isinstance(high, (tuple, list)):  # randint(high, size)
        low, high, size = 0, low, high
    if size is None and high is not None:
        raise TypeError("randint(): argument 'size' (position 2) must be tuple of ints, not "
                        f"{type(high).__name__}")
    if size is None:
        raise TypeError(_RANDINT_FORMS.format(type(low).__name__))
    if high is None:
        low, high = 0, low
    arr = _rng(generator).integers(low, high, _size((size,), "randint"))
    arr = arr.astype(_dtype_for(dtype, out, _dtype.int64).np)
    return _factory("randint", arr, requires_grad, device, out, layout, pin_memory)


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None,
             pin_memory=False, requires_grad=False):
    arr = _rng(generator).permutation(n).astype(_dtype_for(dtype, out, _dtype.int64).np)
    return _factory("randperm", arr, requires_grad, device, out, layout, pin_memory)


def rand_like(input, *, generator=None, dtype=None, layout=None, device=None,
              requires_grad=False, memory_format=None):
    return rand(input.shape, generator=generator, dtype=resolve_dtype(dtype) or input.dtype,
                layout=layout, device=device, requires_grad=requires_grad)


def randn_like(input, *, generator=None, dtype=None, layout=None, device=None,
               requires_grad=False, memory_format=None):
    return randn(input.shape, generator=generator, dtype=resolve_dtype(dtype) or input.dtype,
                 layout=layout, device=device, requires_grad=requires_grad)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None,
           device=None, pin_memory=False, requires_grad=False):
    """Normal random numbers: elementwise ``mean``/``std`` tensors, or numbers and ``size``."""
    if not isinstance(std, Tensor) and std < 0:  # torch prints the double as C++ does
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        m = mean._data if isinstance(mean, Tensor) else mean
        s = std._data if isinstance(std, Tensor) else std
        fallback = next(t.dtype for t in (mean, std) if isinstance(t, Tensor))
        arr = np.asarray(_rng(generator).normal(m, s))
    else:
        fallback = _dtype.get_default_dtype()
        arr = _rng(generator).normal(mean, std, _size((size,), "normal"))
    arr = arr.astype(_dtype_for(dtype, out, fallback).np)
    return _factory("normal", arr, requires_grad, device, out, layout, pin_memory)


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
def legacy_tensor_new(cls, args, kwargs, dtype=None):
    """``Tensor()``, ``Tensor(2, 3)`` (uninitialised: zeros here), ``Tensor([1, 2])``; plain
    ``Tensor`` makes the default dtype, ``FloatTensor`` & co. their own."""
    dtype = dtype or _dtype.get_default_dtype()
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
        if args[0]._raw.dtype != dtype.np:
            raise TypeError(f"expected {dtype!r} (got {args[0].dtype!r})")
        return Tensor._make(args[0]._data, version=args[0]._version_counter)
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
    t._data, t._requires_grad, t._grad_fn, t._version_counter = data, False, None, [0]
    return t


class _LegacyTensorType(type):
    """Metaclass of FloatTensor & co.: calling builds a tensor of that dtype, isinstance checks
    the dtype (``isinstance(x, torch.FloatTensor)`` as in torch)."""

    def __call__(cls, *args, **kwargs):
        return legacy_tensor_new(Tensor, args, dict(kwargs), cls.dtype)

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._raw.dtype == cls.dtype.np

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
