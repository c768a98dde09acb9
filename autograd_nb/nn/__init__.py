"""torch.nn: modules, parameters, initialisation and the functional API, on autograd_nb.

>>> import autograd_nb as torch
>>> import autograd_nb.nn as nn
>>> model = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
>>> loss = nn.CrossEntropyLoss()(model(torch.zeros(4, 8, 8)), torch.tensor([0, 1, 2, 3]))
>>> loss.backward()
"""
from . import functional, init
from .modules import *  # noqa: F401,F403
from .modules import __all__ as _modules_all
from .parameter import Parameter

__all__ = ["functional", "init", "Parameter"] + _modules_all
