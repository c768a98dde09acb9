"""The op table: one ``Op`` per differentiable op, and the code that runs every op.

An entry names its forward (NumPy), a backward formula per input and the node names per era::

    defop("mul", np.multiply, "MulBackward0", inputs=("self", "other"), grads_match_inputs=True,
          legacy={"0.2": "MulBackward", "0.1": "basic_ops.Mul"},
          self=lambda grad, other: grad * other,
          other=lambda grad, self: grad * self)

A formula's parameter names say what it needs, as in torch's derivatives.yaml: ``grad`` (or
``grads`` for several outputs), the inputs by name (saved, and checked against in-place changes),
``result`` (the output), ``<input>_shape``, and the op's non-tensor parameters. Only what the
formulas of the inputs that require grad name is saved.

``call`` runs an op: forward on arrays, then, when grad mode is on and an input requires grad, a
node of the op's class. ``operator_method`` and ``unary`` do the same for the hottest cases
(``x * y``, ``x.tanh()`` on float tensors of one dtype) with the general steps left out; what a
node saves and how its formulas are called is laid out once per op and mask (``_Plan``).
Broadcast reduction and dtype casts of input gradients happen in ``OpNode._apply``, once for
every op.
"""
import builtins
import copy
import functools
import linecache
import operator
import os

import numpy as np

from .._core import _dtype, _grad_mode
from .._core._dtype import FLOAT_SCALARS as _FLOAT_SCALARS
from .._core._engine import (FP_QUIET, FP_STATE, RELEASED, Node, _sequence, edge_of,
                              grad_accumulator)
from .._core._errors import backward_twice, version_mismatch
from .._core._tensor import INFERENCE, Tensor
from .._core._views import track

OPS = {}            # name -> Op
NODE_CLASSES = []   # every node class, so an era can rename them all


class Op:
    __slots__ = ("name", "forward", "inputs", "params", "formulas", "grads_match_inputs", "view",
                 "outputs", "variadic", "tensor_params", "quiet", "node_class",
                 "scalar_node_class", "_plans", "_pair", "holomorphic", "_complex_plans")

    def __init__(self, name, forward, node, inputs, params, formulas, grads_match_inputs, view,
                 outputs, variadic, legacy, scalar_legacy):
        self.name = name
        self.variadic = variadic
        self.tensor_params = ()
        self.quiet = False  # see defop
        self.holomorphic = True  # see defop
        self._complex_plans = {}
        self.forward = forward
        self.inputs = inputs
        self.params = params
        self.formulas = formulas
        self.grads_match_inputs = grads_match_inputs
        self.view = view
        self.outputs = outputs
        base = OpNode if outputs == 1 else MultiOutputNode
        self.node_class = _node_class(node, base, self, legacy or {})
        # A Python number in place of a tensor input: same modern name, the era's own legacy name
        # (0.2's ``x + 2`` is AddConstantBackward, ``x + y`` AddBackward).
        self.scalar_node_class = (_node_class(node, base, self, scalar_legacy, scalar_inputs=(1,))
                                  if scalar_legacy else self.node_class)
        self._plans = {}
        # The plans of the hot paths, by index instead of a mask tuple: ``operator_method``'s four
        # (mx + 2 * my) and ``unary``'s (the mask (True,)) at 4.
        self._pair = [None] * 5

    def __repr__(self):
        return f"<op {self.name}>"

    def plan(self, mask):
        """What to save and which formulas to run, for one pattern of inputs needing grad."""
        plan = self._plans.get(mask)
        if plan is None:
            plan = self._plans[mask] = _Plan(self, mask)
        return plan

    def complex_plan(self, mask):
        """The plan for a complex result: the formulas see the conjugates of what was saved,
        which turns a formula's ``grad * f'(z)`` into torch's ``grad * conj(f'(z))``."""
        plan = self._complex_plans.get(mask)
        if plan is None:
            plan = self._complex_plans[mask] = _ConjugatePlan(self, self.plan(mask))
        return plan


class _Plan:
    """For one mask of inputs needing grad: what a node saves (``save``) and how its backward
    calls the formulas on what was saved (``run``)."""

    __slots__ = ("names", "saves", "saves_tensors", "result_index", "save", "save_flat", "run",
                 "node_class", "scalar_node_class")

    def __init__(self, op, mask):
        if op.variadic:  # one formula returns the gradients of all the inputs
            mask = (any(mask),)
        names = []
        for needs, name in zip(mask, op.inputs):
            formula = op.formulas.get(name)
            if needs and formula is not None:
                for arg in _arg_names(formula)[1:]:
                    if arg not in names:
                        names.append(arg)
        self.names = tuple(names)
        self.saves = tuple(_source_of(op, name) for name in names)
        # Saving an input, the result, or an index/mask array counts as saving a tensor: torch
        # frees those after backward, and a second backward through the node raises.
        self.saves_tensors = any(kind in (_INPUT, _RESULT) or (kind == _PARAM and (
            names[i] in _TENSOR_PARAMS or names[i] in op.tensor_params))
            for i, (kind, _) in enumerate(self.saves))
        self.result_index = next((i for i, (k, _) in enumerate(self.saves) if k == _RESULT), None)
        # The generated functions are named after the op and the inputs that want a gradient
        # (mul_save_self_other, mul_run_self_other), as tracebacks show them.
        wanted = "_".join(name for name, needs in zip(op.inputs, mask) if needs)
        self.save = _saver(self.saves, f"{op.name}_save_{wanted}")
        n = len(op.inputs)  # operator_method's and unary's way of calling it
        self.save_flat = _saver(self.saves, f"{op.name}_save_{wanted}_flat", n) \
            if n <= 2 and not op.variadic and op.outputs == 1 else None
        calls = []  # per input: (formula, positions in saved of its arguments) or None
        for needs, name in zip(mask, op.inputs):
            formula = op.formulas.get(name)
            if needs and formula is not None:
                calls.append((formula, [names.index(a) for a in _arg_names(formula)[1:]]))
            else:
                calls.append(None)
        self.run = _runner(op, calls, f"{op.name}_run_{wanted}")
        # The plan's own node classes, named as the op's (subclasses: isinstance holds): they
        # carry the plan and a backward written out for it, so a node stores neither.
        apply = _applier(op, calls, f"{op.name}_apply_{wanted}", self.saves_tensors)
        self.node_class = _plan_class(op.node_class, self, apply)
        self.scalar_node_class = self.node_class if op.scalar_node_class is op.node_class \
            else _plan_class(op.scalar_node_class, self, apply)


class _ConjugatePlan:
    """A plan whose formulas run on the conjugates of the saved values (complex results).

    torch's gradient of a function of complex ``z`` is ``grad * conj(f'(z))`` (the conjugate
    Wirtinger convention: what a real loss's ``dL/dx + i dL/dy`` gives). The table's formulas
    are written as ``grad * f'(z)`` with real-coefficient functions of the saved values, for
    which ``conj(f'(z)) == f'(conj(z))``: conjugating what they read is enough. Ops that are not
    holomorphic (abs, angle, real, ...) declare ``holomorphic=False`` and complex formulas of
    their own."""

    __slots__ = ("names", "saves", "saves_tensors", "result_index", "save", "_base", "node_class",
                 "scalar_node_class")

    def __init__(self, op, base):
        self._base = base
        self.names, self.saves, self.saves_tensors = base.names, base.saves, base.saves_tensors
        self.result_index, self.save = base.result_index, base.save
        # node classes of its own, running OpNode's general _apply (which calls ``run``)
        self.node_class = _plan_class(op.node_class, self, None)
        self.scalar_node_class = self.node_class if op.scalar_node_class is op.node_class \
            else _plan_class(op.scalar_node_class, self, None)

    def run(self, grad, saved, edges):
        return self._base.run(grad, tuple(_conj(v) for v in saved), edges)


def _conj(value):
    if isinstance(value, (np.ndarray, np.generic)):  # a saved 0-d input is a NumPy scalar
        return np.conj(value) if value.dtype.kind == "c" else value
    if isinstance(value, Tensor):
        return value.conj_physical() if value._raw.dtype.kind == "c" else value
    if isinstance(value, complex):
        return value.conjugate()
    return value


def _arg_names(formula):
    code = formula.__code__
    return code.co_varnames[:code.co_argcount]


_INPUT, _RESULT, _SHAPE, _SHAPES, _PARAM = range(5)  # kinds of saved entries
# torch names a saved shape ``_saved_<input>_sym_sizes``; the formulas call it ``<input>_shape``
_SAVED_NAMES = {"self_sym_sizes": "self_shape", "other_sym_sizes": "other_shape",
                "mat2_sym_sizes": "mat2_shape", "input_sym_sizes": "input_shape"}
_TENSOR_PARAMS = {"index", "indices", "mask", "condition"}  # params torch holds as tensors


def _source_of(op, name):
    if name in op.inputs:
        return (_INPUT, op.inputs.index(name))
    if name == "result":
        return (_RESULT, None)
    if name.endswith("_shape") and name[:-6] in op.inputs:
        if op.variadic:
            return (_SHAPES, None)
        return (_SHAPE, op.inputs.index(name[:-6]))
    if name in op.params:
        return (_PARAM, op.params.index(name))
    raise TypeError(f"op {op.name!r}: a formula names {name!r}, which is neither an input, "
                    "'result', '<input>_shape' nor a parameter")


# ``run`` and ``save`` are written out as source once per plan (as namedtuple and dataclasses
# write theirs): a node's backward is then one call per formula, with its arguments picked
# from ``saved`` in place, and saving is one tuple, whatever the op's shape. The source is put
# in ``linecache``, so tracebacks and debuggers show it. AUTOGRAD_NB_CODEGEN=0 in the
# environment runs the same plans through the general functions instead (``_save_any``,
# ``_run_any``): CI runs the op sweep so, to show the generated code changes nothing.
CODEGEN = os.environ.get("AUTOGRAD_NB_CODEGEN", "1") != "0"


def _compile(source, name, namespace):
    filename = f"<autograd_nb plan {name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


def _runner(op, calls, name):
    """``run(grad, saved, edges) -> gradients of the inputs`` for one plan (None for inputs
    that want none)."""
    if not CODEGEN:
        return functools.partial(_run_any, calls, op.variadic)
    namespace = {}

    def call_of(i, formula, positions):
        namespace[f"f{i}"] = formula
        return f"f{i}(" + ", ".join(["grad"] + [f"saved[{k}]" for k in positions]) + ")"

    if op.variadic:  # one formula for all inputs; None where no gradient is wanted
        ((formula, positions),) = calls
        body = (f"[g if node is not None else None for g, (node, _) in "
                f"zip({call_of(0, formula, positions)}, edges)]")
    else:
        body = "[" + ", ".join("None" if c is None else call_of(i, *c)
                               for i, c in enumerate(calls)) + "]"
    return _compile(f"def {name}(grad, saved, edges):\n    return {body}\n", name, namespace)


def _run_any(calls, variadic, grad, saved, edges):
    """What ``_runner``'s generated code does, for any plan."""
    if variadic:
        ((formula, positions),) = calls
        grads = formula(grad, *[saved[k] for k in positions])
        return [g if node is not None else None for g, (node, _) in zip(grads, edges)]
    return [None if c is None else c[0](grad, *[saved[k] for k in c[1]]) for c in calls]


def _applier(op, calls, name, saves_tensors):
    """``_apply(self, grads, create_graph)`` for one plan's nodes: ``OpNode._apply`` with the
    plan's formulas called in place (one-expression formulas written inline), for the common
    case of one output and no ``create_graph``; everything else goes the general way. Returns
    it and ``_apply_free`` (see below), or None (keep ``OpNode._apply``) without code generation
    and for variadic or multi-output ops."""
    if not CODEGEN or op.variadic or op.outputs != 1:
        return None
    namespace = {"RELEASED": RELEASED, "general": OpNode._apply, "reduce_all": _reduce_all,
                 "ERA": ERA}
    terms = []
    for i, call in enumerate(calls):
        if call is None:
            terms.append("None")
            continue
        formula, positions = call
        args = ["grad"] + [f"saved[{k}]" for k in positions]
        inline = _inline(formula, args, namespace, f"g{i}_")
        if inline is None:
            namespace[f"f{i}"] = formula
            inline = f"f{i}(" + ", ".join(args) + ")"
        terms.append(inline)
    body = [
        "    checks = self._checks",
        "    if checks:",
        "        for check in checks:",
        "            if check[2][0] != check[3]:",
        "                self._verify(saved)  # raises, naming the modified tensor",
        "    grad = grads[0]",
        "    results = [" + ", ".join(terms) + "]",
    ]
    end = ["    meta = self._meta",
           "    return results if meta is None else reduce_all(results, meta)"]
    # _apply, and _apply_free: the same for the engine's common pass (no create_graph, no
    # retain_graph, no hooks), which frees what the node saved as _release does, in one call
    release = ["    if ERA.release is None:",
               "        self._saved = RELEASED",
               "        self._checks = ()",
               "    else:",
               "        ERA.release(self)"] if saves_tensors else []
    source = "\n".join([
        f"def {name}(self, grads, create_graph):",
        "    saved = self._saved",
        "    if create_graph or saved is RELEASED:",
        "        return general(self, grads, create_graph)",
        *body, *end,
        f"def {name}_free(self, grads):",
        "    saved = self._saved",
        "    if saved is RELEASED:",
        "        return general(self, grads, False)  # raises: backward through it twice",
        *body, *release, *end,
    ]) + "\n"
    return _compile(source, name, namespace), namespace[name + "_free"]


def _inline(formula, args, namespace, prefix):
    """The body of a one-expression formula (a lambda of the op tables) as source, its parameters
    replaced by ``args`` and the globals it names bound in ``namespace`` under ``prefix``: the
    generated backward then makes no call for it. None where that is not plainly the same
    (closures, defaults, nested scopes, source not found): the formula is called instead."""
    import ast  # here: plans are made at an op's first use, not at import (ast costs ~6 ms)

    node = _lambda_node(formula)
    if node is None:
        return None
    params = [a.arg for a in node.args.args]
    replace = dict(zip(params, args))
    scope = formula.__globals__
    body = copy.deepcopy(node.body)
    for sub in ast.walk(body):
        if isinstance(sub, ast.Name):
            if sub.id in replace:
                sub.id = replace[sub.id]
            elif sub.id in scope:
                namespace[prefix + sub.id] = scope[sub.id]
                sub.id = prefix + sub.id
            elif not hasattr(builtins, sub.id):
                return None
    return "(" + ast.unparse(body) + ")"


_CO_VARARGS, _CO_VARKEYWORDS = 0x04, 0x08  # inspect's flags
_SCOPED = ("Lambda", "ListComp", "SetComp", "DictComp", "GeneratorExp", "NamedExpr", "Yield",
           "YieldFrom", "Await")  # nodes with a scope or effects of their own: never inlined


def _lambda_node(formula):
    """The ``ast.Lambda`` a formula was made from, or None."""
    import ast
    code = getattr(formula, "__code__", None)
    if code is None or code.co_name != "<lambda>" or code.co_freevars or \
            formula.__defaults__ or formula.__kwdefaults__ or \
            code.co_flags & (_CO_VARARGS | _CO_VARKEYWORDS) or \
            not hasattr(code, "co_positions"):  # Python < 3.11: call the formula
        return None
    starts = {(line, col) for line, _, col, _ in code.co_positions() if line is not None}
    params = list(code.co_varnames[:code.co_argcount])
    found = [node for node in _lambdas_in(code.co_filename).get(code.co_firstlineno, ())
             if [a.arg for a in node.args.args] == params
             and not node.args.kwonlyargs and not node.args.posonlyargs
             and any((sub.lineno, sub.col_offset) in starts for sub in ast.walk(node.body)
                     if hasattr(sub, "lineno"))]
    if len(found) != 1 or any(type(sub).__name__ in _SCOPED for sub in ast.walk(found[0].body)):
        return None
    return found[0]


@functools.lru_cache(maxsize=None)
def _lambdas_in(filename):
    """The lambdas of a module's source by first line (just them: the module's tree is freed)."""
    import ast
    try:
        tree = ast.parse("".join(linecache.getlines(filename)))
    except (SyntaxError, ValueError):
        return {}
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Lambda):
            found.setdefault(node.lineno, []).append(node)
    return found


def _reduce_all(results, meta):
    for i, m in enumerate(meta):
        if m is not None and results[i] is not None:
            results[i] = _reduce_to(results[i], *m)
    return results


def _plan_class(base, plan, apply):
    attrs = {"__slots__": (), "__module__": base.__module__, "_plan": plan,
             "_frees": plan.saves_tensors}
    if apply is not None:
        attrs["_apply"], attrs["_apply_free"] = apply
    cls = type(base.__name__, (base,), attrs)
    cls.__qualname__ = base.__qualname__
    NODE_CLASSES.append(cls)
    return cls


def _saver(saves, name, flat=None):
    """``save(inputs, arrays, out, version, params) -> (saved, checks)`` for one plan: what the
    node keeps, and (index, tensor, version counter, version) for each saved tensor, so that
    backward can refuse values changed in place since. Callers skip plans that save nothing.
    A Python number standing for a saved input (``x * 0.5``) has no version to check.
    ``flat=n``: the same for an op of ``n`` inputs, taking them one by one instead of in tuples
    (``save(x0, x1, a0, a1, out, version, params)``), for ``operator_method`` and ``unary``."""
    values, checks, tensors, used = [], [], [], []  # checks: (input index or None, source)
    for position, (kind, key) in enumerate(saves):
        if kind in (_INPUT, _SHAPE) and key not in used:
            used.append(key)
        if kind == _INPUT:
            values.append(f"(a{key}[()] if type(a{key}) is ndarray and not a{key}.ndim and "
                          f"type(out) is not ndarray else a{key})")  # as _saved_value
            checks.append((key, f"({position}, x{key}, c{key}, c{key}[0])"))
            if key not in tensors:
                tensors.append(key)
        elif kind == _RESULT:
            values.append("out")
            checks.append((None, f"({position}, None, version, version[0])"))
        elif kind == _SHAPE:
            values.append(f"(a{key}.shape if type(a{key}) is ndarray else shape_of(a{key}))")
        elif kind == _SHAPES:
            values.append("tuple(shape_of(a) for a in arrays)")
        else:
            values.append(f"params[{key}]")
    if not CODEGEN:
        general = functools.partial(_save_any, saves)
        if flat is None:
            return general
        return lambda *args: general(args[:flat], args[flat:2 * flat], *args[2 * flat:])
    if flat is None:
        lines = [f"def {name}(inputs, arrays, out, version, params):"]
        lines += [f"    x{key} = inputs[{key}]" for key in tensors]
        lines += [f"    a{key} = arrays[{key}]" for key in used]
        tuples = "inputs, arrays"
    else:
        args = [f"x{i}" for i in range(flat)] + [f"a{i}" for i in range(flat)]
        lines = [f"def {name}({', '.join(args)}, out, version, params):"]
        if any(kind == _SHAPES for kind, _ in saves):
            lines.append("    arrays = (" + "".join(f"a{i}, " for i in range(flat)) + ")")
        tuples = ("(" + "".join(f"x{i}, " for i in range(flat)) + "), ("
                  + "".join(f"a{i}, " for i in range(flat)) + ")")
    if len(tensors) == 1:  # the one saved input may be a number: then only the result's check
        lines += [f"    if not isinstance(x{tensors[0]}, Tensor):",
                  "        " + _returning(values, [c for key, c in checks if key is None])]
    elif tensors:  # several: numbers among them are rare enough for the general loop
        lines += ["    if not (" + " and ".join(f"isinstance(x{k}, Tensor)" for k in tensors) + "):",
                  f"        return _save_any(saves, {tuples}, out, version, params)"]
    for k in tensors:  # the version counters, made here if the tensors have none yet
        lines += [f"    c{k} = x{k}._vc", f"    if c{k} is None:", f"        c{k} = x{k}._vc = [0]"]
    lines.append("    " + _returning(values, [c for _, c in checks]))
    namespace = {"Tensor": Tensor, "ndarray": np.ndarray, "shape_of": np.shape,
                 "_save_any": _save_any, "saves": saves}
    return _compile("\n".join(lines) + "\n", name, namespace)


def _returning(values, checks):
    return ("return (" + "".join(v + ", " for v in values) + "), ("
            + "".join(c + ", " for c in checks) + ")")


def _saved_value(a, out):
    """What a node keeps of an input array: a 0-d array as its NumPy scalar when the result is
    one too (so are the gradients then), whose arithmetic in the backward formulas costs a
    tenth of a ufunc call on 0-d arrays, with the same bits; beside an array result, the 0-d
    array (``grad * array(0.5)`` costs half ``grad * float32(0.5)``). (A saved copy can't go
    stale unnoticed: the version check still guards the input.)"""
    return a[()] if type(a) is np.ndarray and not a.ndim and type(out) is not np.ndarray else a


def _save_any(saves, inputs, arrays, out, version, params):
    saved, checks = [], []
    for kind, key in saves:
        if kind == _INPUT:
            x = inputs[key]
            if isinstance(x, Tensor):
                checks.append((len(saved), x, x._version_counter, x._version_counter[0]))
            saved.append(_saved_value(arrays[key], out))
        elif kind == _RESULT:
            checks.append((len(saved), None, version, version[0]))
            saved.append(out)
        elif kind == _SHAPE:
            a = arrays[key]
            saved.append(a.shape if type(a) is np.ndarray else np.shape(a))
        elif kind == _SHAPES:
            saved.append(tuple(np.shape(a) for a in arrays))
        else:
            saved.append(params[key])
    return tuple(saved), tuple(checks)


# -- node classes ------------------------------------------------------------------------------
def _node_class(modern, base, op, legacy, scalar_inputs=()):
    names = {"modern": ("builtins", modern)}
    for era, qualified in legacy.items():
        module, _, name = qualified.rpartition(".")
        if not module.startswith("torch."):  # relative to the era's usual module
            module = LEGACY_MODULES[era] + (("." + module) if module else "")
        names[era] = (module, name)
    # _scalar_inputs: positions where a Python number stood; torch 0.x had no edge for them.
    cls = type(modern, (base,), {"__slots__": (), "__module__": "builtins", "_op": op,
                                 "_era_names": names, "_scalar_inputs": scalar_inputs})
    NODE_CLASSES.append(cls)
    return cls


# Where each era's node classes lived: 0.2's Python backward classes were made in
# torch.autograd.function; 0.1's forward Functions in torch.autograd._functions.<file>.
LEGACY_MODULES = {"0.2": "torch.autograd.function", "0.1": "torch.autograd._functions"}


def rename_node_classes(style):
    """Give every node class its name in ``style`` (the modern name where the era has none)."""
    for cls in NODE_CLASSES:
        module, name = cls._era_names.get(style) or cls._era_names["modern"]
        cls.__name__ = cls.__qualname__ = name
        cls.__module__ = module


class OpNode(Node):
    """The backward node of a table op."""

    # _checks: (index, tensor, version counter, version) of the saved tensors, often ().
    __slots__ = ("_saved", "_checks")
    _plan = None    # set by each plan's node class (_plan_class)
    _meta = None    # per input (shape, dtype) when its gradient needs reducing or casting
    __init__ = object.__init__  # _make_node sets what a node needs

    def _apply(self, grads, create_graph):
        saved = self._saved
        if saved is RELEASED:
            raise backward_twice()
        checks = self._checks
        if checks:
            for check in checks:
                if check[2][0] != check[3]:
                    self._verify(saved)  # raises, naming the modified tensor
            if create_graph:
                saved = self._saved_as_tensors(saved)
        elif create_graph and saved:
            saved = self._saved_as_tensors(saved)
        results = self._plan.run(grads[0] if self.n_outputs == 1 else self._gather(grads),
                                 saved, self._next)
        meta = self._meta
        return results if meta is None else _reduce_all(results, meta)

    def _verify(self, saved):
        for index, tensor, counter, version in self._checks:
            if counter[0] != version:
                raise version_mismatch(tensor if tensor is not None else self._result_view(saved),
                                       counter[0], version, self, index)

    def _gather(self, grads):
        return grads[0]

    def _saved_as_tensors(self, saved):
        """Saved inputs as their Tensors and the result as a Tensor of this node, so that the
        formulas build a graph of the backward pass (create_graph)."""
        values = list(saved)
        for index, tensor, counter, _ in self._checks:
            values[index] = tensor if tensor is not None else Tensor._make(
                saved[index], grad_fn=self, version=counter)
        return values

    def _result_view(self, saved):
        return Tensor._make(saved[self._plan.result_index], grad_fn=self)

    # -- torch's view of the tensors (and shapes) a node saved: node._saved_self, ... --------
    def __getattr__(self, name):
        key = _SAVED_NAMES.get(name[7:], name[7:]) if name.startswith("_saved_") else None
        if key is None or key not in self._tensors_saved():
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        if self._saved is RELEASED:
            raise backward_twice()
        index = self._plan.names.index(key)
        value = self._saved_as_tensors(self._saved)[index]
        if key.endswith("_shape"):
            return tuple(int(n) for n in value)
        return value if isinstance(value, Tensor) else Tensor._make(np.asarray(value))

    def __dir__(self):
        torch_names = {ours: theirs for theirs, ours in _SAVED_NAMES.items()}
        return [*super().__dir__(),
                *(f"_saved_{torch_names.get(name, name)}" for name in self._tensors_saved())]

    def _tensors_saved(self):
        """The names of the inputs, result and input shapes saved (parameters are ours)."""
        plan = self._plan
        return [name for name, (kind, _) in zip(plan.names, plan.saves)
                if kind in (_INPUT, _RESULT, _SHAPE)]

    def _release(self):
        if self._plan.saves_tensors:
            self._saved = RELEASED
            self._checks = ()


class MultiOutputNode(OpNode):
    """A node with several differentiable outputs (split, unbind): outputs that got no gradient
    get zeros, so the formula sees one gradient per output."""

    __slots__ = ("n_outputs", "_out_meta")

    def _gather(self, grads):
        filled = []
        for grad, (shape, dtype) in zip(grads, self._out_meta):
            if grad is None:
                grad = np.zeros(shape, dtype)
                if any(isinstance(g, Tensor) for g in grads):
                    grad = Tensor._make(grad)
            filled.append(grad)
        return filled


def _reduce_to(grad, shape, dtype):
    """Undo broadcasting (sum over the broadcast dimensions) and match the input's dtype."""
    if grad.shape != shape:
        grad = sum_to(grad, shape)
    if grad.dtype != dtype:
        if _kind(grad) == "c" and np.dtype(dtype).kind != "c":
            grad = grad.real  # a real input of a complex op: the real part, as torch's
        grad = grad.to(_dtype.from_numpy_dtype(dtype)) if isinstance(grad, Tensor) \
            else np.asarray(grad).astype(dtype)
    return grad


def _kind(x):
    return (x._data if isinstance(x, Tensor) else np.asarray(x)).dtype.kind


def sum_to(grad, shape):
    """Sum ``grad`` (array or Tensor) down to ``shape``, the inverse of broadcasting to it."""
    key = (grad.shape, shape)
    how = _SUM_TO.get(key)
    if how is None:
        how = _sum_to_axes(grad.shape, shape)
    axes, lead_only, lead = how
    if isinstance(grad, np.ndarray) or np.isscalar(grad):
        if lead_only:  # only new leading axes (a bias): one reduce
            return np.add.reduce(grad, axis=axes)
        out = np.sum(grad, axis=axes, keepdims=True) if axes else grad
        return np.reshape(out[(0,) * lead] if lead else out, shape)
    out = grad.sum(dim=axes, keepdim=True) if axes else grad
    return out.reshape(shape)


_SUM_TO = {}  # (gradient shape, input shape) -> how sum_to reduces: the same few pairs recur
_SUM_TO_SIZE = 1024  # shapes that keep changing beyond this: start again rather than grow


def _sum_to_axes(grad_shape, shape):
    lead = len(grad_shape) - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(shape) if n == 1 and grad_shape[i + lead] != 1)
    how = (axes, bool(axes) and len(axes) == lead and bool(shape), lead)
    if len(_SUM_TO) >= _SUM_TO_SIZE:
        _SUM_TO.clear()
    _SUM_TO[(grad_shape, shape)] = how
    return how


# -- running an op ---------------------------------------------------------------------------
class _EraHook:
    """Set by a legacy era: ``hook(results, inputs)`` carries Variable-ness and volatility from
    inputs to results (0.1/0.2 rules). None in the modern era, costing one check per op.
    ``style``: the era ops run in, for the few functions whose results differ by era.
    ``release``: a legacy era's ``OpNode._release`` (0.x kept constant ops' buffers), which
    the plans' ``_apply_free`` then calls instead of freeing as torch does now."""
    hook = None
    style = "modern"
    release = None


ERA = _EraHook()


def call(op, inputs, params=(), scalar=False, cast=None):
    """Run ``op`` on ``inputs`` (Tensors, or Python numbers where the op allows), recording a node
    when grad mode is on and an input requires grad. ``cast``: the NumPy dtype the op computes in
    (type promotion), whose gradients are cast back to each input's dtype. ``scalar``: a Python
    number stands for a tensor input (the era's legacy name differs). Returns a Tensor, or a
    tuple of them for ops with several outputs.

    This is the hot path of every op, hence the unrolled cases for one and two inputs."""
    n = len(inputs)
    record = _grad_mode.STATE.enabled
    if n == 1:
        x = inputs[0]
        given = (x._raw if type(x._raw) is np.ndarray else x._data,)
        mask = (True,) if record and (x._grad_fn is not None or x._requires_grad) else None
    elif n == 2:
        x, y = inputs
        a = x._raw
        if type(a) is not np.ndarray:
            a = x._data
        if isinstance(y, Tensor):
            b = y._raw
            if type(b) is not np.ndarray:
                b = y._data
        else:
            b = y
        given = (a, b)
        mask = None
        if record:
            mx = x._grad_fn is not None or x._requires_grad
            my = isinstance(y, Tensor) and (y._grad_fn is not None or y._requires_grad)
            if mx or my:
                mask = (mx, my)
    else:
        given = tuple(x._data if isinstance(x, Tensor) else x for x in inputs)
        mask = None
        if record:
            mask = tuple(isinstance(x, Tensor) and (x._grad_fn is not None or x._requires_grad)
                         for x in inputs)
            if True not in mask:
                mask = None
    if cast is not None:
        arrays = tuple(a.astype(cast) if isinstance(a, np.ndarray) and a.dtype != cast else a
                       for a in given)
    elif given[0].dtype.kind == "V" and not op.view:  # bfloat16 (ml_dtypes): computed in
        return _call_in_float32(op, inputs, params, scalar)  # float32, as torch's; views share
    else:
        arrays = given
    if op.quiet:
        token = FP_STATE.set(FP_QUIET)
        try:
            out = op.forward(*arrays, *params)
        finally:
            FP_STATE.reset(token)
    elif params:
        out = op.forward(*arrays, *params)
    elif n == 2:
        out = op.forward(arrays[0], arrays[1])
    elif n == 1:
        out = op.forward(arrays[0])
    else:
        out = op.forward(*arrays)
    if op.outputs != 1:
        return _wrap_many(op, inputs, params, out, mask, arrays, given)
    version = inputs[0]._version_counter if op.view else None  # None: made when needed
    if type(out) is not np.ndarray and (op.view or type(out) not in _FLOAT_SCALARS):
        out = np.asarray(out)  # (a 0-d float result may stay a scalar: see Tensor._raw)
    result = _new_tensor(Tensor)
    result._raw, result._requires_grad, result._vc = out, False, version
    if mask is None:
        result._grad_fn = None
        if not record and _grad_mode.STATE.inference:
            result._flags = INFERENCE
    else:
        result._grad_fn = _make_node(op, inputs, params, arrays, given, out, mask,
                                     version or result, scalar)
    if op.view:
        track(result, inputs[0], record)
    if ERA.hook is not None:
        ERA.hook((result,), inputs)
    return result


_FLOAT32 = np.dtype(np.float32)


def _call_in_float32(op, inputs, params, scalar):
    """An op of bfloat16 tensors: torch computes in float32 and rounds the result once to
    bfloat16 (a composite forward such as sigmoid rounded at every step would differ). The
    node saves the float32 values; the gradients are rounded to each input's dtype."""
    bfloat16 = inputs[0]._raw.dtype
    result = call(op, inputs, params, scalar, cast=_FLOAT32)
    if any(isinstance(p, (np.dtype, type)) for p in params):  # an explicit result dtype
        return result
    for r in (result if isinstance(result, tuple) else (result,)):
        if r._raw.dtype == _FLOAT32:
            r._data = r._data.astype(bfloat16)
    return result


def operator_method(op, ufunc, params, general):
    """The Python operator ``x + y`` (``x * y``...) as a Tensor method: ``call`` for the hottest
    case of learners' notebooks, written out. Float tensors of one dtype, or a float tensor and
    a Python number (``scalar``), are computed here; everything else (promotion, ints,
    broadcasting errors, other operand types) goes to ``general(x, y)``, which has torch's rules
    and messages. 0-d operands are computed as NumPy scalars with the Python operator (NumPy's
    scalar math: the ufunc's bits at a fraction of its cost) and the result is kept as its
    scalar (``Tensor._raw``); other shapes with ``ufunc``, the op's forward."""
    scalar_math = _SCALAR_MATH[ufunc]

    def method(x, y):
        a = x._raw
        if type(a) is _ndarray:
            dtype = a.dtype
            if dtype.kind != "f":
                return general(x, y)
            if a.ndim:
                fn = ufunc
            else:  # 0-d operands are computed (and saved) as their scalars
                a, fn = a[()], scalar_math
        else:  # a 0-d tensor's scalar
            dtype = _FLOAT_SCALARS.get(type(a))
            if dtype is None:
                return general(x, y)
            fn = scalar_math
        if isinstance(y, Tensor):
            b = y._raw
            if type(b) is _ndarray:
                if b.dtype is not dtype:
                    return general(x, y)
                if b.ndim:
                    fn = ufunc
                elif fn is scalar_math:
                    b = b[()]
            elif _FLOAT_SCALARS.get(type(b)) is not dtype:
                return general(x, y)
            scalar = False
        elif type(y) is float or type(y) is int:
            b = scalar_array(y, dtype) if fn is ufunc else scalar_value(y, dtype)
            if b is None:
                return general(x, y)
            scalar = True
        else:
            return general(x, y)
        if op.quiet:
            token = FP_STATE.set(FP_QUIET)
            try:
                out = fn(a, b)
            except ValueError:  # shapes that don't broadcast: torch's message from general
                return general(x, y)
            finally:
                FP_STATE.reset(token)
        else:
            try:
                out = fn(a, b)
            except ValueError:
                return general(x, y)
        result = _new_tensor(Tensor)
        result._raw, result._requires_grad, result._vc = out, False, None
        state = _grad_mode.STATE
        if state.enabled:
            fx = x._grad_fn
            mx = fx is not None or x._requires_grad
            if scalar:
                my = False
            else:
                fy = y._grad_fn
                my = fy is not None or y._requires_grad
            if mx or my:  # _make_node, unrolled for two same-dtype elementwise operands
                plan = op._pair[mx + my + my]
                if plan is None:
                    plan = op._pair[mx + my + my] = op.plan((mx, my))
                node = (plan.scalar_node_class if scalar else plan.node_class)()
                node._seq = next(_sequence)
                node._buf = None
                node._next = (
                    ((fx, x._output_nr) if fx is not None else (grad_accumulator(x), 0))
                    if mx else _NO_EDGE,
                    ((fy, y._output_nr) if fy is not None else (grad_accumulator(y), 0))
                    if my else _NO_EDGE)
                if plan.saves:
                    version = result._vc = [0] if plan.result_index is not None else None
                    node._saved, node._checks = plan.save_flat(x, y, a, b, out, version, params)
                else:
                    node._saved = node._checks = ()
                if fn is ufunc:
                    shape = out.shape
                    if mx and a.shape != shape or my and b.shape != shape:  # _broadcast_meta
                        node._meta = (
                            (np.shape(a), dtype) if mx and np.shape(a) != shape else None,
                            (np.shape(b), dtype) if my and np.shape(b) != shape else None)
                result._grad_fn = node
            else:
                result._grad_fn = None
        else:
            result._grad_fn = None
            if state.inference:
                result._flags = INFERENCE
        if ERA.hook is not None:
            ERA.hook((result,), (x, y))
        return result
    return method


# The operators of ``operator_method``'s ufuncs, for 0-d operands (checked bit for bit against the ufuncs
# in every float dtype: tests/test_scalar_math.py).
_SCALAR_MATH = {np.add: operator.add, np.subtract: operator.sub, np.multiply: operator.mul,
                np.true_divide: operator.truediv}


def unary(op, x):
    """``call`` for an elementwise op of one float tensor without parameters (``x.tanh()``)."""
    a = x._raw
    if type(a) is not np.ndarray:  # the forward gets an array, as from call(); a 0-d result
        a = x._data                 # stays a scalar
    if op.quiet:
        token = FP_STATE.set(FP_QUIET)
        try:
            out = op.forward(a)
        finally:
            FP_STATE.reset(token)
    else:
        out = op.forward(a)
    if type(out) is not np.ndarray and type(out) not in _FLOAT_SCALARS:
        out = np.asarray(out)
    result = _new_tensor(Tensor)
    result._raw, result._requires_grad, result._vc = out, False, None
    state = _grad_mode.STATE
    fx = x._grad_fn
    if state.enabled and (fx is not None or x._requires_grad):  # _make_node, unrolled
        plan = op._pair[4]
        if plan is None:
            plan = op._pair[4] = op.plan(_ONE)
        node = plan.node_class()
        node._seq = next(_sequence)
        node._buf = None
        node._next = ((fx, x._output_nr) if fx is not None else (grad_accumulator(x), 0),)
        if plan.saves:
            version = result._vc = [0] if plan.result_index is not None else None
            node._saved, node._checks = plan.save_flat(x, a, out, version, ())
        else:
            node._saved = node._checks = ()
        result._grad_fn = node
    else:
        result._grad_fn = None
        if not state.enabled and state.inference:
            result._flags = INFERENCE
    if ERA.hook is not None:
        ERA.hook((result,), (x,))
    return result


_SCALAR_ARRAYS = {}  # dtype.num -> {Python number: read-only 0-d array of that dtype}
_SCALAR_ARRAYS_SIZE = 512  # per dtype; a loop over more constants starts again rather than grow
_EXACT_IN_FLOAT = 2 ** 53  # integers of smaller magnitude are exact in a float64


def scalar_array(number, dtype):
    """A Python number as a 0-d array of ``dtype``, cached: NumPy computes ``array * 0.5`` at
    twice the cost of ``array * array(0.5)``. None for numbers the cache must not hold: zeros
    (0.0 and -0.0 are equal keys with different results), NaN (never equal to itself) and
    integers a float cannot hold exactly."""
    table = _SCALAR_ARRAYS.get(dtype.num)
    if table is None:
        table = _SCALAR_ARRAYS[dtype.num] = {}
    value = table.get(number)
    if value is None:
        if not number or number != number or (
                type(number) is int and not -_EXACT_IN_FLOAT < number < _EXACT_IN_FLOAT):
            return None
        if len(table) >= _SCALAR_ARRAYS_SIZE:
            table.clear()
        value = table[number] = np.array(number, dtype)
        value.flags.writeable = False
    return value


_SCALAR_VALUES = {}  # dtype.num -> {Python number: the NumPy scalar of that dtype}


def scalar_value(number, dtype):
    """``scalar_array``'s number as a NumPy scalar, the other operand of a 0-d tensor's scalar
    (same rules, its own cache)."""
    table = _SCALAR_VALUES.get(dtype.num)
    if table is None:
        table = _SCALAR_VALUES[dtype.num] = {}
    value = table.get(number)
    if value is None:
        array = scalar_array(number, dtype)
        if array is None:
            return None
        if len(table) >= _SCALAR_ARRAYS_SIZE:
            table.clear()
        value = table[number] = array[()]
    return value


def _edge(x):
    fn = x._grad_fn
    return (fn, x._output_nr) if fn is not None else edge_of(x)


def _make_node(op, inputs, params, arrays, given, out, mask, version, scalar):
    """The node of one op call. ``version``: the result's version counter, or the result
    Tensor itself, whose counter is then made only if the node saves the result."""
    if (out.dtype.kind if out is not None else _kind(arrays[0])) == "c" and op.holomorphic:
        plan = op._complex_plans.get(mask) or op.complex_plan(mask)
    else:
        plan = op._plans.get(mask) or op.plan(mask)
    node = (plan.scalar_node_class if scalar else plan.node_class)()
    node._seq = next(_sequence)
    node._buf = None
    if len(mask) == 2:
        x, y = inputs
        node._next = (((x._grad_fn, x._output_nr) if x._grad_fn is not None else edge_of(x))
                      if mask[0] else _NO_EDGE,
                      ((y._grad_fn, y._output_nr) if y._grad_fn is not None else edge_of(y))
                      if mask[1] else _NO_EDGE)
    elif len(mask) == 1:
        node._next = (_edge(inputs[0]),)
    else:
        node._next = tuple(_edge(x) if needs else _NO_EDGE for x, needs in zip(inputs, mask))
    if plan.saves:
        if type(version) is not list:  # the result: its counter, if the node saves it
            result, version = version, None
            if plan.result_index is not None:
                version = result._vc
                if version is None:
                    version = result._vc = [0]
        node._saved, node._checks = plan.save(inputs, arrays, out, version, params)
    else:
        node._saved = node._checks = ()
    if op.grads_match_inputs or op.variadic or arrays is not given:  # shapes or dtypes may differ
        meta = _broadcast_meta(given, mask, out)
        if meta is not None:
            node._meta = meta
    return node


_NO_EDGE = (None, 0)
_ONE = (True,)
_new_tensor = object.__new__  # call() fills the four slots itself: the hottest constructor
_ndarray = np.ndarray


def _broadcast_meta(given, mask, out):
    """(shape, dtype) of the inputs whose gradient will need reducing or casting; None when
    every input needing grad already has the output's shape and dtype (the common case)."""
    if out is not None and len(given) == 2:
        a, b = given
        shape, dtype = out.shape, out.dtype
        if (not mask[0] or (a.shape == shape and a.dtype == dtype)) and \
                (not mask[1] or (b.shape == shape and b.dtype == dtype)):
            return None
    if out is not None and len(given) == 1:  # a one-input op whose output shape may differ
        a = given[0]
        if a.shape == out.shape and a.dtype == out.dtype:
            return None
        return ((a.shape, a.dtype),)
    meta = None
    for i, (a, needs) in enumerate(zip(given, mask)):
        if needs and out is not None and (a.shape != out.shape or a.dtype != out.dtype):
            if meta is None:
                meta = [None] * len(given)
            meta[i] = (a.shape, a.dtype)
    return meta if meta is None else tuple(meta)


def _wrap_many(op, inputs, params, outs, mask, arrays, given):
    outs = [o if type(o) is np.ndarray else np.asarray(o) for o in outs]
    version = inputs[0]._version_counter if op.view else None
    if mask is None:
        results = tuple(Tensor._make(o, version=version or [0]) for o in outs)
    else:
        node = _make_node(op, inputs, params, arrays, given, None, mask, version or [0], False)
        node.n_outputs = len(outs)
        node._out_meta = tuple((o.shape, o.dtype) for o in outs)
        results = tuple(Tensor._make(o, grad_fn=node, output_nr=i, version=version or [0])
                        for i, o in enumerate(outs))
    if op.view:
        for r in results:
            track(r, inputs[0], _grad_mode.STATE.enabled, multi=True)
    if ERA.hook is not None:
        ERA.hook(results, inputs)
    return results


def defop(name, forward, node, *, inputs=("self",), params=(), grads_match_inputs=False,
          view=False, outputs=1, variadic=False, legacy=None, scalar_legacy=None,
          tensor_params=(), quiet=False, holomorphic=True, **formulas):
    """Declare an op: see the module docstring. Returns the ``Op``.

    ``grads_match_inputs``: each input's gradient is brought back to that input's shape (the
    broadcast dims summed) and dtype (cast back after type promotion), centrally, in
    ``OpNode._apply``; for ops whose inputs may broadcast or be promoted.

    ``quiet``: the forward can turn finite inputs into inf or nan in ordinary use (domains,
    division, overflow of exponentials), so it runs with NumPy's floating-point warnings off,
    silently, as torch's does. Setting that state costs about as much as a tiny op, so the
    other ops skip it.

    ``holomorphic``: on complex results, the formulas run on the conjugates of the saved
    values (see ``_ConjugatePlan``); False for ops whose formulas handle complex values
    themselves (abs, angle, real, imag, ...)."""
    unknown = set(formulas) - set(inputs)
    if unknown:
        raise TypeError(f"op {name!r}: formulas for unknown inputs {sorted(unknown)}")
    op = Op(name, forward, node, tuple(inputs), tuple(params), formulas, grads_match_inputs,
            view, outputs, variadic, legacy, scalar_legacy)
    op.tensor_params = tuple(tensor_params)  # params torch saves as tensors (index arrays)
    op.quiet = quiet
    op.holomorphic = holomorphic
    OPS[name] = op
    return op
