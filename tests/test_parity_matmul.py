"""Parity with torch 2.13: mm, mv, dot, bmm, matmul (``@``) of every rank, addmm, outer."""
import pytest

from _parity import same

torch = pytest.importorskip("torch")

PRODUCTS = [
    "x @ y", "x.mm(y)", "torch.mm(x, y)", "x.matmul(y)", "torch.matmul(x, a)", "a @ x",
    "x @ v", "x.mv(v)", "torch.mv(x, w)", "v @ x", "v @ w", "v.dot(w)", "torch.dot(v, w)",
    "torch.matmul(v, w)",
    "torch.ones(3, 2, requires_grad=True) @ x", "x @ torch.ones(2, 3, requires_grad=True)",
    "type((x.unsqueeze(0) @ y.unsqueeze(0)).grad_fn).__name__",
    "torch.bmm(x.unsqueeze(0), y.unsqueeze(0))", "x.unsqueeze(0).bmm(y.unsqueeze(0))",
    "torch.addmm(v, x, y)", "torch.addmm(x, x, y, beta=0.5, alpha=2)", "x.addmm(x, y)",
    "torch.outer(v, w)", "v.outer(w)", "torch.ger(v, w)",
    "torch.tensor([[1, 2], [3, 4]]) @ torch.tensor([[1], [1]])",
    "x.double() @ y.double()",
    "torch.tensor([1., 2.]) @ torch.tensor([[1.], [2.]])",
    "(x @ y).sum(0) @ v",
]


@pytest.mark.parametrize("code", PRODUCTS)
def test_product(code):
    same(code, torch)


# torch computes these as a composite of views, expands, bmm/mm and clones; autograd_nb records
# one node (UnsafeViewBackward0, the name torch's graph ends in for same-rank batches). Values,
# dtypes and gradients must agree; the graphs differ by design.
BATCHED = [
    "torch.arange(24.).reshape(4, 2, 3).requires_grad_() @ torch.ones(3, 5, requires_grad=True)",
    "torch.arange(6.).reshape(2, 3).requires_grad_() @ torch.ones(4, 3, 5, requires_grad=True)",
    "torch.ones(2, 1, 2, 3, requires_grad=True) @ torch.arange(18.).reshape(3, 3, 2)",
    "torch.arange(24.).reshape(4, 2, 3).requires_grad_() @ torch.ones(3, requires_grad=True)",
    "torch.arange(3.).requires_grad_() @ torch.ones(4, 3, 2, requires_grad=True)",
    "torch.inner(v, w)", "x.unsqueeze(0) @ y.unsqueeze(0)",
]


@pytest.mark.parametrize("code", BATCHED)
def test_batched_product(code):
    same(code, torch, graphs=False)


ERRORS = [
    "x @ torch.ones(3, 2)", "x.mm(torch.ones(3, 2))", "x.mm(v)", "v.mm(x)", "x.mv(torch.ones(3))",
    "v.dot(torch.ones(3))", "v.dot(x)", "x @ s", "s @ x", "x @ 2",
    "x @ x.double()", "v.dot(w.double())",
    "torch.bmm(x, y)", "torch.ones(2, 2, 3) @ torch.ones(2, 2, 3)",
    "torch.bmm(torch.ones(2, 2, 3), torch.ones(3, 3, 2))",
    "torch.ones(2, 2, 3) @ torch.ones(3, 2, 2)",
    "torch.ones(3) @ torch.ones(2, 2)",
]


@pytest.mark.parametrize("code", ERRORS)
def test_product_error(code):
    same(code, torch)
