"""optim.Adam: adaptive moment estimation (Kingma & Ba), with AMSGrad; optim.AdamW: Adam with
decoupled weight decay."""
import numpy as np

from .optimizer import Optimizer, check_hyper_parameters, check_unsupported, new_state
from .._ops._fused import lerp, muladd


class Adam(Optimizer):
    """Each parameter moves by lr * m / (sqrt(v) + eps), with m and v running averages of the
    gradient and of its square (bias-corrected), as torch.optim.Adam.

    >>> opt = optim.Adam(model.parameters(), lr=1e-3)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        check_hyper_parameters(lr=lr, eps=eps)
        for i, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {i}: {beta}")
        check_hyper_parameters(weight_decay=weight_decay)
        check_unsupported(capturable=capturable, differentiable=differentiable, fused=fused)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, foreach=foreach, capturable=capturable,
                        differentiable=differentiable, fused=fused,
                        decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _update(self, group, param, grad, state):
        p = param._data
        if not state:
            new_state(state, param, "exp_avg", "exp_avg_sq",
                      *(("max_exp_avg_sq",) if group["amsgrad"] else ()))
        lr, (beta1, beta2), eps, decay = group["lr"], group["betas"], group["eps"], \
            group["weight_decay"]
        if group["maximize"]:
            grad = -grad
        if decay:
            if group["decoupled_weight_decay"]:
                p *= 1 - lr * decay
            else:
                grad = muladd(p, decay, grad)
        state["step"]._data += 1
        step = float(state["step"]._data)
        exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
        # torch's lerp_ and addcmul_, each one fused multiply-add (see _ops/_fused.py)
        exp_avg[...] = lerp(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq[...] = muladd((1 - beta2) * grad, grad, exp_avg_sq)
        if group["amsgrad"]:
            np.maximum(state["max_exp_avg_sq"]._data, exp_avg_sq,
                       out=state["max_exp_avg_sq"]._data)
            exp_avg_sq = state["max_exp_avg_sq"]._data
        denom = np.sqrt(exp_avg_sq)
        denom /= (1 - beta2 ** step) ** 0.5
        denom += eps
        p += (-lr / (1 - beta1 ** step)) * exp_avg / denom


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter): p <- p * (1 - lr * weight_decay)
    before the Adam step, as torch.optim.AdamW (whose weight_decay defaults to 1e-2).

    >>> opt = optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
