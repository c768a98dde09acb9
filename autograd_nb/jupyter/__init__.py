"""The Jupyter layer: the ``%autograd`` magics, displays, graph drawings and widgets.

``%load_ext autograd_nb`` loads it. Nothing here imports IPython or ipywidgets until it is used,
and it uses only autograd_nb's public API.

    >>> from autograd_nb.jupyter import BackwardStepper, GraphWidget, TensorInspector
"""

_WIDGETS = ("TensorInspector", "GraphWidget", "BackwardStepper")


def load_ipython_extension(ipython):
    """``%load_ext autograd_nb``: register the ``%autograd`` magics."""
    from .magics import load
    load(ipython)


def unload_ipython_extension(ipython):
    """``%unload_ext autograd_nb``: remove the magics, formatters and the torch alias."""
    from .magics import unload
    unload(ipython)


def __getattr__(name):
    if name in _WIDGETS:
        from . import widgets
        return getattr(widgets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["load_ipython_extension", "unload_ipython_extension", *_WIDGETS]
