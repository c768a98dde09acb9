"""Parity with torch 2.13: the ``out=`` keyword writes the result into the tensor given.

Every function that takes ``out=`` fills it (values, dtype cast, resize with torch's warning) and
returns that very tensor; with autograd in play it is refused with torch's error.
"""
import pytest

from _parity import same

import autograd_nb as anb

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


@pytest.mark.parametrize("code", [
    "torch.exp(a, out=o)", "torch.add(a, a, out=o)", "torch.mul(a, 3.3, out=o)",
    "torch.sigmoid(a, out=o)", "torch.div(a, 3, out=o)"])
def test_out_of_a_wider_dtype_gets_the_result_in_the_inputs_dtype(code):
    """Elementwise ops compute in their inputs' dtype and cast into a wider ``out`` (torch's
    values equal the float32 result cast exactly; so do ours). Compared exactly with each
    library's own float32 result: NumPy's float32 ``exp`` and torch's differ in the last place
    for many inputs (torch's SLEEF kernels round differently), which no tolerance of float64
    values would hide."""
    for lib in (anb, torch):
        namespace = {"torch": lib, "a": lib.tensor([[1., -2.], [0., 3.]]),
                     "o": lib.empty(2, 2, dtype=lib.float64)}
        result = eval(code, namespace)
        namespace.pop("o")
        plain = eval(code.replace(", out=o", ""), namespace)
        assert result.dtype == lib.float64 and lib.equal(result, plain.double())


@pytest.mark.parametrize("code", [
    "torch.sum(c, 0, out=torch.empty((), dtype=torch.float64)).item()",
    "torch.mean(c, 0, out=torch.empty((), dtype=torch.float64)).item()",
    "torch.sum(torch.tensor([0.6, 0.6]), 0, out=torch.empty((), dtype=torch.long))"])
def test_reductions_compute_in_outs_dtype(code):
    """sum and mean, unlike elementwise ops, compute in ``out``'s dtype (the input cast first)."""
    same("c = torch.tensor([0.1, 0.7])\n" + code, torch)


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
