"""Convolution and pooling over N spatial dims (1-d and 2-d from nn): conv, max/avg pooling,
adaptive average pooling.

Every forward is vectorised over the image: a strided view of the padded input holds each
output position's window (``_windows``), and one ``einsum`` (a BLAS product) or reduction runs
over it; the only Python loops are over kernel offsets.

Convolution is bilinear in (input, weight), so its backward is made of two more bilinear ops,
``conv_input_grad`` (the transposed convolution) and ``conv_weight_grad``, whose own backwards
are made of the same three ops: gradients of every order stay on this table. The same holds for
the linear pooling ops (average, adaptive average) and their adjoints. Max pooling is a gather
at the window maxima, whose backward scatters (``index_backward``).

Parameters come normalised from the function layer (``nn.functional``): ``stride``,
``dilation``, ``kernel`` tuples of one int per spatial dim, ``padding`` a tuple of (before,
after) pairs ('same' pads asymmetrically for even kernels).

Legacy names [INF]: 0.2's ``ConvNdBackward`` and THNN pooling Functions; 0.1's forward classes.
"""
import numpy as np

from .._core._tensor import Tensor
from ._math import scatter_into
from ._table import call, defop

_THNN = "torch.nn._functions.thnn.auto."


def _tensor(x):
    return x if isinstance(x, Tensor) or x is None else Tensor._make(np.asarray(x))


def _any_tensor(*xs):
    return any(isinstance(x, Tensor) for x in xs)


# -- windows -------------------------------------------------------------------------------------
def out_size(size, kernel, stride, pad, dilation, ceil_mode=False):
    """Output length along one dim (``pad`` a (before, after) pair), as torch computes it."""
    span = size + pad[0] + pad[1] - dilation * (kernel - 1) - 1
    if ceil_mode:
        n = -(-span // stride) + 1
        if (n - 1) * stride >= size + pad[0]:  # the last window must start inside the input
            n -= 1
        return n
    return span // stride + 1


def _pad(x, padding, value=0, extra=None):
    """``x`` padded on its spatial dims; ``extra`` more cells after (ceil_mode's last window)."""
    pads = [(0, 0), (0, 0)] + [(b, a + (extra[i] if extra else 0))
                               for i, (b, a) in enumerate(padding)]
    if not any(b or a for b, a in pads):
        return x
    return np.pad(x, pads, constant_values=value)


def _windows(xp, kernel, stride, dilation, out):
    """A read-only view (N, C, *out, *kernel) of padded ``xp``: each output position's window."""
    s = xp.strides
    nd = len(kernel)
    shape = xp.shape[:2] + tuple(out) + tuple(kernel)
    strides = s[:2] + tuple(s[2 + i] * stride[i] for i in range(nd)) + \
        tuple(s[2 + i] * dilation[i] for i in range(nd))
    return np.lib.stride_tricks.as_strided(xp, shape, strides, writeable=False)


def _out_shape(shape, kernel, stride, padding, dilation):
    return tuple(out_size(n, k, s, p, d)
                 for n, k, s, p, d in zip(shape[2:], kernel, stride, padding, dilation))


def _add_windows(cols, padded_shape, stride, dilation, out, dtype):
    """Zeros of ``padded_shape`` with each window's values ``cols`` (N, C, *out, *kernel) added
    at its place: the adjoint of ``_windows``. One slice-add per kernel offset."""
    acc = np.zeros(padded_shape, dtype)
    nd = len(out)
    kernel = cols.shape[2 + nd:]
    for offset in np.ndindex(*kernel):
        where = tuple(slice(k * d, k * d + (o - 1) * s + 1, s)
                      for k, d, o, s in zip(offset, dilation, out, stride))
        acc[(slice(None), slice(None)) + where] += cols[(Ellipsis,) + offset]
    return acc


def _crop(xp, padding, shape):
    return xp[(slice(None), slice(None)) + tuple(slice(b, b + n)
                                                 for (b, _), n in zip(padding, shape[2:]))]


def _letters(n, start):
    return "".join(chr(ord(start) + i) for i in range(n))


# -- convolution ---------------------------------------------------------------------------------
# subscripts: n batch, g group, c input channel of the group, o output channel of the group,
# spatial output dims from "p", kernel dims from "w".
def _grouped_windows(x, weight_shape, stride, padding, dilation, groups):
    kernel = weight_shape[2:]
    out = _out_shape(x.shape, kernel, stride, padding, dilation)
    win = _windows(_pad(x, padding), kernel, stride, dilation, out)
    n, c = x.shape[:2]
    return win.reshape((n, groups, c // groups) + win.shape[2:]), out


def _conv(x, w, bias, stride, padding, dilation, groups):
    nd = w.ndim - 2
    win, out = _grouped_windows(x, w.shape, stride, padding, dilation, groups)
    ws = w.reshape((groups, w.shape[0] // groups) + w.shape[1:])
    sp, ke = _letters(nd, "p"), _letters(nd, "w")
    y = np.einsum(f"ngc{sp}{ke},goc{ke}->ngo{sp}", win, ws, optimize=True)
    y = y.reshape((x.shape[0], w.shape[0]) + out)
    if bias is not None:
        y += bias.reshape((-1,) + (1,) * nd)
    return y


def _conv_input_grad(grad, w, input_shape, stride, padding, dilation, groups):
    nd = w.ndim - 2
    n, out = grad.shape[0], grad.shape[2:]
    gs = grad.reshape((n, groups, w.shape[0] // groups) + out)
    ws = w.reshape((groups, w.shape[0] // groups) + w.shape[1:])
    sp, ke = _letters(nd, "p"), _letters(nd, "w")
    cols = np.einsum(f"ngo{sp},goc{ke}->ngc{sp}{ke}", gs, ws, optimize=True)
    cols = cols.reshape((n, input_shape[1]) + cols.shape[3:])
    padded = input_shape[:2] + tuple(m + b + a for m, (b, a) in zip(input_shape[2:], padding))
    return _crop(_add_windows(cols, padded, stride, dilation, out, grad.dtype), padding,
                 input_shape)


def _conv_weight_grad(x, grad, weight_shape, stride, padding, dilation, groups):
    nd = len(weight_shape) - 2
    win, out = _grouped_windows(x, weight_shape, stride, padding, dilation, groups)
    gs = grad.reshape((grad.shape[0], groups, weight_shape[0] // groups) + tuple(out))
    sp, ke = _letters(nd, "p"), _letters(nd, "w")
    gw = np.einsum(f"ngc{sp}{ke},ngo{sp}->goc{ke}", win, gs, optimize=True)
    return gw.reshape(weight_shape)


def conv(x, w, stride, padding, dilation, groups):
    """The convolution (no bias) of arrays, or of Tensors on the table (double backward)."""
    if _any_tensor(x, w):
        return call(CONV, (_tensor(x), _tensor(w), None), (stride, padding, dilation, groups))
    return _conv(x, w, None, stride, padding, dilation, groups)


def conv_input_grad(grad, w, input_shape, stride, padding, dilation, groups):
    if _any_tensor(grad, w):
        return call(CONV_INPUT_GRAD, (_tensor(grad), _tensor(w)),
                    (tuple(input_shape), stride, padding, dilation, groups))
    return _conv_input_grad(grad, w, input_shape, stride, padding, dilation, groups)


def conv_weight_grad(x, grad, weight_shape, stride, padding, dilation, groups):
    if _any_tensor(x, grad):
        return call(CONV_WEIGHT_GRAD, (_tensor(x), _tensor(grad)),
                    (tuple(weight_shape), stride, padding, dilation, groups))
    return _conv_weight_grad(x, grad, weight_shape, stride, padding, dilation, groups)


def _bias_grad(grad):
    dims = (0,) + tuple(range(2, grad.ndim))
    return grad.sum(dim=dims) if isinstance(grad, Tensor) else grad.sum(axis=dims)


CONV = defop(
    "convolution", _conv, "ConvolutionBackward0", inputs=("input", "weight", "bias"),
    params=("stride", "padding", "dilation", "groups"),
    legacy={"0.2": "ConvNdBackward", "0.1": "torch.nn._functions.conv.ConvNd"},
    input=lambda grad, weight, input_shape, stride, padding, dilation, groups:
        conv_input_grad(grad, weight, input_shape, stride, padding, dilation, groups),
    weight=lambda grad, input, weight_shape, stride, padding, dilation, groups:
        conv_weight_grad(input, grad, weight_shape, stride, padding, dilation, groups),
    bias=lambda grad: _bias_grad(grad))
# The two halves of convolution's backward, as ops of their own (torch records both as one
# ConvolutionBackwardBackward0 node; here each half is a node of that name).
CONV_INPUT_GRAD = defop(
    "convolution_input_grad", _conv_input_grad, "ConvolutionBackwardBackward0",
    inputs=("grad_output", "weight"),
    params=("input_shape", "stride", "padding", "dilation", "groups"),
    grad_output=lambda grad, weight, stride, padding, dilation, groups:
        conv(grad, weight, stride, padding, dilation, groups),
    weight=lambda grad, grad_output, weight_shape, stride, padding, dilation, groups:
        conv_weight_grad(grad, grad_output, weight_shape, stride, padding, dilation, groups))
CONV_WEIGHT_GRAD = defop(
    "convolution_weight_grad", _conv_weight_grad, "ConvolutionBackwardBackward0",
    inputs=("input", "grad_output"),
    params=("weight_shape", "stride", "padding", "dilation", "groups"),
    input=lambda grad, grad_output, input_shape, stride, padding, dilation, groups:
        conv_input_grad(grad_output, grad, input_shape, stride, padding, dilation, groups),
    grad_output=lambda grad, input, stride, padding, dilation, groups:
        conv(input, grad, stride, padding, dilation, groups))


# -- max pooling ---------------------------------------------------------------------------------
def max_pool_index(x, kernel, stride, padding, dilation, ceil_mode):
    """For each output position, the flat index (into ``x``) of its window's maximum (the first
    one; NaN counts as the maximum, as in torch), and the positions within each plane that
    ``return_indices`` gives."""
    nd = len(kernel)
    spatial = x.shape[2:]
    out = tuple(out_size(n, k, s, p, d, ceil_mode)
                for n, k, s, p, d in zip(spatial, kernel, stride, padding, dilation))
    # cells ceil_mode's last window reaches beyond the padding
    extra = [max(0, (o - 1) * s + d * (k - 1) + 1 - (n + b + a))
             for o, s, d, k, n, (b, a) in zip(out, stride, dilation, kernel, spatial, padding)]
    low = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    win = _windows(_pad(x, padding, low, extra), kernel, stride, dilation, out)
    flat = win.reshape(win.shape[:2 + nd] + (-1,))
    arg = np.argmax(flat, axis=-1)
    offsets = np.unravel_index(arg, kernel)
    coords = [np.arange(o).reshape((-1,) + (1,) * (nd - 1 - i)) * s - b + off * d
              for i, (o, s, (b, _), off, d) in enumerate(zip(out, stride, padding, offsets,
                                                              dilation))]
    plane = np.ravel_multi_index(coords, spatial)
    lead = np.arange(x.shape[0] * x.shape[1]).reshape(x.shape[:2] + (1,) * nd)
    return lead * int(np.prod(spatial)) + plane, plane


def _max_pool_grad(grad, self_shape, index):
    if isinstance(grad, Tensor):
        return scatter_into(grad, self_shape, np.unravel_index(index, self_shape))
    out = np.bincount(index.ravel(), weights=grad.ravel(), minlength=int(np.prod(self_shape)))
    return out.astype(grad.dtype, copy=False).reshape(self_shape)


# ``index``: max_pool_index's flat indices, from the function layer, which also returns them.
MAX_POOL2D = defop(
    "max_pool2d", lambda x, index: x.reshape(-1)[index], "MaxPool2DWithIndicesBackward0",
    params=("index",), legacy={"0.2": "MaxPool2dBackward", "0.1": _THNN + "MaxPool2d"},
    self=lambda grad, self_shape, index: _max_pool_grad(grad, self_shape, index))


# -- average pooling -----------------------------------------------------------------------------
def avg_pool_divisor(spatial, kernel, stride, padding, ceil_mode, count_include_pad,
                     divisor_override):
    """The divisor of each output position (shape ``out``), torch's rule: the window clipped to
    the padded input (``count_include_pad``) or to the input itself."""
    out = tuple(out_size(n, k, s, p, 1, ceil_mode)
                for n, k, s, p in zip(spatial, kernel, stride, padding))
    if divisor_override:
        return out, np.full(out, float(divisor_override))
    sizes = []
    for n, k, s, (b, _), o in zip(spatial, kernel, stride, padding, out):
        start = np.arange(o) * s - b
        end = np.minimum(start + k, n + b)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, n)
        sizes.append(end - start)
    divisor = np.ones(out)
    for i, size in enumerate(sizes):
        divisor = divisor * size.reshape((-1,) + (1,) * (len(out) - 1 - i))
    return out, divisor


def _pool_extra(spatial, kernel, stride, padding, out):
    return [max(0, (o - 1) * s + k - (n + b + a))
            for o, s, k, n, (b, a) in zip(out, stride, kernel, spatial, padding)]


def _avg_pool(x, kernel, stride, padding, divisor):
    if x.ndim == len(kernel) + 1:  # one image (C, H, W)
        return _avg_pool(x[None], kernel, stride, padding, divisor)[0]
    out = divisor.shape
    nd = len(kernel)
    extra = _pool_extra(x.shape[2:], kernel, stride, padding, out)
    win = _windows(_pad(x, padding, 0, extra), kernel, stride, (1,) * nd, out)
    total = win.sum(axis=tuple(range(-nd, 0)))
    return (total / divisor).astype(x.dtype, copy=False)


def _avg_pool_adjoint(grad, input_shape, kernel, stride, padding, divisor):
    nd = len(kernel)
    if len(input_shape) == nd + 1:  # one image (C, H, W)
        return _avg_pool_adjoint(grad[None], (1,) + tuple(input_shape), kernel, stride, padding,
                                 divisor)[0]
    out = divisor.shape
    extra = _pool_extra(input_shape[2:], kernel, stride, padding, out)
    share = (grad / divisor).astype(grad.dtype, copy=False)
    cols = np.broadcast_to(share.reshape(share.shape + (1,) * nd), share.shape + tuple(kernel))
    padded = input_shape[:2] + tuple(m + b + a + e for m, (b, a), e in
                                     zip(input_shape[2:], padding, extra))
    return _crop(_add_windows(cols, padded, stride, (1,) * nd, out, grad.dtype), padding,
                 input_shape)


def avg_pool(x, kernel, stride, padding, divisor):
    if isinstance(x, Tensor):
        return call(AVG_POOL2D, (x,), (kernel, stride, padding, divisor))
    return _avg_pool(x, kernel, stride, padding, divisor)


def avg_pool_adjoint(grad, input_shape, kernel, stride, padding, divisor):
    if isinstance(grad, Tensor):
        return call(AVG_POOL2D_BACKWARD, (grad,),
                    (tuple(input_shape), kernel, stride, padding, divisor))
    return _avg_pool_adjoint(grad, input_shape, kernel, stride, padding, divisor)


AVG_POOL2D = defop(
    "avg_pool2d", _avg_pool, "AvgPool2DBackward0",
    params=("kernel", "stride", "padding", "divisor"),
    legacy={"0.2": "AvgPool2dBackward", "0.1": _THNN + "AvgPool2d"},
    self=lambda grad, self_shape, kernel, stride, padding, divisor:
        avg_pool_adjoint(grad, self_shape, kernel, stride, padding, divisor))
AVG_POOL2D_BACKWARD = defop(
    "avg_pool2d_backward", _avg_pool_adjoint, "AvgPool2DBackwardBackward0",
    params=("input_shape", "kernel", "stride", "padding", "divisor"),
    self=lambda grad, kernel, stride, padding, divisor:
        avg_pool(grad, kernel, stride, padding, divisor))


# -- adaptive average pooling --------------------------------------------------------------------
def adaptive_matrix(size, out):
    """(out, size): row i averages torch's window [floor(i·size/out), ceil((i+1)·size/out))."""
    i = np.arange(out)
    start = (i * size) // out
    end = -((-(i + 1) * size) // out)
    cells = np.arange(size)
    inside = (cells >= start[:, None]) & (cells < end[:, None])
    return inside / (end - start)[:, None]


def _adaptive(x, matrices):
    return _contract(x, matrices, adjoint=False)


def _adaptive_adjoint(grad, matrices):
    return _contract(grad, matrices, adjoint=True)


def _contract(x, matrices, adjoint):
    """``x``'s last dims through the averaging ``matrices`` (output x input cells each), or
    back through their transposes (``adjoint``: the pool's backward)."""
    nd = len(matrices)
    sp, op = _letters(nd, "p"), _letters(nd, "i")
    terms = ",".join(f"{o}{s}" for o, s in zip(op, sp))
    source, target = (op, sp) if adjoint else (sp, op)
    y = np.einsum(f"...{source},{terms}->...{target}", x, *matrices, optimize=True)
    return y.astype(x.dtype, copy=False)


def adaptive_avg_pool(x, matrices):
    if isinstance(x, Tensor):
        return call(ADAPTIVE_AVG_POOL2D, (x,), (matrices,))
    return _adaptive(x, matrices)


def adaptive_avg_pool_adjoint(grad, matrices):
    if isinstance(grad, Tensor):
        return call(ADAPTIVE_AVG_POOL2D_BACKWARD, (grad,), (matrices,))
    return _adaptive_adjoint(grad, matrices)


# ``matrices``: one adaptive_matrix per spatial dim, from the function layer.
ADAPTIVE_AVG_POOL2D = defop(
    "adaptive_avg_pool2d", _adaptive, "AdaptiveAvgPool2DBackward0", params=("matrices",),
    legacy={"0.2": "AdaptiveAvgPool2dBackward", "0.1": _THNN + "AdaptiveAvgPool2d"},
    self=lambda grad, matrices: adaptive_avg_pool_adjoint(grad, matrices))
ADAPTIVE_AVG_POOL2D_BACKWARD = defop(
    "adaptive_avg_pool2d_backward", _adaptive_adjoint, "AdaptiveAvgPool2DBackwardBackward0",
    params=("matrices",),
    self=lambda grad, matrices: adaptive_avg_pool(grad, matrices))
