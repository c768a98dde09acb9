# Our own script in the idioms of "Build the Neural Network" (Learn the Basics,
# https://pytorch.org/tutorials/beginner/basics/buildmodel_tutorial.html): choosing a device,
# an nn.Module with Flatten and a Sequential stack, .to(device), nn.Softmax(dim=1), argmax,
# layer-by-layer shapes, named_parameters printing.
import torch
from torch import nn

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"running on {device}")


class PatchClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.stack = nn.Sequential(nn.Linear(6 * 6, 16), nn.ReLU(), nn.Linear(16, 4))

    def forward(self, patch):
        return self.stack(self.flatten(patch))


model = PatchClassifier().to(device)
print(model)
patch = torch.rand(2, 6, 6, device=device)
probabilities = nn.Softmax(dim=1)(model(patch))
print(f"classes: {probabilities.argmax(1)}")

# %% one layer at a time
batch = torch.rand(3, 6, 6)
flat = nn.Flatten()(batch)
print(batch.size(), flat.size())
hidden = nn.Linear(in_features=36, out_features=5)(flat)
print(hidden.size())
print(f"before ReLU: {hidden}")
print(f"after ReLU: {nn.ReLU()(hidden)}")
pipeline = nn.Sequential(nn.Flatten(), nn.Linear(36, 5), nn.Tanh(), nn.Linear(5, 3))
print(nn.Softmax(dim=1)(pipeline(batch)).sum(1))

# %%
for name, weight in model.named_parameters():
    print(f"{name}: {weight.size()} starts {weight[:1]}")
