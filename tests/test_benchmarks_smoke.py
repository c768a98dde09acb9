"""CI smoke run of the benchmark harness (benchmarks/run.py --smoke).

One round at tiny sizes for autograd_nb and the NumPy floor: every workload
must run, and every autograd_nb gradient must match the floor's.  It does not
judge speed.  It needs `import autograd_nb` to offer the torch API.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_benchmark_harness_smoke(tmp_path):
    out = tmp_path / "smoke.json"
    r = subprocess.run([sys.executable, os.path.join("benchmarks", "run.py"), "--smoke",
                        "--libs", "numpy,autograd_nb", "--json", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"harness failed:\n{r.stdout}\n{r.stderr[-5000:]}"
    result = json.loads(out.read_text())
    assert set(result["status"].values()) == {"ok"}, result["status"]
    for key, cell in result["samples"].items():
        for metric, vals in cell.items():
            assert all(v is not None and v >= 0 for v in vals), (key, metric, vals)


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
    assert list(sections) == ["chain_small", "mlp_step"], r.stdout
    for rows in sections.values():
        assert list(rows)[:3] == ["numpy floor", "python bound", "autograd_nb"], r.stdout
        assert all(value > 0 for value in rows.values()), r.stdout
