"""torch.optim: SGD and Adam over autograd_nb's parameters.

>>> optimizer = optim.SGD(model.parameters(), lr=0.1)
>>> optimizer.zero_grad()
>>> loss.backward()
>>> optimizer.step()
"""
from .adam import Adam
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam"]
