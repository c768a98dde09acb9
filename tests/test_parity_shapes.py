"""Parity with torch 2.13: shape ops, joining and splitting, indexing and ``x[key] = value``."""
import pytest

from _parity import same

torch = pytest.importorskip("torch")

SHAPE_OPS = [
    "x.view(4)", "x.view(-1)", "x.view(1, 4)", "x.view((4, 1))", "x.view(2, -1)", "x.view(3)",
    "x.view(-1, -1)", "x.t().view(4)", "x.view_as(torch.ones(4))", "s.view(1)", "x.view(-3)",
    "x.reshape(4)", "x.reshape(-1)", "x.reshape((1, 4))", "x.t().reshape(4)", "x.reshape(5)",
    "x.reshape_as(torch.ones(1, 4))", "torch.reshape(x, (4,))", "s.reshape(1, 1)",
    "x.flatten()", "x.flatten(0)", "x.flatten(1)", "s.flatten()", "torch.flatten(x)",
    "torch.ones(2, 3, 4, requires_grad=True).flatten(1)",
    "torch.ones(2, 3, 4, requires_grad=True).flatten(0, 1)", "x.flatten(1, 0)",
    "x.unflatten(1, (1, 2))",
    "x.squeeze()", "x.unsqueeze(0).squeeze()", "x.unsqueeze(0).squeeze(0)", "x.squeeze(0)",
    "x.unsqueeze(1).squeeze(1)", "x.unsqueeze(-1)", "x.unsqueeze(2)", "x.unsqueeze(3)",
    "torch.unsqueeze(v, 0)", "torch.squeeze(x.unsqueeze(0))", "s.unsqueeze(0)", "s.squeeze()",
    "torch.ones(1, 2, 1, requires_grad=True).squeeze((0, 2))", "x.squeeze(5)",
    "x.t()", "v.t()", "s.t()", "x.T", "x.mT",
    "torch.t(x)", "torch.ones(2, 2, 2).t()",
    "x.transpose(0, 1)", "x.transpose(1, 0)", "x.transpose(-1, -2)", "torch.transpose(x, 0, 1)",
    "x.transpose(0, 2)", "x.swapaxes(0, 1)", "x.swapdims(0, 1)",
    "x.permute(1, 0)", "x.permute((1, 0))", "x.permute(0, 1)",
    "torch.ones(2, 3, 4, requires_grad=True).permute(2, 0, 1)", "x.permute(0)",
    "x.permute(0, 0)", "torch.permute(x, (1, 0))", "x.movedim(0, 1)",
    "v.expand(3, 2)", "v.expand(3, -1)", "v.expand_as(x)", "s.expand(2, 3)", "x.expand(2, 2)",
    "x.expand(3, 2)", "v.expand(2)", "v.expand(-1, 2)", "torch.ones(2, 1).expand(2, 3)",
    "v.broadcast_to((3, 2))",
    "v.repeat(2)", "v.repeat(2, 3)", "x.repeat(1, 2)", "x.repeat(2)", "s.repeat(3)",
    "x.repeat(2, 1, 1)",
    "x.flip(0)", "x.flip(1)", "x.flip((0, 1))", "torch.flip(v, [0])",
    "x.contiguous()", "x.t().contiguous()", "x.clone()", "torch.clone(v)",
    "x.t().is_contiguous()", "x.view(4).is_contiguous()",
]


@pytest.mark.parametrize("code", SHAPE_OPS)
def test_shape_op(code):
    same(code, torch)


JOINING = [
    "torch.cat([x, y])", "torch.cat([x, y], 1)", "torch.cat([x, y], dim=-1)", "torch.cat((v, w))",
    "torch.cat([x, a])", "torch.cat([x])", "torch.cat([x, torch.ones(1, 2)])",
    "torch.cat([x, torch.ones(2, 3)])", "torch.cat([x, torch.ones(2, 3)], 1)", "torch.cat([])",
    "torch.cat([x, v])", "torch.cat([x, 1])",
    "torch.cat([v, torch.tensor([1, 2])])", "torch.cat([x, y], 2)", "torch.concat([v, w])",
    "torch.stack([v, w])", "torch.stack([v, w], 1)", "torch.stack([x, y], dim=2)",
    "torch.stack([v, torch.ones(3)])", "torch.stack([])", "torch.stack([s, s])",
    "torch.stack([v, b])", "torch.hstack([v, w])", "torch.vstack([v, w])", "torch.hstack([x, y])",
    "x.split(1)", "x.split(1, 1)", "x.split([1, 1])", "torch.ones(5, requires_grad=True).split(2)",
    "x.split([1, 2])", "x.chunk(2)", "x.chunk(2, 1)", "torch.ones(5, requires_grad=True).chunk(3)",
    "x.chunk(0)", "x.unbind()", "x.unbind(1)", "torch.unbind(v)", "x.split(1)[0]",
    "x.chunk(2)[1]", "x.unbind()[0]", "x.tensor_split(2)", "list(x)", "[r.sum() for r in x]",
    "x.tril()", "x.triu()", "x.triu(1)", "torch.tril(x, -1)", "x.diag()", "v.diag()",
    "x.trace()", "torch.diag(v, 1)",
]


@pytest.mark.parametrize("code", JOINING)
def test_join_and_split(code):
    same(code, torch)


INDEXING = [
    "x[0]", "x[1]", "x[-1]", "x[0, 1]", "x[:, 0]", "x[0][1]", "x[0:1]", "x[:1]", "x[1:]",
    "x[::2]", "x[:, 1:]", "x[..., 0]", "x[0, ...]", "x[...]", "x[None]", "x[:, None]",
    "x[None, 0]", "x[0, None, 1]", "x[:]", "x[-2:]", "x[5:]", "x[2]", "x[0, 2]", "x[0, 0, 0]",
    "x[..., ...]", "x[1:0]",
    "x[[0, 1]]", "x[[1, 0]]", "x[[0, 0, 1]]", "x[[0, 1], [1, 0]]", "x[torch.tensor([1, 0])]",
    "x[torch.tensor([[0, 1], [1, 1]])]", "x[:, [1, 0]]", "x[[0], :]", "x[[-1]]",
    "x[torch.tensor(1)]", "x[torch.tensor([True, False])]", "x[x > 2]", "x[a > 0]",
    "x[torch.tensor([[True, False], [False, True]])]", "x[[True, False]]", "x[[2]]",
    "x[torch.tensor([0.5])]", "x[torch.tensor([True])]", "x[0.5]",
    "x[:, torch.tensor([True, False, True])]",
    "x[..., 0, ...]", "x[:, :]", "s[0]", "v[0, 0]",
    "v[[0, 0]]", "s[None]", "s[...]", "s[0]", "v[v > 0]", "x[x > 10]",
    "x.select(0, 1)", "x.select(1, -1)", "torch.select(x, 0, 0)", "x.select(0, 2)",
    "x.narrow(0, 0, 1)", "x.narrow(1, 1, 1)", "x.narrow(0, 1, 2)",
    "x.index_select(0, torch.tensor([1]))", "x.index_select(1, torch.tensor([1, 1, 0]))",
    "torch.index_select(v, 0, torch.tensor([0, 0]))", "x.index_select(0, torch.tensor([1.]))",
    "x.gather(1, torch.tensor([[0], [1]]))", "x.gather(0, torch.tensor([[1, 0]]))",
    "torch.gather(x, 1, torch.tensor([[1, 1], [0, 0]]))",
    "x.masked_fill(x > 2, 0.)", "x.masked_fill(torch.tensor([True, False]), -1.)",
    "x.masked_fill(x > 2, torch.tensor(5.))", "x.masked_fill(torch.tensor([1, 0]), 0.)",
    "x.masked_select(x > 2)", "torch.masked_select(x, torch.tensor([True, False]))",
    "torch.take_along_dim(x, torch.tensor([[0], [1]]), 1)",
    "torch.where(x > 2, x, y)[0]",
]


@pytest.mark.parametrize("code", INDEXING)
def test_indexing(code):
    same(code, torch)


SETITEM = [
    "t = torch.zeros(2, 3); t[0] = 1.; t",
    "t = torch.zeros(2, 3); t[:, 1] = torch.tensor([5., 6.]); t",
    "t = torch.zeros(2, 3); t[t == 0] = 2.; t",
    "t = torch.zeros(2, 3); t[0, [0, 2]] = torch.tensor([1., 2.]); t",
    "t = torch.zeros(3); t[[0, 0]] = torch.tensor([1., 2.]); t.shape",
    "t = torch.zeros(2, 3); t[...] = 7; t",
    "t = torch.zeros(2, 3); t[0] = torch.ones(2); t",
    "t = torch.zeros(2, 3, dtype=torch.int64); t[0] = 2.7; t",
    "t = torch.zeros(2); t[0] = 'a'",
    "t = torch.zeros(2); t[5] = 1.",
    "x[0] = 1.", "x[[0]] = 1.", "x[...] = 1.", "x[x > 2] = 0.",
    "t = torch.zeros(2, 3); t[[0, 1]] = torch.ones(3, 3)",
    "h = x * 1; h[0] = 0.; h",
    "h = x * 1; h[0, 1] = 5.; h",
    "h = x * 1; h[:, 0] = v; h",
    "h = x * 1; h[h > 2] = 0.; h",
    "h = x * 1; h[[0, 1], [1, 0]] = w; h",
    "h = x.clone(); h[0] = y[1] * 2; h",
    "h = x.detach().clone(); h[1] = v; h",
    "h = torch.zeros(2, 2); h[0] = v; h",
    "h = torch.zeros(2, 2); h[0] = v; h[1] = w * 2; h",
    "h = torch.zeros(2, 2); h[0] = v; h.sum().backward(); v.grad",
    "h = x * 1; h[0] = 0.; h.sum().backward(); x.grad",
    "h = x * 1; h[0] = v; (h * h).sum().backward(); (x.grad, v.grad)",
    "h = x.exp(); h[0] = 0.; h.sum().backward()",
    "h = x * 1; h[0] = 0.; h.grad_fn.next_functions",
    "with torch.no_grad():\n    x[0] = 5.\nx",
    "x.data[0] = 5.; x",
]


@pytest.mark.parametrize("code", SETITEM)
def test_setitem(code):
    same(code, torch)


# torch warns about ``x.T`` of other than 2 dims once per process (TORCH_WARN_ONCE), so the texts
# are torch 2.13's, recorded.
T_NOT_2D = ("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
            "deprecated and it will throw an error in a future release. Consider `x.mT` to "
            "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to "
            "reverse the dimensions of a tensor.")
T_0D = "Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases."


@pytest.mark.parametrize("shape, text", [((2,), T_NOT_2D), ((2, 3, 4), T_NOT_2D), ((), T_0D)])
def test_T_of_other_than_2_dims_warns(shape, text):
    import autograd_nb
    with pytest.warns(UserWarning) as record:
        autograd_nb.ones(shape).T
    assert [str(w.message) for w in record] == [text]


@pytest.mark.parametrize("shape", [(2,), (2, 3, 4), ()])
def test_T_reverses_the_dims(shape):
    same(f"torch.ones({shape}).T.shape", torch, check_warnings=False)


# The backward of basic indexing copies the gradient into zeros, as torch's slice/select
# backward does (a -0. stays -0.); index arrays accumulate into them (0. + -0. is 0.).
SIGNED_ZEROS = [
    "x = torch.tensor([1., 2., 3.], requires_grad=True)\n(x[1:] * -0.).sum().backward()\n"
    "repr(x.grad)",
    "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n(x[0] * -0.).sum().backward()\n"
    "repr(x.grad)",
    "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n(x[:, 1] * -0.).sum().backward()\n"
    "repr(x.grad)",
    "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
    "(x[..., None, 0] * -0.).sum().backward()\nrepr(x.grad)",
    "x = torch.tensor([1., 2., 3.], requires_grad=True)\n(x[[0, 0, 2]] * -0.).sum().backward()\n"
    "repr(x.grad)",
    "x = torch.tensor([1., 2., 3.], requires_grad=True)\n"
    "(x[torch.tensor([True, False, True])] * -0.).sum().backward()\nrepr(x.grad)",
]


@pytest.mark.parametrize("code", SIGNED_ZEROS)
def test_index_backward_keeps_torchs_signed_zeros(code):
    same(code, torch, grads=False)
