"""One message for every optional dependency of the Jupyter layer that is missing."""
import importlib

INSTALL = "pip install 'autograd_nb[jupyter]'"


def require(module, purpose):
    """Import and return ``module``; when it is missing, ``ModuleNotFoundError`` says what
    needs it and which extra installs it.

    >>> widgets = require("ipywidgets", "the autograd_nb widgets")
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ModuleNotFoundError(
            f"{purpose} needs {module}, which is not installed: {INSTALL}", name=module) from None
