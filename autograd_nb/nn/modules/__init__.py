"""The layers, one small file per kind, as in torch.nn.modules."""
from .activation import LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from .container import Sequential
from .dropout import Dropout
from .flatten import Flatten
from .linear import Linear
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, NLLLoss
from .module import Module

__all__ = ["Module", "Sequential", "Linear", "ReLU", "Tanh", "Sigmoid", "Softmax", "LogSoftmax",
           "Flatten", "Dropout", "MSELoss", "CrossEntropyLoss", "NLLLoss", "BCELoss",
           "BCEWithLogitsLoss"]
