"""Three ipywidgets: the tensor inspector, the graph view and the backward stepper.

Stock ipywidgets 8 only. Everything shown is rendered in Python into the ``value`` of ``HTML``
widgets (never printed into an ``Output``), so the widgets can be tested without a browser, their
saved state shows what they showed, and the same inputs give the same state.

    >>> TensorInspector(x)             # value in both eras, facts, colour map
    >>> GraphWidget(out)               # the backward graph, names per era, DOT source
    >>> BackwardStepper(out)           # runs out.backward() and steps through it
"""
import ipywidgets as widgets

import autograd_nb
from autograd_nb import eras

from . import graph as drawing
from .display import (ERA_LABELS, backward_graph, escape, facts_table, heatmap_html,
                      namespace_tensors, pre, table, tensor_facts, tensor_repr, text_in_style)
from .settings import ERAS, using_style
from .trace import BackwardTrace, trace_backward

LEGACY = "0.2"  # the era the inspector shows beside the modern one (0.1 prints the same)
HIGHLIGHT = "#fff3b0"


def _require_tensor(value, what):
    if not isinstance(value, autograd_nb.Tensor):
        raise TypeError(f"{what} needs a tensor, got {type(value).__name__}")


class TensorInspector(widgets.VBox):
    """A tensor's value as modern and legacy torch print it, its facts, gradient and colour map.

    ``refresh()`` (or the Refresh button) reads the tensor again, e.g. after ``backward()``.

    >>> TensorInspector(x, name="x")
    """

    def __init__(self, tensor, name=None):
        _require_tensor(tensor, "TensorInspector")
        self.tensor = tensor
        self.name = name
        self.title = widgets.HTML()
        self.facts = widgets.HTML()
        self.modern_text = widgets.HTML(layout=widgets.Layout(margin="0 16px 0 0"))
        self.legacy_text = widgets.HTML()
        self.heatmap = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh",
                                             tooltip="read the tensor again")
        self.refresh_button.on_click(lambda _: self.refresh())
        super().__init__([self.title, self.facts,
                          widgets.HBox([self.modern_text, self.legacy_text]),
                          self.heatmap, self.refresh_button])
        self.add_class("autograd-nb-inspector")
        self.refresh()

    def refresh(self):
        facts = tensor_facts(self.tensor)
        label = f" <code>{escape(self.name)}</code>" if self.name else ""
        self.title.value = f"<b>Tensor inspector</b>{label}"
        grad = facts["grad"]
        self.facts.value = facts_table(facts)
        self.modern_text.value = self._column("modern", grad)
        self.legacy_text.value = self._column(LEGACY, grad)
        colour_map = heatmap_html(facts["values"])
        self.heatmap.value = "" if colour_map is None else f"<b>values</b>{colour_map}"

    def _column(self, style, grad):
        parts = [f"<b>{escape(ERA_LABELS[style])}</b>", pre(text_in_style(self.tensor, style))]
        if grad is not None:
            parts += ["<b>.grad</b>", pre(text_in_style(grad, style))]
        return "".join(parts)


class GraphWidget(widgets.VBox):
    """The backward graph of a tensor, with node names in any era and its DOT source.

    >>> GraphWidget(out, names={"x": x})
    """

    def __init__(self, root, names=None):
        self.root = root
        self.names = namespace_tensors() if names is None else dict(names)
        current = eras.current_style()
        self.era = widgets.ToggleButtons(options=list(ERAS),
                                         value=current if current in ERAS else "modern",
                                         description="names of")
        self.show_dot = widgets.ToggleButton(description="DOT source", icon="code",
                                             tooltip="show the Graphviz source")
        self.caption = widgets.HTML()
        self.drawing = widgets.HTML()
        self.era.observe(lambda _: self.redraw(), "value")
        self.show_dot.observe(lambda _: self.redraw(), "value")
        super().__init__([widgets.HBox([self.era, self.show_dot]), self.caption, self.drawing])
        self.add_class("autograd-nb-graph")
        self.redraw()

    def redraw(self):
        with using_style(self.era.value):
            graph = backward_graph(self.root, self.names)
        self.caption.value = (f"<b>Backward graph</b> · {len(graph.nodes)} nodes, "
                              f"{len(graph.edges)} edges · names as in "
                              f"{escape(ERA_LABELS[self.era.value])}")
        too_large = len(graph.nodes) > drawing.MAX_DRAW_NODES
        if self.show_dot.value or too_large:
            note = ("<div>too large to draw here: render this DOT source with Graphviz</div>"
                    if too_large else "")
            self.drawing.value = note + pre(drawing.to_dot(graph))
        else:
            self.drawing.value = drawing.to_svg(graph)


class BackwardStepper(widgets.VBox):
    """Step, or play, through a real backward pass, one node at a time.

    Built from a tensor, it runs ``output.backward(gradient, ...)`` once, recording it (see
    :func:`trace.trace_backward`); built from a :class:`trace.BackwardTrace`, it shows that.
    Each step shows the node, the gradient arriving at it, where it sends gradient, and what
    every leaf's ``.grad`` holds once the step has run.

    >>> BackwardStepper(out)
    """

    def __init__(self, output, gradient=None, retain_graph=None, create_graph=False,
                 names=None):
        if isinstance(output, BackwardTrace):
            self.trace = output
        else:
            _require_tensor(output, "BackwardStepper")
            names = namespace_tensors() if names is None else names
            self.trace = trace_backward(output, gradient, retain_graph, create_graph, names)
        count = len(self.trace.steps)
        self.prev_button = widgets.Button(description="Prev", icon="step-backward",
                                          tooltip="previous step")
        self.next_button = widgets.Button(description="Next", icon="step-forward",
                                          tooltip="next step")
        # Both count steps from 1, as the text does ('Step 2 of 5').
        self.play = widgets.Play(min=1, max=count, interval=1200, description="play")
        self.slider = widgets.IntSlider(min=1, max=count, description="step")
        # A kernel-side link: the play widget, the buttons and the slider all move one value,
        # and every change re-renders from Python.
        self._link = widgets.link((self.play, "value"), (self.slider, "value"))
        self.step_view = widgets.HTML()
        self.trail = widgets.HTML(layout=widgets.Layout(margin="0 0 0 24px"))
        self.prev_button.on_click(lambda _: self.go(self.step - 1))
        self.next_button.on_click(lambda _: self.go(self.step + 1))
        self.slider.observe(lambda _: self.render(), "value")
        controls = widgets.HBox([self.prev_button, self.next_button, self.play, self.slider])
        super().__init__([widgets.HTML("<b>Backward stepper</b>"), controls,
                          widgets.HBox([self.step_view, self.trail])])
        self.add_class("autograd-nb-stepper")
        self.render()

    @property
    def step(self):
        """The index (from 0) of the step shown."""
        return self.slider.value - 1

    def go(self, index):
        """Show step ``index`` (from 0; clamped to the pass)."""
        self.slider.value = max(0, min(index, len(self.trace.steps) - 1)) + 1

    def render(self):
        index, steps = self.step, self.trace.steps
        self.prev_button.disabled = index == 0
        self.next_button.disabled = index == len(steps) - 1
        self.step_view.value = self._step_html(index)
        self.trail.value = self._trail_html(index)

    def _step_html(self, index):
        step, trace = self.trace.steps[index], self.trace
        parts = [f"<div><b>Step {index + 1} of {len(trace.steps)}:</b> "
                 f"<code>{escape(step.node_type.__name__)}</code></div>"]
        for output, grad in enumerate(step.grads):
            where = f" {output}" if len(step.grads) > 1 else ""
            parts.append(f"<div>gradient arriving at output{where}:</div>")
            parts.append(pre("None (no gradient)" if grad is None else tensor_repr(grad)))
        if step.leaf is not None:
            parts.append(f"<div>adds it into <code>{escape(trace.leaves[step.leaf])}.grad"
                         "</code></div>")
        elif step.passes_to:
            targets = ", ".join(f"<code>{escape(kind.__name__)}</code>" for kind in step.passes_to)
            parts.append(f"<div>passes gradient on to: {targets}</div>")
        rows = []
        for leaf, (label, grad) in enumerate(zip(trace.leaves, step.leaf_grads)):
            text = pre("None" if grad is None else tensor_repr(grad))
            if leaf == step.leaf:
                text = f'<div style="background: {HIGHLIGHT}">{text}updated by this step</div>'
            rows.append((f"{label}.grad", text))
        parts.append("<div><b>leaves after this step</b></div>")
        parts.append(table(rows, header=("leaf", ".grad")))
        return "".join(parts)

    def _trail_html(self, index):
        lines = []
        for i, step in enumerate(self.trace.steps):
            mark = "✓" if i < index else ("▶" if i == index else "·")
            style = f"background: {HIGHLIGHT}; font-weight: bold" if i == index else (
                "color: #888888" if i < index else "")
            lines.append(f'<div style="{style}">{mark} {i + 1}. '
                         f"{escape(step.node_type.__name__)}</div>")
        return "<div><b>order of the pass</b></div>" + "".join(lines)
