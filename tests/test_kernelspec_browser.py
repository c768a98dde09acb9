"""The kernelspec of ``python -m autograd_nb.kernel install`` in a real JupyterLab (headless
Chromium, as tests/test_jupyter_browser.py): the launcher offers "Python 3 (autograd_nb as
torch)", and a torch notebook that names it runs on autograd_nb in its era."""
import json
import os
import subprocess
import sys

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
# skips this module, as that one, without a browser or JupyterLab
from test_jupyter_browser import (  # noqa: E402 - after the skip above
    CHROMIUM,
    CHROMIUM_FLAGS,
    ROOT,
    TIMEOUT_MS,
    _accept_kernel_dialog,
    _run_all_cells,
    jupyterlab,
)

pytestmark = pytest.mark.browser
CELLS = [("import torch\nfrom torch.autograd import Variable\n"
          "x = Variable(torch.ones(2, 2), requires_grad=True)\ny = x + 2\nprint(y)"),
         "y.grad_fn"]


def test_the_kernel_is_in_the_launcher_and_runs_a_torch_notebook(tmp_path, monkeypatch):
    prefix = tmp_path / "prefix"
    subprocess.run([sys.executable, "-m", "autograd_nb.kernel", "install", "--prefix",
                    str(prefix), "--style", "0.2"], check=True, env=dict(
                        os.environ, PYTHONPATH=str(ROOT)))
    monkeypatch.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    (workdir / "old.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                   "source": source} for source in CELLS],
        "metadata": {"kernelspec": {"name": "autograd_nb", "language": "python",
                                    "display_name": "Python 3 (autograd_nb as torch, 0.2)"}},
        "nbformat": 4, "nbformat_minor": 5}))
    with jupyterlab(workdir) as (base, token), sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 1200})
        try:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)
            page.goto(f"{base}/lab?token={token}")
            card = page.locator(".jp-LauncherCard", has_text="autograd_nb as torch, 0.2")
            expect(card).not_to_have_count(0)
            page.goto(f"{base}/lab/tree/old.ipynb?token={token}")
            _accept_kernel_dialog(page)  # JupyterLab may ask; the notebook's kernel is preselected
            expect(page.locator(".jp-Toolbar-kernelName")).to_contain_text(
                "autograd_nb as torch, 0.2")
            expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")) \
                .to_have_count(1)
            _run_all_cells(page)
            outputs = page.locator(".jp-OutputArea-output")
            expect(outputs.first).to_contain_text("Variable containing:")
            expect(outputs.first).to_contain_text("[torch.FloatTensor of size 2x2]")
            expect(outputs.nth(1)).to_contain_text(
                "<torch.autograd.function.AddConstantBackward at")
        finally:
            browser.close()
