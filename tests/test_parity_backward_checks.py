"""Parity with torch 2.13: no silent wrong gradient. What a hook or a custom Function's backward
sends back is checked as torch's engine checks it: the same errors (type and text) for another
shape, dtype or count, and the same summing-down and casting where torch accepts it."""
import pytest
from _parity import PRELUDE, same

torch = pytest.importorskip("torch")

# Each hook case registers ``hook`` (returning RESULT, given the gradient(s) it sees as ``g``) in
# one of five places, then runs a backward pass and shows x.grad.
PLACES = {
    "leaf": "x.register_hook(hook); (x * 2).sum().backward(); x.grad",
    "non_leaf": "h = x * 2; h.register_hook(hook); (h * 3).sum().backward(); x.grad",
    "pre": "h = x * 2; h.grad_fn.register_prehook(hook); (h * 3).sum().backward(); x.grad",
    "post": "h = x * y; h.grad_fn.register_hook(lambda gi, go: hook(gi)); "
            "(h * 3).sum().backward(); x.grad",
    "post_constant": "h = x * 2; h.grad_fn.register_hook(lambda gi, go: hook(gi)); "
                     "(h * 3).sum().backward(); x.grad",
}
SINGLE_RESULTS = {
    "same": "g * 2",
    "none": "None",
    "shape": "torch.ones(3)",
    "broadcastable_shape": "torch.ones(2)",
    "zero_dim": "torch.tensor(1.)",
    "double": "g.double()",
    "long": "g.long()",
    "number": "3",
    "list": "[g]",
}
TUPLE_RESULTS = {
    "same": "tuple(None if t is None else t * 2 for t in g)",
    "none": "(None,) * len(g)",
    "shape": "(torch.ones(3),) + g[1:]",
    "double": "(g[0].double(),) + g[1:]",
    "too_many": "g + g",
    "too_few": "g[:-1]",
    "empty": "()",
    "bare_tensor": "g[0]",
    "list": "list(g)",
    "number": "(3,) + g[1:]",
    "replaces_none": "(g[0], g[0])",
}
HOOK_CASES = {f"{place}-{key}": (place, result)
              for place in PLACES
              for key, result in (SINGLE_RESULTS if place in ("leaf", "non_leaf")
                                  else TUPLE_RESULTS).items()}


@pytest.mark.parametrize("case", HOOK_CASES.values(), ids=HOOK_CASES.keys())
def test_a_hook_result_is_checked_as_torch(case):
    place, result = case
    code = f"def hook(g):\n    return {result}\n" + PLACES[place].replace("; ", "\n")
    same(code, torch, grads=False)


def test_a_hook_without_a_name_is_named_unknown_as_torch():
    code = '''
class Hook:
    def __call__(self, g):
        return torch.ones(3)
x.register_hook(Hook())
(x * 2).sum().backward()'''
    same(code, torch)


# A custom Function whose backward returns RESULT (``g``: the incoming gradient) over the inputs
# of INPUTS, summed after the call.
FUNCTION = '''
class F(torch.autograd.Function):
    @staticmethod
    def forward(ctx, *args):
        return sum(a for a in args if isinstance(a, torch.Tensor)) * 2

    @staticmethod
    def backward(ctx, g):
        return {result}
'''
INPUTS = {"one": "v", "two": "v, w", "number_between": "v, 3, w", "one_without_grad": "v, b"}
FUNCTION_CASES = {
    "one-same": ("one", "g"),
    "one-shape": ("one", "torch.ones(3)"),
    "one-shape_of_one": ("one", "torch.ones(1)"),
    "one-zero_dim": ("one", "torch.tensor(5.)"),
    "one-broadcast_is_summed": ("one", "torch.ones(3, 2)"),
    "one-kept_dim_is_summed": ("one", "torch.ones(1, 2)"),
    "one-double_is_cast": ("one", "g.double()"),
    "one-long_is_cast": ("one", "torch.ones(2, dtype=torch.long)"),
    "one-bool_is_cast": ("one", "torch.ones(2, dtype=torch.bool)"),
    "one-too_many": ("one", "g, g"),
    "one-trailing_none": ("one", "g, None"),
    "one-empty": ("one", "()"),
    "one-number": ("one", "3"),
    "one-list": ("one", "[g]"),
    "one-number_and_too_many": ("one", "g, 3"),
    "two-too_few": ("two", "(g,)"),
    "two-second_shape": ("two", "g, torch.ones(5)"),
    "two-second_none": ("two", "g, None"),
    "number_between-grad_for_the_number": ("number_between", "g, g, g"),
    "number_between-index_counts_tensors": ("number_between", "None, None, torch.ones(5)"),
    "number_between-none_for_the_number": ("number_between", "g, None, g * 3"),
    "one_without_grad-any_shape_ignored": ("one_without_grad", "g, torch.ones(5)"),
}


@pytest.mark.parametrize("case", FUNCTION_CASES.values(), ids=FUNCTION_CASES.keys())
def test_a_function_backward_result_is_checked_as_torch(case):
    inputs, result = case
    same(f"F.apply({INPUTS[inputs]}).sum()", torch,
         prelude=PRELUDE + FUNCTION.format(result=result))


@pytest.mark.parametrize("case", ["one-double_is_cast", "one-broadcast_is_summed"])
def test_a_checked_function_gradient_keeps_its_graph_under_create_graph(case):
    inputs, result = FUNCTION_CASES[case]
    code = f"""
out = F.apply({INPUTS[inputs]}).sum()
(gv,) = torch.autograd.grad(out, v, create_graph=True)
gv"""
    same(code, torch, prelude=PRELUDE + FUNCTION.format(result=f"({result}) * g.sum()"))


# Extremes with ties, NaNs and infinities route the gradient as torch does. torch itself is not
# consistent here, and neither are we, on purpose: a full max()/min() whose result is NaN shares
# the gradient among the NaNs, while amax()/amin() over a NaN send NaN to every element of the
# reduced slice (torch divides by a count of zero matches); max(dim) sends it to the index.
EXTREME_DATA = {
    "ties": "[[1., 3., 3.], [2., 2., 0.]]",
    "nan": "[[1., nan, 3.], [nan, 2., nan]]",
    "nan_and_ties": "[[nan, nan, 1.], [4., 4., 4.]]",
    "infinities": "[[inf, 1., inf], [-inf, -inf, 0.]]",
}
EXTREMES = ["x.max()", "x.min()", "x.amax()", "x.amin()", "x.max(1)", "x.min(0)",
            "x.max(1, keepdim=True)", "x.amax(1)", "x.amin(0)", "x.amax((0, 1))",
            "x.amin(-1, keepdim=True)", "torch.maximum(x, x.flip(1))",
            "torch.minimum(x, x.flip(0))", "torch.max(x, x.flip(1))", "torch.min(x, y)"]


# The harness's weighted sum meets inf - inf; NumPy's warning for it is silenced by a filter
# that pytest's own warning capture replaces (see test_fp_warnings.py).
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@pytest.mark.parametrize("code", EXTREMES)
@pytest.mark.parametrize("data", EXTREME_DATA.values(), ids=EXTREME_DATA.keys())
def test_extremes_route_the_gradient_as_torch(data, code):
    prelude = PRELUDE + f"nan, inf = math.nan, math.inf\nx = torch.tensor({data}, " \
        "requires_grad=True)\ny = x.detach().flip(0).requires_grad_()\n"
    same(code, torch, prelude=prelude)
