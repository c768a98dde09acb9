"""Parity with torch 2.13: reductions (sum, mean, max/min, prod, var/std, norm, logsumexp, cumsum)
and softmax/log_softmax; values, named tuples, node names, gradients and errors."""
import pytest

from _parity import same

torch = pytest.importorskip("torch")

REDUCTIONS = [
    "x.sum()", "x.sum(0)", "x.sum(1)", "x.sum(-1)", "x.sum(dim=1, keepdim=True)", "x.sum((0, 1))",
    "x.sum(dim=())", "x.sum([0, 1], keepdim=True)", "torch.sum(x)", "torch.sum(x, 0)",
    "s.sum()", "s.sum(0)", "x.sum(dtype=torch.float64)", "torch.tensor([1, 2]).sum()",
    "torch.tensor([True, True]).sum()", "torch.tensor([1, 2], dtype=torch.int32).sum()",
    "torch.tensor([1, 2], dtype=torch.uint8).sum(0)", "torch.ones(0).sum()",
    "x.mean()", "x.mean(0)", "x.mean(-1, keepdim=True)", "x.mean((0, 1))", "torch.mean(v)",
    "s.mean()", "x.mean(dtype=torch.float64)",
    "torch.ones(0).mean()",
    "x.max()", "x.min()", "s.max()", "torch.max(x)", "x.max(0)", "x.max(1)", "x.max(dim=1)",
    "x.max(0, keepdim=True)", "x.min(1)", "x.max(0)[0]", "x.max(0).values", "x.max(0).indices",
    "x.min(dim=-1, keepdim=True).values", "s.max(0)", "torch.max(x, 1)", "torch.min(x, dim=0)",
    "torch.tensor([[1., 3.], [3., 1.]], requires_grad=True).max()",
    "torch.tensor([[1., 3.], [3., 1.]], requires_grad=True).max(1)",
    "torch.tensor([1, 5, 2]).max()", "torch.tensor([1, 5, 2]).max(0)",
    "type(x.max(0)).__name__", "x.max(0)._fields if hasattr(x.max(0), '_fields') else None",
    "x.amax(0)", "x.amin(1)", "x.amax((0, 1))", "x.amax(-1, keepdim=True)",
    "torch.amax(torch.tensor([[1., 3.], [3., 1.]], requires_grad=True), 0)",
    "x.argmax()", "x.argmin()", "x.argmax(0)", "x.argmax(1, keepdim=True)", "torch.argmin(x, 0)",
    "torch.tensor([[1., 3.], [3., 1.]]).argmax()",
    "x.prod()", "x.prod(0)", "x.prod(1, keepdim=True)", "torch.prod(v)",
    "torch.tensor([[0., 2.], [3., 4.]], requires_grad=True).prod()",
    "torch.tensor([[0., 2.], [0., 4.]], requires_grad=True).prod(1)",
    "torch.tensor([1, 2, 3]).prod()",
    "x.var()", "x.std()", "x.var(0)", "x.std(1)", "x.var(unbiased=False)",
    "x.std(0, unbiased=False)",
    "x.var(1, keepdim=True)", "x.var(correction=0)", "x.std(dim=(0, 1))", "torch.var(v)",
    "torch.std(x, 0)", "v.var(0, True)",
    "x.norm()", "x.norm(1)", "x.norm(p=1)", "x.norm(dim=1)", "x.norm(2, 0)", "x.norm(p=3)",
    "x.norm(float('inf'))", "x.norm(dim=0, keepdim=True)", "torch.norm(x)", "torch.norm(v, 1)",
    "torch.zeros(3, requires_grad=True).norm()", "x.norm(p=0)", "torch.tensor([1, 2]).norm()",
    "x.norm(p='fro')", "torch.dist(x, y)",
    "x.logsumexp(1)", "x.logsumexp(0, keepdim=True)", "torch.logsumexp(x, dim=(0, 1))",
    "torch.logsumexp(torch.tensor([1000., 1000.]), 0)",
    "x.cumsum(0)", "x.cumsum(1)", "torch.cumsum(v, 0)", "torch.tensor([1, 2]).cumsum(0)",
    "x.cumsum(dim=-1)",
    "x.softmax(dim=1)", "x.softmax(0)", "torch.softmax(x, dim=-1)", "x.log_softmax(dim=1)",
    "torch.log_softmax(v, 0)", "torch.softmax(torch.tensor([1000., 0.]), 0)",
    "torch.softmax(x, 1, dtype=torch.float64)", "torch.softmax(torch.tensor([1, 2]), 0)",
    "x.softmax()", "x.log_softmax()",
    "torch.zeros(0, 3, requires_grad=True).log_softmax(1)", "torch.zeros(0, 3).softmax(0)",
    "torch.softmax(v)", "torch.nn.functional.softmax(v)",
    "x.nansum()", "torch.nansum(torch.tensor([1., float('nan')], requires_grad=True))",
    "x.all(1)", "x.count_nonzero()",
]


@pytest.mark.parametrize("code", REDUCTIONS)
def test_reduction(code):
    same(code, torch)


ERRORS = [
    "x.sum(2)", "x.sum(-3)", "x.sum((0, 0))", "x.mean(5)", "torch.tensor([1, 2]).mean()",
    "torch.tensor([True]).mean()", "torch.ones(0).max()", "x.max(2)", "x.argmax(3)",
    "x.softmax(2)", "x.var(3)", "x.norm(dim=4)", "x.cumsum(2)", "x.logsumexp(2)",
    "torch.tensor([1, 2]).mean(0)", "x.prod(2)", "torch.ones(2, 0).max(1)",
    "torch.ones(2, 0).amax(1)", "torch.ones(2, 0).argmin(1)", "torch.ones(0).argmax()",
    "torch.ones(0).amax()", "torch.ones(2, 0).max(0)", "torch.tensor([[1, 2]]).softmax(0)",
    "torch.tensor([[1, 2]]).log_softmax(1)",
]


@pytest.mark.parametrize("code", ERRORS)
def test_reduction_error(code):
    same(code, torch)


@pytest.mark.parametrize("code", [
    "torch.ones(2, 3, 4, requires_grad=True).sum((0, 2))",
    "torch.ones(2, 3, 4, requires_grad=True).mean(1, keepdim=True)",
    "torch.arange(24.).reshape(2, 3, 4).requires_grad_().max(2)",
    "torch.arange(24.).reshape(2, 3, 4).requires_grad_().amax((0, 2))",
    "torch.arange(24.).reshape(2, 3, 4).requires_grad_().var((1, 2))",
    "torch.arange(24.).reshape(2, 3, 4).requires_grad_().norm(dim=(0, 1))",
    "torch.arange(24.).reshape(2, 3, 4).requires_grad_().softmax(1)",
    "torch.arange(24.).reshape(2, 3, 4).requires_grad_().log_softmax(-1)",
    "torch.arange(24.).reshape(2, 3, 4).requires_grad_().logsumexp((0, 2))",
    "torch.arange(24.).reshape(2, 3, 4).requires_grad_().prod(1)",
    "torch.arange(24.).reshape(2, 3, 4).requires_grad_().cumsum(1)",
])
def test_reduction_of_3d_tensor(code):
    same(code, torch)
