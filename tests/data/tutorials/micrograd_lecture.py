# Our own script in the idioms of Andrej Karpathy's micrograd lecture and its tests
# (https://github.com/karpathy/micrograd): torch.Tensor([...]).double() scalars with
# requires_grad set afterwards, tanh/relu/pow/division on 1-element tensors, .data.item(),
# .grad.item(), and a side-by-side check against micrograd's own Value engine.
import torch
from micrograd.engine import Value

# %% one neuron
inputs = [torch.Tensor([v]).double() for v in (1.5, -0.5)]
weights = [torch.Tensor([v]).double() for v in (0.8, 2.0)]
offset = torch.Tensor([0.3]).double()
for leaf in inputs + weights + [offset]:
    leaf.requires_grad = True
act = torch.tanh(inputs[0] * weights[0] + inputs[1] * weights[1] + offset)
print(act.data.item())
act.backward()
for label, leaf in zip(["x0", "x1", "w0", "w1", "b"], inputs + weights + [offset]):
    print(label, leaf.grad.item())


# %% the same expression in micrograd and in torch
def expression(a, b):
    c = a * b + (a - b).relu()
    c = c + c * 2 + 1
    d = (c ** 2) / 4.0 + (b + 3).relu() * a
    return d + 5.0 / c


am, bm = Value(1.5), Value(-2.0)
gm = expression(am, bm)
gm.backward()
at, bt = torch.Tensor([1.5]).double(), torch.Tensor([-2.0]).double()
at.requires_grad = True
bt.requires_grad = True
gt = expression(at, bt)
gt.backward()
print(gm.data, gt.data.item())
# micrograd sums a node's gradients in set order, which changes from run to run: round its side
print(round(am.grad, 12), at.grad.item(), round(bm.grad, 12), bt.grad.item())
print(abs(gm.data - gt.data.item()) < 1e-9, abs(am.grad - at.grad.item()) < 1e-9)
gt
