"""Eras: how PyTorch 0.1, 0.2 and 2.x printed and behaved, as views over one core.

Switching the style renames every node class (``AddBackward0`` <-> ``AddConstantBackward``),
changes how tensors print, and swaps a few Tensor attributes for their era's versions (``grad``,
``backward``, ``creator``, ``volatile``, full reductions of plain tensors). Values, gradients
and the engine never change. In the modern style nothing here is installed, so it costs nothing.

The legacy rules (research/print_spec.md §2, §4, §7):

* ``Variable(t)`` marks a tensor as a Variable; results of ops on Variables are Variables, and so
  is ``x.grad``; ``x.data`` is a plain tensor. A tensor that requires grad is always a Variable.
* There were no 0-d tensors: a 0-d tensor prints (and indexes with ``[0]``) as size 1.
* Full reductions of plain tensors (``t.sum()``, ``t.norm()``...) and ``t[i]`` of a 1-D plain
  tensor give Python numbers.
* ``volatile=True`` makes an inference-only Variable; any op with a volatile input gives a
  volatile result without history; backward on it raises the era's error.
* 0.2 takes ``retain_variables`` with a deprecation warning; 0.1 has it as the real argument,
  ``.creator`` instead of ``.grad_fn``, and a leaf's ``.grad`` starts as zeros.

The style ``1.x`` is torch 1.0-1.4: it printed and named nodes as torch 2.x does, but reading a
non-leaf's ``.grad`` gave None without a warning (added by torch PR 30531, torch 1.5) and a second
backward said "the buffers have already been freed" (reworded by torch PR 38625, torch 1.6).
"""
import numbers
import warnings

import numpy as np

from .._functions import _creation
from .._core._engine import AccumulateGrad, Node
from .._core._errors import INT_REQUIRES_GRAD_FACTORY, VOLATILE_REMOVED
from .._ops import rename_node_classes
from .._ops._table import ERA, OpNode
from ._printing import options, tensor_repr
from ._printing.options import MODERN_STYLES, PRINT_OPTS, canonical_style
from .._core._dims import wrap_dim
from .._core._tensor import VARIABLE, VOLATILE, Size, Tensor

RETAIN_VARIABLES_DEPRECATED = ("retain_variables option is deprecated and will be removed in "
                               "0.3. Use retain_graph instead.")
# Errors whose words changed since an era, by the ``era_key`` the raised error carries
# (_core._errors.era_error), and the era-only checks of Variable.backward.
BUFFERS_FREED = ("Trying to backward through the graph a second time, but the buffers have "
                 "already been freed. Specify retain_graph=True when calling backward the first "
                 "time.")  # torch 0.2 to 1.5
ERA_TEXTS = {
    "1.x": {
        "backward_twice": BUFFERS_FREED,
    },
    "0.2": {
        "backward_twice": BUFFERS_FREED,
        "volatile": "element 0 of variables tuple is volatile",
        "no_grad": "element 0 of variables tuple does not require grad",
    },
    "0.1": {
        "backward_twice": "Trying to backward through the graph second time, but the buffers "
                          "have already been freed. Please specify retain_variables=True when "
                          "calling backward for the first time.",
        "non_scalar_backward": "backward should be called only on a scalar (i.e. 1-element "
                               "tensor) or with gradient w.r.t. the variable",
        "volatile": "calling backward on a volatile variable",
        "no_grad": "element 0 of variables tuple does not require grad",
    },
}

# How a tensor prints is the era's: repr reads the style at print time (_printing).
Tensor.__repr__ = tensor_repr


def current_style():
    """'modern', '0.2' or '0.1'."""
    return PRINT_OPTS.style


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None, *, style=None):
    """torch.set_printoptions, plus ``style='modern' | '0.2' | 'legacy' | '0.1'``.

    >>> autograd_nb.set_printoptions(style="0.2")
    >>> autograd_nb.set_printoptions(style="modern")

    Every argument is checked before anything changes, so a bad call changes nothing.
    """
    options.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode,
                             style=style)
    _install(PRINT_OPTS.style)


def is_variable(tensor):
    """In a legacy style: does ``tensor`` print and behave as a Variable?"""
    return bool(tensor._flags & VARIABLE) or tensor.requires_grad


# -- Variable(...) --------------------------------------------------------------------------
def variable_modern(data, requires_grad=False, volatile=None):
    """torch 2.x's Variable(): a new leaf sharing ``data``; ``volatile`` only warns."""
    if volatile is not None:
        warnings.warn(VOLATILE_REMOVED, UserWarning, stacklevel=4)
    if data is None:
        data = _creation.tensor([])
    if not isinstance(data, Tensor):
        raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
    out = Tensor._make(data._data, version=data._version_counter)
    if requires_grad:
        if data._raw.dtype.kind not in "fcV":
            raise RuntimeError(INT_REQUIRES_GRAD_FACTORY)
        out.requires_grad_(True)
    return out


def variable_new(data, requires_grad, volatile):
    """``Variable(...)`` as the current era builds it."""
    if PRINT_OPTS.style in MODERN_STYLES:
        return variable_modern(data, requires_grad, volatile)
    if data is None:
        data = Tensor._make(np.zeros((0,), np.float32))
    if not isinstance(data, Tensor):
        raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
    for name, value in (("requires_grad", requires_grad), ("volatile", volatile)):
        if value is not None and not isinstance(value, bool):
            raise TypeError(f"{name} must be a bool")
    out = Tensor._make(data._data, version=data._version_counter)
    out._flags = VARIABLE | (VOLATILE if volatile else 0)
    if requires_grad and not volatile:
        out._requires_grad = True  # 0.x accepted integer Variables that require grad
    return out


def _propagate(results, inputs):
    """The call hook of the legacy eras: Variable-ness and volatility flow to results."""
    flags = 0
    for x in inputs:
        if isinstance(x, Tensor):
            flags |= x._flags | (VARIABLE if x.requires_grad else 0)
    flags &= VARIABLE | VOLATILE
    if flags:
        for r in results:
            r._flags |= flags
            if flags & VOLATILE:
                r._grad_fn, r._requires_grad = None, False


# -- the era's Tensor attributes ------------------------------------------------------------
def _legacy_grad_get(self):
    grad = self._grad
    if grad is None and PRINT_OPTS.style == "0.1" and self._grad_fn is None \
            and self._requires_grad:
        grad = self._grad = Tensor._make(np.zeros_like(self._data))
    if grad is not None:
        grad._flags |= VARIABLE
    return grad


def _modern_grad_set(self, value):
    _MODERN["grad"].fset(self, value)


def _legacy_backward(self, gradient=None, retain_graph=None, create_graph=False,
                     retain_variables=None, inputs=None):
    style = PRINT_OPTS.style
    if retain_variables is not None:
        if style == "0.2":
            if retain_graph is not None:
                raise ValueError("only one of retain_graph and retain_variables can be specified")
            warnings.warn(RETAIN_VARIABLES_DEPRECATED, UserWarning, stacklevel=2)
        retain_graph = retain_variables
    texts = ERA_TEXTS[style]
    if self._flags & VOLATILE:
        raise RuntimeError(texts["volatile"])
    if not self.requires_grad:
        raise RuntimeError(texts["no_grad"])
    try:
        _MODERN["backward"](self, gradient, retain_graph, create_graph, inputs)
    except RuntimeError as error:
        text = texts.get(getattr(error, "era_key", None))
        if text is None:
            raise
        raise RuntimeError(text) from None


def _grad_1x(self):
    """torch 1.0-1.4's .grad: None for a non-leaf, without 1.5's warning."""
    return self._grad


def _backward_1x(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    try:
        _MODERN["backward"](self, gradient, retain_graph, create_graph, inputs)
    except RuntimeError as error:
        text = ERA_TEXTS["1.x"].get(getattr(error, "era_key", None))
        if text is None:
            raise
        raise RuntimeError(text) from None


def _creator(self):
    """0.1's name for grad_fn."""
    return self._grad_fn


def _no_grad_fn(self):
    raise AttributeError("grad_fn")


def _volatile_get(self):
    return bool(self._flags & VOLATILE)


def _volatile_set(self, value):
    if not isinstance(value, bool):
        raise RuntimeError("volatile must be a bool")
    if self._grad_fn is not None:
        raise RuntimeError("volatile can only be set on leaf variables")
    self._flags = (self._flags | VOLATILE) if value else (self._flags & ~VOLATILE)


def _number_if_plain(name):
    """Full reductions of plain tensors gave Python numbers in 0.x."""
    modern = getattr(Tensor, name)

    def method(self, *args, **kwargs):
        result = modern(self, *args, **kwargs)
        if isinstance(result, Tensor) and result.ndim == 0 and not is_variable(self):
            return result.item()
        return result
    method.__name__ = name
    return method


def _legacy_getitem(self, key):
    if self._raw.ndim == 0 and isinstance(key, numbers.Integral) and key in (0, -1):
        return self if is_variable(self) else self.item()  # a 0-d tensor is 0.x's size-1
    result = _MODERN["__getitem__"](self, key)
    if result.ndim == 0 and not is_variable(self):
        return result.item()
    return result


def _legacy_next_functions(self):
    hidden = type(self)._scalar_inputs
    if not hidden:
        return self._next
    return tuple(edge for i, edge in enumerate(self._next) if i not in hidden)


def _previous_functions(self):
    """0.1's name for next_functions, with leaves as the Variables themselves."""
    return tuple((fn.variable if isinstance(fn, AccumulateGrad) else fn, nr)
                 for fn, nr in _legacy_next_functions(self) if fn is not None)


def _legacy_release(self):
    """0.x's constant ops (MulConstant, DivConstant...) kept only the Python number, never a
    buffer, so a second backward through them worked: release only nodes that saved tensors."""
    if self._checks:
        _MODERN["_release"](self)


def _legacy_size(self, dim=None):
    """0.x had no 0-d tensors: a full reduction's result was of size 1."""
    if self._raw.ndim == 0:
        return Size((1,)) if dim is None else Size((1,))[wrap_dim(dim, 1)]
    return _MODERN["size"](self, dim) if dim is not None else _MODERN["size"](self)


def _legacy_dim(self):
    return self._raw.ndim or 1


_REDUCTIONS = ("sum", "mean", "max", "min", "norm", "prod", "std", "var")
_TENSOR_NAMES = ("grad", "backward", "grad_fn", "creator", "volatile", "__getitem__", "size",
                 "dim", "ndimension") + _REDUCTIONS
_MODERN = {}  # the modern attributes the eras replace, taken at the first install


def _modern_attrs():
    attrs = {name: Tensor.__dict__.get(name) for name in _TENSOR_NAMES}
    attrs.update(next_functions=Node.__dict__["next_functions"], backward=Tensor.backward,
                 _release=OpNode._release)
    return attrs


def _legacy_tensor_attrs(style):
    attrs = {
        "grad": property(_legacy_grad_get, _modern_grad_set),
        "backward": _legacy_backward,
        "volatile": property(_volatile_get, _volatile_set),
        "__getitem__": _legacy_getitem,
        "size": _legacy_size,
        "dim": _legacy_dim,
        "ndimension": _legacy_dim,
    }
    for name in _REDUCTIONS:
        attrs[name] = _number_if_plain(name)
    if style == "0.1":
        attrs["creator"] = property(_creator)
        attrs["grad_fn"] = property(_no_grad_fn)
    return attrs


def _install(style):
    """Put the era's attributes on Tensor and Node (or the modern ones back)."""
    if not _MODERN:  # the API layer has attached every method by now
        _MODERN.update(_modern_attrs())
    if style == "1.x":
        _install("modern")
        Tensor.grad = property(_grad_1x, _modern_grad_set)
        Tensor.backward = _backward_1x
        return
    ERA.style = style
    rename_node_classes(style)
    for name, value in _MODERN.items():
        if name in ("next_functions", "_release"):
            continue
        if value is None:
            if name in Tensor.__dict__:
                delattr(Tensor, name)
        else:
            setattr(Tensor, name, value)
    Node.next_functions = _MODERN["next_functions"]
    OpNode._release = _MODERN["_release"]
    ERA.release = None
    if hasattr(Node, "previous_functions"):
        del Node.previous_functions
    if style == "modern":
        ERA.hook = None
        return
    for name, value in _legacy_tensor_attrs(style).items():
        setattr(Tensor, name, value)
    Node.next_functions = property(_legacy_next_functions)
    OpNode._release = ERA.release = _legacy_release
    if style == "0.1":
        Node.previous_functions = property(_previous_functions)
    ERA.hook = _propagate


__all__ = ["current_style", "set_printoptions", "canonical_style", "MODERN_STYLES", "variable_new",
           "is_variable"]
