# Our own script in the idioms of "Learning PyTorch with Examples: Defining new autograd
# functions" (https://pytorch.org/tutorials/beginner/examples_autograd/polynomial_custom_function.html):
# a torch.autograd.Function with ctx.save_for_backward / ctx.saved_tensors, Function.apply,
# torch.full leaves and a no_grad update loop.
import math

import torch


class Hermite3(torch.autograd.Function):
    """He3(t) = t^3 - 3t, with its derivative 3t^2 - 3 written by hand."""

    @staticmethod
    def forward(ctx, t):
        ctx.save_for_backward(t)
        return t ** 3 - 3 * t

    @staticmethod
    def backward(ctx, upstream):
        t, = ctx.saved_tensors
        return upstream * (3 * t ** 2 - 3)


xs = torch.linspace(-2, 2, 1600, dtype=torch.float)
ys = torch.tanh(xs)
shift = torch.full((), 0.1, dtype=torch.float, requires_grad=True)
scale = torch.full((), 0.5, dtype=torch.float, requires_grad=True)
inner = torch.full((), 0.2, dtype=torch.float, requires_grad=True)
stretch = torch.full((), 0.6, dtype=torch.float, requires_grad=True)
he3 = Hermite3.apply
rate = 1e-5
for it in range(1500):
    loss = (shift + scale * he3(inner + stretch * xs) - ys).pow(2).sum()
    if it % 150 == 149:
        print(it, loss.item())
    loss.backward()
    with torch.no_grad():
        for leaf in (shift, scale, inner, stretch):
            leaf -= rate * leaf.grad
            leaf.grad = None
print(loss.grad_fn)
print(f"{shift.item()} + {scale.item()} He3({inner.item()} + {stretch.item()} x)", math.pi > 3)
