"""The extension in a real Jupyter kernel (ipykernel, driven by nbclient): load it, switch styles,
alias torch, run a legacy snippet, draw a graph, build each widget, unload; then the seeds'
legacy code, verbatim, against the seeds' outputs."""
import base64
import os
import pathlib
import re

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("ipywidgets")

ROOT = pathlib.Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def run_notebook(sources, tmp_path, allow_errors=False):
    """Execute code cells in a fresh kernel; return the executed notebook."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", allow_errors=allow_errors,
        store_widget_state=True, resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return nb


@pytest.fixture(autouse=True)
def importable_package(monkeypatch):
    """The kernel is a new process: let it import autograd_nb from this checkout."""
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))


def text(cell):
    """Everything a cell printed (stdout) followed by its result's text/plain."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", "") + "\n")
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}\n")
    return "".join(parts)


def data(cell, mime):
    return [o.data[mime] for o in cell.outputs
            if o.output_type in ("execute_result", "display_data") and mime in o.data]


def widget_texts(nb):
    """All the HTML values held in the notebook's saved widget state."""
    state = nb.metadata["widgets"][WIDGET_STATE]["state"]
    return "\n".join(model["state"].get("value", "") for model in state.values()
                     if model["model_name"] == "HTMLModel")


# -- one session, start to end ----------------------------------------------------------------
SESSION = [
    "%load_ext autograd_nb",                                                         # 0
    "%autograd",                                                                     # 1
    "%autograd torch\n"                                                              # 2
    "import torch\nimport torch.nn as nn\nimport torch.optim\n"
    "from torch.autograd import Variable\n"
    "print(torch.__name__, nn.__name__, torch.optim.__name__, Variable.__module__)",
    "%autograd style legacy",                                                        # 3
    "x = Variable(torch.ones(2, 2), requires_grad=True)\n"                           # 4
    "y = x + 2\nz = y * y * 3\nout = z.mean()\n\nprint(z, out)",
    "y.grad_fn",                                                                     # 5
    "%autograd graph out",                                                           # 6
    "%autograd style modern\n%autograd graph out",                                   # 7
    "%autograd inspect x",                                                           # 8
    "from autograd_nb.jupyter import BackwardStepper, GraphWidget\n"                 # 9
    "stepper = BackwardStepper(out)\nstepper",
    "stepper.next_button.click()\nprint(stepper.step, x.grad.tolist())",             # 10
    "GraphWidget(out)",                                                              # 11
    "%%autograd --style 0.1 --no-grad\nprint(torch.is_grad_enabled())\nx * 2",       # 12
    "%autograd",                                                                     # 13
    "%autograd style 0.5",                                                           # 14
    "%unload_ext autograd_nb",                                                       # 15
    "import sys\nprint('torch' in sys.modules)\n%autograd",                          # 16
    "%load_ext autograd_nb\n%autograd graph --values out",  # x.grad: from the stepper  # 17
]


def run_session(cells, tmp_path_factory):
    """``cells`` in one fresh kernel that imports this checkout; errors are kept as outputs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
        return run_notebook(cells, tmp_path_factory.mktemp("kernel"), allow_errors=True)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    return run_session(SESSION, tmp_path_factory)


def test_kernel_status_line(session):
    assert re.fullmatch(r"autograd_nb \S+ \| style: modern \| grad mode: on \| "
                        r"torch alias: off \| display: plain\n", text(session.cells[1]))


def test_kernel_torch_alias_imports(session):
    assert text(session.cells[2]) == "torch alias: on (was off)\nautograd_nb autograd_nb.nn " \
                                     "autograd_nb.optim autograd_nb.autograd\n"


def test_kernel_legacy_snippet_prints_as_pytorch_0_2(session):
    assert text(session.cells[4]) == (
        "Variable containing:\n 27  27\n 27  27\n[torch.FloatTensor of size 2x2]\n"
        " Variable containing:\n 27\n[torch.FloatTensor of size 1]\n\n")


def test_kernel_node_displays_as_in_0_2(session):
    assert re.fullmatch(r"<torch\.autograd\.function\.AddConstantBackward at 0x[0-9a-f]+>\n",
                        text(session.cells[5]))


def test_kernel_graph_is_svg_named_in_the_style(session):
    (legacy,) = data(session.cells[6], "image/svg+xml")
    (modern,) = data(session.cells[7], "image/svg+xml")
    assert "<title>AddConstantBackward</title>" in legacy and "<title>x</title>" not in legacy
    assert "<title>AddBackward0</title>" in modern and ">x</text>" in modern


def test_kernel_graph_values_show_data_and_the_leaf_gradient(session):
    (svg,) = data(session.cells[17], "image/svg+xml")
    assert ">data [[3, 3], [3, 3]]</text>" in svg and ">grad [[4.5, 4.5], [4.5, 4.5]]</text>" in svg


def test_kernel_widgets_are_displayed(session):
    for index in (8, 9, 11):
        assert data(session.cells[index], WIDGET_VIEW), f"cell {index} shows no widget"


def test_kernel_widget_state_holds_the_rendered_content(session):
    saved = widget_texts(session)
    assert "Tensor inspector" in saved and "Variable containing:" in saved
    assert "Step 1 of 5: MeanBackward0" in saved and "MulBackward0" in saved
    assert "<svg" in saved and "Backward graph" in saved


def test_kernel_stepper_button_and_real_backward(session):
    assert text(session.cells[10]) == "1 [[4.5, 4.5], [4.5, 4.5]]\n"


def test_kernel_cell_magic_runs_and_restores(session):
    assert text(session.cells[12]) == (
        "False\nVariable containing:\n 2  2\n 2  2\n[torch.FloatTensor of size 2x2]\n")
    assert "style: modern | grad mode: on | torch alias: on" in text(session.cells[13])


def test_kernel_bad_argument_is_a_usage_error_not_a_crash(session):
    assert text(session.cells[14]).startswith("UsageError: %autograd style takes one of")
    assert text(session.cells[16]).startswith("False\n")  # the kernel still runs


def test_kernel_unload_removes_magic_and_alias(session):
    assert text(session.cells[16]) == "False\nUsageError: Line magic function `%autograd` " \
                                      "not found.\n"


# -- the seeds, verbatim --------------------------------------------------------------------
# Code cells copied character for character from shared/seeds, with the outputs the seeds show.
# Outputs are compared line by line with trailing blanks dropped: the seeds are renderings
# (reST and notebook text dumps) that trimmed line ends. Addresses and random values are
# masked; 'Out[n]:' results are compared with their whitespace collapsed, because IPython 8's
# pretty printer breaks a tuple of multi-line reprs onto more lines than IPython 5 did.
ADDRESS = re.compile(r"0x[0-9a-f]+")
RANDOM = "random"  # marks a cell whose values come from torch.rand/randn: numbers are masked
NUMBER = re.compile(r"-?\d+\.\d+")

SEED_0_1 = [  # 000_cdcbcbbc6e831d87.txt, PyTorch 0.1
    ("import torch\nfrom torch.autograd import Variable\nx = Variable(torch.ones(2, 2), "
     "requires_grad=True)\nprint(x)  # notice the \"Variable containing\" line",
     "Variable containing:\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]\n"),
    ("print(x.data)", "\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]\n"),
    ("print(x.grad)", "Variable containing:\n 0  0\n 0  0\n[torch.FloatTensor of size 2x2]\n"),
    ("print(x.creator)  # we've created x ourselves", "None\n"),
    ("y = x + 2\nprint(y)",
     "Variable containing:\n 3  3\n 3  3\n[torch.FloatTensor of size 2x2]\n"),
    ("print(y.creator)", "<torch.autograd._functions.basic_ops.AddConstant object at 0x#>\n"),
    ("z = y * y * 3\nout = z.mean()\n\nprint(z, out)",
     "Variable containing:\n 27  27\n 27  27\n[torch.FloatTensor of size 2x2]\n"
     " Variable containing:\n 27\n[torch.FloatTensor of size 1]\n"),
    ("out.backward()\nprint(x.grad)",
     "Variable containing:\n 4.5000  4.5000\n 4.5000  4.5000\n[torch.FloatTensor of size 2x2]\n"),
    ("x = Variable(torch.ones(2, 2), requires_grad=True)\ny = x + 2\n"
     "y.backward(torch.ones(2, 2), retain_variables=True)\n"
     "# the retain_variables flag will prevent the internal buffers from being freed\n"
     "print(x.grad)",
     "Variable containing:\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]\n"),
    ("z = y * y\nprint(z)",
     "Variable containing:\n 9  9\n 9  9\n[torch.FloatTensor of size 2x2]\n"),
    ("gradient = torch.randn(2, 2)\n# this would fail if we didn't specify\n"
     "# that we want to retain variables\ny.backward(gradient)\nprint(x.grad)",
     "Variable containing:\n-0.6590  0.1379\n 1.3749  1.6264\n[torch.FloatTensor of size 2x2]\n",
     RANDOM),
]

# 003_c60b31ed1fb2d25d.txt (In [74]-[106], after its '%matplotlib inline', which is about
# plotting, not autograd), then 004_0c38b638e77a12d8.txt up to its numpy() cell, whose text is
# NumPy 1.13's array repr.
SEED_0_2 = [
    ("import torch\nfrom torch.autograd import Variable", ""),
    ("x = Variable(torch.ones(2, 2), requires_grad=True)\nprint(x)",
     "Variable containing:\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]\n"),
    ("y = x + 2\nprint(y)",
     "Variable containing:\n 3  3\n 3  3\n[torch.FloatTensor of size 2x2]\n"),
    ("print(y.grad_fn)", "<torch.autograd.function.AddConstantBackward object at 0x#>\n"),
    ("z = y * y * 3\nout = z.mean()\n\nprint(z, out)",
     "Variable containing:\n 27  27\n 27  27\n[torch.FloatTensor of size 2x2]\n"
     " Variable containing:\n 27\n[torch.FloatTensor of size 1]\n"),
    ("out.backward()", ""),
    ("print(x.grad)",
     "Variable containing:\n 4.5000  4.5000\n 4.5000  4.5000\n[torch.FloatTensor of size 2x2]\n"),
    ("x = torch.ones(3)\nprint(x)\nx = Variable(x, requires_grad=True)\n"
     "x.grad = Variable(torch.rand(3))\nprint(x.grad)\n\ny = x ** 3\n"
     "while y.data.norm() < 1000:\n    y = y * 2\n\nprint(y)",
     "\n 1\n 1\n 1\n[torch.FloatTensor of size 3]\n\nVariable containing:\n 0.4631\n 0.1372\n"
     " 0.7319\n[torch.FloatTensor of size 3]\n\nVariable containing:\n 1024\n 1024\n 1024\n"
     "[torch.FloatTensor of size 3]\n",  # the seed shows 1 1 1 here: its notebook was not
    # re-run after an edit (its next cell's 0.7631 = 0.4631 + 0.1 * 3 means the loop ran 0
    # times), so this one output is what the code itself prints
     RANDOM),
    ("gradients = torch.FloatTensor([0.1, 1.0, 0.0001])\ny.backward(gradients)\n\n"
     "print(x.grad)",
     "Variable containing:\n 0.7631\n 3.1372\n 0.7322\n[torch.FloatTensor of size 3]\n",
     RANDOM),
    # 004
    ("tensor = torch.FloatTensor([[1,2],[3,4]])            # build a tensor\n"
     "x = Variable(tensor, requires_grad=True)      # build a variable, usually for compute "
     "gradients\n\nprint(tensor)       # [torch.FloatTensor of size 2x2]\n"
     "print(x)     # [torch.FloatTensor of size 2x2]",
     "\n 1  2\n 3  4\n[torch.FloatTensor of size 2x2]\n\nVariable containing:\n 1  2\n 3  4\n"
     "[torch.FloatTensor of size 2x2]\n"),
    ("x.sum(), x.sqrt(), x**2",
     "Out: (Variable containing:\n  10\n [torch.FloatTensor of size 1], Variable containing:\n"
     "  1.0000  1.4142\n  1.7321  2.0000\n [torch.FloatTensor of size 2x2], Variable "
     "containing:\n   1   4\n   9  16\n [torch.FloatTensor of size 2x2])"),
    ("x.data", "Out: \n 1  2\n 3  4\n[torch.FloatTensor of size 2x2]"),
    ("x.requires_grad, x.grad, x.grad_fn, x.volatile", "Out: (True, None, None, False)"),
    ("# create graph\n\nx = Variable(torch.FloatTensor([3]),requires_grad=True)\n"
     "y = 2*x +3\n\nx.requires_grad, y.requires_grad", "Out: (True, True)"),
    ("y.grad_fn.next_functions[0][0]",
     "Out: <torch.autograd.function.MulConstantBackward at 0x#>"),
    ("y.backward()  # calculate dy / dx   == y.backward(torch.Tensor([1.0]))", ""),
    ("x.grad # dy / dx is stored and accmulated",
     "Out: Variable containing:\n 2\n[torch.FloatTensor of size 1]"),
    ("x.grad.data.zero_() # empty gradient storage", "Out: \n 0\n[torch.FloatTensor of size 1]"),
    ("y.backward(torch.Tensor([3.0])) # calculate dy / dx", ""),
    ("x.grad", "Out: Variable containing:\n 6\n[torch.FloatTensor of size 1]"),
    ("x1 = Variable(torch.ones(2), requires_grad=True)\nx2 = Variable(torch.ones(2))", ""),
    ("y = x1*2 +  x2\ny", "Out: Variable containing:\n 3\n 3\n[torch.FloatTensor of size 2]"),
    ("y.backward(torch.Tensor([1,1]))", ""),
    ("x1.grad, x2.grad",
     "Out: (Variable containing:\n  2\n  2\n [torch.FloatTensor of size 2], None)"),
]


def seed_output(cell):
    """A cell's output as the seeds render it: printed text, then 'Out: ' and the result."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type == "execute_result":
            parts.append("Out: " + output.data["text/plain"])
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "".join(parts)


def masked(text, random):
    text = ADDRESS.sub("0x#", text)
    if random:  # the values, and so the column widths, are random: keep only the layout
        return "\n".join(" ".join(NUMBER.sub("#", line).split())
                         for line in text.strip("\n").split("\n"))
    if text.startswith("Out: "):
        return " ".join(text.split())
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


@pytest.mark.parametrize("style, cells", [("0.1", SEED_0_1), ("legacy", SEED_0_2)],
                         ids=["seed-000-style-0.1", "seeds-003-004-style-legacy"])
def test_seed_code_runs_verbatim_with_the_seeds_outputs(tmp_path, style, cells):
    setup = ["%load_ext autograd_nb", "%autograd torch", f"%autograd style {style}"]
    nb = run_notebook(setup + [entry[0] for entry in cells], tmp_path, allow_errors=True)
    for (code, expected, *flags), cell in zip(cells, nb.cells[len(setup):]):
        random = RANDOM in flags
        assert masked(seed_output(cell), random) == masked(expected, random), code


# -- v2 in a real kernel: pictures, fallbacks, step, messages ---------------------------------
V2 = [
    "%load_ext autograd_nb",                                                         # 0
    "import autograd_nb as torch\nmodel = torch.nn.Linear(2, 1)\n"                   # 1
    "loss = model(torch.ones(1, 2)).sum()\n%autograd graph loss",
    "%autograd step loss",                                                           # 2
    "%autograd style 0.2",                                                           # 3
    "%%autograd --no-grad\nfirst = 1\nsecond = first / 0",                           # 4
]


@pytest.fixture(scope="module")
def v2(tmp_path_factory):
    return run_session(V2, tmp_path_factory)


def test_kernel_graph_offers_png_for_untrusted_notebooks_and_names_parameters(v2):
    (png,) = data(v2.cells[1], "image/png")
    assert base64.b64decode(png)[:4] == b"\x89PNG"
    (svg,) = data(v2.cells[1], "image/svg+xml")
    assert ">model.weight</text>" in svg and ">model.bias</text>" in svg
    assert data(v2.cells[1], "text/plain")[0].startswith("Tensor loss ()\n└─ SumBackward0")


def test_kernel_step_shows_the_stepper_with_an_html_fallback(v2):
    assert data(v2.cells[2], WIDGET_VIEW)
    (html,) = data(v2.cells[2], "text/html")
    assert "Step 0 of " in html and "model.weight.grad" in html
    assert data(v2.cells[2], "text/plain") == ["<BackwardStepper: step 0 of 5>"]  # Sum, Addmm, T, 2 leaves


def test_kernel_style_says_what_it_changed(v2):
    assert text(v2.cells[3]) == "style: 0.2 (was modern)\n"


def test_kernel_cell_magic_error_is_traced_from_the_cell(v2):
    (error,) = [o for o in v2.cells[4].outputs if o.output_type == "error"]
    shown = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error.traceback))
    assert error.ename == "ZeroDivisionError" and "second = first / 0" in shown
    assert "run_cell_magic" not in shown and "magics.py" not in shown
