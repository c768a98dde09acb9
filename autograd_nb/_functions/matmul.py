"""Matrix products: mm, mv, dot, bmm, matmul, addmm, outer."""
import numpy as np

from .._core._errors import broadcast_mismatch
from .._ops import linalg as L, shape as S
from .._ops._table import call
from .._core._tensor import Tensor
from ._out import addmv_dtype, dot_dtype, matmul_dtype, write_out
from ._promotion import _C_TYPE, _CPP_TYPE, _UnsupportedOperand
from ._registry import export


def _same_dtype(a, b, what):
    """torch 2.13's error for operands of two dtypes, which words it differently per kernel
    (mm: C++ names; mv: addmv's three operands; bmm: scalar types; addmm: self first)."""
    if a._raw.dtype != b._raw.dtype:
        ta, tb = _C_TYPE[a.dtype.name], _C_TYPE[b.dtype.name]
        raise RuntimeError({
            "dot": f"dot : expected both vectors to have same dtype, but found {ta} and {tb}",
            "vdot": f"vdot : expected both vectors to have same dtype, but found {ta} and {tb}",
            "mm": f"expected m1 and m2 to have the same dtype, but got: "
                  f"{_CPP_TYPE[a.dtype.name]} != {_CPP_TYPE[b.dtype.name]}",
            "mv": f"addmv input tensors must have the same dtype, but got {tb}, {ta}, and {tb}",
            "bmm": f"expected scalar type {ta} but found {tb}",
            "self": f"self and mat2 must have the same dtype, but got {ta} and {tb}",
            "mat1": f"mat1 and mat2 must have the same dtype, but got {ta} and {tb}",
        }[what])


def _no_bool(kernel, a, b, empty_too=False):
    """torch's products have no bool kernel (an empty operand never reaches one, except dot's)."""
    if a._raw.dtype == np.bool_ and (empty_too or (a._raw.size and b._raw.size)):
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


@export
def mm(input, mat2, *, out=None):
    """Matrix product of two 2-D tensors."""
    result = _mm(input, mat2)
    return result if out is None else write_out("mm", result, out, matmul_dtype)


def _mm(input, mat2):
    a, b = input._data, mat2._data  # the arrays' attributes: a Tensor's properties cost more
    if a.ndim != 2 or b.ndim != 2:
        raise RuntimeError(f"{'self' if a.ndim != 2 else 'mat2'} must be a matrix")
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x"
                           f"{a.shape[1]} and {b.shape[0]}x{b.shape[1]})")
    if a.dtype != b.dtype:
        _same_dtype(input, mat2, "mm")
    _no_bool("addmm_impl_cpu_", input, mat2)
    return call(L.MM, (input, mat2), (_transposed(mat2),))


@export
def mv(input, vec, *, out=None):
    result = _mv(input, vec)
    return result if out is None else write_out("mv", result, out, addmv_dtype)


def _mv(input, vec):
    if input.ndim != 2 or vec.ndim != 1 or input.shape[1] != vec.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input.shape[0] if input.ndim else 0}), "
                           f"mat ({'x'.join(map(str, input.shape))}), vec "
                           f"({'x'.join(map(str, vec.shape))})")
    _same_dtype(input, vec, "mv")
    _no_bool("addmv_impl_cpu", input, vec)
    return call(L.MV, (input, vec))


@export
def dot(input, tensor, *, out=None):
    result = _dot(input, tensor)
    return result if out is None else write_out("dot", result, out, dot_dtype)


@export
def vdot(input, other, *, out=None):
    """The dot product with ``input`` conjugated (the plain dot product of real vectors)."""
    _check_dot(input, other, "vdot")
    result = call(L.VDOT, (input, other))
    return result if out is None else write_out("vdot", result, out, dot_dtype)


def _dot(input, tensor):
    _check_dot(input, tensor, "dot")
    return call(L.DOT, (input, tensor))


def _check_dot(input, tensor, name):
    if input.ndim != 1 or tensor.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {tensor.ndim}D "
                           "tensors")
    if input.shape[0] != tensor.shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{input.shape[0]}] and src "
                           f"[{tensor.shape[0]}] to have the same number of elements, but got "
                           f"{input.shape[0]} and {tensor.shape[0]} elements respectively")
    _same_dtype(input, tensor, name)
    _no_bool(name, input, tensor, empty_too=True)


inner = export(dot, name="inner")


@export
def bmm(input, mat2, *, out=None):
    result = _bmm(input, mat2)
    return result if out is None else write_out("bmm", result, out, matmul_dtype)


def _bmm(input, mat2):
    if input.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor" if input.ndim != 3 else
                           "batch2 must be a 3D tensor")
    if input.shape[0] != mat2.shape[0] or input.shape[2] != mat2.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{input.shape[0]}, {input.shape[2]}] but got: [{mat2.shape[0]}, "
                           f"{mat2.shape[1]}].")
    _same_dtype(input, mat2, "bmm")
    _no_bool("bmm", input, mat2)
    return call(L.BMM, (input, mat2))


@export
def matmul(input, other, *, out=None):
    """torch.matmul: dot, mv, mm or batched product by the operands' dims."""
    result = _matmul(input, other)
    if out is None:
        return result
    # each kernel checks ``out`` in its own words, some after warning about its shape (torch
    # 2.13's choices, as observed: a matrix times a vector into an ``out`` of another length
    # takes the matrix products' words)
    a, b = input.ndim, other.ndim
    rule = (dot_dtype if a == b == 1 else matmul_dtype if b != 1 or a == 2 and isinstance(
        out, Tensor) and out.ndim == 1 and out.shape != result.shape else addmv_dtype)
    return write_out("matmul", result, out, rule, warn_first=a == b == 1 or a > 2 or b > 2)


def _matmul(input, other):
    if not isinstance(other, Tensor):
        raise _UnsupportedOperand(f"matmul(): argument 'other' (position 2) must be Tensor, not "
                                  f"{type(other).__name__}")
    a, b = input._raw.ndim, other._raw.ndim
    if a == 0 or b == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a}D "
                           f"and {b}D")
    if a == 1 and b == 1:
        return _dot(input, other)
    if a == 2 and b == 1:
        return _mv(input, other)
    if a == 2 and b == 2:
        return _mm(input, other)
    if a == 1 and b == 2:
        return call(S.SQUEEZE_DIMS_, (_mm(input.unsqueeze(0), other),), ((0,),))
    _same_dtype(input, other, "mv" if b == 1 else "mm" if b == 2 else "bmm")
    left = input.unsqueeze(0) if a == 1 else input
    right = other.unsqueeze(-1) if b == 1 else other
    try:
        np.broadcast_shapes(left.shape[:-2], right.shape[:-2])
    except ValueError:
        raise broadcast_mismatch(left.shape[:-2], right.shape[:-2]) from None
    if left.shape[-1] != right.shape[-2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{left.shape[-3] if left.ndim > 2 else 1}, {left.shape[-1]}] but "
                           f"got: [{right.shape[-3] if right.ndim > 2 else 1}, "
                           f"{right.shape[-2]}].")
    _no_bool("bmm", left, right)
    out = call(L.MATMUL, (left, right))
    if a == 1:
        out = out.squeeze(-2)
    if b == 1:
        out = out.squeeze(-1)
    return out


def _as_matrix(x):
    """The left operand of ``ndarray @ tensor``; a number there is not an operand."""
    if isinstance(x, np.ndarray):
        return Tensor._make(x)
    raise _UnsupportedOperand(f"unsupported operand type(s): '{type(x).__name__}' and 'Tensor'")


def _transposed(matrix):
    """Is this 2-D tensor a transposed view (column-major)? Gradients then take its layout."""
    flags = matrix._data.flags
    return not flags.c_contiguous and flags.f_contiguous


@export
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2), ``input`` broadcast (nn.Linear's op)."""
    if mat1.ndim != 2 or mat2.ndim != 2:
        raise RuntimeError(f"{'mat1' if mat1.ndim != 2 else 'mat2'} must be a matrix, got "
                           f"{mat1.ndim if mat1.ndim != 2 else mat2.ndim}-D tensor")
    if mat1.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({mat1.shape[0]}x"
                           f"{mat1.shape[1]} and {mat2.shape[0]}x{mat2.shape[1]})")
    if isinstance(input, Tensor):
        _same_dtype(input, mat2, "self")
    _same_dtype(mat1, mat2, "mat1")
    _no_bool("addmm_impl_cpu_", mat1, mat2)
    return call(L.ADDMM, (input, mat1, mat2), (beta, alpha, _transposed(mat2)))


@export
def outer(input, vec2):
    """Outer product of two vectors (as torch: a view and a broadcast multiply)."""
    return input.reshape(-1, 1) * vec2


ger = export(outer, name="ger")

