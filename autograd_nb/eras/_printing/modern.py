"""The modern tensor repr (PyTorch >= 0.4, checked character for character against 2.13).

    tensor([[1., 2.],
            [3., 4.]], dtype=torch.float64, requires_grad=True)

One element formatter is chosen per tensor from the values that will be shown, then the values are
laid out in nested brackets and the suffixes (``dtype=``, ``grad_fn=``, ...) appended, wrapping at
the line width. Options are read from ``PRINT_OPTS`` on every call.
"""
import math

import numpy as np

from ..._core import _dtype
from .options import PRINT_OPTS


def format_tensor(values, dtype, *, grad_fn_name=None, requires_grad=False, prefix="tensor("):
    """The whole repr of a tensor as torch 2.13 prints it.

    >>> from autograd_nb._core._dtype import float32
    >>> format_tensor(np.array([1., 2.], np.float32), float32, grad_fn_name="AddBackward0")
    'tensor([1., 2.], grad_fn=<AddBackward0>)'
    """
    opts = PRINT_OPTS
    indent = len(prefix)
    suffixes = []
    if values.size == 0:
        body = "[]"
        if values.ndim != 1:
            suffixes.append(f"size={values.shape}")
        # No elements to hint at the type, so anything but the default float dtype is named.
        if not _is_default_dtype(dtype):
            suffixes.append(f"dtype={dtype!r}")
    else:
        body = _body(values, dtype, indent, opts)
        if not opts.edgeitems:  # torch names the shape whenever edge items are switched off
            suffixes.append(f"size={values.shape}")
        if not _dtype_is_implied(dtype):
            suffixes.append(f"dtype={dtype!r}")
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    return _append_suffixes(prefix + body, suffixes, indent, opts.linewidth)


def _is_default_dtype(dtype):
    """Whether dtype is torch.get_default_dtype()."""
    return dtype is _dtype.get_default_dtype()


def _dtype_is_implied(dtype):
    # Left out: the dtypes a Python literal gets by default (1. the default dtype, 1j its
    # complex dtype, 1 int64, True bool).
    return (_is_default_dtype(dtype) or dtype is _dtype.int64 or dtype is _dtype.bool_
            or dtype is _dtype.default_complex_or_none())


def _body(values, dtype, indent, opts):
    """The bracketed elements, or the bare element of a 0-d tensor."""
    summarize = values.size > opts.threshold
    if summarize and values.ndim and not opts.edgeitems:
        return "[...]"
    if summarize:
        values, cut = _edge_values(values, opts.edgeitems)
    else:
        cut = (False,) * values.ndim
    texts, width = _element_texts(values.ravel(), dtype, opts)
    if values.ndim == 0:
        return texts[0]
    return _block(texts, values.shape, cut, indent, width, opts)


def _edge_values(values, edgeitems):
    """The first and last `edgeitems` entries along every axis longer than twice that.

    These are all a summarized tensor shows, so the formatter is chosen from them alone.
    Returns them with, per axis, whether it was cut (and needs a '...' in the middle).
    """
    cut = tuple(n > 2 * edgeitems for n in values.shape)
    for axis, n in enumerate(values.shape):
        if cut[axis]:
            keep = np.r_[:edgeitems, n - edgeitems:n]
            values = np.take(values, keep, axis=axis)
    return values, cut


def _element_texts(flat, dtype, opts):
    """Every element's text, right-aligned to one width; and that width."""
    if dtype.is_complex:
        return _complex_texts(flat, opts)
    if dtype.is_floating_point:
        texts, width = _float_texts(flat, opts)
    else:
        texts = [str(v) for v in flat.tolist()]  # ints, and True / False
        width = max(map(len, texts))
    return [text.rjust(width) for text in texts], width


def _float_texts(flat, opts):
    """Float texts (unpadded) in one style for the whole tensor, and the width they align to.

    Only finite non-zero values decide the style and the width; nan, inf and 0 just follow
    (and may be wider than the width). Decisions compare float64 images of the stored values:
    float32(1e-4) is just below 1e-4, so it is printed in scientific notation.
    """
    values = flat.tolist()  # Python floats: exact float64 images, also of float16 / float32
    counts = [value != 0 and math.isfinite(value) for value in values]
    chosen = [value for value, counted in zip(values, counts) if counted]
    precision = opts.precision
    if not chosen:
        style = _whole_text  # all zero / nan / inf: even a forced sci_mode is ignored
    else:
        sci = opts.sci_mode
        if sci is None:
            low, high = min(map(abs, chosen)), max(map(abs, chosen))
            sci = high / low > 1000.0 or high > 1e8 or low < 1e-4
        if sci:
            style = f"{{:.{precision}e}}".format
        elif all(value.is_integer() for value in chosen):
            style = _whole_text
        else:
            style = f"{{:.{precision}f}}".format
    texts = [style(value) for value in values]
    width = max((len(text) for text, counted in zip(texts, counts) if counted), default=1)
    return texts, width


def _complex_texts(flat, opts):
    """``a+bj`` texts: the real parts and the imaginary parts each get their own style and
    width, chosen as for a float tensor of those parts alone. The real part is right-aligned
    to its width, the imaginary part is not padded; the layout counts every element as wide
    as both widths plus the 'j'."""
    real, real_width = _float_texts(flat.real, opts)
    imag, imag_width = _float_texts(flat.imag, opts)
    texts = []
    for re_text, im_text in zip(real, imag):
        sign = "" if im_text[0] == "-" else "+"  # -0. keeps its sign, as torch prints it
        texts.append(re_text.rjust(real_width) + sign + im_text + "j")
    return texts, real_width + imag_width + 1


def _whole_text(value):
    # The trailing '.' marks a float tensor whose values are all whole: 1., -2., 0., but nan, inf.
    text = f"{value:.0f}"
    return text + "." if math.isfinite(value) else text


def _block(texts, shape, cut, indent, width, opts):
    """`texts` (flat, C order) as nested brackets of `shape`; `indent` is the column of '['."""
    if len(shape) == 1:
        return _vector(texts, cut[0], indent, width, opts)
    step = len(texts) // shape[0]
    rows = [_block(texts[start:start + step], shape[1:], cut[1:], indent + 1, width, opts)
            for start in range(0, len(texts), step)]
    if cut[0]:
        rows.insert(opts.edgeitems, "...")
    # One newline between rows, one blank line between matrices, two between 3-D blocks, ...
    separator = "," + "\n" * (len(shape) - 1) + " " * (indent + 1)
    return "[" + separator.join(rows) + "]"


def _vector(texts, cut, indent, width, opts):
    """One dimension: as many `width` elements per line as fit, '...' counting as one."""
    if cut:
        texts = texts[:opts.edgeitems] + [" ..."] + texts[opts.edgeitems:]
    per_line = max(1, (opts.linewidth - indent) // (width + 2))  # ", " follows each element
    lines = [", ".join(texts[start:start + per_line]) for start in range(0, len(texts), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _append_suffixes(text, suffixes, indent, linewidth):
    """`text` + ', suffix' for each suffix + ')', moving a suffix to a new line if it won't fit."""
    # torch counts the last line two characters longer than it is; that decides the wrapping.
    line_length = len(text) - text.rfind("\n") + 1
    parts = [text]
    for suffix in suffixes:
        if line_length + len(suffix) + 2 > linewidth:
            parts.append(",\n" + " " * indent + suffix)
            line_length = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            line_length += len(suffix) + 2
    parts.append(")")
    return "".join(parts)
