# Our own script in the idioms of "Neural Networks" (60 Minute Blitz,
# https://pytorch.org/tutorials/beginner/blitz/neural_networks_tutorial.html): a Module with
# Conv2d, max_pool2d, flatten and Linear layers, parameters(), zero_grad, MSELoss, grad_fn
# chains, a hand-written SGD update and then optim.SGD.
import torch
import torch.nn as nn
import torch.nn.functional as F


class SmallConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.head = nn.Linear(4 * 3 * 3, 5)
        self.out = nn.Linear(5, 2)

    def forward(self, image):
        image = F.max_pool2d(F.relu(self.conv(image)), (2, 2))
        image = torch.flatten(image, 1)
        return self.out(F.relu(self.head(image)))


# %%
net = SmallConvNet()
print(net)
weights = list(net.parameters())
print(len(weights), weights[0].size())

# %%
picture = torch.randn(1, 1, 8, 8)
scores = net(picture)
print(scores)
criterion = nn.MSELoss()
goal = torch.randn(2).view(1, -1)
loss = criterion(scores, goal)
print(loss)
print(loss.grad_fn)
print(loss.grad_fn.next_functions[0][0])

# %% one step by hand, one with optim
net.zero_grad()
print(net.conv.bias.grad)
loss.backward()
print(net.conv.bias.grad)
with torch.no_grad():
    for weight in net.parameters():
        weight.sub_(weight.grad * 0.02)
opt = torch.optim.SGD(net.parameters(), lr=0.02)
opt.zero_grad()
criterion(net(picture), goal).backward()
opt.step()
print(criterion(net(picture), goal))
