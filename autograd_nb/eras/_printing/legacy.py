"""The legacy tensor text (PyTorch 0.1.12-0.3, the "print-options" variant of ``_tensor_str``).

    >>> print(format_variable(np.ones((2, 2), np.float32), float32))
    Variable containing:
     1  1
     1  1
    [torch.FloatTensor of size 2x2]
    <BLANKLINE>

One number format is chosen from every element of the tensor; then the values are laid out one
per line (1-D), as rows (2-D, split into ``Columns A to B`` blocks when too wide) or as a walk
over 2-D slices (N-D), with ``...``, ``⋮`` and ``⋱`` standing for what was summarized. Options
are read from ``PRINT_OPTS`` on every call; ``sci_mode`` is ignored, as that printer had none.
"""
import functools
import math
from typing import NamedTuple

import numpy as np

from .options import PRINT_OPTS

_SCALE_HEADER = "{:.5e} *\n"         # five decimals, whatever the precision
_SKIPPED_COLUMNS = "  ...  "         # '...' centred in 5, with a space either side
_SMALLEST_SCALE_EXP = -307            # 1e-308 and below are subnormal: dividing by them garbles


class _Format(NamedTuple):
    spec: str      # '{:7.4f}', formats one value already divided by scale
    scale: float   # 1.0, or the column scale factor announced by the header line
    width: int     # the field width every value is padded to

    def row(self, values):
        return " ".join(self.spec.format(v / self.scale) for v in values)

    def header(self):
        return "" if self.scale == 1 else _SCALE_HEADER.format(self.scale)


def format_tensor(values, dtype):
    """The legacy text of a plain tensor.

    >>> format_tensor(np.ones((2, 2), np.float32), float32)
    '\\n 1  1\\n 1  1\\n[torch.FloatTensor of size 2x2]\\n'

    bool tensors did not exist then: they print their 0/1 values as a ByteTensor would, under the
    footer ``torch.BoolTensor`` so the type is not misreported.
    """
    if dtype.is_complex:  # torch 0.x had no complex tensors, so no way to print one
        raise TypeError(f"torch.{dtype.name} did not exist in PyTorch 0.x: print complex "
                        "tensors in the modern style (set_printoptions(style='modern'))")
    typename = "torch." + dtype.legacy_type
    if values.size == 0:
        return f"[{typename} with no dimension]\n"
    values = values.astype(np.float64, copy=False)
    if values.ndim == 0:
        # No 0-d tensors before 0.4: print the value as the size-1 vector of that era would,
        # but keep the footer honest about the shape.
        body, size = _vector_text(values.reshape(1)), "()"
    else:
        body, size = _body(values), "x".join(map(str, values.shape))
    return f"\n{body}[{typename} of size {size}]\n"


def format_variable(values, dtype, wrapper="Variable"):
    """'Variable containing:' + format_tensor(...); 'Parameter containing:' for a Parameter."""
    return f"{wrapper} containing:" + format_tensor(values, dtype)


def _body(values):
    if values.ndim == 1:
        return _vector_text(values)
    if values.ndim == 2:
        return _matrix_text(values)
    return _nd_text(values)


def _choose_format(values, min_width=0):
    """The one format for all of ``values`` (float64), legacy §1.2."""
    mag = np.abs(values.ravel())
    lo, hi = float(mag.min()), float(mag.max())
    non_finite = not math.isfinite(hi)  # the max is nan or inf exactly when some value is
    if non_finite:
        # nan/inf stand in as the first finite magnitude, so they never decide the format.
        finite = np.isfinite(mag)
        mag = np.where(finite, mag, mag[finite][0] if finite.any() else 0.0)
        lo, hi = float(mag.min()), float(mag.max())
    integral = not np.count_nonzero(mag % 1)  # decided by value, not by dtype
    # Fields are at least 2 wide, 3 when they must hold 'nan' or 'inf'.
    min_width = max(min_width, 3 if non_finite else 2)
    return _format_for(integral, _digits(lo), _digits(hi), min_width, PRINT_OPTS.precision)


@functools.lru_cache(maxsize=256)
def _format_for(integral, exp_min, exp_max, min_width, prec):
    if integral:
        if exp_max > prec + 1:
            return _scientific(prec, max(min_width, 7 + prec))
        width = max(min_width, exp_max + 1)
        return _Format(f"{{:{width}.0f}}", 1.0, width)
    three_digit_exp = abs(exp_max) > 99 or abs(exp_min) > 99
    if exp_max - exp_min > prec or exp_max - 1 < _SMALLEST_SCALE_EXP:
        # The second test is ours: legacy divided by a scale of 0.0 here and crashed.
        return _scientific(prec, max(min_width, 7 + prec + three_digit_exp))
    if exp_max > prec + 1 or exp_max < 0:
        width = max(min_width, 3 + prec)  # every scaled value is one digit before the point
        return _Format(f"{{:{width}.{prec}f}}", 10.0 ** (exp_max - 1), width)
    # sign + digits + '.' + decimals: 0.5 and 4.5 -> 7, 12.5 -> 8, 1000.5 -> 10 at precision 4
    width = max(min_width, max(exp_max, 1) + 2 + prec)
    return _Format(f"{{:{width}.{prec}f}}", 1.0, width)


def _digits(x):
    """Digits before the decimal point: 1 for 1..9.9, 0 for 0.1..0.99, -3 for 0.0002; 1 for 0."""
    return math.floor(math.log10(x)) + 1 if x else 1


def _scientific(prec, width):
    return _Format(f"{{:{width}.{prec}e}}", 1.0, width)


def _head_tail(seq, n):
    """The first n and the last n items; they overlap when seq is shorter than 2n, as in legacy."""
    return seq[:n], seq[max(len(seq) - n, 0):]


def _centred(text, width):
    return f"{text:^{width}}"  # format's centring: an odd padding puts the extra blank right


def _vector_text(values):
    fmt = _choose_format(values)
    pad = " " if fmt.scale != 1 else ""  # scaled values get one extra column

    def lines(part):
        return "".join(pad + fmt.row((v,)) + "\n" for v in part.tolist())

    if values.size < PRINT_OPTS.threshold:
        return fmt.header() + lines(values)
    head, tail = _head_tail(values, PRINT_OPTS.edgeitems)
    return fmt.header() + lines(head) + pad + _centred("⋮", fmt.width) + "\n" + lines(tail)


def _matrix_text(matrix, fmt=None, indent="", summarize=False):
    """A 2-D tensor, or one slice of an N-D tensor (which passes its shared fmt and indent ' ')."""
    n = PRINT_OPTS.edgeitems
    wide, tall = matrix.shape[1] > 2 * n, matrix.shape[0] > 2 * n
    if fmt is None:
        # The "min width 5" quirk: any matrix with more than 2n rows or columns gets wide fields.
        fmt = _choose_format(matrix, 5 if wide or tall else 0)
    if summarize or (matrix.size >= PRINT_OPTS.threshold and (wide or tall)):
        return _truncated_matrix(matrix, fmt, indent, wide, tall)
    return _full_matrix(matrix, fmt, indent)


def _full_matrix(matrix, fmt, indent):
    columns = matrix.shape[1]
    # Legacy looped forever when not even one column fitted; we print one per block instead.
    per_block = max(1, (PRINT_OPTS.linewidth - len(indent)) // (fmt.width + 1))
    pad = indent + (" " if fmt.scale != 1 else "")
    parts = []
    for first in range(0, columns, per_block):
        last = min(first + per_block, columns) - 1
        if per_block < columns:
            # Legacy meant "a blank line between blocks" but tested first != 1, so one comes
            # before the first block too (and none before a block starting at column 1).
            parts.append(("\n" if first != 1 else "") + f"Columns {first} to {last} \n{indent}")
        parts.append(fmt.header())
        parts += [pad + fmt.row(row) + "\n" for row in matrix[:, first:last + 1].tolist()]
    return "".join(parts)


def _truncated_matrix(matrix, fmt, indent, wide, tall):
    n = PRINT_OPTS.edgeitems

    def lines(rows):
        if not wide:
            return "".join(indent + fmt.row(row) + "\n" for row in rows.tolist())
        head, tail = _head_tail(rows.T, n)  # only the edge columns are ever converted
        return "".join(indent + fmt.row(left) + _SKIPPED_COLUMNS + fmt.row(right) + "\n"
                       for left, right in zip(head.T.tolist(), tail.T.tolist()))

    if not tall:
        return fmt.header() + lines(matrix)
    head, tail = _head_tail(matrix, n)
    if wide:
        dots = _centred("...", (fmt.width + 1) * n - 1)
        marker = indent + " ".join((dots, _centred("⋱", 5), dots))
    else:
        # Centred over the first row's text plus its newline, and not indented: legacy quirks.
        marker = _centred("⋮", len(fmt.row(matrix[0].tolist())) + 1)
    return fmt.header() + lines(head) + marker + "\n" + lines(tail)


def _nd_text(values):
    n = PRINT_OPTS.edgeitems
    rows, columns = values.shape[-2:]
    fmt = _choose_format(values, 3 if rows > 2 * n or columns > 2 * n else 0)
    summarize = values.size >= PRINT_OPTS.threshold
    index_width = max(2, max(len(str(size)) for size in values.shape))
    parts = []
    for index, skipped, restarted in _slice_walk(values.shape[:-2], n, summarize):
        if summarize and any(skipped):
            parts.append("".join(_centred("..." if s else "", index_width + 1) for s in skipped)
                         + "\n")
        if summarize and any(restarted):
            parts.append(" " + "".join(_centred("⋮" if r else "", index_width + 1)
                                       for r in restarted) + "\n")
        if parts:
            parts.append("\n")  # a blank line between slices
        header = ",".join(_centred(i, index_width) for i in index)
        parts.append(f"({header},.,.) = \n")
        parts.append(_matrix_text(values[index], fmt, " ", summarize))
    return "".join(parts)


def _slice_walk(leading, n, summarize):
    """Yield (index, skipped, restarted) for each 2-D slice, last leading index fastest.

    When summarizing, a leading dimension longer than 2n jumps from index n-1 to size-n;
    ``skipped[d]`` says dimension d just jumped, ``restarted[d]`` that it wrapped back to 0.
    """
    counter = [0] * len(leading)
    counter[-1] = -1
    while True:
        skipped, restarted = [False] * len(leading), [False] * len(leading)
        for d in reversed(range(len(leading))):
            counter[d] += 1
            if summarize and counter[d] == n and leading[d] > 2 * n:
                counter[d] = leading[d] - n
                skipped[d] = True
            if counter[d] < leading[d]:
                break
            if d == 0:
                return
            counter[d] = 0
            restarted[d] = True
        yield tuple(counter), skipped, restarted
