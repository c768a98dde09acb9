"""autograd_nb: PyTorch-style automatic differentiation on plain NumPy, for learning in Jupyter.

>>> import autograd_nb as torch
>>> x = torch.ones(2, 2, requires_grad=True)
>>> out = ((x + 2) * (x + 2) * 3).mean()
>>> out.backward()
>>> x.grad
tensor([[4.5000, 4.5000],
        [4.5000, 4.5000]])
"""
from . import _dtype
from ._dtype import dtype
from ._dtype import (float16, float32, float64, int8, int16, int32, int64, uint8)
from ._dtype import bool_ as bool  # noqa: A001 - torch's name
from ._grad_mode import (enable_grad, inference_mode, is_grad_enabled,
                         is_inference_mode_enabled, no_grad, set_grad_enabled)
from ._tensor import Size, Tensor
from ._creation import (BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor, Generator,
                        HalfTensor, IntTensor, LongTensor, ShortTensor, arange, as_tensor,
                        default_generator, device, empty, empty_like, eye, from_numpy, full,
                        full_like, initial_seed, is_tensor, linspace, logspace, manual_seed,
                        normal, numel, ones, ones_like, rand, rand_like, randint, randn,
                        randn_like, randperm, seed, tensor, zeros, zeros_like)
from ._functions import *  # noqa: F401,F403 - torch's function namespace
from ._functions import (abs, all, any, max, min, pow, round, sum, return_types,  # noqa: A001
                         can_cast, promote_types, result_type)
from ._functions._signatures import check_arguments  # noqa: E402
check_arguments(globals(), Tensor)  # torch's TypeError for a call torch's signatures refuse
from ._printing.options import get_printoptions
from .eras import set_printoptions
from . import autograd, cuda, eras  # noqa: E402
from . import nn, optim  # noqa: E402

float = float32  # noqa: A001
double = float64
half = float16
long = int64
int = int32  # noqa: A001
short = int16

__version__ = "0.1.0"


def is_floating_point(input):
    return input.is_floating_point()


def get_default_dtype():
    return float32


def set_default_dtype(d):
    if d is not float32:
        raise NotImplementedError("autograd_nb keeps float32 as the default dtype")


def set_num_threads(n):
    """NumPy decides its own threading; accepted so torch scripts run unchanged."""


def get_num_threads():
    return 1


def load_ipython_extension(ipython):
    """``%load_ext autograd_nb``: the ``%autograd`` magics (IPython is imported only now)."""
    from .jupyter import load_ipython_extension as load
    load(ipython)


def unload_ipython_extension(ipython):
    """``%unload_ext autograd_nb``: remove what loading and the magics registered."""
    from .jupyter import unload_ipython_extension as unload
    unload(ipython)
