"""Parity with torch 2.13: custom ``autograd.Function`` (ctx.save_for_backward, saved_tensors,
needs_input_grad, mark_non_differentiable, apply) and gradcheck/gradgradcheck."""
import pytest

from _parity import same

torch = pytest.importorskip("torch")

# Function classes, defined in each library's namespace by the prelude of every case.
FUNCTIONS = '''
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        ctx.save_for_backward(t)
        return t * t

    @staticmethod
    def backward(ctx, grad):
        (t,) = ctx.saved_tensors
        return 2 * t * grad


class MulConst(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t, k):
        ctx.k = k
        return t * k

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.k, None


class Needs(torch.autograd.Function):
    @staticmethod
    def forward(ctx, p, q):
        ctx.seen = ctx.needs_input_grad
        return p + q

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class SortLike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        idx = torch.argsort(t) if hasattr(torch, "argsort") else t.argmax().reshape(1)
        out = t * 1
        ctx.mark_non_differentiable(idx)
        return out, idx

    @staticmethod
    def backward(ctx, grad, grad_idx):
        return grad


class Wrong(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        return t * 2

    @staticmethod
    def backward(ctx, grad):
        return grad * 3


class TooMany(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        return t * 2

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class Ident(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        return t

    @staticmethod
    def backward(ctx, grad):
        return grad * 10


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        out = t.exp()
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out
'''


def run(code, **kw):
    from _parity import PRELUDE
    same(code, torch, prelude=PRELUDE + FUNCTIONS, **kw)


CASES = [
    "Square.apply(x)",
    "out = Square.apply(x); out.sum().backward(); x.grad",
    "type(Square.apply(x).grad_fn).__name__",
    "repr(Square.apply(x).grad_fn)",
    "Square.apply(x).grad_fn.next_functions",
    "Square.apply(a)",
    "Square.apply(a).grad_fn",
    "with torch.no_grad():\n    out = Square.apply(x)\n(out.requires_grad, out.grad_fn)",
    "out = Square.apply(x * 2); out.sum().backward(); x.grad",
    "out = Square.apply(Square.apply(x)); out.sum().backward(); x.grad",
    "MulConst.apply(x, 3.)",
    "out = MulConst.apply(x, 3.); out.sum().backward(); x.grad",
    "MulConst.apply(x, 3.).grad_fn.next_functions",
    "out = Needs.apply(x, a); out.grad_fn.seen",
    "out = Needs.apply(a, x); out.sum().backward(); (x.grad, out.grad_fn.seen)",
    "out = Needs.apply(x, y); out.grad_fn.seen",
    "out, idx = SortLike.apply(v); (out.requires_grad, idx.requires_grad, idx.grad_fn)",
    "out, idx = SortLike.apply(v); out.sum().backward(); v.grad",
    "out = TooMany.apply(x); out.sum().backward()",
    "out = Ident.apply(x); (out is x, out.grad_fn is not None)",
    "out = Ident.apply(x); out.sum().backward(); x.grad",
    "out = Square.apply(x); out.sum().backward(); out.grad_fn.saved_tensors",
    "out = Square.apply(x); out.sum().backward(retain_graph=True); "
    "out.grad_fn.saved_tensors[0] is x",
    "out = Square.apply(x); out.sum().backward(); out.sum().backward()",
    "out = Square.apply(x); out.sum().backward(retain_graph=True); out.sum().backward(); x.grad",
    "h = x * 1; out = Square.apply(h); h.add_(1); out.sum().backward()",
    "out = Exp.apply(x); out.add_(1); out.sum().backward()",
    "out = Exp.apply(x); out.sum().backward(); x.grad",
    "g, = torch.autograd.grad(Square.apply(x).sum(), x, create_graph=True); g",
    "g, = torch.autograd.grad(Square.apply(x).sum(), x, create_graph=True)\n"
    "torch.autograd.grad(g.sum(), x)",
    "type(Square()).__name__", "class Old(torch.autograd.Function):\n"
    "    def forward(self, t):\n        return t\nOld()(x)",
    "Square.forward(None, x)",
    "isinstance(Square.apply(x).grad_fn, torch.autograd.function.BackwardCFunction)",
    "out = Square.apply(s); out.backward(); s.grad",
]


@pytest.mark.parametrize("code", CASES)
def test_custom_function(code):
    run(code)


GRADCHECK = [
    "torch.autograd.gradcheck(lambda t: (t * t).sum(), (x.double(),))",
    "xd = x.detach().double().requires_grad_(); torch.autograd.gradcheck(torch.sin, (xd,))",
    "xd = x.detach().double().requires_grad_()\n"
    "torch.autograd.gradcheck(lambda t: t.exp() @ t, (xd,))",
    "xd = x.detach().double().requires_grad_()\n"
    "torch.autograd.gradcheck(lambda t: t.exp() @ t.detach(), (xd,))",
    "xd = x.detach().double().requires_grad_(); torch.autograd.gradcheck(Square.apply, xd)",
    "xd = x.detach().double().requires_grad_()\n"
    "torch.autograd.gradcheck(Wrong.apply, (xd,), raise_exception=False)",
    "xd = x.detach().double().requires_grad_()\n"
    "torch.autograd.gradgradcheck(lambda t: (t ** 3).sum(), (xd,))",
    "xd = x.detach().double().requires_grad_(); torch.autograd.gradgradcheck(torch.tanh, (xd,))",
    "vd = v.detach().double().requires_grad_(); wd = w.detach().double().requires_grad_()\n"
    "torch.autograd.gradcheck(lambda p, q: p * q, (vd, wd))",
    "vd = v.detach().double().requires_grad_()\n"
    "torch.autograd.gradcheck(lambda p, q: p * q, (vd, w.detach().double()))",
]


@pytest.mark.parametrize("code", GRADCHECK)
def test_gradcheck(code):
    run(code)


def test_gradcheck_failure_is_a_gradcheck_error():
    run("xd = x.detach().double().requires_grad_()\n"
        "try:\n"
        "    torch.autograd.gradcheck(Wrong.apply, (xd,))\n"
        "except Exception as e:\n"
        "    caught = (type(e).__name__, isinstance(e, RuntimeError), str(e).split(',')[0])\n"
        "caught")


def test_gradcheck_warns_for_single_precision_inputs():
    run("torch.autograd.gradcheck(lambda t: t * 2, (torch.ones(2, requires_grad=True),),"
        " raise_exception=False, eps=1e-3, atol=1e-2)")
