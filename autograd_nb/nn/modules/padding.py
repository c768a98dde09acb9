"""Padding layers: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad and CircularPad, 1-d and
2-d (``F.pad`` with the module's mode)."""
from .. import functional as F
from .module import Module


class _PadNd(Module):
    _mode = "constant"
    _nd = 1

    def __init__(self, padding):
        super().__init__()
        self.padding = (padding,) * (2 * self._nd) if isinstance(padding, int) else \
            tuple(padding)

    def forward(self, input):
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pads the last dim with ``value``: ``padding`` an int or (left, right)."""


class ConstantPad2d(_ConstantPadNd):
    """Pads the last two dims with ``value``: an int or (left, right, top, bottom)."""
    _nd = 2


class ZeroPad1d(ConstantPad1d):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    """Pads the last two dims with zeros.

    >>> nn.ZeroPad2d(1)(autograd_nb.ones(1, 2, 2)).shape
    torch.Size([1, 4, 4])
    """

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ReflectionPad1d(_PadNd):
    _mode = "reflect"


class ReflectionPad2d(_PadNd):
    """Pads the last two dims with their mirror image (the edge not repeated)."""
    _mode, _nd = "reflect", 2


class ReplicationPad1d(_PadNd):
    _mode = "replicate"


class ReplicationPad2d(_PadNd):
    """Pads the last two dims by repeating the edge."""
    _mode, _nd = "replicate", 2


class CircularPad1d(_PadNd):
    _mode = "circular"


class CircularPad2d(_PadNd):
    """Pads the last two dims by wrapping around."""
    _mode, _nd = "circular", 2
