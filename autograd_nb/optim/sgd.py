"""optim.SGD: stochastic gradient descent, with momentum, dampening, Nesterov and weight decay."""
from .._core._tensor import Tensor
from .._ops._fused import muladd
from .optimizer import Optimizer, check_unsupported


class SGD(Optimizer):
    """p <- p - lr * g, where g is the gradient (plus ``weight_decay * p``), or with
    ``momentum`` a running buffer b <- momentum * b + (1 - dampening) * g (Nesterov: g +
    momentum * b), exactly as torch.optim.SGD (its ``add(alpha=...)`` steps rounded once, as its
    CPU kernels' fused multiply-adds round them).

    >>> opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    >>> opt.zero_grad(); loss_fn(model(x), y).backward(); opt.step()
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False,
                 *, maximize=False, foreach=None, differentiable=False, fused=None):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        check_unsupported(differentiable=differentiable, fused=fused)
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize, foreach=foreach,
                        differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)

    def _update(self, group, param, grad, state):
        p = param._data
        if group["maximize"]:
            grad = -grad
        if group["weight_decay"]:
            grad = muladd(p, group["weight_decay"], grad)
        momentum = group["momentum"]
        if momentum:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = Tensor._make(grad.copy())
            else:
                buf._data *= momentum
                buf._data[...] = muladd(grad, 1 - group["dampening"], buf._data)
            grad = muladd(buf._data, momentum, grad) if group["nesterov"] else buf._data
        p[...] = muladd(grad, -group["lr"], p)
