"""autograd_nb: PyTorch-style automatic differentiation on plain NumPy, for learning in Jupyter.

>>> import autograd_nb as torch
>>> x = torch.ones(2, 2, requires_grad=True)
>>> out = ((x + 2) * (x + 2) * 3).mean()
>>> out.backward()
>>> x.grad
tensor([[4.5000, 4.5000],
        [4.5000, 4.5000]])
"""
from ._core import _dtype
from ._core._dtype import dtype, get_default_dtype, set_default_dtype
from ._core._dtype import float16, float32, float64, int8, int16, int32, int64, uint8
from ._core._dtype import bfloat16, complex32, complex64, complex128
from ._core._finfo import finfo, iinfo
from ._core._dtype import bool_ as bool  # noqa: A001 - torch's name
from ._core._grad_mode import (enable_grad, inference_mode, is_grad_enabled,
                               is_inference_mode_enabled, no_grad, set_grad_enabled)
from ._core._tensor import Size, Tensor
from ._core._device import device, get_default_device, set_default_device
from ._core._layout import (channels_last, contiguous_format, layout, memory_format,
                            preserve_format, sparse_coo, sparse_csr, strided)
from ._functions._creation import (BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor,
                                   Generator, HalfTensor, IntTensor, LongTensor, ShortTensor,
                                   arange, as_tensor, default_generator, empty, empty_like, eye,
                                   from_numpy, full, full_like, initial_seed, is_tensor, linspace,
                                   logspace, manual_seed, normal, numel, ones, ones_like, rand,
                                   rand_like, randint, randn, randn_like, randperm, seed, tensor,
                                   zeros, zeros_like)
from ._functions import *  # noqa: F401,F403 - torch's function namespace
from ._functions import (abs, all, any, max, min, pow, round, sum, return_types,  # noqa: A001
                         can_cast, promote_types, result_type)
from .eras._printing.options import get_printoptions
from .eras import set_printoptions
from . import accelerator, autograd, backends, cuda, eras  # noqa: E402
from . import nn, optim  # noqa: E402
from . import serialization  # noqa: E402
from . import utils  # noqa: E402
from .serialization import load, save  # noqa: E402

float = float32  # noqa: A001
double = float64
half = float16
long = int64
int = int32  # noqa: A001
short = int16
cfloat = complex64
cdouble = complex128
chalf = complex32

__version__ = "0.1.0"


def is_floating_point(input):
    return input.is_floating_point()


def set_num_threads(n):
    """NumPy decides its own threading; accepted so torch scripts run unchanged."""


def get_num_threads():
    return 1


def load_ipython_extension(ipython):
    """``%load_ext autograd_nb``: the ``%autograd`` magics (IPython is imported only now)."""
    from .jupyter import load_ipython_extension as load_extension
    load_extension(ipython)


def unload_ipython_extension(ipython):
    """``%unload_ext autograd_nb``: remove what loading and the magics registered."""
    from .jupyter import unload_ipython_extension as unload_extension
    unload_extension(ipython)
