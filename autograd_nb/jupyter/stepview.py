"""What the backward stepper shows at each step of a recorded pass, as HTML built from values.

Step 0 is the state before the pass; step ``i`` is the ``i``-th node the engine ran. Three
columns of fixed width: the order of the pass, the graph (the current node outlined, nodes
still to run faded, each edge labelled with the gradient sent along it once it is sent), and
the step's details (the node's local rule, what arrives, what it sends along each edge, and
for a leaf the sum that lands in its ``.grad``). Big tensors scroll inside their box.

    >>> view = StepView(trace_backward(out, names={"x": x}))
    >>> html = view.html(0)            # before the pass
"""
import functools

import numpy as np

from . import graph as drawing
from .display import CURRENT, MUTED, TEXT, escape, picture, pre, tensor_repr
from .rules import local_rule

SMALL = 4  # tensors with at most this many elements are written out on the edges
LABEL_FONT, LABEL_CHAR = 11, 6.6  # edge labels: font size and a generous character width
LAYER_GAP = 64  # between the layers of the drawing: room for the labels under each box
RUN, WAITING = "#c62828", 0.6  # the current node's colour; the veil over nodes still to run
TRAIL_WIDTH, DETAILS_WIDTH = 220, 340


def short(array):
    """A gradient in a few characters: its values when small ('[0.25, 0.25]'), else its shape.

    >>> short(np.full((2, 2), 0.25, np.float32)), short(np.ones((3, 3)))
    ('[[0.25, 0.25], [0.25, 0.25]]', 'shape (3, 3)')
    >>> short(np.array([-1.4769, 0.2438]))
    '[-1.477, 0.244]'
    """
    if array is None:
        return "None"
    array = np.asarray(array)
    if array.size > SMALL:
        return f"shape {tuple(int(n) for n in array.shape)}"
    number = functools.partial(np.format_float_positional, precision=3, trim="-")
    return np.array2string(array, separator=", ", formatter={"float_kind": number}).replace(
        "\n", "")


def _ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class StepView:
    """The HTML of every step of a :class:`trace.BackwardTrace` (one layout for all steps)."""

    def __init__(self, trace):
        self.trace = trace
        self.graph = trace.graph
        self.placed = drawing.layout(self.graph, yspace=LAYER_GAP)
        self.ran_at = {step.node_id: i for i, step in enumerate(trace.steps, 1)}
        self.edge_grads = self._edge_grads()
        self.names = [self._name(step) for step in trace.steps]
        self.labels = self._place_labels()
        widest = max([0] + [x + self._label_width(k) for k, (x, _) in self.labels.items()])
        self.width = max(self.placed.width, widest + drawing.MARGIN)

    # -- the graph ------------------------------------------------------------------------
    def _edge_grads(self):
        """{edge index: (step that sends it, gradient)}; the output's own edge carries the
        gradient the pass starts with, known before the first step."""
        by_consumer = {}
        for k, (_, consumer) in enumerate(self.graph.edges):
            by_consumer.setdefault(consumer, []).append(k)
        grads = {}
        for i, step in enumerate(self.trace.steps, 1):
            for k, grad in zip(by_consumer.get(step.node_id, ()), step.sent):
                grads[k] = (i, grad)
        first = self.trace.steps[0] if self.trace.steps else None
        for root in self.graph.roots:
            for k in by_consumer.get(root, ()):
                if first is not None and self.graph.edges[k][0] == first.node_id:
                    grads[k] = (0, first.grads[0])
        return grads

    def _label_width(self, k):
        return len(short(self.edge_grads[k][1])) * LABEL_CHAR + 4

    def _place_labels(self):
        """{edge index: (x, baseline)} for every label, placed once for all steps: just under
        the edge's input box, where the gradient arrives (edges fan out less there than at
        their consumer), moved down a row while it would overlap a label placed before it."""
        placed, taken = {}, []
        for k in sorted(self.edge_grads):
            (x0, y0), (x1, _) = self.placed.routes[k][:2]
            x, y = x0 + (x1 - x0) * 0.3 + 4, y0 + LABEL_FONT + 2
            width = self._label_width(k)
            while any(x < right and left < x + width and abs(y - top) < LABEL_FONT + 3
                      for left, right, top in taken):
                y += LABEL_FONT + 3
            taken.append((x, x + width, y))
            placed[k] = (x, y)
        return placed

    def svg(self, index):
        """The graph at step ``index``: the drawing of :func:`graph.to_svg` with marks on top."""
        num = drawing._num
        width, height = num(self.width), num(self.placed.height)
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                 f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
                 '<rect width="100%" height="100%" fill="#ffffff"/>',
                 drawing.to_svg(self.graph, self.placed)]
        for node, box in zip(self.graph.nodes, self.placed.boxes):
            ran = self.ran_at.get(node.id, 0)
            rect = f'x="{num(box.x)}" y="{num(box.y)}" width="{num(box.w)}" height="{num(box.h)}"'
            if ran > index:
                parts.append(f'<rect {rect} rx="5" fill="#ffffff" opacity="{WAITING}"/>')
            elif ran == index and index:
                parts.append(f'<rect {rect} rx="5" fill="none" stroke="{RUN}" '
                             'stroke-width="3"/>')
        for k, (sent_at, grad) in sorted(self.edge_grads.items()):
            if sent_at <= index:
                parts.append(self._edge_label(k, short(grad), current=sent_at == index))
        parts.append("</svg>")
        return "\n".join(parts)

    def _edge_label(self, k, text, current):
        x, y = self.labels[k]
        colour, weight = (RUN, "bold") if current else ("#1a1a1a", "normal")
        route = self.placed.routes[k]
        path = (f'<path d="{drawing._curve(list(route))}" fill="none" stroke="{RUN}" '
                'stroke-width="2"/>' if current else "")
        return (f'<g>{path}<rect x="{drawing._num(x - 2)}" y="{drawing._num(y - LABEL_FONT)}" '
                f'width="{drawing._num(len(text) * LABEL_CHAR + 4)}" height="{LABEL_FONT + 4}" '
                f'fill="#ffffff" opacity="0.85"/><text x="{drawing._num(x)}" '
                f'y="{drawing._num(y)}" font-size="{LABEL_FONT}" fill="{colour}" '
                f'font-weight="{weight}">{escape(text)}</text></g>')

    # -- the columns ----------------------------------------------------------------------
    def title(self, index):
        """'Step 3 of 5: MulBackward0 (2nd of 2)' or 'Step 0 of 5: before the pass'."""
        count = len(self.trace.steps)
        if index == 0:
            return f"Step 0 of {count}: before the pass"
        return f"Step {index} of {count}: {self._step_name(index)}"

    def _name(self, step):
        """'AccumulateGrad → x' for a leaf's node; the node's class name for the others."""
        name = step.node_type.__name__
        return name if step.leaf is None else f"{name} → {self.trace.leaves[step.leaf]}"

    def _box_name(self, node_id):
        """'MulBackward0', or 'AccumulateGrad → x' for a named leaf's box."""
        node = self.graph.nodes[node_id]
        lines = node.label.split("\n")
        return f"{node.name} → {lines[0]}" if node.kind == "leaf" and len(lines) > 1 else node.name

    def _step_name(self, index):
        name = self.names[index - 1]
        total = self.names.count(name)
        if total == 1:
            return name
        return f"{name} ({_ordinal(self.names[:index].count(name))} of {total})"

    def trail(self, index):
        lines = ["<div><b>order of the pass</b></div>"]
        for i in range(len(self.trace.steps) + 1):
            mark = "✓" if i < index else ("▶" if i == index else "·")
            text = "before the pass" if i == 0 else self._step_name(i)
            style = CURRENT + "; font-weight: bold" if i == index else (MUTED if i < index else "")
            lines.append(f'<div style="{style}; padding-left: 1.2em; text-indent: -1.2em">'
                         f"{mark} {i}. {escape(text)}</div>")
        return "".join(lines)

    def details(self, index):
        if index == 0:
            return self._before()
        step = self.trace.steps[index - 1]
        rule = local_rule(step.node_type)
        parts = [f"<div><b>{escape(self.title(index))}</b></div>"]
        if rule:
            parts.append(f"<div>local rule: <code>{escape(rule)}</code></div>")
        for output, grad in enumerate(step.grads):
            where = f" at output {output}" if len(step.grads) > 1 else ""
            parts.append(f"<div>gradient arriving{where}:</div>")
            parts.append(pre("None (no gradient)" if grad is None else tensor_repr(grad)))
        if step.leaf is not None:
            parts.append(self._accumulation(index, step))
        else:
            inputs = [source for source, consumer in self.graph.edges if consumer == step.node_id]
            for source, grad in zip(inputs, step.sent):
                parts.append(f"<div>sends to <code>{escape(self._box_name(source))}</code>:</div>")
                parts.append(pre("None" if grad is None else tensor_repr(grad)))
        parts.append(self._leaves(step.leaf_grads, step.leaf))
        return "".join(parts)

    def _before(self):
        trace = self.trace
        start = ""
        if trace.steps:
            first = trace.steps[0]
            start = (f"<div>The pass starts with the gradient of the output with respect to "
                     f"itself, <code>{escape(short(first.grads[0]))}</code>, arriving at "
                     f"<code>{escape(self.names[0])}</code>.</div>")
        earlier = any(grad is not None for grad in trace.initial_grads)
        note = ("<div>Some leaves already hold a <code>.grad</code> from an earlier "
                "<code>backward()</code>: this pass adds to it.</div>" if earlier else "")
        return (f"<div><b>{escape(self.title(0))}</b></div>{start}{note}"
                + self._leaves(trace.initial_grads, None, "before the pass"))

    def _accumulation(self, index, step):
        name = self.trace.leaves[step.leaf]
        before = (self.trace.steps[index - 2].leaf_grads if index > 1
                  else self.trace.initial_grads)[step.leaf]
        arriving, after = step.grads[0], step.leaf_grads[step.leaf]
        target = f"<code>{escape(name)}.grad</code>"
        if before is None:
            return (f"<div>{target} was None: it becomes the arriving gradient</div>"
                    + pre(tensor_repr(after)))
        if max(np.size(before), np.size(after)) <= SMALL:
            total = f"{short(before)} + {short(arriving)} = {short(after)}"
            return f"<div>{target} = <code>{escape(total)}</code></div>"
        return (f"<div>{target} held</div>{pre(tensor_repr(before))}<div>+ the arriving "
                f"gradient =</div>{pre(tensor_repr(after))}")

    def _leaves(self, grads, updated, when="after this step"):
        rows = [f"<div><b>leaves {when}</b></div>"]
        for leaf, (label, grad) in enumerate(zip(self.trace.leaves, grads)):
            text = f"<code>{escape(label)}.grad</code>" + pre(
                "None" if grad is None else tensor_repr(grad))
            if leaf == updated:
                text = f'<div style="{CURRENT}">{text}updated by this step</div>'
            rows.append(f"<div>{text}</div>")
        return "".join(rows)

    def html(self, index):
        """All three columns at step ``index``; their widths never change between steps."""
        graph_width = drawing._num(self.width)
        column = "min-width: 0; overflow: auto"
        return (f'<div class="autograd-nb-stepview" style="display: grid; {TEXT}; gap: 12px; '
                f"grid-template-columns: {TRAIL_WIDTH}px {graph_width}px {DETAILS_WIDTH}px; "
                f'align-items: start; overflow-x: auto">'
                f'<div class="autograd-nb-trail" style="{column}">{self.trail(index)}</div>'
                f'<div class="autograd-nb-picture" style="{column}">{picture(self.svg(index))}'
                "</div>"
                f'<div class="autograd-nb-details" style="{column}">{self.details(index)}</div>'
                "</div>")
