"""Multiply-adds rounded once, as torch's CPU kernels (FMA) round them: add/sub with alpha,
addcmul and lerp in float32 (autograd_nb/_ops/_fused.py)."""
import importlib.util
from fractions import Fraction

import numpy as np
import pytest

import autograd_nb
from autograd_nb._ops._fused import muladd

HAS_TORCH = importlib.util.find_spec("torch") is not None


def _nearest_f32(exact):
    """``exact`` (a Fraction) rounded to the nearest float32, ties to even: the reference."""
    guess = np.float32(float(exact))
    best = None
    for c in (np.nextafter(guess, np.float32(-np.inf)), guess,
              np.nextafter(guess, np.float32(np.inf))):
        d = abs(Fraction(float(c)) - exact)
        even = int(np.asarray(c).view(np.uint32)) % 2 == 0
        if best is None or d < best[0] or (d == best[0] and even):
            best = (d, c)
    return best[1]


def test_muladd_rounds_once():
    rng = np.random.default_rng(0)
    x, y, z = (rng.standard_normal(4000).astype(np.float32) * 10.0 ** rng.integers(-3, 3, 4000)
               .astype(np.float32) for _ in range(3))
    got = muladd(x, y, z)
    assert got.dtype == np.float32
    plain = x * y + z
    for a, b, c, g in zip(x, y, z, got):
        assert g == _nearest_f32(Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c)))
    assert (plain != got).any()  # the cases do tell a fused result from NumPy's


def test_other_dtypes_compute_as_numpy():
    a = np.arange(5, dtype=np.float64) / 3
    assert np.array_equal(muladd(a, 0.1, a), a * 0.1 + a)
    i = np.arange(5)
    assert np.array_equal(muladd(i, 3, i), i * 3 + i)


def _data(n=20000, seed=1):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(n).astype(np.float32) for _ in range(3)]


@pytest.mark.skipif(not HAS_TORCH, reason="torch is the oracle")
@pytest.mark.parametrize("case", [
    "a.add(b, alpha=-1e-3)", "a.sub(b, alpha=0.37)", "a.add(b, alpha=3)", "a - 0.5 * b",
    "a.addcmul(b, c, value=-0.5)", "a.addcmul(b, b, value=0.001)", "a.addcmul(b, c)",
    "a.lerp(b, 0.1)", "a.lerp(b, 0.75)", "a.lerp(b, -0.3)", "a.lerp(b, c.abs() / (c.abs() + 1))", "a.lerp(b, c)",
    "a.addcdiv(b, c.abs() + 0.5, value=-0.1)", "torch.add(a[:7], b[:7], alpha=-1e-3)",
    "a.clone().add_(b, alpha=-1e-3)", "a.clone().sub_(b, alpha=0.37)",
    "a.clone().add_(b[:1], alpha=2.5)", "a.clone().addcmul_(b, c, value=0.3)",
    "a.clone().lerp_(b, 0.2)",
])
def test_bits_equal_torchs(case):
    import torch
    arrays = _data()
    ours = eval(case, {"torch": autograd_nb},
                dict(zip("abc", (autograd_nb.tensor(x) for x in arrays)))).numpy()
    theirs = eval(case, {"torch": torch},
                  dict(zip("abc", (torch.tensor(x) for x in arrays)))).numpy()
    assert ours.dtype == theirs.dtype
    mismatched = np.flatnonzero(ours.view(np.uint32) != theirs.view(np.uint32))
    assert not len(mismatched), f"{len(mismatched)} of {ours.size} differ, e.g. at {mismatched[:5]}"


@pytest.mark.skipif(not HAS_TORCH, reason="torch is the oracle")
def test_gradients_of_fused_ops_unchanged():
    import torch
    x, y, z = _data(50)
    for lib in (autograd_nb, torch):
        a, b, c = (lib.tensor(v, requires_grad=True) for v in (x, y, z))
        (a.addcmul(b, c, value=0.3) + a.lerp(b, 0.8) + a.add(c, alpha=2)).sum().backward()
        grads = [t.grad.numpy() for t in (a, b, c)]
        if lib is autograd_nb:
            ours = grads
    for g, t in zip(ours, grads):
        np.testing.assert_allclose(g, t, rtol=1e-6)
