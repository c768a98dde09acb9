"""The drawing of a backward graph in the forms that show where SVG does not.

JupyterLab and Notebook 7 render ``image/svg+xml`` only in trusted notebooks, and every notebook
a learner downloads or opens on Binder is untrusted; ``image/png`` is rendered either way. A
terminal IPython shows only ``text/plain``. So a drawing is offered three ways: SVG (trusted
notebooks, exported HTML), a PNG of the same layout (untrusted notebooks), and a text tree.

The PNG is drawn with matplotlib's Agg renderer, which ships in matplotlib's wheels: no cairo,
Graphviz or other system library is needed, so it works on a bare Binder image.

    >>> png = to_png(build_graph(out))      # bytes, twice the SVG's size in pixels
    >>> print(to_text(build_graph(out)))
"""
import io

import numpy as np

from . import graph as drawing
from ._requirements import require

PNG_SCALE = 2  # pixels per SVG unit: sharp on high-density screens
PALETTE = 64  # colours: the fills, the lines, and enough shades for smooth text
TEXT_TREE_LIMIT = 200  # nodes; a text tree of a larger graph is no longer readable


def to_png(graph, placed=None):
    """The drawing of ``graph`` (laid out as by :func:`graph.to_svg`) as PNG bytes.

    >>> to_png(build_graph(out))[:4]
    b'\\x89PNG'
    """
    placed = drawing.layout(graph) if placed is None else placed
    require("matplotlib", "drawing graphs as PNG")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # One SVG unit is one point at 72 dpi, so font sizes carry over unchanged.
    figure = Figure(figsize=(placed.width / 72, placed.height / 72), dpi=72 * PNG_SCALE)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, placed.width)
    axes.set_ylim(placed.height, 0)  # y grows downwards, as in SVG
    axes.set_axis_off()
    figure.patch.set_facecolor("#ffffff")
    _draw_edges(axes, placed.routes)
    _draw_boxes(axes, graph.nodes, placed.boxes)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return _palette_png(canvas.buffer_rgba())


def _palette_png(rgba):
    """PNG bytes of an RGBA buffer with a palette of PALETTE colours: a quarter of the size of
    full colour, which counts as every drawing is saved in the notebook beside its SVG."""
    from PIL import Image  # matplotlib depends on Pillow

    image = Image.fromarray(np.asarray(rgba)).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=PALETTE, method=Image.Quantize.MEDIANCUT).save(
        buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _draw_edges(axes, routes):
    from matplotlib.patches import PathPatch, Polygon
    from matplotlib.path import Path

    for route in routes:
        *body, (x, y) = route
        segments = drawing.curve_segments([*body, (x, y - drawing.ARROW_LENGTH)])
        vertices = [segments[0][0]] + [p for segment in segments for p in segment[1:]]
        codes = [Path.MOVETO] + [Path.CURVE4] * (len(vertices) - 1)
        axes.add_patch(PathPatch(Path(vertices, codes), fill=False, linewidth=1.2,
                                 edgecolor=drawing.EDGE_COLOUR))
        axes.add_patch(Polygon(drawing.arrow_head(x, y), closed=True, linewidth=0,
                               facecolor=drawing.EDGE_COLOUR))


def _draw_boxes(axes, nodes, boxes):
    from matplotlib.patches import FancyBboxPatch

    for node, box in zip(nodes, boxes):
        axes.add_patch(FancyBboxPatch((box.x, box.y), box.w, box.h, linewidth=1,
                                      boxstyle="round,pad=0,rounding_size=5",
                                      facecolor=drawing.FILL[node.kind], edgecolor="#333333"))
        for line, baseline in drawing.label_lines(node, box):
            axes.text(box.x + box.w / 2, baseline, line, ha="center", va="baseline",
                      fontsize=drawing.FONT_SIZE, family="DejaVu Sans", color="#000000")


def to_text(graph):
    """``graph`` as an indented tree from its outputs to its leaves, one box a line.

    A node reached a second time (a tensor used twice) is named again with "(see above)"
    instead of repeating its inputs. The walk is iterative, so deep graphs print too.

    >>> print(to_text(build_graph((x * 2).sum())))
    Tensor ()
    └─ SumBackward0
       └─ MulBackward0
          └─ AccumulateGrad (2)
    """
    if len(graph.nodes) > TEXT_TREE_LIMIT:
        return (f"<backward graph: {len(graph.nodes):,} nodes, {len(graph.edges):,} edges; "
                "too large to print as a tree: draw it, or use .to_dot()>")
    inputs = {node.id: [] for node in graph.nodes}
    for source, consumer in graph.edges:
        inputs[consumer].append(source)
    lines, shown = [], set()
    stack = [(root, "", "", True) for root in reversed(graph.roots)]
    while stack:
        node_id, lead, branch, top = stack.pop()
        node = graph.nodes[node_id]
        # an op's label starts with its name; an annotated one goes on with values
        label = node.label.split("\n")[1 if node.kind == "op" else 0:]
        text = " ".join([node.name, *label])
        seen = node_id in shown
        lines.append(f"{lead}{branch}{text}{' (see above)' if seen else ''}")
        if seen:
            continue
        shown.add(node_id)
        below = lead if top else lead + ("   " if branch == "└─ " else "│  ")
        children = inputs[node_id]
        for i in reversed(range(len(children))):
            stack.append((children[i], below, "└─ " if i == len(children) - 1 else "├─ ", False))
    return "\n".join(lines)
