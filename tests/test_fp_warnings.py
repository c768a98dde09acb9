"""Floating-point exceptions (overflow, inf - inf, 0 * inf) are silent, as in torch.

NumPy warns about them with a RuntimeWarning. autograd_nb turns that off per op for the ops that
meet them in ordinary use (declared ``quiet=True``) and, for the rest, with a warnings filter
scoped to its own modules, installed at import. Each case runs in a fresh interpreter that imports
autograd_nb as a notebook does: pytest collects test modules inside a ``catch_warnings`` block,
which would drop a filter installed by an import made there.
"""
import json
import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CASES = [  # code with ``t`` the library and float32 tensors ``big``, ``inf``; expected values
    ("big * 10", [math.inf, -math.inf]),
    ("10 * big", [math.inf, -math.inf]),
    ("big + big", [math.inf, -math.inf]),
    ("big - (-big)", [math.inf, -math.inf]),
    ("big.sum().reshape(1)", [0.0]),
    ("(big * 10).sum().reshape(1)", [math.nan]),  # inf + -inf in the reduction
    ("big.abs().sum().reshape(1)", [math.inf]),
    ("big.abs().sum(0, keepdim=True)", [math.inf]),
    ("inf - inf", [math.nan, math.nan]),
    ("inf * 0", [math.nan, math.nan]),
    ("inf / inf", [math.nan, math.nan]),
    ("(inf * 0).tanh()", [math.nan, math.nan]),
    ("big.exp()", [math.inf, 0.0]),
    ("t.log(t.tensor([0.0, -1.0]))", [-math.inf, math.nan]),
    ("(big @ big).reshape(1)", [math.inf]),
]

SCRIPT = textwrap.dedent("""
    import json, math, sys, warnings
    import numpy as np
    results = {}
    for name in sys.argv[2:]:
        try:
            lib = __import__(name)
        except ImportError:
            continue
        out = []
        for code in json.loads(sys.argv[1]):
            namespace = {"t": lib, "big": lib.tensor([3e38, -3e38]),
                         "inf": lib.tensor([math.inf, -math.inf])}
            with warnings.catch_warnings(record=True) as caught:
                value = eval(code, namespace)
            values = value.detach().numpy().reshape(-1).tolist()
            out.append([[repr(v) for v in values], [str(w.message) for w in caught]])
        x = lib.tensor([3e38, 1.0], requires_grad=True)
        with warnings.catch_warnings(record=True) as caught:
            (x * x * 10).sum().backward()
        out.append([[repr(v) for v in x.grad.numpy().tolist()], [str(w.message) for w in caught]])
        with warnings.catch_warnings(record=True) as caught:
            np.float32(3e38) * np.float32(10)
            np.array([np.inf]) - np.array([np.inf])
        out.append([[], [str(w.message) for w in caught]])
        results[name] = out
    print(json.dumps(results))
""")


@pytest.fixture(scope="module")
def outcomes():
    r = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps([c for c, _ in CASES]),
                        "autograd_nb", "torch"], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _floats(reprs):
    return np.array([float(v) for v in reprs], np.float32)


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c for c, _ in CASES])
def test_silent_with_torch_values(outcomes, i):
    values, caught = outcomes["autograd_nb"][i]
    assert caught == []
    np.testing.assert_array_equal(_floats(values), np.array(CASES[i][1], np.float32))
    if "torch" in outcomes:
        theirs, their_caught = outcomes["torch"][i]
        assert their_caught == []
        np.testing.assert_array_equal(_floats(values), _floats(theirs))


def test_backward_through_an_overflow_is_silent(outcomes):
    grad, caught = outcomes["autograd_nb"][len(CASES)]
    assert caught == []
    np.testing.assert_array_equal(_floats(grad), np.array([math.inf, 20.0], np.float32))


def test_numpy_outside_autograd_nb_still_warns(outcomes):
    _, caught = outcomes["autograd_nb"][len(CASES) + 1]
    assert any("overflow" in m for m in caught) and any("invalid value" in m for m in caught)
