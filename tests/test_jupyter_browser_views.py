"""What a learner sees, in a real headless Chromium (issue "See the backward pass"): a lesson
opened untrusted, the widgets in the dark theme, an exported notebook offline, the stepper
through a two-layer network's backward pass, and a click on a graph node.

One JupyterLab serves every test of the module (starting it costs ~30 s on two cores).
Screenshots go to the tests' tmp folders and /tmp/autograd_nb_screens/ for a reviewer.
"""
import os
import subprocess
import sys

import pytest
from test_jupyter_browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    ROOT,
    TIMEOUT_MS,
    _accept_kernel_dialog,
    _run_all_cells,
    _screenshot,
    jupyterlab,
)

pytestmark = pytest.mark.browser
nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
from playwright.sync_api import expect, sync_playwright  # noqa: E402 - after importorskip

LESSON = ROOT / "notebooks" / "en" / "05-the-graph.ipynb"
TWO_LAYERS = [
    "%load_ext autograd_nb",
    "import autograd_nb as torch\n"
    "torch.manual_seed(0)\n"
    "model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))\n"
    "x = torch.tensor([[1.0, 2.0]])\n"
    "target = torch.tensor([[1.0]])\n"
    "loss = torch.nn.functional.mse_loss(model(x), target)",
    "%autograd step loss",
    "a = torch.ones(2, 2, requires_grad=True)\n"
    "out = ((a + 2) * (a + 2) * 3).mean()\n"
    "%autograd inspect a",
    "%autograd graph --widget out",
    "%autograd display rich\nout.detach()",
]
STEPS = 10  # the two-layer network's backward pass: MseLoss, 2 Addmm, Tanh, 2 T, 4 leaves


def _notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    return nb


def _execute(nb, cwd):
    """Run ``nb`` in a fresh kernel, as a learner's saved notebook would hold it: outputs,
    no widget state (JupyterLab does not save it by default)."""
    paths = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", paths)  # the kernel imports this checkout
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                store_widget_state=False,
                                resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """Notebooks the tests open: lesson 5 and the two-layer network, executed here (so their
    outputs are today's), and the same network unexecuted, to run in the browser."""
    folder = tmp_path_factory.mktemp("views") / "notebooks"
    folder.mkdir()
    lesson = nbformat.read(LESSON, as_version=4)
    for cell in lesson.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(_execute(lesson, folder), folder / "lesson.ipynb")
    nbformat.write(_execute(_notebook(TWO_LAYERS), folder), folder / "executed.ipynb")
    nbformat.write(_notebook(TWO_LAYERS), folder / "live.ipynb")
    return folder


@pytest.fixture(scope="module")
def lab(workdir):
    with jupyterlab(workdir) as (base, token), sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(workdir.parent / "chromium-profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1500, "height": 1400})
        expect.set_options(timeout=TIMEOUT_MS)
        try:
            yield browser, base, token
        finally:
            browser.close()


def _open(lab, name):
    browser, base, token = lab
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{base}/lab/tree/{name}?token={token}&reset")
    expect(page.locator(".jp-Notebook")).to_be_visible()
    _accept_kernel_dialog(page)
    return page


def _drawings(path):
    """How many graph drawings (SVG outputs, each with its PNG) the notebook at ``path`` holds."""
    cells = nbformat.read(path, as_version=4).cells
    return sum("image/svg+xml" in output.get("data", {})
               for cell in cells if cell.cell_type == "code" for output in cell.outputs)


# -- an untrusted lesson --------------------------------------------------------------------
def test_untrusted_lesson_shows_its_graph_pictures(lab, workdir, tmp_path):
    page = _open(lab, "lesson.ipynb")
    pictures = page.locator(".jp-OutputArea-output img[src^='data:image/png']")
    expect(pictures).to_have_count(_drawings(workdir / "lesson.ipynb"))
    assert _drawings(workdir / "lesson.ipynb") >= 2  # lesson 5 draws graphs
    for picture in pictures.all():
        box = picture.bounding_box()
        assert box["width"] > 100 and box["height"] > 200
    expect(page.locator(".jp-OutputArea-output", has_text="<GraphView")).to_have_count(0)
    expect(page.locator(".jp-OutputArea-output svg")).to_have_count(0)  # untrusted: no SVG
    _screenshot(pictures.first, tmp_path, "untrusted_lesson_graph")
    page.close()


def test_untrusted_lesson_and_widgets_show_in_notebook_7(lab, workdir, tmp_path):
    pytest.importorskip("notebook", minversion="7")
    browser, base, token = lab
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{base}/notebooks/lesson.ipynb?token={token}")
    _accept_kernel_dialog(page)
    expect(page.locator(".jp-OutputArea-output img[src^='data:image/png']")).to_have_count(
        _drawings(workdir / "lesson.ipynb"))
    page.goto(f"{base}/notebooks/executed.ipynb?token={token}")
    _accept_kernel_dialog(page)
    stepper = page.locator(".jp-OutputArea-output .autograd-nb-stepper")
    expect(stepper).to_contain_text("Step 0 of 10: before the pass")
    _screenshot(stepper, tmp_path, "notebook7_untrusted_stepper")
    page.close()


def test_untrusted_widgets_show_their_snapshot_not_a_model_repr(lab, tmp_path):
    page = _open(lab, "executed.ipynb")
    stepper = page.locator(".jp-OutputArea-output .autograd-nb-stepper")
    expect(stepper).to_contain_text("Step 0 of 10: before the pass")
    expect(stepper).to_contain_text("model.0.weight.grad")
    expect(page.locator(".jp-OutputArea-output .autograd-nb-inspector")).to_contain_text(
        "Tensor inspector")
    expect(page.locator(".jp-OutputArea-output .autograd-nb-graph")).to_contain_text(
        "Backward graph")
    expect(page.locator(".jp-OutputArea-output", has_text="children=")).to_have_count(0)
    expect(stepper.locator(".autograd-nb-untrusted-note")).to_be_visible()
    _screenshot(stepper, tmp_path, "untrusted_stepper_snapshot")
    page.close()


# -- an exported notebook, offline ----------------------------------------------------------
def test_exported_html_offline_shows_graphs_and_widget_fallbacks(lab, workdir, tmp_path):
    for name in ("lesson", "executed"):
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html",
                        "--output-dir", str(tmp_path), str(workdir / f"{name}.ipynb")],
                       check=True, capture_output=True)
    browser = lab[0]
    page = browser.new_page()
    # offline: everything that is not the file itself fails, as without a network
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else route.abort())
    page.goto((tmp_path / "lesson.html").as_uri())
    drawings = page.locator("[data-mime-type='image/svg+xml'] img[src^='data:image/svg+xml']")
    # nbconvert embeds the SVG as an image
    expect(drawings).to_have_count(_drawings(workdir / "lesson.ipynb"))
    for drawing in drawings.all():
        assert drawing.evaluate("img => img.complete && img.naturalWidth > 100")
    page.goto((tmp_path / "executed.html").as_uri())
    expect(page.locator(".autograd-nb-stepper")).to_contain_text("before the pass")
    expect(page.locator(".autograd-nb-stepper svg")).to_have_count(2)  # the drawing, nested
    expect(page.locator(".autograd-nb-untrusted-note").first).to_be_hidden()
    expect(page.locator(".autograd-nb-inspector")).to_contain_text("Tensor inspector")
    expect(page.locator(".autograd-nb-graph svg title", has_text="MeanBackward0")) \
        .to_have_count(1)
    _screenshot(page.locator(".autograd-nb-stepper"), tmp_path, "exported_offline_stepper")
    page.close()


# -- the live widgets -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def live(lab):
    page = _open(lab, "live.ipynb")
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1)
    _run_all_cells(page)
    expect(page.locator(".autograd-nb-stepper")).to_contain_text("Step 0 of 10")
    expect(page.locator(".autograd-nb-graph")).to_contain_text("Backward graph")
    yield page
    page.close()


COLUMNS = (".autograd-nb-trail", ".autograd-nb-picture", ".autograd-nb-details")


def test_stepper_columns_stay_put_over_every_step_of_a_two_layer_network(live, tmp_path):
    stepper = live.locator(".autograd-nb-stepper")
    places = []
    for step in range(STEPS + 1):
        expect(stepper.locator(".autograd-nb-details")).to_contain_text(f"Step {step} of 10")
        boxes = [stepper.locator(column).bounding_box() for column in COLUMNS]
        places.append([(round(b["x"]), round(b["width"])) for b in boxes])
        _screenshot(stepper, tmp_path, f"stepper_two_layers_step_{step:02d}")
        if step < STEPS:
            stepper.locator("button", has_text="Next").click()
    assert all(place == places[0] for place in places), places
    expect(stepper).to_contain_text("model.0.weight.grad")


def test_click_on_a_graph_node_opens_its_inspector(live, tmp_path):
    graph = live.locator(".autograd-nb-graph")
    leaf = graph.locator("svg g[data-node]", has=live.locator("title", has_text="AccumulateGrad"))
    leaf.click()
    expect(graph.locator(".autograd-nb-inspector")).to_contain_text("Tensor inspector")
    expect(graph.locator(".autograd-nb-inspector")).to_contain_text("retains_grad")
    graph.locator("svg g[data-node]", has=live.locator("title", has_text="MeanBackward0")).click()
    expect(graph).to_contain_text("grad / numel, to every element of self")
    _screenshot(graph, tmp_path, "graph_widget_node_clicked")


CONTRAST = """
(selector) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const over = (top, base) => { const a = top.length > 3 ? top[3] : 1;
      return [0, 1, 2].map((i) => top[i] * a + base[i] * (1 - a)); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length && (c.length < 4 || c[3] > 0)) { layers.push(c); if (c.length < 4 || c[3] === 1) break; }
    }
    return layers.reverse().reduce((base, top) => over(top, base), [255, 255, 255]);
  };
  const worst = { ratio: 99, text: "" };
  for (const el of document.querySelectorAll(selector)) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest("svg") || !el.getClientRects().length) continue;
    const bg = background(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < worst.ratio) Object.assign(worst, { ratio, text: el.textContent.slice(0, 60),
                                                    fg: String(fg), bg: String(bg) });
  }
  return worst;
}
"""
OURS = ", ".join(f"{widget} *" for widget in (".autograd-nb-stepper", ".autograd-nb-inspector",
                                               ".autograd-nb-graph", ".autograd-nb-tensor"))


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_widget_text_contrast_is_at_least_4_5_in_light_and_dark(live, tmp_path, theme):
    live.locator(".lm-MenuBar-itemLabel", has_text="Settings").first.click()
    live.locator(".lm-Menu-itemLabel", has_text="Theme").first.click()
    live.locator(".lm-Menu-itemLabel", has_text=theme).first.click()
    dark = theme.endswith("Dark")
    expect(live.locator("body")).to_have_attribute("data-jp-theme-light", str(not dark).lower())
    stepper = live.locator(".autograd-nb-stepper")
    stepper.locator("button", has_text="Prev").click()  # a step with a highlighted leaf row
    worst = live.evaluate(CONTRAST, OURS)
    assert worst["ratio"] >= 4.5, worst
    for name in ("stepper", "inspector", "tensor"):
        shot = live.locator(f".autograd-nb-{name}").first
        _screenshot(shot, tmp_path, f"{name}_{'dark' if dark else 'light'}")
