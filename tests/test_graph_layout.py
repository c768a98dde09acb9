"""The backward-graph drawing (autograd_nb.jupyter.graph): layout of larger graphs, very deep
graphs, and well-formed, escaped SVG and DOT. No IPython needed."""
import itertools
import xml.etree.ElementTree as ET

import pytest

import autograd_nb as torch
from autograd_nb.jupyter import graph as g

pytest.importorskip("grandalf")


def chain(n):
    x = torch.ones(2, requires_grad=True)
    y = x
    for i in range(n):
        y = y * 1.0 if i % 2 else y + 1
    return y.sum()


def wide(n):
    x = torch.ones(2, requires_grad=True)
    return torch.stack([(x * i).sum() for i in range(n)]).sum()


def overlapping(a, b):
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@pytest.mark.parametrize("make", [chain, wide], ids=["chain", "wide"])
def test_a_hundred_node_graph_lays_out_without_overlapping_boxes(make):
    graph = g.build_graph(make(100))
    assert len(graph.nodes) >= 100
    boxes = g.layout(graph).boxes
    assert not any(overlapping(a, b) for a, b in itertools.combinations(boxes, 2))


def test_a_hundred_thousand_op_chain_builds_and_drawing_refuses_politely():
    graph = g.build_graph(chain(100_000))  # iterative: no RecursionError
    assert len(graph.nodes) > 100_000
    with pytest.raises(ValueError, match="drawing is limited to"):
        g.to_svg(graph)


def test_the_svg_is_well_formed_xml():
    ET.fromstring(g.to_svg(g.build_graph(chain(10))))


def test_labels_are_escaped_in_svg_and_dot():
    x = torch.ones(2, requires_grad=True)
    graph = g.build_graph((x * 2).sum(), params={"<w&b>": x})
    svg, dot = g.to_svg(graph), g.to_dot(graph)
    ET.fromstring(svg)
    assert "&lt;w&amp;b&gt;" in svg and "<w&b>" in dot


def test_dot_has_one_line_per_edge():
    graph = g.build_graph(chain(6))
    assert g.to_dot(graph).count(" -> ") == len(set(graph.edges))
