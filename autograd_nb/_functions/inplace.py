"""In-place ops: the ``_inplace`` machinery that makes ``x.add_(y)`` from ``add``, and the
in-place methods of their own (zero_, fill_, copy_, unsqueeze_, uniform_, ...)."""
import builtins

import numpy as np

from .._core import _grad_mode
from ._creation import _fill_value, _rng
from .._core._errors import LEAF_INPLACE, broadcast_mismatch
from .._ops import pointwise as P, shape as S
from .._ops._table import call
from .._core._tensor import Tensor
from .._core._views import DEFAULT, is_view
from .._ops.views import move_retained_grad, rebase, refresh, view_error
from .._core._dims import _list_str, wrap_dim
from .._ops._fused import muladd
from ._promotion import _C_TYPE, can_cast, tensor_of
from ._registry import export


def _check_inplace(self, requires_grad=None):
    """torch's refusals of an in-place change that would be recorded (grad mode on and
    ``requires_grad``: some input requires grad; by default whether ``self`` does): views made
    under no_grad, inference_mode or by unbind/split, views of leaves, leaves."""
    if not _grad_mode.STATE.enabled:
        return
    if requires_grad is None:
        requires_grad = self.requires_grad
    if is_view(self) and requires_grad:
        if self._view_meta != DEFAULT:
            raise RuntimeError(view_error(self, direct=True))
        base = self._base
        if base._grad_fn is None and base._requires_grad:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                               "in-place operation.")
    if self._grad_fn is None and self._requires_grad:
        raise RuntimeError(LEAF_INPLACE)


def _snapshot(self):
    """The tensor's value before an in-place change, as the graph saw it, for the new node."""
    return Tensor._make(self._data.copy(), requires_grad=self._requires_grad,
                        grad_fn=self._grad_fn, output_nr=self._output_nr)


def _commit_inplace(self, result):
    if result.shape != self.shape:
        raise RuntimeError(f"output with shape {_list_str(self.shape)} doesn't match the "
                           f"broadcast shape {_list_str(result.shape)}")
    if result._raw.dtype != self._raw.dtype and not can_cast(result.dtype, self.dtype):
        raise RuntimeError(f"result type {_C_TYPE[result.dtype.name]} can't be cast to the "
                           f"desired output type {_C_TYPE[self.dtype.name]}")
    _copy_into(self._data, result._data)
    self._version_counter[0] += 1
    if result._grad_fn is None:
        _after_write(self)
        return
    _saved_result_is_self(result, self)
    if is_view(self):  # the base's history changes: CopySlices
        rebase(self, result._grad_fn)
    else:
        old, old_nr = self._grad_fn, self._output_nr
        self._grad_fn = result._grad_fn
        self._output_nr = result._output_nr
        self._requires_grad = False
        if self._retains_grad:
            move_retained_grad(self, old, old_nr)
        if self._views is not None:
            refresh(self)


def _saved_result_is_self(result, self):
    """The node saved ``result``, which is now ``self``'s memory: a later in-place change of
    ``self`` (or of its base or views) must make its backward refuse, as torch's."""
    node, made = result._grad_fn, result._version_counter
    checks = getattr(node, "_checks", None)
    if checks:
        counter = self._version_counter
        node._checks = tuple((i, t, counter, counter[0]) if t is None and c is made
                             else (i, t, c, v) for i, t, c, v in checks)


def _copy_into(target, values):
    try:
        np.copyto(target, values, casting="unsafe")
    except ValueError:
        if target.flags.writeable:
            raise
        raise RuntimeError(OVERLAPPING_WRITE) from None


# torch's refusal to write into memory that several elements share (an expanded tensor).
OVERLAPPING_WRITE = ("unsupported operation: more than one element of the written-to tensor "
                     "refers to a single memory location. Please clone() the tensor before "
                     "performing the operation.")


def _after_write(self):
    """``self``'s memory changed with nothing recorded: its views' nodes are made again (as
    torch's, after any change of their memory)."""
    base = self._base
    if base is not None:
        refresh(base)
    elif self._views is not None:
        refresh(self)


# Arithmetic that, with no graph to record, runs straight into the tensor's memory (an
# optimizer's ``p -= lr * g``): no temporary, no copy back.
_IN_PLACE_UFUNCS = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide}


def _ufunc_in_place(ufunc, self, args, kwargs):
    """Apply ``ufunc`` into ``self`` when nothing about it needs torch's slower path (same
    dtype, no broadcasting of ``self``, at most ``alpha``); False to take that path."""
    if len(args) != 1 or set(kwargs) - {"alpha"}:
        return False
    other, alpha = args[0], kwargs.get("alpha", 1)
    data = self._data
    if isinstance(other, Tensor):
        value = other._data
        if value.dtype != data.dtype or value.ndim > data.ndim:
            return False
    elif type(other) in (float, int) and data.dtype.kind == "f":
        value = other
    else:
        return False
    if not data.flags.writeable:
        return False  # torch's error from the slow path
    try:
        if alpha == 1:
            ufunc(data, value, out=data)
        elif ufunc is np.add or ufunc is np.subtract:  # one rounding, as add/sub's (_fused.py)
            fused = muladd(value, alpha if ufunc is np.add else -alpha, data)
            if np.shape(fused) != data.shape:
                return False
            np.copyto(data, fused)
        else:
            return False
    except ValueError:  # value does not broadcast to self: torch's error from the slow path
        return False
    self._version_counter[0] += 1
    if self._views is not None or self._base is not None:
        _after_write(self)
    return True


def _inplace(fn):
    """``x.add_(y)`` from ``add``: compute out of place, write back, take over the new node."""
    def method(self, *args, **kwargs):
        grad_flows = _grad_mode.STATE.enabled and (self.requires_grad or builtins.any(
            isinstance(a, Tensor) and a.requires_grad for a in args + tuple(kwargs.values())))
        if grad_flows:
            _check_inplace(self, True)
            result = fn(_snapshot(self), *args, **kwargs)
        elif ufunc is not None and _ufunc_in_place(ufunc, self, args, kwargs):
            return self
        else:
            with _grad_mode.no_grad():
                result = fn(self, *args, **kwargs)
        _commit_inplace(self, result)
        return self
    ufunc = _IN_PLACE_UFUNCS.get(fn.__name__)
    method.__name__ = fn.__name__ + "_"
    method.__doc__ = f"In-place version of ``{fn.__name__}``."
    return method


def _write(self, op, inputs, params=()):
    """Write ``op(self, *inputs)`` into self; recorded (ZeroBackward0, FillBackward2,
    CopyBackwards) when gradients flow, as any in-place op."""
    if _grad_mode.STATE.enabled and (self.requires_grad or builtins.any(
            isinstance(t, Tensor) and t.requires_grad for t in inputs)):
        _check_inplace(self, True)
        _commit_inplace(self, call(op, (_snapshot(self), *inputs), params))
        return self
    with _grad_mode.no_grad():
        _copy_into(self._data, call(op, (self, *inputs), params)._data)
    self._version_counter[0] += 1
    _after_write(self)
    return self


@export(function=False)
def zero_(self):
    return _write(self, P.ZERO, ())


@export(function=False)
def fill_(self, value):
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value.ndim} dimensions.")
        return _write(self, P.FILL_TENSOR, (value,))
    return _write(self, P.FILL, (), (_fill_value(value, self._raw.dtype),))


@export(function=False)
def copy_(self, src, non_blocking=False):
    src = tensor_of(src)
    if src._raw.shape != self._raw.shape:  # torch's words, as for any in-place op
        try:
            shape = np.broadcast_shapes(self._raw.shape, src._raw.shape)
        except ValueError:
            raise broadcast_mismatch(self._raw.shape, src._raw.shape) from None
        if shape != self._raw.shape:
            raise RuntimeError(f"output with shape {_list_str(self.shape)} doesn't match the "
                               f"broadcast shape {_list_str(shape)}")
    return _write(self, P.COPY, (src,))


def _become_view(self, op, params=()):
    """``x.unsqueeze_(0)`` & co: ``x`` becomes the view ``op`` (torch's in-place variant of the
    view op) makes of it."""
    if _grad_mode.STATE.enabled and self.requires_grad:
        _check_inplace(self)
    result = call(op, (self,), params)
    self._data, self._grad_fn, self._output_nr = result._data, result._grad_fn, 0
    return self


@export(function=False)
def unsqueeze_(self, dim):
    _check_inplace(self)  # as torch: before the dim is checked
    return _become_view(self, S.UNSQUEEZE_, (wrap_dim(dim, self.ndim + 1),))


@export(function=False)
def squeeze_(self, dim=None):
    _check_inplace(self)
    if dim is None:
        return _become_view(self, S.SQUEEZE_)
    many = isinstance(dim, (tuple, list))
    dims = tuple(d for d in (wrap_dim(x, self.ndim) for x in (dim if many else (dim,)))
                 if self.shape[d] == 1)
    return _become_view(self, S.SQUEEZE_DIMS_TUPLE_ if many else S.SQUEEZE_DIMS_, (dims,))


@export(function=False)
def t_(self):
    if self.ndim > 2:
        raise RuntimeError(f"t_() expects a tensor with <= 2 dimensions, but self is "
                           f"{self.ndim}D")
    return _become_view(self, S.T_)


@export(function=False)
@export(name="swapaxes_", function=False)
@export(name="swapdims_", function=False)
def transpose_(self, dim0, dim1):
    _check_inplace(self)
    return _become_view(self, S.TRANSPOSE_, (wrap_dim(dim0, self.ndim), wrap_dim(dim1, self.ndim)))


def _check_std(std):
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")


@export(function=False)
def uniform_(self, a=0.0, b=1.0, *, generator=None):
    _check_inplace(self)
    if a > b:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={a:g} "
                           f"> to={b:g}")
    self._data[...] = _rng(generator).uniform(a, b, self._raw.shape)
    self._version_counter[0] += 1
    _after_write(self)
    return self


@export(function=False)
def normal_(self, mean=0.0, std=1.0, *, generator=None):
    _check_inplace(self)
    _check_std(std)
    self._data[...] = _rng(generator).normal(mean, std, self._raw.shape)
    self._version_counter[0] += 1
    _after_write(self)
    return self
