"""Eras: how PyTorch 0.1, 0.2 and 2.x printed and named things, as views over one core.

Switching the style renames every node class (``AddBackward0`` <-> ``AddConstantBackward``) and
changes how tensors print; values, gradients and the engine never change.
"""
from ._ops import rename_node_classes
from ._printing import options
from ._printing.options import PRINT_OPTS, canonical_style


def current_style():
    """'modern', '0.2' or '0.1'."""
    return PRINT_OPTS.style


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None, *, style=None):
    """torch.set_printoptions, plus ``style='modern' | '0.2' | 'legacy' | '0.1'``.

    >>> autograd_nb.set_printoptions(style="0.2")
    >>> autograd_nb.set_printoptions(style="modern")
    """
    options.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode,
                             style=style)
    rename_node_classes(PRINT_OPTS.style)


def variable_new(data, requires_grad, volatile):
    """``Variable(...)`` as the current era builds it."""
    from .autograd import variable_modern
    return variable_modern(data, requires_grad, volatile)


__all__ = ["current_style", "set_printoptions", "canonical_style", "variable_new"]
