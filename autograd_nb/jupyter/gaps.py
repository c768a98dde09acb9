"""Name what autograd_nb lacks when a torch notebook reaches for it.

In a kernel where ``import torch`` is autograd_nb, a missing feature would surface as
``AttributeError: module 'autograd_nb' has no attribute 'fft'`` from wherever the notebook
touched it. ``install(shell)`` makes IPython show ``autograd_nb does not provide torch.fft``
instead, for names that PyTorch has (``torch_api``); names torch lacks too keep torch's error, so
a cell that shows one still compares equal.

    >>> missing_feature(AttributeError(name="fft", obj=autograd_nb))
    'torch.fft'
"""
import autograd_nb

from .alias import ALIAS, TARGET
from .torch_api import MODULES, NAMES

PREFIX = "autograd_nb does not provide "
# Objects whose missing attributes are features: autograd_nb's classes under torch's names.
CLASSES = (("torch.Tensor", autograd_nb.Tensor), ("torch.nn.Module", autograd_nb.nn.Module),
           ("torch.optim.Optimizer", autograd_nb.optim.Optimizer))


def missing_feature(error):
    """``'torch.fft'`` when ``error`` is autograd_nb lacking a feature torch has, else None."""
    if isinstance(error, ModuleNotFoundError):
        name = error.name or ""
        return name if name in MODULES and name.startswith(ALIAS + ".") else None
    if isinstance(error, AttributeError) and error.name is not None:
        owner = _torch_path(getattr(error, "obj", None))
        if owner is not None and error.name in NAMES.get(owner, ()):
            return f"{owner}.{error.name}"
    return None


def _torch_path(obj):
    """torch's name for ``obj``: an aliased module, or one of ``CLASSES`` or an instance."""
    name = getattr(obj, "__name__", None)
    if isinstance(name, str) and type(obj).__name__ == "module":
        if name == TARGET or name.startswith(TARGET + "."):
            return ALIAS + name[len(TARGET):]
        return None
    kind = obj if isinstance(obj, type) else type(obj)
    return next((path for path, cls in CLASSES if issubclass(kind, cls)), None)


def install(shell):
    """Show a missing feature as ``autograd_nb does not provide torch.X`` in ``shell``."""
    shell.set_custom_exc((AttributeError, ImportError), _show)


def _show(shell, etype, value, tb, tb_offset=None):
    feature = missing_feature(value)
    if feature is not None:
        value = etype(PREFIX + feature)
    return shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
