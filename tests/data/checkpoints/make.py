"""Regenerate the checkpoints here with real torch 2.13 (``python tests/data/checkpoints/make.py``).

They let the suite check ``autograd_nb.load`` on files PyTorch wrote even where torch is not
installed. Every value is computed from ``arange``, so the tests can state what they hold.
"""
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = ("float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool")


def tensors():
    """One tensor of every dtype, views sharing a storage, nested containers."""
    base = torch.arange(12.).reshape(3, 4)
    return {
        "dtypes": {name: (torch.arange(6) % 3 - 1).to(getattr(torch, name)) for name in DTYPES},
        "base": base,
        "column": base[:, 1],            # offset 1, stride (4,)
        "block": base[1:, ::2],          # offset 4, strides (4, 2)
        "transposed": base.t(),
        "nested": [(torch.tensor(1.5), {"deep": torch.ones(2, dtype=torch.int64)})],
        "requires_grad": torch.tensor([1., 2.], requires_grad=True),
        "meta": (torch.Size([2, 3]), torch.float64, torch.device("cpu"), "text", 7, 2.5, None),
    }


def complex_and_bfloat16():
    """complex64 / complex128 tensors (a transposed view, a conjugate made physical) and
    bfloat16 ones: dtypes autograd_nb has through NumPy and through ml_dtypes."""
    z = torch.complex(torch.arange(6.), -torch.arange(6.) / 2).reshape(2, 3)
    return {
        "complex64": z,
        "complex128": z.to(torch.complex128).t(),
        "conj": z.conj().resolve_conj(),
        "bfloat16": (torch.arange(6.) / 4 - 0.5).to(torch.bfloat16),
    }


def model():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    with torch.no_grad():
        for i, p in enumerate(net.parameters()):
            p.copy_(torch.arange(p.numel(), dtype=torch.float32).reshape(p.shape) / 10 - i)
    return net


def adam_state(net):
    """Adam's state after two steps on a fixed batch (the test replays them)."""
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    x = torch.arange(6.).reshape(2, 3) / 5
    for _ in range(2):
        opt.zero_grad()
        net(x).pow(2).sum().backward()
        opt.step()
    return opt.state_dict()


if __name__ == "__main__":
    torch.save(tensors(), os.path.join(HERE, "tensors.pt"))
    torch.save(complex_and_bfloat16(), os.path.join(HERE, "complex_and_bfloat16.pt"))
    net = model()
    torch.save(net.state_dict(), os.path.join(HERE, "sequential_state_dict.pt"))
    torch.save(adam_state(net), os.path.join(HERE, "adam_state_dict.pt"))
    torch.save(net.state_dict(), os.path.join(HERE, "sequential_after_adam.pt"))
    torch.save(tensors(), os.path.join(HERE, "tensors_legacy_format.pt"),
               _use_new_zipfile_serialization=False)
