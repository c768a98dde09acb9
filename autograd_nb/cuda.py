"""torch.cuda as it answers on a machine without a GPU: autograd_nb runs on the CPU only.

Queries answer (no device, nothing allocated); what needs a GPU raises torch's error.

>>> autograd_nb.cuda.is_available()
False
"""
from ._core._device import NO_CUDA


def is_available():
    return False


def device_count():
    return 0


def is_initialized():
    return False


def is_bf16_supported(including_emulation=True):
    return False


def manual_seed(seed):
    """Seeding the (absent) GPU generator does nothing, as in torch without CUDA."""


manual_seed_all = manual_seed


def empty_cache():
    """Nothing is cached: nothing was allocated."""


def memory_allocated(device=None):
    return 0


max_memory_allocated = memory_reserved = memory_allocated


def _no_cuda(*args, **kwargs):
    raise AssertionError(NO_CUDA)


current_device = synchronize = get_device_name = get_device_properties = _no_cuda
get_device_capability = _no_cuda
