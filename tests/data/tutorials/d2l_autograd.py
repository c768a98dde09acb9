# Our own script in the idioms of d2l.ai "Automatic Differentiation"
# (https://d2l.ai/chapter_preliminaries/autograd.html): arange, requires_grad_, dot, grad.zero_,
# backward of a non-scalar through sum and gradient=, detach, and Python control flow.
import torch

# %%
v = torch.arange(5.0)
v.requires_grad_(True)
print(v.grad)
f = 3 * torch.dot(v, v)
f

# %%
f.backward()
print(v.grad)
print(v.grad == 6 * v)

# %% a new function: clear the old gradient first
v.grad.zero_()
v.sum().backward()
v.grad

# %% a non-scalar output
v.grad.zero_()
q = v * v * 0.5
q.backward(gradient=torch.ones(len(v)))
v.grad

# %% detach: treat a value as a constant
v.grad.zero_()
q = v * v
frozen = q.detach()
prod = frozen * v
prod.sum().backward()
print(v.grad == frozen)
v.grad.zero_()
q.sum().backward()
v.grad == 2 * v


# %% control flow decided by the values
def wiggle(a):
    out = a * 3
    while out.norm() < 500:
        out = out * 3
    if out.sum() > 0:
        return out
    return -2 * out


a = torch.randn(size=(), requires_grad=True)
z = wiggle(a)
z.backward()
print(a.grad == z / a)
