# Our own script in the idioms of "Automatic Differentiation with torch.autograd" (Learn the
# Basics, https://pytorch.org/tutorials/beginner/basics/autogradqs_tutorial.html): matmul + bias,
# binary_cross_entropy_with_logits, grad_fn in f-strings, no_grad, detach, backward with
# retain_graph accumulating into .grad, grad.zero_().
import torch
import torch.nn.functional as F

features = torch.full((4,), 0.5)
labels = torch.tensor([1.0, 0.0])
weight = torch.randn(4, 2, requires_grad=True)
bias = torch.randn(2, requires_grad=True)
logits = features @ weight + bias
loss = F.binary_cross_entropy_with_logits(logits, labels)
print(f"logits come from {logits.grad_fn}, the loss from {loss.grad_fn}")
loss.backward()
print(weight.grad)
print(bias.grad)

# %% switching the recording off
with torch.no_grad():
    plain = torch.matmul(features, weight) + bias
print(plain.requires_grad, (features @ weight).requires_grad, logits.detach().requires_grad)

# %% gradients accumulate until cleared
m = torch.eye(3, 2, requires_grad=True)
out = (2 * m - 1).pow(3).t()
seed = torch.ones_like(out)
out.backward(seed, retain_graph=True)
print(f"once:\n{m.grad}")
out.backward(seed, retain_graph=True)
print(f"twice:\n{m.grad}")
m.grad.zero_()
out.backward(seed)
print(f"after zero_:\n{m.grad}")
