"""Custom differentiable functions: ``class F(autograd.Function)`` with static ``forward(ctx, ...)``
and ``backward(ctx, *grads)``, used as ``F.apply(...)``.

As in torch, the context ``ctx`` is the graph node itself: an instance of a class made per
Function subclass, named ``<Name>Backward`` in module ``torch.autograd.function``.
"""
import warnings

import numpy as np

from .._core import _grad_mode
from .._core._engine import RELEASED, Node, edge_of
from .._core._errors import backward_twice, version_mismatch
from .._core._tensor import Tensor
from .._core._views import made_by_function, track
from .._ops._table import _reduce_to


class FunctionCtx:
    """What ``forward`` may record for ``backward``."""

    def save_for_backward(self, *tensors):
        for t in tensors:
            if t is not None and not isinstance(t, Tensor):
                raise TypeError("save_for_backward can only save variables, but argument "
                                f"{tensors.index(t)} is of type {type(t).__name__}")
        self._to_save = tensors

    def mark_non_differentiable(self, *tensors):
        self._non_differentiable = {id(t) for t in tensors}

    def mark_dirty(self, *tensors):
        self._dirty = tensors

    def set_materialize_grads(self, value):
        self._materialize = bool(value)


class BackwardCFunction(FunctionCtx, Node):
    """The node of a custom Function call; also its ``ctx``."""

    __module__ = "torch.autograd.function"
    _function = None  # the Function subclass, set on each generated class

    def __init__(self):
        Node.__init__(self)
        self._to_save = ()
        self._saved = ()
        self._non_differentiable = set()
        self._materialize = True
        self._dirty = ()
        self.needs_input_grad = ()
        self.n_outputs = 1
        self._out_meta = ()
        self._input_positions = ()
        self._in_meta = ()

    @property
    def saved_tensors(self):
        if self._saved is RELEASED:
            raise backward_twice()
        out = []
        for entry in self._saved:
            if entry is None:
                out.append(None)
                continue
            tensor, data, counter, version, output_nr = entry
            if tensor is None:  # one of this node's outputs: rebuilt as output ``nr`` of it
                tensor = Tensor._make(data, grad_fn=self, output_nr=output_nr, version=counter)
            if counter[0] != version:
                raise version_mismatch(tensor, counter[0], version, self, 0)
            out.append(tensor)
        return tuple(out)

    saved_variables = saved_tensors

    def _apply(self, grads, create_graph):
        wrapped = []
        for g, (shape, dtype) in zip(grads, self._out_meta):
            if g is None and self._materialize:
                g = np.zeros(shape, dtype)
            wrapped.append(None if g is None else g if isinstance(g, Tensor) else Tensor._make(
                np.asarray(g)))
        prev = _grad_mode.STATE.enabled
        _grad_mode.STATE.enabled = create_graph
        try:
            result = self._function.backward(self, *wrapped)
        finally:
            _grad_mode.STATE.enabled = prev
        if not isinstance(result, tuple):
            result = (result,)
        n_args = len(self.needs_input_grad)
        if len(result) != n_args:
            # torch allows trailing Nones to be left out only when they are all None
            if len(result) > n_args and all(r is None for r in result[n_args:]):
                result = result[:n_args]
            else:
                raise RuntimeError(f"function {type(self).__name__} returned an incorrect number "
                                   f"of gradients (expected {n_args}, got {len(result)})")
        return self._validated(result, create_graph)

    def _validated(self, result, create_graph):
        """The gradients for the tensor inputs, checked as torch's engine checks them: Tensors
        or None, None for every other argument, each summed down to its input's shape where it
        broadcasts to it and cast to its dtype (so no wrong-shaped gradient flows on)."""
        name = type(self).__name__
        for g in result:
            if g is not None and not isinstance(g, Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(g).__name__})")
        for position, g in enumerate(result):
            if g is not None and position not in self._input_positions:
                raise RuntimeError(
                    f"function {name} returned a gradient different than None at position "
                    f"{position + 1}, but the corresponding forward input was not a Variable")
        out = []
        for index, (position, (shape, dtype)) in enumerate(zip(self._input_positions,
                                                               self._in_meta)):
            g = result[position]
            if g is None or self._next[index][0] is None:   # torch skips inputs without grad
                out.append(None)
                continue
            if g.shape != shape and not _broadcasts(shape, g.shape):
                raise RuntimeError(
                    f"Function {name} returned an invalid gradient at index {index} - got "
                    f"{list(g.shape)} but expected shape compatible with {list(shape)}")
            out.append(_reduce_to(g if create_graph else g._data, shape, dtype))
        return out

    def _release(self):
        if self._saved:
            self._saved = RELEASED


class _FunctionMeta(type):
    """Gives each Function subclass its node class, ``<Name>Backward``."""

    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        cls._backward_cls = type(name + "Backward", (BackwardCFunction,),
                                 {"_function": cls, "__module__": "torch.autograd.function"})


class Function(metaclass=_FunctionMeta):
    """Base class of custom autograd operations.

    >>> class Square(autograd_nb.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return 2 * x * grad
    >>> Square.apply(autograd_nb.tensor(3., requires_grad=True))
    tensor(9., grad_fn=<SquareBackward>)
    """

    def __init__(self, *args, **kwargs):
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions "
                      "are all static, so you should invoke them on the class itself. "
                      "Instantiating an autograd function will raise an error in a future "
                      "version of PyTorch.", DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use "
            "new-style autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your "
                                  "custom autograd.Function to use it with backward mode AD.")

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = cls._backward_cls()
        positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        records = _grad_mode.STATE.enabled and any(ctx.needs_input_grad)
        prev = _grad_mode.STATE.enabled
        _grad_mode.STATE.enabled = False
        try:
            outputs = cls.forward(ctx, *args, **kwargs)
        finally:
            _grad_mode.STATE.enabled = prev
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        if not records:
            return outputs
        inputs = {id(args[i]) for i in positions}
        results = []
        for nr, out in enumerate(outs):
            if not isinstance(out, Tensor):
                results.append(out)
                continue
            if id(out) in inputs:  # forward returned an input as is: a new tensor in the graph
                given = out
                out = Tensor._make(out._data, version=out._version_counter)
                track(out, given, True)  # torch: a view of that input
            made_by_function(out, inputs)
            if id(out) not in ctx._non_differentiable:
                out._grad_fn, out._output_nr, out._requires_grad = ctx, nr, False
            results.append(out)
        ctx._next = tuple(edge_of(args[i]) for i in positions)
        ctx._input_positions = tuple(positions)
        ctx._in_meta = tuple((np.shape(args[i]._data), args[i]._raw.dtype) for i in positions)
        ctx.n_outputs = len(outs)
        ctx._out_meta = tuple((np.shape(o._data), o._raw.dtype) if isinstance(o, Tensor)
                              else ((), np.float32) for o in outs)
        output_nrs = {id(o): nr for nr, o in enumerate(results) if isinstance(o, Tensor)}
        # A saved output is kept as its data and rebuilt on use: holding the tensor itself would
        # make a cycle (output -> ctx -> output) that only the cycle collector could free.
        ctx._saved = tuple(None if t is None else _saved_entry(t, output_nrs.get(id(t)))
                           for t in ctx._to_save)
        ctx._to_save = ()
        return results[0] if single else tuple(results)


def _broadcasts(shape, to):
    """Whether ``shape`` broadcasts to ``to`` (then a gradient of shape ``to`` sums down)."""
    return len(shape) <= len(to) and all(a in (1, b) for a, b in zip(reversed(shape),
                                                                     reversed(to)))


def _saved_entry(tensor, output_nr):
    """(tensor or None, data, version counter, version, output_nr) of a saved tensor."""
    keep = tensor if output_nr is None else None
    return (keep, tensor._data, tensor._version_counter, tensor._version_counter[0], output_nr)


class InplaceFunction(Function):
    pass


def once_differentiable(fn):
    return fn
