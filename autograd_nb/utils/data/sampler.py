"""Samplers: the order in which a DataLoader visits a map-style dataset's indices.

Shuffling draws through the package namespace's ``randperm``/``randint``, looked up at call
time, as torch's samplers call ``torch.randperm``: seeding (``manual_seed``, ``generator=``) makes
the order reproducible, and a patched ``torch.randperm`` (tests/_tutorials.py makes torch's and
ours draw the same numbers so) is the one used. The values are NumPy's, not torch's (see
``autograd_nb.Generator``).
"""
import numbers
import sys

import numpy as np

from ..._core._dtype import int64
from ..._functions._creation import Generator, _rng


def namespace():
    """The ``autograd_nb`` package as learners see it (``torch``). Looked up, not imported: the
    package's ``__init__`` sits above this layer."""
    return sys.modules[__name__.split(".")[0]]


def _fresh_generator():
    """torch's rule when no generator is given: a new one, seeded from the default one."""
    seed = int(_rng(None).integers(-(1 << 63), (1 << 63) - 1, dtype=np.int64))
    return Generator().manual_seed(seed)


class Sampler:
    """Yields indices; subclasses define ``__iter__`` (and ``__len__`` when they can)."""

    def __init__(self, data_source=None):
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """A random permutation of the indices each epoch (or ``num_samples`` draws with
    replacement)."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(replacement, bool):
            raise TypeError("replacement should be a boolean value, but got "
                            f"replacement={replacement}")
        if not isinstance(self.num_samples, int) or isinstance(self.num_samples, bool) or \
                self.num_samples <= 0:
            raise ValueError("num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self):
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        generator = self.generator if self.generator is not None else _fresh_generator()
        if self.replacement:
            for _ in range(self.num_samples // 32):
                yield from namespace().randint(high=n, size=(32,), dtype=int64,
                                               generator=generator).tolist()
            yield from namespace().randint(high=n, size=(self.num_samples % 32,), dtype=int64,
                                           generator=generator).tolist()
        else:
            for _ in range(self.num_samples // n):
                yield from namespace().randperm(n, generator=generator).tolist()
            # (as torch: one more permutation, of which only the first num_samples % n are used)
            yield from namespace().randperm(n, generator=generator).tolist()[
                :self.num_samples % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices, in a random order each epoch."""

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in namespace().randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices drawn with probabilities proportional to ``weights``."""

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError("num_samples should be a positive integer value, but got "
                             f"num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError("replacement should be a boolean value, but got "
                             f"replacement={replacement}")
        weights = np.asarray(weights.tolist() if hasattr(weights, "tolist") else weights,
                             dtype=np.float64)
        if weights.ndim != 1:
            raise ValueError("weights should be a 1d sequence but given weights have shape "
                             f"{tuple(weights.shape)}")
        self.weights = namespace().as_tensor(weights)
        self.num_samples, self.replacement, self.generator = num_samples, replacement, generator

    def __iter__(self):
        p = self.weights.numpy() / self.weights.numpy().sum()
        draws = _rng(self.generator).choice(len(p), self.num_samples, self.replacement, p)
        yield from draws.tolist()

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Groups another sampler's indices into lists of ``batch_size``.

    >>> list(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=False))
    [[0, 1], [2, 3], [4]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, numbers.Integral) or isinstance(batch_size, bool) or \
                batch_size <= 0:
            raise ValueError("batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        batch = []
        for index in self.sampler:
            batch.append(index)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size
