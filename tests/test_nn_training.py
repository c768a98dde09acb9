"""A first network learns: the training loop of the tutorials, with torch's idioms, on real data.

Stated bars (fixed seeds): an MLP reaches at least 95% accuracy on the held-out 20% of the
scikit-learn digits within 10 epochs of SGD with momentum, and at least 95% on held-out spiral
points within 60 epochs of Adam.
"""
import sys

import numpy as np
import pytest

import autograd_nb as torch
import autograd_nb.nn as nn
import autograd_nb.optim as optim
from autograd_nb.datasets import load_digits, make_spiral


def train(model, optimizer, data, epochs, batch_size=32):
    """The usual loop; returns the held-out accuracy after each epoch."""
    X, y, X_test, y_test = data
    criterion = nn.CrossEntropyLoss()
    accuracies = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(y))
        for start in range(0, len(y), batch_size):
            batch = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = criterion(model(X[batch]), y[batch])
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            accuracies.append((model(X_test).argmax(dim=1) == y_test).float().mean().item())
    return accuracies


def test_an_mlp_reaches_95_percent_on_held_out_digits_within_10_epochs():
    pytest.importorskip("sklearn")
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.1),
                          nn.Linear(64, 10))
    accuracies = train(model, optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
                       load_digits(), epochs=10)
    assert accuracies[-1] >= 0.95, accuracies
    assert accuracies[0] < accuracies[-1]


def test_an_mlp_reaches_95_percent_on_held_out_spiral_points_within_60_epochs():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.ReLU(),
                          nn.Linear(64, 3))
    accuracies = train(model, optim.Adam(model.parameters(), lr=1e-2), make_spiral(), epochs=60)
    assert accuracies[-1] >= 0.95, accuracies
    assert accuracies[0] < 0.8  # not linearly separable: the first epoch is far from it


def test_a_linear_model_cannot_separate_the_spirals():
    torch.manual_seed(0)
    model = nn.Linear(2, 3)
    accuracies = train(model, optim.Adam(model.parameters(), lr=1e-2), make_spiral(), epochs=20)
    assert max(accuracies) < 0.7


# -- the datasets --------------------------------------------------------------------------------
def test_digits_are_8x8_images_in_0_1_with_labels_0_to_9():
    pytest.importorskip("sklearn")
    X, y, X_test, y_test = load_digits()
    assert X.shape == (1438, 8, 8) and X_test.shape == (359, 8, 8)
    assert X.dtype == torch.float32 and y.dtype == torch.int64
    assert 0 <= X.min().item() and X.max().item() == 1
    assert set(np.unique(np.concatenate([y.numpy(), y_test.numpy()]))) == set(range(10))


def test_datasets_are_shuffled_and_split_deterministically():
    a, b = make_spiral(seed=4), make_spiral(seed=4)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x.numpy(), y.numpy())
    assert not np.array_equal(make_spiral(seed=5).X_train.numpy(), a.X_train.numpy())


def test_spiral_has_balanced_classes_and_the_asked_test_fraction():
    X, y, X_test, y_test = make_spiral(n_per_class=100, n_classes=4, test_fraction=0.25)
    assert X.shape == (300, 2) and X_test.shape == (100, 2)
    assert np.bincount(np.concatenate([y.numpy(), y_test.numpy()])).tolist() == [100] * 4


def test_load_digits_without_scikit_learn_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install .autograd_nb\[datasets\]."):
        load_digits()
