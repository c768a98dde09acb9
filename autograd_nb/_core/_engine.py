"""The autograd engine: graph nodes and the backward pass.

A node is created by every differentiable op that runs with grad mode on and an input that
requires grad. It holds ``next_functions`` (the nodes of its inputs), what its backward formula
needs (saved values, checked against version counters), and is run by ``run_backward``: an
iterative walk that executes each node once, after every node that feeds it gradient, newest
first as torch's ready queue. Read ``_run_reference`` first: seed, run, deliver, release, in
one loop that handles every case. ``_run_fast`` is the same pass for the common case (no
``inputs``, nothing observing when a leaf's ``.grad`` is written; ``_Observed`` decides), with
the bookkeeping a reader does not need left out; tests/test_engine_order.py checks they agree.

Gradients flow as NumPy arrays, or as Tensors when ``create_graph`` asks for a differentiable
backward pass; the formulas in the op tables work on both.
"""
import contextlib
import heapq
import itertools
import sys
import weakref

import numpy as np

from . import _grad_mode
from ._dtype import FLOAT_SCALARS
from ._errors import complex_dtype_mismatch, not_requires_grad, shape_mismatch

# torch computes IEEE results (log(0) = -inf, 1/0 = inf) silently; NumPy warns. NumPy >= 2 keeps
# its floating-point error state in a context variable, which is cheap to set around each op
# (np.errstate costs more than a small op itself); older NumPy gets an equivalent stand-in.
try:
    from numpy._core._ufunc_config import _extobj_contextvar as FP_STATE
    from numpy._core.umath import _make_extobj
    FP_QUIET = _make_extobj(all="ignore")
except ImportError:  # NumPy 1.x
    class _ErrstateVar:
        def set(self, _):
            state = np.errstate(all="ignore")
            state.__enter__()
            return state

        def reset(self, state):
            state.__exit__(None, None, None)

    FP_STATE, FP_QUIET = _ErrstateVar(), None

_sequence = itertools.count()
RELEASED = object()  # stands in for the saved values once backward has freed them


class RemovableHandle:
    """Returned by ``register_hook``; ``remove()`` takes the hook away again."""

    __slots__ = ("_hooks", "_hook")

    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self):
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class Node:
    """A step of the backward graph. Classes are made per op, named as torch names them.

    Node classes define no ``__repr__`` on purpose: Python's default (``<AddBackward0 object at
    0x…>``) and IPython's (``<AddBackward0 at 0x…>``) are exactly torch's.
    """

    # _buf: the gradients arriving at this node during the ordered backward pass (a list per
    # output), None outside it.
    __slots__ = ("_next", "_seq", "_buf", "__dict__", "__weakref__")
    _scalar_inputs = ()  # input positions that held a Python number (legacy eras hide them)
    _hooks = None        # a _NodeHooks once a hook is registered: most nodes never get one
    _frees = True        # whether _release may free something (False spares the engine a call)
    _apply_free = None   # _apply then _release in one call, where a node class has it

    def __init__(self):
        self._next = ()
        self._seq = next(_sequence)
        self._buf = None

    @property
    def _pre_hooks(self):
        return self._hooks.pre if self._hooks is not None else None

    @property
    def _post_hooks(self):
        return self._hooks.post if self._hooks is not None else None

    @property
    def _tensor_hooks(self):
        return self._hooks.tensor if self._hooks is not None else None

    def _hook_lists(self):
        if self._hooks is None:
            if isinstance(self, AccumulateGrad):
                OBSERVED.leaves.add(self)
            self._hooks = _NodeHooks()
        return self._hooks

    # -- torch's public Node API -------------------------------------------------------------
    @property
    def next_functions(self):
        return self._next

    def name(self):
        return type(self).__name__

    def _sequence_nr(self):
        return self._seq

    def register_hook(self, hook):
        """``hook(grad_inputs, grad_outputs)`` runs after this node; may return new grad_inputs."""
        hooks = self._hook_lists().post
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def register_prehook(self, hook):
        """``hook(grad_outputs)`` runs before this node; may return new grad_outputs."""
        hooks = self._hook_lists().pre
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def __call__(self, *grads):
        return self._apply(list(grads), _grad_mode.STATE.enabled)

    # -- what the engine calls ---------------------------------------------------------------
    n_outputs = 1

    def _apply(self, grads, create_graph):
        """Gradients for ``next_functions`` from the gradients of this node's outputs."""
        raise NotImplementedError

    def _release(self):
        """Free saved values after a backward pass without ``retain_graph``."""


class _NodeHooks:
    """A node's hooks: ``pre(grad_outputs)``, ``post(grad_inputs, grad_outputs)``, and the
    tensor hooks of its outputs as ``(output_nr, hook)`` (register_hook, retain_grad)."""

    __slots__ = ("pre", "post", "tensor")

    def __init__(self):
        self.pre, self.post, self.tensor = [], [], []


class AccumulateGrad(Node):
    """The sink of a leaf tensor: adds the arriving gradient into ``variable.grad``."""

    __slots__ = ("variable",)
    __module__ = "builtins"

    # Made only by grad_accumulator, which sets every slot: the type's own (C) constructor,
    # without Node.__init__'s Python call (a leaf's accumulator is made again every step).
    __init__ = object.__init__

    def name(self):
        return "torch::autograd::AccumulateGrad"

    def _apply(self, grads, create_graph):
        accumulate_into_grad(self.variable, grads[0], create_graph)
        return ()


def grad_accumulator(tensor):
    """The leaf's AccumulateGrad node: one per leaf while any graph holds it (as torch)."""
    ref = tensor._acc
    acc = ref() if ref is not None else None
    if acc is None:
        no_edge = tensor._no_edge
        if no_edge is not None:  # a view made under no_grad: requires grad, has no edge
            if no_edge is not True:
                raise RuntimeError(no_edge)  # a view whose history may no longer be used
            return None
        acc = AccumulateGrad()
        acc._next = ()
        acc._seq = next(_sequence)
        acc._buf = None
        acc.variable = tensor
        tensor._acc = _weak(acc)
    return acc


_new_object = object.__new__
_weak = weakref.ref


def edge_of(tensor):
    """The (node, output_nr) a gradient for ``tensor`` flows into, or (None, 0)."""
    fn = tensor._grad_fn
    if fn is not None:
        return (fn, tensor._output_nr)
    if tensor._requires_grad:
        return (grad_accumulator(tensor), 0)
    return (None, 0)


# -- gradient values: arrays on the fast path, Tensors under create_graph ----------------------
Tensor = None  # bound by _tensor at import (it imports this module first)


def _as_tensor(value):
    if isinstance(value, Tensor):
        return value
    return Tensor._make(np.asarray(value))


def _as_array(value):
    return value._data if isinstance(value, Tensor) else value


def accumulate_into_grad(tensor, grad, create_graph):
    """Add ``grad`` into ``tensor.grad`` as torch does: in place when no graph of the backward is
    being built, else out of place; the first gradient is stored as a fresh tensor."""
    if tensor._tensor_hooks_list:
        grad = _run_tensor_hooks(tensor._tensor_hooks_list, grad)
    old = tensor._grad
    if old is None:
        if isinstance(grad, Tensor):
            new = grad if create_graph else Tensor._make(np.array(grad._data, copy=True))
        elif _STEAL and _owned_by_engine(grad, tensor._raw.dtype):
            new = Tensor._make(grad)  # as torch: a gradient nobody else holds becomes .grad
        else:
            new = Tensor._make(np.array(grad, dtype=tensor._raw.dtype, copy=True))
        tensor._grad = new
    elif create_graph or old.requires_grad:
        tensor._grad = old + _as_tensor(grad)
    else:
        old._data += _as_array(grad)
        old._version_counter[0] += 1


# References to a gradient array held only by the engine on its way into ``.grad``: the
# accumulator's argument list, the argument, and getrefcount's own. Only CPython before 3.14
# counts every holder (3.14 may borrow references on its stack): elsewhere every first gradient
# is copied.
_ENGINE_REFS = 3
_STEAL = sys.implementation.name == "cpython" and sys.version_info < (3, 14)


def _owned_by_engine(grad, dtype):
    """Whether ``grad`` is a fresh array of the leaf's dtype that no one but the engine holds,
    so ``.grad`` can take it instead of a copy (a 784x256 weight's gradient: ~35 us)."""
    return (type(grad) is np.ndarray and grad.base is None and grad.dtype == dtype
            and grad.flags.writeable and grad.flags.c_contiguous
            and sys.getrefcount(grad) <= _ENGINE_REFS + 1)  # + 1: this function's parameter


def _run_tensor_hooks(hooks, grad):
    """Tensor hooks see and may replace the gradient; they always get a Tensor."""
    was_array = not isinstance(grad, Tensor)
    value = _as_tensor(grad)
    for hook in list(hooks):
        result = hook(value)
        if result is not None:
            if not isinstance(result, Tensor):
                raise TypeError(f"hook returned an object of type {type(result).__name__}, "
                                "expected a Tensor or None")
            value = result
    return value._data if was_array else value


# -- the backward pass -------------------------------------------------------------------------
def run_backward(outputs, grad_outputs, retain_graph, create_graph, inputs=None,
                 accumulate=True):
    """Run the backward pass from ``outputs``; accumulate into leaves' ``.grad`` (``backward``)
    or return the gradients of ``inputs`` (``autograd.grad``, ``accumulate=False``)."""
    if retain_graph is None:
        retain_graph = create_graph
    roots = []
    for i, (out, grad) in enumerate(zip(outputs, grad_outputs)):
        node, nr = edge_of(out)
        if node is None:
            raise not_requires_grad(i)
        g, o = grad._raw, out._raw  # (shape and dtype: an array's or a 0-d tensor's scalar's)
        if g.shape != o.shape:
            raise shape_mismatch(i, grad.shape, out.shape)
        if g.dtype != o.dtype and (g.dtype.kind == "c") != (o.dtype.kind == "c"):
            raise complex_dtype_mismatch(i, grad.dtype, out.dtype)
        roots.append((node, nr, grad if create_graph else grad._data))

    if inputs is None and not OBSERVED.leaves and _TRACE.recorder is None and not OBSERVED.depth:
        _run_fast(roots, retain_graph, create_graph)
        return None
    OBSERVED.depth += 1
    try:
        return _run_reference(roots, retain_graph, create_graph, inputs, accumulate)
    finally:
        OBSERVED.depth -= 1


class _Observed:
    """What decides between the two ways of running a backward pass.

    ``leaves``: the live leaves and AccumulateGrad nodes that have had a hook registered (weakly
    held: they leave the set when they die): while any exists, the moment each leaf's ``.grad``
    is written is observable. ``depth``: backward passes running now (a hook or a custom
    Function's backward may start another one)."""
    depth = 0

    def __init__(self):
        self.leaves = _WeakIdentitySet()


class _WeakIdentitySet(dict):
    """Objects held weakly and compared by identity (a WeakSet would compare Tensors with
    ``==``, which is elementwise): id -> weak reference that removes its entry at death."""

    def add(self, obj):
        key = id(obj)
        if key not in self:
            self[key] = weakref.ref(obj, lambda _, key=key: self.pop(key, None))


OBSERVED = _Observed()


def _run_reference(roots, retain_graph, create_graph, inputs, accumulate):
    """The backward pass, written to be read; exact in every case (hooks on leaves, the
    stepper, ``autograd.grad`` and ``backward(inputs=)``, a backward inside a backward).

    1. Seed: count, for every node, the edges that will bring it gradient (only the edges on a
       path to ``inputs`` when they are given), and put the output gradients in the roots'
       buffers.
    2. Run the newest node whose gradients have all arrived (torch's ready queue): its
       buffered output gradients in, its inputs' gradients out.
    3. Deliver each input gradient to the node it flows to, adding it to what that node has
       received (a tensor used twice gets the sum); a node whose last gradient has arrived is
       ready. Leaves' AccumulateGrad nodes run like any other node and add into ``.grad``.
    4. Release what the node saved, unless ``retain_graph``.
    """
    captures = _captures(inputs)
    results = [None] * len(inputs) if inputs is not None else None
    deps, needed = _dependencies([node for node, _, _ in roots], captures)  # 1. seed
    buffers = {}  # node -> the gradients that have arrived, one slot per output
    for node, nr, grad in roots:
        _accumulate(buffers, node, nr, grad)
    ready = [(-node._seq, node) for node in buffers if deps.get(node, 0) == 0]
    heapq.heapify(ready)  # newest first
    trace = _TRACE.recorder
    with _backward_mode(create_graph):
        while ready:
            node = heapq.heappop(ready)[1]  # 2. run
            grads = buffers.pop(node)
            if node._hooks is not None:
                grads = _prepare_outputs(node, grads)
            if captures is not None:
                _capture(node, grads, captures, results)
                if not _should_run(node, needed, accumulate, captures):
                    continue
            if trace is not None:
                trace(node, grads)
            input_grads = _apply_node(node, grads, create_graph)
            if not retain_graph:  # 4. release
                node._release()
            for i, (next_node, nr) in enumerate(node._next):  # 3. deliver
                if next_node is None or (needed is not None and next_node not in needed):
                    continue
                _accumulate(buffers, next_node, nr, input_grads[i] if input_grads else None)
                deps[next_node] -= 1
                if deps[next_node] == 0:
                    heapq.heappush(ready, (-next_node._seq, next_node))
    return results


def _run_fast(roots, retain_graph, create_graph):
    """The common backward pass (nothing observes the order of leaves' ``.grad`` writes, no
    ``inputs``), the same result as ``_run_reference`` without counting dependencies first:
    a node is only ever fed by nodes created after it, so when the newest node that has
    received gradient runs, every gradient it will get has arrived. Leaves' accumulators run
    last. Gradients wait in each node's ``_buf``; the delivery is written inline, the hottest
    loop of a backward pass. ``tests/test_engine_order.py`` checks both passes agree."""
    ready = []    # (-seq, node), newest first
    leaves = []   # AccumulateGrad nodes that received gradient
    pending = None
    if len(roots) == 1 and type(roots[0][0]) is not AccumulateGrad:  # loss.backward()
        pending, nr, grad = roots[0]
        pending._buf = [None] * pending.n_outputs
        pending._buf[nr] = grad
    else:
        for node, nr, grad in roots:
            if node._buf is None:
                node._buf = [None] * node.n_outputs
                if type(node) is AccumulateGrad:
                    leaves.append(node)
                else:
                    heapq.heappush(ready, (-node._seq, node))
            _accumulate_slot(node._buf, nr, grad)

    free = not retain_graph and not create_graph
    OBSERVED.depth += 1
    state = _grad_mode.STATE  # _backward_mode, inline (a backward pass of a few nodes is common)
    prev_mode = state.enabled
    state.enabled = create_graph
    quiet = FP_STATE.set(FP_QUIET)
    try:
        if pending is None and ready:
            pending = heapq.heappop(ready)[1]
        while pending is not None:
            node, pending = pending, None
            grads = node._buf
            node._buf = None
            hooks = node._hooks
            if hooks is not None:
                grads = _prepare_outputs(node, grads)
            if grads[0] is None and node.n_outputs == 1:
                results = ()  # _apply_node, inline
                if not retain_graph and node._frees:
                    node._release()
            elif free and hooks is None and node._apply_free is not None:
                results = node._apply_free(grads)
            else:
                results = node._apply(grads, create_graph)
                if hooks is not None and hooks.post:
                    results = _run_post_hooks(node, results, grads)
                if not retain_graph and node._frees:
                    node._release()
            for (next_node, nr), grad in zip(node._next, results):
                if next_node is None:
                    continue
                buf = next_node._buf
                if buf is None:
                    if next_node.n_outputs == 1:
                        next_node._buf = [grad]
                    else:
                        buf = next_node._buf = [None] * next_node.n_outputs
                        buf[nr] = grad
                    if type(next_node) is AccumulateGrad:
                        leaves.append(next_node)
                    elif pending is None and (not ready or -ready[0][0] < next_node._seq):
                        pending = next_node  # newest of all waiting: no need for the heap
                    else:
                        if pending is not None and pending._seq < next_node._seq:
                            pending, next_node = next_node, pending
                        heapq.heappush(ready, (-next_node._seq, next_node))
                elif grad is not None:
                    old = buf[nr]
                    buf[nr] = grad if old is None else old + grad
            if pending is None and ready:
                pending = heapq.heappop(ready)[1]
        results = grads = grad = old = buf = None  # hold no gradient: .grad may take it
        for acc in leaves:
            grad = acc._buf[0]
            acc._buf = None
            if grad is None:
                continue
            variable = acc.variable
            if variable._grad is None and not variable._tensor_hooks_list and \
                    not create_graph and not isinstance(grad, Tensor):
                # accumulate_into_grad's first gradient, inline (the common case). A NumPy
                # scalar of the leaf's dtype is immutable: .grad holds it (Tensor._raw)
                dtype = variable._raw.dtype
                if FLOAT_SCALARS.get(type(grad)) is dtype and variable._raw.shape == ():
                    pass
                elif not (type(grad) is np.ndarray and _STEAL and grad.base is None
                          and grad.dtype == dtype
                          and grad.flags.writeable and grad.flags.c_contiguous
                          and sys.getrefcount(grad) <= 2):  # `grad` and getrefcount's own
                    grad = np.array(grad, dtype=dtype, copy=True)
                new = _new_object(Tensor)
                new._raw, new._requires_grad, new._grad_fn = grad, False, None
                new._vc = None
                variable._grad = new
                new = None
            else:
                accumulate_into_grad(variable, grad, create_graph)
            grad = None
    finally:
        FP_STATE.reset(quiet)
        state.enabled = prev_mode
        OBSERVED.depth -= 1
        if ready or pending is not None:  # a node raised: leave no gradient in the graph
            for _, waiting in ready:
                waiting._buf = None
            if pending is not None:
                pending._buf = None
        for acc in leaves:
            acc._buf = None


@contextlib.contextmanager
def _backward_mode(create_graph):
    """Grad mode on only to build a graph of the backward (``create_graph``), and IEEE results
    (log(0) = -inf) silently, as torch's backward."""
    state = _grad_mode.STATE
    prev_mode = state.enabled
    state.enabled = create_graph
    quiet = FP_STATE.set(FP_QUIET)
    try:
        yield
    finally:
        FP_STATE.reset(quiet)
        state.enabled = prev_mode


def _apply_node(node, grads, create_graph):
    """A node's backward: the gradients of its inputs from those of its outputs, then its post
    hooks. Nothing arrived (one output, no gradient): nothing to pass on."""
    if grads[0] is None and node.n_outputs == 1:
        return ()
    results = node._apply(grads, create_graph)
    if node._hooks is not None and node._hooks.post:
        results = _run_post_hooks(node, results, grads)
    return results


def _accumulate(buffers, node, nr, grad):
    """Add ``grad`` (None: nothing) to what output ``nr`` of ``node`` has received."""
    slots = buffers.get(node)
    if slots is None:
        slots = buffers[node] = [None] * node.n_outputs
    if grad is not None:
        _accumulate_slot(slots, nr, grad)


def _accumulate_slot(slots, nr, grad):
    old = slots[nr]
    slots[nr] = grad if old is None else old + grad


def _captures(inputs):
    """For ``autograd.grad`` and ``backward(inputs=)``: (node, output_nr) -> the positions in
    ``inputs`` whose gradient arrives there. None without ``inputs``."""
    if inputs is None:
        return None
    captures = {}
    for i, t in enumerate(inputs):
        node, nr = edge_of(t)
        if node is None:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
        captures.setdefault((node, nr), []).append(i)
    return captures


def _capture(node, grads, captures, results):
    """Keep the gradients arriving at ``node`` that ``inputs`` asked for (a leaf's after its
    tensor hooks, as torch)."""
    for nr, grad in enumerate(grads):
        slots = captures.get((node, nr))
        if slots:
            if isinstance(node, AccumulateGrad) and node.variable._tensor_hooks_list:
                grad = _run_tensor_hooks(node.variable._tensor_hooks_list, grad)
            for slot in slots:
                results[slot] = grad


def _should_run(node, needed, accumulate, captures):
    """With ``inputs`` given, run only nodes on a path to them; leaves' accumulators run only
    for ``backward(inputs=...)`` (accumulate), never for ``autograd.grad``."""
    if needed is not None and node not in needed:
        return False
    if isinstance(node, AccumulateGrad):
        return accumulate and (node, 0) in captures
    return True


def _dependencies(roots, captures):
    """Count, for each node, how many edges bring it gradient; with ``captures``, also the set of
    nodes on a path from the roots to a captured input. Iterative: no recursion limit."""
    deps = {}
    parents = {} if captures is not None else None
    seen = set(roots)
    stack = list(seen)
    while stack:
        node = stack.pop()
        for next_node, _ in node._next:
            if next_node is None:
                continue
            deps[next_node] = deps.get(next_node, 0) + 1
            if parents is not None:
                parents.setdefault(next_node, []).append(node)
            if next_node not in seen:
                seen.add(next_node)
                stack.append(next_node)
    if captures is None:
        return deps, None
    # Needed: every node from which a captured input can be reached, found by walking the
    # edges backwards from the captured nodes.
    needed = set()
    stack = [node for node, _ in captures if node in seen]
    while stack:
        node = stack.pop()
        if node not in needed:
            needed.add(node)
            stack.extend(parents.get(node, ()))
    # Recount dependencies over needed edges only, so pruned branches don't block a node.
    deps = {}
    for node in needed:
        for kid, _ in node._next:
            if kid in needed:
                deps[kid] = deps.get(kid, 0) + 1
    return deps, needed


def _prepare_outputs(node, grads):
    """Run tensor hooks and retain_grad on the gradients arriving at ``node``."""
    hooks = node._tensor_hooks
    if hooks:
        for nr, hook in list(hooks):
            if grads[nr] is not None:
                grads[nr] = hook(grads[nr])
    if node._pre_hooks:
        for hook in list(node._pre_hooks):
            result = hook(tuple(_maybe_tensor(g) for g in grads))
            if result is not None:
                check_hook_result(hook, result, grads)
                grads = [_match_kind(r, g) for r, g in zip(result, grads)]
    return grads


def _run_post_hooks(node, grad_inputs, grad_outputs):
    for hook in list(node._post_hooks):
        result = hook(_maybe_tensors(grad_inputs), _maybe_tensors(grad_outputs))
        if result is not None:
            check_hook_result(hook, result, grad_inputs)
            grad_inputs = [_match_kind(r, g) for r, g in zip(result, grad_inputs)]
    return grad_inputs


def check_hook_result(hook, result, original):
    """torch's checks on what a hook returned in place of ``original``: for a node's hook a tuple
    of as many values as ``original`` holds, each None or a Tensor (never replacing a None) with
    the dtype and shape of the gradient it replaces; errors name the hook, as torch's."""
    name = getattr(hook, "__name__", "<unknown>")
    if isinstance(original, (tuple, list)):
        if not isinstance(result, tuple):
            raise TypeError(f"expected tuple, but hook returned '{type(result).__name__}'")
        if len(result) != len(original):
            raise RuntimeError(f"hook '{name}' has returned an incorrect number of values "
                               f"(got {len(result)}, but expected {len(original)})")
        for new, old in zip(result, original):
            if new is not None:
                if old is None:
                    raise RuntimeError("can't replace a None gradient with a non-None value")
                check_hook_result(hook, new, old)
        return
    if not isinstance(result, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")
    old = _as_tensor(original)
    if result.dtype != old.dtype:
        raise RuntimeError(f"hook '{name}' has changed the type of value (was {old.type()} got "
                           f"{result.type()})")
    if result.shape != old.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value")


def _maybe_tensor(grad):
    return None if grad is None else _as_tensor(grad)


def _maybe_tensors(grads):
    return tuple(_maybe_tensor(g) for g in grads)


def _match_kind(new, old):
    """A hook's Tensor result, as an array again when the pass runs on arrays."""
    if new is None:
        return None
    if old is not None and not isinstance(old, Tensor):
        return _as_array(new)
    return new


class _Trace:
    """Where the Jupyter backward stepper listens: ``recorder(node, grads)`` is called before each
    node runs, with the gradients arriving at it. None (the default) costs one check per node."""
    recorder = None


_TRACE = _Trace()


def record_backward(recorder):
    """Context manager: call ``recorder(node, output_grads)`` for each node a backward pass runs."""
    @contextlib.contextmanager
    def recording():
        prev = _TRACE.recorder
        _TRACE.recorder = recorder
        try:
            yield
        finally:
            _TRACE.recorder = prev
    return recording()



__all__ = ["Node", "AccumulateGrad", "RELEASED", "run_backward",
           "edge_of", "grad_accumulator", "record_backward", "RemovableHandle"]
