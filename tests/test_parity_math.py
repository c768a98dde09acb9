"""Parity with torch 2.13: arithmetic, elementwise math, comparisons; values, graphs, gradients.

Each case runs on the prelude's leaves (``x``, ``y`` 2x2, ``v``, ``w`` length 2, ``s`` 0-d) and
compares the result and the gradients a backward pass from it sends to every leaf.
"""
import pytest

from _parity import same

torch = pytest.importorskip("torch")

OPERATORS = [
    "x + y", "x + 2", "2 + x", "x + 2.5", "x + True", "x + v", "v + x", "x + s", "s + x",
    "x + a", "x.add(y)", "x.add(y, alpha=2)", "torch.add(x, 2)", "torch.add(x, y, alpha=-0.5)",
    "x - y", "x - 2", "2 - x", "2.5 - v", "x - v", "x.sub(y, alpha=3)", "torch.sub(2, x)",
    "torch.rsub(x, 2)", "x.subtract(y)",
    "x * y", "x * 2", "2 * x", "x * v", "x * s", "x.mul(y)", "torch.mul(x, 3)", "x.multiply(w)",
    "x * a", "x * True",
    "x / y", "x / 2", "2 / x", "v / x", "x / s", "x.div(y)", "torch.div(x, 4)", "x.divide(w)",
    "torch.true_divide(x, 2)", "x.div(2, rounding_mode='floor')", "x.div(3, rounding_mode='trunc')",
    "x.div(2, rounding_mode='round')", "x // y", "x % y", "3 % x", "x.fmod(y)",
    "x.remainder(y)", "torch.remainder(x, -1.5)", "torch.fmod(-x, 1.5)",
    "x.div(y, rounding_mode='floor')",
    "-x", "x.neg()", "torch.neg(v)", "x.negative()", "+x",
    "x ** 2", "x ** 0", "x ** 0.5", "x ** -1", "x ** y", "x ** v", "2 ** x", "2.5 ** v",
    "x.pow(3)", "torch.pow(x, 2)", "torch.pow(2, x)", "x.pow(y)", "s ** s", "x.square()",
    "torch.float_power(x, 2)",
    "x // 2", "x % 3", "x.remainder(3)", "x.fmod(3)", "torch.floor_divide(x, 2)",
    "x @ y", "x.abs() @ v",
    "abs(x - 2)",
]


@pytest.mark.parametrize("code", OPERATORS)
def test_operator(code):
    same(code, torch)


UNARY = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "log2", "log10",
         "log1p", "expm1", "rsqrt", "tan", "sinh", "cosh", "reciprocal", "sign", "floor", "ceil",
         "round", "trunc", "frac", "erf", "neg"]


@pytest.mark.parametrize("name", UNARY)
def test_unary_method(name):
    same(f"(x * 0.3 + 0.1).{name}()", torch)


@pytest.mark.parametrize("name", UNARY)
def test_unary_function(name):
    same(f"torch.{name}(v * 0.4)", torch)


@pytest.mark.parametrize("name", ["asin", "acos", "atan", "arcsin", "arccos", "arctan"])
def test_inverse_trig(name):
    same(f"torch.{name}(v * 0.2)", torch)


@pytest.mark.parametrize("name", ["exp", "sqrt", "sin", "sigmoid", "tanh", "log"])
def test_unary_of_integer_tensor_is_float(name):
    same(f"torch.{name}(torch.tensor([1, 2, 3]))", torch)


@pytest.mark.parametrize("name", ["abs", "neg", "sign", "relu", "floor", "round"])
def test_unary_of_integer_tensor_keeps_int(name):
    same(f"torch.{name}(torch.tensor([-1, 2, 3]))", torch)


@pytest.mark.parametrize("code", [
    "torch.log(torch.tensor([0., -1.]))", "torch.sqrt(torch.tensor([-1.]))",
    "torch.tensor([1., 0.]) / 0", "torch.tensor([1, 0]) / 0", "torch.exp(torch.tensor([1000.]))",
    "torch.tensor([1., float('nan')]).sigmoid()", "torch.tensor([-100., 100.]).sigmoid()",
    "torch.tensor([-12., 3.], dtype=torch.float16).sigmoid()",
    "torch.tensor([-800., 800.], dtype=torch.float64).sigmoid()",
    "torch.tensor([1, 2]) // 0", "torch.tensor([1, 2]) % 0", "torch.tensor([1, 2]).fmod(0)",
    "torch.tensor([1, 2]).div(0, rounding_mode='floor')",
    # relu's gradient is zero only where the result is <= 0: a NaN passes the gradient on
    "(lambda t: (torch.relu(t).sum().backward(), t.grad)[1])("
    "torch.tensor([float('nan'), -1., 0., 2.], requires_grad=True))",
])
def test_edge_values(code):
    same(code, torch)


@pytest.mark.parametrize("code", [
    "torch.round(x * 0.37, decimals=1)", "torch.tensor([0.5, 1.5, 2.5, -0.5]).round()",
    "x.clamp(1.5, 3.5)", "x.clamp(min=2)", "x.clamp(max=2.5)", "torch.clamp(x, 0, 3)",
    "x.clamp()", "x.clip(1, 2)", "x.clamp_min(2.)", "x.clamp_max(2.)",
    "x.clamp(min=torch.tensor(2.))", "x.clamp(min=y, max=x)",
    "torch.clamp(torch.tensor([1, 5]), 2, 3)",
    "torch.clamp(torch.tensor([1, 5]), 2.5)",
    "torch.maximum(x, y)", "torch.minimum(x, y)", "torch.max(x, y)", "torch.min(x, y)",
    "torch.maximum(x, x)", "x.maximum(v)",
    "torch.where(x > 2, x, y)", "torch.where(x > 2, x, 0.)", "torch.where(x > 2, 1., x)",
    "torch.where(a > 0, x, v)", "x.where(x > 2, y)", "torch.where(x > 2)",
    "torch.where(torch.tensor([1, 0]), x, y)",
    "torch.lerp(x, y, 0.25)", "torch.lerp(x, y, torch.tensor(0.3))", "x.lerp(y, w)",
    "torch.clamp_min(x, 2)", "torch.clamp_max(x, 2)", "x.clamp(min=y)", "x.clamp(max=y)",
    "x.clamp(min=torch.tensor([1]))", "torch.clamp(torch.tensor([1, 5]), torch.tensor(2.5))",
    "torch.addcmul(x, y, v, value=2)", "torch.addcdiv(x, y, w)",
])
def test_pointwise_function(code):
    same(code, torch)


COMPARISONS = [
    "x > 2", "x < y", "x >= v", "x <= 2.5", "x == y", "x != 2", "x == x", "2 < x",
    "x.gt(2)", "x.lt(y)", "x.ge(2)", "x.le(2)", "x.eq(y)", "x.ne(y)", "torch.gt(x, 1)",
    "torch.greater(x, 1)", "torch.less_equal(x, 1)", "x.not_equal(y)",
    "torch.tensor([1, 2]) > 1.5", "torch.tensor([True]) == 1",
    "(x > 2) & (x < 4)", "(x > 2) | (y > 0)", "(x > 2) ^ (y > 0)", "~(x > 2)",
    "torch.logical_and(x > 2, y > 0)", "torch.logical_or(x > 2, y > 0)",
    "torch.logical_not(x > 2)", "torch.logical_xor(x > 2, y > 0)",
    "torch.tensor([6, 3]) & 5", "torch.tensor([6, 3]) | torch.tensor([1, 1])",
    "torch.bitwise_xor(torch.tensor([6]), 3)", "torch.bitwise_not(torch.tensor([6, 0]))",
    "x & 1", "x | 1", "x ^ 1", "~x", "torch.bitwise_not(x)",
    "torch.equal(x, x)", "torch.equal(x, y)", "torch.equal(x, x[:1])",
    "torch.allclose(x, x + 1e-7)", "torch.allclose(x, y)", "torch.isclose(x, x + 1e-7)",
    "torch.isnan(torch.tensor([1., float('nan')]))",
    "torch.isinf(torch.tensor([1., float('inf')]))",
    "torch.isfinite(torch.tensor([1., float('inf'), float('nan')]))",
    "torch.all(x > 0)", "torch.any(x > 3)", "(x > 2).all(dim=1)", "(x > 2).any(0)",
    "torch.all(torch.tensor([1, 0]))", "x.all()", "x.any()",
    "torch.nonzero(x > 2)", "torch.nonzero(x > 2, as_tuple=True)", "(x > 2).nonzero()",
    "torch.count_nonzero(x > 2)", "torch.count_nonzero(a, dim=0)",
    "x > torch.ones(3)",
]


@pytest.mark.parametrize("code", COMPARISONS)
def test_comparison_and_logic(code):
    same(code, torch)


BROADCASTING = [
    "x + torch.ones(3, 1, 2, requires_grad=True)", "v * torch.ones(3, 1, requires_grad=True)",
    "s * x * v", "torch.ones(2, 1, requires_grad=True) / x",
    "torch.ones(1, 1, requires_grad=True) - v", "x + torch.ones(3)", "x * torch.ones(3, 2)",
    "x + torch.ones(2, 3)", "torch.ones(4, 3) - torch.ones(4, 2)", "x ** torch.ones(2, 1)",
    "torch.maximum(x, torch.zeros(1, 2, 2))",
]


@pytest.mark.parametrize("code", BROADCASTING)
def test_broadcasting(code):
    same(code, torch)


@pytest.mark.parametrize("code", [
    "x + 'a'", "x + None", "'a' + x", "None * x", "x + [1., 2.]", "x - None", "x / 'a'",
    "x ** 'a'", "x % None", "x @ 2", "2 @ x", "x == None", "x != None", "x == 'a'", "x < None",
    "x & None", "torch.add(x, 'a')", "np.float64(2.) * x", "x * np.float32(2.)", "x + np.int64(1)",
    "torch.tensor([1, 2]) + np.float64(0.5)", "x - torch.tensor([True, False])",
])
def test_mixed_operand_types(code):
    same(code, torch)


@pytest.mark.parametrize("code", [
    "torch.tensor([True]) - torch.tensor([True])", "-torch.tensor([True])",
    "torch.tensor([1.]) & torch.tensor([1.])", "torch.tensor([1, 2]).div(2, rounding_mode='floor')",
    "torch.tensor([-3, 3]).div(2, rounding_mode='trunc')", "torch.tensor([-7, 7]) // 2",
    "torch.tensor([-7, 7]) % 3", "torch.tensor([2]) ** -1", "torch.tensor([2]) ** 2.",
    "torch.tensor([2, 3]) ** torch.tensor([2, 0])", "torch.tensor([True]) - 1",
    "1 - torch.tensor([True])", "torch.tensor([1]) - torch.tensor([True])", "x - True",
])
def test_integer_and_bool_arithmetic(code):
    same(code, torch)


MIXED_DTYPES = [
    "x * y.double()", "x.double() * y", "x * torch.tensor(2., dtype=torch.float64)",
    "x.double() + s", "s.double() * x", "x + torch.tensor([1, 2])", "x * (v > 0)",
    "x / torch.tensor([2, 4])", "x.half().float() * y", "x ** y.double()",
    "torch.where(x > 2, x, y.double())",
    "torch.cat([x, y.double()])", "torch.stack([v, w.double()])",
    "torch.maximum(x, y.double())", "x - y.double()", "torch.lerp(x, y.double(), 0.5)",
    "torch.lerp(x, y, s.double())", "torch.lerp(x, s.double(), 0.5)",
    "torch.lerp(x, y, y.double())", "x.double().sum() * y",
    "torch.addcmul(x, y.double(), v)", "torch.tensor(3) * x", "torch.tensor(3.5) * v",
    "v @ x.double()",
]


@pytest.mark.parametrize("code", MIXED_DTYPES)
def test_mixed_dtype_gradients(code):
    same(code, torch)
