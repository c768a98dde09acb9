"""nn.functional.pad: torch's argument checks over the padding ops of ``_ops/pad.py``."""
from .._functions._signatures import check_call
from .._ops import pad as P
from .._ops._table import call

__all__ = ["pad"]

_COMBINATIONS = ("Supported combinations for non-constant padding:\n"
                 "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
                 "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
                 "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


def pad(input, pad, mode="constant", value=None):
    """Pad the last ``len(pad) // 2`` dims: ``pad`` lists (before, after) from the last dim
    backwards. ``mode``: 'constant' (``value``, negative pads crop), 'reflect', 'replicate' or
    'circular'.

    >>> F.pad(autograd_nb.ones(1, 2), (1, 1))
    tensor([[0., 1., 1., 0.]])
    """
    check_call("pad", input, pad, mode, value)
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    ndim = input.dim()
    if len(pad) // 2 > ndim:
        raise RuntimeError("Padding length should be less than or equal to two times the input "
                           f"dimension but got padding length {len(pad)} and input of dimension "
                           f"{ndim}")
    pairs = [(pad[i], pad[i + 1]) for i in range(0, len(pad), 2)][::-1]   # first dim first
    if mode == "constant":
        full = [(0, 0)] * (ndim - len(pairs)) + pairs
        return call(P.CONSTANT_PAD, (input,), (tuple(full), 0 if value is None else value))
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    d = len(pairs)
    if d not in (1, 2, 3) or ndim not in (d + 1, d + 2):
        raise NotImplementedError(f"Padding size {len(pad)} is not supported for {ndim}D input "
                                  f"tensor.\n{_COMBINATIONS}")
    shape = tuple(input.shape)
    for k, (b, a) in enumerate(pairs[::-1]):   # as torch reports them, last dim first
        dim = ndim - 1 - k
        if mode == "reflect" and (b >= shape[dim] or a >= shape[dim]):
            raise RuntimeError(f"Argument #{4 + 2 * k}: Padding size should be less than the "
                               f"corresponding input dimension, but got: padding ({b}, {a}) at "
                               f"dimension {dim} of input [{', '.join(map(str, shape))}]")
        if mode == "circular" and (b > shape[dim] or a > shape[dim]):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if min(b, a) < 0:
            raise NotImplementedError("autograd_nb pads with negative sizes in 'constant' mode "
                                      "only")
    return call(P.INDEX_PADS[(mode, d)], (input,), (P.pad_index(shape, pairs, mode),))
