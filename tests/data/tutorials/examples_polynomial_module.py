# Our own script in the idioms of "Learning PyTorch with Examples: Custom nn Modules"
# (https://pytorch.org/tutorials/beginner/examples_nn/polynomial_module.html): an nn.Module
# subclass with nn.Parameter scalars, a string method, MSELoss(reduction='sum'), optim.SGD.
import math

import torch


class Quadratic(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.p = torch.nn.Parameter(torch.randn(()))
        self.q = torch.nn.Parameter(torch.randn(()))
        self.r = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        return self.p + self.q * x + self.r * x * x

    def formula(self):
        return f"{self.p.item()} + {self.q.item()} x + {self.r.item()} x^2"


xs = torch.linspace(-1, 1, 800)
ys = torch.exp(xs) - math.e / 2
fit = Quadratic()
print(sorted(name for name, _ in fit.named_parameters()))
criterion = torch.nn.MSELoss(reduction="sum")
opt = torch.optim.SGD(fit.parameters(), lr=1e-4)
for it in range(1200):
    loss = criterion(fit(xs), ys)
    if it % 120 == 119:
        print(it, loss.item())
    opt.zero_grad()
    loss.backward()
    opt.step()
print(fit.formula())
