"""Three ipywidgets: the tensor inspector, the graph view and the backward stepper.

Stock ipywidgets 8 only. Everything shown is rendered in Python into the ``value`` of ``HTML``
widgets (never printed into an ``Output``), so the widgets can be tested without a browser, their
saved state shows what they showed, and the same inputs give the same state.

    >>> TensorInspector(x)             # value in both eras, facts, colour map
    >>> GraphWidget(out)               # the backward graph, names per era, DOT source
    >>> BackwardStepper(out)           # runs out.backward() and steps through it
"""
import weakref

import autograd_nb
from autograd_nb import eras

from . import graph as drawing
from ._requirements import require
from .display import (
    ERA_LABELS,
    TEXT,
    backward_graph,
    escape,
    facts_table,
    graph_start,
    heatmap_html,
    namespace_tensors,
    node_card,
    picture,
    pre,
    tensor_facts,
    text_in_style,
    version_of,
)
from .settings import ERAS, using_style
from .stepview import StepView
from .trace import BackwardTrace, trace_backward

widgets = require("ipywidgets", "the autograd_nb widgets")

LEGACY = "0.2"  # the era the inspector shows beside the modern one (0.1 prints the same)


class _Snapshot:
    """Widgets that also show where no widget can: a notebook opened untrusted, or exported
    without widget state (nbconvert's HTML then takes ``text/html``), shows ``snapshot()``,
    the HTML of the widget's current state, and ``text/plain`` is a one-line summary."""

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = self.summary()
        data["text/html"] = (f'<div class="{" ".join(self._dom_classes)}" '
                             f'style="{TEXT}">{self.snapshot()}</div>')
        return data


def _require_tensor(value, what):
    if not isinstance(value, autograd_nb.Tensor):
        raise TypeError(f"{what} needs a tensor, got {type(value).__name__}")


class TensorInspector(_Snapshot, widgets.VBox):
    """A tensor's value as modern and legacy torch print it, its facts (version counter and
    ``retains_grad`` among them), its gradient, and colour maps of value and gradient.

    ``refresh()`` (or the Refresh button) reads the tensor again; after a cell has changed the
    tensor (``backward()``, an in-place op), the extension refreshes every inspector on screen.

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
        _LIVE_INSPECTORS.add(self)

    def state(self):
        """What the view depends on: the tensor's version and its gradient's identity/version."""
        with using_style("modern"):
            grad = self.tensor.grad if self.tensor.is_leaf or self.tensor.retains_grad else None
        return (version_of(self.tensor), id(grad), None if grad is None else version_of(grad))

    @property
    def stale(self):
        """True when the tensor or its gradient changed since the view was last drawn."""
        return self.state() != self._shown

    def refresh(self):
        facts = tensor_facts(self.tensor)
        self._shown = self.state()
        label = f" <code>{escape(self.name)}</code>" if self.name else ""
        self.title.value = f"<b>Tensor inspector</b>{label}"
        grad = facts["grad"]
        self.facts.value = facts_table(facts)
        self.modern_text.value = self._column("modern", grad)
        self.legacy_text.value = self._column(LEGACY, grad)
        maps = [(what, heatmap_html(values)) for what, values in
                (("values", facts["values"]), (".grad", None if grad is None else grad.numpy()))]
        self.heatmap.value = "".join(
            f'<div style="display: inline-block; vertical-align: top; margin-right: 16px">'
            f"<b>{what}</b>{colour_map}</div>" for what, colour_map in maps if colour_map)

    def _column(self, style, grad):
        parts = [f"<b>{escape(ERA_LABELS[style])}</b>", pre(text_in_style(self.tensor, style))]
        if grad is not None:
            parts += ["<b>.grad</b>", pre(text_in_style(grad, style))]
        return "".join(parts)

    def snapshot(self):
        parts = (self.title, self.facts, self.modern_text, self.legacy_text, self.heatmap)
        return "".join(f"<div>{part.value}</div>" for part in parts)

    def summary(self):
        name = f" {self.name}" if self.name else ""
        return f"<TensorInspector{name}: shape {tuple(int(n) for n in self.tensor.shape)}>"


_LIVE_INSPECTORS = weakref.WeakSet()


def refresh_inspectors(*_):
    """Redraw every inspector whose tensor changed; the extension calls this after each cell."""
    for inspector in list(_LIVE_INSPECTORS):
        if inspector.stale:
            inspector.refresh()


class GraphWidget(_Snapshot, widgets.VBox):
    """The backward graph of a tensor, with node names in any era and its DOT source. Click a
    node to inspect it: a leaf or the output opens the tensor inspector, an op shows its
    names, local rule and ``next_functions``.

    >>> GraphWidget(out, names={"x": x})
    """

    def __init__(self, root, names=None):
        from .clickable import ClickableDrawing  # late: only this widget needs anywidget
        self.root = root
        self.names = namespace_tensors() if names is None else dict(names)
        current = eras.current_style()
        self.era = widgets.ToggleButtons(options=list(ERAS),
                                         value=current if current in ERAS else "modern",
                                         description="names of")
        self.show_dot = widgets.ToggleButton(description="DOT source", icon="code",
                                             tooltip="show the Graphviz source")
        self.caption = widgets.HTML()
        self.drawing = ClickableDrawing()
        self.inspector = widgets.VBox()
        self.era.observe(lambda _: self.redraw(), "value")
        self.show_dot.observe(lambda _: self.redraw(), "value")
        self.drawing.observe(lambda _: self.inspect(self.drawing.selected), "selected")
        super().__init__([widgets.HBox([self.era, self.show_dot]), self.caption, self.drawing,
                          self.inspector])
        self.add_class("autograd-nb-graph")
        self.redraw()

    def redraw(self):
        with using_style(self.era.value):
            graph = backward_graph(self.root, self.names)
            self._objects = drawing.walk_graph(graph_start(self.root))[0]
        self.caption.value = (f"<b>Backward graph</b> · {len(graph.nodes)} nodes, "
                              f"{len(graph.edges)} edges · names as in "
                              f"{escape(ERA_LABELS[self.era.value])} · click a node to "
                              "inspect it")
        too_large = len(graph.nodes) > drawing.MAX_DRAW_NODES
        if self.show_dot.value or too_large:
            note = ("<div>too large to draw here: render this DOT source with Graphviz</div>"
                    if too_large else "")
            self.drawing.value = note + pre(drawing.to_dot(graph))
        else:
            self.drawing.value = drawing.to_svg(graph)
        self._counts = (len(graph.nodes), len(graph.edges))
        self.inspect(self.drawing.selected)

    def inspect(self, node_id):
        """Show what node ``node_id`` of the drawing is (-1: nothing)."""
        if not 0 <= node_id < len(self._objects):
            self.inspector.children = ()
            return
        obj = self._objects[node_id]
        tensor = obj if isinstance(obj, autograd_nb.Tensor) else getattr(obj, "variable", None)
        if tensor is not None:
            label = next((name for name, t in self.names.items() if t is tensor), None)
            self.inspector.children = (TensorInspector(tensor, name=label),)
        else:
            with using_style(self.era.value):
                self.inspector.children = (widgets.HTML(node_card(obj)),)

    def snapshot(self):
        inspected = "".join(child.snapshot() if isinstance(child, _Snapshot) else child.value
                            for child in self.inspector.children)
        shown = self.drawing.value
        shown = picture(shown) if shown.startswith("<svg") else shown
        return f"<div>{self.caption.value}</div>{shown}{inspected}"

    def summary(self):
        return f"<GraphWidget: {self._counts[0]} nodes, {self._counts[1]} edges>"


class BackwardStepper(_Snapshot, widgets.VBox):
    """Step, or play, through a real backward pass, one node at a time.

    Built from a tensor, it runs ``output.backward(gradient, ...)`` once, recording it (see
    :func:`trace.trace_backward`); built from a :class:`trace.BackwardTrace`, it shows that.
    Step 0 is the state before the pass; each later step shows the graph with that node
    outlined and every gradient sent so far on its edge, the node's local rule, what arrives
    and what it sends along each edge, and what every leaf's ``.grad`` holds once it has run
    (see :class:`stepview.StepView`).

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
        self.view = StepView(self.trace)
        count = len(self.trace.steps)
        self.prev_button = widgets.Button(description="Prev", icon="step-backward",
                                          tooltip="previous step")
        self.next_button = widgets.Button(description="Next", icon="step-forward",
                                          tooltip="next step")
        # Both count as the text does: 'Step 0 of 5' is the state before the pass.
        self.play = widgets.Play(min=0, max=count, interval=1200, description="play")
        self.slider = widgets.IntSlider(min=0, max=count, description="step")
        # A kernel-side link: the play widget, the buttons and the slider all move one value,
        # and every change re-renders from Python.
        self._link = widgets.link((self.play, "value"), (self.slider, "value"))
        self.step_view = widgets.HTML()
        self.prev_button.on_click(lambda _: self.go(self.step - 1))
        self.next_button.on_click(lambda _: self.go(self.step + 1))
        self.slider.observe(lambda _: self.render(), "value")
        controls = widgets.HBox([self.prev_button, self.next_button, self.play, self.slider])
        super().__init__([widgets.HTML("<b>Backward stepper</b>"), controls, self.step_view])
        self.add_class("autograd-nb-stepper")
        self.render()

    @property
    def step(self):
        """The step shown: 0 before the pass, then 1 for the first node the engine ran."""
        return self.slider.value

    def go(self, index):
        """Show step ``index`` (0 is before the pass; clamped to the pass)."""
        self.slider.value = max(0, min(index, len(self.trace.steps)))

    def render(self):
        index = self.step
        self.prev_button.disabled = index == 0
        self.next_button.disabled = index == len(self.trace.steps)
        self.step_view.value = self.view.html(index)

    def snapshot(self):
        return f"<div><b>Backward stepper</b></div>{self.step_view.value}"

    def summary(self):
        return f"<BackwardStepper: step {self.step} of {len(self.trace.steps)}>"
