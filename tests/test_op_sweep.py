"""A sweep over every op of the table (SPEC §1.4), as HIPS autograd's ``check_grads`` sweeps
every registered op: gradient and second derivative against finite differences (float64), the
node name against the table and against torch, and broadcast reduction of gradients.

``CASES`` says how to reach each op through the public API. Adding an op to the table without a
case here fails ``test_every_op_has_a_case``.
"""
import importlib
import zlib

import numpy as np
import pytest

import autograd_nb as anb
from autograd_nb._ops._table import OPS
from autograd_nb.autograd import gradcheck, gradgradcheck


# -- input domains: values away from the points where an op is not differentiable -------------
def uniform(low, high):
    return lambda rng, shape: rng.uniform(low, high, shape)


def away(*points, low=-2.0, high=2.0, gap=0.1):
    """Uniform in [low, high], resampled until every value is ``gap`` away from ``points``."""
    def near(x):
        return np.any([np.abs(x - p) < gap for p in points], axis=0)

    def draw(rng, shape):
        x = rng.uniform(low, high, shape)
        while np.any(near(x)):
            x = np.where(near(x), rng.uniform(low, high, shape), x)
        return x
    return draw


def off_grid(rng, shape):
    """Away from the integers and the half-integers (floor, round, ...)."""
    return rng.integers(-2, 3, shape) + rng.choice([-1, 1], shape) * rng.uniform(0.1, 0.4, shape)


def with_a_zero(rng, shape):
    x = away(0.0)(rng, shape)
    if x.ndim:
        x.flat[0] = 0.0
    return x


ANY, POSITIVE, UNIT, NONZERO = uniform(-2, 2), uniform(0.5, 2), uniform(-0.8, 0.8), away(0.0)


# -- shapes: each generator draws a tuple of shapes, one per input ----------------------------
def some_shape(rng, min_ndim=0, max_ndim=3, low=1, high=4):
    return tuple(int(n) for n in rng.integers(low, high, rng.integers(min_ndim, max_ndim + 1)))


def unary(min_ndim=0, max_ndim=3, low=1):
    def draw(rng, i):
        if i == 0 and min_ndim == 0:
            return ((),)  # the first draw is always 0-d where 0-d is valid
        return (some_shape(rng, max(min_ndim, 1), max_ndim, low),)
    return draw


def broadcast(n=2, first_full=False):
    """``n`` shapes that broadcast together: trailing parts of one shape, some dims set to 1
    (not in the first shape when ``first_full``)."""
    def draw(rng, i):
        full = some_shape(rng, 1 if i else 0, 3)
        shapes = [full] if first_full else []
        while len(shapes) < n:
            kept = full[len(full) - int(rng.integers(0, len(full) + 1)):]
            shapes.append(tuple(1 if rng.random() < 0.3 else s for s in kept))
        return tuple(shapes)
    return draw


def fixed(*choices):
    return lambda rng, i: choices[i % len(choices)]


class Case:
    """How to call an op: ``calls`` (each ``call(lib, *inputs)`` with ``lib`` autograd_nb or
    torch), the input ``shapes`` generator and value ``domain`` (one, or one per input)."""

    def __init__(self, *calls, shapes=unary(), domain=ANY, eps=1e-6, draws=3, mixed_dtypes=True,
                 differentiable=True):
        self.calls, self.shapes, self.domain = calls, shapes, domain
        self.eps, self.draws, self.mixed_dtypes = eps, draws, mixed_dtypes
        self.differentiable = differentiable  # False: torch records the op, backward raises

    def inputs(self, name):
        """(call, list of float64 arrays) for every call and draw, seeded by the op name."""
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        for fn in self.calls:
            for i in range(self.draws):
                shapes = self.shapes(rng, i)
                domains = self.domain if isinstance(self.domain, tuple) else (
                    (self.domain,) * len(shapes))
                yield fn, [np.asarray(d(rng, s), np.float64) for d, s in zip(domains, shapes)]


# -- helpers the calls use --------------------------------------------------------------------
def F(lib):
    """``lib.nn.functional``."""
    return importlib.import_module(lib.__name__ + ".nn.functional")


def parity(lib, shape):
    """A fixed boolean tensor of ``shape``."""
    return lib.tensor(np.arange(int(np.prod(shape))).reshape(shape) % 3 == 1)


def index_of(lib, values):
    return lib.tensor(np.asarray(values, np.int64))


def gather_index(shape):
    n, m = shape
    return (np.arange(n * 2).reshape(n, 2) * 7) % m


def targets(lib, shape):
    """Class indices for log-probabilities of ``shape`` (N, C, d1, ...): shape (N, d1, ...)."""
    rest = (shape[0],) + tuple(shape[2:])
    return index_of(lib, (np.arange(int(np.prod(rest))).reshape(rest) * 2 + 1) % shape[1])


def ends(x):
    """The first and the last dim (one dim for a tensor of fewer than two)."""
    return (0, -1) if x.ndim > 1 else (0,)


def put(x, key, v):
    y = x.clone()
    y[key] = v
    return y


def changed_under(x, view, change):
    """``view(t)`` of ``t = x * 1`` after ``change(t, view)`` changed ``t`` or the view in
    place: the view's node is made again (AsStridedBackward0)."""
    t = x * 1
    u = view(t)
    change(t, u)
    return u, t


def grad_of(lib, f, base_shape, g):
    """The backward of ``f`` at a fresh leaf, applied to ``g`` with create_graph: reaches the
    ops that only backward passes use."""
    base = lib.zeros(base_shape, dtype=lib.float64, requires_grad=True)
    with lib.enable_grad():  # also under gradcheck's no_grad finite differences
        return lib.autograd.grad(f(base), base, g, create_graph=True)[0]


BINARY, TERNARY = broadcast(2), broadcast(3)
SAME2 = lambda rng, i: unary()(rng, i) * 2  # noqa: E731 - two inputs of one shape
WIDE = unary(min_ndim=1, low=2)          # every dim >= 2: reductions over them are well defined
PROBABILITY = uniform(0.1, 0.9)
# -- the cases: one per op of the table -------------------------------------------------------
CASES = {
    # complex numbers, reached from real inputs: complex(a, b) = a + ib
    "complex": Case(lambda lib, a, b: lib.complex(a, b), shapes=BINARY, mixed_dtypes=False),
    "polar": Case(lambda lib, r, t: lib.polar(r, t), shapes=BINARY, domain=(POSITIVE, ANY),
                  mixed_dtypes=False),
    "view_as_real": Case(lambda lib, a, b: lib.view_as_real(lib.complex(a, b)), shapes=SAME2),
    "view_as_complex": Case(lambda lib, x: lib.view_as_complex(x),
                            shapes=fixed(((2,),), ((3, 2),), ((2, 1, 2),))),
    "conj": (Case(lambda lib, a, b: lib.complex(a, b).conj(), shapes=SAME2),
             Case(lambda lib, a, b: lib.adjoint(lib.complex(a, b)), lambda lib, a, b: lib.complex(
                 a, b).mH, shapes=fixed(((2, 3),) * 2, ((2, 1, 2),) * 2))),
    "conj_physical": Case(lambda lib, a, b: lib.complex(a, b).conj_physical(), shapes=SAME2),
    "angle": (Case(lambda lib, a, b: lib.complex(a, b).angle(), shapes=SAME2, domain=NONZERO),
              Case(lambda lib, x: x.angle(), domain=NONZERO)),
    "sgn": (Case(lambda lib, a, b: lib.complex(a, b).sgn(), shapes=SAME2, domain=NONZERO),
            Case(lambda lib, x: x.sgn(), domain=NONZERO)),
    # arithmetic
    "add": Case(lambda lib, a, b: lib.add(a, b, alpha=0.5), shapes=BINARY),
    "sub": Case(lambda lib, a, b: lib.sub(a, b, alpha=2), shapes=BINARY),
    "rsub": Case(lambda lib, x: 2.5 - x),
    "sub_scalar": Case(lambda lib, x: x.subtract(1.5, 2), lambda lib, x: lib.subtract(x, 2, 0.5)),
    "mul": (Case(lambda lib, a, b: a * b, lambda lib, a, b: lib.multiply(a, b), shapes=BINARY),
            Case(lambda lib, a, b: lib.outer(a, b), lambda lib, a, b: lib.ger(a, b),
                 shapes=fixed(((3,), (2,)), ((1,), (4,))))),
    "div": Case(lambda lib, a, b: a / b, shapes=BINARY, domain=(ANY, NONZERO)),
    "div_rounding": Case(lambda lib, a, b: lib.div(a, b, rounding_mode="floor"),
                         lambda lib, a, b: lib.div(a, b, rounding_mode="trunc"), shapes=BINARY,
                         domain=(ANY, POSITIVE)),
    "floor_divide": Case(lambda lib, a, b: lib.floor_divide(a, b), shapes=BINARY,
                         domain=(ANY, POSITIVE), differentiable=False),
    "floor_divide_scalar": Case(lambda lib, x: x // 1.5, differentiable=False),
    "remainder": Case(lambda lib, x: x % 1.5, domain=away(-1.5, 0.0, 1.5)),
    "remainder_tensor": Case(lambda lib, a, b: a % b, shapes=BINARY, domain=(ANY, POSITIVE)),
    "rremainder": Case(lambda lib, x: 2.5 % x, domain=POSITIVE, differentiable=False),
    "fmod": Case(lambda lib, x: lib.fmod(x, 1.5), domain=away(-1.5, 0.0, 1.5)),
    "fmod_tensor": Case(lambda lib, a, b: lib.fmod(a, b), shapes=BINARY, domain=(ANY, POSITIVE)),
    "neg": Case(lambda lib, x: -x, lambda lib, x: lib.negative(x)),
    "pow": Case(lambda lib, x: x ** 2.5, lambda lib, x: x ** 3, lambda lib, x: lib.square(x),
                lambda lib, x: lib.float_power(x, 2), domain=POSITIVE),
    "pow_tensor": Case(lambda lib, a, b: a ** b, shapes=BINARY, domain=(POSITIVE, ANY)),
    "rpow": Case(lambda lib, x: 2 ** x),
    # (torch's lerp refuses inputs of different dtypes)
    "lerp": Case(lambda lib, a, b: lib.lerp(a, b, 0.3), shapes=BINARY, mixed_dtypes=False),
    "lerp_tensor": Case(lambda lib, a, b, w: lib.lerp(a, b, w), shapes=TERNARY,
                        mixed_dtypes=False),
    "addcmul": Case(lambda lib, a, b, c: lib.addcmul(a, b, c, value=2), shapes=TERNARY),
    "addcdiv": Case(lambda lib, a, b, c: lib.addcdiv(a, b, c, value=0.5), shapes=TERNARY,
                    domain=(ANY, ANY, NONZERO)),
    # unary math
    "exp": Case(lambda lib, x: x.exp()),
    "log": Case(lambda lib, x: x.log(), domain=POSITIVE),
    "log2": Case(lambda lib, x: lib.log2(x), domain=POSITIVE),
    "log10": Case(lambda lib, x: lib.log10(x), domain=POSITIVE),
    "log1p": Case(lambda lib, x: x.log1p(), domain=uniform(-0.5, 2)),
    "expm1": Case(lambda lib, x: x.expm1()),
    "sqrt": Case(lambda lib, x: x.sqrt(), domain=POSITIVE),
    "rsqrt": Case(lambda lib, x: x.rsqrt(), domain=POSITIVE),
    "sin": Case(lambda lib, x: x.sin()),
    "cos": Case(lambda lib, x: x.cos()),
    "tan": Case(lambda lib, x: x.tan(), domain=UNIT),
    "tanh": Case(lambda lib, x: x.tanh()),
    "sinh": Case(lambda lib, x: x.sinh()),
    "cosh": Case(lambda lib, x: x.cosh()),
    "asin": Case(lambda lib, x: x.asin(), domain=UNIT),
    "acos": Case(lambda lib, x: x.acos(), domain=UNIT),
    "atan": Case(lambda lib, x: x.atan()),
    "sigmoid": Case(lambda lib, x: x.sigmoid()),
    "relu": Case(lambda lib, x: x.relu(), domain=NONZERO),
    "abs": Case(lambda lib, x: x.abs(), domain=NONZERO),
    "reciprocal": Case(lambda lib, x: x.reciprocal(), domain=NONZERO),
    "sign": Case(lambda lib, x: x.sign(), domain=NONZERO),
    "floor": Case(lambda lib, x: x.floor(), domain=off_grid),
    "ceil": Case(lambda lib, x: x.ceil(), domain=off_grid),
    "round": Case(lambda lib, x: x.round(), domain=off_grid),
    "round_decimals": Case(lambda lib, x: x.round(decimals=1),
                           domain=lambda rng, shape: off_grid(rng, shape) / 10),
    "trunc": Case(lambda lib, x: x.trunc(), domain=off_grid),
    "frac": Case(lambda lib, x: x.frac(), domain=off_grid),
    "clamp": Case(lambda lib, x: x.clamp(-1, 1), domain=away(-1.0, 1.0)),
    "clamp_min": Case(lambda lib, x: x.clamp(min=-0.5), domain=away(-0.5)),
    "clamp_max": Case(lambda lib, x: x.clamp(max=0.5), domain=away(0.5)),
    "clamp_min_fn": Case(lambda lib, x: lib.clamp_min(x, -0.5), domain=away(-0.5)),
    "clamp_max_fn": Case(lambda lib, x: lib.clamp_max(x, 0.5), domain=away(0.5)),
    "clamp_tensor": Case(lambda lib, x, lo, hi: lib.clamp(x, lo, hi), shapes=broadcast(3, True),
                         domain=(ANY, uniform(-1.5, -0.5), uniform(0.5, 1.5))),
    "maximum": Case(lambda lib, a, b: lib.maximum(a, b), shapes=BINARY),
    "minimum": Case(lambda lib, a, b: lib.minimum(a, b), shapes=BINARY),
    "where": Case(lambda lib, a, b: lib.where(parity(lib, np.broadcast_shapes(a.shape, b.shape)),
                                              a, b), shapes=BINARY),
    # a cast is linear, so a large step keeps float32 rounding out of the finite differences
    "to_copy": Case(lambda lib, x: x.to(lib.float64 if x.dtype == lib.float32 else lib.float32),
                    eps=0.1),
    "clone": (Case(lambda lib, x: x.clone()),
              Case(lambda lib, a, b: lib.resolve_conj(lib.complex(a, b).conj()), shapes=SAME2)),
    # reductions
    "sum": Case(lambda lib, x: x.sum()),
    "sum_dim": Case(lambda lib, x: x.sum(-1), lambda lib, x: x.sum(ends(x), keepdim=True)),
    "mean": Case(lambda lib, x: x.mean()),
    "mean_dim": Case(lambda lib, x: x.mean(-1), lambda lib, x: x.mean(ends(x), keepdim=True)),
    "max": Case(lambda lib, x: x.max()),
    "min": Case(lambda lib, x: x.min()),
    "max_dim": Case(lambda lib, x: x.max(-1).values, lambda lib, x: x.max(0, keepdim=True)[0]),
    "min_dim": Case(lambda lib, x: x.min(-1).values, lambda lib, x: x.min(0, keepdim=True)[0]),
    "amax": Case(lambda lib, x: x.amax(-1), lambda lib, x: x.amax(ends(x), keepdim=True)),
    "amin": Case(lambda lib, x: x.amin(-1), lambda lib, x: x.amin(ends(x), keepdim=True)),
    "prod": (Case(lambda lib, x: x.prod(), domain=NONZERO),
             Case(lambda lib, x: x.prod(), shapes=WIDE, domain=with_a_zero)),
    "prod_dim": (Case(lambda lib, x: x.prod(-1), lambda lib, x: x.prod(0, keepdim=True),
                      domain=NONZERO),
                 Case(lambda lib, x: x.prod(-1), shapes=WIDE, domain=with_a_zero)),
    "var": Case(lambda lib, x: x.var(), lambda lib, x: x.var(-1, keepdim=True),
                lambda lib, x: x.var(0, unbiased=False), shapes=WIDE),
    "std": Case(lambda lib, x: x.std(), lambda lib, x: x.std(-1, keepdim=True),
                lambda lib, x: x.std(0, unbiased=False), shapes=WIDE),
    "norm": Case(lambda lib, x: x.norm(), lambda lib, x: x.norm(p=3, dim=-1),
                 lambda lib, x: x.norm(p=1), lambda lib, x: x.norm(p=float("inf"), dim=0),
                 domain=NONZERO),
    "logsumexp": Case(lambda lib, x: x.logsumexp(-1),
                      lambda lib, x: x.logsumexp(ends(x), keepdim=True)),
    "cumsum": Case(lambda lib, x: x.cumsum(-1), lambda lib, x: x.cumsum(0)),
    # shapes and views
    "view": (Case(lambda lib, x: x.view(-1), lambda lib, x: x.view(1, *x.shape)),
             Case(lambda lib, x: lib.flatten(x), lambda lib, x: lib.unflatten(x, 0, (2, -1)),
                  shapes=fixed(((2, 3),), ((4, 1, 2),))),
             # einsum's last step when it sums: the summed dims (size 1 by then) viewed away
             Case(lambda lib, a, b: lib.einsum("...ij,...jk->...ik", a, b),
                  shapes=fixed(((2, 2, 3), (2, 3, 1)), ((3, 2), (2, 4))))),
    "unsafe_view": Case(lambda lib, x: x.t().reshape(-1), shapes=fixed(((2, 3),), ((3, 2),))),
    "t": Case(lambda lib, x: x.t(), shapes=unary(max_ndim=2)),
    "transpose": Case(lambda lib, x: x.transpose(0, -1)),
    "permute": Case(lambda lib, x: x.permute(2, 0, 1), lambda lib, x: lib.movedim(x, 0, -1),
                    shapes=unary(min_ndim=3)),
    "unsqueeze": Case(lambda lib, x: x.unsqueeze(-1), lambda lib, x: x.unsqueeze(0)),
    "squeeze": Case(lambda lib, x: x.squeeze(), shapes=fixed(((1, 3, 1),), ((2, 1),), ((1,),))),
    "squeeze_dim": Case(lambda lib, x: x.squeeze(1), shapes=fixed(((2, 1, 3),), ((3, 1),))),
    "squeeze_dims": Case(lambda lib, x: x.squeeze((0, 2)), shapes=fixed(((1, 3, 1),),
                                                                        ((1, 2, 1, 2),))),
    "squeeze_dims_": Case(lambda lib, v, m: v @ m, shapes=fixed(((3,), (3, 2)), ((2,), (2, 4)))),
    "expand": Case(lambda lib, x: x.expand(2, *[3 if s == 1 else s for s in x.shape]),
                   lambda lib, x: lib.broadcast_to(x, (2, *x.shape))),
    "repeat": Case(lambda lib, x: x.repeat(2, *[2] * x.ndim)),
    "flip": Case(lambda lib, x: x.flip(0), lambda lib, x: x.flip(ends(x))),
    "select": (Case(lambda lib, x: x[1], lambda lib, x: x.select(-1, 0), shapes=WIDE),
               Case(lambda lib, a, b: lib.real(lib.complex(a, b)), lambda lib, a, b: lib.imag(
                   lib.complex(a, b)), shapes=SAME2)),
    "slice": Case(lambda lib, x: x[1:], lambda lib, x: x.narrow(-1, 0, 2),
                  lambda lib, x: lib.narrow(x, 0, 1, 1), lambda lib, x: lib.tensor_split(x, 2, -1),
                  shapes=WIDE),
    "index": Case(lambda lib, x: x[[0, 2, 0]], shapes=fixed(((3,),), ((4, 2),))),
    "index_select": Case(lambda lib, x: x.index_select(0, index_of(lib, [2, 0, 2])),
                         shapes=fixed(((3,),), ((3, 2),))),
    "gather": Case(lambda lib, x: x.gather(1, index_of(lib, gather_index(x.shape))),
                   lambda lib, x: lib.take_along_dim(x, index_of(lib, gather_index(x.shape)), 1),
                   shapes=fixed(((3, 4),), ((2, 5),))),
    "index_backward": Case(lambda lib, g: grad_of(lib, lambda b: b[[0, 2, 0]],
                                                  (4,) + g.shape[1:], g),
                           shapes=fixed(((3,),), ((3, 2),))),
    "gather_backward": Case(lambda lib, g: grad_of(
        lib, lambda b: b.gather(1, index_of(lib, gather_index(g.shape[:1] + (4,)))),
        g.shape[:1] + (4,), g), shapes=fixed(((3, 2),), ((2, 2),))),
    "index_put": (Case(lambda lib, x, v: put(x, 1, v),
                       shapes=fixed(((3, 4), (4,)), ((3, 4), (1,)), ((3, 2), ()))),
                  Case(lambda lib, x, v: put(x, (slice(1, None), -1), v),
                       shapes=fixed(((3, 4), (2,)), ((3, 2), (1,)), ((3, 4), ())))),
    "index_put_advanced": (Case(lambda lib, x, v: put(x, [0, 2], v),
                                shapes=fixed(((3, 4), (4,)), ((3, 4), (1,)), ((3, 2), ()))),
                           Case(lambda lib, x, v: put(x, (slice(None), [1, 0]), v),
                                shapes=fixed(((3, 4), (2,)), ((2, 3), (1,)), ((3, 2), ())))),
    "masked_fill": Case(lambda lib, x: x.masked_fill(parity(lib, x.shape), 0.5)),
    "diagonal_view": (Case(lambda lib, x: x.diagonal(), lambda lib, x: lib.diagonal(x, -1, 1, 0),
                           lambda lib, x: x.diagonal(1, -1, 0), shapes=unary(min_ndim=2, low=2)),
                      Case(lambda lib, x: x.diagonal(), shapes=fixed(((3, 3),), ((2, 4),))),
                      Case(lambda lib, x: lib.diagonal(x, 1, 2, 0),
                           lambda lib, x: x.diagonal(-1, -1, 1),
                           shapes=fixed(((2, 3, 4),), ((2, 3, 4, 3),)))),
    "as_strided": Case(lambda lib, x: changed_under(x, lambda t: t[1], lambda t, u: t.mul_(2))[0],
                       lambda lib, x: changed_under(x, lambda t: t.transpose(0, -1),
                                                    lambda t, u: u[0].mul_((t[-1] * 1).sum()))[0],
                       shapes=WIDE),
    "cat": (Case(lambda lib, *xs: lib.cat(xs, 0), shapes=fixed(((2, 3), (1, 3), (2, 3)),
                                                               ((1,), (3,), (2,)))),
            Case(lambda lib, a, b: lib.cat([a, b], -1), shapes=fixed(((2, 1), (2, 3)),
                                                                     ((1, 2, 2), (1, 2, 1)))),
            Case(lambda lib, a, b: lib.hstack([a, b]), lambda lib, a, b: lib.vstack([a, b]),
                 shapes=fixed(((2, 3), (2, 3)), ((1, 2), (1, 2))))),
    "stack": Case(lambda lib, a, b: lib.stack([a, b], 0), lambda lib, a, b: lib.stack((a, b), -1),
                  shapes=SAME2),
    "split": Case(lambda lib, x: x.split(2, dim=-1), lambda lib, x: x.chunk(2, 0),
                  lambda lib, x: lib.chunk(x, 2, -1),
                  shapes=fixed(((3, 3),), ((3, 5),))),
    "split_with_sizes": Case(lambda lib, x: x.split([1, 2], 0), shapes=fixed(((3, 3),), ((3,),))),
    "unbind": Case(lambda lib, x: x.unbind(-1), lambda lib, x: x.unbind(0), shapes=WIDE),
    "alias": Case(lambda lib, x: x[...], lambda lib, x: x[:, :], shapes=unary(min_ndim=2)),
    "masked_fill_tensor": Case(lambda lib, x, v: x.masked_fill(parity(lib, x.shape), v),
                               shapes=lambda rng, i: (unary()(rng, i)[0], ()),
                               mixed_dtypes=False),
    "masked_select": Case(lambda lib, x: x.masked_select(parity(lib, x.shape)), shapes=WIDE),
    "tril": Case(lambda lib, x: x.tril(), lambda lib, x: x.tril(-1), shapes=unary(min_ndim=2)),
    "triu": Case(lambda lib, x: x.triu(), lambda lib, x: x.triu(1), shapes=unary(min_ndim=2)),
    "diagonal": Case(lambda lib, x: x.diag(), lambda lib, x: x.diag(1),
                     shapes=fixed(((3, 3),), ((2, 4),))),
    "diag_embed": Case(lambda lib, v: v.diag(), lambda lib, v: lib.diag(v, -1),
                       shapes=fixed(((3,),), ((1,),))),
    "trace": Case(lambda lib, x: x.trace(), shapes=fixed(((3, 3),), ((2, 4),))),
    "dist": Case(lambda lib, a, b: lib.dist(a, b), lambda lib, a, b: lib.dist(a, b, 1),
                 shapes=BINARY, domain=(uniform(1, 2), uniform(-2, -1)), mixed_dtypes=False),
    "nansum": Case(lambda lib, x: x.nansum(), lambda lib, x: x.nansum(0, keepdim=True),
                   shapes=WIDE),
    "zero": Case(lambda lib, x: (x * 1).zero_()),
    "fill": Case(lambda lib, x: (x * 1).fill_(2.5)),
    "fill_tensor": Case(lambda lib, x, v: (x * 1).fill_(v),
                        shapes=lambda rng, i: (unary()(rng, i)[0], ()), mixed_dtypes=False),
    "copy": Case(lambda lib, x, src: (x * 1).copy_(src), shapes=broadcast(2, True)),
    "t_": Case(lambda lib, x: (x * 1).t_(), shapes=unary(max_ndim=2)),
    "transpose_": Case(lambda lib, x: (x * 1).transpose_(0, -1)),
    "unsqueeze_": Case(lambda lib, x: (x * 1).unsqueeze_(-1)),
    "squeeze_": Case(lambda lib, x: (x * 1).squeeze_(), shapes=fixed(((1, 3, 1),), ((2, 1),))),
    "squeeze_dims_tuple_": Case(lambda lib, x: (x * 1).squeeze_((0, 2)),
                                shapes=fixed(((1, 3, 1),), ((1, 2, 1, 2),))),
    # matrix products
    "mm": Case(lambda lib, a, b: a.mm(b), shapes=fixed(((2, 3), (3, 4)), ((1, 2), (2, 1)))),
    "mv": Case(lambda lib, a, v: a.mv(v), shapes=fixed(((2, 3), (3,)), ((4, 1), (1,)))),
    "dot": Case(lambda lib, a, b: a.dot(b), shapes=fixed(((3,), (3,)), ((1,), (1,)))),
    "vdot": (Case(lambda lib, a, b, c, d: lib.vdot(lib.complex(a, b), lib.complex(c, d)),
                  shapes=fixed(((3,),) * 4, ((1,),) * 4)),
             Case(lambda lib, a, b: lib.vdot(a, b), shapes=fixed(((2,),) * 2))),
    "bmm": Case(lambda lib, a, b: a.bmm(b), shapes=fixed(((2, 2, 3), (2, 3, 1)))),
    "addmm": Case(lambda lib, c, a, b: lib.addmm(c, a, b, beta=0.5, alpha=2),
                  lambda lib, c, a, b: lib.addmm(c, a, b), mixed_dtypes=False,
                  shapes=fixed(((2, 4), (2, 3), (3, 4)), ((4,), (2, 3), (3, 4)),
                               ((2, 1), (2, 3), (3, 4)), ((), (2, 3), (3, 4)))),
    # (torch ends 2-D @ 3-D in a TransposeBackward0: not this op)
    "matmul": Case(lambda lib, a, b: a @ b, mixed_dtypes=False,
                   shapes=fixed(((2, 1, 3, 4), (3, 4, 2)), ((2, 3, 4), (4, 2)),
                                ((2, 3, 4), (2, 4, 1)))),
    # activations
    "softmax": Case(lambda lib, x: x.softmax(-1), lambda lib, x: x.softmax(0)),
    "log_softmax": Case(lambda lib, x: x.log_softmax(-1), lambda lib, x: x.log_softmax(0)),
    "leaky_relu": Case(lambda lib, x: F(lib).leaky_relu(x, 0.1), domain=NONZERO),
    "elu": Case(lambda lib, x: F(lib).elu(x, alpha=1.5), domain=NONZERO),
    "gelu": Case(lambda lib, x: F(lib).gelu(x)),
    "erf": Case(lambda lib, x: lib.erf(x)),
    "silu": Case(lambda lib, x: F(lib).silu(x)),
    "softplus": Case(lambda lib, x: F(lib).softplus(x, beta=2, threshold=3),
                     lambda lib, x: F(lib).softplus(x), domain=away(1.5, low=-3, high=3)),
    # losses
    "mse_loss": Case(lambda lib, a, b: F(lib).mse_loss(a, b),
                     lambda lib, a, b: F(lib).mse_loss(a, b, reduction="none"),
                     lambda lib, a, b: F(lib).mse_loss(a, b, reduction="sum"), shapes=SAME2),
    "nll_loss": Case(lambda lib, x: F(lib).nll_loss(x, targets(lib, x.shape)),
                     lambda lib, x: F(lib).nll_loss(x, targets(lib, x.shape), reduction="none"),
                     lambda lib, x: F(lib).nll_loss(x, targets(lib, x.shape), reduction="sum",
                                                    weight=lib.tensor([0.5, 2.0, 1.0])[:x.shape[1]]
                                                    .to(x.dtype)),
                     shapes=fixed(((2, 3),), ((4, 2),))),
    "nll_loss2d": Case(lambda lib, x: F(lib).nll_loss(x, targets(lib, x.shape)),
                       lambda lib, x: F(lib).nll_loss(x, targets(lib, x.shape), reduction="none"),
                       shapes=fixed(((2, 3, 2, 2),), ((1, 2, 1, 3),))),
    "binary_cross_entropy": Case(
        lambda lib, p, t: F(lib).binary_cross_entropy(p, t),
        lambda lib, p, t: F(lib).binary_cross_entropy(p, t, reduction="none"),
        shapes=SAME2, domain=PROBABILITY),
    "binary_cross_entropy_with_logits": Case(
        lambda lib, x, t: F(lib).binary_cross_entropy_with_logits(x, t),
        lambda lib, x, t: F(lib).binary_cross_entropy_with_logits(
            x, t, pos_weight=lib.full(x.shape[-1:], 2.0, dtype=x.dtype), reduction="sum"),
        shapes=SAME2, domain=(ANY, PROBABILITY)),
    # convolution and pooling
    "convolution": (
        Case(lambda lib, x, w, b: F(lib).conv2d(x, w, b),
             lambda lib, x, w, b: F(lib).conv2d(x, w, b, stride=2, padding=1, dilation=(1, 2)),
             shapes=fixed(((1, 2, 5, 5), (3, 2, 3, 2), (3,))), mixed_dtypes=False, draws=1),
        Case(lambda lib, x, w: F(lib).conv1d(x, w, groups=2, padding="same"),
             shapes=fixed(((2, 4, 6), (4, 2, 3))), mixed_dtypes=False, draws=1)),
    "convolution_input_grad": Case(
        lambda lib, w, g: grad_of(lib, lambda x: F(lib).conv2d(x, w, stride=2, padding=1),
                                  (1, 2, 5, 5), g),
        shapes=fixed(((3, 2, 3, 2), (1, 3, 3, 3))), mixed_dtypes=False, draws=1),
    "convolution_weight_grad": Case(
        lambda lib, x, g: grad_of(lib, lambda w: F(lib).conv2d(x, w, stride=2, padding=1),
                                  (3, 2, 3, 2), g),
        shapes=fixed(((1, 2, 5, 5), (1, 3, 3, 3))), mixed_dtypes=False, draws=1),
    "max_pool2d": Case(lambda lib, x: F(lib).max_pool2d(x, 2),
                       lambda lib, x: F(lib).max_pool2d(x, 3, 2, 1, ceil_mode=True),
                       shapes=fixed(((1, 2, 5, 4),), ((2, 4, 4),)), draws=2),
    "avg_pool2d": Case(lambda lib, x: F(lib).avg_pool2d(x, 2),
                       lambda lib, x: F(lib).avg_pool2d(x, 3, 2, 1, ceil_mode=True,
                                                        count_include_pad=False),
                       shapes=fixed(((1, 2, 5, 4),), ((2, 4, 4),)), draws=2),
    "avg_pool2d_backward": Case(
        lambda lib, g: grad_of(lib, lambda x: F(lib).avg_pool2d(x, 3, 2, 1), (1, 2, 5, 4), g),
        shapes=fixed(((1, 2, 3, 2),)), draws=1),
    "adaptive_avg_pool2d": Case(lambda lib, x: F(lib).adaptive_avg_pool2d(x, (3, 2)),
                                shapes=fixed(((1, 2, 5, 4),), ((2, 7, 3),)), draws=2),
    "adaptive_avg_pool2d_backward": Case(
        lambda lib, g: grad_of(lib, lambda x: F(lib).adaptive_avg_pool2d(x, (3, 2)),
                               (1, 2, 5, 4), g),
        shapes=fixed(((1, 2, 3, 2),)), draws=1),
    "native_batch_norm": (
        Case(lambda lib, x, w, b: F(lib).batch_norm(x, None, None, w, b, training=True),
             shapes=fixed(((4, 3, 2), (3,), (3,)), ((3, 2, 2, 2), (2,), (2,))),
             mixed_dtypes=False, draws=2),
        Case(lambda lib, x: F(lib).batch_norm(
            x, lib.tensor([0.5, -1.0], dtype=x.dtype), lib.tensor([2.0, 0.5], dtype=x.dtype)),
             shapes=fixed(((3, 2),), ((2, 2, 3),)), draws=2)),
    "constant_pad_nd": Case(lambda lib, x: F(lib).pad(x, (1, 2)),
                            lambda lib, x: F(lib).pad(x, (1, -1, 0, 2), value=0.5),
                            shapes=fixed(((2, 3, 3),), ((3, 4),)), draws=2),
    "reflect_pad1d": Case(lambda lib, x: F(lib).pad(x, (2, 1), mode="reflect"),
                          shapes=fixed(((2, 3, 4),), ((2, 3),)), draws=2),
    "reflect_pad2d": Case(lambda lib, x: F(lib).pad(x, (1, 2, 2, 0), mode="reflect"),
                          shapes=fixed(((1, 2, 3, 4),), ((2, 3, 3),)), draws=2),
    "reflect_pad3d": Case(lambda lib, x: F(lib).pad(x, (1, 0, 1, 1, 0, 1), mode="reflect"),
                          shapes=fixed(((1, 2, 2, 3, 2),),), draws=1),
    "replicate_pad1d": Case(lambda lib, x: F(lib).pad(x, (2, 1), mode="replicate"),
                          shapes=fixed(((2, 3, 4),), ((2, 3),)), draws=2),
    "replicate_pad2d": Case(lambda lib, x: F(lib).pad(x, (1, 2, 2, 0), mode="replicate"),
                          shapes=fixed(((1, 2, 3, 4),), ((2, 3, 3),)), draws=2),
    "replicate_pad3d": Case(lambda lib, x: F(lib).pad(x, (1, 0, 1, 1, 0, 1), mode="replicate"),
                          shapes=fixed(((1, 2, 2, 3, 2),),), draws=1),
    "circular_pad1d": Case(lambda lib, x: F(lib).pad(x, (2, 1), mode="circular"),
                          shapes=fixed(((2, 3, 4),), ((2, 3),)), draws=2),
    "circular_pad2d": Case(lambda lib, x: F(lib).pad(x, (1, 2, 2, 0), mode="circular"),
                          shapes=fixed(((1, 2, 3, 4),), ((2, 3, 3),)), draws=2),
    "circular_pad3d": Case(lambda lib, x: F(lib).pad(x, (1, 0, 1, 1, 0, 1), mode="circular"),
                          shapes=fixed(((1, 2, 2, 3, 2),),), draws=1),
}


def cases_of(name):
    case = CASES.get(name, ())  # a missing case fails test_every_op_has_a_case only
    return case if isinstance(case, tuple) else (case,)


def draws(name):
    for case in cases_of(name):
        for fn, arrays in case.inputs(name):
            yield case, fn, arrays


def leaves(arrays, lib=anb, dtypes=None):
    dtypes = dtypes or [lib.float64] * len(arrays)
    return [lib.tensor(a, dtype=d, requires_grad=True) for a, d in zip(arrays, dtypes)]


def as_tuple(out):
    return out if isinstance(out, tuple) else (out,)


def modern_name(name):
    return OPS[name].node_class._era_names["modern"][1]


@pytest.fixture(autouse=True)
def modern_style():
    before = anb.eras.current_style()
    anb.set_printoptions(style="modern")
    yield
    anb.set_printoptions(style=before)


# Ops whose backward is not built from differentiable ops: none known.
NOT_TWICE_DIFFERENTIABLE = {}
SECOND_DERIVATIVE_XFAIL = dict(NOT_TWICE_DIFFERENTIABLE)
ALL_OPS = sorted(OPS)
DIFFERENTIABLE = [n for n in ALL_OPS if all(c.differentiable for c in cases_of(n))]
NO_DERIVATIVE = [n for n in ALL_OPS if n not in DIFFERENTIABLE]


def test_every_op_has_a_case():
    assert set(OPS) - set(CASES) == set(), "ops without a sweep case"
    assert set(CASES) - set(OPS) == set(), "cases of ops the table does not have"


@pytest.mark.parametrize("name", ALL_OPS)
def test_case_reaches_its_op(name):
    """The call's result is made by the op it stands for, so the sweep tests that op."""
    for _, fn, arrays in draws(name):
        node = as_tuple(fn(anb, *leaves(arrays)))[0].grad_fn
        assert getattr(type(node), "_op", None) is OPS[name], type(node).__name__


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_gradient_matches_finite_differences(name):
    for case, fn, arrays in draws(name):
        assert gradcheck(lambda *xs: fn(anb, *xs), leaves(arrays), eps=case.eps)


@pytest.mark.parametrize("name", NO_DERIVATIVE)
def test_backward_of_an_op_without_derivative_raises(name):
    for _, fn, arrays in draws(name):
        out = fn(anb, *leaves(arrays))
        with pytest.raises(RuntimeError, match="derivative for aten::.* is not implemented"):
            out.sum().backward()


@pytest.mark.filterwarnings("ignore:Input #1 requires gradient")  # to_copy's float32 grad
@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=SECOND_DERIVATIVE_XFAIL[n]))
    if n in SECOND_DERIVATIVE_XFAIL else n for n in DIFFERENTIABLE])
def test_second_derivative_matches_finite_differences(name):
    for case, fn, arrays in draws(name):
        assert gradgradcheck(lambda *xs: fn(anb, *xs), leaves(arrays), eps=case.eps)


@pytest.mark.parametrize("name", ALL_OPS)
def test_node_is_named_as_in_the_table(name):
    for _, fn, arrays in draws(name):
        out = as_tuple(fn(anb, *leaves(arrays)))[0]
        assert type(out.grad_fn).__name__ == modern_name(name)


def _backward_with(lib, fn, arrays, seeds):
    """(node name, gradients of the inputs or the error's text) of ``fn`` in ``lib``."""
    xs = leaves(arrays, lib)
    outs = as_tuple(fn(lib, *xs))
    grads = [lib.tensor(s, dtype=o.dtype) for s, o in zip(seeds, outs)]
    try:
        found = lib.autograd.grad(outs, xs, grads, allow_unused=True)
    except RuntimeError as e:
        return type(outs[0].grad_fn).__name__, str(e)
    # torch's gradients may carry its lazy conjugate / negative bits and zero tensors
    return type(outs[0].grad_fn).__name__, [
        None if g is None else g.detach().resolve_conj().resolve_neg().numpy(force=True)
        for g in found]


@pytest.mark.parametrize("name", ALL_OPS)
def test_node_name_and_gradient_match_torch(name):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    for _, fn, arrays in draws(name):
        with anb.no_grad():
            shapes = [o.shape for o in as_tuple(fn(anb, *leaves(arrays)))]
        seeds = [rng.standard_normal(tuple(s)) for s in shapes]
        ours, our_grads = _backward_with(anb, fn, arrays, seeds)
        theirs, their_grads = _backward_with(torch, fn, arrays, seeds)
        assert ours == theirs
        if isinstance(their_grads, str):
            assert our_grads == their_grads
            continue
        for mine, expected in zip(our_grads, their_grads):
            np.testing.assert_allclose(mine, expected, rtol=1e-6, atol=1e-6)


BROADCASTING = [n for n in DIFFERENTIABLE if OPS[n].grads_match_inputs]


@pytest.mark.parametrize("name", BROADCASTING)
def test_gradients_reduce_to_each_input_shape_and_dtype(name):
    """float32 and float64 inputs mixed (where torch allows it), of broadcast shapes."""
    for case, fn, arrays in draws(name):
        mixed = case.mixed_dtypes and all(a.ndim for a in arrays)  # 0-d: see below
        dtypes = [anb.float32 if mixed and i % 2 == 0 else anb.float64
                  for i in range(len(arrays))]
        xs = leaves(arrays, dtypes=dtypes)
        out = as_tuple(fn(anb, *xs))[0]
        out.real.sum().backward()  # a complex result: the gradients of its real part
        for x in xs:
            assert (x.grad.shape, x.grad.dtype) == (x.shape, x.dtype)


def test_mixed_dtype_gradients_of_0d_inputs():
    a = anb.tensor(1.5, requires_grad=True)
    b = anb.tensor(2.0, dtype=anb.float64, requires_grad=True)
    (a * b).backward()
    assert (a.grad.dtype, b.grad.dtype) == (anb.float32, anb.float64)
