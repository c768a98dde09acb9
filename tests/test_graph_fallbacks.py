"""The drawing where SVG does not show: a PNG for untrusted notebooks, a text tree for terminals."""
import importlib.util
import io
import pathlib

import pytest

import autograd_nb as torch
from autograd_nb.jupyter.fallbacks import PNG_SCALE, TEXT_TREE_LIMIT, to_png, to_text
from autograd_nb.jupyter.graph import GraphView, build_graph, layout

needs_drawing = pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("grandalf", "matplotlib")),
    reason="PNG drawing needs grandalf and matplotlib")


def classic():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    return (y * y * 3).mean(), x


@needs_drawing
def test_png_is_the_layout_at_twice_its_size():
    from PIL import Image
    graph = build_graph(classic()[0])
    placed = layout(graph)
    image = Image.open(io.BytesIO(to_png(graph)))
    assert image.format == "PNG"
    assert image.size == (round(placed.width * PNG_SCALE), round(placed.height * PNG_SCALE))


@needs_drawing
def test_png_draws_the_boxes_in_their_colours():
    from PIL import Image
    graph = build_graph(classic()[0])
    placed = layout(graph)
    image = Image.open(io.BytesIO(to_png(graph))).convert("RGB")
    for node, box in zip(graph.nodes, placed.boxes):
        # a point inside the box, left of its centred text
        x, y = (box.x + 3) * PNG_SCALE, (box.y + box.h / 2) * PNG_SCALE
        colour = "#{:02x}{:02x}{:02x}".format(*image.getpixel((round(x), round(y))))
        assert colour == {"op": "#d3d3d3", "leaf": "#add8e6", "tensor": "#caff70"}[node.kind]


@needs_drawing
def test_png_is_deterministic():
    assert to_png(build_graph(classic()[0])) == to_png(build_graph(classic()[0]))


@needs_drawing
def test_graph_view_offers_svg_png_and_text():
    from IPython.core.formatters import DisplayFormatter
    out, x = classic()
    data, metadata = DisplayFormatter().format(GraphView(build_graph(out, {"x": x})))
    assert set(data) == {"image/svg+xml", "image/png", "text/plain"}
    placed = layout(build_graph(out, {"x": x}))
    assert metadata["image/png"] == {"width": placed.width, "height": placed.height}
    assert data["text/plain"] == to_text(build_graph(out, {"x": x}))


def test_text_tree_names_every_box_and_marks_shared_ones():
    out, x = classic()
    assert to_text(build_graph(out, {"x": x})) == "\n".join([
        "Tensor ()",
        "└─ MeanBackward0",
        "   └─ MulBackward0",
        "      └─ MulBackward0",
        "         ├─ AddBackward0",
        "         │  └─ AccumulateGrad x (2, 2)",
        "         └─ AddBackward0 (see above)",
    ])


@needs_drawing
def test_an_annotated_drawing_is_offered_in_every_form_with_its_values():
    from IPython.core.formatters import DisplayFormatter
    from PIL import Image
    out, x = classic()
    out.backward()
    graph = build_graph(out, {"x": x, "out": out}, values=True)
    data, metadata = DisplayFormatter().format(GraphView(graph))
    assert set(data) == {"image/svg+xml", "image/png", "text/plain"}
    placed = layout(graph)  # taller boxes: the values are extra lines
    assert max(box.h for box in placed.boxes) > min(box.h for box in placed.boxes)
    assert metadata["image/png"] == {"width": placed.width, "height": placed.height}
    assert Image.open(io.BytesIO(data["image/png"])).size == (
        round(placed.width * PNG_SCALE), round(placed.height * PNG_SCALE))
    assert data["text/plain"].splitlines()[0] == "Tensor out data 27"
    assert data["text/plain"].splitlines()[-2] == (
        "         │  └─ AccumulateGrad x data [[1, 1], [1, 1]] grad [[4.5, 4.5], [4.5, 4.5]]")


def test_text_tree_writes_the_values_of_an_annotated_result():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    tree = to_text(build_graph(y.sum(), {"y": y}, values=True)).splitlines()
    assert tree[:2] == ["Tensor data 4", "└─ SumBackward0"]
    assert tree[2] == "   └─ MulBackward0 y data [2, 2]"


def test_text_tree_of_several_outputs_and_a_lone_leaf():
    x = torch.ones(2, requires_grad=True)
    assert to_text(build_graph([x * 2, x])).splitlines() == [
        "Tensor (2)", "└─ MulBackward0", "   └─ AccumulateGrad (2)", "Tensor (2)"]


def test_text_tree_of_a_deep_chain_and_of_a_huge_graph():
    y = torch.ones(1, requires_grad=True)
    for _ in range(TEXT_TREE_LIMIT - 2):
        y = y * 1.0
    assert len(to_text(build_graph(y)).splitlines()) == TEXT_TREE_LIMIT
    assert "too large to print as a tree" in to_text(build_graph(y * 1.0))


@pytest.mark.parametrize("code, module", [
    ("import autograd_nb.jupyter.widgets", "ipywidgets"),
    ("from autograd_nb.jupyter import BackwardStepper", "ipywidgets"),
    ("from autograd_nb.jupyter.graph import *; import autograd_nb as t\n"
     "layout(build_graph(t.ones(1, requires_grad=True) * 2))", "grandalf"),
    ("from autograd_nb.jupyter.graph import *; import autograd_nb as t\n"
     "from autograd_nb.jupyter.fallbacks import to_png\n"
     "to_png(build_graph(t.ones(1, requires_grad=True) * 2))", "matplotlib"),
])
def test_a_missing_optional_dependency_says_which_extra_to_install(code, module):
    import os
    import subprocess
    import sys
    blocked = f"import sys; sys.modules[{module!r}] = None\n"
    done = subprocess.run([sys.executable, "-c", blocked + code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(pathlib.Path(__file__).parents[1])))
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: ")
    assert last.endswith(f" needs {module}, which is not installed: "
                         "pip install 'autograd_nb[jupyter]'")


def test_a_graph_view_without_matplotlib_still_shows_svg_and_text(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    view = GraphView(build_graph(classic()[0]))
    assert view._repr_png_() is None and view._repr_svg_().startswith("<svg")
