"""Property tests of the engine's algebra (SPEC §1.3), over random programs: 1-3 leaves of
broadcast-compatible shapes, combined by unary and binary ops into a graph whose nodes may be
used more than once."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import autograd_nb as anb

SETTINGS = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Smooth everywhere on the reals, so finite differences hold at any input.
UNARY = {
    "sin": lambda x: x.sin(),
    "tanh": lambda x: x.tanh(),
    "sigmoid": lambda x: x.sigmoid(),
    "atan": lambda x: x.atan(),
    "erf": lambda x: x.erf(),
    "square": lambda x: x * x,
    "cube": lambda x: x ** 3,
    "exp_tanh": lambda x: x.tanh().exp(),
    "log1p_square": lambda x: (x * x).log1p(),
    "sqrt_1p_square": lambda x: (x * x + 1).sqrt(),
    "rsub": lambda x: 1.5 - x,
    "neg": lambda x: -x,
    "rpow": lambda x: 2 ** x.tanh(),
    "softmax": lambda x: x.softmax(-1),
    "log_softmax": lambda x: x.log_softmax(0),
    "sum_keepdim": lambda x: x.sum(-1, keepdim=True),
    "mean_keepdim": lambda x: x.mean(0, keepdim=True),
    "logsumexp_keepdim": lambda x: x.logsumexp(-1, keepdim=True),
    "cumsum": lambda x: x.cumsum(-1),
    "flip": lambda x: x.flip(0),
    "transpose": lambda x: x.transpose(0, -1),
    "clone": lambda x: x.clone(),
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 1),
    "pow": lambda a, b: (a * a + 1) ** b.tanh(),
    "lerp": lambda a, b: anb.lerp(a, b, 0.3) if isinstance(a, anb.Tensor) else a + 0.3 * (b - a),
    "addcmul": lambda a, b: a.addcmul(a, b, value=0.5),
}


@st.composite
def shapes(draw, n):
    """``n`` shapes broadcasting together (0-d to 3-d)."""
    full = draw(st.lists(st.integers(1, 3), max_size=3))
    out = []
    for _ in range(n):
        kept = full[len(full) - draw(st.integers(0, len(full))):]
        out.append(tuple(s if draw(st.booleans()) else 1 for s in kept))
    return out


@st.composite
def programs(draw, leaves):
    """Steps ``(op name, operand indices)`` over the values computed so far (leaves first)."""
    steps, count = [], leaves
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            steps.append((draw(st.sampled_from(sorted(UNARY))), (draw(st.integers(0, count - 1)),)))
        else:
            pair = (draw(st.integers(0, count - 1)), draw(st.integers(0, count - 1)))
            steps.append((draw(st.sampled_from(sorted(BINARY))), pair))
        count += 1
    return steps


@st.composite
def cases(draw):
    """(program, leaf arrays, seed of the output's weights)."""
    n = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    arrays = [rng.uniform(-1, 1, s) for s in draw(shapes(n))]
    return draw(programs(n)), arrays, rng.integers(2 ** 32)


def run(program, leaves):
    """Every value of the program, leaves first; its output is the last."""
    values = list(leaves)
    for name, operands in program:
        fn = UNARY.get(name) or BINARY[name]
        values.append(fn(*(values[i] for i in operands)))
    return values


def scalar(program, leaves, seed):
    """A fixed random weighting of the program's output, summed: a scalar of the whole program."""
    out = run(program, leaves)[-1]
    weights = np.random.default_rng(seed).standard_normal(out.shape)
    return (out * anb.tensor(weights, dtype=out.dtype)).sum()


def leaves_of(arrays):
    return [anb.tensor(a, dtype=anb.float64, requires_grad=True) for a in arrays]


def backward_grads(program, arrays, seed):
    xs = leaves_of(arrays)
    scalar(program, xs, seed).backward()
    return [np.zeros_like(a) if x.grad is None else x.grad.numpy() for x, a in zip(xs, arrays)]


def finite_differences(program, arrays, seed, eps=1e-6):
    grads = []
    with anb.no_grad():
        for i, a in enumerate(arrays):
            g = np.zeros_like(a)
            for j in range(a.size):
                values = []
                for step in (eps, -eps):
                    moved = [b.copy() for b in arrays]
                    moved[i].reshape(-1)[j] += step
                    values.append(scalar(program, leaves_of(moved), seed).item())
                g.reshape(-1)[j] = (values[0] - values[1]) / (2 * eps)
            grads.append(g)
    return grads


def assert_close(got, expected, rtol=1e-5, atol=1e-6):
    for g, e in zip(got, expected):
        assert g.shape == e.shape
        np.testing.assert_allclose(g, e, rtol=rtol, atol=atol)


@SETTINGS
@given(cases())
def test_gradient_of_a_random_program_matches_finite_differences(case):
    program, arrays, seed = case
    assert_close(backward_grads(program, arrays, seed), finite_differences(program, arrays, seed),
                 rtol=1e-4, atol=1e-5)


@SETTINGS
@given(cases())
def test_gradient_of_a_random_program_matches_torch(case):
    torch = pytest.importorskip("torch")
    program, arrays, seed = case
    xs = [torch.tensor(a, requires_grad=True) for a in arrays]
    with anb.no_grad():
        shape = run(program, leaves_of(arrays))[-1].shape
    weights = torch.tensor(np.random.default_rng(seed).standard_normal(tuple(shape)))
    values = list(xs)
    for name, operands in program:
        fn = UNARY.get(name) or (BINARY[name] if name != "lerp" else
                                 lambda a, b: torch.lerp(a, b, 0.3))
        values.append(fn(*(values[i] for i in operands)))
    (values[-1] * weights).sum().backward()
    expected = [np.zeros_like(a) if x.grad is None else x.grad.numpy() for x, a in zip(xs, arrays)]
    assert_close(backward_grads(program, arrays, seed), expected, rtol=1e-9, atol=1e-12)


@SETTINGS
@given(cases(), programs(3), st.floats(-3, 3), st.floats(-3, 3))
def test_backward_is_linear(case, other, a, b):
    program, arrays, seed = case
    other = [(name, tuple(i % len(arrays) if i < 3 else i - 3 + len(arrays) for i in operands))
             for name, operands in other]  # ``other`` over the same leaves
    xs = leaves_of(arrays)
    (a * scalar(program, xs, seed) + b * scalar(other, xs, seed)).backward()
    combined = [np.zeros_like(v) if x.grad is None else x.grad.numpy() for x, v in zip(xs, arrays)]
    f, g = backward_grads(program, arrays, seed), backward_grads(other, arrays, seed)
    assert_close(combined, [a * fi + b * gi for fi, gi in zip(f, g)], rtol=1e-9, atol=1e-9)


@SETTINGS
@given(cases())
def test_two_backward_calls_with_retain_graph_accumulate_twice(case):
    program, arrays, seed = case
    xs = leaves_of(arrays)
    out = scalar(program, xs, seed)
    out.backward(retain_graph=True)
    once = [None if x.grad is None else x.grad.numpy().copy() for x in xs]
    out.backward()
    for x, g in zip(xs, once):
        if g is not None:
            np.testing.assert_allclose(x.grad.numpy(), 2 * g, rtol=1e-12, atol=0)


@SETTINGS
@given(cases())
def test_no_grad_records_no_node(case):
    program, arrays, seed = case
    xs = leaves_of(arrays)
    with anb.no_grad():
        values = run(program, xs)
    assert all(v.grad_fn is None and not v.requires_grad for v in values[len(xs):])
    with anb.enable_grad():
        expected = run(program, leaves_of(arrays))
    for got, want in zip(values, expected):
        np.testing.assert_array_equal(got.detach().numpy(), want.detach().numpy())


@st.composite
def polynomials(draw):
    """(coefficients c0..c4, points): p(x) = sum c_k x^k of degree 2 to 4, elementwise."""
    coefficients = draw(st.lists(st.floats(-2, 2), min_size=3, max_size=5))
    points = draw(st.lists(st.floats(-2, 2), min_size=1, max_size=4))
    return np.array(coefficients), np.array(points)


def _derivative(c):
    return np.array([k * c[k] for k in range(1, len(c))])


@SETTINGS
@given(polynomials(), st.booleans())
def test_create_graph_gives_the_second_derivative_of_a_polynomial(poly, horner):
    c, points = poly
    x = anb.tensor(points, dtype=anb.float64, requires_grad=True)
    if horner:  # ((c4 x + c3) x + c2) x ...: x reached by paths of every length
        p = anb.zeros_like(x) + float(c[-1])
        for k in reversed(range(len(c) - 1)):
            p = p * x + float(c[k])
    else:
        p = sum((float(c[k]) * x ** k for k in range(1, len(c))), anb.zeros_like(x) + float(c[0]))
    p.sum().backward(create_graph=True)
    first = x.grad
    np.testing.assert_allclose(first.detach().numpy(), np.polyval(_derivative(c)[::-1], points),
                               rtol=1e-9, atol=1e-9)
    x.grad = None
    first.sum().backward()
    second = np.polyval(_derivative(_derivative(c))[::-1], points)
    np.testing.assert_allclose(x.grad.numpy(), second, rtol=1e-9, atol=1e-9)


# -- engine bugs found by these properties, as deterministic examples ---------------------------
def test_grad_of_a_node_reached_by_paths_of_different_lengths():
    x = anb.tensor([0.5, -1.0], dtype=anb.float64, requires_grad=True)
    a = x * 2
    out = (a.exp() * a).sum()
    (grad,) = anb.autograd.grad(out, x)
    expected = 2 * np.exp(2 * x.detach().numpy()) * (2 * x.detach().numpy() + 1)
    np.testing.assert_allclose(grad.numpy(), expected)


def test_grad_of_two_outputs_one_feeding_the_other():
    x = anb.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    z = y * 2
    (grad,) = anb.autograd.grad([z, y], x, [anb.ones(2), anb.ones(2)])
    assert grad.tolist() == [9.0, 9.0]


def test_backward_of_two_outputs_one_feeding_the_other():
    x = anb.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    z = y * 2
    anb.autograd.backward([z, y], [anb.ones(2), anb.ones(2)])
    assert x.grad is not None and x.grad.tolist() == [9.0, 9.0]
