"""What tensors and graphs look like in Jupyter: HTML pieces, graphs, and the opt-in rich display.

By default nothing is registered: tensors and nodes show their ``repr`` as ``text/plain``,
exactly as torch's do, so old tutorials' outputs compare equal. ``%autograd display rich``
adds an HTML view of tensors and an SVG drawing of graph nodes; ``plain`` takes them away.

Every function here returns text built from the values alone (no ids, no addresses), so the
same tensor gives the same HTML and saved notebooks stay stable.
"""
import html
import math
import sys

import numpy as np

import autograd_nb
from autograd_nb import eras
from autograd_nb.autograd.graph import Node

from . import graph as drawing
from .rules import local_rule
from .settings import ERAS, using_style

ERA_LABELS = {"modern": "modern (torch 2.x)", "0.2": "0.2 / legacy", "0.1": "0.1"}
HEATMAP_LIMIT = 24  # rows and columns drawn; larger tensors show their top-left corner
MONO = "font-family: var(--jp-code-font-family, monospace); font-size: 12px"
# JupyterLab's theme variables (light and dark), with light fallbacks for exported HTML.
TEXT = "color: var(--jp-content-font-color1, #1a1a1a)"
MUTED = "color: var(--jp-ui-font-color2, #616161)"
PANEL = "background: var(--jp-layout-color2, #eeeeee)"
CURRENT = ("background: var(--jp-layout-color3, #bdbdbd); "
           "color: var(--jp-ui-font-color0, #000000); outline: 2px solid var(--jp-brand-color1, #1976d2)")


# -- plain facts about a tensor -------------------------------------------------------------
def tensor_facts(tensor):
    """Shape, dtype, flags, node and gradient of ``tensor``, read the same way in every era.

    They are read in the modern style: 0.1 has no ``grad_fn`` and makes ``.grad`` on reading.
    A non-leaf's ``.grad`` is read only when it retains it (torch warns otherwise).
    """
    with using_style("modern"):
        grad_fn = tensor.grad_fn
        has_grad = tensor.is_leaf or tensor.retains_grad
        return {
            "shape": tuple(int(n) for n in tensor.shape),
            "dtype": repr(tensor.dtype),
            "requires_grad": tensor.requires_grad,
            "is_leaf": tensor.is_leaf,
            "retains_grad": tensor.retains_grad,
            "version": version_of(tensor),
            "grad_fn": grad_fn,
            "grad": tensor.grad if has_grad else None,
            "values": tensor.detach().numpy(),
        }


def version_of(tensor):
    """``tensor._version`` as an int (autograd_nb keeps it in a one-element list for now)."""
    version = tensor._version
    return int(version[0] if isinstance(version, list) else version)


def text_in_style(obj, style):
    """``repr(obj)`` as ``style`` prints it."""
    with using_style(style):
        return repr(obj)


def node_names(node):
    """The class name a graph node carries in each era, e.g. {'modern': 'AddBackward0', ...}."""
    names = {}
    for style in ERAS:
        with using_style(style):
            names[style] = type(node).__name__
    return names


def tensor_repr(array):
    """An array of gradient values printed as a tensor in the current style."""
    return repr(autograd_nb.from_numpy(np.array(array)))


# -- HTML pieces ----------------------------------------------------------------------------
def escape(text):
    return html.escape(str(text), quote=True)


def pre(text):
    # HTML drops one newline right after <pre>: give it one, so a legacy text's own leading
    # blank line (plain tensors printed one) survives.
    return (f'<pre style="margin: 2px 0; padding: 4px 6px; {PANEL}; {TEXT}; {MONO}; '
            f'white-space: pre; line-height: 1.3; max-height: 14em; overflow: auto">'
            f"\n{escape(text)}</pre>")


def picture(svg):
    """An SVG drawing inside HTML. Untrusted notebooks strip the <svg> but keep its text, which
    would read as a jumble of names; at font size 0 it does not show (the drawing sets its own).
    They strip <style> too, and so show the note that the <style> hides everywhere else."""
    note = ("<style>.autograd-nb-untrusted-note { display: none }</style>"
            f'<div class="autograd-nb-untrusted-note" style="{MUTED}"><i>The drawing shows '
            "once the notebook is trusted or this cell runs again.</i></div>")
    return f'{note}<div style="font-size: 0; line-height: 0">{svg}</div>'


def table(rows, header=None):
    """An HTML table from (label, html) rows; labels are escaped, values are already HTML."""
    cell = 'style="text-align: left; padding: 1px 10px 1px 0; vertical-align: top"'
    head = (f"<tr>{''.join(f'<th {cell}>{escape(h)}</th>' for h in header)}</tr>"
            if header else "")
    body = "".join(f"<tr><th {cell}>{escape(label)}</th><td {cell}>{value}</td></tr>"
                   for label, value in rows)
    return f'<table style="border-collapse: collapse">{head}{body}</table>'


def _colour(value, scale):
    """White at 0, towards red for positive and blue for negative values; grey for nan/inf."""
    if not math.isfinite(value):
        return "#bbbbbb"
    t = 0.0 if scale == 0 else min(abs(value) / scale, 1.0)
    fade = round(255 - 150 * t)  # at full strength black text still has a 5:1 contrast
    return f"rgb(255,{fade},{fade})" if value > 0 else f"rgb({fade},{fade},255)"


def heatmap_html(values):
    """A 2-D array as a table of coloured cells with their values; None for other shapes."""
    values = np.asarray(values)
    if values.ndim != 2 or values.size == 0:
        return None
    shown = values[:HEATMAP_LIMIT, :HEATMAP_LIMIT].astype(np.float64)
    finite = shown[np.isfinite(shown)]
    scale = float(np.abs(finite).max()) if finite.size else 0.0
    # the cells have light backgrounds in every theme, so their text is always dark
    cell = (f"padding: 2px 5px; text-align: right; {MONO}; color: #000000; "
            "border: 1px solid var(--jp-layout-color0, #ffffff)")
    rows = "".join(
        "<tr>" + "".join(f'<td style="{cell}; background: {_colour(v, scale)}">{v:.4g}</td>'
                         for v in row) + "</tr>"
        for row in shown.tolist())
    note = ""
    if shown.shape != values.shape:
        note = (f"<div><small>showing {shown.shape[0]} of {values.shape[0]} rows and "
                f"{shown.shape[1]} of {values.shape[1]} columns</small></div>")
    return f'<table style="border-collapse: collapse">{rows}</table>{note}'


def facts_table(facts):
    """The table of :func:`tensor_facts`, with the node's name in every era."""
    grad_fn, grad = facts["grad_fn"], facts["grad"]
    names = "None" if grad_fn is None else "<br>".join(
        f"<code>{escape(name)}</code> <small>{escape(ERA_LABELS[style])}</small>"
        for style, name in node_names(grad_fn).items())
    return table([
        ("shape", escape(facts["shape"])),
        ("dtype", escape(facts["dtype"])),
        ("requires_grad", escape(facts["requires_grad"])),
        ("is_leaf", escape(facts["is_leaf"])),
        ("retains_grad", escape(facts["retains_grad"])),
        ("_version", f'{escape(facts["version"])} <small>(in-place changes so far)</small>'),
        ("grad_fn", names),
        ("grad", "None" if grad is None else f"shape {escape(tuple(grad.shape))}, shown below"),
    ])


def tensor_html(tensor):
    """The rich display of a tensor: its text in the current era, the facts, and a colour map."""
    facts = tensor_facts(tensor)
    parts = [pre(repr(tensor)), facts_table(facts)]
    heatmap = heatmap_html(facts["values"])
    if heatmap:
        parts.append(heatmap)
    if facts["grad"] is not None:
        parts += ["<div><b>.grad</b></div>", pre(repr(facts["grad"]))]
    return f'<div class="autograd-nb-tensor" style="{TEXT}">{"".join(parts)}</div>'


# -- graphs ---------------------------------------------------------------------------------
def namespace_tensors():
    """{name: tensor} for the public names of IPython's user namespace, if IPython runs.

    Used to label leaves in drawings; without IPython (or outside a shell) it is empty.
    """
    ipython_module = sys.modules.get("IPython")
    shell = ipython_module.get_ipython() if ipython_module else None
    if shell is None:
        return {}
    return named_tensors(shell.user_ns)


def named_tensors(namespace):
    """{name: tensor} for the tensors of ``namespace`` and, as ``model.0.weight``, the
    parameters of its ``nn.Module``s; each tensor under its first name only.

    >>> named_tensors({"x": x, "model": nn.Linear(2, 1)})
    {'x': x, 'model.weight': ..., 'model.bias': ...}
    """
    public = [(name, value) for name, value in list(namespace.items())
              if not name.startswith("_")]
    found = [(name, value) for name, value in public if isinstance(value, autograd_nb.Tensor)]
    found += [(f"{name}.{parameter}", tensor) for name, value in public
              if isinstance(value, autograd_nb.nn.Module)
              for parameter, tensor in value.named_parameters()]
    first = {}
    for name, tensor in found:
        first.setdefault(id(tensor), (name, tensor))
    return dict(first.values())


def backward_graph(root, names=None, values=False):
    """The :class:`graph.Graph` behind ``root`` (a tensor, a node, or a list of tensors), with
    nodes named as in the current era and leaves labelled by ``names`` ({name: tensor});
    ``values=True`` writes values and gradients into the boxes (:func:`graph.annotate`).

    0.1 has no ``grad_fn`` attribute: there the drawing starts at the output's ``creator``.
    """
    names = namespace_tensors() if names is None else names
    start = graph_start(root)
    if start is root and eras.current_style() == "0.1" and isinstance(root, autograd_nb.Tensor):
        with using_style("modern"):  # a lone tensor: one box, the same in every era
            return drawing.build_graph(root, names, values)
    return drawing.build_graph(start, names, values)


def graph_start(root):
    """What the drawing of ``root`` starts from in the current era (see :func:`backward_graph`);
    ``graph.walk_graph(graph_start(root))`` lists the drawing's nodes in order."""
    if eras.current_style() != "0.1":
        return root
    if isinstance(root, (list, tuple)):
        return [_creator_or_self(t) for t in root]
    return _creator_or_self(root)


def _creator_or_self(obj):
    creator = getattr(obj, "creator", None) if isinstance(obj, autograd_nb.Tensor) else None
    return obj if creator is None else creator


def node_card(node):
    """What a graph node is: its name in every era, its local rule, its ``next_functions``."""
    rule = local_rule(node)
    names = "<br>".join(f"<code>{escape(name)}</code> <small>{escape(ERA_LABELS[style])}</small>"
                        for style, name in node_names(node).items())
    inputs = [(f"[{i}]", "None" if fn is None else
               f"<code>{escape(type(fn).__name__)}</code>, output {nr}")
              for i, (fn, nr) in enumerate(node.next_functions)]
    return (f'<div style="{TEXT}"><b>Graph node</b>'
            + table([("name", names), ("local rule", escape(rule or "—"))])
            + "<div><b>next_functions</b> (where it sends gradient)</div>"
            + (table(inputs, header=("input", "node")) if inputs else "<div>none</div>")
            + "<div><b>saved for backward</b></div>" + _saved_table(node) + "</div>")


def _saved_table(node):
    """The node's ``_saved_*`` values (torch's names) with their shapes, or why there are none."""
    names = [name for name in dir(node) if name.startswith("_saved_")
             and not callable(getattr(type(node), name, None))]
    rows = []
    for name in names:
        try:
            value = getattr(node, name)
        except RuntimeError:  # freed by a backward() without retain_graph
            return "<div>freed by <code>backward()</code> (use retain_graph=True to keep)</div>"
        shape = tuple(int(n) for n in value.shape) if hasattr(value, "shape") else value
        rows.append((name, f"<code>{escape(shape)}</code>"))
    return table(rows, header=("attribute", "shape")) if rows else "<div>nothing</div>"


def node_svg(node):
    """The rich display of a graph node: the graph below it, or None when too large to draw."""
    return drawing.GraphView(backward_graph(node))._repr_svg_()


def node_png(node):
    """The same drawing as a PNG, for untrusted notebooks (which do not render SVG)."""
    return drawing.GraphView(backward_graph(node))._repr_png_()


# -- the display mode -----------------------------------------------------------------------
RICH_FORMATTERS = (("text/html", autograd_nb.Tensor, tensor_html),
                   ("image/svg+xml", Node, node_svg),
                   ("image/png", Node, node_png))


def display_mode(shell):
    """'rich' when our formatters are registered in ``shell``, else 'plain'."""
    mime, kind, printer = RICH_FORMATTERS[0]
    registered = shell.display_formatter.formatters[mime].type_printers.get(kind)
    return "rich" if registered is printer else "plain"


def set_display_mode(shell, mode):
    """Register ('rich') or remove ('plain') the HTML and SVG formatters; text/plain is torch's."""
    if mode not in ("rich", "plain"):
        raise ValueError(f"display mode must be 'rich' or 'plain', got {mode!r}")
    formatters = shell.display_formatter.formatters
    for mime, kind, printer in RICH_FORMATTERS:
        if mode == "rich":
            formatters[mime].for_type(kind, printer)
        elif formatters[mime].type_printers.get(kind) is printer:
            formatters[mime].pop(kind)
