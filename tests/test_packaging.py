"""The README's install, as a learner does it: `pip install -e .` in a fresh environment."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PROBE = ("import importlib.metadata as m, autograd_nb\n"
         "print(autograd_nb.__file__)\n"
         "print(m.metadata('autograd_nb')['License-Expression'])\n")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A clone named like the package, installed editable into a new virtual environment
    (which sees this one's packages, so nothing is downloaded)."""
    base = tmp_path_factory.mktemp("fresh")
    clone = base / "autograd_nb"
    clone.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, clone / name)
    shutil.copytree(ROOT / "autograd_nb", clone / "autograd_nb",
                    ignore=shutil.ignore_patterns("__pycache__"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages",
                    str(venv)], check=True)
    python = venv / "bin" / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                           "-q", "--no-build-isolation", "--no-deps", "-e", str(clone)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"pip could not install here: {done.stderr[-300:]}")
    return base, clone, python


@pytest.mark.parametrize("where", ["parent", "clone", "elsewhere"])
def test_editable_install_imports_the_package_from_anywhere(installed, where):
    base, clone, python = installed
    cwd = {"parent": base, "clone": clone, "elsewhere": base / "venv"}[where]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(python), "-c", PROBE], cwd=cwd, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    path, license_expression = done.stdout.splitlines()
    assert pathlib.Path(path) == clone / "autograd_nb" / "__init__.py"
    assert license_expression == "BSD-3-Clause"
