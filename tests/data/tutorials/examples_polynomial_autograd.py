# Our own script in the idioms of "Learning PyTorch with Examples: Tensors and autograd"
# (https://pytorch.org/tutorials/beginner/examples_autograd/polynomial_autograd.html):
# requires_grad=True leaves, loss.backward(), updates under torch.no_grad(), grad = None.
import math

import torch

xs = torch.linspace(-1.5, 1.5, 1200, dtype=torch.float32)
ys = torch.exp(-xs) * torch.sin(2 * xs)

coef = [torch.randn((), dtype=torch.float32, requires_grad=True) for _ in range(4)]

rate = 2e-5
for it in range(1800):
    guess = coef[0] + coef[1] * xs + coef[2] * xs ** 2 + coef[3] * xs ** 3
    loss = (guess - ys).pow(2).sum()
    if it % 200 == 199:
        print(it, loss.item())
    loss.backward()
    with torch.no_grad():
        for c in coef:
            c -= rate * c.grad
            c.grad = None

print(loss.grad_fn, coef[2].requires_grad, math.isfinite(loss.item()))
print(" + ".join(f"{c.item()} x^{n}" for n, c in enumerate(coef)))
