"""nn.functional's convolutions and pooling: torch's argument checks and normalisation over the
ops of ``_ops/conv.py``.

Unbatched inputs (no batch dim) go through the batched op, as torch does: the convolution and
the 1-d pools between ``unsqueeze`` and ``squeeze`` (so their grad_fn is ``SqueezeBackward1``),
the 2-d pools directly.
"""
import warnings

import numpy as np

from .._core._tensor import Tensor
from .._functions._signatures import check_call, declared
from .._ops import conv as C
from .._ops._table import call

__all__ = ["conv1d", "conv2d", "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d",
           "adaptive_avg_pool1d", "adaptive_avg_pool2d"]


def _list(values):
    return "[" + ", ".join(str(v) for v in values) + "]"


def _conv_tuple(name, value, nd):
    """An int, or one int per spatial dim, as torch's convolution reads ``stride``... ."""
    values = (value,) * nd if isinstance(value, int) else tuple(value)
    if len(values) == 1:
        values = values * nd
    if len(values) != nd:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {nd} "
                           f"values to match the convolution dimensions, but got "
                           f"{name}={_list(values)}")
    return values


def _same_padding(kernel, dilation):
    pads = []
    for k, d in zip(kernel, dilation):
        total = d * (k - 1)
        pads.append((total // 2, total - total // 2))
    if any(b != a for b, a in pads):
        warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require "
                      "a zero-padded copy of the input be created", UserWarning, stacklevel=5)
    return tuple(pads)


def _conv_padding(padding, nd, kernel, stride, dilation):
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * nd
        if padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            return _same_padding(kernel, dilation)
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    pads = _conv_tuple("padding", padding, nd)
    if any(p < 0 for p in pads):
        raise RuntimeError("negative padding is not supported")
    return tuple((p, p) for p in pads)


def _dtype_name(t):
    """The C++ name torch's messages use: float, double, ..."""
    return t.dtype.legacy_type[:-len("Tensor")].lower()


def _convnd(nd, input, weight, bias, stride, padding, dilation, groups):
    name = f"conv{nd}d"
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to "
                           f"{name}, but got input of size: {_list(input.shape)}")
    if input.dim() == nd + 1:
        return _convnd(nd, input.unsqueeze(0), weight, bias, stride, padding, dilation,
                       groups).squeeze(0)
    stride = _conv_tuple("stride", stride, nd)
    dilation = _conv_tuple("dilation", dilation, nd)
    if weight.dim() != nd + 2:
        raise RuntimeError("weight should have at least three dimensions" if weight.dim() < 3
                           else f"Expected {nd + 2}-dimensional weight for {nd + 2}-dimensional "
                           f"input {_list(input.shape)}, but got {weight.dim()}-dimensional "
                           f"weight of size {_list(weight.shape)} instead")
    kernel = tuple(weight.shape[2:])
    pads = _conv_padding(padding, nd, kernel, stride, dilation)
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError(f"dilation should be greater than zero, but got {_list(dilation)}")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    channels = input.shape[1]
    if channels != weight.shape[1] * groups:
        prefix = f"Given groups={groups}, weight of size {_list(weight.shape)}, "
        raise RuntimeError(f"{prefix}expected input{_list(input.shape)} to have "
                           f"{weight.shape[1] * groups} channels, but got {channels} channels "
                           "instead")
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size {_list(weight.shape)} "
                           "instead")
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != weight.shape[0]):
        raise RuntimeError(f"Given weight of size {_list(weight.shape)}, expected bias to be "
                           f"1-dimensional with {weight.shape[0]} elements, but got bias of size "
                           f"{_list(bias.shape)} instead")
    padded = [n + b + a for n, (b, a) in zip(input.shape[2:], pads)]
    reach = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
    if any(p < r for p, r in zip(padded, reach)):
        raise RuntimeError(f"Calculated padded input size per channel: "
                           f"({' x '.join(map(str, padded))}). Kernel size: "
                           f"({' x '.join(map(str, reach))}). Kernel size can't be greater than "
                           "actual input size")
    if input.dtype != weight.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype.legacy_type[:-6]} but found "
                           f"{weight.dtype.legacy_type[:-6]}")
    if bias is not None and bias.dtype != input.dtype:
        raise RuntimeError(f"Input type ({_dtype_name(input)}) and bias type "
                           f"({_dtype_name(bias)}) should be the same")
    return call(C.CONV, (input, weight, bias), (stride, pads, dilation, groups))


@declared("conv1d")
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-d cross-correlation of ``input`` (N, C_in, L) or (C_in, L) with ``weight``
    (C_out, C_in / groups, k), plus ``bias``; ``padding`` an int, a tuple, 'valid' or 'same'."""
    return _convnd(1, input, weight, bias, stride, padding, dilation, groups)


@declared("conv2d")
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-d cross-correlation of ``input`` (N, C_in, H, W) or (C_in, H, W) with ``weight``
    (C_out, C_in / groups, kH, kW), plus ``bias``.

    >>> F.conv2d(autograd_nb.ones(1, 1, 4, 4), autograd_nb.ones(1, 1, 3, 3)).shape
    torch.Size([1, 1, 2, 2])
    """
    return _convnd(2, input, weight, bias, stride, padding, dilation, groups)


# -- pooling -------------------------------------------------------------------------------------
_POOL_TUPLE = {"kernel_size": "must either be a single int", "padding": "must either be a single "
               "int", "stride": "must either be omitted, a single int",
               "dilation": "must be either a single int"}


def _pool_tuple(name, what, value, nd):
    values = (value,) * nd if isinstance(value, int) else tuple(value)
    if len(values) == 1:
        values = values * nd
    if len(values) != nd:
        raise RuntimeError(f"{name}: {what} {_POOL_TUPLE[what]}, or a tuple of two ints")
    return values


def _pool_args(name, input, kernel_size, stride, padding, dilation):
    nd = 2
    kernel = _pool_tuple(name, "kernel_size", kernel_size, nd)
    stride = kernel if stride is None or stride == [] or stride == () else \
        _pool_tuple(name, "stride", stride, nd)
    padding = _pool_tuple(name, "padding", padding, nd)
    dilation = _pool_tuple(name, "dilation", dilation, nd)
    if any(s == 0 for s in stride):
        raise RuntimeError("stride should not be zero")
    if any(k <= 0 for k in kernel):
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kernel[0]} "
                           f"kW: {kernel[1]}")
    if any(d <= 0 for d in dilation):
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: "
                           f"{dilation[0]} dilationW: {dilation[1]}")
    if any(p < 0 for p in padding):
        raise RuntimeError(f"pad must be non-negative, but got pad: {min(padding)}")
    for p, k, d in zip(padding, kernel, dilation):
        if p > ((k - 1) * d + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    if input.dim() not in (3, 4) or input.numel() == 0:
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    return kernel, stride, padding, dilation


def _check_out(input, out):
    if any(o <= 0 for o in out):
        plane = input.shape[-3:]
        raise RuntimeError(f"Given input size: ({'x'.join(map(str, plane))}). Calculated output "
                           f"size: ({'x'.join(map(str, (plane[0],) + tuple(out)))}). Output size "
                           "is too small")


def max_pool2d(*args, **kwargs):
    """The maximum of each window; with ``return_indices``, also where it is (its flat index in
    its H×W plane). As in torch, this picks ``max_pool2d_with_indices`` or ``_max_pool2d``
    by ``return_indices``, so that argument errors name the one called.

    >>> F.max_pool2d(autograd_nb.arange(16.).view(1, 1, 4, 4), 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    return _dispatch(max_pool2d_with_indices, _max_pool2d, args, kwargs)


def _dispatch(with_indices, without, args, kwargs):
    """torch's boolean dispatch on ``return_indices`` (the 7th argument)."""
    indices = kwargs["return_indices"] if "return_indices" in kwargs else \
        args[6] if len(args) > 6 else False
    return (with_indices if indices else without)(*args, **kwargs)


def _max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                return_indices=False):
    return max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode,
                                   False)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    """max_pool2d; the positions of the maxima too, when ``return_indices``."""
    check_call("max_pool2d_with_indices" if return_indices else "max_pool2d", input,
               kernel_size, [] if stride is None else stride, padding, dilation, ceil_mode)
    kernel, stride, padding, dilation = _pool_args("max_pool2d", input, kernel_size, stride,
                                                   padding, dilation)
    pads = tuple((p, p) for p in padding)
    out = [C.out_size(n, k, s, p, d, ceil_mode)
           for n, k, s, p, d in zip(input.shape[-2:], kernel, stride, pads, dilation)]
    _check_out(input, out)
    x = input._data if input.dim() == 4 else input._data[None]
    index, plane = C.max_pool_index(x, kernel, stride, pads, dilation, ceil_mode)
    if input.dim() == 3:
        index, plane = index[0], plane[0]
    result = call(C.MAX_POOL2D, (input,), (index,))
    if return_indices:
        return result, _long(plane)
    return result


def _long(array):
    return Tensor._make(np.ascontiguousarray(array, np.int64))


def _1d(name, input):
    if input.dim() not in (2, 3):
        raise RuntimeError(f"{name}() Expected 2D or 3D input tensor, but got "
                           f"{_list(input.shape)}")
    return input.unsqueeze(-2)


def _one(value):
    return value if isinstance(value, int) or value is None else tuple(value)[0]


def max_pool1d(*args, **kwargs):
    """max_pool2d over windows along the last dim, as torch computes it."""
    return _dispatch(max_pool1d_with_indices, _max_pool1d, args, kwargs)


def _max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                return_indices=False):
    return max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode,
                                   False)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    check_call("max_pool1d_with_indices" if return_indices else "max_pool1d", input,
               kernel_size, [] if stride is None else stride, padding, dilation, ceil_mode)
    x = _1d("max_pool1d", input)
    out = C.out_size(input.shape[-1], _one(kernel_size), _one(kernel_size if stride is None or
                                                               stride == [] else stride),
                     (_one(padding),) * 2, _one(dilation), ceil_mode)
    if not return_indices and out <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {out}")
    stride = None if stride is None or stride == [] else (1, _one(stride))
    result = max_pool2d(x, (1, _one(kernel_size)), stride, (0, _one(padding)),
                        (1, _one(dilation)), ceil_mode, return_indices)
    if return_indices:
        return result[0].squeeze(-2), result[1].squeeze(-2)
    return result.squeeze(-2)


@declared("avg_pool2d")
def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """The mean of each window (padding counts as zeros when ``count_include_pad``)."""
    if input.dim() < 3:   # torch reads the channel count as dim -3 first
        raise IndexError(f"Dimension out of range (expected to be in range of "
                         f"[{-max(input.dim(), 1)}, {max(input.dim(), 1) - 1}], but got -3)")
    kernel, stride, padding, _ = _pool_args("avg_pool2d", input, kernel_size, stride, padding, 1)
    if input._raw.dtype.kind not in "fc":
        raise NotImplementedError(f'"avg_pool2d" not implemented for '
                                  f"'{input.dtype.legacy_type[:-6]}'")
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    pads = tuple((p, p) for p in padding)
    out, divisor = C.avg_pool_divisor(input.shape[-2:], kernel, stride, pads, ceil_mode,
                                      count_include_pad, divisor_override)
    _check_out(input, out)
    return call(C.AVG_POOL2D, (input,), (kernel, stride, pads, divisor))


@declared("avg_pool1d")
def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    x = _1d("avg_pool1d", input)
    stride = None if stride is None or stride == [] else (1, _one(stride))
    return avg_pool2d(x, (1, _one(kernel_size)), stride, (0, _one(padding)), ceil_mode,
                      count_include_pad).squeeze(-2)


def adaptive_avg_pool2d(input, output_size):
    """Averages over torch's adaptive windows, so that the output is ``output_size`` (an int,
    or a pair whose None entries keep the input's size)."""
    if isinstance(output_size, int):
        sizes = output_size
    else:   # None keeps the input's size (torch's Python code, before its C function)
        if input.dim() <= len(output_size):
            raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
        sizes = [s if s is not None else n
                 for s, n in zip(output_size, input.shape[-len(output_size):])]
    check_call("adaptive_avg_pool2d", input, sizes)
    if input.dim() not in (3, 4):
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                           f"{_list(input.shape)}")
    sizes = (sizes,) * 2 if isinstance(sizes, int) else tuple(sizes)
    if len(sizes) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    if sizes == (1, 1):   # torch's shortcut: a mean over the plane
        return input.mean((-1, -2), keepdim=True)
    matrices = tuple(C.adaptive_matrix(n, s).astype(input._raw.dtype)
                     for n, s in zip(input.shape[-2:], sizes))
    return call(C.ADAPTIVE_AVG_POOL2D, (input,), (matrices,))


@declared("adaptive_avg_pool1d")
def adaptive_avg_pool1d(input, output_size):
    x = _1d("adaptive_avg_pool1d", input)
    return adaptive_avg_pool2d(x, (1, _one(output_size))).squeeze(-2)
