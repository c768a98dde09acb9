"""Elementwise ops: arithmetic, powers, and the unary math functions.

Formulas are torch's (derivatives.yaml), written with operators and ``_math`` so they run on
arrays and, under ``create_graph``, on Tensors. Legacy names: 0.2's backward classes and 0.1's
forward Functions (research/print_spec.md §4).
"""
import warnings

import numpy as np

from ._math import cos, cosh, floor, log, rsub, sgn, sin, sinh, trunc, where, zeros_like
from ._fused import lerp, muladd
from ._table import defop

# -- arithmetic -------------------------------------------------------------------------------
ADD = defop(
    "add", lambda a, b, alpha: a + b if alpha == 1 else muladd(b, alpha, a), "AddBackward0",
    inputs=("self", "other"), params=("alpha",), grads_match_inputs=True,
    legacy={"0.2": "AddBackward", "0.1": "basic_ops.Add"},
    scalar_legacy={"0.2": "AddConstantBackward", "0.1": "basic_ops.AddConstant"},
    self=lambda grad: grad,
    other=lambda grad, alpha: grad if alpha == 1 else grad * alpha)

SUB = defop(
    "sub", lambda a, b, alpha: a - b if alpha == 1 else muladd(b, -alpha, a), "SubBackward0",
    inputs=("self", "other"), params=("alpha",), grads_match_inputs=True,
    legacy={"0.2": "SubBackward", "0.1": "basic_ops.Sub"},
    scalar_legacy={"0.2": "SubConstantBackward", "0.1": "basic_ops.SubConstant"},
    self=lambda grad: grad,
    other=lambda grad, alpha: -grad if alpha == 1 else grad * -alpha)

# ``x.subtract(2, 3)``: torch's Scalar overload (alpha by position); the number is no input.
SUB_SCALAR = defop(
    "sub_scalar", lambda a, other, alpha: a - other if alpha == 1 else a - alpha * other,
    "SubBackward1", params=("other", "alpha"),
    legacy={"0.2": "SubConstantBackward", "0.1": "basic_ops.SubConstant"},
    self=lambda grad: grad)

# ``2 - x``: the number is not an input of the node, as in torch.
RSUB = defop(
    "rsub", lambda a, other, alpha: other - a if alpha == 1 else other - alpha * a,
    "RsubBackward1", params=("other", "alpha"),
    legacy={"0.2": "SubConstantBackward", "0.1": "basic_ops.SubConstant"},
    self=lambda grad, alpha: -grad if alpha == 1 else grad * -alpha)

MUL = defop(
    "mul", np.multiply, "MulBackward0", inputs=("self", "other"), grads_match_inputs=True,
    legacy={"0.2": "MulBackward", "0.1": "basic_ops.Mul"},
    scalar_legacy={"0.2": "MulConstantBackward", "0.1": "basic_ops.MulConstant"},
    self=lambda grad, other: grad * other,
    other=lambda grad, self: grad * self)

DIV = defop(
    "div", np.true_divide, "DivBackward0", quiet=True, inputs=("self", "other"),
    grads_match_inputs=True,
    legacy={"0.2": "DivBackward", "0.1": "basic_ops.Div"},
    scalar_legacy={"0.2": "DivConstantBackward", "0.1": "basic_ops.DivConstant"},
    self=lambda grad, other: grad / other,
    other=lambda grad, self, other: -grad * self / (other * other))

NEG = defop("neg", np.negative, "NegBackward0",
            legacy={"0.2": "NegateBackward", "0.1": "basic_ops.Negate"},
            self=lambda grad: -grad)


def _div_rounding(a, b, mode):
    if mode == "trunc":
        q = np.trunc(a / b) if a.dtype.kind in "fV" else np.fix(np.true_divide(a, b))
    else:
        q = np.floor(a / b) if a.dtype.kind in "fV" else np.floor_divide(a, b)
    return q.astype(a.dtype, copy=False)


# ``div(rounding_mode=...)``: piecewise constant, so zero gradients (torch's DivBackward2).
DIV_ROUNDING = defop("div_rounding", _div_rounding, "DivBackward2", quiet=True,
                     inputs=("self", "other"),
                     params=("rounding_mode",), grads_match_inputs=True,
                     legacy={"0.2": "DivBackward"},
                     self=lambda grad: zeros_like(grad), other=lambda grad: zeros_like(grad))


def _no_derivative(name):
    def formula(grad):
        raise RuntimeError(f"derivative for aten::{name} is not implemented")
    return formula


# torch records these but has no formula: backward through them raises.
FLOOR_DIVIDE = defop("floor_divide", np.floor_divide, "NotImplemented", quiet=True,
                     inputs=("self", "other"),
                     grads_match_inputs=True, legacy={"0.2": "FloorDivideBackward"},
                     self=_no_derivative("floor_divide"), other=_no_derivative("floor_divide"))
FLOOR_DIVIDE_SCALAR = defop("floor_divide_scalar", np.floor_divide, "NotImplemented", quiet=True,
                            params=("other",), legacy={"0.2": "FloorDivideBackward"},
                            self=_no_derivative("floor_divide"))
def _remainder(a, b):
    """Python's modulo (the sign of the divisor), with torch's +0 for exact multiples."""
    if a.dtype.kind not in "fV":
        return np.remainder(a, b)
    mod = np.fmod(a, b)
    return np.where((mod != 0) & ((b < 0) != (mod < 0)), mod + b, mod).astype(a.dtype, copy=False)


RREMAINDER = defop("rremainder", lambda a, number: _remainder(np.asarray(number, a.dtype), a),
                   "NotImplemented", quiet=True,
                   params=("number",), legacy={"0.2": "RemainderBackward"},
                   self=_no_derivative("remainder"))
REMAINDER = defop("remainder", _remainder, "RemainderBackward0", quiet=True, params=("other",),
                  legacy={"0.2": "RemainderBackward"}, self=lambda grad: grad)
REMAINDER_TENSOR = defop(
    "remainder_tensor", _remainder, "RemainderBackward1", quiet=True, inputs=("self", "other"),
    grads_match_inputs=True, legacy={"0.2": "RemainderBackward"},
    self=lambda grad: grad,
    other=lambda grad, self, other: -grad * floor(self / other))
FMOD = defop("fmod", np.fmod, "FmodBackward0", quiet=True,
             params=("other",), legacy={"0.2": "FmodBackward"},
             self=lambda grad: grad)
FMOD_TENSOR = defop(
    "fmod_tensor", np.fmod, "FmodBackward1", quiet=True,
    inputs=("self", "other"), grads_match_inputs=True,
    legacy={"0.2": "FmodBackward"},
    self=lambda grad: grad,
    other=lambda grad, self, other: -grad * trunc(self / other))


# -- powers -----------------------------------------------------------------------------------
def _pow_scalar_grad(grad, self, exponent):
    if exponent == 0:
        return zeros_like(grad)
    return grad * exponent * self ** (exponent - 1)


POW = defop("pow", np.power, "PowBackward0", quiet=True, params=("exponent",),
            legacy={"0.2": "PowConstantBackward", "0.1": "basic_ops.PowConstant"},
            self=_pow_scalar_grad)

def _pow_exponent_grad(grad, self, result):
    # d(a**b)/db = a**b * log(a); torch defines it as 0 where a == 0 (the limit for b > 0).
    return where(self == 0, 0.0, grad * result * log(where(self == 0, 1.0, self)))


POW_TENSOR = defop(
    "pow_tensor", np.power, "PowBackward1", quiet=True,
    inputs=("self", "exponent"), grads_match_inputs=True,
    legacy={"0.2": "PowBackward", "0.1": "basic_ops.Pow"},
    self=lambda grad, self, exponent: where(exponent == 0, 0.0,
                                            grad * exponent * self ** (exponent - 1)),
    exponent=_pow_exponent_grad)


# ``2 ** x``: the base is a number, the exponent the only input.
def _rpow_grad(grad, exponent, result, base):
    """d(base**x)/dx = base**x * log(base); torch defines it as 0 where base == 0 and x >= 0."""
    if base == 0:
        return where(exponent >= 0, 0.0, grad * result * float("-inf"))
    return grad * result * float(np.log(base))


RPOW = defop("rpow", lambda exponent, base: np.power(base, exponent), "PowBackward2", quiet=True,
             inputs=("exponent",), params=("base",),
             legacy={"0.2": "PowConstantBackward", "0.1": "basic_ops.PowConstant"},
             exponent=lambda grad, exponent, result, base: _rpow_grad(grad, exponent, result, base))

# -- unary math -------------------------------------------------------------------------------
EXP = defop("exp", np.exp, "ExpBackward0", quiet=True,
            legacy={"0.2": "ExpBackward", "0.1": "pointwise.Exp"},
            self=lambda grad, result: grad * result)
LOG = defop("log", np.log, "LogBackward0", quiet=True,
            legacy={"0.2": "LogBackward", "0.1": "pointwise.Log"},
            self=lambda grad, self: grad / self)
LOG2 = defop("log2", np.log2, "Log2Backward0", quiet=True, legacy={"0.2": "Log2Backward"},
             self=lambda grad, self: grad / (self * float(np.log(2.0))))
LOG10 = defop("log10", np.log10, "Log10Backward0", quiet=True, legacy={"0.2": "Log10Backward"},
              self=lambda grad, self: grad / (self * float(np.log(10.0))))
LOG1P = defop("log1p", np.log1p, "Log1PBackward0", quiet=True,
              legacy={"0.2": "Log1pBackward", "0.1": "pointwise.Log1p"},
              self=lambda grad, self: grad / (self + 1))
EXPM1 = defop("expm1", np.expm1, "Expm1Backward0", quiet=True, legacy={"0.2": "Expm1Backward"},
              self=lambda grad, result: grad * (result + 1))
SQRT = defop("sqrt", np.sqrt, "SqrtBackward0", quiet=True,
             legacy={"0.2": "SqrtBackward", "0.1": "pointwise.Sqrt"},
             self=lambda grad, result: grad / (2 * result))
RSQRT = defop("rsqrt", lambda a: 1 / np.sqrt(a), "RsqrtBackward0", quiet=True,
              legacy={"0.2": "RsqrtBackward"},
              self=lambda grad, result: -0.5 * grad * result * result * result)
SIN = defop("sin", np.sin, "SinBackward0", legacy={"0.2": "SinBackward", "0.1": "pointwise.Sin"},
            self=lambda grad, self: grad * cos(self))
COS = defop("cos", np.cos, "CosBackward0", legacy={"0.2": "CosBackward", "0.1": "pointwise.Cos"},
            self=lambda grad, self: grad * -sin(self))
TAN = defop("tan", np.tan, "TanBackward0", quiet=True,
            legacy={"0.2": "TanBackward", "0.1": "pointwise.Tan"},
            self=lambda grad, result: grad * (1 + result * result))
TANH = defop("tanh", np.tanh, "TanhBackward0",
             legacy={"0.2": "TanhBackward", "0.1": "pointwise.Tanh"},
             self=lambda grad, result: grad * rsub(1, result * result))
SINH = defop("sinh", np.sinh, "SinhBackward0", quiet=True, legacy={"0.2": "SinhBackward"},
             self=lambda grad, self: grad * cosh(self))
COSH = defop("cosh", np.cosh, "CoshBackward0", quiet=True, legacy={"0.2": "CoshBackward"},
             self=lambda grad, self: grad * sinh(self))
ASIN = defop("asin", np.arcsin, "AsinBackward0", quiet=True, legacy={"0.2": "AsinBackward"},
             self=lambda grad, self: grad * (1 - self * self) ** -0.5)
ACOS = defop("acos", np.arccos, "AcosBackward0", quiet=True, legacy={"0.2": "AcosBackward"},
             self=lambda grad, self: -grad * (1 - self * self) ** -0.5)
ATAN = defop("atan", np.arctan, "AtanBackward0", legacy={"0.2": "AtanBackward"},
             self=lambda grad, self: grad / (self * self + 1))


def _sigmoid(a):
    # torch's formula, overflow included: exp(-a) = inf for a << 0 gives exactly 0 (half
    # precision computes in float32, as torch's kernels do).
    with np.errstate(over="ignore"):
        out = 1 / (1 + np.exp(-a if a.dtype != np.float16 else -a.astype(np.float32)))
    return out.astype(a.dtype, copy=False)


SIGMOID = defop("sigmoid", _sigmoid, "SigmoidBackward0",
                legacy={"0.2": "SigmoidBackward", "0.1": "pointwise.Sigmoid"},
                self=lambda grad, result: grad * result * rsub(1, result))
def _relu_grad(grad, result):
    """torch's threshold_backward: ``grad`` where the result is not <= 0 (so a NaN passes it
    on), +0 elsewhere. On float arrays, the gradient's bits times a 0/1 integer mask: every value
    kept bit for bit (a float multiply by 0 would give -0.0, and NaN for inf), at a third of
    np.where's cost on a hidden layer."""
    if type(grad) is not np.ndarray or type(result) is not np.ndarray or \
            grad.dtype.kind != "f" or grad.shape != result.shape or not grad.ndim:
        return where(result <= 0, 0.0, grad)
    ints = np.dtype(f"i{grad.itemsize}")
    keep = np.less_equal(result, 0)
    np.logical_not(keep, out=keep)
    out = keep.astype(ints)
    out *= grad.view(ints)
    return out.view(grad.dtype)


RELU = defop("relu", lambda a: np.maximum(a, 0), "ReluBackward0",
             legacy={"0.2": "ThresholdBackward", "0.1": "torch.nn._functions.thnn.auto.Threshold"},
             self=_relu_grad)
ABS = defop("abs", np.abs, "AbsBackward0", legacy={"0.2": "AbsBackward", "0.1": "pointwise.Abs"},
            self=lambda grad, self: grad * sgn(self))  # z / |z| for complex z
RECIPROCAL = defop("reciprocal", lambda a: 1 / a, "ReciprocalBackward0", quiet=True,
                   legacy={"0.2": "ReciprocalBackward", "0.1": "pointwise.Reciprocal"},
                   self=lambda grad, result: -grad * result * result)

# Piecewise-constant functions: gradient zero everywhere it exists, as torch defines it.
SIGN = defop("sign", np.sign, "SignBackward0", legacy={"0.2": "SignBackward"},
             self=lambda grad: zeros_like(grad))
FLOOR = defop("floor", np.floor, "FloorBackward0", legacy={"0.2": "FloorBackward"},
              self=lambda grad: zeros_like(grad))
CEIL = defop("ceil", np.ceil, "CeilBackward0", legacy={"0.2": "CeilBackward"},
             self=lambda grad: zeros_like(grad))
ROUND = defop("round", np.round, "RoundBackward0", legacy={"0.2": "RoundBackward"},
              self=lambda grad: zeros_like(grad))
ROUND_DECIMALS = defop("round_decimals", lambda a, decimals: np.round(a, decimals),
                       "RoundBackward1", params=("decimals",), legacy={"0.2": "RoundBackward"},
                       self=lambda grad: zeros_like(grad))
TRUNC = defop("trunc", np.trunc, "TruncBackward0", legacy={"0.2": "TruncBackward"},
              self=lambda grad: zeros_like(grad))
FRAC = defop("frac", lambda a: a - np.trunc(a), "FracBackward0", legacy={"0.2": "FracBackward"},
             self=lambda grad: grad)

# -- clamp: with number bounds one modern name (ClampBackward1), three legacy ones --------------
def _clamp_grad(grad, self, min, max):
    return where((self >= min) & (self <= max), grad, 0.0)


def _clamp_min_grad(grad, self, min):
    return where(self >= min, grad, 0.0)


def _clamp_max_grad(grad, self, max):
    return where(self <= max, grad, 0.0)


CLAMP = defop("clamp", np.clip, "ClampBackward1", params=("min", "max"),
              legacy={"0.2": "ClampBackward", "0.1": "pointwise.Clamp"}, self=_clamp_grad)
CLAMP_MIN = defop("clamp_min", np.maximum, "ClampBackward1", params=("min",),
                  legacy={"0.2": "CmaxConstantBackward", "0.1": "pointwise.CmaxConstant"},
                  self=_clamp_min_grad)
CLAMP_MAX = defop("clamp_max", np.minimum, "ClampBackward1", params=("max",),
                  legacy={"0.2": "CminConstantBackward", "0.1": "pointwise.CminConstant"},
                  self=_clamp_max_grad)
# torch.clamp_min / clamp_max called by name are ops of their own in torch.
CLAMP_MIN_FN = defop("clamp_min_fn", np.maximum, "ClampMinBackward0", params=("min",),
                     legacy={"0.2": "CmaxConstantBackward", "0.1": "pointwise.CmaxConstant"},
                     self=_clamp_min_grad)
CLAMP_MAX_FN = defop("clamp_max_fn", np.minimum, "ClampMaxBackward0", params=("max",),
                     legacy={"0.2": "CminConstantBackward", "0.1": "pointwise.CminConstant"},
                     self=_clamp_max_grad)


def _clamp_tensor(a, lo, hi):
    out = a if lo is None else np.maximum(a, lo)
    return out if hi is None else np.minimum(out, hi)


def _clamp_tensor_self(grad, self, min, max):
    inside = True if min is None else self >= min
    if max is not None:
        inside = inside & (self <= max)
    return where(inside, grad, 0.0)


def _clamp_tensor_min(grad, self, min, max):
    below = self < min
    return where(below if max is None else below & (min < max), grad, 0.0)


def _clamp_tensor_max(grad, self, min, max):
    above = self > max
    return where(above if min is None else above | (max < min), grad, 0.0)


# Tensor bounds (either may be None): the bounds are inputs too.
CLAMP_TENSOR = defop("clamp_tensor", _clamp_tensor, "ClampBackward0",
                     inputs=("self", "min", "max"), grads_match_inputs=True,
                     legacy={"0.2": "ClampBackward", "0.1": "pointwise.Clamp"},
                     self=_clamp_tensor_self, min=_clamp_tensor_min, max=_clamp_tensor_max)

# -- binary functions -------------------------------------------------------------------------
def _winner_grad(grad, self, other):
    """The gradient of max(self, other) w.r.t. self (ties share it evenly), as torch computes it:
    zero only where self loses, so a NaN on either side passes the whole gradient to both."""
    return where(self == other, grad / 2, where(self < other, 0.0, grad))


MAXIMUM = defop("maximum", np.maximum, "MaximumBackward0", inputs=("self", "other"),
                grads_match_inputs=True, legacy={"0.2": "CmaxBackward", "0.1": "pointwise.Cmax"},
                self=lambda grad, self, other: _winner_grad(grad, self, other),
                other=lambda grad, self, other: _winner_grad(grad, other, self))
MINIMUM = defop("minimum", np.minimum, "MinimumBackward0", inputs=("self", "other"),
                grads_match_inputs=True, legacy={"0.2": "CminBackward", "0.1": "pointwise.Cmin"},
                self=lambda grad, self, other: _winner_grad(grad, -self, -other),
                other=lambda grad, self, other: _winner_grad(grad, -other, -self))
LERP = defop("lerp", lerp, "LerpBackward0",
             inputs=("self", "end"), params=("weight",), grads_match_inputs=True,
             legacy={"0.2": "LerpBackward"},
             self=lambda grad, weight: grad * (1 - weight),
             end=lambda grad, weight: grad * weight)
LERP_TENSOR = defop("lerp_tensor", lerp, "LerpBackward1",
                    inputs=("self", "end", "weight"), grads_match_inputs=True,
                    legacy={"0.2": "LerpBackward"},
                    self=lambda grad, weight: grad * (1 - weight),
                    end=lambda grad, weight: grad * weight,
                    weight=lambda grad, self, end: grad * (end - self))
ADDCMUL = defop("addcmul", lambda a, t1, t2, value: muladd(value * t1, t2, a), "AddcmulBackward0",
                inputs=("self", "tensor1", "tensor2"), params=("value",), grads_match_inputs=True,
                legacy={"0.2": "AddcmulBackward"},
                self=lambda grad: grad,
                tensor1=lambda grad, tensor2, value: grad * tensor2 * value,
                tensor2=lambda grad, tensor1, value: grad * tensor1 * value)
ADDCDIV = defop("addcdiv", lambda a, t1, t2, value: a + value * t1 / t2, "AddcdivBackward0",
                quiet=True, inputs=("self", "tensor1", "tensor2"), params=("value",),
                grads_match_inputs=True,
                legacy={"0.2": "AddcdivBackward"},
                self=lambda grad: grad,
                tensor1=lambda grad, tensor2, value: grad * value / tensor2,
                tensor2=lambda grad, tensor1, tensor2, value: -grad * value * tensor1 / (
                    tensor2 * tensor2))
WHERE = defop("where", lambda a, b, cond: np.where(cond, a, b), "WhereBackward0",
              inputs=("self", "other"), params=("condition",), grads_match_inputs=True,
              legacy={"0.2": "WhereBackward"},
              self=lambda grad, condition: where(condition, grad, 0.0),
              other=lambda grad, condition: where(condition, 0.0, grad))

# -- copies -----------------------------------------------------------------------------------
# ``grads_match_inputs`` casts the gradient back to the input's dtype: that is ToCopy's backward.
def _to_copy(a, dtype):
    if a.dtype.kind == "c" and dtype.kind != "c":
        _warn_once_discarding_imaginary()
        return (a != 0) if dtype.kind == "b" else a.real.astype(dtype)
    return a.astype(dtype)


_WARNED = set()


def _warn_once_discarding_imaginary():
    """torch warns once per process (TORCH_WARN_ONCE)."""
    if "imaginary" not in _WARNED:
        _WARNED.add("imaginary")
        warnings.warn("Casting complex values to real discards the imaginary part", UserWarning,
                      stacklevel=5)


TO_COPY = defop("to_copy", _to_copy, "ToCopyBackward0", params=("dtype",),
                grads_match_inputs=True, legacy={"0.2": "TypeBackward", "0.1": "tensor.Type"},
                self=lambda grad: grad)
# ``order``: "K" keeps the input's memory layout (torch's preserve_format), "C" makes it contiguous.
CLONE = defop("clone", lambda a, order: np.copy(a, order=order), "CloneBackward0",
              params=("order",), legacy={"0.2": "CloneBackward", "0.1": "tensor.Clone"},
              self=lambda grad: grad)

# -- in-place writes of new values: what the tensor held gets a zero gradient ------------------
ZERO = defop("zero", np.zeros_like, "ZeroBackward0", legacy={"0.2": "ZeroBackward"},
             self=lambda grad: zeros_like(grad))
FILL = defop("fill", lambda a, value: np.full_like(a, value), "FillBackward2", params=("value",),
             legacy={"0.2": "FillBackward"}, self=lambda grad: zeros_like(grad))
FILL_TENSOR = defop("fill_tensor", lambda a, value: np.full_like(a, value), "FillBackward3",
                    inputs=("self", "value"), grads_match_inputs=True,
                    legacy={"0.2": "FillBackward"},
                    self=lambda grad: zeros_like(grad), value=lambda grad: grad.sum())
# ``self.copy_(src)``: src broadcast to self's shape, in self's dtype (reduced and cast back by
# the table, as ``grads_match_inputs`` ops are).
COPY = defop("copy", lambda a, src: np.array(np.broadcast_to(src, a.shape), dtype=a.dtype),
             "CopyBackwards", inputs=("self", "src"), grads_match_inputs=True,
             legacy={"0.2": "CopyBackwards", "0.1": "tensor.Copy"},
             self=lambda grad: zeros_like(grad), src=lambda grad: grad)
