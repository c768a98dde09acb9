"""optim.Adagrad: per-coordinate steps scaled by the root of the sum of all past squared
gradients (Duchi et al.), with learning-rate decay and weight decay."""
import numpy as np

from .optimizer import Optimizer, check_hyper_parameters, check_unsupported, new_state
from .._ops._fused import muladd


class Adagrad(Optimizer):
    """s <- s + g^2, then p <- p - clr * g / (sqrt(s) + eps) with clr = lr / (1 + (step - 1) *
    lr_decay), as torch.optim.Adagrad. Its state exists from construction on, as torch's, and
    starts at the constructor's ``initial_accumulator_value`` in every group: torch 2.13 ignores
    a group's own value there (though the group lists it), and so do we, to train the same.

    >>> opt = optim.Adagrad(model.parameters(), lr=0.1)
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
                 eps=1e-10, foreach=None, *, maximize=False, differentiable=False, fused=None):
        check_hyper_parameters(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                               initial_accumulator_value=initial_accumulator_value, eps=eps)
        check_unsupported(differentiable=differentiable, fused=fused)
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                new_state(self.state[p], p, "sum", fill=initial_accumulator_value)

    def _update(self, group, param, grad, state):
        p = param._data
        state["step"]._data += 1
        step = float(state["step"]._data)
        if group["maximize"]:
            grad = -grad
        if group["weight_decay"]:
            grad = muladd(p, group["weight_decay"], grad)
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        state_sum = state["sum"]._data
        state_sum[...] = muladd(grad, grad, state_sum)  # torch's addcmul_, one rounding
        std = np.sqrt(state_sum)
        std += group["eps"]
        p += (-clr * grad) / std    # torch's addcdiv order: (value * g) / std
