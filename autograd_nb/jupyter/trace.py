"""A recording of one real backward pass, step by step, for the backward stepper.

``trace_backward(out)`` runs ``out.backward()`` with the engine's recorder switched on
(``autograd.graph.record_backward``): before each node runs, the engine reports the node and the
gradients arriving at its outputs. Nothing is re-derived: the steps, their order and the values
are the engine's own, and the leaves' ``.grad`` end up filled exactly as by ``out.backward()``.

    >>> trace = trace_backward(out, names={"x": x})
    >>> [step.node_type.__name__ for step in trace.steps]
    ['MeanBackward0', 'MulBackward0', 'MulBackward0', 'AddBackward0', 'AccumulateGrad']
"""
from __future__ import annotations

import dataclasses

import numpy as np

import autograd_nb
from autograd_nb.autograd.graph import Node, record_backward, walk

from . import graph as drawing
from .settings import using_style

MAX_STEPS = 1000  # a stepper is for reading; larger passes are refused before they run


@dataclasses.dataclass(frozen=True)
class Step:
    """One node of the backward pass, as the engine ran it.

    ``node_type.__name__`` follows the current era, so a trace recorded in one style reads in
    any other.
    """

    node_type: type
    grads: tuple  # the gradient arriving at each output of the node (array, or None)
    passes_to: tuple  # the node types it sends gradient to (its next_functions)
    leaf: int | None  # index into BackwardTrace.leaves when the node is a leaf's AccumulateGrad
    leaf_grads: tuple  # every leaf's .grad once this step has run (array, or None)
    node_id: int | None = None  # the node's id in BackwardTrace.graph
    sent: tuple = ()  # what the node sent along each of its edges in the graph (array or None)


@dataclasses.dataclass(frozen=True)
class BackwardTrace:
    leaves: tuple  # a label per leaf, e.g. 'x' or 'leaf 0'
    leaf_shapes: tuple
    initial_grads: tuple  # every leaf's .grad before the pass
    steps: tuple
    graph: drawing.Graph | None = None  # the graph the pass ran through, rooted at the output


def _copy(value):
    """A snapshot of a gradient: arrays stay arrays; Tensors (under create_graph) become arrays."""
    if value is None:
        return None
    if isinstance(value, autograd_nb.Tensor):
        value = value.detach().numpy()
    return np.array(value, copy=True)


def _leaves(output):
    """The leaf tensors whose ``.grad`` the pass fills, in graph order (a style-free walk);
    ValueError, before anything runs, for a graph too large to step through."""
    with using_style("modern"):
        nodes = walk(output)
    if len(nodes) > MAX_STEPS:
        raise ValueError(f"this backward pass has {len(nodes):,} nodes; the stepper shows at "
                         f"most {MAX_STEPS:,}: step through a smaller expression")
    return [node.variable for node in nodes if hasattr(node, "variable")]


def _labels(leaves, names):
    by_id = {}
    for name, tensor in (names or {}).items():
        by_id.setdefault(id(tensor), name)
    return tuple(by_id.get(id(leaf), f"leaf {i}") for i, leaf in enumerate(leaves))


def trace_backward(output, gradient=None, retain_graph=None, create_graph=False, names=None):
    """Run ``output.backward(gradient, retain_graph, create_graph)`` and record every step.

    ``names`` ({name: tensor}) labels the leaves. The backward runs in the current era, with
    its rules (e.g. 0.2's error for a volatile output).
    """
    if not isinstance(output, autograd_nb.Tensor):
        raise TypeError(f"trace_backward needs a tensor, got {type(output).__name__}")
    leaves = _leaves(output)
    position = {id(leaf): i for i, leaf in enumerate(leaves)}
    initial = tuple(_copy(leaf.grad) for leaf in leaves)
    label = _labels(leaves, names)
    graph = drawing.build_graph(output, {name: leaf for name, leaf in zip(label, leaves)})
    objects = drawing.walk_graph(output)[0]
    node_ids = {id(obj): i for i, obj in enumerate(objects)}
    raw = []  # (node type, grads, passes_to, leaf index, node id) per step, in the engine's order
    states = []  # the leaves' .grad after each step
    sent = {}  # step number -> what the node sent to its next_functions
    current = list(initial)

    def close_previous_step():
        if raw:
            leaf = raw[-1][3]
            if leaf is not None:  # only a leaf's AccumulateGrad writes a .grad
                current[leaf] = _copy(leaves[leaf].grad)
            states.append(tuple(current))

    def record(node, grads):
        close_previous_step()
        variable = getattr(node, "variable", None)
        raw.append((type(node), tuple(_copy(g) for g in grads),
                    tuple(type(fn) for fn, _ in node.next_functions if fn is not None),
                    None if variable is None else position.get(id(variable)),
                    node_ids.get(id(node))))

    def after(node):
        def hook(grad_inputs, grad_outputs):
            # only the edges the graph draws: next_functions that are not None
            sent[len(raw) - 1] = tuple(_copy(g) for (fn, _), g in
                                       zip(node.next_functions, grad_inputs) if fn is not None)
        return hook

    handles = [obj.register_hook(after(obj)) for obj in objects if isinstance(obj, Node)]
    try:
        with record_backward(record):
            output.backward(gradient, retain_graph=retain_graph, create_graph=create_graph)
    finally:
        for handle in handles:
            handle.remove()
    close_previous_step()
    steps = tuple(Step(*entry[:4], state, entry[4], sent.get(i, ()))
                  for i, (entry, state) in enumerate(zip(raw, states)))
    return BackwardTrace(label, tuple(tuple(leaf.shape) for leaf in leaves), initial, steps, graph)
