"""nn.Module, nn.Parameter, the layers, the loss modules and nn.init, with torch 2.13 as the
oracle: outputs, gradients and reprs of every module, and the Module API's bookkeeping."""
import collections
import copy
import pickle

import numpy as np
import pytest

import autograd_nb as anb
import autograd_nb.nn as nn
from autograd_nb.eras._printing.legacy import format_variable

torch = pytest.importorskip("torch")
torch.set_num_threads(1)  # tiny tensors: threads only contend on a busy machine
RNG = np.random.default_rng(0)


def randn(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


def same(ours, theirs, rtol=1e-5, atol=1e-6):
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=rtol,
                               atol=atol)


def copy_parameters(ours, theirs):
    """Give ``ours`` the values of torch's ``theirs``, parameter by parameter."""
    with anb.no_grad():
        for (name, p), (tname, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
            assert name == tname
            p.copy_(anb.tensor(tp.detach().numpy()))


# -- every module: output, gradients and repr ----------------------------------------------------
MODULES = {
    "linear": (lambda nn: nn.Linear(5, 3), [(4, 5)]),
    "linear_no_bias": (lambda nn: nn.Linear(5, 3, bias=False), [(2, 6, 5)]),
    "relu": (lambda nn: nn.ReLU(), [(4, 5)]),
    "relu_inplace": (lambda nn: nn.ReLU(inplace=True), [(4, 5)]),
    "tanh": (lambda nn: nn.Tanh(), [(4, 5)]),
    "sigmoid": (lambda nn: nn.Sigmoid(), [(4, 5)]),
    "softmax": (lambda nn: nn.Softmax(dim=1), [(4, 5)]),
    "log_softmax": (lambda nn: nn.LogSoftmax(dim=-1), [(4, 5)]),
    "flatten": (lambda nn: nn.Flatten(), [(4, 2, 3)]),
    "flatten_dims": (lambda nn: nn.Flatten(0, 1), [(4, 2, 3)]),
    "dropout_eval": (lambda nn: nn.Dropout(0.3).eval(), [(4, 5)]),
    "sequential": (lambda nn: nn.Sequential(nn.Flatten(), nn.Linear(6, 4), nn.Tanh(),
                                            nn.Linear(4, 3), nn.LogSoftmax(dim=1)), [(5, 2, 3)]),
    "mse": (lambda nn: nn.MSELoss(), [(4, 3), (4, 3)]),
    "mse_sum": (lambda nn: nn.MSELoss(reduction="sum"), [(4, 3), (4, 3)]),
    "cross_entropy": (lambda nn: nn.CrossEntropyLoss(), [(6, 4), "labels4"]),
    "cross_entropy_options": (
        lambda nn: nn.CrossEntropyLoss(ignore_index=2, reduction="sum", label_smoothing=0.1),
        [(6, 4), "labels4"]),
    "nll": (lambda nn: nn.NLLLoss(), [(6, 4), "labels4"]),
    "nll_weight": (lambda nn: nn.NLLLoss(weight=nn_tensor(nn, [1.0, 2.0, 0.5, 1.0])),
                   [(6, 4), "labels4"]),
    "bce": (lambda nn: nn.BCELoss(), ["probabilities", "probabilities"]),
    "bce_logits": (lambda nn: nn.BCEWithLogitsLoss(pos_weight=nn_tensor(nn, [2.0, 1.0, 0.5])),
                   [(4, 3), "probabilities"]),
}


def nn_tensor(nn, values):
    lib = anb if nn.__name__.startswith("autograd_nb") else torch
    return lib.tensor(values)


def make_inputs(specs):
    arrays = []
    for spec in specs:
        if spec == "labels4":
            arrays.append(RNG.integers(0, 4, 6))
        elif spec == "probabilities":
            arrays.append(RNG.uniform(0.05, 0.95, (4, 3)).astype(np.float32))
        else:
            arrays.append(randn(*spec))
    return arrays


@pytest.mark.parametrize("case", MODULES.values(), ids=MODULES.keys())
def test_module_matches_torch_output_gradients_and_repr(case):
    build, specs = case
    arrays = make_inputs(specs)
    theirs_module, ours_module = build(torch.nn), build(nn)
    copy_parameters(ours_module, theirs_module)
    assert repr(ours_module) == repr(theirs_module)
    ours_in = [anb.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]
    theirs_in = [torch.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]
    # in-place modules must not write into a leaf: feed them a copy, as a model would
    ours_out = ours_module(*[x * 1 if x.requires_grad else x for x in ours_in])
    theirs_out = theirs_module(*[x * 1 if x.requires_grad else x for x in theirs_in])
    same(ours_out, theirs_out)
    assert ours_out.grad_fn.name() == theirs_out.grad_fn.name()
    seed = randn(*theirs_out.shape)
    ours_out.backward(anb.tensor(seed))
    theirs_out.backward(torch.tensor(seed))
    for x, tx in zip(ours_in, theirs_in):
        if tx.requires_grad:
            same(x.grad, tx.grad)
    for (_, p), (_, tp) in zip(ours_module.named_parameters(), theirs_module.named_parameters()):
        same(p.grad, tp.grad)


def test_dropout_module_drops_in_training_mode_only():
    layer = nn.Dropout(p=0.5)
    x = anb.ones(2000)
    assert 0.4 < (layer(x) == 0).float().mean().item() < 0.6
    assert layer.eval()(x) is x
    assert repr(layer) == repr(torch.nn.Dropout(p=0.5)) == "Dropout(p=0.5, inplace=False)"


@pytest.mark.parametrize("p", [-0.5, 2])
def test_dropout_module_refuses_a_bad_probability_as_torch(p):
    with pytest.raises(ValueError) as theirs:
        torch.nn.Dropout(p)
    with pytest.raises(ValueError) as ours:
        nn.Dropout(p)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("module", [nn.Softmax(), nn.LogSoftmax()], ids=repr)
def test_softmax_modules_without_dim_warn_at_the_callers_line(module):
    with pytest.warns(UserWarning, match="Implicit dimension choice") as caught:
        module(anb.ones(2, 3))
    assert caught[0].filename == __file__


def test_legacy_loss_arguments_set_the_reduction_with_torchs_warning():
    with pytest.warns(UserWarning, match="reduction='sum' instead"):
        loss = nn.MSELoss(size_average=False)
    assert loss.reduction == "sum"


# -- reprs of trees ------------------------------------------------------------------------------
def net_class(nn):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(3, 4)
            self.act = nn.ReLU()
            self.head = nn.Sequential(nn.Linear(4, 2), nn.Softmax(dim=1))
            self.scale = nn.Parameter(nn_tensor(nn, [1.0, 2.0]))

        def forward(self, x):
            return self.head(self.act(self.fc1(x))) * self.scale
    return Net


def test_nested_module_repr_matches_torch():
    assert repr(net_class(nn)()) == repr(net_class(torch.nn)())


@pytest.mark.parametrize("build", [
    lambda nn: nn.Module(), lambda nn: nn.Sequential(),
    lambda nn: nn.Sequential(collections.OrderedDict([("hidden", nn.Linear(2, 2)),
                                                      ("out", nn.Sigmoid())])),
    lambda nn: nn.Softmax(), lambda nn: nn.ReLU(inplace=True),
    lambda nn: nn.Linear(2, 3, bias=False), lambda nn: nn.BCEWithLogitsLoss()])
def test_repr_matches_torch(build):
    assert repr(build(nn)) == repr(build(torch.nn))


# -- Parameter ---------------------------------------------------------------------------------
PARAMETERS = [lambda lib: lib.nn.Parameter(lib.tensor([0.5, -0.5])),
              lambda lib: lib.nn.Parameter(lib.tensor([0.5, -0.5]), requires_grad=False),
              lambda lib: lib.nn.Parameter(lib.tensor([[1.0, 2.0]], dtype=lib.float64)),
              lambda lib: lib.nn.Parameter(),
              lambda lib: lib.nn.Parameter(lib.ones(2, 3) / 3)]


@pytest.mark.parametrize("build", PARAMETERS)
def test_parameter_repr_matches_torch(build):
    assert repr(build(anb)) == repr(build(torch))
    assert str(build(anb)) == str(build(torch))


@pytest.fixture(params=["0.2", "0.1"])
def legacy_style(request):
    before = anb.eras.current_style()
    anb.set_printoptions(style=request.param)
    yield request.param
    anb.set_printoptions(style=before)


def test_parameter_prints_the_legacy_wrapper_in_legacy_styles(legacy_style):
    p = nn.Parameter(anb.tensor([[1.0, 2.0], [3.0, 4.0]]))
    text = repr(p)
    assert text == format_variable(p.detach().numpy(), p.dtype, wrapper="Parameter")
    assert text.startswith("Parameter containing:\n")
    assert text.endswith("[torch.FloatTensor of size 2x2]\n")


def test_parameter_is_a_leaf_sharing_its_datas_memory():
    data = anb.zeros(3)
    p = nn.Parameter(data)
    assert isinstance(p, anb.Tensor) and p.is_leaf and p.requires_grad
    data.add_(1)
    assert p.tolist() == [1.0, 1.0, 1.0]


def test_parameter_ops_give_plain_tensors_as_torch():
    p = nn.Parameter(anb.ones(2))
    for derived in (p * 2, p.detach(), p.data, p.clone()):
        assert type(derived) is anb.Tensor


def test_parameter_of_an_integer_tensor_refuses_grad():
    with pytest.raises(RuntimeError, match="floating point"):
        nn.Parameter(anb.tensor([1, 2]))


def test_parameter_survives_deepcopy_and_pickle():
    p = nn.Parameter(anb.tensor([1.0, 2.0]))
    p.grad = anb.tensor([0.5, 0.5])
    for clone in (copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert type(clone) is nn.Parameter and clone.requires_grad
        assert clone.tolist() == [1.0, 2.0]
        clone.data.add_(1)
        assert p.tolist() == [1.0, 2.0]
    assert copy.deepcopy(p).grad is None  # torch's Parameter.__deepcopy__ copies values only


# -- the Module API ----------------------------------------------------------------------------
def test_parameters_are_registered_by_attribute_in_torchs_order():
    ours, theirs = net_class(nn)(), net_class(torch.nn)()
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_children()] == [n for n, _ in theirs.named_children()]
    assert len(list(ours.parameters())) == 5
    assert [type(m).__name__ for m in ours.children()] == ["Linear", "ReLU", "Sequential"]
    assert [type(m).__name__ for m in ours.modules()][:2] == ["Net", "Linear"]


def test_a_shared_module_is_listed_once_but_saved_under_each_name():
    lin = nn.Linear(2, 2)
    model = nn.Sequential(lin, nn.ReLU(), lin)
    tlin = torch.nn.Linear(2, 2)
    tmodel = torch.nn.Sequential(tlin, torch.nn.ReLU(), tlin)
    assert len(list(model.parameters())) == 2
    assert list(model.state_dict()) == list(tmodel.state_dict())


def test_forward_runs_on_call_and_zero_grad_resets_every_parameter():
    model = net_class(nn)()
    model(anb.ones(5, 3)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    grad = model.fc1.weight.grad
    model.zero_grad(set_to_none=False)
    assert model.fc1.weight.grad is grad and not grad.numpy().any()
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_train_and_eval_set_the_mode_of_the_whole_tree():
    model = net_class(nn)()
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        model.train("yes")


def test_state_dict_matches_torchs_keys_and_holds_detached_values():
    ours, theirs = net_class(nn)(), net_class(torch.nn)()
    sd = ours.state_dict()
    assert isinstance(sd, collections.OrderedDict)
    assert list(sd) == list(theirs.state_dict())
    assert all(type(v) is anb.Tensor and not v.requires_grad for v in sd.values())
    assert ours.state_dict(keep_vars=True)["fc1.weight"] is ours.fc1.weight


def test_buffers_are_state_but_not_parameters():
    model = nn.Module()
    model.register_buffer("running", anb.zeros(2))
    model.register_buffer("scratch", anb.zeros(2), persistent=False)
    assert list(model.parameters()) == []
    assert [n for n, _ in model.named_buffers()] == ["running", "scratch"]
    assert list(model.state_dict()) == ["running"]


def test_load_state_dict_copies_values_in_place_and_reports_all_keys_matched():
    a, b = net_class(nn)(), net_class(nn)()
    weight = b.fc1.weight
    result = b.load_state_dict(a.state_dict())
    assert repr(result) == repr(net_class(torch.nn)().load_state_dict(
        net_class(torch.nn)().state_dict())) == "<All keys matched successfully>"
    assert b.fc1.weight is weight
    np.testing.assert_array_equal(b.fc1.weight.detach().numpy(), a.fc1.weight.detach().numpy())


LOAD_ERRORS = {
    "missing": lambda sd, lib: {},
    "unexpected": lambda sd, lib: {**sd, "extra": lib.zeros(1)},
    "size": lambda sd, lib: {**sd, "fc1.weight": lib.zeros(5, 5)},
    "all": lambda sd, lib: {"extra": lib.zeros(1), "fc1.bias": lib.zeros(7)},
}


@pytest.mark.parametrize("edit", LOAD_ERRORS.values(), ids=LOAD_ERRORS.keys())
def test_load_state_dict_errors_are_torchs(edit):
    with pytest.raises(RuntimeError) as theirs:
        model = net_class(torch.nn)()
        model.load_state_dict(edit(model.state_dict(), torch))
    with pytest.raises(RuntimeError) as ours:
        model = net_class(nn)()
        model.load_state_dict(edit(model.state_dict(), anb))
    assert str(ours.value) == str(theirs.value)


def test_load_state_dict_not_strict_returns_the_keys_as_torch():
    ours = net_class(nn)().load_state_dict({"extra": anb.zeros(1)}, strict=False)
    theirs = net_class(torch.nn)().load_state_dict({"extra": torch.zeros(1)}, strict=False)
    assert repr(ours) == repr(theirs)
    assert ours.missing_keys == theirs.missing_keys


SETATTR_ERRORS = {
    "tensor_as_parameter": lambda nn, lib, m: setattr(m.fc1, "weight", lib.zeros(4, 3)),
    "number_as_module": lambda nn, lib, m: setattr(m, "act", 3),
    "parameter_before_init": lambda nn, lib, m: _early(nn, lambda s: setattr(
        s, "w", nn.Parameter(lib.zeros(1)))),
    "module_before_init": lambda nn, lib, m: _early(nn, lambda s: setattr(s, "l", nn.ReLU())),
    "missing_attribute": lambda nn, lib, m: m.nothing,
    "missing_forward": lambda nn, lib, m: nn.Module()(lib.zeros(1)),
    "add_module_not_a_module": lambda nn, lib, m: m.add_module("x", 3),
}


def _early(nn, body):
    class Early(nn.Module):
        def __init__(self):
            body(self)
    return Early()


@pytest.mark.parametrize("misuse", SETATTR_ERRORS.values(), ids=SETATTR_ERRORS.keys())
def test_module_misuse_raises_torchs_error(misuse):
    with pytest.raises(Exception) as theirs:
        misuse(torch.nn, torch, net_class(torch.nn)())
    with pytest.raises(Exception) as ours:
        misuse(nn, anb, net_class(nn)())
    assert (type(ours.value), str(ours.value)) == (type(theirs.value), str(theirs.value))


def test_assigning_none_to_a_parameter_removes_it_from_the_state():
    model = net_class(nn)()
    model.fc1.bias = None
    assert "fc1.bias" not in model.state_dict()
    assert model.fc1.bias is None


def test_to_double_converts_in_place_keeping_the_parameters():
    model = net_class(nn)()
    weight = model.fc1.weight
    assert model.double() is model
    assert model.fc1.weight is weight and weight.dtype == anb.float64
    assert model(anb.ones(2, 3, dtype=anb.float64)).dtype == anb.float64
    assert model.to(anb.float32).fc1.weight.dtype == anb.float32


def test_deepcopy_of_a_model_copies_its_parameters():
    model = net_class(nn)()
    clone = copy.deepcopy(model)
    assert type(clone.fc1.weight) is nn.Parameter
    with anb.no_grad():
        clone.fc1.weight.fill_(0)
    assert model.fc1.weight.detach().numpy().any()


def test_apply_visits_every_module():
    seen = []
    net_class(nn)().apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "ReLU", "Linear", "Softmax", "Sequential", "Net"]


def test_requires_grad_false_freezes_every_parameter():
    model = net_class(nn)().requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())


# -- Sequential ----------------------------------------------------------------------------------
def test_sequential_indexing_slicing_and_appending_follow_torch():
    layers = lambda nn: [nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)]  # noqa: E731
    ours, theirs = nn.Sequential(*layers(nn)), torch.nn.Sequential(*layers(torch.nn))
    assert len(ours) == 3
    assert repr(ours[0]) == repr(theirs[0]) and repr(ours[-1]) == repr(theirs[-1])
    assert repr(ours[1:]) == repr(theirs[1:])
    assert [type(m).__name__ for m in ours] == ["Linear", "ReLU", "Linear"]
    assert repr(ours.append(nn.Sigmoid())) == repr(theirs.append(torch.nn.Sigmoid()))
    with pytest.raises(IndexError, match="index 7 is out of range"):
        ours[7]


# -- initialisation ----------------------------------------------------------------------------
def test_linear_is_initialised_uniform_within_one_over_sqrt_fan_in():
    anb.manual_seed(0)
    layer = nn.Linear(400, 300)
    bound = 1 / np.sqrt(400)
    for p in (layer.weight, layer.bias):
        values = p.detach().numpy()
        assert np.abs(values).max() <= bound
        assert np.abs(values).max() > 0.95 * bound
    assert abs(layer.weight.detach().numpy().std() - bound / np.sqrt(3)) < 1e-3


def test_initialisation_follows_manual_seed():
    anb.manual_seed(1)
    a = nn.Linear(3, 2).weight.detach().numpy().copy()
    anb.manual_seed(1)
    np.testing.assert_array_equal(nn.Linear(3, 2).weight.detach().numpy(), a)


@pytest.mark.parametrize("args", [("linear",), ("sigmoid",), ("tanh",), ("relu",),
                                  ("leaky_relu",), ("leaky_relu", 0.2), ("selu",)])
def test_calculate_gain_matches_torch(args):
    assert nn.init.calculate_gain(*args) == torch.nn.init.calculate_gain(*args)


INITS = {
    "xavier_uniform_": (lambda init, w: init.xavier_uniform_(w, gain=2.0), "uniform",
                        2.0 * np.sqrt(6 / (300 + 200))),
    "kaiming_uniform_": (lambda init, w: init.kaiming_uniform_(w, nonlinearity="relu"),
                         "uniform", np.sqrt(2) * np.sqrt(3 / 200)),
    "xavier_normal_": (lambda init, w: init.xavier_normal_(w), "normal", np.sqrt(2 / 500)),
    "kaiming_normal_": (lambda init, w: init.kaiming_normal_(w, mode="fan_out"), "normal",
                        np.sqrt(2) / np.sqrt(300)),
    "uniform_": (lambda init, w: init.uniform_(w, -0.5, 0.5), "uniform", 0.5),
    "normal_": (lambda init, w: init.normal_(w, std=0.1), "normal", 0.1),
}


@pytest.mark.parametrize("case", INITS.values(), ids=INITS.keys())
def test_init_draws_from_torchs_distribution(case):
    fill, law, scale = case
    w = nn.Parameter(anb.empty(300, 200))
    assert fill(nn.init, w) is w and w.requires_grad
    values = w.detach().numpy()
    if law == "uniform":
        assert 0.98 * scale < np.abs(values).max() <= scale
    else:
        assert abs(values.std() - scale) < 0.02 * scale


def test_constant_inits_fill_in_place():
    w = nn.Parameter(anb.empty(2, 2))
    assert nn.init.ones_(w).tolist() == [[1.0, 1.0], [1.0, 1.0]]
    assert nn.init.constant_(w, 0.5).tolist() == [[0.5, 0.5], [0.5, 0.5]]
    assert nn.init.zeros_(w).tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_fan_of_a_vector_raises_torchs_error():
    with pytest.raises(ValueError) as theirs:
        torch.nn.init.xavier_uniform_(torch.empty(3))
    with pytest.raises(ValueError) as ours:
        nn.init.xavier_uniform_(anb.empty(3))
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("style", ["modern", "0.2", "0.1"])
def test_a_training_step_gives_the_same_numbers_in_every_era(style):
    """Eras change names and printing, never values: the legacy styles' grad_fn/Variable rules
    must not get in the way of modules and optimizers."""
    before = anb.eras.current_style()
    results = []
    x_values = randn(5, 3)
    try:
        for current in ("modern", style):
            anb.set_printoptions(style=current)
            anb.manual_seed(0)
            model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
            opt = anb.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
            x, y = anb.tensor(x_values), anb.tensor([0, 1, 1, 0, 1])
            for _ in range(2):
                opt.zero_grad()
                nn.CrossEntropyLoss()(model(x), y).backward()
                opt.step()
            results.append([p.detach().numpy().copy() for p in model.parameters()])
    finally:
        anb.set_printoptions(style=before)
    for ours, modern in zip(results[1], results[0]):
        np.testing.assert_array_equal(ours, modern)
