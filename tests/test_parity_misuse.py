"""Parity with torch 2.13: misuse gets torch's exception, type and text. Inputs of losses,
autograd.grad and backward's arguments, tensors made from text or ragged lists, and matrix
products of two dtypes (whose wording torch 2.13 varies by kernel: four texts for one mistake).

Where torch is inconsistent, documented and not copied: ``torch.tensor([[], [1]])`` returns an
empty (2, 0) tensor, silently dropping the 1 (torch infers the shape from the first row only);
autograd_nb raises its ragged-list error there."""
import itertools

import pytest
from _parity import same

torch = pytest.importorskip("torch")

LOSSES = {
    "bce_target_above_one": "F.binary_cross_entropy(torch.full((2,), 0.5), torch.tensor([1.5, 0.]))",
    "bce_target_below_zero": "F.binary_cross_entropy(torch.full((2,), .5), torch.tensor([-.5, 0.]))",
    "bce_target_nan": "F.binary_cross_entropy(torch.full((2,), 0.5), torch.tensor([math.nan, 0.]))",
    "bce_input_and_target_bad": "F.binary_cross_entropy(torch.tensor([2., .5]), "
                                "torch.tensor([2., 0.]))",
    "bce_target_size": "F.binary_cross_entropy(torch.full((2,), 0.5), torch.ones(3))",
    "ce_long_target_of_input_shape": "F.cross_entropy(a, torch.ones(2, 2, dtype=torch.long))",
    "ce_int_target_of_input_shape": "F.cross_entropy(a, torch.ones(2, 2, dtype=torch.int32))",
    "ce_double_probabilities": "F.cross_entropy(a.double(), torch.ones(2, 2).double() / 2)",
    "ce_float_target_of_batch_size": "F.cross_entropy(a, torch.ones(2))",
    "ce_float_target_of_other_batch": "F.cross_entropy(a, torch.ones(5))",
    "ce_float_target_of_other_classes": "F.cross_entropy(a, torch.ones(2, 4))",
    "ce_int32_target": "F.cross_entropy(a, torch.ones(2, dtype=torch.int32))",
    "ce_double_target": "F.cross_entropy(a, torch.ones(2, dtype=torch.float64))",
    "nll_float_target_other_batch": "F.nll_loss(a, torch.ones(5))",
    "nll_two_dim_target": "F.nll_loss(a, torch.ones(2, 4, dtype=torch.long))",
    "nll_one_dim_input_float_target": "F.nll_loss(b, torch.ones(2))",
    "nll_one_dim_input_long_target": "F.nll_loss(b, torch.ones(2, dtype=torch.long))",
    "nll_one_dim_input_one_target": "F.nll_loss(b, torch.ones(1, dtype=torch.long))",
    "nll_spatial_float_target": "F.nll_loss(torch.ones(2, 3, 4), torch.ones(2, 5))",
    "nll_spatial_short_target": "F.nll_loss(torch.ones(2, 3, 4), torch.ones(2, dtype=torch.long))",
    "nll_zero_dim_input": "F.nll_loss(torch.tensor(1.), torch.ones(2))",
}
AUTOGRAD = {
    "grad_empty_inputs": "torch.autograd.grad((x * 2).sum(), [])",
    "grad_empty_tuple": "torch.autograd.grad((x * 2).sum(), ())",
    "grad_number_input": "torch.autograd.grad((x * 2).sum(), [3])",
    "grad_outputs_number": "torch.autograd.grad((x * 2).sum(), x, grad_outputs=2.)",
    "grad_outputs_list_of_number": "torch.autograd.grad((x * 2).sum(), x, grad_outputs=[2.])",
    "backward_int_gradient": "(x * 2).backward(gradient=3)",
    "backward_list_gradient": "(x * 2).backward(gradient=[1., 2.])",
    "backward_str_gradient": "(x * 2).sum().backward(gradient='a')",
    "backward_array_gradient": "(x * 2).backward(gradient=np.ones((2, 2), np.float32))",
    "backward_shape_gradient": "(x * 2).backward(gradient=torch.ones(3))",
    "backward_double_gradient": "(x * 2).backward(gradient=torch.ones(2, 2, dtype=torch.float64)); "
                                "x.grad",
    "backward_too_few_gradients": "torch.autograd.backward([x * 2, x * 3], [torch.ones(2, 2)])",
    # torch ignores gradients beyond the number of outputs (zip); so do we
    "backward_extra_gradients": "(x * 2).backward(gradient=[torch.ones(2, 2), torch.ones(3)]); "
                                "x.grad",
    "backward_empty_inputs": "(x * 2).sum().backward(inputs=[])",
    "backward_number_inputs": "(x * 2).sum().backward(inputs=[3])",
    "backward_of_none": "torch.autograd.backward(None)",
    "backward_of_number": "torch.autograd.backward(3)",
    "backward_of_nothing": "torch.autograd.backward([])",
    "grad_of_none": "torch.autograd.grad(None, x)",
    "grad_of_number": "torch.autograd.grad(3, x)",
    "grad_of_nothing": "torch.autograd.grad([], [x])",
    "grad_wrt_a_string": "torch.autograd.grad([(x * 2).sum()], 'a')",
    "grad_of_no_grad": "torch.autograd.grad(a.sum(), a)",
    "grad_unknown_keyword": "torch.autograd.grad((x * 2).sum(), x, foo=1)",
    "backward_of_a_leaf": "x.backward()",
    "backward_without_grad": "a.sum().backward()",
}
TEXT = ["'abc'", "['a', 'b']", "[1, 'a']", "['a', 1]", "[[1, 2], ['a', 'b']]", "[[1], 'a']",
        "b'ab'", "[b'a']", "[1, b'a']", "[[1, 2], [3, 'x']]", "('a',)", "[True, 'x']", "['1']",
        "[[1, 2], [3]]", "[[1, 2], 3]", "[1, [2]]", "[None]", "[1, None]", "[[]]", "{1: 2}"]
CASES = {**LOSSES, **AUTOGRAD, **{f"tensor({t})": f"torch.tensor({t})" for t in TEXT}}


@pytest.mark.parametrize("code", CASES.values(), ids=CASES.keys())
def test_misuse_raises_torchs_error(code):
    same("F = torch.nn.functional\n" + code.replace("; ", "\n"), torch)


PRODUCTS = {
    "mm": "torch.mm(torch.ones(2, 2, dtype=A), torch.ones(2, 2, dtype=B))",
    "mv": "torch.mv(torch.ones(2, 2, dtype=A), torch.ones(2, dtype=B))",
    "bmm": "torch.bmm(torch.ones(1, 2, 2, dtype=A), torch.ones(1, 2, 2, dtype=B))",
    "dot": "torch.dot(torch.ones(2, dtype=A), torch.ones(2, dtype=B))",
    "addmm_mat2": "torch.addmm(torch.ones(2, 2, dtype=A), torch.ones(2, 2, dtype=A), "
                  "torch.ones(2, 2, dtype=B))",
    "addmm_self": "torch.addmm(torch.ones(2, 2, dtype=B), torch.ones(2, 2, dtype=A), "
                  "torch.ones(2, 2, dtype=A))",
    "addmm_mat1": "torch.addmm(torch.ones(2, 2, dtype=B), torch.ones(2, 2, dtype=A), "
                  "torch.ones(2, 2, dtype=B))",
    "matmul_1_2": "torch.ones(2, dtype=A) @ torch.ones(2, 2, dtype=B)",
    "matmul_2_1": "torch.ones(2, 2, dtype=A) @ torch.ones(2, dtype=B)",
    "matmul_3_2": "torch.ones(1, 2, 2, dtype=A) @ torch.ones(2, 2, dtype=B)",
    "matmul_3_3": "torch.ones(1, 2, 2, dtype=A) @ torch.ones(1, 2, 2, dtype=B)",
    "matmul_1_3": "torch.ones(2, dtype=A) @ torch.ones(1, 2, 2, dtype=B)",
    "matmul_3_1": "torch.ones(1, 2, 2, dtype=A) @ torch.ones(2, dtype=B)",
    "linear": "F.linear(torch.ones(2, 2, dtype=A), torch.ones(2, 2, dtype=B))",
    "linear_vector": "F.linear(torch.ones(2, dtype=A), torch.ones(2, 2, dtype=B))",
    "linear_bias": "F.linear(torch.ones(2, 2, dtype=A), torch.ones(2, 2, dtype=B), "
                   "torch.ones(2, dtype=B))",
    "linear_batch_bias": "F.linear(torch.ones(1, 2, 2, dtype=A), torch.ones(2, 2, dtype=B), "
                         "torch.ones(2, dtype=B))",
}
DTYPE_PAIRS = [(a, b) for a, b in itertools.permutations(
    ["torch.float32", "torch.float64", "torch.int64", "torch.int32", "torch.float16"], 2)]


@pytest.mark.parametrize("pair", DTYPE_PAIRS, ids=[f"{a[6:]}-{b[6:]}" for a, b in DTYPE_PAIRS])
@pytest.mark.parametrize("code", PRODUCTS.values(), ids=PRODUCTS.keys())
def test_products_of_two_dtypes_raise_torchs_error(code, pair):
    a, b = pair
    same(f"F = torch.nn.functional\nA, B = {a}, {b}\n{code}", torch)
