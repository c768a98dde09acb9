"""Parity with torch 2.13 for complex tensors: dtypes and promotion, creation, printing, the
complex ops, arithmetic and math on complex inputs, torch's refusals, and gradients under
torch's convention (for a real loss L of z = x + iy, z.grad is dL/dx + i dL/dy).

Each case runs on the prelude's leaves: complex ``z`` (2x2), ``u`` (length 2), ``c`` (0-d) and
real ``x`` (2x2), ``v`` (length 2), all requiring grad. The result is compared (repr, dtype,
values, graph), then the gradients that a real loss of it sends to every leaf: the real part
of its sum weighted by complex weights (or, for a real result, its weighted sum).
"""
import pytest

import autograd_nb
from _parity import compare, describe, mask, run

torch = pytest.importorskip("torch")

PRELUDE = """
z = torch.tensor([[1+2j, -0.5+1j], [3-1j, 0.25-2j]], requires_grad=True)
u = torch.tensor([2-1j, 0.5+0.5j], requires_grad=True)
c = torch.tensor(1.5-0.5j, requires_grad=True)
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
v = torch.tensor([1., -2.], requires_grad=True)
"""
LEAVES = ("z", "u", "c", "x", "v")


def _grads(result, namespace, lib):
    if not isinstance(result, lib.Tensor) or not result.requires_grad:
        return None
    if not (result.dtype.is_floating_point or result.dtype.is_complex):
        return None
    weights = lib.linspace(-1.0, 2.0, result.numel()).reshape(result.shape)
    if result.dtype.is_complex:
        weights = weights * (1 - 0.5j)
        loss = (result * weights.to(result.dtype)).real.sum()
    else:
        loss = (result * weights.to(result.dtype)).sum()
    leaves = [namespace[n] for n in LEAVES]
    try:
        grads = lib.autograd.grad(loss, leaves, allow_unused=True, retain_graph=True)
    except Exception as exc:  # noqa: BLE001 - the error is the outcome
        return ("raised", type(exc).__name__, mask(str(exc)))
    return tuple(None if g is None else _describe_grad(g) for g in grads)


def _describe_grad(g):
    """Values (with tolerance), dtype and shape: the sign of a zero, or a last-bit difference
    that changes how torch would print it, do not count in a gradient."""
    return {"dtype": str(g.dtype), "shape": tuple(g.shape),
            "values": g.detach().resolve_conj().numpy().copy()}


def _outcome(code, lib, grads=True):
    result, namespace, caught = run(code, lib, PRELUDE)
    out = {"result": describe(result, lib), "warnings": caught}
    if grads:
        out["grads"] = _grads(result, namespace, lib)
    return out


def same(code, grads=True):
    diffs = compare(_outcome(code, autograd_nb, grads), _outcome(code, torch, grads))
    assert not diffs, "autograd_nb differs from torch:\n" + "\n".join(diffs)


DTYPES = [
    "torch.complex64", "torch.complex128", "torch.cfloat", "torch.cdouble",
    "torch.cfloat is torch.complex64", "torch.cdouble is torch.complex128",
    "torch.complex64.is_complex", "torch.complex64.is_floating_point",
    "torch.complex128.itemsize", "torch.complex64.is_signed", "torch.float32.is_complex",
    "torch.complex64.to_real()", "torch.complex128.to_real()", "torch.float64.to_complex()",
    "torch.float32.to_complex()", "torch.complex64.to_complex()", "torch.int64.to_complex()",
    "torch.float32.to_real()", "torch.complex32", "torch.chalf", "torch.complex32.is_complex",
    "torch.complex32.to_real()",
    "z.is_complex()", "x.is_complex()", "torch.is_complex(z)", "torch.is_complex(x)",
    "torch.is_complex(1j)", "z.dtype.is_complex", "z.is_floating_point()",
    "torch.is_floating_point(z)", "z.type()", "u.cdouble().type()", "z.element_size()",
    "z.cdouble()", "x.cfloat()", "x.cdouble()", "x.to(torch.complex64)", "z.to(torch.float32)",
    "z.detach().float()", "z.detach().long()", "z.detach().bool()",
    "torch.zeros(2, dtype=torch.complex64).bool()",
]

PROMOTION = [
    f"torch.promote_types(torch.{a}, torch.{b})"
    for a in ("complex64", "complex128")
    for b in ("float16", "float32", "float64", "int64", "int8", "uint8", "bool", "complex64",
              "complex128")
] + [
    "torch.promote_types(torch.float64, torch.complex64)",
    "torch.result_type(z, 1.5)", "torch.result_type(x, 1j)", "torch.result_type(v, u)",
    "torch.result_type(torch.ones(2, dtype=torch.int32), 2j)",
    "torch.can_cast(torch.complex64, torch.float32)",
    "torch.can_cast(torch.float64, torch.complex64)",
    "torch.can_cast(torch.int64, torch.complex128)",
    "(x * 1j).dtype", "(x.double() * 1j).dtype", "(torch.ones(2, dtype=torch.int64) * 1j).dtype",
    "(torch.ones(2, dtype=torch.bool) + 1j).dtype", "(torch.ones(2) + c.cdouble()).dtype",
    "(x.double() + c).dtype", "(torch.ones(2, dtype=torch.int32) + c.cdouble()).dtype",
    "(z + torch.tensor(1., dtype=torch.float64)).dtype", "(z + x.double()).dtype",
    "(z.cdouble() + x).dtype", "(z + 2).dtype", "(z + 2.5).dtype", "(z + True).dtype",
    "(u + torch.ones(2, dtype=torch.int64)).dtype", "(z + z.cdouble()).dtype",
    "torch.tensor([1, 2j]).dtype", "torch.tensor(1j).dtype", "torch.tensor([[1.5, 2j]]).dtype",
    "torch.tensor([1j], dtype=torch.complex128).dtype", "torch.full((2,), 1j).dtype",
    "torch.full((2,), 1j, dtype=torch.complex128)",
    "torch.ones(2, dtype=torch.complex64)", "torch.zeros(2, 2, dtype=torch.cdouble)",
    "torch.eye(2, dtype=torch.complex64)", "torch.arange(3, dtype=torch.complex64)",
    "torch.ones(2, dtype=torch.complex64, requires_grad=True)",
    "torch.zeros_like(z)", "torch.ones_like(x, dtype=torch.complex64)",
    "torch.tensor([1+1j], requires_grad=True)",
    "torch.from_numpy(np.array([1+2j, 3j]))",
    "torch.from_numpy(np.array([1+2j], dtype=np.complex64))",
    "torch.tensor(np.array([1+2j]))", "torch.tensor([1+2j]).numpy()",
    "torch.tensor([1+2j]).tolist()", "torch.tensor(1+2j).item()", "complex(torch.tensor(1+2j))",
]


def _set_default_float64(code):
    return ("torch.set_default_dtype(torch.float64)\n"
            f"try:\n    r = {code}\nfinally:\n    torch.set_default_dtype(torch.float32)\nr")


DEFAULT_FLOAT64 = [_set_default_float64(code) for code in (
    "torch.tensor([1+2j])", "torch.tensor([1+2j]).dtype", "torch.tensor([1+2j], dtype=torch.complex64)",
    "torch.ones(2) * 1j", "torch.ones(2, dtype=torch.float32) * 1j", "torch.full((2,), 1j)",
    "torch.tensor([1.5]) + torch.tensor(1j, dtype=torch.complex64)",
)]


@pytest.mark.parametrize("code", DTYPES + PROMOTION + DEFAULT_FLOAT64)
def test_dtype_and_promotion(code):
    same(code, grads=False)


PRINTS = [
    "[1+2j, 3-1j]", "[0j, 0j]", "[1j]", "1+2j", "-0.5-0.25j", "[1.5+2j, -3e-5-1j]",
    "[[1.5+2j, -3e-5-1j], [0, 1]]", "[1e10+1j, 1-1e-10j]", "[123456.7+0.5j]",
    "[1+1j, 1000+0.001j]", "[complex(1, -0.0)]", "complex(-0.0, 0.0)", "[-1-1j, 1+1j]",
    "[[1+2j, 3+4j], [5+6j, 7+8j]]", "[[[1+1j]], [[2-2j]]]",
    "[float('nan') + 1j, 1 + float('nan') * 1j]", "[complex(float('inf'), 1), complex(1, float('-inf'))]",
    "[complex(float('nan'), float('inf'))]", "[0.1+0.2j, 0.3+0.4j]", "[1/3 + 2j/3]",
    "[12345.678 + 0.001j]", "[1e-5j, 2e-5j]", "[100+200j, -300-400j]",
]


@pytest.mark.parametrize("data", PRINTS)
@pytest.mark.parametrize("dtype", ["", ", dtype=torch.complex128", ", requires_grad=True"])
def test_repr(data, dtype):
    same(f"torch.tensor({data}{dtype})", grads=False)


PRINTS_MORE = [
    "torch.arange(30.) / 7 + 1j * torch.arange(30.)", "torch.arange(12.).reshape(3, 4) * (1 - 2j)",
    "torch.arange(2000.) * (1 + 1j)", "torch.arange(2000.).reshape(40, 50) * 1j",
    "torch.arange(24.).reshape(2, 3, 4) + 0.5j", "torch.tensor([], dtype=torch.complex64)",
    "torch.zeros(0, 2, dtype=torch.complex128)", "z * 2", "z.sum()", "z.detach()",
    "str(z)", "str(z.detach())", "z.cdouble()", "u * 1e-5", "torch.ones(3, dtype=torch.complex128) * 1j",
    "torch.linspace(0, 1, 11) * (1 + 1j)",
    "torch.set_printoptions(precision=2)\ntry:\n    r = repr(z * 1.23456)\n"
    "finally:\n    torch.set_printoptions(profile='default')\nr",
    "torch.set_printoptions(sci_mode=True)\ntry:\n    r = repr(z)\n"
    "finally:\n    torch.set_printoptions(profile='default')\nr",
    "torch.set_printoptions(linewidth=40)\ntry:\n    r = repr(torch.arange(12.) * (1 + 1j))\n"
    "finally:\n    torch.set_printoptions(profile='default')\nr",
    "torch.set_printoptions(threshold=5, edgeitems=2)\ntry:\n    r = repr(torch.arange(12.) * 1j)\n"
    "finally:\n    torch.set_printoptions(profile='default')\nr",
]


@pytest.mark.parametrize("code", PRINTS_MORE)
def test_repr_more(code):
    same(code, grads=False)


COMPLEX_OPS = [
    "z.real", "z.imag", "x.real", "x.imag", "torch.real(z)", "torch.imag(u)", "c.real",
    "torch.view_as_real(z)", "torch.view_as_real(c)", "torch.view_as_real(x)",
    "torch.view_as_complex(torch.view_as_real(z))", "torch.view_as_complex(x)",
    "torch.view_as_complex(torch.stack([x, x * 2], -1))",
    "torch.view_as_complex(torch.ones(3, dtype=torch.int64))",
    "torch.view_as_complex(torch.ones(3, 2).t())",
    "torch.view_as_complex(torch.ones(2, 3)[:, :2])", "torch.view_as_complex(torch.ones(3))",
    "torch.view_as_complex(torch.ones(2, 4)[:, 1:3])", "torch.view_as_complex(torch.tensor(1.))",
    "torch.view_as_complex(torch.ones(2, 2, dtype=torch.float64, requires_grad=True))",
    "torch.view_as_real(z.t())", "torch.view_as_real(z)[..., 0]",
    "torch.complex(x, x * 2)", "torch.complex(v, x)", "torch.complex(x, torch.zeros(2))",
    "torch.complex(x, x.double())", "torch.complex(torch.ones(2, dtype=torch.int64), "
    "torch.ones(2, dtype=torch.int64))", "torch.complex(x.double(), x.double())",
    "torch.complex(1., x)", "torch.complex(x, 2)",
    "torch.polar(x, v)", "torch.polar(x.abs() + 1, x)", "torch.polar(torch.zeros(2, requires_grad=True), v)",
    "torch.polar(x, x.double())", "torch.polar(torch.ones(2, dtype=torch.int64), "
    "torch.ones(2, dtype=torch.int64))",
    "z.conj().resolve_conj()", "z.conj().is_conj()", "z.is_conj()", "x.conj()", "x.conj() is x",
    "x.conj().is_conj()", "torch.conj(u).resolve_conj()", "z.detach().conj().numpy()",
    "torch.is_conj(z.conj())", "z.conj_physical()", "torch.conj_physical(x)",
    "z.conj().resolve_conj()", "z.conj().resolve_conj().is_conj()", "z.resolve_conj() is z",
    "z.abs()", "torch.abs(u)", "abs(c)", "z.angle()", "torch.angle(x.detach())",
    "torch.angle(torch.tensor([-1, 0, 2]))", "z.sgn()", "x.detach().sgn()", "torch.sgn(torch.zeros(2, dtype=torch.complex64, requires_grad=True))",
    "torch.angle(torch.zeros(2, dtype=torch.complex64, requires_grad=True))",
    "torch.abs(torch.zeros(2, dtype=torch.complex64, requires_grad=True))",
    "z.real.sum() + z.imag.sum()", "z.abs() ** 2", "(z * z.conj()).real",
]

ARITHMETIC = [
    "z + u", "z - u", "z * u", "z / u", "z + x", "x * z", "v - u", "z * 2", "2 * z", "z * 1.5",
    "z * 1j", "1j * x", "x / (1 + 1j)", "(1 + 2j) / z", "2 - z", "z - 1j", "-z", "+z",
    "z * c", "c * c", "z ** 2", "z ** 0.5", "z ** -1", "z ** u", "2 ** z", "z ** (1 + 1j)",
    "x ** (1j)", "z.pow(3)", "z.square()", "z @ z", "z @ u", "u @ u", "torch.mm(z, z)",
    "torch.mv(z, u)", "torch.dot(u, u)", "torch.vdot(u, u)", "torch.matmul(x.cfloat(), z)",
    "z @ x", "z.t()", "z.T", "z.mT", "z.mH.resolve_conj()", "z.H.resolve_conj()",
    "z.adjoint().resolve_conj()", "torch.adjoint(z).resolve_conj()", "u.H", "u.mH",
    "u.adjoint()", "torch.ones(2, 2, 2).H", "c.H.resolve_conj()", "x.H", "x.mH", "torch.ones(2, 3, 4).mH",
    "z.exp()", "z.log()", "z.sqrt()", "z.sin()", "z.cos()", "z.tanh()", "z.sigmoid()",
    "z.reciprocal()", "z.rsqrt()", "z.sinh()", "z.cosh()", "z.tan()", "z.log10()",
    "z.log2()", "z.expm1()", "z.log1p()", "z.asin()", "z.acos()", "z.atan()",
    "z.sum()", "z.sum(0)", "z.sum(dim=1, keepdim=True)", "z.mean()", "z.mean(1)",
    "z.prod()", "z.prod(0)", "z.cumsum(0)", "z.var()", "z.std()", "z.norm()",
    "z.reshape(4)", "z.view(4)", "z.flatten()", "z[0]",
    "z[:, 1]", "z[z.abs() > 2]", "z.unsqueeze(0)", "z.expand(3, 2, 2)", "z.repeat(2, 1)",
    "torch.cat([z, z])", "torch.stack([u, u])", "torch.where(x > 2, z, u)",
    "z.clone()", "z.detach()", "z.flip(0)", "z.permute(1, 0)", "z.transpose(0, 1)",
    "z.split(1)", "z.unbind(0)", "z.norm(1)", "z.norm(dim=0)", "z.chunk(2, 1)", "z.squeeze()", "z.diag()", "z.trace()",
    "torch.outer(u, u)", "z.masked_fill(x > 2, 0)", "z.contiguous()", "z.narrow(0, 0, 1)",
    "z == u", "z != z", "z == 1 + 2j", "torch.isclose(z, z)", "torch.allclose(z, z)",
    "torch.isnan(z)", "torch.isfinite(z)", "torch.equal(z, z)",
    "z.abs().sum()", "(z * u).abs().mean()", "z.sum().abs()",
]

REFUSED = [
    "z < u", "z <= 1", "z > 0", "z >= z", "torch.lt(z, 1)", "z.max()", "z.min()",
    "z.max(0)", "z.min(dim=1)", "torch.amax(z)", "torch.amin(z, 0)", "z.argmax()",
    "z.argmin(1)", "torch.relu(z)", "torch.softmax(z, 0)", "z.log_softmax(1)",
    "torch.nn.functional.leaky_relu(z)", "torch.nn.functional.gelu(z)",
    "torch.nn.functional.softplus(z)", "torch.nn.functional.mse_loss(z, u)",
    "z.clamp(max=1)", "z.clip(0, 1)", "torch.minimum(z, u)", "z.round(decimals=1)",
    "z.div(2, rounding_mode='floor')", "z.div(2, rounding_mode='trunc')", "z.floor_divide(2)",
    "3 % z", "x < u", "x.max(other=z)",
    "z.relu()", "torch.clamp(z, 0, 1)", "z.clamp(min=0)", "z.floor()", "z.ceil()",
    "z.round()", "z.trunc()", "z.sign()", "torch.maximum(z, z)", "z.frac()",
    "torch.nn.functional.relu(z)", "z.remainder(2)", "z % 2", "z // 2", "z.fmod(2)",
    "torch.sigmoid(z).backward()", "z.sum().backward()", "(z * 2).backward()",
    "u.sum().backward()", "c.backward()", "(z * 2).backward(torch.ones(2, 2))",
    "(x * 2).backward(torch.ones(2, 2, dtype=torch.complex64))",
    "(z * 2).backward(torch.ones(2, 2, dtype=torch.complex128))",
    "torch.tensor([1, 2], dtype=torch.int64) * 1j + torch.tensor(True)",
    "torch.ones(2).to(torch.complex64).abs().sum().backward()",
    "z.numpy()", "z.detach().item()", "float(c.detach())", "int(c.detach())",
    "complex(c.detach())", "float(torch.tensor(2+0j))", "int(torch.tensor(-2.5+0j))",
    "torch.tensor([1+2j], dtype=torch.float32)", "torch.tensor([1+2j], dtype=torch.int64)",
    "z.abs().sum().backward(); (z.grad, x.grad)",
    "(z * u).real.sum().backward(); (z.grad, u.grad)",
    "(x * 1j).sum().abs().backward(); x.grad",
    "(x * 1j).backward(torch.ones(2, 2, dtype=torch.complex64) * (1 + 2j)); x.grad",
    "(z * 2).backward(torch.ones(2, 2, dtype=torch.complex64) * 1j); z.grad",
]


@pytest.mark.parametrize("code", COMPLEX_OPS + ARITHMETIC + REFUSED)
def test_complex_op(code):
    same(code)


SECOND_ORDER = [
    "g, = torch.autograd.grad((z * z).abs().sum(), z, create_graph=True)\n"
    "torch.autograd.grad(g.abs().sum(), z)",
    "g, = torch.autograd.grad((z.exp() * u).real.sum(), z, create_graph=True)\n"
    "torch.autograd.grad(g.real.sum(), z)",
    "g, = torch.autograd.grad(torch.view_as_real(z * z).sum(), z, create_graph=True)\n"
    "torch.autograd.grad(g.imag.sum(), z)",
    "g, = torch.autograd.grad(torch.polar(x, v).real.sum(), x, create_graph=True)\n"
    "torch.autograd.grad(g.sum(), v)",
    "g, = torch.autograd.grad(z.angle().sum(), z, create_graph=True)\n"
    "torch.autograd.grad(g.abs().sum(), z)",
]


@pytest.mark.parametrize("code", SECOND_ORDER)
def test_second_order(code):
    same(code, grads=False)


@pytest.mark.parametrize("direction", ["torch to autograd_nb", "autograd_nb to torch"])
def test_save_and_load_both_ways(direction):
    import io
    import numpy as np
    writer, reader = (torch, autograd_nb) if direction.startswith("torch") else (
        autograd_nb, torch)
    values = np.arange(6.0).reshape(2, 3) + 1j * np.linspace(-1, 1, 6).reshape(2, 3)
    z = writer.tensor(values, dtype=writer.complex64)
    saved = {"z": z, "column": z[:, 1], "t": z.t(), "double": z.to(writer.complex128),
             "leaf": z.clone().requires_grad_(), "pair": (z.real.clone(), z.imag.clone())}
    buffer = io.BytesIO()
    writer.save(saved, buffer)
    buffer.seek(0)
    loaded = reader.load(buffer, weights_only=True)
    for key in ("z", "column", "t", "double", "leaf"):
        assert repr(loaded[key]) == repr(saved[key])
        np.testing.assert_array_equal(loaded[key].detach().numpy(), saved[key].detach().numpy())
    assert [repr(p) for p in loaded["pair"]] == [repr(p) for p in saved["pair"]]
    # views still share one storage: the column starts one complex64 (8 bytes) into z
    assert loaded["column"].data_ptr() == loaded["z"].data_ptr() + 8
    assert loaded["t"].data_ptr() == loaded["z"].data_ptr()
