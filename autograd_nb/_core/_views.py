"""Which tensors are views of which, as torch's autograd tracks them.

A view op's result shares its input's memory (``_base`` is the tensor that owns it). When that
memory is changed in place, every live view of it must learn that its history changed (torch
regenerates a view's ``grad_fn`` as ``AsStridedBackward0``); so the base keeps weak references
to its views (``_views``), made at view creation, and read only where an in-place op happens.

A view also remembers how it was made (torch's ``CreationMeta``): under ``no_grad``, under
``inference_mode``, as one of several outputs of one op (``unbind``, ``split``), or returned by
a custom ``Function`` (its backward would be bypassed). Such views
may not take part in recorded in-place changes; ``_view_meta`` holds the reason, 0 for none
(None: a ``detach()`` of a view, which shares memory but is no view autograd follows).
"""
import weakref

from . import _grad_mode

DEFAULT, NO_GRAD, INFERENCE, MULTI_OUTPUT, IN_CUSTOM_FUNCTION = range(5)
_PRUNE_AT = 64  # dead references are dropped whenever the list doubles past this


def track(view, parent, enabled, multi=False):
    """Record ``view``, a view op's result made with grad mode ``enabled``, as a view of
    ``parent``'s base (``parent`` itself when it is no view). ``multi``: one of several outputs
    (unbind, split). Run for every view op: kept short."""
    base = parent._base
    if base is None:
        view._base = base = parent
    else:
        view._base = base
        meta = parent._view_meta  # a view of a view made under no_grad (...) stays restricted
        if meta:
            view._view_meta = meta if enabled or meta == INFERENCE else _made_without_grad(
                view, base)
            enabled = True  # nothing more to decide
    if not enabled:
        _made_without_grad(view, base)
    elif multi:
        view._view_meta = MULTI_OUTPUT
    views = base._views
    if views is None:
        base._views = views = [_PRUNE_AT]  # views[0]: the length at which to prune next
    elif len(views) > views[0]:
        views[1:] = [ref for ref in views[1:] if ref() is not None]
        views[0] = max(_PRUNE_AT, 2 * len(views))
    views.append(weakref.ref(view))


def _made_without_grad(view, base):
    state = _grad_mode.STATE
    view._view_meta = meta = INFERENCE if state.inference else NO_GRAD
    view._flags = base._flags  # a view of a normal tensor is no inference tensor
    if base._grad_fn is not None or base._requires_grad:
        # torch: a view requires grad when its base does; made under no_grad, it is a leaf
        # with no edge to the base (gradients stop there)
        view._requires_grad = True
        view._no_edge = True
    return meta


def is_view(tensor):
    """Whether ``tensor`` is a view autograd follows: not a ``detach()`` result."""
    return tensor._base is not None and tensor._view_meta is not None


def live_views(base):
    """The views of ``base`` that are still alive."""
    views = base._views
    if not views:
        return []
    views[1:] = [ref for ref in views[1:] if ref() is not None]
    return [v for v in (ref() for ref in views[1:]) if v is not None]


def base_requires_grad_set(base, value):
    """``base.requires_grad`` was set: its views without a node require grad as it does (torch
    asks a view's base), with no edge to it."""
    for view in live_views(base):
        if view._grad_fn is None and view._no_edge.__class__ is not str:
            view._requires_grad = value
            view._no_edge = True if value else None


def made_by_function(output, inputs):
    """``output`` of a custom Function's forward, as torch sees it: a view made inside, or an
    input returned as is, is a view its backward owns (no in-place change may rewrite it)."""
    if output._base is not None and output._view_meta is not None:
        output._view_meta = IN_CUSTOM_FUNCTION
        output._no_edge = None
