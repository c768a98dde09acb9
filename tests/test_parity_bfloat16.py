"""Parity with torch 2.13 for bfloat16, which autograd_nb keeps in ml_dtypes' NumPy type (an
optional dependency: these tests are skipped without it). Creation, casts, promotion, printing,
arithmetic, gradients, finfo, save/load; each case compared as ``_parity.same`` compares."""
import io

import numpy as np
import pytest

import autograd_nb
import _parity
from _parity import same

pytest.importorskip("ml_dtypes")
torch = pytest.importorskip("torch")

PRELUDE = _parity.PRELUDE + """
h = torch.tensor([[1.5, -2.25], [0.1, 3.0]], dtype=torch.bfloat16, requires_grad=True)
g = torch.tensor([0.5, 4.0], dtype=torch.bfloat16, requires_grad=True)
"""

CASES = [
    "torch.bfloat16", "torch.bfloat16.is_floating_point", "torch.bfloat16.itemsize",
    "torch.bfloat16.is_complex", "torch.bfloat16.to_complex()", "h.dtype", "h.type()",
    "h.element_size()", "h.is_floating_point()", "torch.is_floating_point(h)",
    "torch.tensor([1.5, 2.7], dtype=torch.bfloat16)", "torch.ones(2, 3, dtype=torch.bfloat16)",
    "torch.zeros(2, dtype=torch.bfloat16)", "torch.full((2,), 3.3, dtype=torch.bfloat16)",
    "torch.arange(5, dtype=torch.bfloat16)", "torch.linspace(0, 1, 5, dtype=torch.bfloat16)",
    "torch.eye(2, dtype=torch.bfloat16)", "torch.empty(2, dtype=torch.bfloat16).shape",
    "x.bfloat16()", "x.to(torch.bfloat16)", "h.float()", "h.double()", "h.half()", "h.long()",
    "h.bool()", "h.int()", "x.type(torch.bfloat16)", "torch.tensor([1, 2]).bfloat16()",
    "torch.tensor([1.001, 100.7, 1e-3, 12345.6]).bfloat16()",
    "torch.tensor([1e20, -1e-20, float('nan'), float('inf')]).bfloat16()",
    "torch.tensor(2.5, dtype=torch.bfloat16)", "torch.tensor([], dtype=torch.bfloat16)",
    "torch.arange(2000.).bfloat16()", "torch.arange(12.).reshape(3, 4).bfloat16() / 3",
    "h.tolist()", "h.detach().item()", "float(h[0, 0].detach())",
    "torch.promote_types(torch.bfloat16, torch.float16)",
    "torch.promote_types(torch.bfloat16, torch.float32)",
    "torch.promote_types(torch.bfloat16, torch.int64)",
    "torch.promote_types(torch.bfloat16, torch.bool)",
    "torch.promote_types(torch.bfloat16, torch.complex64)",
    "torch.promote_types(torch.float64, torch.bfloat16)",
    "h + g", "h * g", "h - 1", "h * 2.5", "2 - h", "h / g", "h ** 2", "h + x", "x * h",
    "h + x.half()", "h + x.double()", "h + torch.tensor([1, 2])", "h * True", "h + s",
    "h + torch.tensor(1.5, dtype=torch.float64)", "h @ h", "h @ g", "torch.mm(h, h)",
    "h.exp()", "h.log()", "h.sqrt()", "h.sin()", "h.tanh()", "h.sigmoid()", "h.relu()",
    "h.abs()", "-h", "h.sum()", "h.mean()", "h.sum(0)", "h.max()", "h.min(1)", "h.argmax()",
    "h.prod()", "h.var()", "h.norm()", "h.softmax(1)", "h.log_softmax(0)", "h.clamp(0, 1)",
    "h.t()", "h.reshape(4)", "h[0]", "h[h > 0]", "torch.cat([h, h])", "torch.stack([g, g])",
    "torch.where(h > 1, h, g)", "h > g", "h == h", "h.floor()", "h.round()", "h.sign()",
    "torch.nn.functional.mse_loss(h, h * 2)", "torch.nn.functional.gelu(h)",
    "torch.nn.functional.linear(h, h)",
    "h.sum().backward(); h.grad", "(h * h).sum().backward(); h.grad",
    "(h * x).sum().backward(); (h.grad, x.grad)", "(h.float() * x).sum().backward(); h.grad",
    "torch.autograd.grad((h ** 3).sum(), h)",
    "torch.finfo(torch.bfloat16)", "torch.finfo(torch.bfloat16).eps",
    "torch.finfo(torch.bfloat16).max", "torch.finfo(torch.bfloat16).tiny",
    "torch.finfo(torch.bfloat16).resolution", "torch.finfo(torch.bfloat16).bits",
    "torch.finfo(torch.bfloat16).dtype",
    "torch.from_numpy(np.array([1.5], dtype=np.float32)).bfloat16()",
    "torch.tensor([1.5, 2.25], dtype=torch.bfloat16).numpy().dtype.name",
]


@pytest.mark.parametrize("code", CASES)
def test_bfloat16(code):
    same(code, torch, prelude=PRELUDE)


def _outcome(lib, data):
    try:
        return repr(lib.tensor(eval(data)))
    except Exception as exc:  # noqa: BLE001 - the error is the outcome
        return type(exc).__name__, str(exc)


def test_set_default_dtype_bfloat16():
    def attempt(lib):
        lib.set_default_dtype(lib.bfloat16)
        try:
            return (repr(lib.tensor([1.5, 2.7])), repr(lib.ones(2).dtype),
                    repr(lib.tensor([1.5], dtype=lib.float32)),
                    repr((lib.ones(2, dtype=lib.int64) * 1.5).dtype), _outcome(lib, "[1j]"))
        except Exception as exc:  # noqa: BLE001
            return type(exc).__name__, str(exc)
        finally:
            lib.set_default_dtype(lib.float32)
    assert attempt(autograd_nb) == attempt(torch)


@pytest.mark.parametrize("direction", ["torch to autograd_nb", "autograd_nb to torch"])
def test_save_and_load_both_ways(direction):
    data = np.array([[1.5, -2.25, 0.1], [3.0, 1e20, -7.5]], np.float32)
    writer, reader = (torch, autograd_nb) if direction.startswith("torch") else (
        autograd_nb, torch)
    t = writer.tensor(data).to(writer.bfloat16)
    buffer = io.BytesIO()
    writer.save({"t": t, "column": t[:, 1], "grad": t.clone().requires_grad_()}, buffer)
    buffer.seek(0)
    loaded = reader.load(buffer, weights_only=True)
    for key, value in {"t": t, "column": t[:, 1]}.items():
        assert str(loaded[key].dtype) == "torch.bfloat16"
        assert repr(loaded[key]) == repr(value)
        np.testing.assert_array_equal(loaded[key].float().numpy(), value.float().numpy())
    assert loaded["grad"].requires_grad
