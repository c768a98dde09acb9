"""Small real datasets to train a first network on, with no network access.

``load_digits``: the 1,797 handwritten digits (8x8 grey images, 10 classes) that scikit-learn
ships inside its package (UCI "Optical Recognition of Handwritten Digits"); it needs
``pip install scikit-learn``. ``make_spiral``: the classic interleaved spirals, from NumPy alone.

>>> from autograd_nb.datasets import load_digits
>>> data = load_digits()
>>> data.X_train.shape, data.y_train.dtype
(torch.Size([1438, 8, 8]), torch.int64)
"""
import collections
import math

import numpy as np

from ._core._tensor import Tensor

Split = collections.namedtuple("Split", ["X_train", "y_train", "X_test", "y_test"])


def load_digits(test_fraction=0.2, seed=0):
    """The digits as tensors, shuffled with ``seed`` and split into training and held-out test
    parts: images float32 (N, 8, 8) scaled to [0, 1], labels int64 (N,) in 0..9."""
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError:
        raise ModuleNotFoundError(
            "load_digits needs scikit-learn, which ships the digit images, and it is not "
            "installed: pip install 'autograd_nb[datasets]' (make_spiral needs nothing but "
            "NumPy)", name="sklearn") from None
    bunch = sklearn_digits()
    images = (bunch.images / 16.0).astype(np.float32)
    return _split(images, bunch.target.astype(np.int64), test_fraction, seed)


def make_spiral(n_per_class=200, n_classes=3, noise=0.2, test_fraction=0.2, seed=0):
    """Points (float32, (N, 2)) on ``n_classes`` interleaved spiral arms, labelled by arm
    (int64), shuffled with ``seed`` and split like ``load_digits``. No straight line separates
    them: a network needs a hidden layer."""
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    labels = np.repeat(np.arange(n_classes), n_per_class)
    angle = (labels * 2 * math.pi / n_classes + radius * 4
             + rng.standard_normal(radius.shape) * noise)
    points = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    return _split(points.astype(np.float32), labels.astype(np.int64), test_fraction, seed)


def _split(X, y, test_fraction, seed):
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = int(round(len(y) * test_fraction))
    train, test = order[n_test:], order[:n_test]
    return Split(*(Tensor._make(np.ascontiguousarray(a)) for a in (X[train], y[train],
                                                                    X[test], y[test])))
