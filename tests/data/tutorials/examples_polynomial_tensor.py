# Our own script in the idioms of "Learning PyTorch with Examples: PyTorch Tensors"
# (https://pytorch.org/tutorials/beginner/examples_tensor/polynomial_tensor.html): torch.device,
# dtype=, linspace, randn with device/dtype, hand-written gradients and updates, .item().
import math

import torch

kind = torch.float
where = torch.device("cpu")
xs = torch.linspace(0, 2 * math.pi, 1000, device=where, dtype=kind)
ys = torch.cos(xs)

k0, k1, k2, k3 = (torch.randn((), device=where, dtype=kind) for _ in range(4))

step_size = 1e-7
for it in range(1500):
    guess = k0 + k1 * xs + k2 * xs ** 2 + k3 * xs ** 3
    err = guess - ys
    loss = err.pow(2).sum().item()
    if it % 150 == 149:
        print(it, loss)
    # the derivative of the squared error, written out
    g = 2.0 * err
    dk0, dk1 = g.sum(), (g * xs).sum()
    dk2, dk3 = (g * xs ** 2).sum(), (g * xs ** 3).sum()
    k0 -= step_size * dk0
    k1 -= step_size * dk1
    k2 -= step_size * dk2
    k3 -= step_size * dk3

print(f"cos(x) ~ {k0.item()} + {k1.item()} x + {k2.item()} x^2 + {k3.item()} x^3")
