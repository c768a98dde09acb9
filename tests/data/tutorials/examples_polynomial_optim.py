# Our own script in the idioms of "Learning PyTorch with Examples: optim"
# (https://pytorch.org/tutorials/beginner/examples_nn/polynomial_optim.html): features by
# broadcasting pow, nn.Sequential, MSELoss(reduction='sum'), optim.RMSprop, zero_grad/step.
# The step count stays where float32 rounding does not dominate: torch's RMSprop fuses
# multiply-adds (addcmul) and its sqrt is not always correctly rounded, so over thousands of
# steps the printed loss drifts from any NumPy implementation by float32 noise.
import math

import torch

xs = torch.linspace(-math.pi, math.pi, 1000)
ys = torch.cos(xs)
features = xs.unsqueeze(-1).pow(torch.tensor([1, 2, 3]))

net = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
criterion = torch.nn.MSELoss(reduction="sum")
opt = torch.optim.RMSprop(net.parameters(), lr=2e-3)
print(opt)
for it in range(800):
    loss = criterion(net(features), ys)
    if it % 100 == 99:
        print(it, loss.item())
    opt.zero_grad()
    loss.backward()
    opt.step()
layer = net[0]
print(f"{layer.bias.item()} + {layer.weight[0, 0].item()} x + {layer.weight[0, 1].item()} x^2 "
      f"+ {layer.weight[0, 2].item()} x^3")
