"""DataLoader: iterate over a dataset in (shuffled) batches.

Batches are loaded in this process, one after another. ``num_workers > 0`` is accepted so that
tutorials run unchanged, and loads in-process as well: the same batches in the same order, with
``get_worker_info()`` None, as with ``num_workers=0``; ``pin_memory`` is accepted and does
nothing (there is no accelerator).
"""

from ..._functions._creation import _rng
from ._collate import default_collate, default_convert
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, SequentialSampler


def get_worker_info():
    """None: every batch is loaded in the main process."""
    return None


class DataLoader:
    """Batches of ``dataset``: ``batch_size`` samples collated by ``collate_fn`` (stacked
    tensors by default), in order or reshuffled every epoch (``shuffle=True``), the last short
    batch dropped with ``drop_last=True``.

    >>> loader = DataLoader(TensorDataset(autograd_nb.arange(6.)), batch_size=4)
    >>> [batch[0].tolist() for batch in loader]
    [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0]]
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device="",
                 in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                             "disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing."
                             "let num_workers > 0 to enable multiprocessing, otherwise set "
                             "prefetch_factor to None.")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        self.dataset = dataset
        self.num_workers, self.prefetch_factor = num_workers, prefetch_factor
        self.pin_memory, self.pin_memory_device = pin_memory, pin_memory_device
        self.timeout, self.worker_init_fn = timeout, worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.persistent_workers, self.in_order = persistent_workers, in_order
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            for name, value in (("shuffle", shuffle), ("sampler", sampler),
                                ("batch_sampler", batch_sampler)):
                if value not in (None, False):
                    raise ValueError(f"DataLoader with IterableDataset: expected unspecified "
                                     f"{name} option, but got {name}={value}")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        if sampler is None:
            if self._iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size, self.drop_last = batch_size, drop_last
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if batch_sampler is not None else default_convert
        self.collate_fn = collate_fn

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    def __iter__(self):
        return _LoaderIter(self)

    def __len__(self):
        if self._iterable:
            n = len(self.dataset)
            if self.batch_size is not None:
                n = n // self.batch_size if self.drop_last else -(-n // self.batch_size)
            return n
        return len(self.batch_sampler if self._auto_collation else self.sampler)


class _InfiniteConstantSampler:
    """The 'sampler' of an iterable dataset: a stream of Nones."""

    def __iter__(self):
        while True:
            yield None


class _LoaderIter:
    """One epoch over a DataLoader."""

    def __init__(self, loader):
        self._loader = loader
        # torch draws a base seed (for workers) from the loader's generator before sampling
        _rng(loader.generator).integers(0, 1 << 62)
        self._indices = iter(loader.batch_sampler if loader._auto_collation else loader.sampler)
        self._stream = iter(loader.dataset) if loader._iterable else None

    def __iter__(self):
        return self

    def __len__(self):
        return len(self._loader)

    def __next__(self):
        loader = self._loader
        index = next(self._indices)
        if self._stream is not None:
            data = self._next_from_stream(loader, index)
        elif loader._auto_collation:
            getitems = getattr(loader.dataset, "__getitems__", None)
            data = getitems(index) if callable(getitems) else [loader.dataset[i] for i in index]
        else:
            data = loader.dataset[index]
        return loader.collate_fn(data)

    def _next_from_stream(self, loader, index):
        if not loader._auto_collation:
            return next(self._stream)
        batch = []
        for _ in index:
            try:
                batch.append(next(self._stream))
            except StopIteration:
                break
        if not batch or (loader.drop_last and len(batch) < len(index)):
            raise StopIteration
        return batch


