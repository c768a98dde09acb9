# Our own script in the idioms of "Tensors" (Learn the Basics,
# https://pytorch.org/tutorials/beginner/basics/tensorqs_tutorial.html): tensors from lists and
# NumPy, *_like with dtype=, shape tuples, attributes, indexing and slice assignment, cat,
# matmul and mul with out=, .item(), in-place add_, NumPy memory sharing both ways.
import numpy as np
import torch

rows = [[5, -1, 0], [2, 7, 3]]
from_list = torch.tensor(rows)
from_numpy = torch.from_numpy(np.array(rows))
print(f"zeros like it:\n{torch.zeros_like(from_list)}\n")
print(f"random floats like it:\n{torch.rand_like(from_numpy, dtype=torch.float)}\n")
size = (3, 2)
print(torch.ones(size), torch.full(size, 7), torch.rand(size), sep="\n")

# %% attributes
grid = torch.rand(2, 5)
print(f"{grid.shape} {grid.dtype} {grid.device}")
if torch.cuda.is_available():
    grid = grid.to("cuda")

# %% indexing, slicing, joining
board = torch.arange(16.0).reshape(4, 4)
print("row 1:", board[1])
print("column 2:", board[:, 2])
print("last column:", board[..., -1])
board[2, :] = -1
print(board)
print(torch.cat([board, board], dim=0).shape, torch.stack([board, board]).shape)

# %% arithmetic, with and without out=
gram = board.T @ board
same = torch.empty(4, 4)
torch.matmul(board.T, board, out=same)
square = torch.zeros(4, 4)
torch.mul(board, board, out=square)
print(torch.equal(gram, same), torch.equal(square, board.mul(board)))
total = board.sum().item()
print(total, type(total))
board.add_(0.5)
print(board)

# %% the bridge to NumPy shares memory
t = torch.zeros(3)
arr = t.numpy()
t.sub_(2)
print(f"t: {t}\narr: {arr}")
arr2 = np.full(3, 4.0)
t2 = torch.from_numpy(arr2)
np.multiply(arr2, 3, out=arr2)
print(f"t2: {t2}\narr2: {arr2}")
