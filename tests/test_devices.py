"""Devices and the default dtype without torch (test_parity_devices.py compares with torch)."""
import pytest

import autograd_nb as anb


@pytest.fixture(autouse=True)
def _defaults_restored():
    yield
    anb.set_default_dtype(anb.float32)
    anb.set_default_device(None)


def test_the_device_idiom_of_current_tutorials_picks_the_cpu():
    device = (anb.accelerator.current_accelerator().type if anb.accelerator.is_available()
              else "cpu")
    model = anb.nn.Linear(2, 1).to(device)
    assert model(anb.ones(1, 2, device=device)).device == anb.device("cpu")


def test_cuda_is_refused_with_torchs_error():
    for attempt in (lambda: anb.ones(1).cuda(), lambda: anb.ones(1, device="cuda"),
                    lambda: anb.nn.Linear(1, 1).to("cuda"), lambda: anb.cuda.current_device()):
        with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
            attempt()


def test_device_strings_are_parsed_as_torch():
    assert anb.device("cuda:1") == anb.device("cuda", 1) != anb.device("cuda")
    with pytest.raises(RuntimeError, match="Invalid device string: 'cuda:x'"):
        anb.device("cuda:x")


def test_float64_default_trains_in_float64():
    anb.set_default_dtype(anb.float64)
    model = anb.nn.Linear(3, 1)
    x = anb.tensor([[0.5, 1.5, -1.]])
    loss = (model(x) - 1.5).pow(2).mean()
    loss.backward()
    assert model.weight.grad.dtype is anb.float64 and loss.dtype is anb.float64
    assert repr(anb.tensor([0.5])) == "tensor([0.5000])"  # the default dtype is not named
    assert repr(anb.tensor([0.5], dtype=anb.float32)) == "tensor([0.5000], dtype=torch.float32)"


def test_int_tensors_promote_to_the_default_dtype():
    anb.set_default_dtype(anb.float64)
    assert (anb.tensor([1, 2]) * 0.5).dtype is anb.float64
    assert (anb.ones(2, dtype=anb.float32) * 0.5).dtype is anb.float32


def test_out_writes_into_the_given_tensor():
    out = anb.zeros(3)
    view = out[1:]
    assert anb.ones(3, out=out) is out and view.tolist() == [1., 1.]
