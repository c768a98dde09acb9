"""Backward-graph drawing (SPEC §3, ``%autograd graph``): model, layout, SVG and DOT."""
import collections
import importlib.util
import itertools
import os
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from autograd_nb.jupyter.graph import (
    MAX_DRAW_NODES,
    MAX_SHOWN_ELEMENTS,
    GraphView,
    build_graph,
    draw,
    layout,
    to_dot,
    to_svg,
)

# Torch-like modules that supply the graphs; the graph code only uses the public graph API.
GRAPH_SOURCES = ["torch", "autograd_nb"]

REPO = pathlib.Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"

needs_grandalf = pytest.mark.skipif(
    importlib.util.find_spec("grandalf") is None, reason="drawing needs grandalf"
)


@pytest.fixture(params=GRAPH_SOURCES)
def tl(request):
    return pytest.importorskip(request.param)


def tutorial(tl):
    x = tl.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    return z.mean()


def chain(tl, n):
    """A graph of ``n`` boxes: the leaf, n - 2 ops, the output tensor."""
    y = tl.ones(2, requires_grad=True)
    for _ in range(n - 2):
        y = y * 1.0
    return y


def wide(tl, leaves=32):
    """A balanced sum of ``leaves`` (a power of 2) scaled leaves: 3 * leaves boxes."""
    parts = [tl.ones(2, requires_grad=True) * 2 for _ in range(leaves)]
    while len(parts) > 1:
        parts = [a + b for a, b in zip(parts[::2], parts[1::2])]
    return parts[0]


def mlp(tl, depth=8):
    """A ~40-box multilayer perceptron graph with named parameters."""
    h = tl.ones(5, 4)
    params = {}
    width = 4
    for i in range(depth):
        w = tl.ones(width, 6, requires_grad=True)
        b = tl.ones(6, requires_grad=True)
        params[f"{i}.weight"], params[f"{i}.bias"] = w, b
        h = h @ w + b
        width = 6
        if i < depth - 1:
            h = h * 0.5
    return (h * h).mean(), params


class FakeNode:
    """A node of the public graph API in plain Python, for graphs deeper than torch can free."""

    def __init__(self, *inputs):
        self.next_functions = tuple((node, 0) for node in inputs)


def names(graph):
    return [node.name for node in graph.nodes]


def test_tutorial_graph_has_the_expected_nodes(tl):
    graph = build_graph(tutorial(tl))
    ops = collections.Counter(n.name for n in graph.nodes if n.kind == "op")
    assert ops == {"MeanBackward0": 1, "MulBackward0": 2, "AddBackward0": 1}
    (leaf,) = [n for n in graph.nodes if n.kind == "leaf"]
    assert (leaf.name, leaf.label) == ("AccumulateGrad", "(2, 2)")


def test_tutorial_graph_edges_run_from_input_to_consumer(tl):
    graph = build_graph(tutorial(tl))
    name = names(graph)
    edges = [(name[a], name[b]) for a, b in graph.edges]
    assert edges == [
        ("MeanBackward0", "Tensor"),
        ("MulBackward0", "MeanBackward0"),
        ("MulBackward0", "MulBackward0"),
        ("AddBackward0", "MulBackward0"),
        ("AddBackward0", "MulBackward0"),  # y * y uses y twice
        ("AccumulateGrad", "AddBackward0"),
    ]


def test_tutorial_graph_has_one_root_the_output_tensor(tl):
    graph = build_graph(tutorial(tl))
    assert graph.roots == (0,)
    assert (graph.nodes[0].kind, graph.nodes[0].label) == ("tensor", "()")
    assert not [edge for edge in graph.edges if edge[0] == 0]


def test_ids_are_traversal_order_indices(tl):
    graph = build_graph(mlp(tl)[0])
    assert [node.id for node in graph.nodes] == list(range(len(graph.nodes)))


def test_leaves_show_parameter_names(tl):
    loss, params = mlp(tl)
    labels = {n.label for n in build_graph(loss, params).nodes if n.kind == "leaf"}
    assert {"0.weight\n(4, 6)", "0.bias\n(6)", "7.weight\n(6, 6)"} <= labels


@pytest.mark.parametrize("requires_grad, kind", [(True, "leaf"), (False, "tensor")])
def test_tensor_without_grad_fn_is_a_single_box(tl, requires_grad, kind):
    graph = build_graph(tl.ones(3, requires_grad=requires_grad))
    assert [(n.kind, n.label) for n in graph.nodes] == [(kind, "(3)")]
    assert graph.edges == ()


def test_a_node_can_be_the_root(tl):
    graph = build_graph(tutorial(tl).grad_fn)
    assert names(graph)[0] == "MeanBackward0"
    assert graph.roots == (0,)


def test_a_list_of_tensors_shares_common_nodes(tl):
    x = tl.ones(2, requires_grad=True)
    graph = build_graph([x * 2, x + 1])
    assert graph.roots == (0, 1)
    assert names(graph).count("AccumulateGrad") == 1


def test_node_names_are_read_when_the_graph_is_built():
    class Op(FakeNode):
        pass

    before = build_graph(Op(FakeNode()))
    Op.__name__ = "AddConstantBackward"  # as the core does when the print era changes
    after = build_graph(Op(FakeNode()))
    assert (before.nodes[0].label, after.nodes[0].label) == ("Op", "AddConstantBackward")


@needs_grandalf
def test_svg_uses_torchviz_colours(tl):
    root = ET.fromstring(to_svg(build_graph(tutorial(tl))))
    fills = {
        group.find(f"{SVG}title").text: group.find(f"{SVG}rect").get("fill")
        for group in root.iter(f"{SVG}g")
        if group.find(f"{SVG}title") is not None
    }
    assert fills == {
        "Tensor": "#caff70",
        "MeanBackward0": "#d3d3d3",
        "MulBackward0": "#d3d3d3",
        "AddBackward0": "#d3d3d3",
        "AccumulateGrad": "#add8e6",
    }


@needs_grandalf
def test_svg_parses_as_xml_with_one_box_and_arrow_per_node_and_edge(tl):
    graph = build_graph(mlp(tl)[0])
    root = ET.fromstring(to_svg(graph))
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f".//{SVG}rect")) == len(graph.nodes) + 1  # + background
    assert len(root.findall(f".//{SVG}path")) == len(graph.edges)
    assert len(root.findall(f".//{SVG}polygon")) == len(graph.edges)


@needs_grandalf
def test_svg_is_deterministic_within_a_process(tl):
    loss, params = mlp(tl)
    assert to_svg(build_graph(loss, params)) == to_svg(build_graph(loss, params))
    assert to_svg(build_graph(tutorial(tl))) == to_svg(build_graph(tutorial(tl)))


def test_dot_is_deterministic_within_a_process(tl):
    assert to_dot(build_graph(tutorial(tl))) == to_dot(build_graph(tutorial(tl)))


@needs_grandalf
def test_svg_and_dot_are_identical_in_a_fresh_process(tl):
    script = (
        "import sys, importlib\n"
        "from tests.test_graph_drawing import mlp\n"
        "from autograd_nb.jupyter.graph import build_graph, to_svg, to_dot\n"
        f"graph = build_graph(*mlp(importlib.import_module({tl.__name__!r})))\n"
        "sys.stdout.write(to_svg(graph) + to_dot(graph))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED="12345")
    fresh = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert fresh.returncode == 0, fresh.stderr
    graph = build_graph(*mlp(tl))
    assert fresh.stdout == to_svg(graph) + to_dot(graph)


@needs_grandalf
@pytest.mark.parametrize("shape", ["chain", "wide", "mlp"])
def test_about_100_nodes_lay_out_without_overlapping_boxes(tl, shape):
    root = {"chain": lambda: chain(tl, 100), "wide": lambda: wide(tl), "mlp": lambda: mlp(tl)[0]}
    graph = build_graph(root[shape]())
    placed = layout(graph)
    assert len(placed.boxes) == len(graph.nodes) >= 40
    for a, b in itertools.combinations(placed.boxes, 2):
        apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
        assert apart, (a, b)
    for box in placed.boxes:
        assert 0 <= box.x and box.x + box.w <= placed.width
        assert 0 <= box.y and box.y + box.h <= placed.height


@needs_grandalf
def test_edges_go_down_from_input_to_consumer(tl):
    graph = build_graph(tutorial(tl))
    placed = layout(graph)
    for (source, consumer), route in zip(graph.edges, placed.routes):
        assert route[0][1] == placed.boxes[source].y + placed.boxes[source].h
        assert route[-1][1] == placed.boxes[consumer].y


def test_100000_node_chain_builds_without_recursion_error():
    node = FakeNode()
    for _ in range(99_999):
        node = FakeNode(node)
    graph = build_graph(node)
    assert len(graph.nodes) == 100_000
    assert to_dot(graph).count(" -> ") == 99_999


# Real torch overflows the C stack when it frees a chain this deep once Python has held its
# nodes (its deleteNode guard does not cover that case), so torch graphs are checked shallower.
DEEPEST_FREEABLE = {"torch": 20_000}


def test_deep_chain_builds_without_recursion_error(tl):
    depth = DEEPEST_FREEABLE.get(tl.__name__, 100_000)
    graph = build_graph(chain(tl, depth))
    assert len(graph.nodes) == depth
    assert [n.kind for n in graph.nodes[:: depth - 1]] == ["tensor", "leaf"]


def test_drawing_a_too_large_graph_is_refused_with_a_clear_message(tl):
    graph = build_graph(chain(tl, MAX_DRAW_NODES + 1))
    with pytest.raises(ValueError, match=r"2,001 nodes; drawing is limited to 2,000.*to_dot"):
        to_svg(graph)
    view = GraphView(graph)
    assert view._repr_svg_() is None
    assert "too large to draw" in repr(view)


@needs_grandalf
def test_labels_are_escaped_for_xml(tl):
    x = tl.ones(2, requires_grad=True)
    svg = to_svg(build_graph(x * 2, {'a<b & "c"': x}))
    assert "a&lt;b &amp; \"c\"" in svg
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert 'a<b & "c"' in texts


def test_labels_are_quoted_for_dot(tl):
    x = tl.ones(2, requires_grad=True)
    dot = to_dot(build_graph(x * 2, {'a<b & "c"\\': x}))
    assert 'label="a<b & \\"c\\"\\\\\\n(2)"' in dot


@needs_grandalf
def test_graph_view_shows_svg_and_exports_dot(tl):
    graph = build_graph(tutorial(tl))
    view = GraphView(graph)
    assert view._repr_svg_() == view.svg == to_svg(graph)
    assert view.to_dot() == to_dot(graph)


def test_graph_module_imports_neither_ipython_nor_ipywidgets():
    code = (
        "import sys, autograd_nb.jupyter.graph\n"
        "assert not {'IPython', 'ipywidgets'} & set(sys.modules), sys.modules.keys()\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr


def diamond(tl):
    """One leaf used by two branches that meet again."""
    x = tl.ones(2, requires_grad=True)
    return (x * 2 + x.exp()).sum()


def rnn(tl, steps=4):
    """A small RNN: the weights W and U are shared by every step, so their edges are long."""
    w = tl.ones(3, 3, requires_grad=True)
    u = tl.ones(3, 2, requires_grad=True)
    h = tl.zeros(3)
    for _ in range(steps):
        h = tl.tanh(w @ h + u @ tl.ones(2))
    return h.sum()


@needs_grandalf
@pytest.mark.parametrize("values", [False, True], ids=["plain", "values"])
@pytest.mark.parametrize("shape", ["chain", "diamond", "rnn", "mlp"])
def test_every_edge_route_lies_inside_the_drawing(tl, shape, values):
    root = {"chain": lambda: chain(tl, 12), "diamond": lambda: diamond(tl),
            "rnn": lambda: rnn(tl), "mlp": lambda: mlp(tl)[0]}[shape]()
    placed = layout(build_graph(root, values=values))  # values: wider, taller boxes
    # The curves' control points share x with their ends and y with the midpoints, so a
    # route whose points are inside has its whole curve inside.
    points = [point for route in placed.routes for point in route]
    assert len(points) >= 2 * len(placed.routes) > 0
    for x, y in points:
        assert 0 <= x <= placed.width and 0 <= y <= placed.height, (x, y, placed.width)


# -- annotated drawings (values=True) ---------------------------------------------------------
def named_tutorial(tl):
    x = tl.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    return out, {"x": x, "y": y, "z": z, "out": out}


def labels(graph):
    return {node.name + ":" + node.label.split("\n")[0]: node.label for node in graph.nodes}


def test_values_label_leaves_named_results_and_the_output(tl):
    out, names = named_tutorial(tl)
    got = labels(build_graph(out, names, values=True))
    assert got["AccumulateGrad:x"] == "x\ndata [[1, 1], [1, 1]]"
    assert got["AddBackward0:AddBackward0"] == "AddBackward0\ny\ndata [[3, 3], [3, 3]]"
    assert got["Tensor:out"] == "out\ndata 27"
    assert got["MeanBackward0:MeanBackward0"] == "MeanBackward0"  # out has its own box


def test_values_leave_unreachable_intermediate_results_unlabelled(tl):
    out, names = named_tutorial(tl)
    graph = build_graph(out, {"x": names["x"]}, values=True)
    ops = [node.label for node in graph.nodes if node.kind == "op"]
    assert ops == ["MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0"]


def test_values_show_each_leaf_gradient_after_backward(tl):
    out, names = named_tutorial(tl)
    out.backward()
    got = labels(build_graph(out, names, values=True))
    assert got["AccumulateGrad:x"].endswith("\ngrad [[4.5, 4.5], [4.5, 4.5]]")
    assert sum("grad" in label for label in got.values()) == 1  # leaves only


def test_values_of_an_unnamed_leaf_and_a_lone_leaf(tl):
    w = tl.tensor([0.5, -1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    graph = build_graph(w * 3, values=True)
    assert graph.nodes[-1].label == "data [0.5, -1, 2]\ngrad [1, -2, 4]"
    assert build_graph(w, values=True).nodes[0].label == "data [0.5, -1, 2]\ngrad [1, -2, 4]"


def test_values_of_big_tensors_are_their_shapes(tl):
    big = tl.ones(MAX_SHOWN_ELEMENTS + 1, requires_grad=True)
    small = tl.ones(MAX_SHOWN_ELEMENTS, requires_grad=True)
    (big.sum() + small.sum()).backward()
    graph = build_graph(big * 2 + small.sum(), {"big": big}, values=True)
    shown = {n.label for n in graph.nodes if n.kind == "leaf"}
    assert shown == {f"big\ndata ({MAX_SHOWN_ELEMENTS + 1})\ngrad ({MAX_SHOWN_ELEMENTS + 1})",
                     "data [1, 1, 1, 1, 1, 1]\ngrad [1, 1, 1, 1, 1, 1]"}


def test_values_show_four_significant_digits_and_integers_as_they_are(tl):
    x = tl.tensor([1.0 / 3.0, 2e-9, 1234.5678], requires_grad=True)
    assert build_graph(x, values=True).nodes[0].label == "data [0.3333, 2e-09, 1235]"
    n = tl.tensor([3, -1])
    assert build_graph(n, values=True).nodes[0].label == "data [3, -1]"


def test_values_skip_a_node_that_made_several_named_results(tl):
    x = tl.tensor([1.0, 2.0], requires_grad=True)
    a, b = x.unbind()
    graph = build_graph(a + b, {"a": a, "b": b}, values=True)
    assert "UnbindBackward0" in [n.label for n in graph.nodes]


def test_values_do_not_change_the_plain_drawing(tl):
    out, names = named_tutorial(tl)
    assert build_graph(out, names, values=False) == build_graph(out, names)


@needs_grandalf
def test_annotated_svg_is_deterministic_and_escaped(tl):
    out, names = named_tutorial(tl)
    out.backward()
    svg = draw(out, names, values=True).svg
    assert svg == draw(out, names, values=True).svg
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "grad [[4.5, 4.5], [4.5, 4.5]]" in texts
