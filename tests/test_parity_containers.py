"""nn.Sequential, nn.ModuleList and nn.ModuleDict against torch 2.13: indexing, slicing,
assignment and deletion (renumbering), insert/append/extend/pop, + and *, reprs (ModuleList's
compressed runs) and torch's errors, as one script printed by both libraries."""
import contextlib
import io
import re

import pytest

import autograd_nb as anb

torch = pytest.importorskip("torch")

SCRIPT = """
l = nn.ModuleList([nn.Linear(2,2) for _ in range(3)] + [nn.ReLU(), nn.ReLU()])
print(l); print(l[1:3]); print(nn.ModuleList()); print(nn.Sequential())
d = nn.ModuleDict({'a': nn.ReLU(), 'b': nn.Linear(1,1)})
print(d, list(d), 'a' in d, len(d)); d['c'] = nn.Tanh(); del d['a']; print(d, d.pop('b'), list(d.keys()))
d.update([('x', nn.ReLU())]); print(d)
for f in [lambda: nn.Sequential(nn.ReLU())[3], lambda: nn.Sequential(nn.ReLU()).insert(3, nn.ReLU()), lambda: nn.Sequential(nn.ReLU()).insert(0, 3),
          lambda: nn.Sequential(nn.ReLU()) + 3, lambda: nn.ModuleList().extend(3), lambda: nn.ModuleList()[0], lambda: nn.ModuleDict()['x'],
          lambda: nn.Sequential(nn.ReLU()) * 0, lambda: nn.Sequential(nn.ReLU()) * 1.5, lambda: nn.ModuleDict().update(3), lambda: nn.ModuleDict().update([(1,)]),
          lambda: nn.Sequential(nn.ReLU()).append(3), lambda: nn.ModuleList().append(3), lambda: nn.ModuleDict({'a': 3}), lambda: nn.Sequential(3),
          lambda: nn.ModuleList([nn.ReLU()])[-2]]:
    try: print("OK", f())
    except Exception as e: print(type(e).__name__, e)
s = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())
del s[0]; print(s); s[0] = nn.ReLU(); print(s); s.insert(1, nn.Linear(1,1)); print(s, s.pop(0), s); print(s[::-1])
print(s + s, s * 2, 2 * s); s *= 2; print(s); s += nn.Sequential(nn.ReLU()); print(s); s.extend([nn.Tanh()]); del s[1:3]; print(s, len(s), [k for k in dir(s) if k.isdigit()])
m = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Sigmoid()]); m[1] = nn.ReLU(); del m[0]; m.insert(0, nn.Tanh()); m += [nn.ReLU()]; print(m, m.pop(-1), m + m)
print(len(list(nn.ModuleList([nn.Linear(2,2)]*2).parameters())), len(list(nn.ModuleDict({'a':nn.Linear(1,1)}).parameters())))
"""


def printed(lib):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(SCRIPT, {"torch": lib, "nn": lib.nn})
    # the class named in a few messages is the library's own
    return re.sub(r"<class '(torch|autograd_nb)\.nn\.modules\.", "<class 'nn.", out.getvalue())


def test_containers_print_what_torch_prints():
    ours, theirs = printed(anb).splitlines(), printed(torch).splitlines()
    assert len(ours) == len(theirs) > 80
    for i, (a, b) in enumerate(zip(ours, theirs)):
        assert a == b, f"line {i + 1}"


def test_module_list_insert_takes_negative_positions():
    """torch's ModuleList.insert fails on a negative index (KeyError '-1', after moving
    modules); Sequential.insert takes one. Ours takes one in both."""
    layers = anb.nn.ModuleList([anb.nn.ReLU(), anb.nn.Tanh()])
    layers.insert(-1, anb.nn.Sigmoid())
    assert [type(m).__name__ for m in layers] == ["ReLU", "Sigmoid", "Tanh"]
