# Our own script in the idioms of "Learning PyTorch with Examples: Control Flow + Weight Sharing"
# (https://pytorch.org/tutorials/beginner/examples_nn/dynamic_net.html): a Module whose forward
# uses Python loops and random.randint, reused parameters, SGD with momentum, loss.item().
import math
import random

import torch


class RandomDepthCubic(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c0 = torch.nn.Parameter(torch.randn(()))
        self.c1 = torch.nn.Parameter(torch.randn(()))
        self.c2 = torch.nn.Parameter(torch.randn(()))
        self.c3 = torch.nn.Parameter(torch.randn(()))
        self.extra = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        out = self.c0 + self.c1 * x + self.c2 * x ** 2 + self.c3 * x ** 3
        for power in range(4, random.randint(4, 6)):
            out = out + self.extra * x ** power   # the same weight, used again
        return out

    def describe(self):
        return f"{self.c0.item():.4f} {self.c1.item():.4f} {self.c2.item():.4f} {self.c3.item():.4f}"


grid = torch.linspace(-math.pi / 2, math.pi / 2, 1500)
target = torch.cos(grid)
net = RandomDepthCubic()
mse = torch.nn.MSELoss(reduction="sum")
opt = torch.optim.SGD(net.parameters(), lr=1e-8, momentum=0.9)
for step in range(3000):
    loss = mse(net(grid), target)
    if step % 250 == 249:
        print(step, loss.item())
    opt.zero_grad()
    loss.backward()
    opt.step()
print(net.describe())
