"""Complex numbers: building them (complex, polar), seeing them as pairs of reals
(view_as_real, view_as_complex), and the ops that are not holomorphic (conj, angle, sgn).

Gradients follow torch's convention: for a real loss L of z = x + iy the gradient is
dL/dx + i dL/dy (the conjugate Wirtinger derivative, doubled). Holomorphic ops elsewhere in the
tables get it from their real formulas (``_table._ConjugatePlan``); these declare
``holomorphic=False`` and say it themselves.
"""
import numpy as np

from ._math import conj, cos, imag, real, sin, where, zeros_like
from .._core._tensor import Tensor
from ._table import call, defop


def as_real_view(a):
    """A complex array as a real array with a last dimension of 2 (real, imaginary), sharing
    its memory, for any strides."""
    part = a.real  # a view of the real parts, with a's strides
    return np.lib.stride_tricks.as_strided(
        part, a.shape + (2,), a.strides + (part.itemsize,),
        writeable=a.flags.writeable)


def as_complex_view(a):
    """A real array whose last dimension is (real, imaginary) as a complex array sharing its
    memory (the caller has checked that the last dimension is contiguous)."""
    complex_type = np.complex64 if a.dtype == np.float32 else np.complex128
    return a.view(complex_type)[..., 0]


def _real_grad_as_complex(grad):
    return _complex_of(grad[..., 0], grad[..., 1])


def _complex_of(re, im):
    """``re + i im`` of real arrays, or of Tensors (differentiably: create_graph)."""
    if isinstance(re, Tensor):
        return call(COMPLEX, (re, im))
    return _complex(np.asarray(re), np.asarray(im))


def _complex_grad_as_real(grad):
    if isinstance(grad, Tensor):
        return call(VIEW_AS_REAL, (grad,))
    return np.stack([np.real(grad), np.imag(grad)], axis=-1)


VIEW_AS_REAL = defop("view_as_real", as_real_view, "ViewAsRealBackward0", view=True,
                     holomorphic=False, self=lambda grad: _real_grad_as_complex(grad))
VIEW_AS_COMPLEX = defop("view_as_complex", as_complex_view, "ViewAsComplexBackward0", view=True,
                        holomorphic=False, self=lambda grad: _complex_grad_as_real(grad))


def _complex(re, im):
    out = np.empty(np.broadcast_shapes(re.shape, im.shape),
                   np.complex64 if re.dtype == np.float32 else np.complex128)
    out.real, out.imag = re, im
    return out


COMPLEX = defop("complex", _complex, "ComplexBackward0", inputs=("real", "imag"),
                grads_match_inputs=True, holomorphic=False,
                real=lambda grad: real(grad), imag=lambda grad: imag(grad))


def _polar(r, theta):
    return _complex(r * np.cos(theta), r * np.sin(theta))


# z = r e^{i theta}: dz = e^{i theta} dr + i z dtheta, so dL/dr = Re(conj(grad) e^{i theta})
# and dL/dtheta = Re(conj(grad) i z) = -Im(conj(grad) z).
POLAR = defop("polar", _polar, "PolarBackward0", inputs=("abs", "angle"),
              grads_match_inputs=True, holomorphic=False,
              abs=lambda grad, angle: real(conj(grad) * _complex_of(cos(angle), sin(angle))),
              angle=lambda grad, result: -imag(conj(grad) * result))


CONJ = defop("conj", np.conj, "ConjBackward0", holomorphic=False, self=lambda grad: conj(grad))
CONJ_PHYSICAL = defop("conj_physical", np.conj, "ConjPhysicalBackward0", holomorphic=False,
                      self=lambda grad: conj(grad))


def _angle(a):
    if a.dtype.kind == "c":
        return np.angle(a)
    return np.where(a < 0, np.pi, np.where(np.isnan(a), a, 0)).astype(a.dtype)


# angle(z) = atan2(y, x): its gradient is grad * (-y + ix) / |z|^2 = grad * i z / |z|^2, 0 at 0;
# a real number's angle is piecewise constant.
ANGLE = defop("angle", _angle, "AngleBackward0", holomorphic=False,
              self=lambda grad, self: _angle_grad(grad, self))


def _angle_grad(grad, self):
    if not _is_complex(self):
        return zeros_like(self)
    size2 = real(self) * real(self) + imag(self) * imag(self)
    return where(size2 == 0, zeros_like(self), grad * self * 1j / size2)


def _is_complex(x):
    return np.iscomplexobj(x._data if isinstance(x, Tensor) else x)


def _sgn(a):
    if a.dtype.kind != "c":
        return np.sign(a)
    size = np.abs(a)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(size == 0, 0, a / size).astype(a.dtype)


# s = z / |z| depends on the angle only: its gradient is (grad - Re(grad conj(s)) s) / |z|.
SGN = defop("sgn", _sgn, "SgnBackward0", holomorphic=False,
            self=lambda grad, self, result: _sgn_grad(grad, self, result))


def _sgn_grad(grad, self, result):
    if not _is_complex(self):
        return zeros_like(grad)
    size = abs(self)
    along = grad - real(grad * conj(result)) * result
    return where(size == 0, zeros_like(self), along / where(size == 0, size + 1, size))
