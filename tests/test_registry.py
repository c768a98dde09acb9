"""The one registry (``_functions/_registry.py``): torch's namespace and the Tensor methods are
read from the ``export`` declarations, so the add-an-op walk-through of CONTRIBUTING.md is one
``defop``, one exported function and one sweep case."""
import inspect

import pytest

import autograd_nb as anb
from autograd_nb._functions import _registry
from autograd_nb._ops import OPS
from autograd_nb._core._tensor import Tensor

from test_op_sweep import CASES

EXPORTS = _registry.EXPORTS


def test_every_exported_function_is_in_the_torch_namespace():
    for e in EXPORTS.values():
        if e.function:
            assert getattr(anb, e.name) is e.value, e.name


def test_the_namespace_lists_each_function_once():
    names = anb._functions.__all__
    assert len(names) == len(set(names))
    assert set(names) == {e.name for e in EXPORTS.values() if e.function} | set(
        _registry.inplace_functions(Tensor))


def test_torchs_in_place_functions_are_the_tensor_methods():
    functions = _registry.inplace_functions(Tensor)
    assert {"relu_", "zero_", "fill_", "exp_", "sigmoid_", "clamp_"} <= set(functions)
    x = anb.tensor([-1.0, 2.0])
    assert anb.relu_(x) is x and x.tolist() == [0.0, 2.0]
    assert anb.fill_(x, 3) is x and x.tolist() == [3.0, 3.0]
    with pytest.raises(TypeError, match=r"^zero_\(\): argument 'input' \(position 1\) must be "
                                        r"Tensor, not list$"):
        anb.zero_([1.0])


def test_in_place_bitwise_operators_change_the_tensor():
    x = anb.tensor([True, False])
    alias = x
    x &= anb.tensor([False, True])
    assert x is alias and x.tolist() == [False, False]
    i = anb.tensor([3, 5])
    alias = i
    i |= 2
    i ^= anb.tensor([1, 1])
    assert i is alias and i.tolist() == [2, 6]
    with pytest.raises(RuntimeError, match="result type Long can't be cast to the desired "
                                           "output type Bool"):
        x &= anb.tensor([1, 2])


def test_every_tensor_method_is_an_export_or_its_in_place_variant():
    inplace = {e.name + "_" for e in EXPORTS.values() if e.inplace or (
        e.name + "_" in _registry.TORCH_INPLACE_METHODS and e.name + "_" not in EXPORTS)}
    own = set(vars(Tensor)) - set(_registry.methods(lambda m: m))
    attached = {name for name in vars(Tensor) if not name.startswith("_")} - own
    for name in attached:
        assert name in EXPORTS or name in inplace, name
    for e in EXPORTS.values():
        if e.method is not None:
            assert getattr(Tensor, e.name) is e.method, e.name


def test_a_method_declared_with_its_own_callable_uses_it():
    x = anb.tensor([1.0, -1.0])
    assert x.where(x > 0, 0.0).tolist() == [1.0, 0.0]
    assert x.softmax(0).sum().item() == pytest.approx(1.0)


def test_an_in_place_variant_writes_into_the_tensor():
    x = anb.tensor([1.0, 4.0])
    assert x.sqrt_() is x
    assert x.tolist() == [1.0, 2.0]


def test_exporting_a_name_twice_is_an_error():
    with pytest.raises(ValueError, match="'add' is exported twice"):
        _registry.export(lambda input: input, name="add")
    assert EXPORTS["add"].value is anb.add


def test_every_op_has_a_sweep_case():
    assert set(OPS) == set(CASES)


# Exported functions that never record a graph node (comparisons, predicates, indices, dtype and
# device queries): they have no op, so no sweep case. Any other function must be reached by one.
NO_GRAPH = {"eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less",
            "less_equal", "not_equal", "equal", "allclose", "isclose", "isnan", "isinf",
            "isfinite", "all", "any", "nonzero", "count_nonzero", "argmax", "argmin",
            "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and",
            "bitwise_or", "bitwise_xor", "bitwise_not", "result_type", "promote_types",
            "can_cast", "return_types", "get_device", "is_complex", "is_conj", "resolve_neg"}


def _called_by_the_sweep(monkeypatch):
    """The exported objects some sweep case calls, through torch's namespace or a method, as
    declared (an alias's export and its original's check their arguments under their own names,
    around the one function)."""
    import test_op_sweep as sweep

    called = set()

    def recording(value):
        def call(*args, **kwargs):
            called.add(id(inspect.unwrap(value)))
            return value(*args, **kwargs)
        return call

    for e in EXPORTS.values():
        if callable(e.value):
            if e.function:
                monkeypatch.setattr(anb, e.name, recording(e.value))
            if e.method is not None and inspect.unwrap(e.method) is inspect.unwrap(e.value):
                monkeypatch.setattr(Tensor, e.name, recording(e.method))
    for name, cases in CASES.items():
        for case in cases if isinstance(cases, tuple) else (cases,):
            run = set()
            for fn, arrays in case.inputs(name):
                if fn not in run:  # each call once
                    run.add(fn)
                    fn(anb, *sweep.leaves(arrays))
    return called


def test_every_public_function_is_reached_by_a_sweep_case(monkeypatch):
    called = _called_by_the_sweep(monkeypatch)
    missing = sorted(e.name for e in EXPORTS.values()
                     if e.function and e.name not in NO_GRAPH and e.name not in CASES
                     and id(inspect.unwrap(e.value)) not in called)
    assert missing == [], f"public functions no sweep case calls: {missing}"


def test_no_graph_names_only_exported_functions():
    assert NO_GRAPH <= {e.name for e in EXPORTS.values() if e.function}
