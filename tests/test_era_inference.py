"""``pytest --autograd-nb`` picks each notebook's era from its outputs and code, falls back to
modern (saying why) on mixed or absent signals, and obeys the run's and the notebook's override."""
import pytest

nbformat = pytest.importorskip("nbformat")

from autograd_nb.jupyter.era_inference import StyleError, choose_style, infer_style  # noqa: E402


def notebook(*cells, metadata=None):
    """cells: (code, printed text, an output dict, or None)."""
    nb = nbformat.v4.new_notebook(metadata=metadata or {})
    for code, printed in cells:
        cell = nbformat.v4.new_code_cell(code)
        if isinstance(printed, dict):
            cell.outputs = [nbformat.v4.new_output(**printed)]
        elif printed is not None:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
        nb.cells.append(cell)
    return nb


def raised(message):
    return {"output_type": "error", "ename": "RuntimeError", "evalue": message, "traceback": []}


LEGACY_PRINT = "Variable containing:\n 3  3\n[torch.FloatTensor of size 2]\n\n"
MODERN_PRINT = "tensor([3., 3.], grad_fn=<AddBackward0>)\n"
# the second backward's error as torch 0.2-1.5, torch >= 1.10 and torch 0.1 worded it
BUFFERS_FREED = ("Trying to backward through the graph a second time, but the buffers have "
                 "already been freed. Specify retain_graph=True when calling backward the first "
                 "time.")
SAVED_TENSORS_FREED = ("Trying to backward through the graph a second time (or directly access "
                       "saved tensors after they have already been freed). Saved intermediate "
                       "values of the graph are freed when you call .backward() or "
                       "autograd.grad(). Specify retain_graph=True if you need to backward "
                       "through the graph a second time or if you need to access saved tensors "
                       "after calling backward.")
BUFFERS_FREED_0_1 = ("Trying to backward through the graph second time, but the buffers have "
                     "already been freed. Please specify retain_variables=True when calling "
                     "backward for the first time.")
NONLEAF_WARNING = ("/tmp/ipykernel_1/2.py:1: UserWarning: The .grad attribute of a Tensor that "
                   "is not a leaf Tensor is being accessed. Its .grad attribute won't be "
                   "populated during autograd.backward().\n  y.grad\n")


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
    ([("print(y)", MODERN_PRINT), ("y.backward(g)", raised(BUFFERS_FREED))], "1.x"),
    ([("y.backward(g)", raised(BUFFERS_FREED)), ("x = torch.tensor([1.0])", None)], "1.x"),
    ([("print(y)", MODERN_PRINT), ("y.backward(g)", raised(SAVED_TENSORS_FREED))], "modern"),
    ([("print(y)", MODERN_PRINT),
      ("y.grad", {"output_type": "stream", "name": "stderr", "text": NONLEAF_WARNING})],
     "modern"),
    ([("print(y)", LEGACY_PRINT), ("y.backward(g)", raised(BUFFERS_FREED))], "0.2"),
    ([("print(y)", LEGACY_PRINT), ("print(y.creator)", None),
      ("y.backward(g)", raised(BUFFERS_FREED_0_1))], "0.1"),
], ids=["0.1-node-name", "0.1-creator-code", "0.2-node-name", "0.2-printing",
        "0.2-printing-after-a-tensor", "0.2-volatile", "0.2-retain-variables-and-grad-fn",
        "modern-printing", "modern-custom-function-node", "modern-code", "outputs-decide",
        "1.x-backward-twice-text", "1.x-text-and-0.4-code", "modern-backward-twice-text",
        "modern-non-leaf-grad-warning", "0.2-backward-twice-text", "0.1-backward-twice-text"])
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
    assert "'tensor(…)' (1.x/modern)" in inference.reason


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
                                         r"modern, 1.x, 0.2, legacy, 0.1"):
        choose_style(nb)
