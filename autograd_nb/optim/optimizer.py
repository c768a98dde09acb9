"""optim.Optimizer: parameter groups, per-parameter state, zero_grad and state_dict.

Subclasses implement ``_update(group, param, grad, state)`` for one parameter; ``step`` calls it
for every parameter that has a gradient. Updates work on the NumPy arrays in place, outside the
graph (as torch's run under ``no_grad``), and bump each parameter's version counter as any
in-place change does, so a graph that saved the old value refuses to backward through it.
"""
import collections
import copy
import warnings

import numpy as np

from .._core import _dtype, _grad_mode
from .._core._tensor import Tensor
from ..nn.modules.module import _typename, _zero_grad


class Optimizer:
    """Base class of the optimizers: holds ``param_groups`` (dicts of params and options) and
    ``state`` (per parameter)."""

    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = collections.defaultdict(dict)
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got " + params.type())
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group of parameters with its own options (the others default to the
        optimizer's), e.g. a smaller ``lr`` for a pretrained part."""
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        else:
            params = list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + _typename(p))
            if p._grad_fn is not None:
                raise ValueError("can't optimize a non-leaf Tensor")
        group = {"params": params}
        group.update((k, v) for k, v in param_group.items() if k != "params")
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        ids = [id(p) for p in params]
        if len(set(ids)) != len(ids):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see github.com/pytorch/pytorch/"
                          "issues/40967 for more information", UserWarning, stacklevel=3)
        known = {id(p) for g in self.param_groups for p in g["params"]}
        if known.intersection(ids):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        """Reset every parameter's gradient: to None (the default) or to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                _zero_grad(p, set_to_none)

    def step(self, closure=None):
        """Update every parameter that has a gradient. ``closure`` (optional) re-evaluates the
        model and returns the loss, which ``step`` returns."""
        loss = None
        if closure is not None:
            with _grad_mode.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p._grad is not None:
                    self._update(group, p, p._grad._data, self.state[p])
                    p._version_counter[0] += 1
        return loss

    def _update(self, group, param, grad, state):
        raise NotImplementedError

    # -- state ---------------------------------------------------------------------------------
    def state_dict(self):
        """{'state': {index: {...}}, 'param_groups': [{options..., 'params': [index, ...]}]},
        parameters numbered in group order as torch numbers them."""
        index = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {index[id(p)] if isinstance(p, Tensor) else p: s for p, s in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Restore options and state saved by ``state_dict`` (into the same parameters, in the
        same order). State tensors are copied, so the two optimizers do not share them."""
        saved_groups = copy.deepcopy(state_dict["param_groups"])
        if len(saved_groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(s["params"]) != len(g["params"])
               for s, g in zip(saved_groups, self.param_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        by_index = {i: p for s, g in zip(saved_groups, self.param_groups)
                    for i, p in zip(s["params"], g["params"])}
        state = collections.defaultdict(dict)
        for key, values in state_dict["state"].items():
            if key in by_index:
                param = by_index[key]
                state[param] = {k: _state_value(k, v, param) for k, v in values.items()}
            else:
                state[key] = copy.deepcopy(values)
        for saved, group in zip(saved_groups, self.param_groups):
            saved["params"] = group["params"]
        self.state = state
        self.param_groups = saved_groups

    def __repr__(self):
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"


def _state_value(key, value, param):
    """A copy of a saved state entry, floating tensors in the parameter's dtype ('step' keeps
    its own)."""
    if not isinstance(value, Tensor):
        return copy.deepcopy(value)
    data = value._data
    if key != "step" and data.dtype.kind in "fV":
        data = data.astype(param._raw.dtype, copy=False)
    return Tensor._make(np.array(data, copy=True))


def new_state(state, param, *buffers, fill=0):
    """A parameter's first state, as torch's optimizers make it: ``step``, a 0-d count in
    torch's scalar dtype (float64 when the default dtype is float64, else float32, whatever the
    parameter's dtype), and a buffer of the parameter's shape and dtype per name in ``buffers``,
    filled with ``fill``."""
    scalar = np.float64 if _dtype.get_default_dtype() is _dtype.float64 else np.float32
    state["step"] = Tensor._make(np.zeros((), scalar))
    for name in buffers:
        state[name] = Tensor._make(np.full_like(param._data, fill))
    return state


_LABELS = {"lr": "learning rate", "eps": "epsilon value"}


def check_hyper_parameters(**values):
    """torch's ValueError for the first negative (or NaN) hyper-parameter, in the order given."""
    for name, value in values.items():
        if not 0.0 <= value:
            raise ValueError(f"Invalid {_LABELS.get(name, name + ' value')}: {value}")


def check_unsupported(**options):
    """Refuse torch options that select an implementation autograd_nb does not have."""
    for name, value in options.items():
        if value:
            raise NotImplementedError(f"autograd_nb's optimizers have no {name}=True")
