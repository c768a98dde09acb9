"""The %autograd magics in an IPython InteractiveShell (no kernel): every command, every bad
argument, and the promise that a failed magic changes nothing."""
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("IPython")
from IPython.core.error import UsageError  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402

import autograd_nb  # noqa: E402
from autograd_nb import eras  # noqa: E402
from autograd_nb.jupyter import alias  # noqa: E402
from autograd_nb.jupyter.graph import GraphView  # noqa: E402
from autograd_nb.jupyter.magics import COMMANDS  # noqa: E402

CLASSIC = ("import autograd_nb as t\n"
           "x = t.ones(2, 2, requires_grad=True)\n"
           "y = x + 2\n"
           "z = y * y * 3\n"
           "out = z.mean()\n")


def settings():
    """Everything a magic may change, to compare before and after."""
    return (eras.current_style(), autograd_nb.get_printoptions(), autograd_nb.is_grad_enabled(),
            alias.is_enabled(), sys.modules.get("torch"), np.get_printoptions()["legacy"])


@pytest.fixture
def without_real_torch():
    """Hide an already imported real torch for one test, and put it back afterwards."""
    saved = {name: module for name, module in sys.modules.items()
             if name == "torch" or name.startswith("torch.")}
    for name in saved:
        del sys.modules[name]
    yield
    alias.disable()
    sys.modules.update(saved)


@pytest.fixture
def ip(without_real_torch):
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "autograd_nb")
    shell.run_cell(CLASSIC)
    yield shell
    if "autograd_nb" in shell.extension_manager.loaded:
        shell.run_line_magic("unload_ext", "autograd_nb")
    autograd_nb.set_printoptions(style="modern")
    autograd_nb.set_grad_enabled(True)


def magic(shell, line):
    return shell.run_line_magic("autograd", line)


def cell_magic(shell, line, cell):
    return shell.run_cell_magic("autograd", line, cell)


# -- import and loading ---------------------------------------------------------------------
def test_importing_autograd_nb_imports_neither_ipython_nor_ipywidgets():
    code = ("import sys, autograd_nb, autograd_nb.jupyter\n"
            "print(sorted(m for m in ('IPython', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_load_registers_the_line_and_cell_magic(ip):
    magics = ip.magics_manager.magics
    assert "autograd" in magics["line"] and "autograd" in magics["cell"]


def test_help_comes_from_magic_arguments(ip):
    doc = ip.magics_manager.magics["line"]["autograd"].__doc__
    assert "%autograd [--style {modern,1.x,0.2,legacy,0.1}] [--no-grad] [--graph]" in doc
    assert "%autograd torch [on|off]" in doc and "%%autograd" in doc


def test_unload_removes_magics_formatters_and_alias(ip):
    magic(ip, "display rich")
    magic(ip, "torch")
    ip.run_line_magic("unload_ext", "autograd_nb")
    assert "autograd" not in ip.magics_manager.magics["line"]
    assert "autograd" not in ip.magics_manager.magics["cell"]
    assert set(ip.display_formatter.format(ip.user_ns["x"])[0]) == {"text/plain"}
    assert not alias.is_enabled() and "torch" not in sys.modules
    with pytest.raises(UsageError, match="not found"):
        magic(ip, "")


def test_reload_ext_works(ip):
    ip.run_line_magic("reload_ext", "autograd_nb")
    assert "autograd" in ip.magics_manager.magics["line"]


# -- status ---------------------------------------------------------------------------------
def test_status_is_one_line(ip, capsys):
    magic(ip, "")
    assert capsys.readouterr().out == (
        f"autograd_nb {autograd_nb.__version__} | style: modern | grad mode: on | "
        "torch alias: off | display: plain\n")


def test_status_command_is_the_default(ip, capsys):
    magic(ip, "status")
    assert capsys.readouterr().out.startswith("autograd_nb ")


def test_status_follows_the_settings(ip, capsys):
    magic(ip, "style 0.1")
    magic(ip, "torch")
    magic(ip, "display rich")
    autograd_nb.set_grad_enabled(False)
    magic(ip, "")
    assert capsys.readouterr().out.endswith(
        "style: 0.1 | grad mode: off | torch alias: on | display: rich\n")


# -- style ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, style", [("modern", "modern"), ("0.2", "0.2"),
                                         ("legacy", "0.2"), ("0.1", "0.1")])
def test_style_switches_the_era(ip, name, style):
    magic(ip, f"style {name}")
    assert eras.current_style() == style


def test_style_changes_how_existing_tensors_print(ip):
    magic(ip, "style legacy")
    assert repr(ip.user_ns["x"]) == ("Variable containing:\n 1  1\n 1  1\n"
                                     "[torch.FloatTensor of size 2x2]\n")


def test_style_without_argument_prints_the_current_one(ip, capsys):
    magic(ip, "style")
    assert capsys.readouterr().out == "style: modern\n"


def test_style_keeps_the_other_print_options(ip):
    autograd_nb.set_printoptions(precision=2, sci_mode=True)
    magic(ip, "style legacy")
    options = autograd_nb.get_printoptions()
    assert (options["precision"], options["sci_mode"]) == (2, True)
    autograd_nb.set_printoptions(profile="default")


# -- results as the era's kernel showed them ------------------------------------------------
SEED_004 = Path(__file__).parent / "data" / "seed_notebooks" / "seed_004_variable_autograd.ipynb"


def shown(shell, expression):
    return shell.display_formatter.format(shell.ev(expression))[0]["text/plain"]


def test_legacy_style_shows_results_as_ipython_5_and_numpy_1_13_did(ip):
    """The oracle: what a 2017 notebook saved from IPython 5 with NumPy 1.13 shows."""
    cells = [cell for cell in json.loads(SEED_004.read_text())["cells"]
             if cell["cell_type"] == "code"][:17]
    magic(ip, "torch")
    magic(ip, "style 0.2")
    for cell in cells:
        result = ip.run_cell("".join(cell["source"]), store_history=False)
        assert result.error_in_exec is None, cell["source"]
        for output in cell["outputs"]:
            if output["output_type"] == "execute_result" and " at 0x" not in str(output):
                expected = "".join(output["data"]["text/plain"])
                assert ip.display_formatter.format(result.result)[0]["text/plain"] == expected


def test_multi_line_items_stay_on_one_line_as_ipython_5_wrote_them(ip):
    magic(ip, "style 0.2")
    assert shown(ip, "[x.sum(), 'next']") == (
        "[Variable containing:\n  4\n [torch.FloatTensor of size 1], 'next']")
    assert shown(ip, "{'x': t.ones(1)}") == "{'x': \n  1\n [torch.FloatTensor of size 1]}"
    assert shown(ip, "(x.detach().numpy(), 1)") == (
        "(array([[ 1.,  1.],\n        [ 1.,  1.]], dtype=float32), 1)")


def test_long_lines_still_break_at_the_width_in_legacy_style(ip):
    magic(ip, "style 0.2")
    text = shown(ip, "[x.sum()] + list(range(40))")
    assert text.startswith("[Variable containing:\n  4\n [torch.FloatTensor of size 1],\n 0,\n")


@pytest.mark.parametrize("style", ["modern", "1.x"])
def test_modern_style_shows_results_as_todays_ipython_and_numpy(ip, style):
    magic(ip, "style 0.2")
    magic(ip, f"style {style}")
    assert shown(ip, "t.ones(1), t.ones(2, 2)") == (
        "(tensor([1.]),\n tensor([[1., 1.],\n         [1., 1.]]))")
    assert repr(np.ones(2)) == "array([1., 1.])"


def test_numpy_prints_as_1_13_in_legacy_style_then_as_the_user_had_it(ip):
    np.set_printoptions(legacy="1.21")
    try:
        magic(ip, "style 0.1")
        assert repr(np.ones(2)) == "array([ 1.,  1.])" and str(np.ones(2)) == "[ 1.  1.]"
        magic(ip, "style legacy")
        magic(ip, "style modern")
        assert np.get_printoptions()["legacy"] == "1.21"
    finally:
        np.set_printoptions(legacy=False)


def test_unload_shows_results_as_today_again(ip):
    magic(ip, "style 0.2")
    ip.run_line_magic("unload_ext", "autograd_nb")
    assert "\n" in shown(ip, "t.ones(1), 1") and "), 1)" not in shown(ip, "t.ones(1), 1")
    assert np.get_printoptions()["legacy"] is False


def test_cell_style_shows_its_result_as_the_era_did_then_restores(ip, capsys):
    cell_magic(ip, "--style 0.2", "x.sum(), x.detach().numpy()[0]")
    assert capsys.readouterr().out.endswith(
        "(Variable containing:\n  4\n [torch.FloatTensor of size 1], array([ 1.,  1.], "
        "dtype=float32))\n")
    assert np.get_printoptions()["legacy"] is False
    assert shown(ip, "x.sum(), 1") == "(tensor(4., grad_fn=<SumBackward0>), 1)"


# -- torch alias ----------------------------------------------------------------------------
LEGACY_IMPORTS = ("import torch\n"
                  "import torch.nn as nn\n"
                  "import torch.optim\n"
                  "from torch.autograd import Variable\n")


def test_torch_alias_resolves_legacy_imports(ip):
    magic(ip, "torch")
    ip.run_cell(LEGACY_IMPORTS, store_history=False).raise_error()
    ns = ip.user_ns
    assert ns["torch"] is autograd_nb
    assert ns["nn"] is sys.modules["autograd_nb.nn"]
    assert ns["torch"].optim is sys.modules["autograd_nb.optim"]
    assert ns["Variable"] is autograd_nb.autograd.Variable


def test_torch_alias_gives_the_real_modules_not_copies(ip):
    magic(ip, "torch on")
    import torch.autograd.graph
    assert torch.autograd.graph is autograd_nb.autograd.graph
    assert torch.Tensor is autograd_nb.Tensor


def test_torch_alias_missing_name_fails_as_a_normal_import(ip):
    magic(ip, "torch")
    with pytest.raises(ModuleNotFoundError, match="torch.no_such_module"):
        import torch.no_such_module  # noqa: F401


def test_torch_off_removes_the_alias(ip):
    magic(ip, "torch")
    ip.run_cell("import torch.nn", store_history=False).raise_error()
    magic(ip, "torch off")
    assert not alias.is_enabled()
    assert not [name for name in sys.modules if name == "torch" or name.startswith("torch.")]


def test_torch_alias_is_refused_when_real_torch_is_imported(ip, monkeypatch):
    real = types.ModuleType("torch")
    real.__version__ = "2.13.0"
    monkeypatch.setitem(sys.modules, "torch", real)
    before = settings()
    with pytest.raises(UsageError, match=r"already imported.*PyTorch 2\.13\.0.*Restart the kernel"):
        magic(ip, "torch")
    assert settings() == before and sys.modules["torch"] is real


# -- display --------------------------------------------------------------------------------
def test_tensors_display_as_plain_text_only_by_default(ip):
    data, _ = ip.display_formatter.format(ip.user_ns["out"])
    assert data == {"text/plain": "tensor(27., grad_fn=<MeanBackward0>)"}


def test_nodes_display_as_ipython_shows_torch_nodes(ip):
    data, _ = ip.display_formatter.format(ip.user_ns["out"].grad_fn)
    assert set(data) == {"text/plain"}
    assert data["text/plain"].startswith("<MeanBackward0 at 0x")


def test_display_rich_adds_html_for_tensors_and_svg_for_nodes(ip):
    magic(ip, "display rich")
    tensor, _ = ip.display_formatter.format(ip.user_ns["x"])
    node, _ = ip.display_formatter.format(ip.user_ns["out"].grad_fn)
    assert tensor["text/plain"] == "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)"
    assert "requires_grad" in tensor["text/html"] and "<table" in tensor["text/html"]
    assert node["image/svg+xml"].startswith("<svg") and "MeanBackward0" in node["image/svg+xml"]


def test_display_plain_removes_the_rich_formatters(ip):
    magic(ip, "display rich")
    magic(ip, "display plain")
    assert set(ip.display_formatter.format(ip.user_ns["x"])[0]) == {"text/plain"}


def test_display_without_argument_prints_the_mode(ip, capsys):
    magic(ip, "display")
    assert capsys.readouterr().out == "display: plain\n"


# -- graph ----------------------------------------------------------------------------------
def test_graph_returns_a_drawing_named_in_the_current_style(ip):
    view = magic(ip, "graph out")
    assert isinstance(view, GraphView)
    svg = view._repr_svg_()
    for name in ("MeanBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad"):
        assert f"<title>{name}</title>" in svg


def test_graph_labels_leaves_with_their_names_and_shapes(ip):
    svg = magic(ip, "graph out")._repr_svg_()
    assert ">x</text>" in svg and ">(2, 2)</text>" in svg


def test_graph_is_deterministic(ip):
    assert magic(ip, "graph out")._repr_svg_() == magic(ip, "graph out")._repr_svg_()


@pytest.mark.parametrize("style, names", [
    ("legacy", ("MeanBackward", "MulConstantBackward", "AddConstantBackward")),
    ("0.1", ("Mean", "MulConstant", "AddConstant")),
])
def test_graph_uses_the_era_names(ip, style, names):
    magic(ip, f"style {style}")
    svg = magic(ip, "graph out")._repr_svg_()
    assert all(f"<title>{name}</title>" in svg for name in names)


def test_graph_accepts_any_expression(ip):
    svg = magic(ip, "graph (x * 2).sum()")._repr_svg_()
    assert "<title>SumBackward0</title>" in svg


def test_graph_of_a_node(ip):
    assert "MeanBackward0" in magic(ip, "graph out.grad_fn")._repr_svg_()


def test_graph_dot_prints_graphviz_source(ip, capsys):
    assert magic(ip, "graph --dot out") is None
    text = capsys.readouterr().out
    assert text.startswith("digraph backward_graph {") and 'label="MeanBackward0"' in text


def test_graph_widget_option(ip):
    from autograd_nb.jupyter.widgets import GraphWidget
    assert isinstance(magic(ip, "graph --widget out"), GraphWidget)


def test_graph_values_writes_data_and_the_leaf_gradient_into_the_boxes(ip):
    before = magic(ip, "graph --values out")._repr_svg_()
    ip.run_cell("out.backward()")
    after = magic(ip, "graph --values out")._repr_svg_()
    for svg in (before, after):
        assert ">data [[1, 1], [1, 1]]</text>" in svg  # the leaf x
        assert ">data [[3, 3], [3, 3]]</text>" in svg  # y, a named result
        assert ">data 27</text>" in svg  # the output
    assert "grad" not in before
    assert ">grad [[4.5, 4.5], [4.5, 4.5]]</text>" in after


def test_graph_values_with_dot_prints_the_annotated_source(ip, capsys):
    magic(ip, "graph --values --dot out")
    assert 'label="x\\ndata [[1, 1], [1, 1]]"' in capsys.readouterr().out


@pytest.mark.parametrize("style, name", [("legacy", "MulConstantBackward"), ("0.1", "MulConstant")])
def test_graph_values_in_the_old_eras(ip, style, name):
    ip.run_cell("out.backward()")
    magic(ip, f"style {style}")
    svg = magic(ip, "graph --values out")._repr_svg_()
    assert f">{name}</text>" in svg and ">data 27</text>" in svg
    assert ">grad [[4.5, 4.5], [4.5, 4.5]]</text>" in svg


# -- inspect --------------------------------------------------------------------------------
def test_inspect_returns_the_inspector_widget(ip):
    from autograd_nb.jupyter.widgets import TensorInspector
    widget = magic(ip, "inspect x + 1")
    assert isinstance(widget, TensorInspector)
    assert widget.name == "x + 1" and "AddBackward0" in widget.facts.value


# -- bad arguments: a UsageError naming the choices, and nothing changed --------------------
BAD_LINES = [
    ("bogus", r"invalid choice: 'bogus' \(choose from 'status', 'style', 'torch', 'graph', "
              r"'inspect', 'step', 'display'\)"),
    ("status now", "status takes no arguments"),
    ("style 0.5", "style takes one of: modern, 1.x, 0.2, legacy, 0.1; got '0.5'"),
    ("style modern legacy", "style takes one of: modern, 1.x, 0.2, legacy, 0.1"),
    ("torch yes", "torch takes one of: on, off"),
    ("torch on off", "torch takes one of: on, off"),
    ("display html", "display takes one of: rich, plain; got 'html'"),
    ("display rich plain", "display takes one of: rich, plain"),
    ("--style legacy", "options of the cell magic %%autograd"),
    ("--no-grad", "options of the cell magic %%autograd"),
    ("--graph", "options of the cell magic %%autograd"),
    ("--colour=red", "unrecognized arguments: --colour=red"),
    ("graph", "graph needs an expression"),
    ("graph   ", "graph needs an expression"),
    ("graph --svg out", "one of: --dot, --widget; got '--svg'"),
    ("graph --dot --widget out", "at most one option"),
    ("graph --values --values out", "an option is repeated"),
    ("graph --values --widget out", "use --widget alone"),
    ("graph --widget --values out", "use --widget alone"),
    ("graph --values", "graph needs an expression"),
    ("graph undefined_name", "could not evaluate 'undefined_name': NameError"),
    ("graph out +", "could not evaluate 'out \\+': SyntaxError"),
    ("graph 1 / 0", "ZeroDivisionError"),
    ("graph 3", "needs a tensor, a graph node or a list of tensors; '3' is of type int"),
    ("graph []", "needs a tensor, a graph node or a list of tensors; '\\[\\]' is of type list"),
    ("graph [x, 1]", "is of type list"),
    ("graph None", "'None' is None"),
    ("inspect", "inspect needs an expression"),
    ("inspect x.detach().numpy()", "is of type numpy.ndarray"),
    ("inspect out.grad_fn", "needs a tensor"),
    ("inspect raise_", "NameError"),
    ("inspect __import__('sys').exit(3)", "SystemExit"),
    ('inspect "a"', "is of type str"),
    ("style 'modern", "could not read the arguments \"style 'modern\": No closing quotation"),
    ("--style 'legacy", "No closing quotation"),
]


@pytest.mark.parametrize("line, message", BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_bad_line_raises_usage_error_and_changes_nothing(ip, line, message):
    before = settings()
    with pytest.raises(UsageError, match=message):
        magic(ip, line)
    assert settings() == before


BAD_CELL_LINES = [
    ("--style 0.5", r"invalid choice: '0.5' \(choose from 'modern', '1.x', '0.2', 'legacy', '0.1'\)"),
    ("--style", "expected one argument"),
    ("style legacy", "the cell magic takes only options"),
    ("--no-grad graph", "the cell magic takes only options"),
    ("--grad", "unrecognized arguments"),
    ("--style 'legacy", "No closing quotation"),
]


@pytest.mark.parametrize("line, message", BAD_CELL_LINES, ids=[b[0] for b in BAD_CELL_LINES])
def test_bad_cell_options_raise_usage_error_and_do_not_run_the_cell(ip, line, message):
    before = settings()
    with pytest.raises(UsageError, match=message):
        cell_magic(ip, line, "ran = True")
    assert settings() == before and "ran" not in ip.user_ns


# -- the cell magic -------------------------------------------------------------------------
def test_cell_shows_its_result_in_the_style_then_restores_it(ip, capsys):
    cell_magic(ip, "--style legacy", "x")
    assert capsys.readouterr().out.endswith(
        "Variable containing:\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]\n")
    assert eras.current_style() == "modern"


def test_cell_no_grad_turns_grad_mode_off_for_the_cell(ip):
    cell_magic(ip, "--no-grad", "w = x * 2\ngrad_mode = t.is_grad_enabled()")
    assert ip.user_ns["grad_mode"] is False and not ip.user_ns["w"].requires_grad
    assert autograd_nb.is_grad_enabled()


def test_cell_result_is_the_cells_out_value(ip):
    assert cell_magic(ip, "", "a = 2\na * 21") is None
    assert ip.user_ns["_"] == 42


def test_cell_ending_in_a_statement_shows_nothing(ip, capsys):
    cell_magic(ip, "", "a = 2")
    assert capsys.readouterr().out == ""


def test_cell_semicolon_silences_the_result(ip, capsys):
    cell_magic(ip, "", "a = 2\na * 21;")
    assert capsys.readouterr().out == ""


def test_cell_assignments_land_in_the_user_namespace(ip):
    cell_magic(ip, "--style 0.1", "made_here = x + 1")
    assert isinstance(ip.user_ns["made_here"], autograd_nb.Tensor)


def test_cell_runs_line_magics_inside(ip):
    cell_magic(ip, "--style legacy", "%autograd style\nseen = t.eras.current_style()")
    assert ip.user_ns["seen"] == "0.2"


def test_cell_restores_settings_when_the_cell_raises(ip):
    before = settings()
    with pytest.raises(ZeroDivisionError):
        cell_magic(ip, "--style 0.1 --no-grad", "assert not t.is_grad_enabled()\n1 / 0")
    assert settings() == before


def test_cell_restores_settings_when_the_cell_is_not_python(ip):
    before = settings()
    with pytest.raises(SyntaxError):
        cell_magic(ip, "--style legacy --no-grad", "def (")
    assert settings() == before


def test_cell_restores_the_style_the_cell_itself_changed(ip):
    cell_magic(ip, "--style legacy", "t.set_printoptions(style='0.1')")
    assert eras.current_style() == "modern"


def test_cell_error_in_a_real_cell_marks_the_cell_failed(ip):
    result = ip.run_cell("%%autograd --style legacy\nraise KeyError('boom')", store_history=False)
    assert isinstance(result.error_in_exec, KeyError)
    assert eras.current_style() == "modern"


def test_cell_graph_draws_the_last_expression_in_the_cells_style(ip, monkeypatch):
    shown = []
    monkeypatch.setattr("autograd_nb.jupyter.magics.display", shown.append)
    cell_magic(ip, "--graph --style legacy", "out")
    assert ip.user_ns["_"] is ip.user_ns["out"]
    (view,) = shown
    assert "<title>MeanBackward</title>" in view._repr_svg_()


def test_cell_graph_even_when_the_result_is_silenced(ip, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr("autograd_nb.jupyter.magics.display", shown.append)
    cell_magic(ip, "--graph", "out;")
    assert len(shown) == 1 and capsys.readouterr().out == ""


def test_cell_graph_without_a_tensor_result_is_a_usage_error(ip):
    before = settings()
    with pytest.raises(UsageError, match="last expression, which must be a tensor; it is None"):
        cell_magic(ip, "--graph --style 0.1", "q = out")
    assert settings() == before


# -- v2: step, help, confirmations, parameter names, terminal text ---------------------------
def test_step_opens_the_stepper_before_the_pass(ip):
    from autograd_nb.jupyter.widgets import BackwardStepper
    stepper = magic(ip, "step out")
    assert isinstance(stepper, BackwardStepper) and stepper.step == 0
    assert stepper.trace.leaves == ("x",)


@pytest.mark.parametrize("line, message", [
    ("step", "%autograd step needs an expression"),
    ("step 3", "%autograd step needs a tensor; '3' is of type int"),
    ("step torch.ones(2)", "element 0 of tensors does not require grad"),
])
def test_step_bad_argument_is_a_usage_error(ip, line, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        magic(ip, line)


@pytest.mark.parametrize("line", ["--help", "-h", "help"])
def test_help_prints_every_command(ip, capsys, line):
    magic(ip, line)
    printed = capsys.readouterr().out
    for command in COMMANDS:
        assert f"%autograd {command}" in printed or command == "status"
    assert "%%autograd [--style S] [--no-grad] [--graph]" in printed


@pytest.mark.parametrize("line, said", [
    ("style 0.2", "style: 0.2 (was modern)\n"),
    ("style legacy", "style: 0.2 (was modern)\n"),
    ("display rich", "display: rich (was plain)\n"),
    ("torch", "torch alias: on (was off)\n"),
    ("torch off", "torch alias: off (was off)\n"),
])
def test_settings_say_what_they_changed(ip, capsys, line, said):
    magic(ip, line)
    assert capsys.readouterr().out == said


def test_graph_names_module_parameters_found_in_the_namespace(ip):
    ip.run_cell("model = torch.nn.Linear(2, 1)\nloss = model(torch.ones(1, 2)).sum()")
    svg = magic(ip, "graph loss")._repr_svg_()
    assert ">model.weight</text>" in svg and ">model.bias</text>" in svg


def test_graph_in_a_terminal_is_a_text_tree(ip):
    from IPython.lib.pretty import pretty
    assert pretty(magic(ip, "graph out")).splitlines()[:2] == ["Tensor out ()", "└─ MeanBackward0"]


def test_cell_error_traceback_starts_in_the_cell(ip):
    from IPython.utils.capture import capture_output
    with capture_output() as captured:
        result = ip.run_cell("%%autograd --no-grad\nfirst = 1\n1 / 0\n")
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", captured.stdout + captured.stderr)
    assert "1 / 0" in shown and "run_cell_magic" not in shown and "_execute" not in shown


def test_inspectors_on_screen_refresh_after_a_cell_runs_backward(ip):
    inspector = magic(ip, "inspect x")
    assert "<b>.grad</b>" not in inspector.heatmap.value
    ip.run_cell("out.backward()")
    assert not inspector.stale and "<b>.grad</b>" in inspector.heatmap.value


def test_unload_stops_refreshing_inspectors(ip):
    from autograd_nb.jupyter.magics import _refresh_inspectors
    ip.run_line_magic("unload_ext", "autograd_nb")
    assert _refresh_inspectors not in ip.events.callbacks["post_run_cell"]
