"""Tensor object semantics against torch 2.13: ``_version``, ``copy.copy``, ``copy.deepcopy``
(views keep sharing memory, non-leaves refuse, Modules and Parameters) and ``pickle``. Each case
ends in plain data (or raises), compared between the two libraries."""
import pytest
from _parity import mask, run

import autograd_nb

torch = pytest.importorskip("torch")

SETUP = """
import copy, pickle
x = torch.ones(3, requires_grad=True)
y = x * 2
a = torch.zeros(4)
base = torch.arange(6.)
view = base[2:5]
"""

CASES = {
    # _version: an int, bumped by every in-place change, shared by views and detach()
    "version is an int": "type(a._version).__name__, a._version",
    "version counts in-place ops": "a.add_(1); a[0] = 5; a.mul_(2); a._version",
    "views share the version": "v = a[1:]; v.add_(1); a.sub_(1); (a._version, v._version)",
    "detach shares, .data does not": "d = a.detach(); d.add_(1); a.data.add_(1); a._version",
    "out-of-place leaves it": "b = a + 1; b._version, a._version",
    "setitem on a view": "base[1] = 7.; view[0] = 1.; base._version, view._version",
    # copy.copy: same memory, a new leaf, a fresh counter, attributes kept
    "copy shares memory": "c = copy.copy(a); c[0] = 9.; a[0].item(), c is a, c._version",
    "copy of a leaf": "c = copy.copy(x); c.requires_grad, c.is_leaf, c.grad_fn is None",
    "copy of a non-leaf": "c = copy.copy(y); c.requires_grad, c.is_leaf, c.tolist()",
    "copy keeps attributes": "a.note = 'n'; copy.copy(a).note",
    "copy of a parameter": ("p = torch.nn.Parameter(torch.ones(2)); c = copy.copy(p); "
                            "type(c).__name__, c._version, c.data_ptr() == p.data_ptr()"),
    # copy.deepcopy
    "deepcopy of a non-leaf raises": "copy.deepcopy(y)",
    "deepcopy of a view of a leaf that requires grad raises": "copy.deepcopy(x[1:])",
    "deepcopy of a leaf": ("x.grad = torch.full((3,), 7.); d = copy.deepcopy(x); "
                           "d.requires_grad, d.is_leaf, d.grad.tolist(), d._version, "
                           "d.data_ptr() == x.data_ptr()"),
    "deepcopy keeps views sharing": ("b2, v2 = copy.deepcopy([base, view]); b2[3] = 100.; "
                                     "v2.tolist(), b2._version, v2._version, "
                                     "base[3].item(), v2.stride()"),
    "deepcopy of a view alone": "v = copy.deepcopy(view); v.tolist(), v.stride(), v._version",
    "deepcopy of a transposed view": ("m = torch.arange(6.).reshape(2, 3); m2, t2 = "
                                      "copy.deepcopy((m, m.t())); m2[0, 1] = -1.; "
                                      "t2.tolist(), t2.stride()"),
    "deepcopy memo keeps identity": "l = copy.deepcopy([a, a]); l[0] is l[1]",
    "deepcopy keeps attributes": "a.note = [1]; d = copy.deepcopy(a); d.note, d.note is a.note",
    "deepcopy of an int tensor": "d = copy.deepcopy(torch.tensor([1, 2])); d.dtype, d._version",
    "deepcopy under no_grad result": ("with torch.no_grad():\n    z = x * 2\n"
                                      "copy.deepcopy(z).requires_grad"),
    "deepcopy of a parameter drops its grad": (
        "p = torch.nn.Parameter(torch.ones(2)); p.grad = torch.ones(2); d = copy.deepcopy(p); "
        "type(d).__name__, d.grad, d._version, d.requires_grad"),
    "deepcopy of a frozen parameter": (
        "p = torch.nn.Parameter(torch.ones(2), requires_grad=False); repr(copy.deepcopy(p))"),
    "deepcopy of a module": (
        "m = torch.nn.Linear(2, 2); m.weight.grad = torch.ones(2, 2); d = copy.deepcopy(m); "
        "d.weight is m.weight, d.weight.grad, type(d.weight).__name__, "
        "torch.equal(d.weight, m.weight), d.training, repr(d)"),
    "deepcopy of a module with a shared parameter": (
        "lin = torch.nn.Linear(2, 2); s = torch.nn.Sequential(lin, lin); d = copy.deepcopy(s); "
        "d[0] is d[1], d[0].weight is d[1].weight, len(list(d.parameters()))"),
    "deepcopy of a module after backward": (
        "m = torch.nn.Linear(2, 1); m(torch.ones(1, 2)).sum().backward(); "
        "copy.deepcopy(m).weight.grad"),
    "copy of a module is shallow": (
        "m = torch.nn.Linear(2, 2); c = copy.copy(m); c.weight is m.weight, "
        "c._parameters is m._parameters"),
    # pickle: values copied, a non-leaf comes back a leaf that requires grad, no grad, attributes
    "pickle of a non-leaf": ("p = pickle.loads(pickle.dumps(y)); "
                             "p.is_leaf, p.requires_grad, repr(p)"),
    "pickle drops grad": "x.grad = torch.ones(3); pickle.loads(pickle.dumps(x)).grad",
    "pickle copies memory": ("b2, v2 = pickle.loads(pickle.dumps([base, view])); b2[2] = -1.; "
                             "v2.tolist(), b2._version, v2._version"),
    "pickle keeps attributes": "a.note = 'n'; pickle.loads(pickle.dumps(a)).note",
    "pickle of a parameter": ("p = torch.nn.Parameter(torch.ones(2)); q = pickle.loads("
                              "pickle.dumps(p)); type(q).__name__, q._version, repr(q)"),
    "pickle of a module": ("m = torch.nn.Linear(2, 2); q = pickle.loads(pickle.dumps(m)); "
                           "torch.equal(q.weight, m.weight), q.weight.requires_grad, repr(q)"),
    "pickle of every dtype": ("[str(pickle.loads(pickle.dumps(torch.tensor([1, 0]).to(d))).dtype)"
                              " for d in (torch.float16, torch.int8, torch.uint8, torch.bool)]"),
}


def _outcome(code, lib):
    result, _, _ = run(code, lib, prelude=SETUP)
    return mask(repr(result))


@pytest.mark.parametrize("name", CASES)
def test_object_semantics_match_torch(name):
    assert _outcome(CASES[name], autograd_nb) == _outcome(CASES[name], torch)

