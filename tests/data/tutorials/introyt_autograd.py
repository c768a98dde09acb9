# Our own script in the idioms of "The Fundamentals of Autograd" (Introduction to PyTorch on
# YouTube, https://pytorch.org/tutorials/beginner/introyt/autogradyt_tutorial.html): printing
# tensors, grad_fn and next_functions chains, a small training step with SGD, gradient
# accumulation, zero_grad(set_to_none=False), requires_grad toggles, no_grad as context and
# decorator, detach, dynamic loops, backward(v), autograd.functional.jacobian and vjp.
import math

import torch

# %% walking the graph
angles = torch.linspace(0.0, math.pi, steps=7, requires_grad=True)
wave = torch.cos(angles)
scaled = wave * 3
shifted = scaled - 1
total = shifted.sum()
print(angles, wave, shifted, total, sep="\n")
print(shifted.grad_fn, shifted.grad_fn.next_functions)
print(shifted.grad_fn.next_functions[0][0].next_functions)
print(scaled.grad_fn, wave.grad_fn, angles.grad_fn)
total.backward()
print(angles.grad)


# %% a tiny model, gradients piling up, cleared without freeing
class TwoLayer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = torch.nn.Linear(12, 6)
        self.outer = torch.nn.Linear(6, 3)

    def forward(self, x):
        return self.outer(torch.relu(self.inner(x)))


net = TwoLayer()
data, wanted = torch.randn(5, 12), torch.randn(5, 3)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
print(net.outer.weight[1][:4], net.outer.weight.grad)
for _ in range(3):
    loss = (net(data) - wanted).pow(2).sum()
    loss.backward()
print(loss, net.outer.weight.grad[1][:4])
opt.step()
print(net.outer.weight[1][:4])
opt.zero_grad(set_to_none=False)
print(net.outer.weight.grad[1][:4])

# %% switching recording on and off
ones = torch.ones(2, 2, requires_grad=True)
print(ones * 4)
ones.requires_grad = False
print(ones * 4)
p, q = torch.ones(2, 2, requires_grad=True) * 5, torch.full((2, 2), 2.0, requires_grad=True)
with torch.no_grad():
    print(p - q)
print(p / q)


@torch.no_grad()
def untracked_product(x, y):
    return x * y


print(untracked_product(p, q), torch.rand(3, requires_grad=True).detach())

# %% loops decided at run time, a non-scalar backward
seed = torch.randn(3, requires_grad=True)
grown = seed * 3
while grown.data.norm() < 500:
    grown = grown * 3
grown.backward(torch.tensor([1.0, 0.01, 0.5]))
print(grown, seed.grad)


# %% autograd.functional
def mix(a, b):
    return a.sin() * 4 + b * b


pair = (torch.rand(2), torch.rand(2))
print(pair)
print(torch.autograd.functional.jacobian(mix, pair))
torch.autograd.functional.vjp(lambda v: v.exp() * 2, torch.randn(3), v=torch.tensor([1.0, 0.5, 0.1]))
