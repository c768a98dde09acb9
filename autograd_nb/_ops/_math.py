"""The few functions backward formulas call besides operators.

Each works on NumPy arrays (the fast backward pass) and on Tensors (``create_graph``, where it
must be differentiable), so every formula is written once. On Tensors they use the Tensor's
methods (set by the API layer above, which this layer does not import) or the op tables.
"""
import numpy as np

from .._core import _dtype
from .._core._tensor import Tensor
from ._table import call, scalar_array


def _is_tensor(x):
    return isinstance(x, Tensor)


def rsub(number, x):
    """``number - x``; on arrays with the number as a cached array of x's dtype, which NumPy
    subtracts at half the cost of a Python number (``1 - t * t`` in tanh's gradient)."""
    if not _is_tensor(x) and type(x) is np.ndarray:
        value = scalar_array(number, x.dtype)
        if value is not None:
            return value - x
    return number - x


def exp(x):
    return x.exp() if isinstance(x, Tensor) else np.exp(x)


def log(x):
    return x.log() if _is_tensor(x) else np.log(x)


def sin(x):
    return x.sin() if _is_tensor(x) else np.sin(x)


def cos(x):
    return x.cos() if _is_tensor(x) else np.cos(x)


def sinh(x):
    return x.sinh() if _is_tensor(x) else np.sinh(x)


def cosh(x):
    return x.cosh() if _is_tensor(x) else np.cosh(x)


def sqrt(x):
    return x.sqrt() if _is_tensor(x) else np.sqrt(x)


def sign(x):
    return x.sign() if _is_tensor(x) else np.sign(x)


def zeros_like(x):
    """Zeros of ``x``'s shape and dtype: the gradient of a piecewise-constant function (a
    constant of the graph, as torch's ``zeros_like(grad)``)."""
    if _is_tensor(x):
        return Tensor._make(np.zeros_like(x._data))
    return np.zeros_like(x)


def floor(x):
    return x.floor() if _is_tensor(x) else np.floor(x)


def trunc(x):
    return x.trunc() if _is_tensor(x) else np.trunc(x)


def where(cond, a, b):
    if _is_tensor(cond) or _is_tensor(a) or _is_tensor(b):
        if not _is_tensor(a):  # a number: as torch.where promotes it
            a = Tensor._make(np.asarray(a, b._raw.dtype if _is_tensor(b) else np.float32))
        if not _is_tensor(cond):  # a saved mask: Tensor.where checks its arguments as torch's
            cond = Tensor._make(cond)
        return a.where(cond, b)
    return np.where(cond, a, b)


def sum_dims(x, dims, keepdim=False):
    if isinstance(x, Tensor):
        return x.sum() if dims is None and not keepdim else x.sum(dim=dims, keepdim=keepdim)
    if type(x) is np.ndarray:  # the ufunc's own reduce: np.sum adds a Python layer
        return np.add.reduce(x, axis=dims, keepdims=keepdim)
    return np.sum(x, axis=dims, keepdims=keepdim)


def mean_dims(x, dims):
    """Mean over ``dims`` (None: all), keeping them as size-1 axes."""
    if _is_tensor(x):
        return x.mean(dim=dims, keepdim=True)
    return np.mean(x, axis=dims, keepdims=True)


def count_true(mask, dims, like):
    """How many elements of ``mask`` are true over ``dims`` (kept), in ``like``'s dtype."""
    if _is_tensor(mask):
        return mask.sum(dim=dims, keepdim=True, dtype=like.dtype)
    return np.sum(mask, axis=dims, keepdims=True, dtype=like.dtype)


def unsqueeze_dims(x, dims):
    """Put back the reduced dimensions (sorted, non-negative) as size-1 axes."""
    if _is_tensor(x):
        for d in dims:
            x = x.unsqueeze(d)
        return x
    return np.expand_dims(x, dims)


def expand(x, shape):
    if _is_tensor(x):
        return x.expand(tuple(shape))  # a tuple: () expands to a 0-d shape too
    if type(x) is not np.ndarray or not x.ndim:
        # One value everywhere (the gradient of a full reduction): a read-only view with zero
        # strides, as np.broadcast_to makes, at a sixth of its cost.
        x = np.asarray(x)
        view = np.ndarray(shape, x.dtype, x, 0, (0,) * len(shape))
        view.flags.writeable = False
        return view
    return np.broadcast_to(x, shape)


def reshape(x, shape):
    if type(x) is np.ndarray or isinstance(x, Tensor):
        return x.reshape(shape)
    return np.reshape(x, shape)  # a NumPy scalar


def transpose(x, d0, d1):
    if type(x) is np.ndarray:
        return x.swapaxes(d0, d1)  # the method: np.swapaxes costs four times as much
    return x.transpose(d0, d1) if isinstance(x, Tensor) else np.swapaxes(x, d0, d1)


def permute(x, dims):
    return x.permute(tuple(dims)) if _is_tensor(x) else np.transpose(x, dims)


def matmul(a, b):
    return a @ b


def outer(a, b):
    if _is_tensor(a) or _is_tensor(b):
        return a.reshape(-1, 1) * b  # as torch.outer
    return np.multiply.outer(a, b)


def cast(x, dtype):
    """Cast to a NumPy dtype."""
    if _is_tensor(x):
        return x.to(_dtype.from_numpy_dtype(dtype))
    return x.astype(dtype, copy=False)


def scatter_into(grad, shape, key):
    """Zeros of ``shape`` with ``grad`` added at ``key`` (repeated indices accumulate): the
    backward of indexing."""
    from .shape import INDEX_BACKWARD, _scatter_into  # late: .shape imports this module
    if _is_tensor(grad):
        return call(INDEX_BACKWARD, (grad,), (shape, key))
    return _scatter_into(grad, shape, key)


def take_along(x, indices, dim):
    if _is_tensor(x):
        return x.gather(dim, Tensor._make(indices))
    return np.take_along_axis(x, indices, axis=dim)


def scatter_along(grad, indices, dim, shape):
    """Zeros of ``shape`` with ``grad`` added along ``dim`` at ``indices``: gather's backward."""
    from .shape import GATHER_BACKWARD, _scatter_along  # late: .shape imports this module
    if _is_tensor(grad):
        return call(GATHER_BACKWARD, (grad,), (indices, dim, shape))
    return _scatter_along(grad, indices, dim, shape)


def sgn(x):
    """``x / |x|`` (0 at 0); the sign of a real number. NumPy's sign is this for complex."""
    return x.sgn() if _is_tensor(x) else np.sign(x)


def conj(x):
    if _is_tensor(x):
        return x.conj_physical()
    return np.conj(x) if np.iscomplexobj(x) else x


def real(x):
    return x.real if _is_tensor(x) or type(x) is np.ndarray else np.real(x)


def imag(x):
    return x.imag if _is_tensor(x) or type(x) is np.ndarray else np.imag(x)

