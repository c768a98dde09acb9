"""torch.accelerator on a machine without one: queries say so, the rest raises torch's error.

>>> autograd_nb.accelerator.current_accelerator() is None
True
"""
from ._core._device import NO_ACCELERATOR


def is_available():
    return False


def device_count():
    return 0


def current_accelerator(check_available=False):
    """None: there is no accelerator (what ``device = ... if ... else "cpu"`` idioms test)."""
    return


def _none_available(*args, **kwargs):
    raise RuntimeError(NO_ACCELERATOR)


current_device_index = set_device_index = synchronize = current_stream = _none_available
current_device_idx = set_device_idx = _none_available
