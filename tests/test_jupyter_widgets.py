"""The three widgets and the backward trace, on their Python state (no kernel, no browser)."""
import re

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
def details(stepper):
    return stepper.step_view.value.split('class="autograd-nb-details"')[1]


def trail(stepper):
    value = stepper.step_view.value
    return value.split('class="autograd-nb-trail"')[1].split('class="autograd-nb-picture"')[0]


def test_stepper_starts_before_the_pass(classic):
    x, out = classic
    stepper = BackwardStepper(out, names={"x": x})
    assert stepper.step == 0 and stepper.prev_button.disabled and not stepper.next_button.disabled
    view = details(stepper)
    assert "Step 0 of 5: before the pass" in view
    assert "starts with the gradient of the output with respect to itself, <code>1</code>, " \
           "arriving at <code>MeanBackward0</code>" in view
    assert "x.grad" in view and "None" in view and "leaves before the pass" in view


def test_stepper_before_the_pass_shows_a_gradient_left_by_an_earlier_backward(classic):
    x, out = classic
    x.grad = torch.full((2, 2), 4.5)
    view = details(BackwardStepper(out, names={"x": x}))
    assert "already hold a <code>.grad</code> from an earlier" in view and "4.5000" in view


def test_stepper_next_and_prev_buttons(classic):
    x, out = classic
    stepper = BackwardStepper(out, names={"x": x})
    stepper.next_button.click()
    assert stepper.step == 1 and "Step 1 of 5: MeanBackward0" in details(stepper)
    stepper.next_button.click()
    assert "Step 2 of 5" in details(stepper) and "0.2500" in details(stepper)
    stepper.prev_button.click()
    assert stepper.step == 1


def test_stepper_step_shows_the_local_rule_and_what_is_sent_along_each_edge(classic):
    x, out = classic
    stepper = BackwardStepper(out, names={"x": x})
    stepper.go(3)  # y * y: sends 2.25 = 0.75 * 3 along both edges to y's AddBackward0
    view = details(stepper)
    assert "local rule: <code>self: grad·other, other: grad·self</code>" in view
    assert view.count("sends to <code>AddBackward0</code>:") == 2
    assert view.count("2.2500") == 8  # two 2x2 gradients


def test_stepper_tells_two_nodes_of_one_kind_apart(classic):
    x, out = classic
    stepper = BackwardStepper(out, names={"x": x})
    stepper.go(2)
    assert "Step 2 of 5: MulBackward0 (1st of 2)" in details(stepper)
    stepper.go(3)
    assert "Step 3 of 5: MulBackward0 (2nd of 2)" in details(stepper)


def test_stepper_last_step_names_the_leaf_receiving_its_grad(classic):
    x, out = classic
    stepper = BackwardStepper(out, names={"x": x})
    stepper.go(99)
    view = details(stepper)
    assert stepper.step == 5 and stepper.next_button.disabled
    assert "Step 5 of 5: AccumulateGrad → x" in view and "<code>x.grad</code> was None" in view
    assert "updated by this step" in view and "4.5000" in view


def test_stepper_shows_accumulation_into_an_existing_grad_as_a_sum():
    a = torch.tensor(2.0, requires_grad=True)
    (a * a).backward()
    stepper = BackwardStepper(a * a, names={"a": a})
    stepper.go(99)
    assert "<code>a.grad</code> = <code>4 + 4 = 8</code>" in details(stepper)


def test_stepper_play_moves_the_slider(classic):
    _, out = classic
    stepper = BackwardStepper(out)
    stepper.play.value = 4
    assert stepper.slider.value == 4 and stepper.step == 4
    assert "Step 4 of 5" in details(stepper)


def test_stepper_trail_marks_done_current_and_pending(classic):
    _, out = classic
    stepper = BackwardStepper(out)
    stepper.go(3)
    text = trail(stepper)
    assert "✓ 0. before the pass" in text and "✓ 1. MeanBackward0" in text
    assert "▶ 3. MulBackward0 (2nd of 2)" in text and "· 5. AccumulateGrad" in text


def test_stepper_columns_have_fixed_widths_at_every_step(classic):
    _, out = classic
    stepper = BackwardStepper(out)
    layouts = set()
    for index in range(6):
        stepper.go(index)
        layouts.add(stepper.step_view.value.split("grid-template-columns: ")[1].split(";")[0])
    assert len(layouts) == 1


def test_stepper_graph_labels_each_edge_with_the_gradient_sent_so_far(classic):
    import xml.etree.ElementTree as ET
    x, out = classic
    stepper = BackwardStepper(out, names={"x": x})

    def labels(index):
        stepper.go(index)
        svg = re.search(r'class="autograd-nb-picture".*?(<svg.*</svg>)', stepper.step_view.value,
                        re.S).group(1)
        root = ET.fromstring(svg)
        return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")
                if t.get("font-size") == "11"]

    assert labels(0) == ["1"]  # the output's edge: the gradient the pass starts with
    assert labels(1) == ["1", "[[0.25, 0.25], [0.25, 0.25]]"]
    assert labels(5) == ["1", "[[0.25, 0.25], [0.25, 0.25]]", "[[0.75, 0.75], [0.75, 0.75]]",
                         *["[[2.25, 2.25], [2.25, 2.25]]"] * 2, "[[4.5, 4.5], [4.5, 4.5]]"]


def test_stepper_graph_outlines_the_current_node_only(classic):
    _, out = classic
    stepper = BackwardStepper(out)
    for index in range(6):
        stepper.go(index)
        assert stepper.step_view.value.count('stroke-width="3"') == (index > 0)


def test_stepper_names_a_modules_parameters():
    from autograd_nb.jupyter.display import named_tensors
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
    loss = torch.nn.functional.mse_loss(model(torch.ones(1, 2)), torch.zeros(1, 1))
    stepper = BackwardStepper(loss, names=named_tensors({"model": model}))
    assert set(stepper.trace.leaves) == {"model.0.weight", "model.0.bias", "model.2.weight",
                                         "model.2.bias"}
    stepper.go(99)
    assert "<code>model.0.weight.grad</code> was None" in details(stepper) or \
        "<code>model.0.bias.grad</code> was None" in details(stepper)


def test_stepper_ran_the_real_backward(classic):
    x, out = classic
    BackwardStepper(out)
    np.testing.assert_allclose(x.grad.numpy(), np.full((2, 2), 4.5))


def test_stepper_from_a_trace(classic):
    x, out = classic
    trace = trace_backward(out, names={"x": x})
    stepper = BackwardStepper(trace)
    assert isinstance(stepper.trace, BackwardTrace) and stepper.slider.max == 5
    assert stepper.slider.min == 0


def test_stepper_shows_names_and_values_in_the_current_style(classic):
    x, out = classic
    torch.set_printoptions(style="legacy")
    stepper = BackwardStepper(out, names={"x": x})
    stepper.go(5)
    assert "[torch.FloatTensor of size 2x2]" in stepper.step_view.value
    assert "MulConstantBackward" in trail(stepper)


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


# -- what untrusted and exported notebooks show ---------------------------------------------
@pytest.mark.parametrize("make", ["inspector", "graph", "stepper"])
def test_widgets_carry_an_html_snapshot_and_a_short_text(classic, make):
    x, out = classic
    widget = {"inspector": lambda: TensorInspector(x, name="x"),
              "graph": lambda: GraphWidget(out, names={"x": x}),
              "stepper": lambda: BackwardStepper(out, names={"x": x})}[make]()
    data = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/html"].startswith(f'<div class="{widget._dom_classes[0]}"')
    assert widget.snapshot() in data["text/html"]
    assert data["text/plain"].startswith("<") and "children=" not in data["text/plain"]


def test_inspector_shows_version_retains_grad_and_a_gradient_colour_map(classic):
    x, out = classic
    out.backward()
    inspector = TensorInspector(x)
    assert "retains_grad" in inspector.facts.value and "_version" in inspector.facts.value
    assert "<b>values</b>" in inspector.heatmap.value and "<b>.grad</b>" in inspector.heatmap.value


def test_inspector_knows_when_it_is_stale_and_refreshes(classic):
    from autograd_nb.jupyter.widgets import refresh_inspectors
    x, out = classic
    inspector = TensorInspector(x)
    assert not inspector.stale
    out.backward()
    assert inspector.stale
    refresh_inspectors()
    assert not inspector.stale and "<b>.grad</b>" in inspector.heatmap.value


# -- exploring the graph widget -------------------------------------------------------------
@pytest.mark.parametrize("style", ["modern", "0.2", "0.1"])
def test_graph_widget_click_on_a_leaf_opens_its_inspector(classic, style):
    x, out = classic
    torch.set_printoptions(style=style)
    widget = GraphWidget(out, names={"x": x})
    leaf = [i for i, obj in enumerate(widget._objects)
            if getattr(obj, "variable", None) is x]
    widget.drawing.selected = leaf[0]
    (inspector,) = widget.inspector.children
    assert isinstance(inspector, TensorInspector)
    assert inspector.tensor is x and inspector.name == "x"


def test_graph_widget_click_on_an_op_shows_its_next_functions_and_rule(classic):
    x, out = classic
    widget = GraphWidget(out, names={"x": x})
    widget.drawing.selected = 1  # MeanBackward0, the output's node
    (card,) = widget.inspector.children
    assert "<code>MeanBackward0</code>" in card.value and "grad / numel" in card.value
    assert "<code>MulBackward0</code>, output 0" in card.value
    assert card.value in widget._repr_mimebundle_()["text/html"]
    assert "saved for backward" in card.value and ">_saved_self_sym_sizes</th>" in card.value


def test_graph_widget_node_card_lists_saved_tensors_or_says_they_were_freed(classic):
    x, out = classic
    widget = GraphWidget(out, names={"x": x})
    widget.drawing.selected = 3  # y * y saves both factors
    card = widget.inspector.children[0].value
    assert ">_saved_self</th>" in card and ">_saved_other</th>" in card and "(2, 2)" in card
    out.backward()
    widget.drawing.selected = -1
    widget.drawing.selected = 3
    assert "freed by <code>backward()</code>" in widget.inspector.children[0].value


def test_graph_widget_click_on_the_output_inspects_it(classic):
    _, out = classic
    widget = GraphWidget(out, names={})
    widget.drawing.selected = 0
    assert widget.inspector.children[0].tensor is out
    widget.drawing.selected = -1
    assert widget.inspector.children == ()


def test_inspector_is_stale_after_an_in_place_change():
    t = torch.ones(2)
    inspector = TensorInspector(t)
    t.add_(1)
    assert inspector.stale and "<td " in inspector.facts.value
    inspector.refresh()
    assert not inspector.stale and ">1 <small>" in inspector.facts.value
