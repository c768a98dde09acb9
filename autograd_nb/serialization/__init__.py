"""torch.serialization: ``save`` and ``load`` in PyTorch's own checkpoint format, both ways, and
the allow-list of globals a ``weights_only`` load accepts.

>>> autograd_nb.save({"w": autograd_nb.ones(2)}, "w.pt")
>>> autograd_nb.load("w.pt")
{'w': tensor([1., 1.])}
"""
from ._format import DEFAULT_PROTOCOL
from ._load import SAFE_GLOBALS, load
from ._save import save

__all__ = [
    "DEFAULT_PROTOCOL",
    "add_safe_globals",
    "clear_safe_globals",
    "get_safe_globals",
    "load",
    "safe_globals",
    "save",
]


def _entries(globs):
    for entry in globs:
        obj, name = entry if isinstance(entry, tuple) else (
            entry, f"{entry.__module__}.{entry.__qualname__}")
        yield name, obj


def add_safe_globals(safe_globals):
    """Let ``weights_only`` loads accept these classes or functions (or ``(obj, "mod.name")``
    pairs).

    >>> autograd_nb.serialization.add_safe_globals([MyConfig])
    """
    SAFE_GLOBALS.update(_entries(safe_globals))


def get_safe_globals():
    return [obj if name == f"{obj.__module__}.{obj.__qualname__}" else (obj, name)
            for name, obj in SAFE_GLOBALS.items()]


def clear_safe_globals():
    SAFE_GLOBALS.clear()


class safe_globals:
    """``with safe_globals([MyConfig]):`` allow-lists them for the loads inside only."""

    def __init__(self, safe_globals):
        self.entries = dict(_entries(safe_globals))

    def __enter__(self):
        self.saved = dict(SAFE_GLOBALS)
        SAFE_GLOBALS.update(self.entries)

    def __exit__(self, *exc):
        SAFE_GLOBALS.clear()
        SAFE_GLOBALS.update(self.saved)
