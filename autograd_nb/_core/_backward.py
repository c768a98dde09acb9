"""``Tensor.backward``, ``autograd.backward`` and ``autograd.grad``: argument checks and torch's
defaults, then the engine."""
import operator
import warnings

import numpy as np

from ._engine import _TRACE, OBSERVED, _run_fast, run_backward
from ._errors import CREATE_GRAPH_CYCLE, complex_implicit_backward, non_scalar_backward
from ._tensor import Tensor


def _as_tuple(value):
    if value is None:
        return None
    if isinstance(value, Tensor):
        return (value,)
    return tuple(value)


def _grads_for(outputs, grad_outputs):
    """The seed gradients: given ones (Tensors or None), or ones for one-element outputs. As
    torch, gradients beyond the number of outputs are ignored; too few is an error."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    seeds = []
    for out, grad in zip(outputs, grad_outputs):
        if grad is None:
            if out.requires_grad and out._raw.size != 1:
                raise non_scalar_backward()
            if out.requires_grad and out._raw.dtype.kind == "c":
                raise complex_implicit_backward(out.dtype)
            shape = out._raw.shape
            grad = Tensor._make(np.ones(shape, out._raw.dtype) if shape else
                                np.array(1, out._raw.dtype))  # np.ones is slower for 0-d
        elif not isinstance(grad, Tensor):
            raise TypeError(f"gradients can be either Tensors or None, but got "
                            f"{type(grad).__name__}")
        seeds.append(grad)
    if len(seeds) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grad_outputs)} gradients")
    return seeds


def _outputs(value):
    """The outputs to differentiate: a tensor or a sequence of them (None is not one)."""
    return (value,) if isinstance(value, Tensor) else tuple(value)


def _check_inputs(inputs, function):
    if not inputs:
        raise RuntimeError(f"`inputs` argument to `{function}()` cannot be empty.")
    for t in inputs:
        if not isinstance(t, Tensor):
            raise RuntimeError(  # noqa: TRY004 - torch's type
                "all inputs have to be Tensors or GradientEdges, but got " + type(t).__name__)


def _flags(retain_graph, create_graph):
    """(retain_graph, create_graph) as bools, read as torch's engine reads them: as integers
    (``operator.index``, so ``retain_graph='a'`` or ``1.0`` is a TypeError); retain_graph None
    follows create_graph."""
    create_graph = bool(operator.index(create_graph))
    return (create_graph if retain_graph is None else bool(operator.index(retain_graph)),
            create_graph)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of the graph's leaves."""
    if grad_tensors is None and inputs is None and create_graph is False and \
            (retain_graph is None or type(retain_graph) is bool) and \
            type(tensors) is Tensor and tensors._grad_fn is not None:
        # ``loss.backward()``, the common call: _grads_for's seed, without the general steps
        data = tensors._raw  # (size, shape, dtype: an array's or a 0-d tensor's scalar's)
        if data.size != 1 or data.dtype.kind != "f":  # torch's errors: _grads_for
            return backward(tensors, (None,), retain_graph, create_graph, inputs)
        seed = np.ones(data.shape, data.dtype) if data.shape else np.array(1, data.dtype)
        if not OBSERVED.leaves and _TRACE.recorder is None and not OBSERVED.depth:
            # run_backward's checks hold for this seed: straight to the common pass
            _run_fast(((tensors._grad_fn, tensors._output_nr, seed),), bool(retain_graph),
                      False)
        else:
            run_backward((tensors,), (Tensor._make(seed),), retain_graph, False)
        return
    outputs = _outputs(tensors)
    grads = _grads_for(outputs, _as_tuple(grad_tensors))
    inputs = _as_tuple(inputs)
    if inputs is not None:
        _check_inputs(inputs, "backward")
        for t in inputs:  # as torch: non-leaf inputs get their .grad (refused if no grad)
            t.retain_grad()
    retain_graph, create_graph = _flags(retain_graph, create_graph)
    if create_graph:
        _warn_reference_cycle()
    run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs)


_WARNED = set()


def _warn_reference_cycle():
    """torch warns once per process (TORCH_WARN_ONCE)."""
    if "create_graph" not in _WARNED:
        _WARNED.add("create_graph")
        warnings.warn(CREATE_GRAPH_CYCLE, UserWarning, stacklevel=4)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` w.r.t. ``inputs``, returned (not accumulated into .grad).

    >>> x = autograd_nb.tensor(3., requires_grad=True)
    >>> autograd_nb.autograd.grad(x ** 2, x)
    (tensor(6.),)
    """
    outputs = _outputs(outputs)
    inputs_t = _as_tuple(inputs)
    _check_inputs(inputs_t, "grad")
    if materialize_grads and allow_unused is not None and not allow_unused:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads="
                         f"True, but got: allow_unused={allow_unused}.")
    if allow_unused is None:
        allow_unused = materialize_grads
    grads = _grads_for(outputs, _as_tuple(grad_outputs))
    retain_graph, create_graph = _flags(retain_graph, create_graph)
    results = run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs_t,
                           accumulate=False)
    out = []
    for i, (t, g) in enumerate(zip(inputs_t, results)):
        if g is None:
            if materialize_grads:
                out.append(Tensor._make(np.zeros_like(t._data)))
                continue
            if not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been used in the "
                    "graph. Set allow_unused=True if this is the desired behavior.")
            out.append(None)
        elif isinstance(g, Tensor):
            out.append(g)
        else:
            out.append(Tensor._make(np.asarray(g)))
    return tuple(out)
