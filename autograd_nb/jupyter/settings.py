"""The kernel-wide settings the extension changes, each with a way to put it back.

Only autograd_nb's public API is used: ``set_printoptions(style=...)``, ``eras.current_style()``,
``get_printoptions()``, ``is_grad_enabled()`` and ``set_grad_enabled()``.
"""
import contextlib

import autograd_nb
from autograd_nb import eras

STYLE_CHOICES = ("modern", "1.x", "0.2", "legacy", "0.1")
ERAS = ("modern", "0.2", "0.1")  # the eras that name and print differently ('legacy' is '0.2';
#                                  '1.x' prints and names as modern)


def set_style(style):
    """Switch the era; ``ValueError`` naming the choices (and no change) for an unknown one.

    ``set_printoptions`` resets ``sci_mode`` when it is not given, as torch does, so the
    current value is passed along: switching eras changes nothing but the era.
    """
    autograd_nb.set_printoptions(style=style, sci_mode=autograd_nb.get_printoptions()["sci_mode"])


@contextlib.contextmanager
def using_style(style):
    """Run a block in ``style``, then put the previous style back, also on error."""
    previous = eras.current_style()
    if eras.canonical_style(style) == previous:
        yield
        return
    set_style(style)
    try:
        yield
    finally:
        set_style(previous)


@contextlib.contextmanager
def using_grad_mode(enabled):
    previous = autograd_nb.is_grad_enabled()
    autograd_nb.set_grad_enabled(enabled)
    try:
        yield
    finally:
        autograd_nb.set_grad_enabled(previous)
