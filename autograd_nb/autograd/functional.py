"""torch.autograd.functional: Jacobians, Hessians and their products with vectors, of a function.

Each takes a function of tensors and the point (a tensor or a tuple of tensors) to evaluate it at;
the point is detached first, so the function's own graph never reaches the caller's tensors.
Results are detached too unless ``create_graph=True``. Inputs the output does not depend on get
zeros; ``strict=True`` makes them (and outputs that do not require grad) torch's errors instead,
checked at the steps where torch checks them.

>>> def f(x, y):
...     return 2 * x.exp() + 3 * y
>>> torch.autograd.functional.jacobian(f, (torch.zeros(1), torch.zeros(1)))
(tensor([[2.]]), tensor([[3.]]))
"""
from .._core import _grad_mode
from .._core._backward import grad
from .._core._tensor import Tensor
from .._functions.joining import stack

__all__ = ["vjp", "jvp", "jacobian", "hessian", "vhp", "hvp"]


def _as_tuple(value, what, fn):
    """(was it a tuple, the tensors as a tuple), with torch's error for anything else."""
    is_tuple = isinstance(value, tuple)
    items = value if is_tuple else (value,)
    for i, item in enumerate(items):
        if not isinstance(item, Tensor):
            where = f"value at index {i}" if is_tuple else f"given {what}"
            raise TypeError(f"The {what} given to {fn} must be either a Tensor or a tuple of "
                            f"Tensors but the {where} has type {type(item)}.")
    return is_tuple, items


def _unpack(items, is_tuple):
    return tuple(items) if is_tuple else items[0]


def _leaves(inputs, create_graph):
    """Fresh leaves to differentiate at; under ``create_graph`` an input that requires grad is
    kept connected to its own graph."""
    return tuple(x.view_as(x) if create_graph and x.requires_grad
                 else x.detach().requires_grad_(True) for x in inputs)


def _detached(items, create_graph):
    return tuple(t if create_graph else t.detach() for t in items)


def _grads(outputs, inputs, grad_outputs, create_graph, strict=None):
    """d(outputs . grad_outputs)/d(inputs), zeros where an input is not reached; ``strict``
    names the step (torch's stages) whose error an input not reached raises instead."""
    found = _found(outputs, inputs, grad_outputs, create_graph)
    if strict:
        _strict_check(found, strict, create_graph)
    return tuple(g if g is not None else x.new_zeros(x.shape) for g, x in zip(found, inputs))


def _found(outputs, inputs, grad_outputs, create_graph):
    """d(outputs . grad_outputs)/d(inputs), None where an input is not reached."""
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    return (grad(tuple(o for o, _ in pairs), inputs, tuple(g for _, g in pairs),
                 retain_graph=True, create_graph=create_graph, allow_unused=True)
            if pairs else (None,) * len(inputs))


_NOT_REACHED = {
    "back": "The output of the user-provided function is independent of input {i}. This is not "
            "allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry {i} "
                         "in the grad_jacobian. This is not allowed in strict mode as it prevents "
                         "from using the double backward trick to replace forward mode AD.",
}


def _strict_check(found, stage, create_graph):
    """torch's strict-mode errors for gradients not reached (None), or, under create_graph,
    reached without a graph."""
    for i, g in enumerate(found):
        if g is None:
            raise RuntimeError(_NOT_REACHED[stage].format(i=i))
        if create_graph and not g.requires_grad:
            what = "hessian" if stage.startswith("double") else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode when "
                               "create_graph=True.")


def _require_grad(items, kind, strict):
    """torch's strict-mode check of the tensors one step made: each must require grad."""
    if not strict:
        return
    for i, t in enumerate(items):
        if t is None:
            raise RuntimeError(f"The output of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode.")
        if t.requires_grad:
            continue
        raise RuntimeError({
            "outputs": f"Output {i} of the user-provided function does not require gradients. "
                       "The outputs must be computed in a differentiable manner from the input "
                       "when running in strict mode.",
            "jacobian": "While computing the hessian, found that the jacobian of the "
                        f"user-provided function with respect to input {i} is independent of "
                        "the input. This is not allowed in strict mode. You should ensure that "
                        "your function is twice differentiable and that the jacobian depends on "
                        "the inputs (this would be violated by a linear function for example).",
            "grad_inputs": f"The gradient with respect to input {i} is independent of the "
                           "inputs of the user-provided function. This is not allowed in strict "
                           "mode.",
        }[kind])


def _validate_v(v, refs, refs_are_tuple, fn):
    _, v = _as_tuple(v, "v", fn)
    if len(v) != len(refs):
        if refs_are_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(refs)} but got "
                               f"{len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for i, (given, ref) in enumerate(zip(v, refs)):
        if given.shape != ref.shape:
            entry = f"Entry {i} in " if refs_are_tuple else ""
            raise RuntimeError(f"{entry}v has invalid size: should be {ref.size()} but got "
                               f"{given.size()}.")
    return tuple(t.detach() for t in v)


def _default_v(refs, what):
    if len(refs) != 1 or refs[0].numel() != 1:
        raise RuntimeError(f"The vector v can only be None if the {what} a single Tensor with a "
                           "single element.")
    return (refs[0].new_ones(refs[0].shape),)


def _evaluate(func, inputs, create_graph, fn):
    """(inputs tuple?, leaves, outputs tuple?, outputs) with grad mode on."""
    is_in_tuple, inputs = _as_tuple(inputs, "inputs", fn)
    with _grad_mode.enable_grad():
        leaves = _leaves(inputs, create_graph)
        is_out_tuple, outputs = _as_tuple(func(*leaves), "outputs of the user-provided function",
                                          fn)
    return is_in_tuple, leaves, is_out_tuple, outputs


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J): the vector-Jacobian product at ``inputs``.

    >>> torch.autograd.functional.vjp(lambda x: x ** 2, torch.tensor([1., 2.]),
    ...                               torch.tensor([1., 1.]))[1]
    tensor([2., 4.])
    """
    is_in_tuple, inputs, is_out_tuple, outputs = _evaluate(func, inputs, create_graph, "vjp")
    _require_grad(outputs, "outputs", strict)
    v = (_validate_v(v, outputs, is_out_tuple, "vjp") if v is not None else
         _default_v(outputs, "user-provided function returns"))
    with _grad_mode.set_grad_enabled(create_graph or _grad_mode.is_grad_enabled()):
        products = _grads(outputs, inputs, v, create_graph, strict and "back")
    return (_unpack(_detached(outputs, create_graph), is_out_tuple),
            _unpack(_detached(products, create_graph), is_in_tuple))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v): the Jacobian-vector product at ``inputs``.

    >>> torch.autograd.functional.jvp(lambda x: x ** 2, torch.tensor([1., 2.]),
    ...                               torch.tensor([1., 0.]))[1]
    tensor([2., 0.])
    """
    is_in_tuple, refs = _as_tuple(inputs, "inputs", "jvp")
    v = (_validate_v(v, refs, is_in_tuple, "jvp") if v is not None else
         _default_v(refs, "input to the user-provided function is"))
    outputs, rows = _jacobian_rows(func, refs, create_graph, "jvp", strict and "jvp")
    products = tuple(sum((row.reshape(out.numel(), -1) @ vi.reshape(-1).to(row.dtype)
                          for row, vi in zip(per_input, v)),
                         out.new_zeros(out.numel())).reshape(out.shape)
                     for out, per_input in zip(outputs[1], rows))
    return (_unpack(_detached(outputs[1], create_graph), outputs[0]),
            _unpack(_detached(products, create_graph), outputs[0]))


def _jacobian_rows(func, inputs, create_graph, fn, strict=None, before_rows=None):
    """((outputs tuple?, outputs), for each output a tuple over inputs of d out / d input,
    shaped out.shape + input.shape). ``strict``: "jacobian" or "jvp", whose checks to make;
    ``before_rows(outputs)`` runs before the rows are computed."""
    _, leaves, is_out_tuple, outputs = _evaluate(func, inputs, create_graph, fn)
    _require_grad(outputs, "outputs", strict)
    if before_rows is not None:
        before_rows(outputs)
    if strict == "jvp":
        _strict_jvp(outputs, leaves, create_graph)
    jacobians = []
    with _grad_mode.set_grad_enabled(create_graph or _grad_mode.is_grad_enabled()):
        for i, out in enumerate(outputs):
            flat = out.reshape(-1)
            rows = []
            for j in range(flat.numel()):
                found = _found((flat[j],), leaves, (flat.new_ones(()),), create_graph)
                if strict == "jacobian":
                    _strict_row(found, i, create_graph)
                rows.append([g if g is not None else x.new_zeros(x.shape)
                             for g, x in zip(found, leaves)])
            jacobians.append(tuple(
                _stack([r[k] for r in rows], x).reshape(tuple(out.shape) + tuple(x.shape))
                for k, x in enumerate(leaves)))
    return (is_out_tuple, outputs), jacobians


def _strict_row(found, output, create_graph):
    """torch's strict checks of one row of a Jacobian (reverse mode, one output element)."""
    for k, g in enumerate(found):
        if g is None:
            raise RuntimeError(f"Output {output} of the user-provided function is independent "
                               f"of input {k}. This is not allowed in strict mode.")
        if create_graph and not g.requires_grad:
            raise RuntimeError(f"The jacobian of the user-provided function is independent of "
                               f"input {output}. This is not allowed in strict mode when "
                               "create_graph=True.")


def _strict_jvp(outputs, leaves, create_graph):
    """torch's strict checks of jvp, whose gradients torch takes by the double backward trick:
    each input must reach an output, and each output an input."""
    with _grad_mode.enable_grad():
        seeds = tuple(o.new_zeros(o.shape).requires_grad_() for o in outputs)
        back = _found(outputs, leaves, seeds, create_graph=True)
        _require_grad(back, "grad_inputs", True)
        reached = _found(back, seeds, tuple(x.new_ones(x.shape) for x in leaves),
                         create_graph=create_graph)
    _strict_check(reached, "back_trick", create_graph)


def _stack(rows, x):
    return stack(rows) if rows else x.new_zeros((0,) + tuple(x.shape))


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs``: for one input and one output a tensor of shape
    ``output.shape + input.shape``; tuples (per output, then per input) where they were tuples.

    >>> torch.autograd.functional.jacobian(lambda x: x ** 2, torch.tensor([1., 2.]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". '
                           'Hint: If your function has more outputs than inputs, "forward-mode" '
                           'tends to be more performant. Otherwise, prefer to use '
                           '"reverse-mode".')
    if strategy == "forward-mode":
        _forward_mode_limits(create_graph, strict, vectorize)

    def vectorized_strict(outputs):
        if vectorize and strict:
            raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                               "`vectorized=True` are not supported together. Please either set "
                               "`strict=False` or `vectorize=False`.")
    is_in_tuple = isinstance(inputs, tuple)
    (is_out_tuple, _), rows = _jacobian_rows(func, inputs, create_graph, "jacobian",
                                             strict and "jacobian", vectorized_strict)
    per_output = [_unpack(_detached(r, create_graph), is_in_tuple) for r in rows]
    return _unpack(per_output, is_out_tuple)


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar ``func`` at ``inputs``: ``input.shape * 2`` for one input, a tuple
    of tuples (pairs of inputs) for a tuple.

    >>> torch.autograd.functional.hessian(lambda x: (x ** 3).sum(), torch.tensor([1., 2.]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    is_in_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*leaves):
        out = func(*leaves)
        _require_grad(_as_tuple(out, "outputs of the user-provided function", "hessian")[1],
                      "outputs", strict)
        out = _single_scalar(out, "hessian")
        first = _grads((out,), leaves, (out.new_ones(out.shape),), create_graph=True)
        _require_grad(first, "jacobian", strict)
        return first

    result = jacobian(gradient, inputs, create_graph=create_graph, strict=strict,
                      vectorize=vectorize, strategy=outer_jacobian_strategy)
    return result if is_in_tuple else result[0][0]


def _single_scalar(out, fn):
    if not isinstance(out, Tensor) and not (isinstance(out, tuple) and len(out) == 1):
        raise RuntimeError(f"The function given to {fn} should return a single Tensor")
    out = out if isinstance(out, Tensor) else out[0]
    if out.numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {fn} should contain a "
                           "single element")
    return out.squeeze()


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H) for a scalar ``func``.

    >>> torch.autograd.functional.vhp(lambda x: (x ** 3).sum(), torch.tensor([1., 2.]),
    ...                               torch.tensor([1., 1.]))[1]
    tensor([ 6., 12.])
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v) for a scalar ``func``; the Hessian is symmetric, so this is v^T H.

    >>> torch.autograd.functional.hvp(lambda x: (x ** 3).sum(), torch.tensor([1., 2.]),
    ...                               torch.tensor([1., 0.]))[1]
    tensor([6., 0.])
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


def _hessian_product(func, inputs, v, create_graph, strict, fn):
    is_in_tuple, leaves, _, outputs = _evaluate(func, inputs, create_graph, fn)
    _require_grad(outputs, "outputs", strict)
    if len(outputs) != 1:
        raise RuntimeError(f"The function given to {fn} should return a single Tensor")
    out = _single_scalar(outputs[0], fn)  # a view of the output, for the gradients
    v = (_validate_v(v, leaves, is_in_tuple, fn) if v is not None else
         _default_v(leaves, "input to the user-provided function is"))
    with _grad_mode.enable_grad():
        first = _found((out,), leaves, (out.new_ones(()),), create_graph=True)
        _require_grad(first, "jacobian", strict)
        first = tuple(g if g is not None else x.new_zeros(x.shape) for g, x in zip(first, leaves))
        if strict and fn == "hvp":  # torch's double backward trick: each row must reach an input
            for i, row in enumerate(first):
                if all(g is None for g in _found((row,), leaves, (v[i],), create_graph)):
                    raise RuntimeError(_NOT_REACHED["double_back_trick"].format(i=i))
    with _grad_mode.set_grad_enabled(create_graph or _grad_mode.is_grad_enabled()):
        products = _grads(first, leaves, v, create_graph,
                          strict and ("double_back" if fn == "vhp" else "double_back_trick"))
    return (_detached(outputs, create_graph)[0],
            _unpack(_detached(products, create_graph), is_in_tuple))


def _forward_mode_limits(create_graph, strict, vectorize):
    """What torch's forward-mode Jacobian does not support, in the order it checks."""
    if create_graph:
        raise NotImplementedError("torch.autograd.functional.jacobian: `create_graph=True` and "
                                  '`strategy="forward-mode"` are not supported together (yet). '
                                  "Please either set `create_graph=False` or "
                                  '`strategy="reverse-mode"`.')
    if strict:
        raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                           '`strategy="forward-mode"` are not supported together (yet). Please '
                           'either set `strict=False` or `strategy="reverse-mode"`.')
    if not vectorize:
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse "
                                  "Hessian isonly implemented for `vectorize=True`.")
