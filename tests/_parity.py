"""The parity harness: run the same code on autograd_nb and on torch, and compare what came out.

A case is a string of PyTorch code; ``torch`` is bound to the library under test. Statements run
in order and the value of the last expression (as in a notebook cell) is the result. Before it,
``PRELUDE`` defines the leaves ``x``, ``y`` (2x2), ``v``, ``w`` (length 2) and ``s`` (0-d), all
requiring grad, and ``a``, ``b`` that don't.

``same(code)`` compares the two outcomes: values (float32 tolerance), dtypes (``str``), shapes,
``requires_grad``, ``is_leaf``, the grad_fn and its whole ``next_functions`` graph (node names and
``None`` positions), reprs (addresses masked), the gradients a backward pass from the result
sends to the prelude's leaves, and the warnings emitted; or, when the code raises, the exception
type and message (addresses and paths masked).
"""
import ast
import math
import re
import textwrap
import warnings

import numpy as np

import autograd_nb

PRELUDE = """
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = torch.tensor([[0.5, -1.], [2., 0.25]], requires_grad=True)
v = torch.tensor([1., -2.], requires_grad=True)
w = torch.tensor([0.5, 3.], requires_grad=True)
s = torch.tensor(1.5, requires_grad=True)
a = torch.tensor([[1., -2.], [0., 3.]])
b = torch.tensor([2., 0.5])
"""
LEAVES = ("x", "y", "v", "w", "s")




def mask(text):
    """Addresses and file paths vary between runs and machines."""
    text = re.sub(r" \(Triggered internally at [^)]*\)", "", text)  # torch's C++ source line
    text = re.sub(r"0x[0-9a-fA-F]+", "0x…", text)
    return re.sub(r"(/[\w.\-]+)+\.py", "<file>", text)


# -- running a case ---------------------------------------------------------------------------
class Raised:
    """The outcome of code that raised."""

    def __init__(self, exc):
        self.type = type(exc).__name__
        self.message = mask(str(exc))

    def __repr__(self):
        return f"{self.type}: {self.message}"


def run(code, lib, prelude=PRELUDE):
    """(result or Raised, namespace, warnings) of ``code`` with ``torch`` bound to ``lib``."""
    namespace = {"torch": lib, "np": np, "math": math}
    exec(prelude, namespace)
    tree = ast.parse(textwrap.dedent(code))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(compile(tree, "<case>", "exec"), namespace)
            result = (eval(compile(ast.Expression(last.value), "<case>", "eval"), namespace)
                      if last is not None else None)
        except Exception as exc:  # noqa: BLE001 - the exception is the outcome
            result = Raised(exc)
    return result, namespace, [(w.category.__name__, mask(str(w.message))) for w in caught]


# -- describing an outcome as plain data -------------------------------------------------------
def describe(value, lib, graphs=True):
    """A plain-data picture of ``value`` (tensors, nodes, tuples, numbers...), library-neutral.

    Float values stay arrays so that ``compare`` can apply a tolerance."""
    if isinstance(value, Raised):
        return ("raised", value.type, value.message)
    if isinstance(value, lib.Tensor):
        return describe_tensor(value, lib, graphs)
    if isinstance(value, lib.dtype):
        return ("dtype", str(value))
    if type(value).__name__ == "Size":
        return ("Size", tuple(value), repr(value))
    if hasattr(value, "next_functions") or type(value).__name__ == "AccumulateGrad":
        return ("node", graph(value) if graphs else type(value).__name__)
    if isinstance(value, tuple) and type(value) is not tuple:  # torch.return_types.*
        return (type(value).__name__,) + tuple(describe(v, lib, graphs) for v in value)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__,) + tuple(describe(v, lib, graphs) for v in value)
    if isinstance(value, dict):
        return ("dict",) + tuple((k, describe(v, lib, graphs)) for k, v in value.items())
    if isinstance(value, float):
        return ("float", np.float64(value))
    if isinstance(value, (bool, int, str, type(None), complex)):
        return (type(value).__name__, value if not isinstance(value, str) else mask(value))
    if isinstance(value, np.ndarray):
        return ("ndarray", str(value.dtype), value.copy())
    if callable(value) and hasattr(value, "__name__"):
        return ("callable", value.__name__)
    return (type(value).__name__, mask(repr(value)))


def describe_tensor(t, lib, graphs=True):
    """``graphs`` False: not the graph behind ``t`` (nor its repr, which names its grad_fn)."""
    detached = t.detach()
    if str(t.dtype) == "torch.bfloat16":  # NumPy has no bfloat16: compared as float32
        detached = detached.float()
    data = detached.numpy()
    return {
        "repr": mask(repr(t)) if graphs else None,
        "dtype": str(t.dtype),
        "shape": tuple(t.shape),
        "values": data.copy(),
        "requires_grad": t.requires_grad,
        "is_leaf": t.is_leaf,
        "graph": graph(t.grad_fn) if graphs else None,
    }


def graph(node, _seen=None):
    """(name, (child, ...)) for a backward graph; leaves' AccumulateGrad nodes name their tensor's
    shape; a node already seen is named again without its children."""
    if node is None:
        return None
    name = type(node).__name__
    if name == "AccumulateGrad":
        return (name, tuple(node.variable.shape))
    _seen = set() if _seen is None else _seen
    if id(node) in _seen:
        return (name, "…")
    _seen.add(id(node))
    return (name, tuple((graph(child, _seen), nr) if child is not None else None
                        for child, nr in node.next_functions))


def weighted_grads(result, namespace, lib):
    """The gradients a backward pass from ``result`` (weighted, so that a wrong sum shows) sends
    to the prelude's leaves; None for leaves it does not reach."""
    if not isinstance(result, lib.Tensor) or not result.requires_grad:
        return None
    if not result.dtype.is_floating_point:
        return None
    leaves = [namespace[n] for n in LEAVES]
    weights = lib.linspace(-1.0, 2.0, result.numel()).reshape(result.shape)
    try:
        grads = lib.autograd.grad((result * weights.to(result.dtype)).sum(), leaves,
                                  allow_unused=True, retain_graph=True)
    except Exception as exc:  # noqa: BLE001
        return ("raised", type(exc).__name__, mask(str(exc)))
    return tuple(None if g is None else describe_tensor(g, lib) for g in grads)


def outcome(code, lib, grads=True, prelude=PRELUDE, check_warnings=True, graphs=True):
    """Everything ``same`` compares, for one library."""
    result, namespace, caught = run(code, lib, prelude)
    out = {"result": describe(result, lib, graphs),
           "warnings": caught if check_warnings else None}
    if grads:
        out["grads"] = weighted_grads(result, namespace, lib)
    return out


# -- comparing --------------------------------------------------------------------------------
def compare(ours, theirs, path="outcome"):
    """Differences between two described outcomes, as a list of readable lines."""
    if isinstance(ours, np.ndarray) and isinstance(theirs, np.ndarray):
        return _compare_arrays(ours, theirs, path)
    if isinstance(ours, np.floating) and isinstance(theirs, np.floating):
        return _compare_arrays(np.asarray(ours), np.asarray(theirs), path)
    if isinstance(ours, dict) and isinstance(theirs, dict):
        diffs = []
        for key in theirs:
            if key not in ours:
                diffs.append(f"{path}.{key}: missing in autograd_nb")
            else:
                diffs += compare(ours[key], theirs[key], f"{path}.{key}")
        return diffs
    if isinstance(ours, tuple) and isinstance(theirs, tuple) and len(ours) == len(theirs):
        diffs = []
        for i, (o, t) in enumerate(zip(ours, theirs)):
            diffs += compare(o, t, f"{path}[{i}]")
        return diffs
    if type(ours) is not type(theirs) or ours != theirs:
        return [f"{path}:\n  autograd_nb: {ours!r}\n  torch:       {theirs!r}"]
    return []


def _compare_arrays(ours, theirs, path):
    if ours.shape != theirs.shape or ours.dtype != theirs.dtype:
        return [f"{path}: autograd_nb {ours.dtype}{ours.shape} vs torch {theirs.dtype}"
                f"{theirs.shape}"]
    if ours.dtype.kind in "fc":  # complex: the tolerance of its real dtype
        tol = {2: 1e-3, 4: 1e-5, 8: 1e-10}[ours.dtype.itemsize // (2 if ours.dtype.kind == "c"
                                                                    else 1)]
        close = np.allclose(ours, theirs, rtol=tol, atol=tol, equal_nan=True)
    else:
        close = np.array_equal(ours, theirs)
    if not close:
        return [f"{path}:\n  autograd_nb: {ours!r}\n  torch:       {theirs!r}"]
    return []


def same(code, torch, grads=True, prelude=PRELUDE, check_warnings=True, graphs=True):
    """Assert that ``code`` behaves the same on autograd_nb and torch; ``graphs=False`` leaves
    out the backward graph (where autograd_nb deliberately records fewer nodes)."""
    ours = outcome(code, autograd_nb, grads, prelude, check_warnings, graphs)
    theirs = outcome(code, torch, grads, prelude, check_warnings, graphs)
    diffs = compare(ours, theirs)
    assert not diffs, "autograd_nb differs from torch:\n" + "\n".join(diffs)
