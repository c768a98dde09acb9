"""The one registry (``_functions/_registry.py``): torch's namespace and the Tensor methods are
read from the ``export`` declarations, so the add-an-op walk-through of CONTRIBUTING.md is one
``defop``, one exported function and one sweep case."""
import pytest

import autograd_nb as anb
from autograd_nb._functions import _registry
from autograd_nb._ops import OPS
from autograd_nb._tensor import Tensor

from test_op_sweep import CASES

EXPORTS = _registry.EXPORTS


def test_every_exported_function_is_in_the_torch_namespace():
    for e in EXPORTS.values():
        if e.function:
            assert getattr(anb, e.name) is e.value, e.name


def test_the_namespace_lists_each_function_once():
    names = anb._functions.__all__
    assert len(names) == len(set(names))
    assert set(names) == {e.name for e in EXPORTS.values() if e.function}


def test_every_tensor_method_is_an_export_or_its_in_place_variant():
    inplace = {e.name + "_" for e in EXPORTS.values() if e.inplace}
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
