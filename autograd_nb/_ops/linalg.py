"""Matrix products: mm, mv, dot, bmm, addmm, and batched matmul."""
import numpy as np

from ._math import conj, outer, transpose
from ._table import defop

def _mat2_grad(grad, mat1, mat2_t, alpha=1):
    """mat1.T @ grad, laid out like mat2. When mat2 is a transposed view (``weight.t()`` in
    nn.Linear) its gradient is computed as (grad.T @ mat1).T, so that after TBackward0 the
    weight's own gradient is row-major and the optimizer's updates run on contiguous memory —
    torch's rule."""
    if mat2_t:
        g = transpose(transpose(grad, 0, 1) @ mat1, 0, 1)
    else:
        g = transpose(mat1, 0, 1) @ grad
    return g if alpha == 1 else g * alpha


# ``mat2_t`` (is mat2 a transposed view?) comes from the function layer; it only picks a layout.
MM = defop("mm", lambda a, b, mat2_t: a @ b, "MmBackward0", inputs=("self", "mat2"),
           params=("mat2_t",), legacy={"0.2": "AddmmBackward", "0.1": "blas.Addmm"},
           self=lambda grad, mat2: grad @ transpose(mat2, 0, 1),
           mat2=lambda grad, self, mat2_t: _mat2_grad(grad, self, mat2_t))
MV = defop("mv", np.matmul, "MvBackward0", inputs=("self", "vec"),
           legacy={"0.2": "AddmvBackward", "0.1": "blas.Addmv"},
           self=lambda grad, vec: outer(grad, vec),
           vec=lambda grad, self: transpose(self, 0, 1) @ grad)
DOT = defop("dot", np.dot, "DotBackward0", inputs=("self", "tensor"),
            legacy={"0.2": "DotBackward", "0.1": "blas.Dot"},
            self=lambda grad, tensor: grad * tensor,
            tensor=lambda grad, self: grad * self)
# vdot conjugates its first argument: not holomorphic in it, so both formulas are explicit.
VDOT = defop("vdot", np.vdot, "VdotBackward0", inputs=("self", "other"), holomorphic=False,
             self=lambda grad, other: conj(grad) * other,
             other=lambda grad, self: grad * self)
BMM = defop("bmm", np.matmul, "BmmBackward0", inputs=("self", "mat2"),
            legacy={"0.2": "BmmBackward", "0.1": "blas.Baddbmm"},
            self=lambda grad, mat2: grad @ transpose(mat2, 1, 2),
            mat2=lambda grad, self: transpose(self, 1, 2) @ grad)
# bias + mat1 @ mat2 (nn.Linear's op): the bias gradient is reduced over broadcasting centrally.
def _addmm(bias, m1, m2, beta, alpha, mat2_t):
    product = m1 @ m2 if alpha == 1 else alpha * (m1 @ m2)
    product += bias if beta == 1 else beta * bias  # in place: the product is a fresh array
    return product


ADDMM = defop(
    "addmm", _addmm, "AddmmBackward0", inputs=("self", "mat1", "mat2"),
    params=("beta", "alpha", "mat2_t"), grads_match_inputs=True,
    legacy={"0.2": "AddmmBackward", "0.1": "blas.Addmm"},
    self=lambda grad, beta: grad if beta == 1 else grad * beta,
    mat1=lambda grad, mat2, alpha: grad @ transpose(mat2, 0, 1) if alpha == 1
    else (grad @ transpose(mat2, 0, 1)) * alpha,
    mat2=lambda grad, mat1, alpha, mat2_t: _mat2_grad(grad, mat1, mat2_t, alpha))
# Batched matmul of two operands with at least 2 dims each, batch dims broadcast. torch ends this
# graph in an UnsafeView node; we name the single node the same.
MATMUL = defop("matmul", np.matmul, "UnsafeViewBackward0", inputs=("self", "other"),
               grads_match_inputs=True, legacy={"0.2": "MatmulBackward", "0.1": "blas.Matmul"},
               self=lambda grad, other: grad @ transpose(other, -1, -2),
               other=lambda grad, self: transpose(self, -1, -2) @ grad)
