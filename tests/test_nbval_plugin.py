"""``pytest --nbval --autograd-nb``, run as a maintainer runs it: in a separate pytest process on
notebooks that were written for PyTorch and never name autograd_nb."""
import os
import re
import shutil
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbval")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEEDS = DATA / "seed_notebooks"
PLUGIN = "autograd_nb.jupyter.nbval_plugin"
# What torch 2.x does differently in the cells of 002, a notebook saved with torch 1.0-1.4: the
# era 1.x reproduces it, so these cells fail only when 002 is forced to run as modern.
TORCH_1X_CELLS = {
    11: "torch >= 1.5 warns when a non-leaf's .grad is read",
    20: "torch >= 1.6 words the backward-twice error differently",
}
ERAS = {"seed_000_pytorch_0_1": "0.1", "seed_001_variable_unrun": "0.2",
        "seed_002_pytorch_0_4": "1.x", "seed_003_variable_bilingual": "0.2",
        "seed_004_variable_autograd": "0.2"}
HIDE_TORCH = '''"""Installed by the test: this Python behaves as if torch were not installed."""
import sys


class NoTorch:
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


sys.meta_path.insert(0, NoTorch())
'''


def plugin_args():
    """``-p`` the plugin unless this environment's metadata already declares it (an install
    from this checkout): pytest refuses the same module twice."""
    declared = any(ep.value == PLUGIN for ep in entry_points(group="pytest11"))
    return [] if declared else ["-p", PLUGIN]


def run_pytest(tmp_path, *args, hide_torch=False):
    """Run pytest in a fresh process in ``tmp_path`` (no project config); return the outcome of
    each test id (PASSED, FAILED...) and the terminal output."""
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    if hide_torch:
        paths.insert(0, str(_hide(tmp_path)))
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *plugin_args(), "-p", "no:cacheprovider", "-rA",
         "--color=no", "-c", "pytest.ini", "--rootdir", str(tmp_path), *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    output = re.sub(r"\x1b\[[\d;]*m", "", done.stdout + done.stderr)  # the kernel's colours
    return {test: kind for kind, test in OUTCOME.findall(output)}, output


OUTCOME = re.compile(r"^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S+?::(?:Cell \d+|notebook))",
                     re.MULTILINE)


def _hide(tmp_path):
    (tmp_path / "hide").mkdir(exist_ok=True)
    (tmp_path / "hide" / "sitecustomize.py").write_text(HIDE_TORCH)
    return tmp_path / "hide"


def failed(outcomes):
    return sorted(test for test, kind in outcomes.items() if kind != "PASSED")


def write(path, *cells, metadata=None):
    """A notebook as saved after a run: cells are (code, outputs) with outputs as nbformat
    output dicts; execution counts 1, 2, ..."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "language": "python", "display_name": "Python 3"}, **(metadata or {})})
    for count, (code, outputs) in enumerate(cells, start=1):
        cell = nbformat.v4.new_code_cell(code, execution_count=count)
        cell.outputs = [nbformat.v4.new_output(**output) for output in outputs]
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def stdout(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def stderr(text):
    return {"output_type": "stream", "name": "stderr", "text": text}


def result(text):
    return {"output_type": "execute_result", "data": {"text/plain": text},
            "execution_count": 1}


# -- the seeds, without torch ------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("seeds")
    started = time.perf_counter()
    outcomes, output = run_pytest(tmp_path, "--nbval", "--autograd-nb", str(SEEDS),
                                  hide_torch=True)
    print(f"validated the five seed notebooks in {time.perf_counter() - started:.1f} s")
    return outcomes, output


def test_the_seed_notebooks_pass_without_torch(seed_run):
    outcomes, output = seed_run
    assert failed(outcomes) == [], output
    assert len(outcomes) > 80


def test_each_seed_runs_in_the_era_it_shows(seed_run):
    _, output = seed_run
    found = dict(re.findall(r"(seed_\w+)\.ipynb: style (\S+) \(", output))
    assert found == ERAS, output


def test_the_1x_notebook_run_as_modern_fails_where_torch_2_differs(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(SEEDS / "seed_002_pytorch_0_4.ipynb", course)
    outcomes, output = run_pytest(tmp_path, "--nbval", "--autograd-nb", "--autograd-nb-style",
                                  "modern", str(course))
    assert [test.rpartition("::")[2] for test in failed(outcomes)] == [
        f"Cell {cell}" for cell in sorted(TORCH_1X_CELLS)], output
    assert "Specify retain_graph=True when calling backward the first time." in output
    assert "Specify retain_graph=True if you need to backward through the graph" in output
    assert "Unexpected output fields from running code: {'stderr'}" in output  # the warning


def test_the_committed_seed_notebooks_are_what_the_build_script_makes_of_the_seeds(tmp_path):
    seeds = Path(os.environ.get("AUTOGRAD_NB_SEEDS", ROOT.parent / "shared" / "seeds"))
    if not seeds.is_dir():
        pytest.skip(f"the seeds are not beside this clone ({seeds}); set AUTOGRAD_NB_SEEDS")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import seed_notebooks
    finally:
        sys.path.remove(str(ROOT / "tools"))
    seed_notebooks.main(seeds, tmp_path)
    built = sorted(path.name for path in tmp_path.glob("*.ipynb"))
    assert built == sorted(path.name for path in SEEDS.glob("*.ipynb"))
    for name in built:
        fresh, committed = (nbformat.read(folder / name, 4) for folder in (tmp_path, SEEDS))
        assert ([(c.source, c.outputs, c.metadata) for c in fresh.cells]
                == [(c.source, c.outputs, c.metadata) for c in committed.cells]), name


def test_torch_is_hidden_for_the_seed_run(tmp_path):
    hidden = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True,
                            env=dict(os.environ, PYTHONPATH=str(_hide(tmp_path))), check=False)
    assert hidden.returncode != 0 and b"No module named 'torch'" in hidden.stderr


# -- a modern notebook executed on real torch ---------------------------------------------------
MODERN_CELLS = [
    "import torch\nx = torch.ones(2, 2, requires_grad=True)\ny = x + 2\ny.grad_fn",
    "z = y * y * 3\nout = z.mean()\nprint(z, out)",
    "out.backward()\nx.grad",
    "y.grad",  # a UserWarning with the cell's file name, and torch's C++ location
    "print(torch.exp(torch.tensor([0.0, 1.0])))",
]
REAL_TORCH_NOTEBOOK = DATA / "modern_on_real_torch.ipynb"


def test_a_modern_notebook_executed_on_real_torch_passes(tmp_path):
    """Executed here when torch is importable, else the copy committed from such a run."""
    path = tmp_path / "modern.ipynb"  # inside the run's rootdir, which names cells by path
    try:
        import torch  # noqa: F401
    except ImportError:
        shutil.copyfile(REAL_TORCH_NOTEBOOK, path)
    else:
        path = _execute_on_real_torch(path)
        assert "(Triggered internally at" in path.read_text()  # the mask is really needed
    outcomes, output = run_pytest(tmp_path, "--nbval", "--autograd-nb", str(path))
    assert len(outcomes) == len(MODERN_CELLS) and not failed(outcomes), output


def _execute_on_real_torch(path):
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "language": "python", "display_name": "Python 3"}})
    nb.cells = [nbformat.v4.new_code_cell(code) for code in MODERN_CELLS]
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    nbformat.write(nb, path)
    return path


# -- one course folder, one run: failures, unusable files, masks ------------------------------
WARN = "import warnings\nwarnings.warn('careful')"
KERNEL_FILE = "/tmp/ipykernel_1/2.py"


def warned(where, message="careful", line=2):
    return stderr(f"{where}:{line}: UserWarning: {message}\n  warnings.warn('careful')\n")


def error(ename, evalue):
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": []}


COURSE = {  # notebook: cells, each (code, stored outputs)
    "wrong": [("import torch\nx = torch.ones(2, requires_grad=True)\nprint((x * 3).sum())",
               [stdout("tensor(7., grad_fn=<SumBackward0>)\n")])],
    "gaps": [("import torch\nx = torch.ones(4)", []),
             ("torch.fft.fft(x)", [result("tensor([4.+0.j, 0.+0.j, 0.+0.j, 0.+0.j])")]),
             ("import torch.distributions", []),
             ("x.zero_grad()",  # torch raises this one too: tagged raises-exception below
              [error("AttributeError", "'Tensor' object has no attribute 'zero_grad'")])],
    "fine": [("import torch\nprint(torch.ones(1))", [stdout("tensor([1.])\n")])],
    "masked_ipykernel_file": [(WARN, [warned("/tmp/ipykernel_4242/1234567.py")])],
    "masked_old_ipython_file": [(WARN, [warned("<ipython-input-3-5f2a9c1b0d>")])],
    "masked_torch_cpp_location": [(WARN, [warned(KERNEL_FILE, "careful (Triggered internally "
                                                              "at /pytorch/aten/src/x.cpp:12.)")])],
    "masked_address_and_users_date": [
        ("import torch\nx = torch.ones(1, requires_grad=True)\nprint((x * 2).grad_fn)",
         [stdout("<MulBackward0 object at 0x7f9fe1983550>\n")]),
        ("import datetime\nprint(datetime.date.today())", [stdout("2017-03-01\n")])],
    "differs_warning_text": [(WARN, [warned(KERNEL_FILE, "carefull")])],
    "differs_warning_line": [(WARN, [warned(KERNEL_FILE, line=3)])],
    "differs_hex_number": [("print(hex(4096))", [stdout("0x1001\n")])],
    "differs_class_in_repr": [("class A: pass\nprint(A())",
                               [stdout("<__main__.B object at 0x7f00>\n")])],
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("course")
    for name, cells in COURSE.items():
        write(tmp_path / f"{name}.ipynb", *cells)
    nb = nbformat.read(tmp_path / "gaps.ipynb", 4)
    nb.cells[3].metadata["tags"] = ["raises-exception"]
    nbformat.write(nb, tmp_path / "gaps.ipynb")
    (tmp_path / "broken.ipynb").write_text('{"cells": [')
    write(tmp_path / "r.ipynb", ("1 + 1", [result("[1] 2")]),
          metadata={"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}})
    (tmp_path / "mine.cfg").write_text("[dates]\nregex: \\d{4}-\\d\\d-\\d\\d\nreplace: DATE\n")
    return run_pytest(tmp_path, "--nbval", "--autograd-nb", "--nbval-sanitize-with", "mine.cfg",
                      ".")


def failed_in(course, notebook):
    outcomes, _ = course
    return [test for test in failed(outcomes) if test.startswith(notebook + ".ipynb::")]


def test_a_wrong_stored_output_fails(course):
    assert failed_in(course, "wrong") == ["wrong.ipynb::Cell 0"], course[1]
    assert "tensor(6., grad_fn=<SumBackward0>)" in course[1]


def test_a_missing_feature_fails_naming_it(course):
    assert failed_in(course, "gaps") == ["gaps.ipynb::Cell 1", "gaps.ipynb::Cell 2"], course[1]
    assert "AttributeError: autograd_nb does not provide torch.fft" in course[1]
    assert "ModuleNotFoundError: autograd_nb does not provide torch.distributions" in course[1]


def test_the_summary_lists_the_missing_features_per_notebook(course):
    assert re.search(r"gaps\.ipynb: style modern \(.*\)\n"
                     r"    autograd_nb does not provide torch\.fft \(cell 1\)\n"
                     r"    autograd_nb does not provide torch\.distributions \(cell 2\)\n",
                     course[1]), course[1]


def test_unreadable_and_non_python_notebooks_are_reported_and_the_rest_run(course):
    outcomes, output = course
    assert failed_in(course, "broken") == ["broken.ipynb::notebook"], output
    assert failed_in(course, "r") == ["r.ipynb::notebook"], output
    assert outcomes["fine.ipynb::Cell 0"] == "PASSED"
    assert "broken.ipynb: not run: not a valid notebook: NotJSONError" in output
    assert "r.ipynb: not run: its kernel language is R, not Python" in output


@pytest.mark.parametrize("notebook", [name for name in COURSE if name.startswith("masked_")])
def test_noise_is_masked_after_the_users_own_patterns(course, notebook):
    outcomes, output = course
    ran = [test for test in outcomes if test.startswith(notebook + ".ipynb::")]
    assert ran and not failed_in(course, notebook), output


@pytest.mark.parametrize("notebook", [name for name in COURSE if name.startswith("differs_")])
def test_everything_else_still_differs(course, notebook):
    assert failed_in(course, notebook) == [f"{notebook}.ipynb::Cell 0"], course[1]


# -- options ------------------------------------------------------------------------------------
def test_style_option_and_metadata_override_the_inferred_era(tmp_path):
    legacy = [stdout("Variable containing:\n 2\n[torch.FloatTensor of size 1]\n\n")]
    code = "import torch\nprint(torch.ones(1, requires_grad=True) * 2)"
    write(tmp_path / "plain.ipynb", (code, legacy))
    write(tmp_path / "pinned.ipynb", (code, legacy), metadata={"autograd_nb": {"style": "0.1"}})
    outcomes, output = run_pytest(tmp_path, "--nbval", "--autograd-nb",
                                  "--autograd-nb-style", "modern", ".")
    assert failed(outcomes) == ["pinned.ipynb::Cell 0", "plain.ipynb::Cell 0"], output
    assert output.count("style modern (set by --autograd-nb-style)") == 2
    outcomes, output = run_pytest(tmp_path, "--nbval", "--autograd-nb", "pinned.ipynb")
    assert not failed(outcomes) and "style 0.1 (set by the notebook's metadata" in output


def test_lax_mode_and_cell_timeout_are_nbvals(tmp_path):
    write(tmp_path / "lax.ipynb", ("import torch\nprint(torch.ones(1))", [stdout("wrong\n")]),
          ("import time\ntime.sleep(30)", []))
    outcomes, output = run_pytest(tmp_path, "--nbval-lax", "--autograd-nb",
                                  "--nbval-cell-timeout", "2", "lax.ipynb")
    assert outcomes["lax.ipynb::Cell 0"] == "PASSED", output
    assert outcomes["lax.ipynb::Cell 1"] != "PASSED" and "Timeout" in output


def test_a_kernel_name_conflicts_with_a_clear_error(tmp_path):
    write(tmp_path / "any.ipynb", ("1", []))
    _, output = run_pytest(tmp_path, "--nbval", "--autograd-nb", "--nbval-kernel-name",
                           "python3", "any.ipynb")
    assert "cannot be combined with --nbval-kernel-name 'python3'" in output


def test_without_the_flag_the_plugin_is_dormant(tmp_path):
    write(tmp_path / "plain.ipynb", ("import sys\nprint('autograd_nb' in sys.modules)",
                                     [stdout("False\n")]))
    outcomes, output = run_pytest(tmp_path, "--nbval", "--nbval-current-env", "plain.ipynb")
    assert outcomes == {"plain.ipynb::Cell 0": "PASSED"}, output
    assert "autograd_nb: the era" not in output
    _, output = run_pytest(tmp_path, "--autograd-nb-style", "0.2", "plain.ipynb")
    assert "--autograd-nb-style needs --autograd-nb" in output
