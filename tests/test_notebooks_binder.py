"""Binder launches the lessons from the files in binder/; these tests check that configuration.

repo2docker's dry run (``--no-build``) must succeed and produce a Dockerfile that installs
binder/requirements.txt after copying the repository in (the file installs the package itself,
"."). A fresh virtual environment built from exactly that file must pass the notebook suite:
that test takes minutes, so it runs in CI (``CI`` set) or when ``AUTOGRAD_NB_BINDER_VENV=1``.
"""
import importlib.util
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def requirement_lines():
    lines = (line.split("#", 1)[0].strip() for line in
             (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def test_binder_requirements_install_this_package():
    assert any(re.fullmatch(r"\.(\[[\w,]+\])?", line) for line in requirement_lines())


def test_binder_requirements_pin_every_other_package():
    others = [line for line in requirement_lines() if not line.startswith(".")]
    assert others and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", line) for line in others), \
        others


def test_binder_runtime_names_a_python_version():
    assert re.fullmatch(r"python-3\.\d+", (BINDER / "runtime.txt").read_text().strip())


def test_binder_installs_cjk_fonts_for_the_chinese_lessons():
    assert "fonts-noto-cjk" in (BINDER / "apt.txt").read_text().split()


@pytest.mark.skipif(importlib.util.find_spec("repo2docker") is None,
                    reason="jupyter-repo2docker is not installed")
def test_repo2docker_dry_run_installs_the_binder_requirements_after_copying_the_repository():
    run = subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--user-id", "1000",
                          "--user-name", "jovyan", str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    dockerfile = run.stdout
    install = dockerfile.find('pip install --no-cache-dir -r "binder/requirements.txt"')
    copy_repository = dockerfile.find("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    assert 0 <= copy_repository < install, dockerfile
    assert "fonts-noto-cjk" in dockerfile


@pytest.mark.skipif(not (os.environ.get("CI") or os.environ.get("AUTOGRAD_NB_BINDER_VENV")),
                    reason="builds a virtual environment (minutes): runs in CI, or set "
                           "AUTOGRAD_NB_BINDER_VENV=1")
def test_a_fresh_environment_from_the_binder_requirements_passes_the_notebook_suite(tmp_path):
    env_dir = tmp_path / "binder-env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run([python, "-m", "pip", "install", "-q", "-r",
                              "binder/requirements.txt"],
                             cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert install.returncode == 0, install.stderr[-4000:]
    suite = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "notebooks/en", "notebooks/zh"],
                           cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert suite.returncode == 0, suite.stdout[-4000:]
