"""Tensor object semantics without torch (test_parity_copy.py compares them with torch):
``_version`` is an int, deepcopy keeps views sharing memory, pickle makes leaves."""
import copy
import pickle

import pytest

import autograd_nb as anb


def test_version_is_an_int_shared_by_views():
    a = anb.zeros(3)
    view = a[1:]
    view.add_(1)
    a[0] = 2.
    assert (a._version, view._version) == (2, 2) and type(a._version) is int


def test_deepcopy_keeps_views_of_one_buffer_sharing_it():
    base = anb.arange(6.)
    new_base, new_view = copy.deepcopy([base, base[2:5]])
    new_base[3] = 100.
    assert new_view.tolist() == [2., 100., 4.] and base[3].item() == 3.


def test_deepcopy_of_a_non_leaf_raises():
    with pytest.raises(RuntimeError, match="Only Tensors created explicitly by the user"):
        copy.deepcopy(anb.ones(2, requires_grad=True) * 2)


def test_pickle_turns_a_non_leaf_into_a_leaf_that_requires_grad():
    back = pickle.loads(pickle.dumps(anb.ones(2, requires_grad=True) * 2))
    assert back.is_leaf and back.requires_grad and back.tolist() == [2., 2.]


def test_module_deepcopy_copies_parameters_without_grads():
    model = anb.nn.Linear(2, 2)
    model.weight.grad = anb.ones(2, 2)
    clone = copy.deepcopy(model)
    assert clone.weight is not model.weight and clone.weight.grad is None
    assert clone.weight.tolist() == model.weight.tolist()
