"""A drawing whose boxes answer clicks: the one thing stock ipywidgets cannot do.

An anywidget (a few lines of browser JavaScript, shipped inline) shows HTML and, when it holds a
graph drawing, makes each node's box clickable: a click sets ``selected`` to the node's id (its
index in :attr:`graph.Graph.nodes`, the order its boxes are drawn in) and the kernel reacts.

    >>> drawing = ClickableDrawing(value=to_svg(graph))
    >>> drawing.observe(lambda change: print(change.new), "selected")
"""
import traitlets

from ._requirements import require

anywidget = require("anywidget", "clicking the nodes of the graph widget")

# The node boxes are the top-level <g> elements of the drawing that carry a <title>, in node
# order (graph.to_svg writes them so); edges are drawn in groups without one.
ESM = """
function render({ model, el }) {
  function draw() {
    el.innerHTML = model.get("value");
    const svg = el.querySelector("svg");
    if (!svg) return;
    const boxes = [...svg.children].filter((g) => g.tagName === "g" && g.querySelector("title"));
    boxes.forEach((box, id) => {
      box.style.cursor = "pointer";
      box.setAttribute("data-node", String(id));
      if (id === model.get("selected")) {
        box.querySelector("rect").setAttribute("stroke-width", "3");
      }
      box.addEventListener("click", () => {
        model.set("selected", id);
        model.save_changes();
      });
    });
  }
  model.on("change:value", draw);
  model.on("change:selected", draw);
  draw();
}
export default { render };
"""


class ClickableDrawing(anywidget.AnyWidget):
    """HTML (a graph drawing, or any other) whose node boxes can be clicked."""

    _esm = ESM
    value = traitlets.Unicode("").tag(sync=True)
    selected = traitlets.Int(-1).tag(sync=True)  # the clicked node's id; -1 for none
