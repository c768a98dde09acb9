"""A node's saved values as torch shows them: ``node._saved_self``, ``_saved_result``, ...

autograd_nb saves only what the formulas of the inputs that need grad use, so a node may list
fewer ``_saved_*`` attributes than torch's; every one it lists exists in torch with the same
value, and reading one after backward freed it raises torch's error.
"""
import numpy as np
import pytest

import autograd_nb

torch = pytest.importorskip("torch")

CASES = ["x * y", "x * 2", "x ** 3", "x.exp()", "x.tanh()", "x.sigmoid()", "x @ y",
         "x.sum(dim=0)", "x.mean()", "x / y", "x.log()", "x.relu()", "x.t()"]


def build(lib, code):
    x = lib.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    y = lib.tensor([[0.5, -1.], [2., 0.25]], requires_grad=True)
    return eval(code, {"x": x, "y": y})


def saved(node):
    return {name: getattr(node, name) for name in dir(node)
            if name.startswith("_saved_") and not callable(getattr(node, name))}


def plain(value):
    if hasattr(value, "detach"):
        return value.detach().numpy().tolist()
    return list(value) if isinstance(value, tuple) else value


@pytest.mark.parametrize("code", CASES)
def test_saved_values_are_a_subset_of_torchs(code):
    ours = saved(build(autograd_nb, code).grad_fn)
    theirs = saved(build(torch, code).grad_fn)
    assert set(ours) <= set(theirs), (set(ours), set(theirs))
    for name, value in ours.items():
        np.testing.assert_allclose(np.asarray(plain(value), dtype=float),
                                   np.asarray(plain(theirs[name]), dtype=float), rtol=1e-6)


def test_a_saved_input_is_the_input_itself():
    x = autograd_nb.ones(2, requires_grad=True)
    assert (x * x).grad_fn._saved_self is x


@pytest.mark.parametrize("lib", [autograd_nb, torch], ids=["autograd_nb", "torch"])
def test_reading_a_freed_saved_value_raises_torchs_error(lib):
    out = build(lib, "x ** 3")
    out.sum().backward()
    with pytest.raises(RuntimeError, match="directly access saved tensors after they have "
                                           "already been freed"):
        out.grad_fn._saved_self


def test_an_unknown_saved_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="'PowBackward0' object has no attribute "
                                             "'_saved_bogus'"):
        build(autograd_nb, "x ** 3").grad_fn._saved_bogus
