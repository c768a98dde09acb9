"""torch.device, and where tensors live: only the CPU exists here, and every other device
answers with torch's own error on a machine without it."""
import re

_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
          "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")
NO_ACCELERATOR = "Cannot access accelerator device when none is available."
NO_CUDA = "Torch not compiled with CUDA enabled"


class device:
    """Where a tensor lives: ``device('cpu')``, ``device('cuda', 0)``, ``device('cuda:1')``.

    Equal, printed and parsed as torch's; as a context manager it is the default device inside.

    >>> autograd_nb.device("cuda:1")
    device(type='cuda', index=1)
    """

    __slots__ = ("_previous", "index", "type")

    def __init__(self, type, index=None):
        if isinstance(type, device) and index is None:
            type, index = type.type, type.index
        elif isinstance(type, int) and not isinstance(type, bool) and index is None:
            raise RuntimeError(NO_ACCELERATOR)  # device(0): the current accelerator's index 0
        elif not isinstance(type, str) or not (index is None or _is_int(index)):
            got = ", ".join(x.__class__.__name__ for x in (type, index)[:1 if index is None else 2])
            raise TypeError(f"device() received an invalid combination of arguments - got ({got}),"
                            " but expected one of:\n * (torch.device device)\n      didn't match "
                            "because some of the arguments have invalid types: "
                            f"(!{got}!)\n * (str type, int index = -1)\n")
        self.type, self.index = _parse(type, index)

    def __repr__(self):
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type,) if self.index is None else (self.type, self.index))

    def __enter__(self):
        self._previous = get_default_device()
        set_default_device(self)
        return self

    def __exit__(self, *exc):
        set_default_device(self._previous)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _parse(text, index):
    if not text:
        raise RuntimeError("Device string must not be empty")
    kind, colon, number = text.partition(":")
    if kind not in _TYPES:
        raise RuntimeError(f"Expected one of {', '.join(_TYPES)} device type at start of device "
                           f"string: {text}")
    if colon:
        if index is not None:
            raise RuntimeError("type (string) must not include an index because index was "
                               f"passed explicitly: {text}")
        if not re.fullmatch(r"0|[1-9][0-9]*", number):
            raise RuntimeError(f"Invalid device string: '{text}'")
        index = int(number)
    if index is not None and index < 0:
        raise RuntimeError("Device index must not be negative")
    return kind, index


CPU = device("cpu")
_DEFAULT = [CPU]


def check_device(dev):
    """The device ``dev`` names (None: the default) if tensors can live there, else torch's
    error for a machine without it."""
    if dev is None:
        return _DEFAULT[0]
    if not isinstance(dev, device):
        dev = device(dev)
    if dev.type == "cuda":
        raise AssertionError(NO_CUDA)
    if dev.type != "cpu":
        raise RuntimeError(f"PyTorch is not linked with support for {dev.type} devices")
    return dev


def set_default_device(dev):
    """Where factory functions put tensors (``None``: the CPU). Only the CPU can be chosen.

    >>> autograd_nb.set_default_device("cpu")
    """
    _DEFAULT[0] = CPU if dev is None else check_device(dev)


def get_default_device():
    """The device factory functions use: ``device(type='cpu')``."""
    return _DEFAULT[0]
