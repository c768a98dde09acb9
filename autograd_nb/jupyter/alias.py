"""``%autograd torch``: ``import torch`` (and every ``torch.X``) resolves to autograd_nb.

An import hook placed first on ``sys.meta_path`` maps ``torch.X`` to ``autograd_nb.X``. The
aliased modules are the real autograd_nb modules, not copies, so ``torch.Tensor is
autograd_nb.Tensor``. Names that autograd_nb does not have fail as usual with
``No module named 'torch.X'``.
"""
import importlib
import importlib.abc
import importlib.util
import sys

ALIAS, TARGET = "torch", "autograd_nb"


class AliasRefused(RuntimeError):
    """The real torch is already imported in this process."""


class _TorchAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``torch.X`` as ``autograd_nb.X``.

    The loader's ``exec_module`` swaps the placeholder module for the real autograd_nb module
    in ``sys.modules``; the import system then hands out whatever ``sys.modules`` holds.
    """

    def find_spec(self, fullname, path=None, target=None):
        if _target(fullname) is None:
            return None
        try:
            found = importlib.util.find_spec(_target(fullname))
        except ImportError:  # a missing parent package
            found = None
        return importlib.util.spec_from_loader(fullname, self) if found else None

    def create_module(self, spec):
        return None  # a placeholder, replaced in exec_module

    def exec_module(self, module):
        sys.modules[module.__name__] = importlib.import_module(_target(module.__name__))


def _target(name):
    if name == ALIAS or name.startswith(ALIAS + "."):
        return TARGET + name[len(ALIAS):]
    return None


def _aliased(name, module):
    return _target(name) is not None and getattr(module, "__name__", "").startswith(TARGET)


def is_enabled():
    return any(isinstance(finder, _TorchAlias) for finder in sys.meta_path)


def real_torch_modules():
    """Names of modules of the real torch already imported (the alias cannot shadow them)."""
    return sorted(name for name, module in list(sys.modules.items())
                  if _target(name) is not None and not _aliased(name, module))


def enable():
    """Install the alias; ``AliasRefused`` (and no change) when the real torch is imported."""
    real = real_torch_modules()
    if real:
        version = getattr(sys.modules.get(ALIAS), "__version__", None)
        which = f"PyTorch {version}" if version else f"the module {real[0]!r}"
        raise AliasRefused(
            f"the real torch is already imported in this kernel ({which}), so `import torch` "
            "cannot be pointed at autograd_nb. Restart the kernel and run `%autograd torch` "
            "before any `import torch`, or write `import autograd_nb as torch` instead.")
    if not is_enabled():
        sys.meta_path.insert(0, _TorchAlias())
    sys.modules[ALIAS] = importlib.import_module(TARGET)


def disable():
    """Remove the hook and every ``torch`` entry it made; other modules are left alone.

    Names already bound in a namespace (``torch`` after ``import torch``) keep pointing at
    autograd_nb: only later imports change.
    """
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _TorchAlias)]
    for name, module in list(sys.modules.items()):
        if _aliased(name, module):
            del sys.modules[name]
