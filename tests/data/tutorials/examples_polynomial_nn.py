# Our own script in the idioms of "Learning PyTorch with Examples: nn module"
# (https://pytorch.org/tutorials/beginner/examples_nn/polynomial_nn.html): unsqueeze + pow for
# features, nn.Sequential(Linear, Flatten(0, 1)), MSELoss(reduction='sum'), model.zero_grad(),
# updates over model.parameters() under no_grad, indexing a Sequential.
import math

import torch

xs = torch.linspace(-math.pi / 2, math.pi / 2, 1000)
ys = torch.sin(2 * xs)
powers = torch.tensor([1, 2, 3])
features = xs.unsqueeze(-1).pow(powers)

net = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
criterion = torch.nn.MSELoss(reduction="sum")
rate = 2e-5
for it in range(1500):
    loss = criterion(net(features), ys)
    if it % 150 == 149:
        print(it, loss.item())
    net.zero_grad()
    loss.backward()
    with torch.no_grad():
        for weight in net.parameters():
            weight -= rate * weight.grad

first = net[0]
print(first)
print(f"{first.bias.item()} + {first.weight[:, 0].item()} x + {first.weight[:, 1].item()} x^2 "
      f"+ {first.weight[:, 2].item()} x^3")
