"""torch.backends as a CPU-only build reports it: no MPS, no cuDNN, no CUDA.

>>> autograd_nb.backends.mps.is_available()
False
"""
from types import SimpleNamespace


def _false():
    return False


mps = SimpleNamespace(is_available=_false, is_built=_false)
cuda = SimpleNamespace(is_built=_false, matmul=SimpleNamespace(allow_tf32=False))
# Settings scripts set (benchmark, deterministic) are kept and change nothing here.
cudnn = SimpleNamespace(is_available=_false, enabled=True, benchmark=False, deterministic=False,
                        allow_tf32=True, version=lambda: None)
