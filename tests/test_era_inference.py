"""``pytest --autograd-nb`` picks each notebook's era from its outputs and code, falls back to
modern (saying why) on mixed or absent signals, and obeys the run's and the notebook's override."""
import pytest

nbformat = pytest.importorskip("nbformat")

from autograd_nb.jupyter.era_inference import StyleError, choose_style, infer_style  # noqa: E402


def notebook(*cells, metadata=None):
    """cells: (code, printed text or None)."""
    nb = nbformat.v4.new_notebook(metadata=metadata or {})
    for code, printed in cells:
        cell = nbformat.v4.new_code_cell(code)
        if printed is not None:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
        nb.cells.append(cell)
    return nb


LEGACY_PRINT = "Variable containing:\n 3  3\n[torch.FloatTensor of size 2]\n\n"


@pytest.mark.parametrize("cells, style", [
    ([("print(y.creator)", "<torch.autograd._functions.basic_ops.AddConstant object at 0x7f>\n")],
     "0.1"),
    ([("print(y)", LEGACY_PRINT), ("print(y.creator)", None)], "0.1"),
    ([("print(y.grad_fn)", "<torch.autograd.function.AddConstantBackward object at 0x7f>\n")],
     "0.2"),
    ([("print(y)", LEGACY_PRINT)], "0.2"),
    ([("print(t)\nprint(v)", "\n 1\n[torch.FloatTensor of size 1]\n\n" + LEGACY_PRINT)], "0.2"),
    ([("x = Variable(t, volatile=True)", None)], "0.2"),
    ([("y.backward(g, retain_variables=True)", None), ("y.grad_fn", None)], "0.2"),
    ([("print(y)", "tensor([3., 3.], grad_fn=<AddBackward0>)\n")], "modern"),
    ([("print(y.grad_fn)", "<torch.autograd.function.MyReLUBackward object at 0x7f>\n"),
      ("y = torch.tensor([1.0])", None)], "modern"),
    ([("y.grad_fn", None), ("x = torch.ones(2, requires_grad=True)", None)], "modern"),
    # a 0.3-era idiom whose notebook was re-run on modern torch: its outputs decide
    ([("x = Variable(torch.ones(2), requires_grad=True)\nprint(x + 1)",
       "tensor([2., 2.], grad_fn=<AddBackward0>)\n")], "modern"),
], ids=["0.1-node-name", "0.1-creator-code", "0.2-node-name", "0.2-printing",
        "0.2-printing-after-a-tensor", "0.2-volatile", "0.2-retain-variables-and-grad-fn",
        "modern-printing", "modern-custom-function-node", "modern-code", "outputs-decide"])
def test_inference_picks_the_era(cells, style):
    assert infer_style(notebook(*cells)).style == style


def test_no_signal_falls_back_to_modern_and_says_so():
    inference = infer_style(notebook(("print(1 + 1)", "2\n")))
    assert inference == ("modern", "no era signals in outputs or code, so modern")


def test_mixed_outputs_fall_back_to_modern_and_name_both():
    inference = infer_style(notebook(("print(a)", LEGACY_PRINT),
                                     ("print(b)", "tensor([1.])\n")))
    assert inference.style == "modern"
    assert inference.reason.startswith("outputs disagree: 'Variable containing:'")
    assert "'tensor(…)' (modern)" in inference.reason


def test_mixed_code_falls_back_to_modern():
    inference = infer_style(notebook(("y.creator", None), ("with torch.no_grad(): pass", None)))
    assert inference.style == "modern" and inference.reason.startswith("code idioms disagree")


def test_metadata_overrides_inference_and_the_option_overrides_both():
    nb = notebook(("print(y)", LEGACY_PRINT), metadata={"autograd_nb": {"style": "0.1"}})
    assert choose_style(nb) == ("0.1", "set by the notebook's metadata autograd_nb.style")
    assert choose_style(nb, "modern") == ("modern", "set by --autograd-nb-style")
    assert choose_style(nb, "legacy").style == "0.2"


def test_unknown_style_in_metadata_names_the_choices():
    nb = notebook(metadata={"autograd_nb": {"style": "0.3"}})
    with pytest.raises(StyleError, match=r"autograd_nb.style is '0.3'; it must be one of: "
                                         r"modern, 0.2, legacy, 0.1"):
        choose_style(nb)
