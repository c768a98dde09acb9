"""Multiply-adds rounded once, as torch's CPU kernels round them.

torch's vectorized CPU kernels compute ``a + alpha * b`` (add and sub with ``alpha``),
``addcmul`` and ``lerp`` with fused multiply-add instructions (FMA, on every x86 CPU with AVX2
and on ARM): the product is not rounded before the sum. NumPy rounds both, so about one result
in 400 differs in its last bit, and a training loop (SGD's ``p.add_(grad, alpha=-lr)``, Adam's
moments) drifts from torch's printed losses after a few hundred steps.

For float32 the fused result is computed in float64: the product of two float32 values is exact
there, and the sum is rounded to float64 and then to float32; that double rounding differs from
one rounding only for sums exactly halfway between two float32 values, which
tests/test_fused.py did not meet in 10^5 random cases against torch. Other dtypes are computed
as NumPy does (integers are exact either way; float64 would need twice its precision).
"""
import numpy as np

_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)


def muladd(x, y, z):
    """``x * y + z`` with one rounding where torch's kernels fuse it (float32): ``x``, ``y``,
    ``z`` are arrays or numbers; numbers take the result's dtype first, as torch casts its
    scalar arguments to the tensor's."""
    dtype = np.result_type(x, y, z)
    if dtype != _F32:
        return x * y + z
    exact = np.asarray(x, _F32).astype(_F64) * np.asarray(y, _F32).astype(_F64)
    return np.asarray(exact + np.asarray(z, _F32).astype(_F64)).astype(_F32)


def lerp(start, end, weight):
    """torch's lerp: ``start + weight * (end - start)`` for ``|weight| < 0.5``, else
    ``end - (end - start) * (1 - weight)`` (exact at both ends), each a fused multiply-add."""
    diff = end - start
    if np.ndim(weight) == 0:
        if abs(weight) < 0.5:
            return muladd(weight, diff, start)
        return muladd(-diff, _one_minus(weight, diff), end)
    small = np.abs(weight) < 0.5
    return np.where(small, muladd(weight, diff, start),
                    muladd(-diff, _one_minus(weight, diff), end))


def _one_minus(weight, like):
    """``1 - weight`` in the dtype torch computes it in (the tensors')."""
    dtype = np.result_type(like, weight)
    return np.asarray(1, dtype) - np.asarray(weight, dtype)
