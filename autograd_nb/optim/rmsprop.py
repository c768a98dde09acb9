"""optim.RMSprop: divide the gradient by a running root mean square of recent gradients
(Hinton's lecture 6e), with momentum, centring and weight decay."""
import numpy as np

from .optimizer import Optimizer, check_hyper_parameters, check_unsupported, new_state
from .._ops._fused import lerp, muladd


class RMSprop(Optimizer):
    """v <- alpha * v + (1 - alpha) * g^2, then p <- p - lr * g / (sqrt(v) + eps) (``centered``:
    v minus the squared running mean of g; ``momentum``: through a buffer), as
    torch.optim.RMSprop.

    >>> opt = optim.RMSprop(model.parameters(), lr=1e-2, momentum=0.9)
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        check_hyper_parameters(lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay,
                               alpha=alpha)
        check_unsupported(capturable=capturable, differentiable=differentiable)
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps,
                    "centered": centered, "weight_decay": weight_decay, "capturable": capturable,
                    "foreach": foreach, "maximize": maximize, "differentiable": differentiable}
        super().__init__(params, defaults)

    def _update(self, group, param, grad, state):
        p = param._data
        if not state:
            new_state(state, param, "square_avg",
                      *(("momentum_buffer",) if group["momentum"] > 0 else ()),
                      *(("grad_avg",) if group["centered"] else ()))
        if group["maximize"]:
            grad = -grad
        state["step"]._data += 1
        if group["weight_decay"]:
            grad = muladd(p, group["weight_decay"], grad)
        alpha = group["alpha"]
        square_avg = state["square_avg"]._data
        # torch's mul_/addcmul_/lerp_, each multiply-add rounded once (see _ops/_fused.py)
        square_avg *= alpha
        square_avg[...] = muladd((1 - alpha) * grad, grad, square_avg)
        if group["centered"]:
            grad_avg = state["grad_avg"]._data
            grad_avg[...] = lerp(grad_avg, grad, 1 - alpha)
            avg = np.sqrt(muladd(-grad_avg, grad_avg, square_avg))
        else:
            avg = np.sqrt(square_avg)
        avg += group["eps"]
        if group["momentum"] > 0:
            buf = state["momentum_buffer"]._data
            buf *= group["momentum"]
            buf += grad / avg
            p[...] = muladd(buf, -group["lr"], p)
        else:
            p += (-group["lr"] * grad) / avg    # torch's addcdiv order: (value * g) / avg
