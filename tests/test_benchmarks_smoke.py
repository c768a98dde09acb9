"""CI smoke run of the benchmark harness (benchmarks/run.py --smoke) and its tools.

One round at tiny sizes for autograd_nb, the NumPy floor, the pure-Python bound and micrograd:
every workload a library can run must run, and its gradients must match the floor's.  It does
not judge speed.  It needs `import autograd_nb` to offer the torch API.  python_bound.py and
scalar_costs.py (callgrind, where valgrind is installed) must run too.
"""
import importlib.util
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOUND_WORKLOADS = {"chain_small", "tutorial", "dynamic_loop", "scalar_neuron", "mlp_step"}


def expected_status(key):
    workload, lib = key.split("/")
    if lib == "bound":
        return "ok" if workload in BOUND_WORKLOADS else "n/a"
    if lib == "micrograd":
        if importlib.util.find_spec("micrograd") is None:
            return "not installed"
        return "ok" if workload in ("scalar_neuron", "import") else "n/a"
    return "ok"


def test_benchmark_harness_smoke(tmp_path):
    out = tmp_path / "smoke.json"
    r = subprocess.run([sys.executable, os.path.join("benchmarks", "run.py"), "--smoke",
                        "--libs", "numpy,autograd_nb,bound,micrograd", "--json", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"harness failed:\n{r.stdout}\n{r.stderr[-5000:]}"
    result = json.loads(out.read_text())
    assert {k: expected_status(k) for k in result["status"]} == result["status"]
    for key, cell in result["samples"].items():
        for metric, vals in cell.items():
            assert all(v is not None and v >= 0 for v in vals), (key, metric, vals)
    assert "x bound" in r.stdout and "Python bound" in r.stdout


def test_python_bound_runs_and_agrees_with_the_floor():
    """benchmarks/python_bound.py checks every engine's gradient against the floor first."""
    r = subprocess.run([sys.executable, os.path.join("benchmarks", "python_bound.py"),
                        "--rounds", "1"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"python_bound failed:\n{r.stdout}\n{r.stderr[-5000:]}"
    sections, rows = {}, None
    for line in r.stdout.splitlines():
        if line.startswith(" "):
            label, value = line[:15].strip(), float(line[15:].split()[0])
            rows[label] = value
        else:
            rows = sections[line.split(",")[0]] = {}
    assert list(sections) == ["chain_small", "tutorial", "dynamic_loop", "scalar_neuron",
                              "mlp_step"], r.stdout
    for rows in sections.values():
        assert list(rows)[:3] == ["numpy floor", "python bound", "autograd_nb"], r.stdout
        assert all(value > 0 for value in rows.values()), r.stdout


@pytest.fixture
def python_bound(monkeypatch):
    monkeypatch.syspath_prepend(os.path.join(ROOT, "benchmarks"))
    import python_bound
    yield python_bound
    sys.modules.pop("python_bound", None)


def test_the_bound_records_norm_with_its_gradient(python_bound):
    """The bound records y.norm() as any engine must (dynamic_loop only compares it)."""
    x = np.array([3.0, -4.0, 12.0], np.float32)
    leaf = python_bound.Leaf()
    out = python_bound.T(x, leaf).mul_const(np.float32(2)).norm()
    python_bound.backward(out.node, np.float32(1))
    np.testing.assert_allclose(out.data, 26.0)
    np.testing.assert_allclose(leaf.grad, 2 * x / 13.0, rtol=1e-6)


@pytest.fixture
def scalar_costs(monkeypatch):
    monkeypatch.syspath_prepend(os.path.join(ROOT, "benchmarks"))
    import scalar_costs
    yield scalar_costs
    sys.modules.pop("scalar_costs", None)


def test_scalar_costs_splits_a_callgrind_dump_by_where_calls_go(scalar_costs, tmp_path):
    """Instructions inside calls from the interpreter into NumPy or libm leave the rest to it."""
    dump = tmp_path / "cg.out"
    dump.write_text("events: Ir\nsummary: 1000\n"
                    "ob=(1) /usr/bin/python3.11\nfl=(1) ceval.c\nfn=(1) eval\n10 300\n"
                    "cob=(2) /x/site-packages/numpy/_core/_multiarray_umath.so\ncfi=(2) u.c\n"
                    "cfn=(2) ufunc\ncalls=1 20\n11 600\n"
                    "cob=(3) /lib/libm.so.6\ncfn=(3) tanh\ncalls=1 5\n+1 100\n"
                    "ob=(2)\nfl=(2)\nfn=(2)\n20 600\n")
    total, parts = scalar_costs.split(str(dump))
    assert total == 1000
    assert dict(parts) == {"numpy": 600, "libm": 100, "interpreter": 300}


def test_scalar_costs_counts_calls_for_every_engine_and_phase(scalar_costs, capsys):
    scalar_costs.main(["--calls", "--reps", "1"])
    rows = capsys.readouterr().out.splitlines()[1:]
    engines = {row.split()[0] for row in rows}
    assert engines == set(scalar_costs.ENGINES), rows
    assert all(float(row.split()[-2]) >= 0 for row in rows), rows


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")
def test_scalar_costs_measures_each_phase_under_callgrind(scalar_costs):
    phases = scalar_costs.callgrind("scalars", reps=1)
    assert "NumPy float32 scalars" in phases
    for name, (total, parts) in phases.items():
        assert total > 0 and parts["interpreter"] >= 0, (name, total, parts)
    # the marker dumps separate the phases: 0-d arrays cost more than float32 scalars
    assert phases["0-d arrays (ufunc + asarray)"][0] > phases["NumPy float32 scalars"][0]
