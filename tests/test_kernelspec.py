"""``python -m autograd_nb.kernel install|uninstall``: a kernelspec whose kernel runs any torch
notebook on autograd_nb, found by ``jupyter kernelspec list`` and by Jupyter's clients."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]


def kernel_cli(*args, prefix):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    return subprocess.run([sys.executable, "-m", "autograd_nb.kernel", *args, "--prefix",
                           str(prefix)], env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def installed(tmp_path, monkeypatch):
    done = kernel_cli("install", "--style", "0.2", "--name", "agnb", prefix=tmp_path)
    assert done.returncode == 0, done.stderr
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share" / "jupyter"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    return tmp_path / "share" / "jupyter" / "kernels" / "agnb"


def test_install_writes_a_kernelspec_jupyter_lists(installed):
    spec = json.loads((installed / "kernel.json").read_text())
    assert spec["display_name"] == "Python 3 (autograd_nb as torch, 0.2)"
    assert spec["argv"][1:] == ["-m", "autograd_nb.kernel", "launch", "--style", "0.2", "-f",
                                "{connection_file}"]
    listed = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list"],
                            capture_output=True, text=True, check=True).stdout
    assert any(line.split() == ["agnb", str(installed)] for line in listed.splitlines())


def test_the_kernel_runs_a_torch_notebook_on_autograd_nb(installed, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code) for code in (
        ("import torch\nfrom torch.autograd import Variable\nimport torch.nn.functional as F\n"
         "print(torch.__name__, F.__name__)"),
        "x = Variable(torch.ones(2), requires_grad=True)\nprint(x * 2)",
        "%autograd",
        "torch.fft",
        "print(x.data.numpy())\nx.sum(), x")]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="agnb", allow_errors=True,
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    texts = []
    for cell in nb.cells:  # printed text may arrive in several stream messages: join them
        printed = "".join(o.text for o in cell.outputs if o.output_type == "stream")
        texts += [printed] if printed else []
        texts += [o.get("evalue", "") + o.get("data", {}).get("text/plain", "")
                  for o in cell.outputs if o.output_type != "stream"]
    assert texts[0] == "autograd_nb autograd_nb.nn.functional\n"
    assert texts[1] == "Variable containing:\n 2\n 2\n[torch.FloatTensor of size 2]\n\n"
    assert "style: 0.2" in texts[2] and "torch alias: on" in texts[2]
    assert texts[3] == "autograd_nb does not provide torch.fft"
    # the 0.2 era's kernel: NumPy 1.13's arrays, IPython 5's layout of multi-line items
    assert texts[4] == "[ 1.  1.]\n"
    assert texts[5] == ("(Variable containing:\n  2\n [torch.FloatTensor of size 1], "
                        "Variable containing:\n  1\n  1\n [torch.FloatTensor of size 2])")


def test_uninstall_removes_it_and_refuses_a_kernelspec_of_someone_else(installed):
    done = kernel_cli("uninstall", "--name", "agnb", prefix=installed.parents[3])
    assert done.returncode == 0 and not installed.exists(), done.stderr
    other = installed.parent / "python3"
    other.mkdir()
    (other / "kernel.json").write_text(json.dumps({"argv": ["python", "-m", "ipykernel_launcher"],
                                                   "display_name": "x", "language": "python"}))
    done = kernel_cli("uninstall", "--name", "python3", prefix=installed.parents[3])
    assert done.returncode != 0 and "is not autograd_nb's" in done.stderr and other.exists()
