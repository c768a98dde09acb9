"""Parity with torch 2.13: torch.autograd.functional (jacobian, hessian, vjp, jvp, vhp, hvp).

Values, shapes, the tuple structure of results, whether results are detached, and the errors for
bad ``v`` and bad inputs.
"""
import pytest

from _parity import same

torch = pytest.importorskip("torch")

F = "torch.autograd.functional."
CASES = [
    F + "jacobian(lambda t: t ** 2, v)",
    F + "jacobian(lambda t: t.exp() * 2, x)",
    F + "jacobian(lambda t: t.sum(), x)",
    F + "jacobian(lambda t: t * 3, s)",
    F + "jacobian(lambda a, b: a * b.sum(), (v, w))",
    F + "jacobian(lambda a, b: a * 2, (v, w))",
    F + "jacobian(lambda t: (t * 2, t.sum()), v)",
    F + "jacobian(lambda a, b: (a @ b, a.sum() * b), (x, v))",
    F + "jacobian(lambda t: t ** 2, v, vectorize=True)",
    F + "jacobian(lambda t: t ** 2, v, strategy='sideways')",
    F + "jacobian(lambda t: t ** 2, 3.0)",
    F + "jacobian(lambda a, b: a, (v, 2))",
    F + "hessian(lambda t: (t ** 3).sum(), v)",
    F + "hessian(lambda t: (t ** 3).sum(), x)",
    F + "hessian(lambda a, b: (a * b).sum() + (a ** 2).sum(), (v, w))",
    F + "hessian(lambda t: t ** 2, v)",
    F + "vjp(lambda t: t ** 2, v, w)",
    F + "vjp(lambda t: (t ** 2).sum(), v)",
    F + "vjp(lambda t: t ** 2, v)",
    F + "vjp(lambda t: t ** 2, v, torch.ones(3))",
    F + "vjp(lambda a, b: (a * b, a + b), (v, w), (w, v))",
    F + "vjp(lambda a, b: (a * b, a + b), (v, w), (w,))",
    F + "jvp(lambda t: t ** 2, v, w)",
    F + "jvp(lambda t: t.sum(), s)",
    F + "jvp(lambda a, b: a * b, (v, w), (w, v))",
    F + "jvp(lambda t: t ** 2, v)",
    F + "vhp(lambda t: (t ** 3).sum(), v, w)",
    F + "hvp(lambda t: (t ** 3).sum(), v, w)",
    F + "hvp(lambda a, b: (a * b ** 2).sum(), (v, w), (w, v))",
    F + "vhp(lambda t: t ** 3, v, w)",
]


@pytest.mark.parametrize("code", CASES)
def test_functional(code):
    same(code, torch)


@pytest.mark.parametrize("code", [
    F + "jacobian(lambda t: t ** 2, v, create_graph=True)",
    F + "vjp(lambda t: t * 2, x, a, create_graph=True)",
    F + "hessian(lambda t: (t ** 3).sum(), v, create_graph=True)",
])
def test_create_graph_gives_differentiable_results(code):
    """Values, ``requires_grad`` and the gradients through them; not the nodes, which follow
    each library's backward formulas."""
    same(code, torch, graphs=False)


def test_the_caller_graph_is_left_alone():
    same(F + "jacobian(lambda t: t ** 2, v * 2)\nv.grad", torch)
