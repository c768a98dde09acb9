"""The three widgets rendered by JupyterLab in a real headless Chromium, driven by Playwright.

The test starts JupyterLab on a free loopback port with a token, opens a notebook that builds
the tensor inspector, the graph view and the backward stepper, runs it, checks what each widget
shows, clicks the stepper's Next button, and takes a screenshot of each widget (into the test's
tmp folder and /tmp/autograd_nb_screens/ for a reviewer). Debian's chromium is used
(/usr/bin/chromium): Playwright cannot download its own browser here.
"""
import contextlib
import json
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENS = pathlib.Path("/tmp/autograd_nb_screens")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
NOTEBOOK_CELLS = [
    "%load_ext autograd_nb",
    "import autograd_nb as torch\n"
    "x = torch.ones(2, 2, requires_grad=True)\n"
    "y = x + 2\nz = y * y * 3\nout = z.mean()",
    "%autograd inspect x",
    "%autograd graph --widget out",
    "from autograd_nb.jupyter import BackwardStepper\nBackwardStepper(out)",
]
TIMEOUT_MS = 90_000


def _missing():
    if not os.path.exists(CHROMIUM):
        return "Debian's chromium is not installed (apt-get install chromium)"
    for module in ("playwright", "jupyterlab", "ipywidgets", "ipykernel"):
        try:
            __import__(module)
        except ImportError:
            return f"the Python package {module} is not installed"
    return None


if _missing():
    pytest.skip(_missing(), allow_module_level=True)

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_notebook(path):
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
              "source": source} for source in NOTEBOOK_CELLS]
    path.write_text(json.dumps({
        "cells": cells, "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                    "language": "python"}},
    }))


def _quiet_settings(settings_dir):
    """No news or update checks: the machine has no network, and their toasts cover widgets."""
    path = settings_dir / "@jupyterlab" / "apputils-extension"
    path.mkdir(parents=True)
    (path / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))


@contextlib.contextmanager
def jupyterlab(workdir):
    """JupyterLab serving ``workdir`` on 127.0.0.1; yields its base URL and token; stopped after."""
    port, token = _free_port(), secrets.token_hex(16)
    home = workdir.parent / "jupyter-home"
    for name in ("config", "data", "runtime", "settings", "workspaces"):
        (home / name).mkdir(parents=True, exist_ok=True)
    _quiet_settings(home / "settings")
    env = dict(os.environ,
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH"))
                                          if p),
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    log = open(workdir.parent / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={workdir}",
         "--ServerApp.port_retries=0", "--allow-root", "--LabApp.extension_manager=readonly",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/api/status?token={token}", server)
        yield base, token
    finally:
        _stop(server)
        log.close()


def _wait_until_up(url, server, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("JupyterLab did not answer within 90 s")


def _stop(server):
    """SIGTERM to the server's own process group (it and the kernels it started), then KILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _screenshot(locator, tmp_path, name):
    path = tmp_path / f"{name}.png"
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(path))
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENS / path.name)
    return path


def _accept_kernel_dialog(page):
    """JupyterLab may still ask which kernel to use; the notebook names python3: accept it."""
    with contextlib.suppress(PlaywrightTimeout):
        page.locator(".jp-Dialog .jp-mod-accept").click(timeout=10_000)
        expect(page.locator(".jp-Dialog")).to_have_count(0)


def _run_all_cells(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def test_widgets_render_and_the_stepper_steps_in_jupyterlab(tmp_path):
    started = time.monotonic()
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    _write_notebook(workdir / "widgets.ipynb")
    with jupyterlab(workdir) as (base, token), sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 1600})
        try:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)  # JupyterLab's first load is slow on 2 cores
            page.goto(f"{base}/lab/tree/widgets.ipynb?token={token}")
            expect(page.locator(".jp-Notebook")).to_be_visible()
            _accept_kernel_dialog(page)
            expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")) \
                .to_have_count(1)
            _run_all_cells(page)

            inspector = page.locator(".autograd-nb-inspector")
            expect(inspector).to_contain_text("Tensor inspector")
            expect(inspector).to_contain_text("requires_grad=True")
            expect(inspector).to_contain_text("Variable containing:")
            expect(inspector).to_contain_text("[torch.FloatTensor of size 2x2]")

            graph = page.locator(".autograd-nb-graph")
            expect(graph).to_contain_text("Backward graph")
            expect(graph.locator("svg title", has_text="MeanBackward0")).to_have_count(1)
            expect(graph.locator("svg title", has_text="AccumulateGrad")).to_have_count(1)
            graph.get_by_role("radio", name="0.2").or_(
                graph.locator("button", has_text="0.2")).first.click()
            expect(graph.locator("svg title", has_text="MulConstantBackward")).to_have_count(1)

            stepper = page.locator(".autograd-nb-stepper")
            expect(stepper).to_contain_text("Step 0 of 5: before the pass")
            stepper.locator("button", has_text="Next").click()
            expect(stepper).to_contain_text("Step 1 of 5: MeanBackward0")
            stepper.locator("button", has_text="Next").click()
            expect(stepper).to_contain_text("Step 2 of 5")
            expect(stepper).to_contain_text("0.2500")
            for _ in range(3):
                stepper.locator("button", has_text="Next").click()
            expect(stepper).to_contain_text("Step 5 of 5")
            expect(stepper).to_contain_text("updated by this step")
            expect(stepper).to_contain_text("4.5000")

            shots = [_screenshot(inspector, tmp_path, "inspector"),
                     _screenshot(graph, tmp_path, "graph_view"),
                     _screenshot(stepper, tmp_path, "backward_stepper")]
            assert all(shot.stat().st_size > 1000 for shot in shots)
        finally:
            browser.close()
    print(f"browser test took {time.monotonic() - started:.1f} s; screenshots in {SCREENS}")
