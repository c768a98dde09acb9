"""The eras (SPEC §2, research/print_spec.md §2–§4, §7): legacy behaviour and printing as views
over one core. Each test sets a style and the fixture puts 'modern' back."""
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import autograd_nb as torch
from autograd_nb.autograd import Variable


@pytest.fixture(autouse=True)
def modern_afterwards():
    yield
    torch.set_printoptions(style="modern")


def masked(text):
    return re.sub(r"0x[0-9a-f]+", "0x…", text)


def era(style):
    torch.set_printoptions(style=style)


# -- choosing a style ---------------------------------------------------------------------
def test_legacy_is_an_alias_of_0_2():
    era("legacy")
    assert torch.eras.current_style() == "0.2"


def test_an_unknown_style_is_refused_and_changes_nothing():
    era("0.1")
    with pytest.raises(ValueError, match="'modern', '1.x', '0.2', 'legacy', '0.1'"):
        torch.set_printoptions(precision=2, style="0.5")
    assert torch.eras.current_style() == "0.1"
    assert torch.get_printoptions()["precision"] == 4


def test_switching_style_renames_existing_nodes():
    x = torch.ones(2, requires_grad=True)
    y = x + 2
    assert type(y.grad_fn).__name__ == "AddBackward0"
    era("0.2")
    assert masked(repr(y.grad_fn)) == "<torch.autograd.function.AddConstantBackward object at 0x…>"
    era("0.1")
    assert masked(repr(y.creator)) == "<torch.autograd._functions.basic_ops.AddConstant object at 0x…>"
    era("modern")
    assert masked(repr(y.grad_fn)) == "<AddBackward0 object at 0x…>"


def test_tensor_op_tensor_and_tensor_op_number_have_distinct_legacy_names():
    era("0.2")
    x = Variable(torch.ones(2), requires_grad=True)
    assert type((x * x).grad_fn).__name__ == "MulBackward"
    assert type((x * 3).grad_fn).__name__ == "MulConstantBackward"
    assert type((2 - x).grad_fn).__name__ == "SubConstantBackward"


def test_accumulate_grad_has_no_module_in_0_2():
    era("0.2")
    x = Variable(torch.ones(2), requires_grad=True)
    acc = (x * x).grad_fn.next_functions[0][0]
    assert masked(repr(acc)) == "<AccumulateGrad object at 0x…>"
    assert acc.variable is x


def test_0_2_next_functions_have_no_edge_for_a_number():
    era("0.2")
    x = Variable(torch.ones(2), requires_grad=True)
    assert len((x + 2).grad_fn.next_functions) == 1
    era("modern")
    assert len((x + 2).grad_fn.next_functions) == 2


# -- printing -----------------------------------------------------------------------------
def test_a_variable_prints_with_its_wrapper_line():
    era("0.2")
    x = Variable(torch.ones(2, 2), requires_grad=True)
    assert repr(x) == "Variable containing:\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]\n"


def test_a_plain_tensor_starts_with_an_empty_line():
    era("0.2")
    assert repr(torch.ones(2, 2)) == "\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]\n"


def test_data_of_a_variable_is_a_plain_tensor():
    era("0.2")
    x = Variable(torch.ones(2), requires_grad=True)
    assert repr(x.data).startswith("\n")


def test_full_reduction_of_a_variable_prints_as_size_1():
    era("0.2")
    x = Variable(torch.ones(2, 2), requires_grad=True)
    out = ((x + 2) * (x + 2) * 3).mean()
    assert repr(out) == "Variable containing:\n 27\n[torch.FloatTensor of size 1]\n"


def test_print_of_two_variables_separates_them_with_a_space(capsys):
    era("0.2")
    x = Variable(torch.ones(1), requires_grad=True)
    print(x, x.sum())
    assert "[torch.FloatTensor of size 1]\n Variable containing:" in capsys.readouterr().out


def test_the_grad_of_a_variable_is_a_variable():
    era("0.2")
    x = Variable(torch.ones(2), requires_grad=True)
    (x * 3).sum().backward()
    assert repr(x.grad) == "Variable containing:\n 3\n 3\n[torch.FloatTensor of size 2]\n"


def test_a_variable_without_grad_stays_a_variable_through_ops():
    era("0.2")
    v = Variable(torch.ones(2))
    assert repr(v * 2).startswith("Variable containing:")


def test_modern_repr_is_back_after_switching():
    era("0.2")
    x = Variable(torch.ones(2), requires_grad=True)
    era("modern")
    assert repr(x) == "tensor([1., 1.], requires_grad=True)"


# -- behaviour ----------------------------------------------------------------------------
def test_modern_variable_is_a_plain_tensor():
    x = Variable(torch.ones(2), requires_grad=True)
    assert isinstance(x, torch.Tensor) and x.requires_grad and x.is_leaf


def test_modern_volatile_warns_that_it_was_removed():
    with pytest.warns(UserWarning, match=re.escape(
            "volatile was removed and now has no effect. Use `with torch.no_grad():` instead.")):
        Variable(torch.ones(2), volatile=True)


def test_modern_volatile_attribute_is_false_with_a_warning():
    with pytest.warns(UserWarning, match=re.escape(
            "volatile was removed (Variable.volatile is always False)")):
        assert torch.ones(2).volatile is False


def test_0_2_volatile_wins_over_requires_grad():
    era("0.2")
    a = Variable(torch.ones(2), requires_grad=True)
    b = Variable(torch.ones(2), volatile=True)
    c = a + b
    assert c.volatile and not c.requires_grad and c.grad_fn is None


def test_0_2_backward_on_a_volatile_result_raises_the_era_error():
    era("0.2")
    theta = Variable(torch.ones(3), requires_grad=True)
    s = theta @ Variable(torch.arange(1, 4), volatile=True)
    with pytest.raises(RuntimeError, match="^element 0 of variables tuple is volatile$"):
        s.backward()


def test_0_1_backward_on_a_volatile_result_raises_the_era_error():
    era("0.1")
    v = Variable(torch.ones(1), volatile=True) * 2
    with pytest.raises(RuntimeError, match="^calling backward on a volatile variable$"):
        v.backward()


def test_0_2_volatile_can_only_be_set_on_leaves():
    era("0.2")
    y = Variable(torch.ones(1), requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="volatile can only be set on leaf variables"):
        y.volatile = True


def test_0_2_grad_is_none_until_backward():
    era("0.2")
    x = Variable(torch.ones(2), requires_grad=True)
    assert (x.requires_grad, x.grad, x.grad_fn, x.volatile) == (True, None, None, False)


def test_0_1_grad_starts_as_zeros():
    era("0.1")
    x = Variable(torch.ones(2, 2), requires_grad=True)
    assert repr(x.grad) == "Variable containing:\n 0  0\n 0  0\n[torch.FloatTensor of size 2x2]\n"


def test_0_1_has_creator_and_no_grad_fn():
    era("0.1")
    x = Variable(torch.ones(2), requires_grad=True)
    assert x.creator is None
    with pytest.raises(AttributeError, match="grad_fn"):
        x.grad_fn


def test_0_1_previous_functions_name_leaves_as_variables():
    era("0.1")
    x = Variable(torch.ones(2), requires_grad=True)
    assert (x * x).creator.previous_functions == ((x, 0), (x, 0))


def test_0_2_retain_variables_warns_and_retains():
    era("0.2")
    x = Variable(torch.ones(2), requires_grad=True)
    y = (x * x).sum()
    with pytest.warns(UserWarning, match=re.escape(
            "retain_variables option is deprecated and will be removed in 0.3. "
            "Use retain_graph instead.")):
        y.backward(retain_variables=True)
    y.backward()
    assert x.grad.tolist() == [4.0, 4.0]


def test_0_2_retain_variables_with_retain_graph_is_refused():
    era("0.2")
    y = (Variable(torch.ones(1), requires_grad=True) * 2).sum()
    with pytest.raises(ValueError, match="only one of retain_graph and retain_variables"):
        y.backward(retain_graph=True, retain_variables=True)


def test_0_1_retain_variables_is_the_real_argument():
    era("0.1")
    x = Variable(torch.ones(2), requires_grad=True)
    y = (x * x).sum()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y.backward(retain_variables=True)
    y.backward()
    assert x.grad.tolist() == [4.0, 4.0]


def test_modern_retain_variables_is_an_unexpected_keyword():
    y = (torch.ones(1, requires_grad=True) * 2).sum()
    with pytest.raises(TypeError, match="retain_variables"):
        y.backward(retain_variables=True)


class _Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x * grad


@pytest.mark.parametrize("square", [lambda x: x * x, _Square.apply], ids=["op", "Function"])
@pytest.mark.parametrize("style, text", [
    ("1.x", "Trying to backward through the graph a second time, but the buffers have already "
            "been freed. Specify retain_graph=True when calling backward the first time."),
    ("0.2", "Trying to backward through the graph a second time, but the buffers have already "
            "been freed. Specify retain_graph=True when calling backward the first time."),
    ("0.1", "Trying to backward through the graph second time, but the buffers have already "
            "been freed. Please specify retain_variables=True when calling backward for the "
            "first time."),
])
def test_backward_twice_raises_the_era_text(style, text, square):
    era(style)
    x = Variable(torch.ones(2), requires_grad=True)
    y = square(x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="^" + re.escape(text) + "$"):
        y.backward()


# -- 1.x: torch 1.0-1.4 printed and named as torch 2.x, but warned and worded errors as then --
def _classic():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    out = (y * y * 3).mean()
    return x, y, out


def test_1x_prints_and_names_as_modern():
    x, y, out = _classic()
    modern = (repr(y), repr(out), type(out.grad_fn).__name__, repr(torch.nn.Parameter(x)),
              repr(Variable(torch.ones(2))))
    era("1.x")
    assert torch.eras.current_style() == "1.x"
    assert (repr(y), repr(out), type(out.grad_fn).__name__, repr(torch.nn.Parameter(x)),
            repr(Variable(torch.ones(2)))) == modern


def test_1x_reads_a_non_leaf_grad_as_none_without_a_warning():
    era("1.x")
    _, y, out = _classic()
    out.backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad is None


def test_1x_grad_of_a_leaf_and_its_setter_are_modern():
    era("1.x")
    x, _, out = _classic()
    out.backward()
    assert x.grad.tolist() == [[4.5, 4.5], [4.5, 4.5]]
    with pytest.raises(RuntimeError, match="attempting to assign a gradient of size"):
        x.grad = torch.ones(3)
    x.grad = None
    assert x.grad is None


def test_modern_warns_again_and_words_errors_as_torch_2_after_1x():
    era("1.x")
    era("modern")
    _, y, out = _classic()
    out.backward()
    with pytest.warns(UserWarning, match="is not a leaf Tensor is being accessed"):
        assert y.grad is None
    with pytest.raises(RuntimeError, match=r"second time \(or directly access saved tensors"):
        out.backward()


def test_0_2_backward_twice_through_a_constant_multiply_succeeds():
    """0.2's MulConstant kept only the number, never a buffer."""
    era("0.2")
    x = Variable(torch.Tensor([3]), requires_grad=True)
    y = 2 * x + 3
    y.backward()
    y.backward(torch.Tensor([3.0]))
    assert x.grad.tolist() == [8.0]


def test_modern_backward_twice_through_a_constant_multiply_raises():
    x = torch.tensor([3.0], requires_grad=True)
    y = 2 * x + 3
    y.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()


def test_0_1_non_scalar_backward_text():
    era("0.1")
    y = Variable(torch.ones(2), requires_grad=True) * 2
    with pytest.raises(RuntimeError, match=re.escape(
            "backward should be called only on a scalar (i.e. 1-element tensor) or with "
            "gradient w.r.t. the variable")):
        y.backward()


def test_legacy_arange_of_ints_is_a_float_tensor():
    era("0.2")
    assert torch.arange(1, 4).dtype == torch.float32
    era("modern")
    assert torch.arange(1, 4).dtype == torch.int64


def test_legacy_full_reduction_of_a_plain_tensor_is_a_number():
    era("0.2")
    t = torch.Tensor([3, 4])
    assert t.norm() == 5.0 and isinstance(t.sum(), float)


def test_legacy_index_of_a_plain_vector_is_a_number():
    era("0.2")
    assert torch.Tensor([1.5, 2.5])[1] == 2.5


def test_legacy_data_index_0_of_a_reduction_is_a_number():
    era("0.2")
    loss = (Variable(torch.ones(2), requires_grad=True) * 2).sum()
    assert loss.data[0] == 4.0


def test_grad_data_zero_resets_the_gradient_in_place():
    era("0.2")
    x = Variable(torch.Tensor([3]), requires_grad=True)
    (2 * x).backward()
    grad = x.grad
    assert repr(x.grad.data.zero_()) == "\n 0\n[torch.FloatTensor of size 1]\n"
    assert x.grad is grad and grad.tolist() == [0.0]


# -- one core: the same numbers in every era ------------------------------------------------
def _run(style, values):
    era(style)
    x = Variable(torch.tensor(values), requires_grad=True)
    y = (x * 2 + 1).tanh() * x - x.exp().sum() / 3
    out = (y * y).mean()
    out.backward()
    return out.item(), x.grad.numpy().copy()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-3, 3, allow_nan=False, width=32), min_size=1, max_size=6))
def test_every_style_computes_the_same_values_and_gradients(values):
    results = [_run(style, values) for style in ("modern", "1.x", "0.2", "0.1")]
    era("modern")
    for value, grad in results[1:]:
        assert value == results[0][0]
        np.testing.assert_array_equal(grad, results[0][1])


def test_graph_drawing_follows_creator_in_0_1():
    from autograd_nb.jupyter.graph import build_graph
    era("0.1")
    x = Variable(torch.ones(2), requires_grad=True)
    graph = build_graph([(x + 2).sum(), x])
    assert [n.name for n in graph.nodes if n.kind == "op"] == ["Sum", "AddConstant"]


@pytest.mark.parametrize("style", ["0.2", "0.1"])
def test_a_full_reduction_is_of_size_one_in_0_x(style):
    """0.x had no 0-d tensors: ``out.size()`` of a mean printed ``torch.Size([1])``."""
    x = Variable(torch.ones(2, 2), requires_grad=True)
    out = (x * 3).mean()
    era(style)
    assert (out.size(), out.size(0), out.size(-1), out.dim()) == (torch.Size([1]), 1, 1, 1)
    assert (out.data.size(), x.size(), x.dim()) == (torch.Size([1]), torch.Size([2, 2]), 2)
    with pytest.raises(IndexError, match=r"range of \[-1, 0\], but got 1"):
        out.size(1)
    era("modern")
    assert (out.size(), out.dim()) == (torch.Size([]), 0)
