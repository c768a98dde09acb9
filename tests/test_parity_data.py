"""torch.utils.data against torch 2.13: collation of every kind of sample, DataLoader batches,
lengths and orders (shuffled orders made equal by drawing both permutations from one NumPy
stream, as tests/_tutorials.py does), datasets and splits, and torch's errors."""
import collections

import numpy as np
import pytest

import autograd_nb as anb

torch = pytest.importorskip("torch")
Point = collections.namedtuple("Point", "x y")


def plain(value):
    """A comparable form of what a loader yields: tensors as (dtype, shape, values)."""
    if hasattr(value, "detach"):
        return ("tensor", str(value.dtype), tuple(value.shape), value.detach().numpy().tolist())
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [plain(v) for v in value])
    return value


def outcome(f, lib):
    try:
        return plain(f(lib))
    except Exception as exc:  # noqa: BLE001 - the error is the outcome compared
        return (type(exc).__name__, str(exc))


def data(lib):
    return lib.utils.data


def tensors(lib):
    x = lib.arange(14.0).view(7, 2)
    return data(lib).TensorDataset(x, lib.arange(7))


COLLATE = {
    "tensors": lambda L: data(L).default_collate([L.zeros(2), L.ones(2)]),
    "ints": lambda L: data(L).default_collate([1, 2, 3]),
    "floats": lambda L: data(L).default_collate([1.5, 2.0]),
    "bools": lambda L: data(L).default_collate([True, False]),
    "strings": lambda L: data(L).default_collate(["a", "b"]),
    "tuples": lambda L: data(L).default_collate([(L.zeros(2), 0), (L.ones(2), 1)]),
    "lists": lambda L: data(L).default_collate([[1, 2.5], [3, 4.5]]),
    "dicts": lambda L: data(L).default_collate([{"a": 1, "b": L.zeros(1)},
                                                {"a": 2, "b": L.ones(1)}]),
    "namedtuple": lambda L: data(L).default_collate([Point(1, 2.0), Point(3, 4.0)]),
    "numpy arrays": lambda L: data(L).default_collate([np.zeros(2, np.float32), np.ones(2)]),
    "numpy scalars": lambda L: data(L).default_collate([np.float32(1), np.float32(2)]),
    "nested": lambda L: data(L).default_collate([(L.zeros(1), {"k": (1, 2)})] * 2),
    "ragged lists": lambda L: data(L).default_collate([[1, 2], [3]]),
    "objects": lambda L: data(L).default_collate([object(), object()]),
    "ragged tensors": lambda L: data(L).default_collate([L.zeros(2), L.zeros(3)]),
    "convert": lambda L: data(L).default_convert((np.zeros(2), [np.ones(1)], "s", 3)),
}


@pytest.mark.parametrize("name", COLLATE)
def test_collate_matches_torch(name):
    theirs = outcome(COLLATE[name], torch)
    ours = outcome(COLLATE[name], anb)
    if name == "objects":  # the type's repr names the class only
        assert ours[0] == theirs[0]
        return
    assert ours == theirs


def epoch(lib, **kwargs):
    return [plain(batch) for batch in data(lib).DataLoader(tensors(lib), **kwargs)]


LOADERS = {
    "default": {},
    "batch 3": {"batch_size": 3},
    "drop_last": {"batch_size": 3, "drop_last": True},
    "no batching": {"batch_size": None},
    "workers": {"batch_size": 2, "num_workers": 2},
    "batch larger than data": {"batch_size": 10},
}


@pytest.mark.parametrize("name", LOADERS)
def test_loader_batches_match_torch(name):
    kwargs = LOADERS[name]
    assert epoch(anb, **kwargs) == epoch(torch, **kwargs)
    assert len(data(anb).DataLoader(tensors(anb), **kwargs)) == \
        len(data(torch).DataLoader(tensors(torch), **kwargs))


@pytest.fixture
def same_draws(monkeypatch):
    """randperm of both libraries from one seeded NumPy stream each (the same seed)."""
    def patch(lib):
        rng = np.random.default_rng(3)
        original = lib.randperm

        def randperm(n, **kwargs):
            return original(n, **kwargs).copy_(lib.from_numpy(rng.permutation(n)))
        monkeypatch.setattr(lib, "randperm", randperm)
    patch(anb)
    patch(torch)


SHUFFLED = {
    "shuffle": lambda L: [epoch(L, batch_size=3, shuffle=True) for _ in range(2)],
    "generator": lambda L: epoch(L, batch_size=2, shuffle=True,
                                 generator=L.Generator().manual_seed(1)),
    "subset sampler": lambda L: list(data(L).SubsetRandomSampler([5, 7, 9])),
    "random sampler num_samples": lambda L: list(data(L).RandomSampler(range(4),
                                                                       num_samples=6)),
}


@pytest.mark.parametrize("name", SHUFFLED)
def test_shuffled_orders_match_torch_given_the_same_permutations(name, same_draws):
    assert outcome(SHUFFLED[name], anb) == outcome(SHUFFLED[name], torch)


def test_each_epoch_reshuffles_and_seeding_repeats_the_order():
    loader = anb.utils.data.DataLoader(range(20), batch_size=20, shuffle=True)
    anb.manual_seed(0)
    first, second = next(iter(loader)).tolist(), next(iter(loader)).tolist()
    anb.manual_seed(0)
    assert next(iter(loader)).tolist() == first
    assert first != second and sorted(first) == list(range(20))




def stream(lib, n=7):
    class Numbers(data(lib).IterableDataset):
        def __iter__(self):
            return iter(range(n))

        def __len__(self):
            return n
    return Numbers()


DATASETS = {
    "iterable": lambda L: list(data(L).DataLoader(stream(L), batch_size=3)),
    "iterable drop_last": lambda L: list(data(L).DataLoader(stream(L), batch_size=3,
                                                            drop_last=True)),
    "iterable len": lambda L: len(data(L).DataLoader(stream(L), batch_size=3)),
    "iterable unbatched": lambda L: list(data(L).DataLoader(stream(L), batch_size=None)),
    "chain": lambda L: list(stream(L, 2) + stream(L, 3)),
    "concat": lambda L: [(tensors(L) + tensors(L))[i] for i in (0, 8, -1)],
    "concat len": lambda L: len(tensors(L) + tensors(L)),
    "subset": lambda L: [data(L).Subset(tensors(L), [4, 1])[i] for i in (0, 1)],
    "tensor dataset item": lambda L: tensors(L)[2],
    "tensor dataset slice": lambda L: tensors(L)[1:3],
    "batch sampler": lambda L: list(data(L).BatchSampler(range(5), 2, False)),
    "batch sampler drop": lambda L: len(data(L).BatchSampler(range(5), 2, True)),
    "sequential sampler": lambda L: list(data(L).SequentialSampler(range(3))),
    "custom collate": lambda L: list(data(L).DataLoader(range(5), batch_size=2,
                                                        collate_fn=lambda b: sum(b))),
    "batch_sampler arg": lambda L: list(data(L).DataLoader(range(5), batch_sampler=[[0, 4], [2]])),
    "dict samples": lambda L: list(data(L).DataLoader([{"a": i, "b": [i, i]} for i in range(3)],
                                                      batch_size=2)),
    "worker info": lambda L: data(L).get_worker_info(),
}


@pytest.mark.parametrize("name", DATASETS)
def test_datasets_and_samplers_match_torch(name):
    assert outcome(DATASETS[name], anb) == outcome(DATASETS[name], torch)


ERRORS = {
    "negative workers": lambda L: data(L).DataLoader(range(3), num_workers=-1),
    "negative timeout": lambda L: data(L).DataLoader(range(3), timeout=-1),
    "prefetch without workers": lambda L: data(L).DataLoader(range(3), prefetch_factor=2),
    "persistent without workers": lambda L: data(L).DataLoader(range(3),
                                                               persistent_workers=True),
    "sampler and shuffle": lambda L: data(L).DataLoader(range(3), shuffle=True,
                                                        sampler=[0, 1]),
    "batch_sampler and batch_size": lambda L: data(L).DataLoader(range(3), batch_size=2,
                                                                 batch_sampler=[[0]]),
    "no batching and drop_last": lambda L: data(L).DataLoader(range(3), batch_size=None,
                                                              drop_last=True),
    "iterable shuffle": lambda L: data(L).DataLoader(stream(L), shuffle=True),
    "iterable sampler": lambda L: data(L).DataLoader(stream(L), sampler=[1]),
    "batch size zero": lambda L: data(L).DataLoader(range(3), batch_size=0),
    "drop_last not bool": lambda L: data(L).BatchSampler(range(3), 2, 1),
    "replacement not bool": lambda L: data(L).RandomSampler(range(3), replacement=1),
    "num_samples zero": lambda L: data(L).RandomSampler(range(3), num_samples=0),
    "tensor sizes": lambda L: data(L).TensorDataset(L.zeros(3), L.zeros(4)),
    "split lengths": lambda L: data(L).random_split(range(10), [3, 3]),
    "split fractions": lambda L: data(L).random_split(range(10), [0.5, 0.6]),
    "empty concat": lambda L: data(L).ConcatDataset([]),
    "concat index": lambda L: (tensors(L) + tensors(L))[-15],
    "dataset getitem": lambda L: data(L).Dataset()[0],
    "weighted num_samples": lambda L: data(L).WeightedRandomSampler([1.0, 2.0], 0),
}


@pytest.mark.parametrize("name", ERRORS)
def test_misuse_raises_torchs_error(name):
    theirs = outcome(ERRORS[name], torch)
    assert theirs[0] in ("ValueError", "AssertionError", "TypeError", "RuntimeError",
                         "NotImplementedError")
    assert outcome(ERRORS[name], anb) == theirs


SPLITS = [[3, 7], [0.2, 0.4, 0.4], [0.7, 0.3], [0.02, 0.02, 0.96]]


@pytest.mark.filterwarnings("ignore:Length of split")
@pytest.mark.parametrize("lengths", SPLITS, ids=str)
def test_random_split_sizes_match_torch_and_partition_the_data(lengths):
    """(torch's random_split binds randperm at import: its draws cannot be made equal here.)"""
    ours = anb.utils.data.random_split(range(11 if len(lengths) == 3 else 10), lengths)
    theirs = torch.utils.data.random_split(range(11 if len(lengths) == 3 else 10), lengths)
    assert [len(s) for s in ours] == [len(s) for s in theirs]
    assert sorted(i for s in ours for i in s) == sorted(i for s in theirs for i in s)


def test_random_split_warns_about_an_empty_split_as_torch():
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
        anb.utils.data.random_split(range(10), [0.02, 0.02, 0.96])
