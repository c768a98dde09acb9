"""The three widgets and the backward trace, on their Python state (no kernel, no browser)."""
import numpy as np
import pytest

pytest.importorskip("ipywidgets")

import autograd_nb as torch  # noqa: E402
from autograd_nb import eras  # noqa: E402
from autograd_nb.jupyter import BackwardStepper, GraphWidget, TensorInspector  # noqa: E402
from autograd_nb.jupyter.trace import BackwardTrace, trace_backward  # noqa: E402


@pytest.fixture(autouse=True)
def modern_style():
    yield
    torch.set_printoptions(style="modern")


@pytest.fixture
def classic():
    """The tutorial's example: out = mean(3 (x + 2)^2) at x = ones(2, 2)."""
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    return x, z.mean()


def names(trace):
    return [step.node_type.__name__ for step in trace.steps]


# -- the trace ------------------------------------------------------------------------------
def test_trace_records_the_engine_order(classic):
    x, out = classic
    trace = trace_backward(out, names={"x": x})
    assert names(trace) == ["MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0",
                            "AccumulateGrad"]


def test_trace_records_the_gradient_arriving_at_each_node(classic):
    x, out = classic
    arriving = [step.grads[0] for step in trace_backward(out).steps]
    np.testing.assert_allclose(arriving[0], 1.0)
    for grad, value in zip(arriving[1:], [0.25, 0.75, 4.5, 4.5]):
        np.testing.assert_allclose(grad, np.full((2, 2), value))


def test_trace_is_a_real_backward_that_fills_grad(classic):
    x, out = classic
    trace_backward(out)
    np.testing.assert_allclose(x.grad.numpy(), np.full((2, 2), 4.5))


def test_trace_leaf_grads_change_only_at_the_leaf_step(classic):
    x, out = classic
    trace = trace_backward(out, names={"x": x})
    assert trace.leaves == ("x",) and trace.leaf_shapes == ((2, 2),)
    assert [step.leaf for step in trace.steps] == [None] * 4 + [0]
    assert all(step.leaf_grads == (None,) for step in trace.steps[:4])
    np.testing.assert_allclose(trace.steps[-1].leaf_grads[0], np.full((2, 2), 4.5))


def test_trace_shows_accumulation_into_an_existing_grad(classic):
    x, out = classic
    x.grad = torch.ones(2, 2)
    trace = trace_backward(out)
    np.testing.assert_allclose(trace.initial_grads[0], np.ones((2, 2)))
    np.testing.assert_allclose(trace.steps[0].leaf_grads[0], np.ones((2, 2)))
    np.testing.assert_allclose(trace.steps[-1].leaf_grads[0], np.full((2, 2), 5.5))


def test_trace_snapshots_do_not_change_afterwards(classic):
    x, out = classic
    trace = trace_backward(out, retain_graph=True)
    out.backward()
    np.testing.assert_allclose(trace.steps[-1].leaf_grads[0], np.full((2, 2), 4.5))


def test_trace_two_leaves_each_updated_at_its_own_step():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    trace = trace_backward((a * b).sum(), names={"a": a, "b": b})
    leaf_steps = [s for s in trace.steps if s.leaf is not None]
    assert sorted(trace.leaves[s.leaf] for s in leaf_steps) == ["a", "b"]
    final = dict(zip(trace.leaves, trace.steps[-1].leaf_grads))
    np.testing.assert_allclose(final["a"], [3.0, 4.0])
    np.testing.assert_allclose(final["b"], [1.0, 2.0])


def test_trace_with_a_gradient_argument():
    x = torch.ones(3, requires_grad=True)
    trace = trace_backward(x * 2, gradient=torch.tensor([0.1, 1.0, 0.0001]))
    np.testing.assert_allclose(trace.steps[0].grads[0], [0.1, 1.0, 0.0001], rtol=1e-6)


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_trace_under_create_graph_stores_arrays(classic):
    x, out = classic
    trace = trace_backward(out, create_graph=True)
    assert all(isinstance(step.grads[0], np.ndarray) for step in trace.steps)
    assert x.grad.requires_grad


def test_trace_names_follow_the_style_read_later(classic):
    _, out = classic
    trace = trace_backward(out)
    torch.set_printoptions(style="0.1")
    assert names(trace)[:2] == ["Mean", "MulConstant"]


def test_trace_errors_are_the_engines(classic):
    _, out = classic
    out.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        trace_backward(out)


def test_trace_needs_a_tensor():
    with pytest.raises(TypeError, match="needs a tensor, got list"):
        trace_backward([1.0])


# -- the tensor inspector -------------------------------------------------------------------
def test_inspector_shows_both_styles_side_by_side(classic):
    x, _ = classic
    widget = TensorInspector(x, name="x")
    assert "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)" in widget.modern_text.value
    assert ("Variable containing:\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]"
            in widget.legacy_text.value)


def test_inspector_facts(classic):
    _, out = classic
    facts = TensorInspector(out).facts.value
    for text in ("shape", "()", "torch.float32", "requires_grad", "is_leaf", "False",
                 "MeanBackward0", "MeanBackward", "Mean"):
        assert text in facts


def test_inspector_leaves_the_style_as_it_was(classic):
    x, _ = classic
    torch.set_printoptions(style="0.1")
    TensorInspector(x)
    assert eras.current_style() == "0.1"


def test_inspector_colour_map_for_2d_values(classic):
    x, _ = classic
    heatmap = TensorInspector(x).heatmap.value
    assert heatmap.count("<td") == 4 and "background: rgb(" in heatmap


def test_inspector_no_colour_map_for_other_shapes(classic):
    _, out = classic
    assert TensorInspector(out).heatmap.value == ""


def test_inspector_large_tensor_shows_a_corner():
    heatmap = TensorInspector(torch.arange(0.0, 2500.0).reshape(50, 50)).heatmap.value
    assert heatmap.count("<td") == 24 * 24 and "showing 24 of 50 rows" in heatmap


def test_inspector_refresh_shows_the_gradient_after_backward(classic):
    x, out = classic
    widget = TensorInspector(x)
    assert ".grad" not in widget.modern_text.value
    out.backward()
    widget.refresh_button.click()
    assert "4.5000" in widget.modern_text.value and "4.5000" in widget.legacy_text.value


def test_inspector_escapes_html():
    widget = TensorInspector(torch.ones(1), name="<b>")
    assert "&lt;b&gt;" in widget.title.value


def test_inspector_of_a_non_leaf_does_not_warn(classic, recwarn):
    _, out = classic
    TensorInspector(out)
    assert not [w for w in recwarn if "non-leaf" in str(w.message) or ".grad" in str(w.message)]


def test_inspector_in_0_1_does_not_create_a_grad(classic):
    x, _ = classic
    torch.set_printoptions(style="0.1")
    TensorInspector(x)
    torch.set_printoptions(style="modern")
    assert x.grad is None


def test_inspector_is_deterministic(classic):
    x, _ = classic
    first, second = TensorInspector(x), TensorInspector(x)
    assert [w.value for w in (first.facts, first.modern_text, first.legacy_text, first.heatmap)] \
        == [w.value for w in (second.facts, second.modern_text, second.legacy_text, second.heatmap)]


def test_inspector_needs_a_tensor():
    with pytest.raises(TypeError, match="needs a tensor, got int"):
        TensorInspector(3)


# -- the graph widget -----------------------------------------------------------------------
def test_graph_widget_draws_svg(classic):
    x, out = classic
    widget = GraphWidget(out, names={"x": x})
    assert widget.drawing.value.startswith("<svg") and "<title>MeanBackward0</title>" in \
        widget.drawing.value
    assert "6 nodes" in widget.caption.value


def test_graph_widget_switches_era_names_without_changing_the_style(classic):
    x, out = classic
    widget = GraphWidget(out, names={"x": x})
    widget.era.value = "0.2"
    assert "<title>MulConstantBackward</title>" in widget.drawing.value
    widget.era.value = "0.1"
    assert "<title>MulConstant</title>" in widget.drawing.value
    assert eras.current_style() == "modern"


def test_graph_widget_dot_source(classic):
    _, out = classic
    widget = GraphWidget(out, names={})
    widget.show_dot.value = True
    assert "digraph backward_graph {" in widget.drawing.value


def test_graph_widget_starts_in_the_current_era(classic):
    _, out = classic
    torch.set_printoptions(style="legacy")
    assert GraphWidget(out, names={}).era.value == "0.2"


# -- the backward stepper -------------------------------------------------------------------
def test_stepper_starts_at_the_first_node(classic):
    x, out = classic
    stepper = BackwardStepper(out, names={"x": x})
    assert stepper.step == 0 and stepper.prev_button.disabled and not stepper.next_button.disabled
    view = stepper.step_view.value
    assert "Step 1 of 5" in view and "MeanBackward0" in view and "tensor(1.)" in view
    assert "x.grad" in view and "None" in view


def test_stepper_next_and_prev_buttons(classic):
    x, out = classic
    stepper = BackwardStepper(out, names={"x": x})
    stepper.next_button.click()
    assert stepper.step == 1 and "Step 2 of 5" in stepper.step_view.value
    assert "0.2500" in stepper.step_view.value
    stepper.prev_button.click()
    assert stepper.step == 0


def test_stepper_last_step_shows_the_leaf_receiving_its_grad(classic):
    x, out = classic
    stepper = BackwardStepper(out, names={"x": x})
    stepper.go(99)
    view = stepper.step_view.value
    assert stepper.step == 4 and stepper.next_button.disabled
    assert "AccumulateGrad" in view and "adds it into <code>x.grad</code>" in view
    assert "updated by this step" in view and "4.5000" in view


def test_stepper_play_moves_the_slider(classic):
    _, out = classic
    stepper = BackwardStepper(out)
    stepper.play.value = 4
    assert stepper.slider.value == 4 and stepper.step == 3
    assert "Step 4 of 5" in stepper.step_view.value


def test_stepper_trail_marks_done_current_and_pending(classic):
    _, out = classic
    stepper = BackwardStepper(out)
    stepper.go(2)
    trail = stepper.trail.value
    assert "✓ 1. MeanBackward0" in trail and "▶ 3. MulBackward0" in trail
    assert "· 5. AccumulateGrad" in trail


def test_stepper_ran_the_real_backward(classic):
    x, out = classic
    BackwardStepper(out)
    np.testing.assert_allclose(x.grad.numpy(), np.full((2, 2), 4.5))


def test_stepper_from_a_trace(classic):
    x, out = classic
    trace = trace_backward(out, names={"x": x})
    stepper = BackwardStepper(trace)
    assert isinstance(stepper.trace, BackwardTrace) and stepper.slider.max == 5


def test_stepper_shows_names_and_values_in_the_current_style(classic):
    x, out = classic
    torch.set_printoptions(style="legacy")
    stepper = BackwardStepper(out, names={"x": x})
    stepper.go(4)
    assert "[torch.FloatTensor of size 2x2]" in stepper.step_view.value
    assert "MulConstantBackward" in stepper.trail.value


def test_stepper_labels_leaves_from_the_ipython_namespace(classic):
    from IPython.core.interactiveshell import InteractiveShell
    x, out = classic
    shell = InteractiveShell.instance()
    shell.user_ns["leaf_from_ns"] = x
    try:
        assert BackwardStepper(out).trace.leaves == ("leaf_from_ns",)
    finally:
        del shell.user_ns["leaf_from_ns"]


def test_stepper_needs_a_tensor():
    with pytest.raises(TypeError, match="needs a tensor, got str"):
        BackwardStepper("out")


def test_stepper_refuses_a_pass_too_long_to_read_before_running_it():
    from autograd_nb.jupyter.trace import MAX_STEPS
    x = torch.ones(3, requires_grad=True)
    y = x
    for _ in range(MAX_STEPS):
        y = y * 1.0
    with pytest.raises(ValueError, match="the stepper shows at most"):
        BackwardStepper(y.sum())
    assert x.grad is None


def test_inspector_keeps_the_legacy_leading_blank_line_of_plain_tensors():
    legacy = TensorInspector(torch.ones(2)).legacy_text.value
    assert '">\n\n 1\n 1\n[torch.FloatTensor of size 2]\n</pre>' in legacy
