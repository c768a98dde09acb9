"""gradcheck / gradgradcheck: analytical gradients against central finite differences."""
import warnings

import numpy as np

from .._core import _grad_mode
from .._core._backward import grad as autograd_grad
from .._core._tensor import Tensor


class GradcheckError(RuntimeError):
    """Raised by gradcheck when the gradients disagree."""


def _as_tuple(x):
    return x if isinstance(x, tuple) else (x,) if isinstance(x, Tensor) else tuple(x)


def _outputs(func, inputs):
    out = func(*inputs)
    return _as_tuple(out)


def _real_coords(values):
    """A tensor's values as real numbers, a complex number as its (real, imaginary) pair:
    gradcheck compares derivatives of real coordinates, as torch's does for complex tensors."""
    values = np.asarray(values)
    if values.dtype.kind == "c":  # a copy: outputs may be views of the perturbed input
        return np.array(values, dtype=np.complex128, copy=True).reshape(-1).view(np.float64)
    return np.array(values, dtype=np.float64, copy=True).ravel()


def _numerical_jacobian(func, inputs, index, out_index, eps):
    """d outputs[out_index] / d inputs[index], one central difference per input coordinate
    (two for a complex element: along its real and its imaginary axis)."""
    x = inputs[index]
    flat = x._data.reshape(-1)  # a view: perturbing it perturbs the input in place
    steps = (eps, eps * 1j) if flat.dtype.kind == "c" else (eps,)
    with _grad_mode.no_grad():
        size = _real_coords(_outputs(func, inputs)[out_index]._data).size
        jac = np.zeros((flat.size * len(steps), size))
        for i in range(flat.size):
            original = flat[i]
            for k, step in enumerate(steps):
                flat[i] = original + step
                plus = _real_coords(_outputs(func, inputs)[out_index]._data)
                flat[i] = original - step
                minus = _real_coords(_outputs(func, inputs)[out_index]._data)
                flat[i] = original
                jac[i * len(steps) + k] = (plus - minus) / (2 * eps)
    return jac


def _analytical_jacobian(func, inputs, index, out_index):
    """The same, from backward passes: seeding a complex output with 1 (then i) gives the
    gradient of its real (then imaginary) part, torch's convention."""
    out = _outputs(func, inputs)[out_index]
    units = (1, 1j) if out._raw.dtype.kind == "c" else (1,)
    x = inputs[index]
    rows = x._raw.size * (2 if x._raw.dtype.kind == "c" else 1)
    jac = np.zeros((rows, out._raw.size * len(units)))
    for j in range(out._raw.size):
        for k, unit in enumerate(units):
            seed = np.zeros(out._raw.size, out._raw.dtype)
            seed[j] = unit
            (g,) = autograd_grad(out, x, Tensor._make(seed.reshape(out._raw.shape)),
                                 retain_graph=True, allow_unused=True)
            if g is not None:
                jac[:, j * len(units) + k] = _real_coords(g._data)
    return jac


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False,
              check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None):
    """True when ``func``'s backward matches finite differences for every input requiring grad.

    >>> x = autograd_nb.randn(3, dtype=autograd_nb.float64, requires_grad=True)
    >>> autograd_nb.autograd.gradcheck(lambda t: (t * t).sum(), (x,))
    True
    """
    inputs = _as_tuple(inputs)
    for i, x in enumerate(inputs):
        if isinstance(x, Tensor) and x.requires_grad and \
                x._raw.dtype not in (np.float64, np.complex128):
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating "
                          "point or complex. This check will likely fail if all the inputs are "
                          "not of double precision floating point or complex. ")
    outputs = _outputs(func, inputs)
    for o, out in enumerate(outputs):
        if not isinstance(out, Tensor) or not out.requires_grad:
            continue
        for i, x in enumerate(inputs):
            if not (isinstance(x, Tensor) and x.requires_grad):
                continue
            numerical = _numerical_jacobian(func, inputs, i, o, eps)
            analytical = _analytical_jacobian(func, inputs, i, o)
            if not np.allclose(analytical, numerical, rtol=rtol, atol=atol):
                if raise_exception:
                    raise GradcheckError(
                        f"Jacobian mismatch for output {o} with respect to input {i},\n"
                        f"numerical:{Tensor._make(numerical)!r}\n"
                        f"analytical:{Tensor._make(analytical)!r}\n")
                return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    """gradcheck of the backward pass itself: second derivatives against finite differences."""
    inputs = _as_tuple(inputs)
    outputs = _outputs(func, inputs)
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = tuple(Tensor._make(rng.standard_normal(o._raw.shape).astype(
            o._raw.dtype), requires_grad=True) for o in outputs)
    grad_outputs = _as_tuple(grad_outputs)
    diff_inputs = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]

    def first_derivative(*args):
        xs, gs = args[:len(inputs)], args[len(inputs):]
        with _grad_mode.enable_grad():  # gradcheck's finite differences run under no_grad
            outs = _outputs(func, xs)
            needed = [x for x in xs if isinstance(x, Tensor) and x.requires_grad]
            grads = autograd_grad(outs, needed, gs, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivative, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception) if diff_inputs else True
