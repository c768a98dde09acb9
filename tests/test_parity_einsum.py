"""Parity with torch 2.13's einsum: for a table of equations (explicit and implicit output,
``...``, repeated labels as diagonals and traces, spaces, broadcasting size-1 dims, one to three
operands) and four dtypes, the result's values, shape, dtype and node, and each operand's
gradient; torch's call forms (varargs, one list, sublists); torch's errors for bad equations
and operands, type and text.

torch's own text for an ellipsis that does not broadcast lacks a space ("in operand 1has
size"); we print torch's text as it is, so that code matching on it works on both."""
import numpy as np
import pytest
from _parity import same

import autograd_nb as anb

torch = pytest.importorskip("torch")

EQUATIONS = [
    ("ij,jk->ik", (2, 3), (3, 4)), ("ij,jk", (2, 3), (3, 4)), ("ii->i", (3, 3)), ("ii", (3, 3)),
    ("ij->ji", (2, 3)), ("ij->", (2, 3)), ("ij->j", (2, 3)), ("i,i->", (3,), (3,)),
    ("i,j->ij", (3,), (4,)), ("bij,bjk->bik", (2, 3, 4), (2, 4, 5)),
    ("...ij,...jk->...ik", (2, 3, 4), (2, 4, 5)), ("...ij,...jk", (2, 3, 4), (4, 5)),
    ("i j , j k -> i k", (2, 3), (3, 4)), ("ij", (2, 3)), ("ji", (2, 3)), ("iij->j", (3, 3, 2)),
    ("ij,ij->ij", (2, 3), (2, 3)), ("ij,ij", (2, 3), (2, 3)), ("i", (3,)), ("...", (2, 3)),
    ("...->", (2, 3)), ("ij,jk,kl->il", (2, 3), (3, 4), (4, 5)), ("bi,bi->b", (2, 3), (2, 3)),
    ("ij->ij", (2, 3)), ("i->", (3,)), ("ba", (2, 3)), ("ii->", (3, 3)), ("iji->ij", (3, 2, 3)),
    ("i...,...i", (3, 5), (5, 3)), ("...ij->ij", (5, 2, 3)), ("b...a", (2, 3, 4)), ("Ab", (2, 3)),
    ("aB", (2, 3)), ("ij,ij->ij", (2, 3), (1, 3)), ("i,i->", (1,), (3,)),
    ("ij,jk->ik", (2, 3), (1, 4)), ("ij,k->k", (2, 3), (4,)), ("ij,kj->ki", (2, 3), (4, 3)),
    ("bn,anm,bm->ba", (2, 5), (3, 5, 4), (2, 4)), ("ijk,ikl->jl", (2, 3, 4), (2, 4, 5)),
    ("iijj->ij", (2, 2, 3, 3)), ("iijj", (2, 2, 3, 3)), ("ii,jj->ij", (2, 2), (3, 3)),
    ("i,i,i->", (3,), (3,), (3,)), ("i,i,i->i", (3,), (3,), (3,)),
    ("ij,jk,ki->", (2, 3), (3, 4), (4, 2)), ("...,...->...", (2, 3), (3,)), ("", ()),
    ("->", ()), ("...,i", (), (3,)), ("i,i->i", (0,), (0,)), ("ij,jk->ik", (2, 0), (0, 4)),
    ("abc,cd->abd", (2, 1, 3), (3, 2)), ("ab,cd->abcd", (2, 3), (4, 5)), ("ab,cd->", (2, 3), (4, 5)),
    ("ab,ab,ab->a", (2, 3), (2, 3), (2, 3)), ("i,j,k->ijk", (2,), (3,), (4,)),
    ("...i,i->...", (2, 3, 4), (4,)), ("ij->...", (2, 3)), ("ij->i...", (2, 3)),
    ("ij->...ij", (2, 3)), ("bhqd,bhkd->bhqk", (2, 2, 3, 4), (2, 2, 5, 4)),
    ("bhqk,bhkd->bhqd", (2, 2, 3, 5), (2, 2, 5, 4)), ("ijk->kji", (2, 3, 4)),
    ("ijk->ik", (2, 3, 4)), ("ij,j->i", (2, 3), (3,)), ("j,ij->i", (3,), (2, 3)),
    ("ii,i->i", (3, 3), (3,)), ("ij,ji->", (2, 3), (3, 2)), ("ij,ji->ij", (2, 3), (3, 2)),
    ("iI,Ii", (2, 3), (3, 2)),
]
DTYPES = ["float64", "float32", "int32", "bool"]


def _operands(lib, shapes, dtype, seed):
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(s) for s in shapes]
    if dtype == "bool":
        arrays = [a > 0 for a in arrays]
    elif dtype == "int32":
        arrays = [(a * 3).astype(np.int64) for a in arrays]
    floating = dtype.startswith("float")
    return [lib.tensor(a, dtype=getattr(lib, dtype), requires_grad=floating) for a in arrays]


def _outcome(lib, equation, shapes, dtype, seed):
    """(shape, dtype, node, values, gradients) of the equation, or the error it raises."""
    xs = _operands(lib, shapes, dtype, seed)
    try:
        y = lib.einsum(equation, *xs)
    except Exception as e:  # noqa: BLE001 - the exception is the outcome
        return type(e).__name__, str(e)
    grads = None
    if y.requires_grad:
        seed_grad = lib.tensor(np.arange(1, y.numel() + 1, dtype=np.float64).reshape(
            tuple(y.shape)), dtype=y.dtype)
        grads = [None if g is None else g.numpy()
                 for g in lib.autograd.grad(y, xs, seed_grad, allow_unused=True)]
    node = type(y.grad_fn).__name__ if y.grad_fn is not None else None
    return tuple(y.shape), str(y.dtype), node, y.detach().numpy(), grads


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("equation, shapes", [(e[0], e[1:]) for e in EQUATIONS],
                         ids=[f"{e[0]!r}{e[1:]}" for e in EQUATIONS])
def test_einsum_matches_torch(equation, shapes, dtype):
    seed = sum(map(ord, equation))
    ours = _outcome(anb, equation, shapes, dtype, seed)
    theirs = _outcome(torch, equation, shapes, dtype, seed)
    if isinstance(theirs[0], str):  # torch raised
        assert ours == theirs
        return
    assert ours[:3] == theirs[:3]
    np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-5, atol=1e-5)
    if theirs[4] is not None:
        for mine, expected in zip(ours[4], theirs[4]):
            np.testing.assert_allclose(mine, expected, rtol=1e-5, atol=1e-5)


CALLS = [
    # call forms
    "torch.einsum('ij,jk', [x, y])", "torch.einsum('ij,jk', (x, y))", "torch.einsum('i->', [v])",
    "torch.einsum(x, [0, 1], y, [1, 2], [0, 2])", "torch.einsum(x, [0, 1], y, [1, 2])",
    "torch.einsum(x, [Ellipsis, 1], [1])", "torch.einsum(v, [26], w, [26])",
    # bad equations
    "torch.einsum('ij,jk->ik', x)", "torch.einsum('ij->ik', x)", "torch.einsum('ij', x, y)",
    "torch.einsum('ijk', x)", "torch.einsum('i', x)", "torch.einsum('ij->ii', x)",
    "torch.einsum('i1->', x)", "torch.einsum('i.j->', x)", "torch.einsum('..ij->', x)",
    "torch.einsum('....ij->', x)", "torch.einsum('i...j...->', x)", "torch.einsum('ij-->', x)",
    "torch.einsum('ij->j->i', x)", "torch.einsum('', x)", "torch.einsum('ii->i', torch.ones(2, 3))",
    "torch.einsum('i-  >', v)", "torch.einsum('i->-', v)", "torch.einsum('i,', v)",
    "torch.einsum(',i', v)", "torch.einsum('i,,j', v, v, v)", "torch.einsum('ab...->...', v)",
    "torch.einsum('i', s)", "torch.einsum('ij;jk', x, y)", "torch.einsum('ij->I', x)",
    "torch.einsum('ijk,', x)", "torch.einsum('ij->....', x)", "torch.einsum('ij->..', x)",
    "torch.einsum('ij->i.', x)", "torch.einsum('ij->kk', x)", "torch.einsum('ij->ik1', x)",
    "torch.einsum('ijk->q', x)", "torch.einsum('ii->q', x)", "torch.einsum('ij->iI', x)",
    # operands that do not fit the equation
    "torch.einsum('ij,jk->ik', x, torch.ones(3, 4))",
    "torch.einsum('...i,...i->...', torch.ones(2, 3), torch.ones(4, 3))",
    "torch.einsum('...i,...i->...', torch.ones(3, 2, 3), torch.ones(4, 1, 3))",
    "torch.einsum('...i,i...->...', torch.ones(3, 2, 3), torch.ones(3, 4))",
    "torch.einsum('iij,jk->ik', torch.ones(2, 3, 3), torch.ones(4, 4))",
    "torch.einsum('ijj,jk->ik', torch.ones(2, 3, 4), torch.ones(4, 4))",
    # dtypes: a product by bmm takes one dtype; a product without a sum promotes
    "torch.einsum('ij,jk->ik', x, y.double())", "torch.einsum('ij,jk->ik', a, a.long())",
    "torch.einsum('ij,jk->ik', a.int(), a.long())", "torch.einsum('ij,jk->ik', a.half(), a)",
    "torch.einsum('ij,jk->ik', a.bool(), a.bool())", "torch.einsum('ij,ij->', a.bool(), a.bool())",
    "torch.einsum('i,i,i->', b, b, b.double())", "torch.einsum('i,i,i->i', b, b, b.double())",
    "torch.einsum('ij,ij->ij', x, y.double())", "torch.einsum('ij->', a.int())",
    "torch.einsum('ij->ji', a.int())",
    # bad arguments
    "torch.einsum('ij,jk->ik')", "torch.einsum('i->', 3)", "torch.einsum(3, x)",
    "torch.einsum('ij', x, 3)", "torch.einsum('ij', [x, 3])", "torch.einsum(x, [0, 52])",
    "torch.einsum(x, [-1, 1])", "torch.einsum(x)", "torch.einsum(['ij'], x)",
    "torch.einsum(None, x)", "torch.einsum('ij', None)", "torch.einsum('ij', [])",
    "torch.einsum('', [])",
]


@pytest.mark.parametrize("code", CALLS)
def test_einsum_call_matches_torch(code):
    same(code, torch, graphs=False)


@pytest.mark.parametrize("args", [(), (1, 0, 2), (1, 2, 0), (-1, 0, 2), (0, -1, 0), (2, 2, 0),
                                  (5,), (-2, 1, 0), (0, 1, 1), (0, 3, 1), (0.5,)])
def test_diagonal_matches_torch(args):
    same(f"d = torch.arange(24.).reshape(2, 3, 4).requires_grad_(); d.diagonal{args}", torch)
