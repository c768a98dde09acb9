"""torch.autograd.graph: the Node type, and walking a backward graph."""
from .._core._engine import Node, record_backward  # noqa: F401


def walk(root):
    """Every node reachable from ``root`` (a tensor or a node), each once, roots first.
    Iterative, so graphs of any depth can be walked."""
    node = getattr(root, "grad_fn", root)
    if node is None:
        return []
    seen, order, stack = {node}, [], [node]
    while stack:
        current = stack.pop()
        order.append(current)
        for child, _ in reversed(current.next_functions):
            if child is not None and child not in seen:
                seen.add(child)
                stack.append(child)
    return order


__all__ = ["Node", "walk", "record_backward"]
