"""nn.functional against torch 2.13: values, gradients, node names and errors of the activations,
linear, dropout and every loss, with each of their options."""
import warnings

import numpy as np
import pytest

import autograd_nb as anb
import autograd_nb.nn.functional as F
from autograd_nb.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
torch.set_num_threads(1)  # tiny tensors: threads only contend on a busy machine
TF = torch.nn.functional
RNG = np.random.default_rng(0)


def randn(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


def probabilities(*shape):
    return RNG.uniform(0.05, 0.95, shape).astype(np.float32)


def labels(n, classes, *rest):
    return RNG.integers(0, classes, (n,) + rest)


def both(array, requires_grad=False):
    """The same values as an autograd_nb tensor and a torch tensor."""
    return (anb.tensor(array, requires_grad=requires_grad),
            torch.tensor(array, requires_grad=requires_grad))


def same(ours, theirs, rtol=1e-5, atol=1e-6):
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert str(ours.dtype) == str(theirs.dtype)
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=rtol,
                               atol=atol)


def name(t):
    return None if t.grad_fn is None else t.grad_fn.name()


def next_names(t):
    return [None if n is None else n.name() for n, _ in t.grad_fn.next_functions]


def check(call, *arrays, grad=(0,), rtol=1e-5, atol=1e-6, node=True):
    """``call(F, *tensors)`` on both libraries: output, node name (unless ``node`` is False),
    and the gradients of the inputs in ``grad`` for a random output gradient."""
    pairs = [both(a, i in grad) for i, a in enumerate(arrays)]
    ours = call(F, *(p[0] for p in pairs))
    theirs = call(TF, *(p[1] for p in pairs))
    same(ours, theirs, rtol, atol)
    if node:
        assert name(ours) == name(theirs)
    seed = randn(*theirs.shape)
    ours.backward(anb.tensor(seed))
    theirs.backward(torch.tensor(seed))
    for i in grad:
        same(pairs[i][0].grad, pairs[i][1].grad, rtol, atol)
    return ours, theirs


# -- activations -------------------------------------------------------------------------------
ACTIVATIONS = {
    "relu": lambda F, x: F.relu(x),
    "tanh": lambda F, x: F.tanh(x),
    "sigmoid": lambda F, x: F.sigmoid(x),
    "softmax": lambda F, x: F.softmax(x, dim=1),
    "softmax_dim0": lambda F, x: F.softmax(x, 0),
    "log_softmax": lambda F, x: F.log_softmax(x, dim=1),
    "leaky_relu": lambda F, x: F.leaky_relu(x, 0.2),
    "elu": lambda F, x: F.elu(x, alpha=0.5),
    "gelu": lambda F, x: F.gelu(x),
    "silu": lambda F, x: F.silu(x),
    "softplus": lambda F, x: F.softplus(x, beta=2.0, threshold=1.0),
}


@pytest.mark.parametrize("fn", ACTIVATIONS.values(), ids=ACTIVATIONS.keys())
def test_activation_matches_torch(fn):
    check(fn, randn(4, 5))


def test_relu_inplace_changes_its_input_as_torch():
    x, tx = both(randn(3, 4), True)
    ours, theirs = F.relu(x * 1, inplace=True), TF.relu(tx * 1, inplace=True)
    same(ours, theirs)
    assert name(ours) == name(theirs) == "ReluBackward0"


def test_softmax_without_dim_warns_as_torch():
    x, tx = both(randn(2, 3))
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        ours = F.softmax(x)
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        theirs = TF.softmax(tx)
    same(ours, theirs)


# -- linear ------------------------------------------------------------------------------------
LINEAR_SHAPES = [(5, 3), (3,), (2, 4, 3), (2, 2, 2, 3)]


@pytest.mark.parametrize("shape", LINEAR_SHAPES, ids=str)
@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no_bias"])
def test_linear_matches_torch_values_gradients_and_graph(shape, bias):
    arrays = [randn(*shape), randn(2, 3)] + ([randn(2)] if bias else [])
    call = lambda F, x, w, *b: F.linear(x, w, *b)  # noqa: E731
    ours, theirs = check(call, *arrays, grad=range(len(arrays)))
    assert next_names(ours) == next_names(theirs)


def test_linear_of_a_matrix_is_addmm_over_the_transposed_weight():
    x, w, b = (anb.tensor(a, requires_grad=True) for a in (randn(4, 3), randn(2, 3), randn(2)))
    out = F.linear(x, w, b)
    assert name(out) == "AddmmBackward0"
    assert next_names(out) == ["torch::autograd::AccumulateGrad"] * 2 + ["TBackward0"]
    assert name(F.linear(x, w)) == "MmBackward0"


def test_linear_of_a_non_contiguous_input_matches_torch():
    x = randn(2, 3, 4)
    call = lambda F, x, w, b: F.linear(x.transpose(1, 2), w, b)  # noqa: E731
    ours, theirs = check(call, x, randn(2, 3), randn(2), grad=(0, 1, 2))
    assert name(ours) == "AddBackward0"


@pytest.mark.parametrize("x_shape", [(4, 3), (3,), (2, 5, 3)], ids=str)
def test_linear_shape_mismatch_raises_torchs_error(x_shape):
    with pytest.raises(RuntimeError) as theirs:
        TF.linear(torch.zeros(x_shape), torch.zeros(2, 4))
    with pytest.raises(RuntimeError, match="mat1 and mat2 shapes cannot be multiplied") as ours:
        F.linear(anb.zeros(x_shape), anb.zeros(2, 4))
    assert str(ours.value) == str(theirs.value)


# -- dropout -----------------------------------------------------------------------------------
def test_dropout_in_eval_mode_or_with_p_zero_returns_its_input():
    x = anb.ones(3, requires_grad=True)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x


def test_dropout_zeroes_or_scales_each_element_and_backward_uses_the_same_mask():
    anb.manual_seed(0)
    x = anb.ones(1000, requires_grad=True)
    out = F.dropout(x, p=0.25)
    assert name(out) == "MulBackward0"
    values = out.detach().numpy()
    assert set(np.unique(values)) <= {0.0, np.float32(1 / 0.75)}
    assert 0.2 < np.mean(values == 0) < 0.3
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), values)


def test_dropout_with_p_one_zeroes_everything_as_torch():
    x, tx = both(randn(5), True)
    ours, theirs = F.dropout(x, 1.0), TF.dropout(tx, 1.0)
    same(ours, theirs)
    assert name(ours) == name(theirs) == "MulBackward0"


def test_dropout_mask_follows_manual_seed():
    anb.manual_seed(3)
    a = F.dropout(anb.ones(50))
    anb.manual_seed(3)
    np.testing.assert_array_equal(F.dropout(anb.ones(50)).numpy(), a.numpy())


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_dropout_probability_outside_0_1_raises_torchs_error(p):
    with pytest.raises(ValueError) as theirs:
        TF.dropout(torch.ones(2), p)
    with pytest.raises(ValueError) as ours:
        F.dropout(anb.ones(2), p)
    assert str(ours.value) == str(theirs.value)


# -- losses ------------------------------------------------------------------------------------
REDUCTIONS = ["mean", "sum", "none"]
WEIGHT3 = np.array([0.2, 1.0, 3.0], np.float32)


def nll_input(*shape):
    return randn(*shape)


LOSSES = {
    "mse": (lambda F, x, t, r: F.mse_loss(x, t, reduction=r), [randn(4, 3), randn(4, 3)],
            (0, 1)),
    "mse_weight": (lambda F, x, t, w, r: F.mse_loss(x, t, reduction=r, weight=w),
                   [randn(4, 3), randn(4, 3), probabilities(4, 3)], (0, 1)),
    "nll": (lambda F, x, t, r: F.nll_loss(x, t, reduction=r), [randn(5, 3), labels(5, 3)], (0,)),
    "nll_weight": (lambda F, x, t, w, r: F.nll_loss(x, t, weight=w, reduction=r),
                   [randn(5, 3), labels(5, 3), WEIGHT3], (0,)),
    "nll_ignore": (lambda F, x, t, r: F.nll_loss(x, t, ignore_index=1, reduction=r),
                   [randn(6, 3), np.array([0, 1, 2, 1, 0, 2])], (0,)),
    "nll_ignore_weight": (lambda F, x, t, w, r: F.nll_loss(x, t, w, ignore_index=-1, reduction=r),
                          [randn(4, 3), np.array([0, -1, 2, 2]), WEIGHT3], (0,)),
    "nll_kdim": (lambda F, x, t, r: F.nll_loss(x, t, reduction=r),
                 [randn(2, 3, 4, 2), labels(2, 3, 4, 2)], (0,)),
    "nll_one_sample": (lambda F, x, t, r: F.nll_loss(x, t, reduction=r),
                       [randn(4), np.array(2)], (0,)),
    "cross_entropy": (lambda F, x, t, r: F.cross_entropy(x, t, reduction=r),
                      [randn(8, 5), labels(8, 5)], (0,)),
    "cross_entropy_weight_ignore": (
        lambda F, x, t, w, r: F.cross_entropy(x, t, w, ignore_index=0, reduction=r),
        [randn(6, 3), np.array([0, 1, 2, 2, 0, 1]), WEIGHT3], (0,)),
    "cross_entropy_kdim": (lambda F, x, t, r: F.cross_entropy(x, t, reduction=r),
                           [randn(2, 3, 5), labels(2, 3, 5)], (0,)),
    "cross_entropy_one_sample": (lambda F, x, t, r: F.cross_entropy(x, t, reduction=r),
                                 [randn(3), np.array(1)], (0,)),
    "cross_entropy_smoothing": (
        lambda F, x, t, r: F.cross_entropy(x, t, reduction=r, label_smoothing=0.1),
        [randn(6, 4), np.array([0, 1, 2, 3, -100, 1])], (0,)),
    "cross_entropy_smoothing_weight": (
        lambda F, x, t, w, r: F.cross_entropy(x, t, w, reduction=r, label_smoothing=0.2),
        [randn(5, 3), labels(5, 3), WEIGHT3], (0,)),
    "cross_entropy_probabilities": (
        lambda F, x, t, r: F.cross_entropy(x, t, reduction=r),
        [randn(4, 3), probabilities(4, 3) / 1.5], (0, 1)),
    "cross_entropy_probabilities_weight_smoothing": (
        lambda F, x, t, w, r: F.cross_entropy(x, t, w, reduction=r, label_smoothing=0.3),
        [randn(4, 3), probabilities(4, 3), WEIGHT3], (0, 1)),
    "bce": (lambda F, x, t, r: F.binary_cross_entropy(x, t, reduction=r),
            [probabilities(4, 3), probabilities(4, 3)], (0, 1)),
    "bce_weight": (lambda F, x, t, w, r: F.binary_cross_entropy(x, t, w, reduction=r),
                   [probabilities(4, 3), probabilities(4, 3), WEIGHT3], (0, 1)),
    "bce_logits": (lambda F, x, t, r: F.binary_cross_entropy_with_logits(x, t, reduction=r),
                   [randn(4, 3) * 5, probabilities(4, 3)], (0, 1)),
    "bce_logits_weights": (
        lambda F, x, t, w, pw, r: F.binary_cross_entropy_with_logits(x, t, w, reduction=r,
                                                                      pos_weight=pw),
        [randn(4, 3) * 5, probabilities(4, 3), probabilities(4, 1), WEIGHT3], (0, 1)),
}


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", LOSSES)
def test_loss_matches_torch(name, reduction):
    call, arrays, grad = LOSSES[name]
    # A mean over probability targets ends in torch's C++ division by a number (DivBackward1),
    # a node no Python expression reaches (x / n is DivBackward0 in torch too).
    node = not (reduction == "mean" and arrays[1].dtype.kind == "f" and
                name.startswith("cross_entropy"))
    check(lambda F, *ts: call(F, *ts, reduction), *arrays, grad=grad, rtol=2e-5, atol=2e-6,
          node=node)


NODE_NAMES = {"mse": "MseLossBackward0", "nll": "NllLossBackward0",
              "cross_entropy": "NllLossBackward0", "bce": "BinaryCrossEntropyBackward0",
              "bce_logits": "BinaryCrossEntropyWithLogitsBackward0"}


@pytest.mark.parametrize("key", NODE_NAMES)
def test_each_loss_ends_in_torchs_node(key):
    call, arrays, _ = LOSSES[key]
    out = call(F, anb.tensor(arrays[0], requires_grad=True), anb.tensor(arrays[1]), "mean")
    assert name(out) == NODE_NAMES[key]


def chain(t):
    """Node names from ``t`` down the first input edges, to the leaf."""
    names, fn = [], t.grad_fn
    while fn is not None and fn.name() != "torch::autograd::AccumulateGrad":
        names.append(fn.name())
        fn = fn.next_functions[0][0]
    return names


@pytest.mark.parametrize("shape", [(2, 3, 5), (2, 3, 4, 2), (2, 3, 2, 2, 2)], ids=str)
@pytest.mark.parametrize("reduction", ["mean", "none"])
def test_nll_loss_over_positions_goes_through_torchs_nll_loss2d(shape, reduction):
    x, tx = both(randn(*shape), True)
    t = labels(shape[0], shape[1], *shape[2:])
    ours = F.nll_loss(x, anb.tensor(t), reduction=reduction)
    theirs = TF.nll_loss(tx, torch.tensor(t), reduction=reduction)
    same(ours, theirs)
    assert chain(ours) == chain(theirs)


def test_cross_entropy_is_log_softmax_then_nll_loss():
    out = F.cross_entropy(anb.tensor(randn(4, 3), requires_grad=True), anb.tensor([0, 1, 2, 0]))
    assert next_names(out) == ["LogSoftmaxBackward0"]


def test_cross_entropy_is_stable_for_huge_logits():
    x, tx = both(np.array([[1000.0, -1000.0, 0.0], [-5e4, 5e4, 3.0]], np.float32), True)
    ours = F.cross_entropy(x, anb.tensor([1, 0]))
    theirs = TF.cross_entropy(tx, torch.tensor([1, 0]))
    same(ours, theirs)
    ours.backward()
    theirs.backward()
    same(x.grad, tx.grad)


def test_binary_cross_entropy_clamps_its_logs_at_minus_100_as_torch():
    x, tx = both(np.array([0.0, 1.0, 0.0, 1.0], np.float32), True)
    t = np.array([1.0, 0.0, 0.0, 1.0], np.float32)
    ours = F.binary_cross_entropy(x, anb.tensor(t), reduction="none")
    theirs = TF.binary_cross_entropy(tx, torch.tensor(t), reduction="none")
    same(ours, theirs)
    ours.sum().backward()
    theirs.sum().backward()
    same(x.grad, tx.grad, rtol=1e-6, atol=0)


def test_bce_with_logits_is_stable_for_huge_logits():
    check(lambda F, x, t: F.binary_cross_entropy_with_logits(x, t, reduction="none"),
          np.array([-200.0, -30.0, 0.0, 30.0, 200.0], np.float32),
          np.array([1.0, 0.0, 0.5, 1.0, 0.0], np.float32), grad=(0, 1))


def test_mse_loss_broadcasts_with_torchs_warning():
    call = lambda F, x, t: F.mse_loss(x, t)  # noqa: E731
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check(call, randn(4, 3), randn(3), grad=(0, 1))
    texts = {str(w.message) for w in caught}
    assert len(texts) == 1 and "Using a target size (torch.Size([3]))" in texts.pop()


@pytest.mark.parametrize("target_dtype", [np.float64, np.int64], ids=["float64", "int64"])
def test_mse_loss_promotes_its_target_as_torch(target_dtype):
    check(lambda F, x, t: F.mse_loss(x, t), randn(2, 3), randn(2, 3).astype(target_dtype))


@pytest.mark.parametrize("kwargs,reduction", [
    (dict(size_average=False), "sum"), (dict(reduce=False), "none"),
    (dict(size_average=True, reduce=True), "mean")])
def test_deprecated_size_average_and_reduce_pick_a_reduction_with_torchs_warning(kwargs,
                                                                                    reduction):
    x, t = anb.tensor(randn(3, 2)), anb.tensor(randn(3, 2))
    with pytest.warns(UserWarning, match=f"please use reduction='{reduction}' instead"):
        ours = F.mse_loss(x, t, **kwargs)
    same(ours, F.mse_loss(x, t, reduction=reduction))


# -- errors: torch's type and message ------------------------------------------------------------
ERRORS = {
    "bad_reduction": lambda F, lib: F.cross_entropy(lib.zeros(2, 3), lib.tensor([0, 1]),
                                                    reduction="avg"),
    "target_out_of_range": lambda F, lib: F.nll_loss(lib.zeros(2, 3), lib.tensor([0, 3])),
    "negative_target": lambda F, lib: F.cross_entropy(lib.zeros(2, 3), lib.tensor([-1, 0])),
    "batch_mismatch": lambda F, lib: F.nll_loss(lib.zeros(4, 3), lib.tensor([0, 1, 2])),
    "float_target": lambda F, lib: F.nll_loss(lib.zeros(2, 3), lib.tensor([0.0, 1.0])),
    "int32_target": lambda F, lib: F.nll_loss(lib.zeros(2, 3),
                                              lib.tensor([0, 1], dtype=lib.int32)),
    "kdim_target_mismatch": lambda F, lib: F.nll_loss(lib.zeros(2, 3, 4),
                                                      lib.zeros(2, 3, dtype=lib.int64)),
    "bce_out_of_range": lambda F, lib: F.binary_cross_entropy(lib.tensor([1.5]),
                                                              lib.tensor([1.0])),
    "bce_size": lambda F, lib: F.binary_cross_entropy(lib.full((4, 3), 0.5), lib.ones(3)),
    "bce_logits_size": lambda F, lib: F.binary_cross_entropy_with_logits(lib.zeros(4, 3),
                                                                         lib.ones(3)),
    "mse_weight_size": lambda F, lib: F.mse_loss(lib.zeros(2, 3), lib.zeros(2, 3),
                                                 weight=lib.ones(3)),
}


@pytest.mark.parametrize("call", ERRORS.values(), ids=ERRORS.keys())
def test_misuse_raises_torchs_exception(call):
    with pytest.raises(Exception) as theirs:
        call(TF, torch)
    with pytest.raises(Exception) as ours:
        call(F, anb)
    assert (type(ours.value), str(ours.value)) == (type(theirs.value), str(theirs.value))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_nll_loss_skips_ignored_entries_even_at_minus_infinity(reduction):
    """torch skips ignored entries: the -inf they point at gives no nan, their gradient is +0."""
    def run(lib):
        x = lib.tensor([[-np.inf, 0.0], [0.0, -1.0], [-2.0, -3.0]], requires_grad=True)
        loss = lib.nn.functional.nll_loss(x, lib.tensor([-100, 0, 1]), reduction=reduction,
                                          weight=lib.tensor([0.5, 2.0]))
        loss.sum().backward()
        return str(loss.detach()), str(x.grad)
    loss, grad = run(anb)
    assert "nan" not in loss and "-0.0000" not in grad.split("]")[0]
    torch = pytest.importorskip("torch")
    assert (loss, grad) == run(torch)


def test_nll_loss_of_all_ignored_targets_is_nan_for_a_mean_and_zero_for_a_sum():
    x, t = anb.zeros(2, 3, requires_grad=True), anb.tensor([-100, -100])
    assert np.isnan(F.nll_loss(x, t).item())
    assert F.nll_loss(x, t, reduction="sum").item() == 0.0


# -- second derivatives and eras -----------------------------------------------------------------
DOUBLE_BACKWARD = {
    "mse": lambda F, lib, x, t: F.mse_loss(x, t),
    "nll_weight_ignore": lambda F, lib, x, t: F.nll_loss(
        x, lib.tensor([0, 2, 1, 2]), ignore_index=1,
        weight=lib.tensor([1.0, 2.0, 0.5], dtype=lib.float64)),
    "nll_none": lambda F, lib, x, t: F.nll_loss(x, lib.tensor([0, 2, 1, 2]), reduction="none"),
    "cross_entropy": lambda F, lib, x, t: F.cross_entropy(x, lib.tensor([0, 2, 1, 2])),
    "cross_entropy_probabilities": lambda F, lib, x, t: F.cross_entropy(x, t.softmax(1)),
    "bce": lambda F, lib, x, t: F.binary_cross_entropy(x.sigmoid(), t.sigmoid()),
    "bce_logits": lambda F, lib, x, t: F.binary_cross_entropy_with_logits(
        x, t.sigmoid(), pos_weight=lib.tensor([2.0, 0.5, 1.0], dtype=lib.float64)),
}
def leaves64(lib, n=2):
    rng = np.random.default_rng(1)
    return [lib.tensor(rng.standard_normal((4, 3)), requires_grad=True) for _ in range(n)]


@pytest.mark.parametrize("fn", DOUBLE_BACKWARD.values(), ids=DOUBLE_BACKWARD.keys())
def test_loss_gradients_match_finite_differences(fn):
    assert gradcheck(lambda x, t: fn(F, anb, x, t), leaves64(anb))


@pytest.mark.parametrize("fn", DOUBLE_BACKWARD.values(), ids=DOUBLE_BACKWARD.keys())
def test_loss_second_derivatives_match_finite_differences(fn):
    assert gradgradcheck(lambda x, t: fn(F, anb, x, t), leaves64(anb))


@pytest.mark.parametrize("fn", DOUBLE_BACKWARD.values(), ids=DOUBLE_BACKWARD.keys())
def test_loss_second_derivatives_match_torch(fn):
    """d/d(x, t) of <grad of the loss, g>, through backward(create_graph=True)."""
    results = []
    for lib, functional in ((anb, F), (torch, TF)):
        x, t = leaves64(lib)
        g = [lib.tensor(np.random.default_rng(2).standard_normal((4, 3))) for _ in range(2)]
        grads = lib.autograd.grad(fn(functional, lib, x, t).sum(), (x, t), create_graph=True,
                                  allow_unused=True)
        total = sum((gi * g_i).sum() for gi, g_i in zip(grads, g) if gi is not None)
        # nll_loss's gradient is constant in x: torch still records it (second derivative
        # zeros), autograd_nb does not (no grad); the same derivative either way.
        if total.requires_grad:
            total.backward()
        results.append([np.zeros((4, 3)) if v.grad is None else np.asarray(v.grad.detach())
                        for v in (x, t)])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.fixture
def legacy_style():
    before = anb.eras.current_style()
    anb.set_printoptions(style="0.2")
    yield
    anb.set_printoptions(style=before)


def test_losses_carry_the_thnn_criterion_names_in_the_0_2_style(legacy_style):
    x = anb.tensor(randn(2, 3), requires_grad=True)
    t = anb.tensor([0, 2])
    assert type(F.mse_loss(x, x.detach()).grad_fn).__name__ == "MSELossBackward"
    assert type(F.nll_loss(x, t).grad_fn).__name__ == "NLLLossBackward"
    assert type(F.binary_cross_entropy(x.sigmoid(), x.detach().sigmoid()).grad_fn).__module__ \
        == "torch.autograd.function"
