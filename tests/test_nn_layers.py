"""Convolution, pooling, batch norm, dropout and flatten layers against torch 2.13: values,
gradients and node names of the functions over a table of argument forms, the modules' reprs
and initialisation (torch's kaiming-uniform bounds, drawn in torch's order), running
statistics, and torch's errors for bad arguments."""
import re

import numpy as np
import pytest

import autograd_nb as anb

torch = pytest.importorskip("torch")


def F(lib):
    return lib.nn.functional


CALLS = {
    "conv2d": (lambda L, x, w, b: F(L).conv2d(x, w, b), (2, 3, 7, 6), (4, 3, 3, 2), (4,)),
    "conv2d stride padding dilation": (
        lambda L, x, w, b: F(L).conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(2, 1)),
        (2, 3, 9, 8), (4, 3, 3, 2), (4,)),
    "conv2d groups": (lambda L, x, w: F(L).conv2d(x, w, None, 2, 1, 1, 3), (2, 6, 9, 8),
                      (9, 2, 3, 3)),
    "conv2d depthwise": (lambda L, x, w: F(L).conv2d(x, w, groups=4), (1, 4, 5, 5),
                         (8, 1, 3, 3)),
    "conv2d same": (lambda L, x, w: F(L).conv2d(x, w, padding="same", dilation=2), (2, 2, 9, 8),
                    (3, 2, 3, 3)),
    "conv2d same even kernel": (lambda L, x, w: F(L).conv2d(x, w, padding="same"),
                                (2, 2, 9, 8), (3, 2, 4, 2)),
    "conv2d valid": (lambda L, x, w: F(L).conv2d(x, w, padding="valid"), (1, 2, 5, 5),
                     (3, 2, 2, 2)),
    "conv2d unbatched": (lambda L, x, w: F(L).conv2d(x, w), (2, 9, 8), (3, 2, 4, 2)),
    "conv2d 1x1": (lambda L, x, w: F(L).conv2d(x, w), (2, 5, 3, 3), (2, 5, 1, 1)),
    "conv1d": (lambda L, x, w, b: F(L).conv1d(x, w, b, stride=2, padding=1), (2, 3, 11),
               (4, 3, 3), (4,)),
    "conv1d unbatched groups": (lambda L, x, w: F(L).conv1d(x, w, groups=2, dilation=2),
                                (4, 9), (2, 2, 3)),
    "max_pool2d": (lambda L, x: F(L).max_pool2d(x, 2), (2, 3, 7, 6)),
    "max_pool2d stride padding ceil": (lambda L, x: F(L).max_pool2d(x, 3, 2, 1, ceil_mode=True),
                                       (2, 3, 8, 7)),
    "max_pool2d dilation": (lambda L, x: F(L).max_pool2d(x, (3, 2), (1, 2), (1, 0), 2, True),
                            (2, 3, 8, 7)),
    "max_pool2d unbatched": (lambda L, x: F(L).max_pool2d(x, 2), (3, 7, 6)),
    "max_pool2d indices": (lambda L, x: F(L).max_pool2d(x, 3, 2, 1, return_indices=True)[0],
                           (1, 2, 6, 5)),
    "max_pool1d": (lambda L, x: F(L).max_pool1d(x, 3, 2, 1), (2, 3, 9)),
    "avg_pool2d": (lambda L, x: F(L).avg_pool2d(x, 2), (2, 3, 7, 6)),
    "avg_pool2d padding ceil": (lambda L, x: F(L).avg_pool2d(x, 3, 2, 1, ceil_mode=True),
                                (2, 3, 8, 7)),
    "avg_pool2d exclude padding": (
        lambda L, x: F(L).avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
        (2, 3, 8, 7)),
    "avg_pool2d divisor": (lambda L, x: F(L).avg_pool2d(x, 3, 2, 1, divisor_override=2),
                           (2, 3, 8, 7)),
    "avg_pool2d unbatched": (lambda L, x: F(L).avg_pool2d(x, 2), (3, 7, 6)),
    "avg_pool1d": (lambda L, x: F(L).avg_pool1d(x, 3, 2, 1), (2, 3, 9)),
    "adaptive_avg_pool2d": (lambda L, x: F(L).adaptive_avg_pool2d(x, (3, 4)), (2, 3, 7, 6)),
    "adaptive_avg_pool2d to 1": (lambda L, x: F(L).adaptive_avg_pool2d(x, 1), (2, 3, 7, 6)),
    "adaptive_avg_pool2d None": (lambda L, x: F(L).adaptive_avg_pool2d(x, (5, None)),
                                 (3, 7, 6)),
    "adaptive_avg_pool2d larger": (lambda L, x: F(L).adaptive_avg_pool2d(x, (5, 7)),
                                   (1, 2, 3, 4)),
    "adaptive_avg_pool1d": (lambda L, x: F(L).adaptive_avg_pool1d(x, 4), (2, 3, 9)),
    "batch_norm training": (lambda L, x, w, b: F(L).batch_norm(x, None, None, w, b, True),
                            (4, 3, 2, 2), (3,), (3,)),
    "unflatten": (lambda L, x: x.unflatten(1, (2, -1)), (3, 8)),
    "pad constant": (lambda L, x: F(L).pad(x, (1, 2, 0, 1), value=1.5), (2, 3, 4)),
    "pad crop": (lambda L, x: F(L).pad(x, (-1, 2, 1, -2)), (2, 3, 4, 5)),
    "pad reflect": (lambda L, x: F(L).pad(x, (1, 2, 3, 1), mode="reflect"), (2, 3, 4, 5)),
    "pad replicate": (lambda L, x: F(L).pad(x, (2, 3), mode="replicate"), (2, 3, 4)),
    "pad circular": (lambda L, x: F(L).pad(x, (1, 2, 2, 1), mode="circular"), (3, 4, 5)),
    "conv reflect": (lambda L, x: conv_with(L, x, "reflect", (1, 2))(x), (2, 2, 5, 6)),
    "conv replicate same": (lambda L, x: conv_with(L, x, "replicate", "same")(x), (2, 2, 5, 6)),
    "conv circular": (lambda L, x: conv_with(L, x, "circular", 1)(x), (2, 2, 5, 6)),
    "conv1d reflect": (lambda L, x: conv_with(L, x, "reflect", 2, nd=1)(x), (2, 2, 7)),
    "flatten module": (lambda L, x: L.nn.Flatten()(x), (3, 2, 4)),
}


def conv_with(lib, like, mode, padding, nd=2):
    """A conv layer with ``padding_mode``, its parameters fixed (the same in both libraries),
    in the dtype of ``like``."""
    conv = (lib.nn.Conv2d if nd == 2 else lib.nn.Conv1d)(2, 3, 3, padding=padding,
                                                         padding_mode=mode)
    with lib.no_grad():
        values = np.linspace(-1, 1, conv.weight.numel()).reshape(tuple(conv.weight.shape))
        conv.weight.copy_(lib.tensor(values))
        conv.bias.copy_(lib.tensor([0.1, -0.2, 0.3]))
    return conv.to(like.dtype)


def run(lib, call, shapes, dtype):
    rng = np.random.default_rng(len(shapes) * 7 + sum(map(len, shapes)))
    xs = [lib.tensor(rng.standard_normal(s), dtype=getattr(lib, dtype), requires_grad=True)
          for s in shapes]
    out = call(lib, *xs)
    out.backward(lib.tensor(rng.standard_normal(tuple(out.shape)), dtype=out.dtype))
    return (out.detach().numpy(), [x.grad.numpy() for x in xs], type(out.grad_fn).__name__,
            str(out.dtype), tuple(out.shape))


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", CALLS)
def test_values_gradients_and_nodes_match_torch(name, dtype):
    call, *shapes = CALLS[name]
    ours, theirs = run(anb, call, shapes, dtype), run(torch, call, shapes, dtype)
    assert ours[2:] == theirs[2:]
    tol = 1e-4 if dtype == "float32" else 1e-10
    np.testing.assert_allclose(ours[0], theirs[0], rtol=tol, atol=tol)
    for g, tg in zip(ours[1], theirs[1]):
        np.testing.assert_allclose(g, tg, rtol=tol, atol=tol)


def test_max_pool_indices_match_torch():
    x = np.random.default_rng(1).standard_normal((2, 3, 7, 6))
    for kwargs in ({"kernel_size": 2}, {"kernel_size": 3, "stride": 2, "padding": 1,
                                        "ceil_mode": True}, {"kernel_size": 2, "dilation": 2}):
        _, ours = F(anb).max_pool2d(anb.tensor(x), return_indices=True, **kwargs)
        _, theirs = F(torch).max_pool2d(torch.tensor(x), return_indices=True, **kwargs)
        assert ours.dtype == anb.int64
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_max_pool_of_integers_and_nan_as_torch():
    x = np.arange(30).reshape(1, 1, 5, 6)
    assert F(anb).max_pool2d(anb.tensor(x), 2).tolist() == \
        F(torch).max_pool2d(torch.tensor(x), 2).tolist()
    y = np.ones((1, 1, 4, 4))
    y[0, 0, 1, 1] = np.nan
    ours = F(anb).max_pool2d(anb.tensor(y), 2).numpy()
    theirs = F(torch).max_pool2d(torch.tensor(y), 2).numpy()
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))


MODULES = {
    "conv2d": lambda nn: nn.Conv2d(3, 6, 5),
    "conv2d options": lambda nn: nn.Conv2d(3, 6, (5, 3), stride=2, padding=1, bias=False,
                                           groups=3, dilation=2, padding_mode="reflect"),
    "conv2d same": lambda nn: nn.Conv2d(2, 4, 3, padding="same"),
    "conv1d": lambda nn: nn.Conv1d(3, 6, 5, padding="same"),
    "max_pool2d": lambda nn: nn.MaxPool2d(2, 2),
    "max_pool2d options": lambda nn: nn.MaxPool2d(3, 1, 1, ceil_mode=True, return_indices=True),
    "max_pool1d": lambda nn: nn.MaxPool1d(3),
    "avg_pool2d": lambda nn: nn.AvgPool2d(3),
    "avg_pool1d": lambda nn: nn.AvgPool1d(3),
    "adaptive2d": lambda nn: nn.AdaptiveAvgPool2d((1, 1)),
    "adaptive1d": lambda nn: nn.AdaptiveAvgPool1d(3),
    "unflatten": lambda nn: nn.Unflatten(1, (2, 5)),
    "pads": lambda nn: nn.Sequential(
        nn.ZeroPad2d(2), nn.ZeroPad1d((1, 2)), nn.ReflectionPad2d((1, 2, 3, 4)),
        nn.ConstantPad1d(2, 3.5), nn.ConstantPad2d(1, 0), nn.CircularPad1d(1),
        nn.ReplicationPad2d(1), nn.ReflectionPad1d(2), nn.ReplicationPad1d((0, 1)),
        nn.CircularPad2d(1)),
    "batch_norm2d": lambda nn: nn.BatchNorm2d(3),
    "batch_norm1d options": lambda nn: nn.BatchNorm1d(3, eps=1e-3, momentum=None, affine=False),
    "dropout2d": lambda nn: nn.Dropout2d(0.3),
    "dropout1d": lambda nn: nn.Dropout1d(),
    "cifar net": lambda nn: nn.Sequential(
        nn.Conv2d(3, 6, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(6, 16, 5), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.BatchNorm1d(120), nn.Dropout(0.2)),
}


def described(lib, make):
    module = make(lib.nn)
    return (repr(module), [(name, tuple(p.shape), str(p.dtype))
                           for name, p in module.state_dict().items()])


@pytest.mark.parametrize("name", MODULES)
def test_module_repr_and_state_dict_match_torch(name):
    assert described(anb, MODULES[name]) == described(torch, MODULES[name])


def draws_of(lib, make, monkeypatch):
    """The (shape, low, high) of each uniform_ draw a module's initialisation makes."""
    seen = []
    original = lib.Tensor.uniform_

    def uniform_(self, a=0.0, b=1.0, **kwargs):
        seen.append((tuple(self.shape), round(a, 12), round(b, 12)))
        return original(self, a, b, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(lib.Tensor, "uniform_", uniform_)
        make(lib.nn)
    return seen


@pytest.mark.parametrize("name", ["conv2d", "conv2d options", "conv1d", "cifar net"])
def test_initialisation_draws_torchs_bounds_in_torchs_order(name, monkeypatch):
    assert draws_of(anb, MODULES[name], monkeypatch) == draws_of(torch, MODULES[name],
                                                                 monkeypatch)


def test_conv_parameters_lie_within_the_kaiming_uniform_bound():
    conv = anb.nn.Conv2d(3, 8, 3)
    bound = 1 / np.sqrt(3 * 3 * 3)
    assert np.abs(conv.weight.detach().numpy()).max() <= bound
    assert np.abs(conv.bias.detach().numpy()).max() <= bound
    assert np.abs(conv.weight.detach().numpy()).max() > bound / 2


NORMS = {
    "2d": (lambda nn: nn.BatchNorm2d(3), (4, 3, 5, 5)),
    "1d cumulative": (lambda nn: nn.BatchNorm1d(3, momentum=None), (4, 3)),
    "1d not affine": (lambda nn: nn.BatchNorm1d(3, affine=False), (4, 3, 6)),
    "2d no running stats": (lambda nn: nn.BatchNorm2d(3, track_running_stats=False),
                            (4, 3, 2, 2)),
    "2d no bias": (lambda nn: nn.BatchNorm2d(3, bias=False), (4, 3, 2, 2)),
}


def train_then_eval(lib, make, shape):
    rng = np.random.default_rng(5)
    module = make(lib.nn)
    seen = []
    for step in range(4):
        if step == 3:
            module.eval()
        x = lib.tensor(rng.standard_normal(shape), dtype=lib.float32, requires_grad=True)
        y = module(x)
        y.backward(lib.tensor(rng.standard_normal(shape), dtype=lib.float32))
        seen.append((y.detach().numpy(), x.grad.numpy(), type(y.grad_fn).__name__))
    state = {k: v.numpy() for k, v in module.state_dict().items()}
    return seen, state, [p.grad.numpy() for p in module.parameters()]


@pytest.mark.parametrize("name", NORMS)
def test_batch_norm_trains_and_evaluates_as_torch(name):
    ours, theirs = train_then_eval(anb, *NORMS[name]), train_then_eval(torch, *NORMS[name])
    for (y, g, node), (ty, tg, tnode) in zip(ours[0], theirs[0]):
        assert node == tnode
        np.testing.assert_allclose(y, ty, atol=2e-6)
        np.testing.assert_allclose(g, tg, atol=2e-6)
    assert ours[1].keys() == theirs[1].keys()
    for key in ours[1]:
        np.testing.assert_allclose(ours[1][key], theirs[1][key], rtol=1e-5, atol=1e-7)
    for g, tg in zip(ours[2], theirs[2]):
        np.testing.assert_allclose(g, tg, rtol=1e-5, atol=1e-5)


def test_dropout2d_zeroes_whole_channels_and_scales_the_rest():
    out = F(anb).dropout2d(anb.ones(8, 16, 3, 3), 0.5).numpy()
    per_channel = out.reshape(8, 16, 9)
    assert np.all((per_channel == 0).all(-1) | (per_channel == 2).all(-1))
    assert 0 < (per_channel == 0).all(-1).mean() < 1


ERRORS = {
    "conv input rank": lambda L, w: F(L).conv2d(L.zeros(2, 3), w),
    "conv channels": lambda L, w: F(L).conv2d(L.zeros(1, 2, 8, 8), w),
    "conv kernel too large": lambda L, w: F(L).conv2d(L.zeros(1, 1, 2, 2), w),
    "conv same strided": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w, stride=2,
                                                  padding="same"),
    "conv padding string": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w, padding="foo"),
    "conv stride zero": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w, stride=0),
    "conv negative padding": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w, padding=-1),
    "conv groups": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w, groups=2),
    "conv bias size": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w, bias=L.zeros(3)),
    "conv dtypes": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8, dtype=L.float64), w),
    "conv weight dtype": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w.double()),
    "conv bias dtype": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w,
                                                L.zeros(4, dtype=L.float64)),
    "conv dilation": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w, dilation=0),
    "conv stride length": lambda L, w: F(L).conv2d(L.zeros(1, 1, 8, 8), w, stride=(1, 2, 3)),
    "module groups": lambda L, w: L.nn.Conv2d(3, 4, 3, groups=2),
    "module out groups": lambda L, w: L.nn.Conv2d(4, 3, 3, groups=2),
    "module padding": lambda L, w: L.nn.Conv2d(4, 4, 3, padding="foo"),
    "module same strided": lambda L, w: L.nn.Conv2d(4, 4, 3, stride=2, padding="same"),
    "module padding_mode": lambda L, w: L.nn.Conv2d(4, 4, 3, padding_mode="foo"),
    "module groups zero": lambda L, w: L.nn.Conv2d(4, 4, 3, groups=0),
    "pool padding": lambda L, w: F(L).max_pool2d(L.zeros(1, 1, 5, 5), 2, padding=2),
    "pool rank": lambda L, w: F(L).max_pool2d(L.zeros(5, 5), 2),
    "pool too small": lambda L, w: F(L).max_pool2d(L.zeros(1, 1, 5, 5), 6),
    "pool kernel zero": lambda L, w: F(L).max_pool2d(L.zeros(1, 1, 5, 5), 0),
    "pool kernel negative": lambda L, w: F(L).max_pool2d(L.zeros(1, 1, 5, 5), -1),
    "pool kernel length": lambda L, w: F(L).max_pool2d(L.zeros(1, 1, 5, 5), (2, 2, 2)),
    "pool dilation": lambda L, w: F(L).max_pool2d(L.zeros(1, 1, 5, 5), 2, dilation=0),
    "pool negative padding": lambda L, w: F(L).max_pool2d(L.zeros(1, 1, 5, 5), 2, padding=-1),
    "avg pool too small": lambda L, w: F(L).avg_pool2d(L.zeros(1, 1, 5, 5), 6),
    "avg pool padding": lambda L, w: F(L).avg_pool2d(L.zeros(1, 1, 5, 5), 2, padding=2),
    "adaptive rank": lambda L, w: F(L).adaptive_avg_pool2d(L.zeros(5, 5), 2),
    "adaptive size": lambda L, w: F(L).adaptive_avg_pool2d(L.zeros(1, 1, 5, 5), (2,)),
    "unflatten sizes": lambda L, w: L.nn.Unflatten(1, (2, 5))(L.zeros(3, 11)),
    "unflatten type": lambda L, w: L.nn.Unflatten(1, 5),
    "unflatten empty": lambda L, w: L.zeros(3, 4).unflatten(1, ()),
    "batch norm one value": lambda L, w: L.nn.BatchNorm1d(3)(L.zeros(1, 3)),
    "batch norm 2d rank": lambda L, w: L.nn.BatchNorm2d(3)(L.zeros(3, 5, 5)),
    "batch norm 1d rank": lambda L, w: L.nn.BatchNorm1d(3)(L.zeros(2, 3, 4, 5)),
    "batch norm channels": lambda L, w: L.nn.BatchNorm2d(3)(L.zeros(2, 4, 5, 5)),
    "dropout1d rank": lambda L, w: F(L).dropout1d(L.zeros(2, 3, 4, 5)),
    "dropout2d p": lambda L, w: F(L).dropout2d(L.zeros(2, 3, 4, 5), 1.5),
    "pad odd": lambda L, w: F(L).pad(L.zeros(2, 3), (1,)),
    "pad too long": lambda L, w: F(L).pad(L.zeros(2, 3), (1, 1, 1, 1, 1, 1)),
    "pad mode": lambda L, w: F(L).pad(L.zeros(2, 3), (1, 1), mode="foo"),
    "pad value": lambda L, w: F(L).pad(L.zeros(2, 3, 4), (1, 1), mode="reflect", value=2),
    "pad combination": lambda L, w: F(L).pad(L.zeros(1, 2, 4, 5), (1, 1), mode="reflect"),
    "pad reflect size": lambda L, w: F(L).pad(L.zeros(1, 2, 4, 5), (1, 1, 4, 1),
                                              mode="reflect"),
}


def _sorted_sets(text):
    """torch prints some choices as a Python set, whose order changes with the hash seed."""
    return re.sub(r"\{([^{}]*)\}", lambda m: "{" + ", ".join(sorted(m[1].split(", "))) + "}",
                  text)


def error_of(lib, make):
    try:
        make(lib, lib.zeros(4, 1, 3, 3, requires_grad=True))
    except Exception as exc:  # noqa: BLE001 - the error is what is compared
        return type(exc).__name__, _sorted_sets(re.sub(r"torch\.Size|autograd_nb", "",
                                                       str(exc)))
    return None


@pytest.mark.parametrize("name", ERRORS)
def test_bad_arguments_raise_torchs_error(name):
    theirs = error_of(torch, ERRORS[name])
    assert theirs is not None
    assert error_of(anb, ERRORS[name]) == theirs


@pytest.mark.parametrize("option", ["stride", "padding", "dilation"])
def test_pool_options_of_the_wrong_length_raise_torchs_error(option):
    def make(lib, _):
        F(lib).max_pool2d(lib.zeros(1, 1, 5, 5), 2, **{option: (1, 1, 1)})
    assert error_of(anb, make) == error_of(torch, make)
