"""How a kernel of the 0.1/0.2 era showed results: IPython 5's layout and NumPy 1.13's arrays.

The old tutorials were saved from IPython 5 with NumPy <= 1.13, and two things they show come
from there, not from torch:

* IPython 5 wrote a multi-line repr inside a tuple, list or dict with explicit line breaks that
  broke no enclosing group, so the items after it stay on its last line:
  ``(Variable containing:\\n  10\\n [torch.FloatTensor of size 1], Variable containing: ...``.
  IPython >= 7.13 breaks the enclosing group too, one item per line (ipython commit 5741513).
* NumPy <= 1.13 printed a space for the sign of positive floats: ``array([ 2.,  2.])``.

``show_results_as(shell, style)`` installs both for the legacy styles and removes them for
modern: a text/plain printer for the multi-line objects those notebooks show (tensors, modules,
arrays), and NumPy's own ``legacy="1.13"`` print option.

    >>> show_results_as(get_ipython(), "0.2")
"""
import contextlib

import numpy as np

import autograd_nb
from autograd_nb import eras

MULTILINE = (autograd_nb.Tensor, autograd_nb.nn.Module, np.ndarray)
NUMPY_LEGACY = "1.13"
_numpy_before = []  # NumPy's legacy option before we set ours: one entry while installed


def ipython5_repr(obj, p, cycle):
    """IPython 5's text/plain printer for an object shown by its repr (a type printer)."""
    for index, line in enumerate(repr(obj).splitlines()):
        if index:
            _ipython5_break(p)
        p.text(line)


def _ipython5_break(p):
    """IPython 5's explicit line break: what is pending is written as it stands (breakables
    as spaces), then a newline at the current indentation; no enclosing group is broken."""
    p.flush()
    p.output.write(p.newline + " " * p.indentation)
    p.output_width = p.indentation
    p.buffer_width = 0


def is_shown(shell):
    """Are results shown as in the 0.1/0.2 era's kernel?"""
    printers = shell.display_formatter.formatters["text/plain"].type_printers
    return printers.get(MULTILINE[0]) is ipython5_repr


def show_results_as(shell, style):
    """Show results as the kernel of ``style``'s era did: IPython 5's layout and NumPy 1.13's
    arrays for '0.1', '0.2' and 'legacy'; today's for 'modern' and '1.x'."""
    legacy = eras.canonical_style(style) not in eras.MODERN_STYLES
    if legacy == is_shown(shell):
        return
    formatter = shell.display_formatter.formatters["text/plain"]
    for kind in MULTILINE:
        if legacy:
            formatter.for_type(kind, ipython5_repr)
        elif formatter.type_printers.get(kind) is ipython5_repr:
            formatter.pop(kind)
    if legacy:
        _numpy_before.append(np.get_printoptions()["legacy"])
        np.set_printoptions(legacy=NUMPY_LEGACY)
    elif _numpy_before:
        np.set_printoptions(legacy=_numpy_before.pop())


@contextlib.contextmanager
def showing_results_as(shell, style):
    """Show results as ``style``'s era did for a block, then as before, also on error."""
    before = "0.2" if is_shown(shell) else "modern"
    show_results_as(shell, style)
    try:
        yield
    finally:
        show_results_as(shell, before)
