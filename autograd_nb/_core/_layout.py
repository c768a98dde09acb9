"""torch.layout and torch.memory_format values: tensors here are always strided and contiguous
in the sense torch's factory functions ask about, so these are names to pass and compare."""


class _Name:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "torch." + self.name


class layout(_Name):
    """How a tensor's elements are stored: ``torch.strided`` (the only layout here)."""


class memory_format(_Name):
    """A memory layout request (``torch.contiguous_format``...), accepted and satisfied."""


strided = layout("strided")
sparse_coo = layout("sparse_coo")
sparse_csr = layout("sparse_csr")
contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")
