# Our own script in the idioms of "A Gentle Introduction to torch.autograd" (60 Minute Blitz,
# https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html): requires_grad, backward
# with an explicit gradient, .grad, grad_fn, frozen parameters and a fresh classifier head.
import torch

# %% a scalar made of two leaves
u = torch.tensor([1.5, -0.5, 4.0], requires_grad=True)
w = torch.tensor([2.0, 3.0, 0.25], requires_grad=True)
r = u ** 3 - 2 * w * u
r.backward(gradient=torch.ones_like(r))
print(u.grad)
print(w.grad)
print(u.grad == 3 * u ** 2 - 2 * w)

# %% what is recorded and what is not
s = torch.rand(4, 4)
t = torch.rand(4, 4)
k = torch.rand((4, 4), requires_grad=True)
print(f"s + t records a graph: {(s + t).requires_grad}")
print(f"s + k records a graph: {(s + k).requires_grad}")
r.grad_fn

# %% freeze a network's body and replace its head
class Backbone(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.body = torch.nn.Sequential(torch.nn.Linear(8, 6), torch.nn.Tanh())
        self.fc = torch.nn.Linear(6, 5)

    def forward(self, x):
        return self.fc(self.body(x))


net = Backbone()
for weight in net.parameters():
    weight.requires_grad = False
net.fc = torch.nn.Linear(6, 2)
trainable = [name for name, weight in net.named_parameters() if weight.requires_grad]
print(trainable)
sgd = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.8)
batch = torch.rand(3, 8)
net(batch).sum().backward()
print(net.body[0].weight.grad, net.fc.bias.grad)
sgd.step()
net.fc.bias
