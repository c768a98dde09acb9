"""Drawing of backward graphs: a plain graph model, a layered layout, SVG and DOT output.

Only the public graph API is used (``tensor.grad_fn``, ``node.next_functions``,
``node.variable`` on leaves, ``type(node).__name__`` as the display name), so the same code
draws autograd_nb graphs and real torch graphs.

Edges follow torchviz: an edge goes from an input (a node listed in ``next_functions``) to
the node that consumes it, so arrows point towards the output, leaves are drawn at the top
and the output at the bottom; gradients flow against the arrows.

Layout is grandalf's Sugiyama layout (the "dot" algorithm: layering, crossing reduction,
Brandes-Koepf placement, dummy vertices that route long edges around boxes).
"""
from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import operator
import sys
from xml.sax.saxutils import escape

from ._requirements import require

MAX_DRAW_NODES = 2000
MAX_SHOWN_ELEMENTS = 6  # annotated drawings print tensors up to this size, else their shape

# Colours as torchviz draws them: leaves lightblue, ops lightgrey, outputs darkolivegreen1.
FILL = {"leaf": "#add8e6", "op": "#d3d3d3", "tensor": "#caff70"}
FONT_SIZE = 12
CHAR_WIDTH = 7.5  # a generous average advance for 12px sans-serif (DejaVu Sans is wide)
LINE_HEIGHT = 15
PAD_X, PAD_Y = 10, 6
MARGIN = 8
EDGE_COLOUR = "#555555"
ARROW_LENGTH, ARROW_HALF_WIDTH = 7, 3.5


@dataclasses.dataclass(frozen=True)
class GraphNode:
    """One box: ``id`` is its index in traversal order, ``name`` the node's class name."""

    id: int
    kind: str  # 'op' | 'leaf' | 'tensor'
    name: str
    label: str  # lines separated by '\n'


@dataclasses.dataclass(frozen=True)
class Graph:
    """Nodes in traversal order; ``edges`` are ``(input id, consumer id)`` pairs."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[tuple[int, int], ...]
    roots: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class Box:
    x: float  # top-left corner
    y: float
    w: float
    h: float


@dataclasses.dataclass(frozen=True)
class Layout:
    """``boxes[i]`` places node ``i``; ``routes[k]`` is the polyline of ``graph.edges[k]``."""

    width: float
    height: float
    boxes: tuple[Box, ...]
    routes: tuple[tuple[tuple[float, float], ...], ...]


def build_graph(root, params=None, values=False):
    """Collect the backward graph behind ``root`` into a :class:`Graph`.

    ``root`` is a tensor, a graph node, or a list/tuple of tensors. ``params`` maps names to
    tensors (e.g. ``dict(model.named_parameters())``) to label those leaves by name. The walk
    is breadth-first and iterative, so graphs of any depth can be collected.

    ``values=True`` annotates the boxes, as micrograd's ``draw_dot`` does, wherever the public
    graph API can reach a tensor: see :func:`annotate`.

    >>> x = torch.ones(2, 2, requires_grad=True)
    >>> [n.name for n in build_graph((x + 2).mean()).nodes]
    ['Tensor', 'MeanBackward0', 'AddBackward0', 'AccumulateGrad']
    """
    names = {id(t): name for name, t in (params or {}).items()}
    objects, edges, roots = walk_graph(root)
    nodes = tuple(_describe(obj, i, names) for i, obj in enumerate(objects))
    graph = Graph(nodes, edges, roots)
    return annotate(graph, objects, params) if values else graph


def walk_graph(root):
    """``(objects, edges, roots)``: the tensors and nodes of the graph behind ``root`` in the
    order of :func:`build_graph`'s ids (``objects[i]`` is node ``i``), and its edges and roots.

    >>> objects, edges, roots = walk_graph(out)
    """
    objects, edges, ids = [], [], {}
    queue = collections.deque()

    def visit(obj):
        if id(obj) not in ids:  # objects holds every visited object, so ids stay unique
            ids[id(obj)] = len(objects)
            objects.append(obj)
            queue.append(obj)
        return ids[id(obj)]

    roots = tuple(visit(r) for r in (root if isinstance(root, (list, tuple)) else [root]))
    while queue:
        obj = queue.popleft()
        consumer = ids[id(obj)]
        if _is_node(obj):
            inputs = [fn for fn, _ in obj.next_functions if fn is not None]
        else:
            fn = _history(obj)
            inputs = [fn] if fn is not None else []
        edges.extend((visit(fn), consumer) for fn in inputs)
    return objects, tuple(edges), tuple(dict.fromkeys(roots))


def _is_node(obj):
    return hasattr(obj, "next_functions")


def _history(tensor):
    """The node that made ``tensor``: ``grad_fn``, or ``creator`` in the 0.1 style."""
    try:
        return tensor.grad_fn
    except AttributeError:
        return getattr(tensor, "creator", None)


def _describe(obj, node_id, names):
    name = type(obj).__name__
    if _is_node(obj) and not hasattr(obj, "variable"):
        return GraphNode(node_id, "op", name, name)
    tensor = obj.variable if _is_node(obj) else obj
    lines = [names[id(tensor)]] if id(tensor) in names else []
    lines.append("(" + ", ".join(str(int(d)) for d in tensor.shape) + ")")
    # A root tensor is an output (green) unless it is itself a leaf that requires grad.
    is_leaf = _is_node(obj) or (_history(obj) is None and obj.requires_grad)
    return GraphNode(node_id, "leaf" if is_leaf else "tensor", name, "\n".join(lines))


# -- annotated drawings: values and gradients -------------------------------------------------
def annotate(graph, objects, params=None):
    """``graph`` with each box's tensor values written in, where they can be reached.

    ``objects[i]`` is what box ``i`` was drawn from. A leaf's box gets its ``data`` and, once
    a backward pass has filled it, its ``grad``; an output's box gets its ``data``. An
    operation's box gets the ``data`` of its result only when that result is one of the named
    tensors of ``params``: the public graph API (``grad_fn``, ``next_functions``) leads from
    a result to its node but not back, so unnamed intermediate values are not shown. Tensors
    of more than ``MAX_SHOWN_ELEMENTS`` elements show their shape instead of their values.

    >>> annotate(graph, objects, {"y": y})  # usually: build_graph(out, {"y": y}, values=True)
    """
    named = {id(t): name for name, t in (params or {}).items()}
    roots = {id(objects[r]) for r in graph.roots}
    results = _results_by_node((params or {}).values(), roots)
    nodes = []
    for node, obj in zip(graph.nodes, objects):
        if _is_node(obj):
            tensor = obj.variable if hasattr(obj, "variable") else results.get(id(obj))
        else:
            tensor = obj
        if tensor is not None:
            node = dataclasses.replace(node, label="\n".join(_annotation(node, tensor, named)))
        nodes.append(node)
    return dataclasses.replace(graph, nodes=tuple(nodes))


def _results_by_node(tensors, roots):
    """{id(node): the tensor it made} for tensors made by a node, roots left out (they have a
    box of their own); a node that made several of them (e.g. ``unbind``) gets none."""
    made = collections.defaultdict(dict)
    for tensor in tensors:
        node = _history(tensor)
        if node is not None and id(tensor) not in roots:
            made[id(node)][id(tensor)] = tensor
    return {node: next(iter(outs.values())) for node, outs in made.items() if len(outs) == 1}


def _annotation(node, tensor, named):
    lines = [node.name] if node.kind == "op" else []
    if id(tensor) in named:
        lines.append(named[id(tensor)])
    lines.append("data " + _shown(tensor))
    # only a leaf's .grad is read: torch warns when a non-leaf's is
    grad = tensor.grad if node.kind == "leaf" else None
    if grad is not None:
        lines.append("grad " + _shown(grad))
    return lines


def _shown(tensor):
    """'[[3, 3], [3, 3]]' for a small tensor (4 significant digits), its shape '(4, 6)' for a
    big one."""
    shape = [int(d) for d in tensor.shape]
    if functools.reduce(operator.mul, shape, 1) > MAX_SHOWN_ELEMENTS:
        return "(" + ", ".join(map(str, shape)) + ")"
    return _nested(tensor.detach().tolist())


def _nested(value):
    if isinstance(value, list):
        return "[" + ", ".join(_nested(v) for v in value) + "]"
    return format(value, ".4g") if isinstance(value, float) else str(value)


def check_drawable(graph):
    """Raise ValueError with advice when ``graph`` is too large to draw."""
    if len(graph.nodes) > MAX_DRAW_NODES:
        raise ValueError(
            f"this backward graph has {len(graph.nodes):,} nodes; drawing is limited to "
            f"{MAX_DRAW_NODES:,} (autograd_nb.jupyter.graph.MAX_DRAW_NODES). Draw a smaller "
            "sub-expression, or export with to_dot() and render it with Graphviz."
        )


def layout(graph, yspace=34):
    """Place the boxes and route the edges of ``graph`` with grandalf's Sugiyama layout;
    ``yspace`` is the gap between layers (wider leaves room to write on the edges).

    Ranks are counted from the output (so each leaf sits just above its consumer, as dot's
    network-simplex ranking would put it) and then flipped to put the output at the bottom.
    """
    check_drawable(graph)
    require("grandalf", "drawing graphs (to_dot() works without it)")
    from grandalf.graphs import Edge, Vertex, graph_core
    from grandalf.layouts import SugiyamaLayout, VertexViewer

    vertices = [Vertex(n.id) for n in graph.nodes]
    for vertex, node in zip(vertices, graph.nodes):
        vertex.view = VertexViewer(*_box_size(node.label))
    # grandalf ranks from its sources, so edges run consumer -> input here.
    pairs = list(dict.fromkeys(graph.edges))
    edges = [Edge(vertices[consumer], vertices[source]) for source, consumer in pairs]
    tops = [vertices[r] for r in graph.roots]
    if len(tops) > 1:  # one hidden vertex above all outputs joins them into one component
        top = Vertex(None)
        top.view = VertexViewer(1, 1)
        edges += [Edge(top, v) for v in tops]
        vertices.append(top)
        tops = [top]
    for edge in edges:
        edge.view = _EdgeView()
    # graph_core keeps the given order (grandalf's Graph() would go through a set of edges
    # ordered by memory address, and the drawing would change from run to run).
    sugiyama = SugiyamaLayout(graph_core(vertices, edges))
    sugiyama.xspace, sugiyama.yspace, sugiyama.dw = 16, yspace, 12
    sugiyama.init_all(roots=tops, inverted_edges=[])
    with _recursion_limit(sum(len(layer) for layer in sugiyama.layers) + 1000):
        sugiyama.draw()  # its block placement recurses once per vertex of a layer

    centres = [v.view.xy for v in vertices[: len(graph.nodes)]]
    sizes = [(v.view.w, v.view.h) for v in vertices[: len(graph.nodes)]]
    left, top_y, right, bottom = _extent(centres, sizes, [e.view.points for e in edges[: len(pairs)]])

    def place(x, y):  # shift into the picture and flip upside down
        return (round(x - left, 1), round(bottom - y, 1))

    boxes = tuple(
        Box(*place(x - w / 2, y + h / 2), round(w, 1), round(h, 1))
        for (x, y), (w, h) in zip(centres, sizes)
    )
    # grandalf's paths run consumer -> input, through one bend per layer crossed.
    bends = {pair: [place(*p) for p in e.view.points[-2:0:-1]] for pair, e in zip(pairs, edges)}
    return Layout(
        round(right - left, 1),
        round(bottom - top_y, 1),
        boxes,
        _route(graph, boxes, bends),
    )


def _extent(centres, sizes, paths):
    """(left, top, right, bottom) around every box and every bend of an edge route, with a
    margin: grandalf may route a long edge (an RNN's shared weight) outside all boxes."""
    xs = [x + s * w / 2 for (x, _), (w, _) in zip(centres, sizes) for s in (-1, 1)]
    ys = [y + s * h / 2 for (_, y), (_, h) in zip(centres, sizes) for s in (-1, 1)]
    xs += [x for path in paths for x, _ in path]
    ys += [y for path in paths for _, y in path]
    return min(xs) - MARGIN, min(ys) - MARGIN, max(xs) + MARGIN, max(ys) + MARGIN


def _box_size(label):
    lines = label.split("\n")
    return (
        max(len(line) for line in lines) * CHAR_WIDTH + 2 * PAD_X,
        len(lines) * LINE_HEIGHT + 2 * PAD_Y,
    )


def _route(graph, boxes, bends):
    """Polylines from the bottom of each input box to the top of its consumer.

    Edges leaving (or entering) one box get distinct ports, ordered by the direction they
    head in, so parallel edges such as ``y * y`` stay visible.
    """
    paths = [bends[edge] for edge in graph.edges]
    starts, ends = {}, {}
    for k, (source, consumer) in enumerate(graph.edges):
        towards_consumer = paths[k][0] if paths[k] else _centre(boxes[consumer])
        towards_source = paths[k][-1] if paths[k] else _centre(boxes[source])
        starts.setdefault(source, []).append((towards_consumer[0], k))
        ends.setdefault(consumer, []).append((towards_source[0], k))
    port = {}
    for ports, at_bottom in ((starts, True), (ends, False)):
        for node, heads in ports.items():
            box = boxes[node]
            y = box.y + box.h if at_bottom else box.y
            for i, (_, k) in enumerate(sorted(heads)):
                port[k, at_bottom] = (round(box.x + (i + 1) / (len(heads) + 1) * box.w, 1), y)
    return tuple(tuple([port[k, True], *paths[k], port[k, False]]) for k in range(len(paths)))


def _centre(box):
    return (box.x + box.w / 2, box.y + box.h / 2)


class _EdgeView:
    def setpath(self, points):  # grandalf hands each edge its routed points here
        self.points = points


@contextlib.contextmanager
def _recursion_limit(limit):
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(max(saved, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(saved)


def _num(value):
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attr(text):
    return escape(text, {'"': "&quot;"})


def curve_segments(points):
    """The cubic Bezier segments ``(start, control, control, end)`` of a route through
    ``points`` with vertical tangents at every point."""
    return [((x, y), (x, (y + ny) / 2), (nx, (y + ny) / 2), (nx, ny))
            for (x, y), (nx, ny) in zip(points, points[1:])]


def arrow_head(x, y):
    """The triangle of an arrow whose tip is at ``(x, y)``, pointing down."""
    top = y - ARROW_LENGTH
    return ((x - ARROW_HALF_WIDTH, top), (x + ARROW_HALF_WIDTH, top), (x, y))


def label_lines(node, box):
    """``(text, baseline y)`` for each line of a node's label, centred in its box."""
    return [(line, box.y + PAD_Y + i * LINE_HEIGHT + 0.8 * LINE_HEIGHT)
            for i, line in enumerate(node.label.split("\n"))]


def _curve(points):
    """An SVG path through ``points`` with vertical tangents at every point."""
    segments = curve_segments(points)
    return " ".join([f"M{_pairs(points[:1])}"] + [f"C{_pairs(seg[1:])}" for seg in segments])


def _pairs(points):
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def to_svg(graph, placed=None):
    """Render ``graph`` (laid out by :func:`layout` unless ``placed`` is given) as a
    standalone SVG string; equal graphs give byte-equal SVG.

    >>> svg = to_svg(build_graph(out))
    """
    placed = layout(graph) if placed is None else placed
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(placed.width)}" '
        f'height="{_num(placed.height)}" viewBox="0 0 {_num(placed.width)} '
        f'{_num(placed.height)}" font-family="sans-serif" font-size="{FONT_SIZE}">',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<g fill="none" stroke="{EDGE_COLOUR}" stroke-width="1.2">',
    ]
    heads = []
    for route in placed.routes:
        *body, (x, y) = route
        out.append(f'<path d="{_curve([*body, (x, y - ARROW_LENGTH)])}"/>')
        heads.append(f'<polygon points="{_pairs(arrow_head(x, y))}"/>')
    out += ["</g>", f'<g fill="{EDGE_COLOUR}">', *heads, "</g>"]
    for node, box in zip(graph.nodes, placed.boxes):
        out.append(f"<g><title>{escape(node.name)}</title>")
        out.append(
            f'<rect x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(box.w)}" '
            f'height="{_num(box.h)}" rx="5" fill="{FILL[node.kind]}" stroke="#333333"/>'
        )
        for line, baseline in label_lines(node, box):
            out.append(
                f'<text x="{_num(box.x + box.w / 2)}" y="{_num(baseline)}" '
                f'text-anchor="middle">{escape(line)}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _dot_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph):
    """Graphviz DOT text for ``graph`` (any size), drawn like :func:`to_svg` by ``dot``."""
    lines = [
        "digraph backward_graph {",
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", '
        f'fontsize={FONT_SIZE}, fillcolor="{FILL["op"]}"];',
    ]
    for node in graph.nodes:
        fill = "" if node.kind == "op" else f', fillcolor="{FILL[node.kind]}"'
        lines.append(
            f"  n{node.id} [label={_dot_string(node.label)}, "
            f"tooltip={_dot_string(node.name)}{fill}];"
        )
    lines += [f"  n{source} -> n{consumer};" for source, consumer in graph.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


class GraphView:
    """A drawn backward graph; Jupyter shows it through ``_repr_svg_``.

    >>> GraphView(build_graph(out))  # in a notebook cell
    """

    def __init__(self, graph):
        self.graph = graph

    @functools.cached_property
    def placed(self):
        """The :class:`Layout`, computed once for the SVG and the PNG."""
        return layout(self.graph)

    @functools.cached_property
    def svg(self):
        return to_svg(self.graph, self.placed)

    def to_dot(self):
        return to_dot(self.graph)

    @functools.cached_property
    def png(self):
        from .fallbacks import to_png  # late: fallbacks draws with this module's geometry
        return to_png(self.graph, self.placed)

    def _drawable(self):
        return len(self.graph.nodes) <= MAX_DRAW_NODES

    def _repr_svg_(self):
        # None makes Jupyter fall back to the text, which says why nothing is drawn.
        return self.svg if self._drawable() else None

    def _repr_png_(self):
        """The same drawing as a PNG, shown at the SVG's size: untrusted notebooks (which
        do not render SVG) show this one. None when matplotlib is not installed."""
        if not self._drawable():
            return None
        try:
            return self.png, {"width": self.placed.width, "height": self.placed.height}
        except ModuleNotFoundError:  # the SVG and the text still show
            return None

    def _repr_pretty_(self, printer, cycle):
        """The text tree: what a terminal IPython (no rich display) shows."""
        from .fallbacks import to_text  # late: fallbacks imports this module
        printer.text(to_text(self.graph) if self._drawable() else repr(self))

    def __repr__(self):
        size = f"{len(self.graph.nodes):,} nodes, {len(self.graph.edges):,} edges"
        if len(self.graph.nodes) > MAX_DRAW_NODES:
            return f"<GraphView: {size}; too large to draw (limit {MAX_DRAW_NODES:,}), use .to_dot()>"
        return f"<GraphView: {size}>"


def draw(root, params=None, values=False):
    """Draw the backward graph behind ``root``: ``GraphView(build_graph(root, params, values))``.

    >>> draw(out, {"x": x, "y": y}, values=True)  # boxes show data, and leaves' grad
    """
    return GraphView(build_graph(root, params, values))
