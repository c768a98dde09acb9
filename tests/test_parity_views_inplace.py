"""In-place changes to views of tensors that require grad, against torch 2.13: the base's
``CopySlices``, the views' regenerated ``AsStridedBackward0``, the gradients that reach the
leaves, shared version counters, and torch's refusals (views of leaves, views made under no_grad
or inference_mode, outputs of unbind/split/chunk, saved tensors changed through a view)."""
import ast
import itertools

import pytest

from _parity import same

torch = pytest.importorskip("torch")

# float64, so that printed values agree to the last digit shown whatever the order of sums
PRELUDE = """
d = torch.float64
x = torch.tensor([[1., 2., -1., .5], [3., 4., .25, -2.], [-1.5, 2.5, 1., 3.]], dtype=d,
                 requires_grad=True)
y = torch.tensor([[.5, -1., 2., 1.5], [2., .25, -3., 1.], [1., 1., -.5, 2.]], dtype=d,
                 requires_grad=True)
v = torch.tensor([1., -2., .5, 3.], dtype=d, requires_grad=True)
w = torch.tensor([.5, 3., -1.], dtype=d, requires_grad=True)
s = torch.tensor(1.5, dtype=d, requires_grad=True)
a = torch.tensor([[1., -2., 0., 3.], [0., 3., 1., 1.], [2., 2., -1., 0.]], dtype=d)
b = torch.tensor([2., .5, 1., -1.], dtype=d)
"""

# Every way autograd_nb has of making a view of a 3x4 tensor (chains included).
VIEWS = ["t[0]", "t[:, 1]", "t[1:]", "t[0:2, 1:3]", "t[-1]", "t[..., 2]", "t[None]", "t[:, None]",
         "t[1, 1:]", "t.view(2, 6)", "t.view(12)", "t.reshape(4, 3)", "t.transpose(0, 1)",
         "t.t()", "t.permute(1, 0)", "t.unsqueeze(0)", "t.unsqueeze(2).squeeze(2)",
         "t.narrow(1, 1, 2)", "t.select(1, 2)", "t.flatten()", "t[0][1:]", "t.t()[1]",
         "t.view(12)[2:7]", "t[1:].t()[2]", "t.tensor_split(2)[1]", "t.diagonal()",
         "t.diagonal(1)", "t.diagonal(-1, 1, 0)", "t.t().diagonal(-2)", "t[None].diagonal(0, 0, 2)"]

# In-place changes, with and without other inputs that require grad (s: 0-d leaf).
INPLACE = ["mul_(2)", "add_(s)", "mul_(s)", "zero_()", "fill_(3.)", "copy_(s)", "exp_()",
           "pow_(2)", "sigmoid_()", "clamp_(min=0.)", "div_(s)", "sub_(s, alpha=2)", "neg_()",
           "tanh_()", "addcmul_(u, u)"]

# What is used after the change.
USES = ["t", "u", "t * u.sum()", "u * 2 + t.sum()"]


def _case(view, op, use, base="x * 1"):
    return f"t = {base}\nu = {view}\n{'u.' + op}\n{use}"


def check(code):
    """``same`` on ``code``, whose last line's value, when a tensor in a graph, also sends back
    (with exact weights) the gradients of the leaves, compared at float64 precision."""
    *lines, last = code.split("\n")
    try:
        ast.parse(last, mode="eval")
    except SyntaxError:  # a statement: nothing to differentiate
        same(code, torch, grads=False, prelude=PRELUDE)
        return
    lines += [f"r_ = {last}",
              "g_ = None",
              "if isinstance(r_, torch.Tensor) and r_.requires_grad:",
              "    k_ = (torch.arange(r_.numel(), dtype=r_.dtype).reshape(r_.shape) - 3) / 4",
              "    g_ = torch.autograd.grad((r_ * k_).sum(), (x, y, v, w, s), allow_unused=True,",
              "                             retain_graph=True)",
              "(r_, g_)"]
    same("\n".join(lines), torch, grads=False, prelude=PRELUDE)


@pytest.mark.parametrize("view,op", list(itertools.product(VIEWS, INPLACE)))
def test_inplace_on_view(view, op):
    """Base, view and gradients after ``view.op``, each used after the change."""
    for use in USES:
        check(_case(view, op, use))


@pytest.mark.parametrize("view", VIEWS)
def test_view_of_base_that_requires_no_grad(view):
    """A view of a tensor requiring no grad, changed with an input that requires grad: the base
    joins the graph through CopySlices."""
    for op, use in itertools.product(["add_(s)", "copy_(s * 2)", "mul_(s)"], USES):
        check(_case(view, op, use, base="a.clone()"))


SEQUENCES = [
    # several changes of one view, of two views, of view and base, in every order
    "t = x * 1\nu = t[0]\nu.mul_(2)\nu.add_(s)\nt",
    "t = x * 1\nu = t[0]\nu.mul_(s)\nu.exp_()\n(t * y).sum()",
    "t = x * 1\nu = t[0]\nu2 = t[1]\nu.mul_(s)\nu2.add_(u)\nt",
    "t = x * 1\nu = t[0]\nu2 = t[:, 1]\nu.mul_(s)\nu2",
    "t = x * 1\nu = t[0]\nu2 = t[:, 1]\nu.mul_(s)\nu2.mul_(3)\n(t, u, u2)",
    "t = x * 1\nu = t[0]\nt.mul_(s)\nu",
    "t = x * 1\nu = t[0]\nt.mul_(s)\nu.add_(1)\nt",
    "t = x * 1\nu = t[0]\nt.add_(y)\n(u * v).sum()",
    "t = x * 1\nu = t[0]\nt.exp_()\nu.grad_fn",
    "t = x * 1\nu = t[0]\nt[1] = 5.\nu",
    "t = x * 1\nu = t[0]\nt[0] = w.sum()\nu",
    "t = x * 1\nu = t[0]\nu[1] = s\nt",
    "t = x * 1\nu = t[0]\nu[1:3] = v[:2]\n(t, u)",
    "t = x * 1\nu = t[0]\nu += s\nt",
    "t = x * 1\nt[0] += s\nt",
    "t = x * 1\nt[0, 1] *= s\nt",
    "t = x * 1\nt[:, 1:3] -= y[:, :2]\nt",
    "t = x * 1\nu = t.t()\nu[0].mul_(s)\n(t, u)",
    "t = x * 1\nu = t[1:]\nu2 = u[0]\nu2.add_(s)\n(t, u, u2)",
    "t = x * 1\nu = t.view(12)\nu2 = u[3:6]\nu2.mul_(s)\nt.sum() + u.sum()",
    "t = x * 1\nu = t[0]\nwith torch.no_grad():\n    t.add_(1)\n(t, u)",
    "t = x * 1\nu = t[0]\nwith torch.no_grad():\n    u.add_(1)\n(t, u)",
    "t = x * 1\nu = t[0]\nwith torch.no_grad():\n    u.mul_(2)\nu.mul_(s)\nt",
    "u = x[0]\nwith torch.no_grad():\n    x.add_(1)\nu",
    "t = torch.zeros(3, dtype=d)\nu = t[0]\nt.add_(w)\n(u, u.requires_grad, u.is_leaf)",
    "t = torch.zeros(3, dtype=d)\nu = t[1:]\nu.add_(w[1:])\n(t, u)",
    "t = x * 1\nu = t[0]\nu.mul_(2)\n(t._version, u._version, x._version)",
    "t = x * 1\nu = t[0]\nt.add_(1)\nu.add_(1)\n(t._version, u._version, u._base is t, u._is_view())",
    "t = x * 1\nu = t[0]\nu.mul_(2)\n(t.grad_fn.name(), u.grad_fn.name(), u._base is t)",
    "t = x * 1\nu = t[0]\nu.mul_(s)\ntorch.autograd.grad(t.sum(), (x, s))",
    "t = x * 1\nu = t[0]\nu.mul_(s)\ntorch.autograd.grad(u.sum(), (x, s))",
    "t = x * 1\nu = t[0]\nu.mul_(s)\ng = torch.autograd.grad((t ** 2).sum(), x, create_graph=True)[0]\n"
    "torch.autograd.grad(g.sum(), (x, s))",
    "t = x * 1\nu = t[0]\nu.exp_()\nt.sum().backward()\nt.sum().backward()",
    "t = x * 1\nu = t[0]\nu.exp_()\nt.sum().backward(retain_graph=True)\nt.sum().backward()\n"
    "x.grad",
    "t = x * 1\nu = t[0]\nu.mul_(s)\nt.sum().backward()\n(x.grad, s.grad)",
    "t = x * 1\nu = t.t()\nu.mul_(y.t())\nt.sum().backward()\n(x.grad, y.grad)",
    "t = x.float() * 1\nu = t[1]\nu.mul_(s)\nt",
    "t = x * 1\nu = t[0]\nu.mul_(s.float())\nt",
    "t = x * 1\nu = t.unbind()[0]\nwith torch.no_grad():\n    u.mul_(2)\nt",
    "t = x.detach()\nu = t.unbind()[1]\nu.mul_(2)\n(t, u._version)",
    "t = x * 1\nu = t.tensor_split(2)[0]\nu.mul_(s)\nt",
    "t = x * 1\nwith torch.no_grad():\n    u = t[0]\n    u.mul_(2)\n(t, u.requires_grad, u.is_leaf)",
    "t = x * 1\nu = t[0].detach()\nu.add_(s)\n(t, u)",
    "t = torch.arange(6).view(2, 3)\nu = t[0]\nu.add_(1)\n(t, u._version)",
    # retain_grad keeps the gradient of the tensor as it is after the change
    "t = x * 1\nt.retain_grad()\nt.mul_(2)\nt.sum().backward()\nt.grad",
    "t = x * 1\nu = t[0]\nu.retain_grad()\nu.mul_(2)\nt.sum().backward()\nu.grad",
    "t = x * 1\nu = t[0]\nt.retain_grad()\nu.mul_(2)\nt.sum().backward()\nt.grad",
    "t = x * 1\nu = t[0]\nu.retain_grad()\nt.mul_(2)\nu.sum().backward()\nu.grad",
    "t = x * 1\nu = t[0]\nu.register_hook(lambda g: g * 100)\nu.mul_(2)\nt.sum().backward()\n"
    "x.grad",
    # expanded and reshaped views of a changed base; in-place view ops on views
    "t = x * 1\ne = t[0].expand(2, 4)\nt.mul_(s)\ne",
    "t = x * 1\ne = t[:, :1].expand(3, 4)\nt[0].add_(s)\n(e * y).sum()",
    "t = x * 1\nu = t.unsqueeze(0)\nu.squeeze_(0)\nu.mul_(s)\nt",
    "t = x * 1\nu = t[0:2, 0:2]\nu.t_()\nu[0].mul_(s)\n(t, u)",
    "t = x * 1\nu = t[:, 0]\nu2 = u.unsqueeze(1)\nu2.mul_(s)\n(t, u, u2)",
    # what learners write: activations in place, masks, loops over rows, init of parameters
    "t = x * 1\ntorch.nn.functional.relu(t[0], inplace=True)\nt.sum().backward()\nx.grad",
    "t = x * 1\ntorch.nn.ReLU(inplace=True)(t[:, 1:])\n(t * y).sum()",
    "t = x * 1\nt[0].clamp_(min=0)\nt",
    "t = x * 1\nt[0][t[0] < 0] = 0\nt",
    "t = x * 1\nt[t < 0] = 0\nt",
    "t = x * 1\nwith torch.no_grad():\n    for row in t:\n        row.mul_(2)\n(t, t.grad_fn)",
    "p = torch.nn.Parameter(x.detach().clone())\ntorch.nn.init.zeros_(p[0])\np",
    "p = torch.nn.Parameter(x.detach().clone())\nwith torch.no_grad():\n    p[0].mul_(3)\n"
    "(p, p._version)",
    "t = x * 1\nt.T[0].mul_(s)\nt",
    "t = x.detach().clone()\nt[0].add_(y[1])\n(t, t.is_leaf)",
    # a view asks its base whether it requires grad
    "t = torch.zeros(3, dtype=d)\nu = t[0]\nt.requires_grad_()\n(u.requires_grad, u.is_leaf, u * 2)",
    "t = torch.ones(3, dtype=d)\nu = t[1:]\nt.requires_grad = True\n(u * w[1:]).sum()",
    "t = torch.zeros(3, dtype=d, requires_grad=True)\nu = t[1:]\nt.requires_grad_(False)\n"
    "u.requires_grad",
]


@pytest.mark.parametrize("code", SEQUENCES)
def test_sequences(code):
    check(code)


CUSTOM = """class V(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.view(-1)

    @staticmethod
    def backward(ctx, g):
        return g.view(3, 4)


class I(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x

    @staticmethod
    def backward(ctx, g):
        return g


"""

ERRORS = [
    # views of leaves
    "x[0].mul_(2)", "x.view(12).add_(1)", "x.t().zero_()", "x[0] = 1.", "x[:, 1] += 1",
    "x[...] = 1.", "x[:] = 1.", "x[[0, 1]] = 1.", "x[0, [0, 1]] = 1.", "x[True] = 1.",
    "x[False] = 1.\nx._version",
    "x.narrow(0, 0, 1).copy_(y[:1])", "x.unsqueeze(0).fill_(2.)",
    "u = x[0]\nu.add_(s)",
    "u = a[0]\nu.add_(s)\nx[0].add_(u)",
    # views made under no_grad / inference_mode, changed with grad mode on
    "with torch.no_grad():\n    u = x[0]\nu.mul_(2)",
    "t = x * 1\nwith torch.no_grad():\n    u = t[1]\nu.mul_(2)",
    "t = x * 1\nwith torch.no_grad():\n    u = t[1]\nt.add_(1)\nu * 2",
    "t = x * 1\nwith torch.no_grad():\n    u = t[1]\nt.add_(1)\nu.grad_fn",
    "t = x * 1\nwith torch.no_grad():\n    u = t[1]\n    t.add_(1)\nu * 2",
    "t = x * 1\nwith torch.no_grad():\n    u = t[1]\nu * 2",
    "t = x * 1\nwith torch.no_grad():\n    u = t[1]\n(u * 2).sum().backward()\nx.grad",
    "t = torch.zeros(3, dtype=d)\nwith torch.no_grad():\n    u = t[0]\nt.add_(w)\nu.grad_fn",
    "t = torch.zeros(3)\nwith torch.no_grad():\n    u = t[0]\nu.add_(s)",
    "t = x * 1\nwith torch.inference_mode():\n    u = t[1]\n(u.requires_grad, u.is_inference())",
    "t = x * 1\nwith torch.inference_mode():\n    u = t[1]\nu.mul_(2)",
    "t = x * 1\nwith torch.inference_mode():\n    u = t[1]\nt.add_(1)\nu * 2",
    # outputs of multi-output view ops
    "t = x * 1\nu = t.unbind()[0]\nu.mul_(2)",
    "t = x * 1\nu = t.unbind(1)[3]\nu.zero_()",
    "t = x * 1\nu = t.split(1)[2]\nu.add_(s)",
    "t = x * 1\nu = t.split([1, 2])[1]\nu.add_(1)",
    "t = x * 1\nu = t.chunk(2, 1)[1]\nu[0] = 2.",
    "t = x * 1\nus = t.unbind()\nt.mul_(2)\nus[1] * 2",
    "t = x * 1\nus = t.unbind()\nus[0].mul_(2)",
    "t = x * 1\nus = t.unbind()\nwith torch.no_grad():\n    us[0].mul_(2)\nus[1] + 1",
    "t = torch.zeros(3, 4, dtype=d)\nu = t.unbind()[0]\nu.add_(v)",
    "x.unbind()[0].mul_(2)",
    "t = x * 1\nfor row in t:\n    row.mul_(2)",
    # saved tensors changed through a view (or a view's through its base)
    "t = x * 1\nc = t.sin()\nt[0].mul_(2)\nc.sum().backward()",
    "t = x * 1\nc = t[0].sin()\nt.mul_(2)\nc.sum().backward()",
    "t = x * 1\nu = t[0]\nc = u.exp()\nu.mul_(2)\nc.sum().backward()",
    "t = x * 1\nu = t[0]\nc = u * u\nt.add_(1)\nc.sum().backward()",
    "t = x * 1\nu = t.t()\nc = u.pow(2)\nu[0].zero_()\nc.sum().backward()",
    "t = x * 1\nu = t[0]\nc = t.exp()\nu.mul_(2)\nc.sum().backward()\nx.grad",
    # a result saved by an in-place op is the changed tensor: changing it again is seen
    "t = x * 1\nt.exp_()\nt.mul_(2)\nt.sum().backward()",
    "t = x * 1\nu = t[0]\nu.exp_()\nu.mul_(2)\nt.sum().backward()",
    pytest.param("t = x * 1\nu = t[0]\nu.sigmoid_()\nu[1] = 3.\nt.sum().backward()",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "the message names the op (Sigmoid) where torch names AsStrided: torch "
                     "names the view's node while the view was only changed through its base or "
                     "another view (its node is made again lazily), the op after the view itself "
                     "changed; autograd_nb makes views' nodes again at once, and names the op"))),
    "t = x * 1\nu = t[0]\nu.tanh_()\nt.sum().backward()\nx.grad",
    # views returned by a custom Function (its backward would be bypassed)
    CUSTOM + "y = V.apply(x * 1)\n(y.requires_grad, y.is_leaf, y.grad_fn.name())",
    CUSTOM + "y = V.apply(x * 1)\ny.mul_(2)",
    CUSTOM + "y = I.apply(x * 1)\ny.mul_(2)",
    CUSTOM + "t = x * 1\ny = V.apply(t)\nt.mul_(2)\ny * 1",
    CUSTOM + "y = V.apply(x)\ny.mul_(2)",
    CUSTOM + "t = x * 1\ny = V.apply(t)\n(y * y).sum()",
    # diagonal's own refusals
    "torch.diagonal(x, 0, 0, 0)", "x.diagonal(0, 0, 2)", "x.diagonal(5)", "x.diagonal(-1, -1, -2)",
    # memory written twice by one change
    "t = x * 1\nu = t[0].expand(2, 4)\nu.add_(1)",
    "t = x[0].detach().expand(2, 4)\nt.add_(1)",
]


@pytest.mark.parametrize("code", ERRORS)
def test_errors(code):
    check(code)


# Every index form, alone and mixed: node names (torch applies the basic parts first, each a
# view, then one IndexBackward0 for arrays and masks), shapes, values and gradients.
INDEX_FORMS = [
    "0", "-1", "1, 2", "0, 1, 2", "0, -1, -4", ":", "::2", "1:", ":, 1", "..., 1", "...", "None",
    "None, 0", "0, None", ":, :", ":, :, :", "..., None", "0, ...", "0:2", "0:5", "-2:", "1:1",
    "0:5, 0:3", "-2:, :", ":, -3:", ":, ::1", "None, 0:2", ":, 0:100", "slice(None)", "(0,)",
    "(slice(None),)", "(slice(0, 2),)", "0:2, 0:3", ":2, :3, :4", "..., :", "1, 1:2", "...,",
    "None, ..., None", ":, None, 1", "0, :, None", "1, ..., 2", ":, 1:3, ::2", "[0, 1]", "[0]",
    "[[0, 1]]", "torch.tensor([0, 1])", "torch.tensor(1)", "torch.tensor([[0, 1]]), 1",
    "t > 5", "(t > 5)[0]", "0, t[0, 0] > 3", "t[0] > 3", "0, [0, 2]", ":, [0, 2]",
    "[0, 1], :, 1", "..., [0, 1]", "None, [1]", "True", "False", "None, True", "1, False",
    "[True, False]", "torch.tensor([True, False])", "0, :, [0, 2]", "[0], :, [0, 2]",
    "0, [[0, 1], [1, 2]]", "..., 0, [0, 2]", "[0, 1], 1", ":, 1, [0, 2]", "0, 1, [0, 2]",
    "[-1, 0], [2, -3]", "::-1", "0, ::-2", "2", "0, 3", "0, 0, 0, 0", "1.5", "'a'",
    "torch.tensor([0.])", "[0, 2]",
]


@pytest.mark.parametrize("key", INDEX_FORMS)
def test_index_forms(key):
    check(f"t = torch.cat([x, y]).view(2, 3, 4)\nt[{key}]")


@pytest.mark.parametrize("key", ["::-1", "0, ::-2", "[0, 1]", ":, [0, 2]", "0, 1:3", "...",
                                 "None, 0", "[True, False]", "0, :, [0, 2]", "[0, 1], 1",
                                 "None, [1]", "True", "0, t[0, 0] > 3", "1, [0, 2], 1:",
                                 "..., [0, 1]", "[1], :, [0, 2]", "False", "0, True", ":",
                                 "..., :", ":, 0:3", "0, ..."])
def test_index_forms_assigned(key):
    """Values of the indexed shape (torch's: basic parts first) and of one element."""
    for value in ("s", "torch.arange(1., t[key_].numel() + 1, dtype=d).view(t[key_].shape) * s"):
        check(f"t = torch.cat([x, y]).view(2, 3, 4)\nkey_ = np.s_[{key}]\nt[key_] = {value}\nt")
    check(f"t = torch.zeros(2, 3, 4, dtype=d)\nt[{key}] = s\nt")
    check(f"t = torch.zeros(2, 3, 4, dtype=d)\nwith torch.no_grad():\n    t[{key}] = 1.\nt")


@pytest.mark.parametrize("key,shape", [
    ("0:1", "1, 4"), ("0:1, :", "1, 4"), ("0", "1, 4"), ("(0,)", "1, 4"), ("0, :", "1, 4"),
    ("True", "1, 3, 4"), ("(True,)", "1, 3, 4"), ("None", "1, 3, 4"), ("(None,)", "1, 3, 4"),
    ("None, 0", "1, 4"), ("[0]", "1, 4"), ("([0],)", "1, 4"), ("0", "1, 1, 4"), ("1:", "2, 4"),
])
def test_assigned_values_of_more_dims(key, shape):
    """torch views away a value's leading dims of size 1 where the written part has fewer dims
    (or for index arrays), and records that view."""
    check(f"t = x * 1\nt[{key}] = torch.ones({shape}, dtype=d) * s\nt")
