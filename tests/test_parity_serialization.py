"""save/load against torch 2.13, both directions: what torch writes loads here, what autograd_nb
writes loads in torch with ``weights_only=True``; bad files and state_dict mismatches give
torch's errors."""
import io
import pickle

import numpy as np
import pytest

import autograd_nb as anb

torch = pytest.importorskip("torch")

DTYPES = ("float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool")


def through(save, load, obj, **load_args):
    buffer = io.BytesIO()
    save(obj, buffer)
    buffer.seek(0)
    return load(buffer, **load_args)


def ends(direction):
    """(source library, destination library, save, load) of a direction."""
    if direction == "torch->ours":
        return torch, anb, torch.save, anb.load
    return anb, torch, anb.save, torch.load


def values(lib, name):
    return (lib.arange(12).reshape(3, 4) % 5 - 2).to(getattr(lib, name))


@pytest.mark.parametrize("name", DTYPES)
def test_torch_writes_every_dtype_we_read(name):
    ours = through(torch.save, anb.load, values(torch, name))
    assert str(ours.dtype) == f"torch.{name}"
    np.testing.assert_array_equal(ours.numpy(), values(torch, name).numpy())


@pytest.mark.parametrize("name", DTYPES)
def test_we_write_every_dtype_torch_reads(name):
    theirs = through(anb.save, torch.load, values(anb, name), weights_only=True)
    assert str(theirs.dtype) == f"torch.{name}"
    np.testing.assert_array_equal(theirs.numpy(), values(anb, name).numpy())


def views(lib):
    base = lib.arange(24.).reshape(4, 6)
    return {"base": base, "col": base[:, 3], "block": base[1:3, ::2], "t": base.t(),
            "row": base[2], "scalar": base[3, 5], "grad": lib.ones(2, requires_grad=True)}


@pytest.mark.parametrize("weights_only", [True, False])
def test_torch_legacy_format_loads(weights_only):
    """Files torch wrote before 1.6 (or with _use_new_zipfile_serialization=False)."""
    buffer = io.BytesIO()
    torch.save(views(torch), buffer, _use_new_zipfile_serialization=False)
    buffer.seek(0)
    loaded = anb.load(buffer, weights_only=weights_only)
    for key, tensor in views(torch).items():
        assert loaded[key].tolist() == tensor.tolist()
        assert loaded[key].requires_grad == tensor.requires_grad
    with anb.no_grad():
        loaded["base"][2, 3] = -1.
    assert loaded["col"][2].item() == -1.


@pytest.mark.parametrize("direction", ["torch->ours", "ours->torch"])
def test_views_keep_offsets_strides_and_shared_storage(direction):
    save, load, source = ((torch.save, anb.load, views(torch)) if direction == "torch->ours"
                          else (anb.save, torch.load, views(anb)))
    loaded = through(save, load, source)
    for key, tensor in source.items():
        assert loaded[key].tolist() == tensor.tolist()
        assert loaded[key].stride() == tensor.stride()
        assert loaded[key].requires_grad == tensor.requires_grad
    with (torch.no_grad() if direction == "ours->torch" else anb.no_grad()):
        loaded["base"][2, 3] = -1.
    assert loaded["col"][2].item() == -1. and loaded["row"][3].item() == -1.
    assert loaded["t"][3, 2].item() == -1.


def containers(lib):
    return {"list": [lib.tensor(1.), (lib.tensor([True]), {"x": lib.tensor([3], dtype=lib.int8)})],
            "size": lib.Size([2, 5]), "dtype": lib.float16, "device": lib.device("cpu"),
            "plain": (1, -2.5, "s", None, False, b"\x01\x02", {3, 4})}


@pytest.mark.parametrize("direction", ["torch->ours", "ours->torch"])
def test_nested_containers_and_metadata(direction):
    save, load, lib = ((torch.save, anb.load, torch) if direction == "torch->ours"
                       else (anb.save, torch.load, anb))
    loaded = through(save, load, containers(lib))
    assert repr(loaded).replace("anb", "torch") == repr(containers(lib))


def net(lib):
    lib.manual_seed(0)
    return lib.nn.Sequential(lib.nn.Linear(3, 5), lib.nn.Tanh(), lib.nn.Linear(5, 2))


@pytest.mark.parametrize("direction", ["torch->ours", "ours->torch"])
def test_module_state_dict_moves_between_libraries(direction):
    src_lib, dst_lib, save, load = ends(direction)
    source, target = net(src_lib), net(dst_lib)
    assert str(target.load_state_dict(through(save, load, source.state_dict()))) == \
        "<All keys matched successfully>"
    x = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_allclose(target(dst_lib.tensor(x)).detach().numpy(),
                               source(src_lib.tensor(x)).detach().numpy(), rtol=1e-6)


def adam_steps(lib, model, opt, steps):
    x = lib.arange(6.).reshape(2, 3) / 5
    for _ in range(steps):
        opt.zero_grad()
        model(x).pow(2).sum().backward()
        opt.step()


@pytest.mark.parametrize("direction", ["torch->ours", "ours->torch"])
def test_optimizer_state_dict_resumes_training_in_the_other_library(direction):
    src_lib, dst_lib, save, load = ends(direction)
    model = net(src_lib)
    opt = src_lib.optim.Adam(model.parameters(), lr=0.01)
    adam_steps(src_lib, model, opt, 2)
    checkpoint = through(save, load, {"model": model.state_dict(), "opt": opt.state_dict()})
    resumed = net(dst_lib)
    resumed.load_state_dict(checkpoint["model"])
    resumed_opt = dst_lib.optim.Adam(resumed.parameters(), lr=0.5)
    resumed_opt.load_state_dict(checkpoint["opt"])
    adam_steps(src_lib, model, opt, 3)
    adam_steps(dst_lib, resumed, resumed_opt, 3)
    for a, b in zip(model.parameters(), resumed.parameters()):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-5, atol=1e-7)


# -- errors ---------------------------------------------------------------------------------------
def outcome(lib, raw, **kwargs):
    try:
        return lib.load(io.BytesIO(raw), **kwargs)
    except Exception as exc:  # noqa: BLE001 - the error is the outcome compared
        return type(exc).__name__, str(exc)


class Custom:
    pass


def _saved(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def _saved_legacy(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer, _use_new_zipfile_serialization=False)
    return buffer.getvalue()


def _cuda_checkpoint():
    import zipfile
    source, out = zipfile.ZipFile(io.BytesIO(_saved(torch.ones(2)))), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith("data.pkl"):
                data = data.replace(b"X\x03\x00\x00\x00cpu", b"X\x06\x00\x00\x00cuda:0")
            target.writestr(name, data)
    return out.getvalue()


# A file that is no zip at all torch reads as its pre-1.6 format and fails with whatever that
# makes of it (KeyError '101' for text, UnpicklingError for others); autograd_nb, which reads only
# the zip format, says "not a ZIP archive" (test_serialization.py): not compared here.
BAD_FILES = {
    "truncated early": lambda: _saved(torch.ones(50))[:10],
    "truncated half": lambda: _saved(torch.ones(50))[:300],
    "truncated end": lambda: _saved(torch.ones(50))[:-5],
    "legacy truncated in its data": lambda: _saved_legacy(torch.ones(50))[:-5],
    "custom class": lambda: _saved({"c": Custom()}),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_raise_torchs_error(name):
    raw = BAD_FILES[name]()
    assert outcome(anb, raw) == outcome(torch, raw)


@pytest.mark.parametrize("map_location", [None, "cuda", "foo"])
def test_cuda_storages_raise_torchs_error(map_location):
    raw = _cuda_checkpoint()
    assert outcome(anb, raw, map_location=map_location) == \
        outcome(torch, raw, map_location=map_location)


def test_explicit_pickle_module_with_weights_only_is_torchs_error():
    raw = _saved(torch.ones(1))
    assert outcome(anb, raw, pickle_module=pickle, weights_only=True) == \
        outcome(torch, raw, pickle_module=pickle, weights_only=True)


# -- Module.load_state_dict mismatches -----------------------------------------------------------
def mismatched(lib, drop=(), extra=(), reshape=(), replace=None):
    state = dict(net(lib).state_dict())
    for key in drop:
        del state[key]
    for key in extra:
        state[key] = lib.ones(1)
    for key in reshape:
        state[key] = lib.ones(7, 7)
    if replace:
        state.update(replace)
    return state


MISMATCHES = {
    "missing": {"drop": ["0.bias"]},
    "unexpected": {"extra": ["1.weight", "head.bias"]},
    "missing and unexpected": {"drop": ["2.weight", "0.bias"], "extra": ["x"]},
    "shape": {"reshape": ["2.weight"]},
    "all three": {"drop": ["0.bias"], "extra": ["x"], "reshape": ["2.bias"]},
    "not a tensor": {"replace": {"0.weight": 3}},
}


@pytest.mark.parametrize("strict", [True, False])
@pytest.mark.parametrize("case", MISMATCHES)
def test_load_state_dict_mismatch_is_torchs(case, strict):
    def attempt(lib):
        try:
            result = net(lib).load_state_dict(mismatched(lib, **MISMATCHES[case]), strict=strict)
            return repr(result)
        except Exception as exc:  # noqa: BLE001
            return type(exc).__name__, str(exc)
    assert attempt(anb) == attempt(torch)


def test_load_state_dict_refuses_non_mappings_as_torch():
    def attempt(lib):
        try:
            net(lib).load_state_dict([1])
        except Exception as exc:  # noqa: BLE001
            return type(exc).__name__, str(exc)
    assert attempt(anb) == attempt(torch)


@pytest.mark.parametrize("name", ["bfloat16", "complex64"])
def test_dtypes_autograd_nb_lacks_are_named_not_misread(name):
    """A dtype autograd_nb lacks (bfloat16 without ml_dtypes) fails the load whole, naming it
    (or the package it needs)."""
    raw = _saved({"ok": torch.ones(1), "other": torch.ones(2, dtype=getattr(torch, name))})
    if hasattr(anb, name) and getattr(anb, name).available:
        assert str(anb.load(io.BytesIO(raw))["other"].dtype) == f"torch.{name}"
    elif hasattr(anb, name):
        with pytest.raises(RuntimeError, match=f"torch.{name} needs the 'ml_dtypes' package"):
            anb.load(io.BytesIO(raw))
    else:
        with pytest.raises(RuntimeError, match=f"autograd_nb has no dtype torch.{name}"):
            anb.load(io.BytesIO(raw))


def test_load_state_dict_assign_takes_the_checkpoint_tensors():
    def attempt(lib):
        model = net(lib)
        state = {k: v * 0 + 0.5 for k, v in net(lib).state_dict().items()}
        model[0].weight.requires_grad_(False)
        model.load_state_dict(state, assign=True)
        w = model[0].weight
        return (type(w).__name__, w.requires_grad, w.data_ptr() == state["0.weight"].data_ptr(),
                model[2].bias.tolist(), [n for n, _ in model.named_parameters()])
    assert attempt(anb) == attempt(torch)
