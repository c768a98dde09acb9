"""The op entry points record identical nodes. ``x * y`` and ``x.tanh()`` on float tensors take
``_table.binary``/``_table.unary``, unrolled for speed; ``torch.mul(x, y)`` and every other op
take ``_table.call``. Whatever path made it, a node must be the same: class, edges, plan, what it
saved and how its gradients are reduced. And the plan's generated code is named per op and
shows its source in tracebacks."""
import traceback

import numpy as np
import pytest

import autograd_nb as anb
from autograd_nb._ops import pointwise as P
from autograd_nb._ops._table import CODEGEN, call

SHAPES = [((2, 3), (2, 3)), ((2, 3), (3,)), ((1, 3), (2, 1)), ((), (2,))]


def leaf(shape, requires_grad=True, seed=0):
    data = np.random.default_rng(seed).uniform(0.5, 1.5, shape).astype(np.float32)
    return anb.tensor(data, requires_grad=requires_grad)


def assert_same_node(a, b):
    assert type(a) is type(b)
    assert a.next_functions == b.next_functions
    assert a._plan is b._plan
    assert len(a._saved) == len(b._saved)
    for x, y in zip(a._saved, b._saved):
        np.testing.assert_array_equal(x, y)
    assert [c[:2] for c in a._checks] == [c[:2] for c in b._checks]
    assert a._meta == b._meta


@pytest.mark.parametrize("shapes", SHAPES)
@pytest.mark.parametrize("operator, function", [
    (lambda x, y: x * y, anb.mul), (lambda x, y: x + y, anb.add), (lambda x, y: x - y, anb.sub),
    (lambda x, y: x / y, anb.div)])
@pytest.mark.parametrize("needs", [(True, True), (True, False), (False, True)])
def test_an_operator_and_its_function_record_the_same_node(operator, function, shapes, needs):
    x, y = leaf(shapes[0], needs[0], 1), leaf(shapes[1], needs[1], 2)
    assert_same_node(operator(x, y).grad_fn, function(x, y).grad_fn)


@pytest.mark.parametrize("number", [0.5, 3])
def test_an_operator_with_a_number_records_the_same_node_as_its_function(number):
    x = leaf((2, 2))
    assert_same_node((x * number).grad_fn, anb.mul(x, number).grad_fn)
    assert_same_node((x + number).grad_fn, anb.add(x, number).grad_fn)


@pytest.mark.parametrize("op", [P.TANH, P.EXP, P.SIN, P.SIGMOID])
def test_a_unary_method_records_the_same_node_as_the_general_path(op):
    x = leaf((3,))
    assert_same_node(getattr(x, op.name)().grad_fn, call(op, (x,)).grad_fn)


@pytest.mark.skipif(not CODEGEN, reason="AUTOGRAD_NB_CODEGEN=0: no generated code")
def test_generated_plan_code_is_named_per_op_and_shows_in_tracebacks():
    x, y = leaf((2,)), leaf((2,), seed=1)
    plan = (x * y).grad_fn._plan
    assert plan.save.__name__ == "mul_save_self_other"
    assert plan.run.__name__ == "mul_run_self_other"
    with pytest.raises(IndexError) as info:
        plan.run(np.ones(2), (), ())
    text = "".join(traceback.format_tb(info.tb))
    assert 'File "<autograd_nb plan mul_run_self_other>", line 2, in mul_run_self_other' in text
    assert "return [f0(grad, saved[0]), f1(grad, saved[1])]" in text
