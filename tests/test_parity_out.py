"""Parity with torch 2.13: the ``out=`` keyword writes the result into the tensor given.

Every function that takes ``out=`` fills it (values, dtype cast, resize with torch's warning) and
returns that very tensor; with autograd in play it is refused with torch's error.
"""
import pytest

from _parity import same

torch = pytest.importorskip("torch")

WRITES = [
    "torch.mul(a, a, out=o)", "torch.add(a, 1, out=o)", "torch.sub(a, b, out=o)",
    "torch.div(a, 2, out=o)", "torch.abs(a, out=o)",
    "torch.matmul(a, a.T, out=o)", "torch.clamp(a, 0, 1, out=o)",
    "torch.sum(a, 0, out=o)", "torch.mean(a, 1, keepdim=True, out=o)",
    "torch.cat([a, a], out=o)", "torch.stack([b, b], out=o)", "torch.eq(a, 0, out=o)",
]


@pytest.mark.parametrize("code", WRITES)
@pytest.mark.parametrize("out", ["torch.empty(2, 2)", "torch.empty(0)", "torch.empty(3)",
                                 "torch.empty(2, 2, dtype=torch.float64)",
                                 "torch.empty(2, 2, dtype=torch.long)"])
def test_out_is_written_and_returned(code, out):
    same(f"o = {out}\nr = {code}\n(r is o, o)", torch)


@pytest.mark.parametrize("code", [
    "torch.mul(x, 2, out=torch.empty(2, 2))", "torch.exp(x, out=torch.empty(2, 2))",
    "torch.matmul(x, y, out=torch.empty(2, 2))", "torch.mul(a, 2, out=x)",
    "torch.mul(a, 2, out=[1])",
])
def test_out_refused(code):
    same(code, torch)


@pytest.mark.xfail(strict=False, reason="torch computes in out's wider dtype (float64); "
                   "autograd_nb computes in float32, then casts")
def test_out_of_a_wider_dtype_computes_in_it():
    same("o = torch.empty(2, 2, dtype=torch.float64)\ntorch.exp(a, out=o)", torch)


@pytest.mark.parametrize("code", [
    "torch.max(a, 0, out=(torch.empty(2), torch.empty(2, dtype=torch.long)))",
    "torch.min(a, 1, keepdim=True, out=[torch.empty(0), torch.empty(0, dtype=torch.long)])",
    "torch.max(a, 0, out=(torch.empty(2, dtype=torch.float64), torch.empty(2, dtype=torch.long)))",
    "torch.max(a, 0, out=(torch.empty(2), torch.empty(2)))",
    "torch.max(a, out=torch.empty(()))",
    "torch.max(x, 0, out=(torch.empty(2), torch.empty(2, dtype=torch.long)))",
])
def test_max_min_write_their_pair(code):
    same(code, torch)


def test_out_allowed_under_no_grad():
    same("with torch.no_grad():\n    r = torch.mul(x, 2, out=y)\n(r is y, y)", torch)
