"""Complex tensors: is_complex, real / imag (views), complex, polar, view_as_real /
view_as_complex, conj and its relatives, angle, sgn; and torch's refusals of complex inputs
where an op has no complex meaning (ordering, clamping, rounding)."""
import warnings

from .._core import _dtype
from .._core._tensor import CONJ, Tensor
from .._ops import complexes as X
from .._ops._table import call
from ._out import write_out
from ._promotion import _float_input
from ._registry import export


@export
def is_complex(input):
    """Whether ``input`` holds complex numbers (complex64 or complex128)."""
    return input._raw.dtype.kind == "c"


@export
def is_conj(input):
    """Whether ``input`` came from ``conj()`` (torch's lazy conjugate bit)."""
    return bool(input._flags & CONJ)


@export(method=False)
def view_as_real(input):
    """The complex tensor as real numbers with a last dimension of 2 (real, imaginary),
    sharing its memory.

    >>> torch.view_as_real(torch.tensor([1+2j]))
    tensor([[1., 2.]])
    """
    if input._raw.dtype.kind != "c":
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return call(X.VIEW_AS_REAL, (input,))


@export(method=False)
def view_as_complex(input):
    """A real tensor whose last dimension is (real, imaginary) as complex numbers, sharing
    its memory."""
    dt = input.dtype
    if dt not in (_dtype.float32, _dtype.float64):
        raise RuntimeError("view_as_complex is only supported for half, float and double "
                           f"tensors, but got a tensor of scalar type: {dt.scalar_name}")
    if input.dim() == 0:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if input.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if input.stride(-1) != 1:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(s % 2 for s in input.stride()[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    base = input._base if input._base is not None else input
    if (input.data_ptr() - base.data_ptr()) // input._raw.itemsize % 2:
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    return call(X.VIEW_AS_COMPLEX, (input,))


def real(input):
    """The real parts: a view that writes through (the tensor itself when it is real)."""
    if input._raw.dtype.kind != "c":
        return input
    return view_as_real(input)[..., 0]


def imag(input):
    """The imaginary parts, a view that writes through."""
    if input._raw.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return view_as_real(input)[..., 1]


export(real, method=False)
export(imag, method=False)


def _set_part(part):
    def setter(self, value):
        getattr(self, part).copy_(value if isinstance(value, Tensor) else
                                  Tensor._make(_float_input(value)._data))
    return setter


def attach_parts():
    """``Tensor.real`` and ``Tensor.imag`` are properties in torch, settable."""
    Tensor.real = property(real, _set_part("real"))
    Tensor.imag = property(imag, _set_part("imag"))
    Tensor.H = property(_hermitian)
    Tensor.mH = property(_matrix_hermitian)


def _check_pair(name, a, b):
    if not isinstance(a, Tensor) or not isinstance(b, Tensor):
        bad, position, arg = (a, 1, "real" if name == "complex" else "abs") \
            if not isinstance(a, Tensor) else (b, 2, "imag" if name == "complex" else "angle")
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, "
                        f"not {type(bad).__name__}")
    if a.dtype not in (_dtype.float32, _dtype.float64, _dtype.float16) or \
            b.dtype not in (_dtype.float32, _dtype.float64, _dtype.float16):
        raise RuntimeError("Expected both inputs to be Half, Float or Double tensors but got "
                           f"{a.dtype.scalar_name} and {b.dtype.scalar_name}")
    if a.dtype is not b.dtype:
        raise RuntimeError(f"Expected object of scalar type {a.dtype.scalar_name} but got "
                           f"scalar type {b.dtype.scalar_name} for second argument")
    if a.dtype is _dtype.float16:
        _dtype.complex32.np  # raises: NumPy has no complex32


@export(method=False)
def complex(real, imag, *, out=None):
    """``real + i imag``, elementwise (same float dtype; broadcasting).

    >>> torch.complex(torch.tensor([1.]), torch.tensor([2.]))
    tensor([1.+2.j])
    """
    _check_pair("complex", real, imag)
    result = call(X.COMPLEX, (real, imag))
    return result if out is None else write_out("complex", result, out)


@export(method=False)
def polar(abs, angle, *, out=None):
    """``abs * (cos(angle) + i sin(angle))``, elementwise."""
    _check_pair("polar", abs, angle)
    result = call(X.POLAR, (abs, angle))
    return result if out is None else write_out("polar", result, out)


@export
def conj(input):
    """The complex conjugate; a real tensor itself. Its result says ``is_conj()``; unlike
    torch's, it is a copy rather than a view that writes through."""
    if input._raw.dtype.kind != "c":
        return input
    result = call(X.CONJ, (input,))
    result._flags |= CONJ
    return result


@export
def conj_physical(input, *, out=None):
    """The complex conjugate, computed (a real tensor: itself)."""
    if input._raw.dtype.kind != "c":
        return input if out is None else write_out("conj_physical", input.clone(), out)
    result = call(X.CONJ_PHYSICAL, (input,))
    return result if out is None else write_out("conj_physical", result, out)


@export
def resolve_conj(input):
    """A tensor without the conjugate bit: a copy if ``input`` has it, else ``input``."""
    if not input._flags & CONJ:
        return input
    result = input.clone()
    result._flags &= ~CONJ
    return result


@export
def resolve_neg(input):
    return input


@export
def angle(input, *, out=None):
    """The argument of each complex number (radians); for real numbers pi below 0, else 0.

    >>> torch.angle(torch.tensor([1j, -1.]))
    tensor([1.5708, 3.1416])
    """
    result = call(X.ANGLE, (_float_input(input),))
    return result if out is None else write_out("angle", result, out)


@export(inplace=True)
def sgn(input, *, out=None):
    """``z / |z|`` for complex numbers (0 at 0); the sign for real numbers."""
    result = call(X.SGN, (input,))
    return result if out is None else write_out("sgn", result, out)


@export
def adjoint(input):
    """The conjugate transpose of the last two dimensions (``x.mH``)."""
    if input.ndim < 2:
        raise RuntimeError(f"tensor.adjoint() is only supported on matrices or batches of "
                           f"matrices. Got {input.ndim}-D tensor.")
    return conj(input.transpose(-2, -1))


def _hermitian(self):
    if self.ndim == 0:
        warnings.warn("Tensor.H is deprecated on 0-D tensors. Consider using x.conj().",
                      UserWarning, stacklevel=2)
        return conj(self)
    if self.ndim != 2:
        more = " For batches of matrices, consider using tensor.mH" if self.ndim > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got "
                           f"{self.ndim}-D tensor.{more}")
    return conj(self.transpose(-2, -1))


def _matrix_hermitian(self):
    if self.ndim < 2:
        raise RuntimeError(f"tensor.mH is only supported on matrices or batches of matrices. "
                           f"Got {self.ndim}-D tensor.")
    return conj(self.transpose(-2, -1))
