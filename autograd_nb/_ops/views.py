"""In-place changes to views, recorded as torch records them.

Changing a view in place changes its base. torch rewrites the base's history: the base's new
node is ``CopySlices``, which runs the in-place op's node on the view's part of the base's
gradient and passes the rest through. Every view of that memory then gets a new ``grad_fn``,
``AsStridedBackward0``, that takes its part of the base's gradient; torch makes it when the view
is next used, autograd_nb right after the change (``refresh``), so that using a view costs
nothing more.

A view's place in its base is kept as the flat (C-order) index in the base of each of its
elements (``flat_index``): the AsStrided and CopySlices nodes work on that, whatever view ops
made the view.
"""
import re

import numpy as np

from .._core._engine import Node, edge_of
from .._core._tensor import Tensor
from .._core._views import (DEFAULT, IN_CUSTOM_FUNCTION, INFERENCE, MULTI_OUTPUT, NO_GRAD,
                            live_views)
from ._math import reshape, scatter_into
from ._table import NODE_CLASSES, _make_node, call, defop
from .shape import INDEX, INDEX_PUT


def _as_strided_backward(grad, self_shape, geometry):
    size = int(np.prod(self_shape, dtype=np.int64))
    return reshape(scatter_into(grad, (size,), (geometry,)), self_shape)


# Only ever made by ``refresh``: the node of a view whose base changed in place.
AS_STRIDED = defop("as_strided", lambda a, geometry: a.reshape(-1)[geometry],
                   "AsStridedBackward0", params=("geometry",), self=_as_strided_backward)


class CopySlices(Node):
    """The base's node after one of its views changed in place: the gradient of the base
    passes through, except on the view's elements, where the in-place op's node (``fn``) turns
    it into gradients of the view's old value (written back there) and of the op's other
    inputs (``next_functions[1:]``)."""

    __slots__ = ("fn", "_index", "_shape")
    __module__ = "builtins"
    _era_names = {"modern": ("builtins", "CopySlices")}

    def __init__(self, base_edge, index, shape, fn):
        Node.__init__(self)
        self._next = (base_edge,) + tuple(fn._next[1:])
        self._index, self._shape, self.fn = index, shape, fn

    def name(self):
        return "torch::autograd::CopySlices"

    def _apply(self, grads, create_graph):
        grad, key = grads[0], (self._index,)
        if isinstance(grad, Tensor):  # create_graph: the same steps as differentiable ops
            flat = grad.reshape(-1)
            own = self.fn._apply([call(INDEX, (flat,), (key,))], True)
            first = own[0] if own[0] is not None else 0.0
            result = call(INDEX_PUT, (flat, first), (key,), scalar=not isinstance(first, Tensor))
            return [result.reshape(self._shape)] + list(own[1:])
        result = np.array(np.broadcast_to(grad, self._shape), copy=True)
        flat = result.reshape(-1)
        own = self.fn._apply([flat[self._index]], False)
        flat[self._index] = own[0] if own[0] is not None else 0
        return [result] + list(own[1:])

    def _release(self):
        self.fn._release()


NODE_CLASSES.append(CopySlices)


def flat_index(base, view):
    """For each element of ``view`` (a tensor sharing ``base``'s memory), its position in
    ``base`` counted in C order: where the view sits in its base, however it was made."""
    b, v = base._data, view._data
    origin = b.__array_interface__["data"][0]
    own = _offsets(v, origin)
    if b.flags.c_contiguous:
        if own.size and (own.min() < 0 or own.max() >= b.size):
            raise RuntimeError("autograd_nb: a view outside its base's memory")  # a bug of ours
        return own
    places = _offsets(b, origin).reshape(-1)
    order = np.argsort(places, kind="stable")
    return order[np.searchsorted(places[order], own)]


def _offsets(a, origin):
    """The distance in elements from ``origin`` (an address) to each element of ``a``."""
    size = a.itemsize
    out = np.full((1,) * a.ndim, (a.__array_interface__["data"][0] - origin) // size, np.intp)
    for axis, (n, stride) in enumerate(zip(a.shape, a.strides)):
        steps = np.arange(n, dtype=np.intp) * (stride // size)
        out = out + steps.reshape((1,) * axis + (n,) + (1,) * (a.ndim - axis - 1))
    return np.broadcast_to(out, a.shape)


def rebase(view, node):
    """After ``view`` changed in place with ``node`` recorded for it: the base's history goes
    through CopySlices, and every view of the base takes its part from there."""
    base = view._base
    old, old_nr = base._grad_fn, base._output_nr
    base._grad_fn = CopySlices(edge_of(base), flat_index(base, view), base._raw.shape, node)
    base._output_nr = 0
    base._requires_grad = False
    move_retained_grad(base, old, old_nr)
    refresh(base)


def move_retained_grad(tensor, old, old_nr):
    """As torch: the gradient ``retain_grad`` keeps is the one of the tensor as it is now, so
    its hook moves from the tensor's old node (``old``, output ``old_nr``) to its new one."""
    if not tensor._retains_grad or old is None or old._hooks is None:
        return
    hooks = old._hooks.tensor
    for entry in hooks:
        if entry[0] == old_nr and getattr(entry[1], "retains_grad", False):
            hooks.remove(entry)
            tensor._grad_fn._hook_lists().tensor.append((tensor._output_nr, entry[1]))
            return


def refresh(base):
    """The memory of ``base`` changed in place: each of its live views that takes part in a
    graph gets a new node taking its part of the base's gradient (torch's AsStridedBackward0),
    or, made under no_grad / inference_mode / by a multi-output op, may no longer be used in
    one (torch's error, raised when the view is next used)."""
    base_requires_grad = base._grad_fn is not None or base._requires_grad
    for view in live_views(base):
        if view._grad_fn is None and not base_requires_grad:
            continue
        if view._view_meta != DEFAULT:
            view._no_edge = view_error(view, direct=False)
            view._grad_fn = None
            view._requires_grad = True
            continue
        old, old_nr = view._grad_fn, view._output_nr
        view._grad_fn = _make_node(AS_STRIDED, (base,), (flat_index(base, view),),
                                   (base._data,), (base._data,), None, (True,),
                                   base._version_counter, False)
        view._output_nr = 0
        move_retained_grad(view, old, old_nr)


_WHY = {
    NO_GRAD: (" Given that this use case is ambiguous and error-prone, it is forbidden. You can "
              "clarify your code by moving both the view and the inplace either both inside the "
              "no_grad block (if you don't want the inplace to be tracked) or both outside (if "
              "you want the inplace to be tracked)."),
    INFERENCE: (" Given that this use case is ambiguous and error-prone, it is forbidden. You can "
                "clarify your code by moving both the view and the inplace either both inside "
                "the inference_mode block (if you don't want the inplace to be tracked) or both "
                "outside (if you want the inplace to be tracked)."),
    MULTI_OUTPUT: (" This view is the output of a function that returns multiple views. Such "
                   "functions do not allow the output views to be modified inplace. You should "
                   "replace the inplace operation by an out-of-place one."),
    IN_CUSTOM_FUNCTION: (
        " This view was created inside a custom Function (or because an input was returned "
        "as-is) and the autograd logic to handle view+inplace would override the custom "
        "backward associated with the custom Function, leading to incorrect gradients. This "
        "behavior is forbidden. You can fix this by cloning the output of the custom Function."),
}


def view_error(view, direct):
    """torch's words refusing an in-place change recorded on ``view`` (``direct``) or on its
    base or another of its views, when ``view`` was made under no_grad, inference_mode or by
    a multi-output op (or is a view of such a view)."""
    meta, fn = view._view_meta, view._grad_fn
    if direct:
        what = "is being modified inplace"
    else:
        what = "its base or another view of its base has been modified inplace"
    name = fn is not None and re.sub(r"Backward\d*$", "", fn.name())
    if meta in (NO_GRAD, INFERENCE) or fn is None:
        where = (f"Output {view._output_nr} of {name} is a view of a view which was created in"
                 if fn is not None else "A view was created in")
        text = (f"{where} inference mode and {what} in normal mode." if meta == INFERENCE
                else f"{where} no_grad mode and {what} with grad mode enabled.")
    else:
        text = f"Output {view._output_nr} of {name} is a view and {what}."
    return text + _WHY[meta]
