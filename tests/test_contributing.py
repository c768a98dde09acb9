"""CONTRIBUTING.md's add-an-op walk-through stays true: its three code blocks (the op, the
function, the sweep case), applied to a copy of the package and the tests, give a new op that
the sweep checks end to end (against torch when it is installed) and that the registry lists."""
import importlib.util
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Where each block goes: the files the walk-through names, in its order.
TARGETS = [("autograd_nb/_ops/activation.py", "end"),
           ("autograd_nb/_functions/arithmetic.py", "end"),
           ("tests/test_op_sweep.py", "CASES = {\n")]


def walkthrough_blocks():
    with open(os.path.join(ROOT, "CONTRIBUTING.md"), encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("## Adding an op"):]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def apply(copy, block, path, where):
    full = os.path.join(copy, path)
    with open(full, encoding="utf-8") as f:
        source = f.read()
    if where == "end":
        source = source.rstrip("\n") + "\n\n\n" + block
    else:
        assert source.count(where) == 1, where
        source = source.replace(where, where + block)
    with open(full, "w", encoding="utf-8") as f:
        f.write(source)


def test_the_walkthrough_is_three_blocks_that_add_a_working_op(tmp_path):
    blocks = walkthrough_blocks()
    assert len(blocks) == len(TARGETS)
    copy = str(tmp_path)
    shutil.copytree(os.path.join(ROOT, "autograd_nb"), os.path.join(copy, "autograd_nb"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(os.path.join(ROOT, "tests"), os.path.join(copy, "tests"),
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    for block, (path, where) in zip(blocks, TARGETS):
        apply(copy, block, path, where)
    env = dict(os.environ, PYTHONPATH=copy)
    # only pytest itself: the sweep needs no plugin, and an installed one must not interfere
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-o", "addopts=",
         "tests/test_registry.py", "tests/test_op_sweep.py", "-k",
         "logaddexp or registry or every"],
        cwd=copy, env=dict(env, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"), capture_output=True,
        text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
    swept = re.findall(r"test_op_sweep.py::(\w+)\[logaddexp\] PASSED", run.stdout)
    expected = {"test_case_reaches_its_op", "test_gradient_matches_finite_differences",
                "test_second_derivative_matches_finite_differences",
                "test_gradients_reduce_to_each_input_shape_and_dtype"}
    if importlib.util.find_spec("torch") is not None:
        expected.add("test_node_name_and_gradient_match_torch")
    assert expected <= set(swept), run.stdout
    check = subprocess.run(
        [sys.executable, "-c", "import autograd_nb as t; x = t.zeros(2, requires_grad=True); "
         "y = t.logaddexp(x, x.detach()); y.sum().backward(); "
         "print(type(y.grad_fn).__name__, x.grad.tolist(), x.logaddexp(x).tolist())"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=120)
    assert check.stdout.split() == ["LogaddexpBackward0", "[0.5,", "0.5]",
                                    "[0.6931471824645996,", "0.6931471824645996]"], check
