# Our own script in the idioms of "Training a Classifier" (60 Minute Blitz, CIFAR-10,
# https://pytorch.org/tutorials/beginner/blitz/cifar10_tutorial.html) and of "Learn the Basics:
# Optimizing Model Parameters" (train_loop / test_loop), on synthetic images instead of a
# download: a Dataset and DataLoader (shuffled), a Conv2d/MaxPool2d/BatchNorm2d network,
# CrossEntropyLoss, SGD with momentum under a learning-rate schedule, accuracy per class, and
# saving and loading the state_dict.
import io

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, Dataset, TensorDataset

# one thread: torch's multi-threaded convolutions round their sums in an order that varies from
# run to run, which shows in the last printed digit
torch.set_num_threads(1)
classes = ("plane", "car", "bird", "cat")


class SyntheticImages(Dataset):
    """Images whose class shows as a brighter quadrant, plus noise."""

    def __init__(self, n):
        self.labels = torch.randint(0, len(classes), (n,))
        self.images = torch.randn(n, 3, 16, 16) * 0.5
        for i in range(n):
            row, col = divmod(int(self.labels[i]), 2)
            self.images[i, :, row * 8:(row + 1) * 8, col * 8:(col + 1) * 8] += 1.0

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return self.images[idx], self.labels[idx]


trainset = SyntheticImages(48)
testset = TensorDataset(*[torch.stack(t) for t in zip(*[trainset[i] for i in range(16)])])
trainloader = DataLoader(trainset, batch_size=8, shuffle=True, num_workers=2)
testloader = DataLoader(testset, batch_size=8, shuffle=False)
print(len(trainset), len(trainloader), len(testloader))

# %%
dataiter = iter(trainloader)
images, labels = next(dataiter)
print(images.shape, images.dtype, labels.shape, labels.dtype)
print(" ".join(f"{classes[labels[j]]:5s}" for j in range(4)))


# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5, padding=2)
        self.bn1 = nn.BatchNorm2d(6)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 8, 3)
        self.fc1 = nn.Linear(8 * 3 * 3, 32)
        self.fc2 = nn.Linear(32, len(classes))

    def forward(self, x):
        x = self.pool(F.relu(self.bn1(self.conv1(x))))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


net = Net()
print(net)
print(sum(p.numel() for p in net.parameters()))
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
scheduler = optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.05, epochs=3,
                                          steps_per_epoch=len(trainloader))


# %% the loops of "Learn the Basics"
def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X)
        loss = loss_fn(pred, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        scheduler.step()
        if batch % 2 == 0:
            loss, current = loss.item(), batch * dataloader.batch_size + len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test_loop(dataloader, model, loss_fn):
    model.eval()
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100 * correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")


for t in range(3):
    print(f"Epoch {t + 1}\n-------------------------------")
    train_loop(trainloader, net, criterion, optimizer)
    test_loop(testloader, net, criterion)
    print([round(lr, 6) for lr in scheduler.get_last_lr()])
print("Done!")

# %% accuracy per class, as the blitz prints it
correct_pred = {classname: 0 for classname in classes}
total_pred = {classname: 0 for classname in classes}
with torch.no_grad():
    for images, labels in testloader:
        outputs = net(images)
        _, predictions = torch.max(outputs, 1)
        for label, prediction in zip(labels, predictions):
            if label == prediction:
                correct_pred[classes[label]] += 1
            total_pred[classes[label]] += 1
for classname, correct_count in correct_pred.items():
    accuracy = 100 * float(correct_count) / max(total_pred[classname], 1)
    print(f"Accuracy for class: {classname:5s} is {accuracy:.1f} %")

# %% save and load
buffer = io.BytesIO()
torch.save(net.state_dict(), buffer)
buffer.seek(0)
net2 = Net()
print(net2.load_state_dict(torch.load(buffer, weights_only=True)))
net2.eval()
print(torch.equal(net2(testset[:4][0]), net(testset[:4][0])))
net.bn1.running_mean
