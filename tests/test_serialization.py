"""save/load in PyTorch's checkpoint format, without torch: checkpoints torch 2.13 wrote
(tests/data/checkpoints, made by make.py there), round trips, file kinds, map_location, the
allow-list, and bad files. test_parity_serialization.py checks both directions against torch."""
import io
import os
import pathlib
import pickle
import zipfile

import numpy as np
import pytest

import autograd_nb as anb
from autograd_nb import nn, optim

HERE = pathlib.Path(__file__).parent / "data" / "checkpoints"
DTYPES = ("float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool")


def roundtrip(obj, **load_args):
    buffer = io.BytesIO()
    anb.save(obj, buffer)
    buffer.seek(0)
    return anb.load(buffer, **load_args)


def model():
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))


# -- checkpoints torch wrote ---------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["tensors.pt", "tensors_legacy_format.pt"])
def test_torch_checkpoint_holds_every_dtype(fmt):
    dtypes = anb.load(HERE / fmt)["dtypes"]
    for name in DTYPES:
        expected = (np.arange(6) % 3 - 1).astype(getattr(anb, name).np)
        assert dtypes[name].dtype is getattr(anb, name)
        np.testing.assert_array_equal(dtypes[name].numpy(), expected)


@pytest.mark.parametrize("fmt", ["tensors.pt", "tensors_legacy_format.pt"])
def test_torch_checkpoint_views_share_their_storage(fmt):
    loaded = anb.load(HERE / fmt)
    assert loaded["column"].tolist() == [1., 5., 9.]
    assert loaded["block"].tolist() == [[4., 6.], [8., 10.]]
    assert loaded["block"].stride() == (4, 2) and loaded["transposed"].stride() == (1, 4)
    loaded["base"][1, 2] = -6.
    assert loaded["block"][0, 1].item() == -6. and loaded["transposed"][2, 1].item() == -6.


@pytest.mark.parametrize("fmt", ["tensors.pt", "tensors_legacy_format.pt"])
def test_torch_checkpoint_nested_containers_and_metadata(fmt):
    loaded = anb.load(HERE / fmt)
    (scalar, inner), = loaded["nested"]
    assert scalar.item() == 1.5 and inner["deep"].dtype is anb.int64
    assert loaded["requires_grad"].requires_grad and loaded["requires_grad"].is_leaf
    assert loaded["meta"] == (anb.Size([2, 3]), anb.float64, anb.device("cpu"), "text", 7, 2.5,
                              None)
    assert isinstance(loaded["meta"][0], anb.Size)


def test_torch_state_dict_loads_into_a_module():
    state = anb.load(HERE / "sequential_state_dict.pt")
    assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert state._metadata[""] == {"version": 1}
    net = model()
    assert str(net.load_state_dict(state)) == "<All keys matched successfully>"
    np.testing.assert_allclose(net[2].bias.detach().numpy(), [-3., -2.9])


def test_torch_adam_state_equals_ours_after_the_same_steps():
    """torch's Adam state after two steps (in the file) equals ours replaying them, and loads
    into our Adam."""
    net = model()
    net.load_state_dict(anb.load(HERE / "sequential_state_dict.pt"))
    opt = optim.Adam(net.parameters(), lr=0.01)
    x = anb.arange(6.).reshape(2, 3) / 5
    for _ in range(2):
        opt.zero_grad()
        net(x).pow(2).sum().backward()
        opt.step()
    theirs = anb.load(HERE / "adam_state_dict.pt")
    for index, state in opt.state_dict()["state"].items():
        for key in ("step", "exp_avg", "exp_avg_sq"):
            np.testing.assert_allclose(state[key].numpy(), theirs["state"][index][key].numpy(),
                                       rtol=1e-5, atol=1e-7)
    after = anb.load(HERE / "sequential_after_adam.pt")
    for name, value in net.state_dict().items():
        np.testing.assert_allclose(value.numpy(), after[name].numpy(), rtol=1e-5, atol=1e-7)
    fresh = optim.Adam(model().parameters(), lr=0.5)
    fresh.load_state_dict(theirs)
    assert fresh.param_groups[0]["lr"] == 0.01
    assert fresh.state_dict()["state"][3]["exp_avg"].tolist() == \
        theirs["state"][3]["exp_avg"].tolist()


# -- round trips -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", DTYPES)
def test_roundtrip_keeps_dtype_and_values(name):
    dt = getattr(anb, name)
    tensor = anb.tensor([[0, 1, 2], [3, 4, 5]]).to(dt)
    back = roundtrip(tensor)
    assert back.dtype is dt and back.tolist() == tensor.tolist()


def test_roundtrip_views_share_one_storage():
    base = anb.arange(12.).reshape(3, 4)
    back = roundtrip({"base": base, "view": base[1:, ::2], "row": base[2]})
    back["base"][2, 2] = 100.
    assert back["view"][1, 1].item() == 100. and back["row"][2].item() == 100.


def test_roundtrip_copies_views_torch_cannot_express():
    """A negative-stride view (NumPy has them, torch does not) is saved as a copy."""
    reversed_view = anb.from_numpy(np.arange(4.)[::-1])
    back = roundtrip(reversed_view)
    assert back.tolist() == [3., 2., 1., 0.] and back.stride() == (1,)


def test_roundtrip_parameters_leaves_and_attributes():
    param = nn.Parameter(anb.ones(2))
    leaf = anb.tensor([1., 2.], requires_grad=True)
    leaf.note = "kept"
    back = roundtrip([param, leaf, param])
    assert isinstance(back[0], nn.Parameter) and back[0].requires_grad
    assert back[1].requires_grad and back[1].note == "kept"
    assert back[2] is back[0]  # one object twice stays one object


def test_roundtrip_plain_python_values():
    value = {"t": (1, 2.5, "s", None, True), "b": b"\x00\xff", "set": {1, 2}, "c": 1 + 2j,
             "size": anb.Size([1, 2]), "dtype": anb.uint8, "device": anb.device("cpu"),
             "nested": [[{"x": []}]]}
    assert roundtrip(value) == value


def test_roundtrip_module_state_dict():
    source, target = model(), model()
    target.load_state_dict(roundtrip(source.state_dict()))
    for a, b in zip(source.parameters(), target.parameters()):
        assert a.tolist() == b.tolist()


# -- where from and where to ----------------------------------------------------------------------
def test_paths_file_objects_and_buffers(tmp_path):
    tensor = anb.arange(3)
    path = tmp_path / "t.pt"
    anb.save(tensor, path)
    assert anb.load(path).tolist() == [0, 1, 2]
    assert anb.load(str(path)).tolist() == [0, 1, 2]
    assert zipfile.ZipFile(path).namelist()[0] == "t/data.pkl"  # torch names the folder so
    with open(tmp_path / "f.pt", "wb") as f:
        anb.save(tensor, f)
    with open(tmp_path / "f.pt", "rb") as f:
        assert anb.load(f).tolist() == [0, 1, 2]


def test_storage_records_are_aligned_for_memory_mapping(tmp_path):
    anb.save({"a": anb.ones(3), "b": anb.arange(5)}, tmp_path / "m.pt")
    archive = zipfile.ZipFile(tmp_path / "m.pt")
    raw = (tmp_path / "m.pt").read_bytes()
    for info in archive.infolist():
        name_len, extra_len = np.frombuffer(raw[info.header_offset + 26:][:4], "<u2")
        assert (info.header_offset + 30 + name_len + extra_len) % 64 == 0
    mapped = anb.load(tmp_path / "m.pt", mmap=True)
    assert mapped["b"].tolist() == [0, 1, 2, 3, 4]


def test_mmap_needs_a_path():
    with pytest.raises(ValueError, match="f must be a file path in order to use the mmap"):
        anb.load(io.BytesIO(b""), mmap=True)


def _with_location(location):
    """A checkpoint whose one storage claims to live at ``location``."""
    buffer = io.BytesIO()
    anb.save(anb.ones(2), buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith("data.pkl"):
                data = data.replace(b"X\x03\x00\x00\x00cpu",
                                    b"X" + len(location).to_bytes(4, "little") + location.encode())
            target.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("map_location", ["cpu", anb.device("cpu"), {"cuda:0": "cpu"},
                                          lambda storage, location: storage])
def test_map_location_brings_cuda_storages_to_the_cpu(map_location):
    loaded = anb.load(io.BytesIO(_with_location("cuda:0")), map_location=map_location)
    assert loaded.tolist() == [1., 1.]


@pytest.mark.parametrize("map_location", [None, "cuda", anb.device("cuda", 0)])
def test_cuda_storages_without_cuda_raise_torchs_error(map_location):
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device"):
        anb.load(io.BytesIO(_with_location("cuda:0")), map_location=map_location)


def test_unknown_location_raises_torchs_error():
    with pytest.raises(RuntimeError, match=r"don't know how to restore data location of "
                                           r"torch.storage.UntypedStorage \(tagged with foo\)"):
        anb.load(io.BytesIO(_with_location("cpu")), map_location="foo")


# -- the allow-list ----------------------------------------------------------------------------
class Config:
    def __init__(self, depth):
        self.depth = depth


def test_weights_only_refuses_other_globals_with_torchs_advice():
    with pytest.raises(pickle.UnpicklingError, match=r"Unsupported global: GLOBAL "
                                                     r"test_serialization.Config was not an "
                                                     r"allowed global by default"):
        roundtrip({"config": Config(3)})
    assert roundtrip({"config": Config(3)}, weights_only=False)["config"].depth == 3


def test_safe_globals_allow_a_class():
    with anb.serialization.safe_globals([Config]):
        assert roundtrip(Config(4)).depth == 4
    assert Config not in anb.serialization.get_safe_globals()
    anb.serialization.add_safe_globals([Config])
    try:
        assert Config in anb.serialization.get_safe_globals()
        assert roundtrip([Config(5)])[0].depth == 5
    finally:
        anb.serialization.clear_safe_globals()


def _checkpoint_with_pickle(pickled):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("archive/data.pkl", pickled)
        archive.writestr("archive/version", b"3\n")
    return io.BytesIO(out.getvalue())


def test_loading_never_runs_code_it_was_not_allowed(monkeypatch):
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    calls_system = b"\x80\x02cos\nsystem\nX\x04\x00\x00\x00true\x85R."  # os.system("true")
    with pytest.raises(pickle.UnpicklingError, match=r"GLOBAL os.system was not an allowed"):
        anb.load(_checkpoint_with_pickle(calls_system))
    assert calls == []


@pytest.mark.parametrize("pickled, message", [
    (b"\x80\x02]q\x00h\x05.", "Memo value not found at index 5"),
    (b"\x80\x02\x82\x01.", "Unsupported operand 130"),
    (b"\x80\x02K\x01}b.", "Can only build Tensor, Parameter, OrderedDict or types allowlisted"),
    (b"\x80\x02]q\x00", "pickle exhausted before seeing STOP"),
    (b"\x80\x02s.", "IndexError"),
])
def test_malformed_pickles_raise_unpickling_errors(pickled, message):
    with pytest.raises(pickle.UnpicklingError, match=message):
        anb.load(_checkpoint_with_pickle(pickled))


# -- bad files ------------------------------------------------------------------------------------
def test_truncated_file_says_the_zip_is_corrupt():
    buffer = io.BytesIO()
    anb.save({"w": anb.ones(100)}, buffer)
    for cut in (30, len(buffer.getvalue()) // 2, len(buffer.getvalue()) - 5):
        with pytest.raises(RuntimeError, match="failed finding central directory"):
            anb.load(io.BytesIO(buffer.getvalue()[:cut]))
    with pytest.raises(RuntimeError, match="not a ZIP archive"):  # too short for an end record
        anb.load(io.BytesIO(buffer.getvalue()[:21]))


def test_foreign_files_fail_as_torch_reads_them():
    """What is not a zip is read as torch's legacy format, a pickle: its own error then."""
    with pytest.raises(EOFError):
        anb.load(io.BytesIO(b""))
    with pytest.raises(pickle.UnpicklingError, match="Unsupported operand 110"):  # 'n'
        anb.load(io.BytesIO(b"not a checkpoint"))
    with pytest.raises(RuntimeError, match="Invalid magic number; corrupt file"):
        anb.load(io.BytesIO(pickle.dumps({"a": 1}, protocol=2)))
    with pytest.raises(pickle.UnpicklingError, match="Unsupported operand 149"), \
            pytest.warns(UserWarning, match="Detected pickle protocol 4"):  # FRAME
        anb.load(io.BytesIO(pickle.dumps({"a": 1}, protocol=4)))
    with pytest.raises(RuntimeError, match="not a ZIP archive"):
        anb.load(io.BytesIO(b"PK\x03\x04 short"))


def test_truncated_legacy_file_says_how_many_bytes_are_missing():
    raw = (HERE / "tensors_legacy_format.pt").read_bytes()
    with pytest.raises(RuntimeError, match="unexpected EOF, expected 3 more bytes"):
        anb.load(io.BytesIO(raw[:-3]))
    with pytest.raises(pickle.UnpicklingError, match=r"WeightsUnpickler error: \s+ValueError"):
        anb.load(io.BytesIO(raw[:200]))  # cut inside the pickle


def test_zip_that_is_no_checkpoint_names_the_missing_record():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", b"hi")
    with pytest.raises(RuntimeError, match="failed locating file data.pkl"):
        anb.load(io.BytesIO(out.getvalue()))


def test_missing_storage_record_fails_whole():
    buffer = io.BytesIO()
    anb.save([anb.ones(2), anb.zeros(2)], buffer)
    source, out = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if not name.endswith("data/1"):
                target.writestr(name, source.read(name))
    with pytest.raises(RuntimeError, match="failed locating file data/1"):
        anb.load(io.BytesIO(out.getvalue()))


def test_storage_too_small_for_the_tensor_is_refused():
    buffer = io.BytesIO()
    anb.save(anb.ones(4)[:2], buffer)
    source, out = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[:4] if name.endswith("data/0") else data)
    with pytest.raises(RuntimeError, match="storage data/0 holds 1 elements, the file says 4"):
        anb.load(io.BytesIO(out.getvalue()))


def test_explicit_pickle_module_needs_weights_only_false():
    with pytest.raises(RuntimeError, match="Can not safely load weights when explicit "
                                           "pickle_module is specified"):
        anb.load(io.BytesIO(b""), pickle_module=pickle)


def test_the_saving_and_loading_tutorial_runs(tmp_path):
    """PyTorch's "Saving and Loading Models" recipe: a general checkpoint (state_dicts, the
    epoch, the loss tensor), resumed; then the whole model, which needs weights_only=False."""
    net = model()
    opt = optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    loss = net(anb.ones(4, 3)).pow(2).mean()
    loss.backward()
    opt.step()
    anb.save({"epoch": 5, "model_state_dict": net.state_dict(),
              "optimizer_state_dict": opt.state_dict(), "loss": loss}, tmp_path / "ckpt.tar")
    resumed = model()
    resumed_opt = optim.SGD(resumed.parameters(), lr=0.5)
    checkpoint = anb.load(tmp_path / "ckpt.tar", weights_only=True)
    resumed.load_state_dict(checkpoint["model_state_dict"])
    resumed_opt.load_state_dict(checkpoint["optimizer_state_dict"])
    assert checkpoint["epoch"] == 5 and resumed_opt.param_groups[0]["lr"] == 0.1
    assert checkpoint["loss"].is_leaf and checkpoint["loss"].item() == loss.item()
    assert resumed.eval()(anb.ones(1, 3)).tolist() == net(anb.ones(1, 3)).tolist()
    anb.save(net, tmp_path / "model.pt")
    with pytest.raises(pickle.UnpicklingError, match="GLOBAL autograd_nb.nn.modules.container"):
        anb.load(tmp_path / "model.pt")
    whole = anb.load(tmp_path / "model.pt", weights_only=False)
    assert isinstance(whole[0].weight, nn.Parameter) and whole[0].weight.requires_grad
