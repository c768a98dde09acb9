"""Complex and bfloat16 tensors without torch: checkpoints torch wrote, gradients against finite
differences (torch's convention: for a real loss of z = x + iy, z.grad = dL/dx + i dL/dy), views
that write through, round trips, and the rules the parity tests compare with torch."""
import importlib.util
import io
import os

import numpy as np
import pytest

import autograd_nb as torch
from autograd_nb._core._dtype import _OptionalDtype
from autograd_nb.autograd import gradcheck, gradgradcheck

CHECKPOINT = os.path.join(os.path.dirname(__file__), "data", "checkpoints",
                          "complex_and_bfloat16.pt")


def _z(*shape):
    n = int(np.prod(shape))
    values = np.linspace(-1.5, 2.0, n) + 1j * np.linspace(0.7, -1.2, n)
    return torch.tensor(values.reshape(shape), requires_grad=True)


def test_checkpoint_holding_bfloat16_is_refused_whole_without_ml_dtypes():
    if importlib.util.find_spec("ml_dtypes") is not None:
        pytest.skip("ml_dtypes is installed")
    with pytest.raises(RuntimeError, match="needs the 'ml_dtypes' package"):
        torch.load(CHECKPOINT)  # it holds a bfloat16 tensor beside the complex ones


def test_checkpoint_from_torch_holds_complex_values():
    pytest.importorskip("ml_dtypes")  # the checkpoint holds a bfloat16 tensor too
    loaded = torch.load(CHECKPOINT)
    expected = np.arange(6.0) - 0.5j * np.arange(6.0)
    assert loaded["complex64"].dtype is torch.complex64
    np.testing.assert_array_equal(loaded["complex64"].numpy(), expected.reshape(2, 3))
    assert loaded["complex128"].dtype is torch.complex128
    np.testing.assert_array_equal(loaded["complex128"].numpy(), expected.reshape(2, 3).T)
    np.testing.assert_array_equal(loaded["conj"].numpy(), np.conj(expected).reshape(2, 3))


def test_checkpoint_from_torch_holds_bfloat16_values():
    pytest.importorskip("ml_dtypes")
    loaded = torch.load(CHECKPOINT)["bfloat16"]
    assert loaded.dtype is torch.bfloat16
    np.testing.assert_array_equal(loaded.float().numpy(), np.arange(6.0) / 4 - 0.5)


def test_an_optional_dtype_without_its_package_names_the_package():
    missing = _OptionalDtype("bfloat16", "no_such_package_here", "bfloat16", "BFloat16",
                             "c10::BFloat16", "bfloat16", 2)
    assert not missing.available
    with pytest.raises(RuntimeError, match="needs the 'no_such_package_here' package"):
        missing.np


def test_roundtrip_keeps_complex_values_views_and_requires_grad():
    z = _z(2, 3)
    buffer = io.BytesIO()
    torch.save({"z": z, "column": z.detach()[:, 1], "double": z.detach().cdouble()}, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer)
    assert loaded["z"].requires_grad and loaded["z"].dtype is torch.complex128
    np.testing.assert_array_equal(loaded["column"].numpy(), z.detach().numpy()[:, 1])
    assert loaded["double"].dtype is torch.complex128


HOLOMORPHIC = {
    "mul": lambda z, w: z * w, "div": lambda z, w: z / w, "pow": lambda z, w: z ** 3,
    "pow_complex": lambda z, w: z ** w, "exp": lambda z, w: z.exp() * w,
    "log": lambda z, w: z.log(), "sqrt": lambda z, w: (z * z).sqrt(), "sin": lambda z, w: z.sin(),
    "tanh": lambda z, w: z.tanh(), "sigmoid": lambda z, w: z.sigmoid(),
    "matmul": lambda z, w: z @ w.t(), "sum": lambda z, w: (z * w).sum(0),
    "prod": lambda z, w: z.prod(1), "mean": lambda z, w: z.mean(),
    "reciprocal": lambda z, w: z.reciprocal(), "cumsum": lambda z, w: z.cumsum(1),
}
NOT_HOLOMORPHIC = {
    "abs": lambda z, w: z.abs(), "angle": lambda z, w: z.angle(), "sgn": lambda z, w: z.sgn(),
    "conj": lambda z, w: z.conj() * w, "conj_physical": lambda z, w: z.conj_physical(),
    "real": lambda z, w: z.real * w.imag, "imag": lambda z, w: z.imag,
    "view_as_real": lambda z, w: torch.view_as_real(z * w),
    "view_as_complex": lambda z, w: torch.view_as_complex(torch.view_as_real(z) * 2),
    "vdot": lambda z, w: torch.vdot(z.reshape(-1), w.reshape(-1)),
    "norm": lambda z, w: z.norm(), "var": lambda z, w: z.var(), "mH": lambda z, w: z.mH @ w,
}


@pytest.mark.parametrize("name", sorted(HOLOMORPHIC) + sorted(NOT_HOLOMORPHIC))
def test_gradients_match_finite_differences(name):
    f = {**HOLOMORPHIC, **NOT_HOLOMORPHIC}[name]
    z, w = _z(2, 2), _z(2, 2) * 0.5 + 1
    w = w.detach().requires_grad_()
    assert gradcheck(f, (z, w))
    assert gradgradcheck(f, (z, w))


@pytest.mark.parametrize("name", ["complex", "polar", "mixed"])
def test_real_inputs_of_complex_ops_get_real_gradients(name):
    x = torch.tensor([0.5, 1.5, 2.0], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([-1.0, 0.25, 3.0], dtype=torch.float64, requires_grad=True)
    f = {"complex": torch.complex, "polar": torch.polar,
         "mixed": lambda a, b: a * (b * 1j).exp()}[name]
    assert gradcheck(f, (x, y)) and gradgradcheck(f, (x, y))
    f(x, y).abs().sum().backward()
    assert x.grad.dtype is torch.float64 and y.grad.dtype is torch.float64


def test_the_gradient_of_a_squared_modulus_is_twice_the_number():
    """d|z|^2 = 2x dx + 2y dy: torch reports 2x + 2iy = 2z."""
    z = _z(3)
    (z * z.conj()).real.sum().backward()
    np.testing.assert_allclose(z.grad.numpy(), 2 * z.detach().numpy())


def test_backward_of_a_complex_output_needs_an_explicit_gradient():
    z = _z(1)
    with pytest.raises(RuntimeError, match="only for real scalar outputs but got "
                                           "torch.complex128"):
        (z * 2).sum().backward()


def test_real_imag_and_view_as_real_write_through():
    z = torch.tensor([1 + 2j, 3 - 4j])
    z.real.mul_(10)
    z.imag[0] = 7.0
    torch.view_as_real(z)[1, 1] = -1.0
    np.testing.assert_array_equal(z.numpy(), [10 + 7j, 30 - 1j])
    assert z._version == 3
    pairs = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    torch.view_as_complex(pairs)[0] = 5 + 6j
    np.testing.assert_array_equal(pairs.numpy(), [[5.0, 6.0], [3.0, 4.0]])


def test_python_complex_numbers_follow_the_default_dtype():
    assert torch.tensor([1j]).dtype is torch.complex64
    assert (torch.ones(2, dtype=torch.float64) * 1j).dtype is torch.complex128
    torch.set_default_dtype(torch.float64)
    try:
        assert torch.tensor([1j]).dtype is torch.complex128
        assert repr(torch.tensor([1j])) == "tensor([0.+1.j])"  # the default: no dtype= suffix
    finally:
        torch.set_default_dtype(torch.float32)


def test_legacy_eras_refuse_to_print_a_dtype_they_never_had():
    z = torch.tensor([1 + 2j])
    torch.set_printoptions(style="0.2")
    try:
        with pytest.raises(TypeError, match="did not exist in PyTorch 0.x"):
            repr(z)
    finally:
        torch.set_printoptions(style="modern")


def test_bfloat16_views_write_through_and_ops_round_once():
    pytest.importorskip("ml_dtypes")
    h = torch.tensor([[1.5, -2.25], [0.1, 3.0]], dtype=torch.bfloat16)
    h.t()[0, 1] = 7.0
    h[1].mul_(2)
    np.testing.assert_array_equal(h.float().numpy(), np.array(
        [[1.5, -2.25], [14.0, 6.0]], np.float32))
    x = torch.linspace(-3, 3, 50)
    # sigmoid of bfloat16 is the float32 sigmoid rounded once, not rounded at every step
    np.testing.assert_array_equal(x.bfloat16().sigmoid().float().numpy(),
                                  x.bfloat16().float().sigmoid().bfloat16().float().numpy())
