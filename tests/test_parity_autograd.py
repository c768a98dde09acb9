"""Parity with torch 2.13: the autograd engine and its API.

backward (implicit and explicit gradients, twice, retain_graph, inputs=), create_graph and higher
derivatives, autograd.grad, hooks, retain_grad, accumulation into ``.grad``, in-place ops and
version counters, the ``grad``/``requires_grad``/``data`` attributes, grad modes, custom
Functions, gradcheck. Each case is PyTorch code run on both libraries (see ``_parity``).
"""
import pytest

from _parity import same

torch = pytest.importorskip("torch")

BACKWARD = [
    # the classic tutorial
    "out = ((x + 2) * (x + 2) * 3).mean(); out.backward(); x.grad",
    "out = ((x + 2) ** 2 * 3).mean(); out.backward(); (out, x.grad)",
    "(x * y).sum().backward(); (x.grad, y.grad)",
    "(v @ x @ w).backward(); (v.grad, x.grad, w.grad)",
    "s.exp().backward(); s.grad",
    "(x * 2).backward(torch.ones(2, 2)); x.grad",
    "(x * 2).backward(torch.tensor([[0.1, 1.], [10., 100.]])); x.grad",
    "(x * 2).backward(gradient=torch.ones(2, 2) * 3); x.grad",
    "(v * v).backward(torch.tensor([1., 0.1])); v.grad",
    "torch.autograd.backward((x * 2).sum()); x.grad",
    "torch.autograd.backward([(x * 2).sum(), (y * 3).sum()]); (x.grad, y.grad)",
    "torch.autograd.backward([x * 2, v * 3], [torch.ones(2, 2), torch.ones(2)]); (x.grad, v.grad)",
    "torch.autograd.backward(x * 2, grad_tensors=torch.ones(2, 2)); x.grad",
    "(x * 2).sum().backward(); y.grad",
    "z = x * 2; z.sum().backward(); z.is_leaf, z.requires_grad, x.grad",
    "(x * 1.).sum().backward(); x.grad.requires_grad",
    "(x.sum() + y.sum()).backward(); x.grad, y.grad",
    "h = x * 2; (h + h * h).sum().backward(); x.grad",
    "h = x.exp(); (h * h.log()).sum().backward(); x.grad",
    "(x[0] * x[1]).sum().backward(); x.grad",
    "t = x * 1\nfor _ in range(50):\n    t = t * 1.01\nt.sum().backward()\nx.grad",
    "t = s\nfor _ in range(5000):\n    t = t + 1\nt.backward()\ns.grad",
    "x.sum().backward(); x.grad",
    "x.backward(torch.ones(2, 2)); x.grad",
    "s.backward(); s.grad",
    # errors
    "(x * 2).backward()",
    "x.backward()",
    "torch.ones(2, 2).sum().backward()",
    "(x * 2).backward(torch.ones(3))",
    "(x * 2).sum().backward(torch.ones(2))",
    "(x * 2).backward(torch.ones(2, 2, dtype=torch.float64)); x.grad",
    "(x * 2).backward(retain_variables=True)",
    "(x * 2).sum().backward(inputs=[])",
    "torch.autograd.backward([x.sum(), y.sum()], [torch.tensor(1.)])",
    "x.detach().sum().backward()",
    "with torch.no_grad():\n    z = x * 2\nz.sum().backward()",
]


@pytest.mark.parametrize("code", BACKWARD)
def test_backward(code):
    same(code, torch)


TWICE = [
    # torch raises only when a node that saved tensors has freed them
    "out = (x + 2).sum(); out.backward(); out.backward(); x.grad",
    "out = (x * 2).sum(); out.backward(); out.backward()",
    "out = (x * y).sum(); out.backward(); out.backward()",
    "out = x.exp().sum(); out.backward(); out.backward()",
    "out = (x * x).sum(); out.backward(); out.backward()",
    "out = x.mean(); out.backward(); out.backward(); x.grad",
    "out = x.sum() * 3; out.backward(); out.backward(); x.grad",
    "out = (x - 1).sum(); out.backward(); out.backward(); x.grad",
    "out = x.view(4).sum(); out.backward(); out.backward(); x.grad",
    "out = x.t()[0].sum(); out.backward(); out.backward(); x.grad",
    "out = (x / 2).sum(); out.backward(); out.backward(); x.grad",
    "out = (x ** 2).sum(); out.backward(); out.backward()",
    "out = x.sigmoid().sum(); out.backward(); out.backward()",
    "out = (x @ y).sum(); out.backward(); out.backward()",
    "out = x.relu().sum(); out.backward(); out.backward()",
    "out = (x * y).sum(); out.backward(retain_graph=True); out.backward(); (x.grad, y.grad)",
    "out = (x * y).sum(); out.backward(retain_graph=True); out.backward(retain_graph=True); "
    "out.backward(); x.grad",
    "h = x * 2; a1 = h.sum(); a2 = (h * 3).sum(); a1.backward(); a2.backward(); x.grad",
    "h = x.exp(); a1 = h.sum(); a2 = (h * 3).sum(); a1.backward(); a2.backward()",
    "out = (x * y).sum(); torch.autograd.grad(out, x); torch.autograd.grad(out, x)",
    "out = (x * y).sum(); torch.autograd.grad(out, x, retain_graph=True); "
    "torch.autograd.grad(out, y)",
    "out = (x * y).sum(); out.backward(); out.grad_fn.next_functions",
    "out = (x * 2).sum(); out.backward(create_graph=True); out.backward(); x.grad",
]


# One expression per node kind: does a second backward through it raise?
TWICE_NODES = [
    "x.sum(0)", "x.mean(1)", "x.t()", "x.T", "x.view(4)", "x.reshape(4)", "x[0]", "x[:1]",
    "x[[0, 1]]", "x[x > 2]", "x.unsqueeze(0)", "x.squeeze()", "x.expand(3, 2, 2)",
    "x.repeat(2, 1)", "x.flip(0)", "torch.cat([x, y])", "torch.stack([x, y])", "x.split(1)[0]",
    "x.unbind()[0]", "x.clone()", "x.double()", "x.abs()", "x.clamp(0, 2)", "x.max()",
    "x.max(0).values", "x.amax(0)", "x.prod()", "x.var()", "x.norm()", "x.softmax(1)",
    "x.log_softmax(1)", "x.relu()", "x.sigmoid()", "x.tanh()", "x.sqrt()", "x.log()",
    "x.exp()", "x.sin()", "x ** 2", "2 ** x", "x ** y", "x / y", "x / 2", "2 / x", "x - y",
    "2 - x", "-x", "x @ y", "x @ v", "v @ w", "torch.where(x > 2, x, y)",
    "x.masked_fill(x > 2, 0.)", "x.gather(1, torch.tensor([[0], [1]]))",
    "x.index_select(0, torch.tensor([1]))", "torch.maximum(x, y)", "x.cumsum(0)",
    "x.logsumexp(1)", "x.masked_select(x > 2)", "x.tril()", "x.diag()", "x.trace()",
    "torch.lerp(x, y, 0.5)", "torch.addcmul(x, y, y)", "x.sign()", "x.floor()", "x % 1.5",
    "x.std()", "x.amin(1)", "x.min()", "x.narrow(0, 0, 1)",
]


@pytest.mark.parametrize("expr", TWICE_NODES)
def test_second_backward_raises_only_where_torch_saved_tensors(expr):
    same(f"out = ({expr}).sum(); out.backward(); out.backward(); x.grad", torch)


@pytest.mark.parametrize("code", TWICE)
def test_backward_twice(code):
    same(code, torch, check_warnings="create_graph" not in code)


HIGHER_ORDER = [
    "g, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True); g",
    "g, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True); g.sum().backward(); x.grad",
    "g, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)\n"
    "h, = torch.autograd.grad(g.sum(), x, create_graph=True)\n"
    "torch.autograd.grad(h.sum(), x)",
    "g, = torch.autograd.grad(s ** 4, s, create_graph=True)\n"
    "h, = torch.autograd.grad(g, s, create_graph=True)\n"
    "k, = torch.autograd.grad(h, s, create_graph=True)\n"
    "(g, h, k, torch.autograd.grad(k, s))",
    "g, = torch.autograd.grad((x.exp() * y).sum(), x, create_graph=True)\n"
    "torch.autograd.grad(g.sum(), (x, y))",
    "g, = torch.autograd.grad(x.sin().sum(), x, create_graph=True)\n"
    "torch.autograd.grad(g.sum(), x)",
    "g, = torch.autograd.grad((x @ y).sum(), x, create_graph=True); g.requires_grad, g.grad_fn",
    "g, = torch.autograd.grad((x * y).sum(), x, create_graph=True)\n"
    "torch.autograd.grad(g.sum(), y)",
    "g, = torch.autograd.grad((x * y).sum(), x, create_graph=True)\n"
    "torch.autograd.grad(g.sum(), x)",
    "g, = torch.autograd.grad((x * y).sum(), x, create_graph=True)\n"
    "torch.autograd.grad(g.sum(), x, allow_unused=True)",
    "g, = torch.autograd.grad((x * 2).sum(), x)\ng.requires_grad",
    "(x ** 2).sum().backward(create_graph=True); x.grad",
    "(x ** 2).sum().backward(create_graph=True); g = x.grad; x.grad = None\n"
    "g.sum().backward(); x.grad",
    "(s * s * s).backward(create_graph=True); g = s.grad.clone()\n"
    "s.grad = None; g.backward(); s.grad",
    "g, = torch.autograd.grad(x.tanh().sum(), x, create_graph=True)\n"
    "torch.autograd.grad(g.sum(), x)",
    "g, = torch.autograd.grad(x.log_softmax(1).sum(), x, create_graph=True)\n"
    "torch.autograd.grad((g * g).sum(), x)",
    "g, = torch.autograd.grad(x.norm(), x, create_graph=True)\n"
    "torch.autograd.grad(g.sum(), x)",
    "g, = torch.autograd.grad(x.norm(), x, create_graph=True)\ng.sum().backward()\nx.grad",
]


# The graphs that create_graph builds follow each library's own backward formulas (torch's C++
# ones use Scalar overloads, MulBackward1, ...): values and gradients must agree, node names are
# not compared. The warning backward(create_graph=True) gives is torch's TORCH_WARN_ONCE (see
# test_create_graph_backward_warns_once).
@pytest.mark.parametrize("code", HIGHER_ORDER)
def test_higher_order(code):
    same(code, torch, graphs=False, check_warnings=False)


def test_create_graph_backward_warns_once():
    import autograd_nb
    from autograd_nb._core import _backward
    _backward._WARNED.clear()
    x = autograd_nb.ones(2, requires_grad=True)
    with pytest.warns(UserWarning) as record:
        (x * x).sum().backward(create_graph=True)
        (x * x).sum().backward(create_graph=True)
    assert [str(w.message) for w in record] == [
        "Using backward() with create_graph=True will create a reference cycle between the "
        "parameter and its gradient which can cause a memory leak. We recommend using "
        "autograd.grad when creating the graph to avoid this. If you have to use this function, "
        "make sure to reset the .grad fields of your parameters to None after use to break the "
        "cycle and avoid the leak."]


GRAD = [
    "torch.autograd.grad((x * y).sum(), x)",
    "torch.autograd.grad((x * y).sum(), [x, y])",
    "torch.autograd.grad((x * y).sum(), (y,))",
    "torch.autograd.grad(x * 2, x, torch.ones(2, 2))",
    "torch.autograd.grad(x * 2, x, grad_outputs=torch.full((2, 2), 3.))",
    "torch.autograd.grad([x.sum(), (x * 2).sum()], x)",
    "torch.autograd.grad([x * 2, x * 3], [x], [torch.ones(2, 2), torch.ones(2, 2)])",
    "torch.autograd.grad((x * 2).sum(), [x, y])",
    "torch.autograd.grad((x * 2).sum(), [x, y], allow_unused=True)",
    "torch.autograd.grad((x * 2).sum(), [x, y], materialize_grads=True)",
    "torch.autograd.grad((x * 2).sum(), x); x.grad",
    "h = x * 2; torch.autograd.grad((h * h).sum(), h)",
    "h = x * 2; torch.autograd.grad((h * h).sum(), [h, x])",
    "torch.autograd.grad((x * 2).sum(), a)",
    "torch.autograd.grad(a.sum(), x)",
    "torch.autograd.grad(x * 2, x)",
    "torch.autograd.grad((x * 2).sum(), x, torch.ones(3))",
    "torch.autograd.grad((x * 2).sum(), x, only_inputs=True)",
    "torch.autograd.grad(x.sum(), x)",
    "torch.autograd.grad(s, s)",
    "torch.autograd.grad([x.sum(), y.sum()], [x, y])",
    "torch.autograd.grad([x.sum()], [x], [None])",
    "hx = x * 1; h1 = hx * 2; h2 = hx * 3\n"
    "torch.autograd.grad(h1.sum() + h2.sum(), hx)",
    "g, = torch.autograd.grad((x.exp() * 2).sum(), x); g",
    "p = x * 2; q = p.exp(); r = q * p; torch.autograd.grad(r.sum(), p)",
    "p = x * 2; q = p.exp(); r = q * p; r.sum().backward(inputs=[x]); x.grad",
]


@pytest.mark.parametrize("code", GRAD)
def test_autograd_grad(code):
    same(code, torch)


BACKWARD_INPUTS = [
    "(x * y).sum().backward(inputs=[x]); (x.grad, y.grad)",
    "(x * y).sum().backward(inputs=x); (x.grad, y.grad)",
    "(x * y).sum().backward(inputs=(y,)); (x.grad, y.grad)",
    "h = x * 2; (h * y).sum().backward(inputs=[h]); (h.grad, x.grad, y.grad)",
    "h = x * 2; (h * y).sum().backward(inputs=[h, x]); (h.grad, x.grad)",
    "(x * 2).sum().backward(inputs=[y]); (x.grad, y.grad)",
    "(x * 2).sum().backward(inputs=[a])",
    "torch.autograd.backward((x * y).sum(), inputs=[y]); (x.grad, y.grad)",
    "(x * y).sum().backward(inputs=[x], retain_graph=True); (x * y).sum().backward(inputs=[x]); "
    "x.grad",
]


@pytest.mark.parametrize("code", BACKWARD_INPUTS)
def test_backward_inputs(code):
    same(code, torch)


HOOKS = [
    "x.register_hook(lambda g: g * 2); (x * 3).sum().backward(); x.grad",
    "h = x.register_hook(lambda g: g * 2); h.remove(); (x * 3).sum().backward(); x.grad",
    "x.register_hook(lambda g: None); (x * 3).sum().backward(); x.grad",
    "seen = []; x.register_hook(lambda g: seen.append(g.clone())); (x * 3).sum().backward(); seen",
    "x.register_hook(lambda g: g + 1); x.register_hook(lambda g: g * 10)\n"
    "(x * 1).sum().backward(); x.grad",
    "h = x * 2; h.register_hook(lambda g: g * 100); (h * 3).sum().backward(); x.grad",
    "h = x * 2; seen = []; h.register_hook(lambda g: seen.append(g)); (h * 3).sum().backward()\n"
    "seen",
    "h = x * 2; h.retain_grad(); h.register_hook(lambda g: g * 100); (h * 3).sum().backward()\n"
    "(h.grad, x.grad)",
    "h = x * 2; h.register_hook(lambda g: g * 100); h.retain_grad(); (h * 3).sum().backward()\n"
    "(h.grad, x.grad)",
    "a.register_hook(lambda g: g)",
    "h = x * 2; r = h.register_hook(lambda g: g * 0); r.remove(); h.sum().backward(); x.grad",
    "with x.register_hook(lambda g: g * 2):\n    pass\n(x * 1).sum().backward()\nx.grad",
    "h = x * 2; calls = []\n"
    "h.grad_fn.register_hook(lambda gi, go: calls.append((len(gi), len(go))))\n"
    "h.sum().backward(); calls",
    "h = x * y; h.grad_fn.register_hook(lambda gi, go: (gi[0] * 0, gi[1]))\n"
    "h.sum().backward(); (x.grad, y.grad)",
    "h = x * 2; h.grad_fn.register_prehook(lambda go: (go[0] * 10,)); h.sum().backward(); x.grad",
    "h = x * 2; r = h.grad_fn.register_prehook(lambda go: (go[0] * 10,)); r.remove()\n"
    "h.sum().backward(); x.grad",
    "x.register_hook(lambda g: 'bad'); (x * 1).sum().backward()",
    "x.register_hook(lambda g: g * 2)\ntorch.autograd.grad((x * 2).sum(), x)",
    "h = x * 1; h.register_hook(lambda g: g * 2)\ntorch.autograd.grad((h * 2).sum(), h)",
]


@pytest.mark.parametrize("code", HOOKS)
def test_hooks(code):
    same(code, torch)


RETAIN_AND_ACCUMULATE = [
    "h = x * 2; h.retain_grad(); (h * 3).sum().backward(); h.grad",
    "h = x * 2; h.retain_grad(); h.retains_grad",
    "h = x * 2; h.retains_grad",
    "x.retains_grad",
    "x.retain_grad(); x.retains_grad",
    "a.retain_grad()",
    "h = x * 2; h.retain_grad(); h.retain_grad(); (h * 3).sum().backward(); h.grad",
    "h = x * 2; h.retain_grad(); out = (h * 3).sum(); out.backward(retain_graph=True)\n"
    "out.backward(); h.grad",
    "h = x * 2; h.retain_grad(); out = (h * 3).sum(); out.backward(retain_graph=True)\n"
    "g = h.grad; out.backward(); h.grad is g",
    "(x * 2).sum().backward(); g = x.grad; (x * 3).sum().backward(); (x.grad is g, x.grad)",
    "(x * 2).sum().backward(); x.grad = None; (x * 3).sum().backward(); x.grad",
    "(x * 2).sum().backward(); x.grad.zero_(); (x * 3).sum().backward(); x.grad",
    "(x * 2).sum().backward(); g = x.grad; x.grad.zero_(); (x * 3).sum().backward(); x.grad is g",
    "(x * 2).sum().backward(); x.grad.data.zero_(); x.grad",
    "x.grad = torch.ones(2, 2); (x * 2).sum().backward(); x.grad",
    "g = torch.ones(2, 2); x.grad = g; (x * 2).sum().backward(); (x.grad is g, g)",

    "x.grad",
    "(x * 2).grad",
    "h = x * 2; h.sum().backward(); h.grad",
    "h = x * 2; h.retain_grad(); h.grad",
    "h = x * 2; del h.grad; h.grad",
    "(x * 2).sum().backward(); del x.grad; x.grad",
]


@pytest.mark.parametrize("code", RETAIN_AND_ACCUMULATE)
def test_retain_grad_and_accumulation(code):
    same(code, torch)


@pytest.mark.parametrize("code", [
    "(x * 2).sum().backward(create_graph=True); g = x.grad; (x * 3).sum().backward()\n"
    "(x.grad is g, x.grad)",
    "(x * 2).sum().backward(); (x * 2).sum().backward(create_graph=True); x.grad",
    "(x * 2).sum().backward(create_graph=True); (x.grad.requires_grad, x.grad.is_leaf)",
])
def test_accumulation_with_create_graph(code):
    """torch's .grad from a create_graph pass ends in a CopyBackwards node; autograd_nb's in the
    last node of the backward formula (engine, reported): values and grad-ness must agree."""
    same(code, torch, graphs=False, check_warnings=False)


INPLACE = [
    "h = x * 1; h.add_(1); h",
    "h = x * 1; h.mul_(2); h.sum().backward(); x.grad",
    "h = x * 1; h.add_(y); h.sum().backward(); (x.grad, y.grad)",
    "h = x * 1; h.mul_(y); (h * h).sum().backward(); (x.grad, y.grad)",
    "h = x * 1; h += 2; h *= y; h -= 1; h /= 4; h.sum().backward(); (h, x.grad, y.grad)",
    "h = x * 1; h **= 2; h.sum().backward(); x.grad",
    "h = x * 1; h2 = h; h += 1; h is h2",
    "h = x * 1; h.sub_(y, alpha=2); h.div_(2); h.sum().backward(); (x.grad, y.grad)",
    "h = x * 1; h.clamp_(min=2); h.sum().backward(); x.grad",
    "h = x * 1; h.exp_(); h.sum().backward(); x.grad",
    "h = x * 1; h.sigmoid_(); h.sum().backward(); x.grad",
    "h = x * 1; h.zero_(); h",
    "h = x * 1; h.fill_(3.); h.sum().backward(); x.grad",
    "h = x * 1; h.copy_(y); h.sum().backward(); (x.grad, y.grad)",
    "h = torch.zeros(2, 2); h.copy_(x); h.sum().backward(); (h, x.grad)",
    "h = x * 1; h.t_() if hasattr(h, 't_') else None; h.shape",
    "h = x * 1; h.unsqueeze_(0); h.shape",
    "a.add_(1); a", "a.mul_(torch.tensor(2.)); a", "a.add_(x)",
    "a2 = a.clone(); a2.add_(x); a2.sum().backward(); (a2, x.grad)",
    # leaves
    "x.add_(1)", "x.mul_(2)", "x.zero_()", "x.fill_(1.)", "x.copy_(y)", "x += 1", "x.exp_()",
    "x.clamp_(0, 1)", "x.uniform_()", "x.normal_()",
    "with torch.no_grad():\n    x.add_(1)\nx",
    "with torch.no_grad():\n    x.mul_(2)\n(x * 3).sum().backward()\nx.grad",
    "x.data.add_(1); x", "x.data.mul_(2); (x * 3).sum().backward(); x.grad",
    "x.detach().add_(1); x", "x.view(4).add_(1)", "x[0].add_(1)",
    "torch.ones(2).add_(torch.ones(2, 2))",
    "torch.ones(2, dtype=torch.int64).add_(1.5)",
    "torch.ones(2, dtype=torch.int64).mul_(2)",
    "t = torch.ones(2); t.add_(torch.ones(2, dtype=torch.float64)); t",
    # version counters
    "h = x * 2; z = h.exp(); h.add_(1); z.sum().backward()",
    "h = x * 2; z = h * y; h.mul_(2); z.sum().backward()",
    "h = x * 2; z = h + y; h.mul_(2); z.sum().backward(); x.grad",
    "h = x.exp(); h.add_(1); h.sum().backward()",
    "h = x.sigmoid(); h.mul_(2); h.sum().backward()",
    "h = x.tanh(); z = h * 2; h.zero_(); z.sum().backward()",
    "d = x.detach(); z = x.exp(); d.add_(1); z.sum().backward()",
    "d = x.detach(); z = x * y; d.zero_(); z.sum().backward()",
    "z = x * y; y.data.add_(1); z.sum().backward(); x.grad",
    "z = x * y; with_nograd = None\nwith torch.no_grad():\n    y.add_(1)\nz.sum().backward()",
    "h = x * 1; v1 = h.view(4); z = v1.exp(); h.add_(1); z.sum().backward()",
    "h = x * 2; z = h.exp(); h.add_(1); z.grad_fn",
]


@pytest.mark.parametrize("code", INPLACE)
def test_inplace(code):
    same(code, torch)


ATTRIBUTES = [
    # grad setter
    "x.grad = torch.ones(2, 2); x.grad",
    "x.grad = torch.ones(3)", "x.grad = torch.ones(2, 2, dtype=torch.float64)",
    "x.grad = [1., 2.]", "x.grad = None; x.grad", "x.grad = torch.ones(2, 2, requires_grad=True)",
    "x.grad = torch.ones(2, 2, dtype=torch.int64)",
    "h = x * 2; h.grad = torch.ones(2, 2); h.grad",
    # requires_grad
    "a.requires_grad = True; a", "a.requires_grad_(); a.requires_grad", "a.requires_grad_(True)",
    "x.requires_grad = False; x", "x.requires_grad_(False); (x * 2).requires_grad",
    "h = x * 2; h.requires_grad = False", "h = x * 2; h.requires_grad = True",
    "h = x * 2; h.requires_grad_(False)", "h = x * 2; h.requires_grad_()",
    "torch.tensor([1, 2]).requires_grad_()", "t = torch.tensor([1, 2]); t.requires_grad = True",
    "torch.tensor([1, 2]).requires_grad_(False)", "a.requires_grad = 1",
    "torch.tensor([True]).requires_grad_()", "a.double().requires_grad_()",
    "(a * 2).requires_grad", "(x * a).requires_grad", "(x > 2).requires_grad",
    "x.argmax().requires_grad", "x.max(0).indices.requires_grad", "x.long().requires_grad",
    "torch.ones_like(x).requires_grad", "x.new_ones(2).requires_grad", "x.detach().requires_grad",
    "x.data.requires_grad", "x.clone().requires_grad", "x.numel(), x.requires_grad",
    # is_leaf, grad_fn, next_functions
    "x.is_leaf", "a.is_leaf", "(x * 2).is_leaf", "(a * 2).is_leaf", "x.grad_fn", "(a * 2).grad_fn",
    "(x * 2).grad_fn", "(x * a).grad_fn.next_functions", "(x * y).grad_fn.next_functions",
    "(x + 2).grad_fn.next_functions[0][0].variable is x",
    "type((x + 2).grad_fn.next_functions[0][0]).__name__",
    "(x + 2).grad_fn.name()", "(x + 2).grad_fn.next_functions[0][0].name()",
    "repr((x + 2).grad_fn)", "str((x * y).grad_fn.next_functions)", "repr(x.sum().grad_fn)",
    "repr((x + 2).grad_fn.next_functions[0][0])", "print(x.mean().grad_fn)",
    "repr(x * 2)", "str(x.sum())", "repr(x.max(0))", "repr(s.exp())",
    "(2 - x).grad_fn", "(x * 2).sum().grad_fn.next_functions[0][0].next_functions",
    "((x + 2) * (x + 2)).grad_fn.next_functions",
    "z = (x + 2) * y; z.grad_fn.next_functions[0][0].next_functions",
    # data and detach
    "x.data", "x.data is x", "x.data.requires_grad", "x.detach() is x",
    "d = x.detach(); d[0, 0] = 100.; x",
    "d = x.data; d[0, 0] = 100.; x",
    "x.data = torch.zeros(2, 2); x",
    "x.data = torch.zeros(3); (x, x.shape)",
    "x.data = torch.zeros(2, 2, dtype=torch.float64); x.dtype",
    "h = x * 2; h.detach_(); (h, h.requires_grad, h.grad_fn, h.is_leaf)",
    "h = x * 2; g = h.detach(); (g.requires_grad, g.is_leaf, h.requires_grad)",
    "x.numpy()", "x.detach().numpy()", "(x * 2).numpy()", "x.tolist()",
    "x.item()", "s.item()", "s.detach().numpy()",
    "h = x.view(4); h.detach_()", "h = (x * 2).view(4); h.detach_()", "x.detach_(); x",
    "isinstance((x * 2).grad_fn, torch.autograd.graph.Node)",
    "isinstance(x, torch.Tensor), isinstance(x * 2, torch.Tensor)",
]


@pytest.mark.parametrize("code", ATTRIBUTES)
def test_attributes(code):
    same(code, torch)


TUTORIAL = [
    "x = torch.ones(2, 2, requires_grad=True)\ny = x + 2\nz = y * y * 3\nout = z.mean()\n"
    "out.backward()\n(y, z, out, y.grad_fn, x.grad)",
    "a2 = torch.tensor([[1.5, -2.], [3., 0.5]])\na2 = ((a2 * 3) / (a2 - 1))\n"
    "r0 = a2.requires_grad\na2.requires_grad_(True)\nb2 = (a2 * a2).sum()\n"
    "(r0, a2.requires_grad, b2.grad_fn)",
    "t = torch.tensor([0.5, -1., 2.], requires_grad=True)\ny = t * 2\n"
    "while y.data.norm() < 1000:\n    y = y * 2\n"
    "y.backward(torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float))\n(y, t.grad)",
    "t = torch.tensor([0.5, -1., 2.], requires_grad=True)\n"
    "r = (t.requires_grad, (t ** 2).requires_grad)\n"
    "with torch.no_grad():\n    r += ((t ** 2).requires_grad,)\nr",
    "t = torch.tensor([0.5, -1., 2.], requires_grad=True)\nd = t.detach()\n"
    "(d.requires_grad, t.eq(d).all())",
    "w1 = torch.tensor([[0.1, -0.2], [0.3, 0.4]], requires_grad=True)\n"
    "b1 = torch.tensor([0.01, -0.01], requires_grad=True)\nlr = 0.1\n"
    "for _ in range(3):\n    loss = ((v.detach() @ w1 + b1 - 1) ** 2).mean()\n    loss.backward()\n"
    "    with torch.no_grad():\n        w1 -= lr * w1.grad\n        b1 -= lr * b1.grad\n"
    "        w1.grad.zero_()\n        b1.grad.zero_()\n(loss, w1, b1)",
]


@pytest.mark.parametrize("code", TUTORIAL)
def test_tutorial_flow(code):
    same(code, torch)
