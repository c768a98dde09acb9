"""torch.einsum over the differentiable ops, in torch 2.13's order of steps (so that results,
gradients and the result's node match torch's):

1. each operand takes its diagonals (a label repeated in it), gets size-1 dims for the labels it
   lacks, and is permuted to one common order: the output's dims, then the summed ones;
2. one operand: its summed dims are summed away (``SumBackward1``), else it is that permute;
3. several, left to right: a pair with no dim to sum is multiplied (``MulBackward0``, with
   type promotion), else contracted by one ``bmm`` between permutes and reshapes (operands of
   one dtype only, as torch's); the summed dims, size 1 by then, are viewed away
   (``ViewBackward0``).

>>> torch.einsum("ij,jk->ik", torch.ones(2, 3), torch.ones(3, 4)).shape
torch.Size([2, 4])
"""
import numpy as np

from .._core._tensor import Tensor
from ._promotion import _C_TYPE
from ._registry import export

ELLIPSIS = -1  # in an operand's or the output's labels; the labels themselves are 0..51


def _label(char):
    """'A'..'Z' are 0..25 and 'a'..'z' 26..51: an implicit output is sorted in this order."""
    return ord(char) - ord("A") if char <= "Z" else ord(char) - ord("a") + 26


def _letter(label):
    return chr(ord("A") + label) if label < 26 else chr(ord("a") + label - 26)


def _error(text):
    return RuntimeError("einsum(): " + text)


def _parse_labels(text, start, where, check=None):
    """The labels of one operand (or of the output) written at ``start`` of the equation, each
    passed to ``check`` as it is read."""
    labels, dots = [], 0
    for i, char in enumerate(text, start):
        if char == ".":
            if ELLIPSIS in labels:
                raise _error(f"found '.' for {where} for which an ellipsis was already found"
                             if where != "output" else
                             "found '.' for output but an ellipsis (...) was already found")
            dots += 1
            if dots == 3:
                labels.append(ELLIPSIS)
                dots = 0
            continue
        if dots:
            raise _not_an_ellipsis(where)
        if char == " ":
            continue
        if not ("a" <= char <= "z" or "A" <= char <= "Z"):
            raise _error(f"invalid subscript given at index {i} in the equation string, "
                         "subscripts must be in [a-zA-Z]")
        if check is not None:
            check(_label(char), labels)
        labels.append(_label(char))
    if dots:
        raise _not_an_ellipsis(where)
    return labels


def _not_an_ellipsis(where):
    return _error(f"found '.' for {where} that is not part of any ellipsis" + (
        " (...)" if where == "output" else ""))


def _too_few():
    return ValueError("einsum(): must specify the equation string and at least one operand, or "
                      "at least one operand and its subscripts list")


def _arguments(args):
    """(equation, operands) from torch's three call forms: ``(equation, *operands)``,
    ``(equation, [operands])`` and the sublist form ``(op, [0, 1], op, [1, 2], [0, 2])``."""
    if len(args) < 2:
        raise _too_few()
    if isinstance(args[0], Tensor):
        equation = ",".join(_sublist(s) for s in args[1::2])
        if len(args) % 2:
            equation += "->" + _sublist(args[-1])
        operands = args[:-1:2] if len(args) % 2 else args[::2]
    else:
        equation, operands = args[0], args[1:]
    if not isinstance(equation, str):
        raise TypeError(f"einsum(): argument 'equation' (position 1) must be str, not "
                        f"{type(equation).__name__}")
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = operands[0]
        if not operands:
            raise _too_few()
    for i, op in enumerate(operands):
        if not isinstance(op, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 1, but got "
                            f"{type(op).__name__}")
    return equation, list(operands)


def _sublist(subscripts):
    def letter(n):
        if n is Ellipsis:
            return "..."
        if not 0 <= n < 52:
            raise ValueError("einsum(): subscript in subscript list is not within the valid "
                             "range [0, 52)")
        return _letter(n)
    return "".join(letter(n) for n in subscripts)


class _Plan:
    """What the equation asks of these operands: each operand's labels, the output's, the
    number of dims the ellipsis stands for, and the common order of all dims."""

    def __init__(self, equation, operands):
        arrow = equation.find("->")
        lhs = equation if arrow < 0 else equation[:arrow]
        self.op_labels, start = [], 0
        for i, part in enumerate(lhs.split(",")):
            self.op_labels.append(_parse_labels(part, start, f"operand {i}"))
            start += len(part) + 1
        if len(self.op_labels) > len(operands):
            raise _error("fewer operands were provided than specified in the equation")
        if len(self.op_labels) < len(operands):
            raise _error("more operands were provided than specified in the equation")
        self.ell_ndim = 0
        for i, (labels, op) in enumerate(zip(self.op_labels, operands)):
            n = len(labels) - (ELLIPSIS in labels)
            if ELLIPSIS in labels:
                if n > op.ndim:
                    raise _error(f"the number of subscripts in the equation ({n}) is more than "
                                 f"the number of dimensions ({op.ndim}) for operand {i}")
                self.ell_ndim = max(self.ell_ndim, op.ndim - n)
            elif n != op.ndim:
                raise _error(f"the number of subscripts in the equation ({n}) does not match "
                             f"the number of dimensions ({op.ndim}) for operand {i} and no "
                             "ellipsis was given")
        counts = [0] * 52
        for labels in self.op_labels:
            for label in labels:
                if label != ELLIPSIS:
                    counts[label] += 1
        if arrow < 0:  # implicit: the ellipsis, then the labels used once, sorted
            has_ellipsis = any(ELLIPSIS in labels for labels in self.op_labels)
            out = ([ELLIPSIS] if has_ellipsis else []) + [
                label for label in range(52) if counts[label] == 1]
        else:
            out = self._explicit_output(equation[arrow + 2:], arrow + 2, counts)
        self._order(out, counts)

    @staticmethod
    def _explicit_output(text, start, counts):
        def check(label, before):
            if not counts[label]:
                raise _error(f"output subscript {_letter(label)} does not appear in the "
                             "equation for any input operand")
            if label in before:
                raise _error(f"output subscript {_letter(label)} appears more than once in "
                             "the output")
        return _parse_labels(text, start, "output", check)

    def _order(self, out, counts):
        """Each label's (and the ellipsis's first) position in the common order: the output's
        dims first, then the summed ellipsis dims and labels."""
        self.position, n = {}, 0
        for label in out:
            self.position[label] = n
            n += self.ell_ndim if label == ELLIPSIS else 1
        self.out_ndim = n
        if ELLIPSIS not in self.position:
            self.position[ELLIPSIS] = n
            n += self.ell_ndim
        for label in range(52):
            if counts[label] and label not in self.position:
                self.position[label] = n
                n += 1
        self.ndim = n

    def targets(self, labels, ndim):
        """The common position of each of an operand's ``ndim`` dims, ellipsis dims aligned to
        the right of the ellipsis's span (they broadcast)."""
        targets = []
        for label in labels:
            if label == ELLIPSIS:
                covered = ndim - (len(labels) - 1)
                first = self.position[ELLIPSIS] + self.ell_ndim - covered
                targets += range(first, first + covered)
            else:
                targets.append(self.position[label])
        return targets


def _check_sizes(plan, operands):
    """torch's size checks, before any computation: a repeated label's dims agree; a label's
    (and the ellipsis's) sizes broadcast across operands."""
    sizes = [1] * plan.ndim
    for i, (labels, op) in enumerate(zip(plan.op_labels, operands)):
        first_dim = {}
        dims = zip(_label_of_dims(labels, op.ndim), plan.targets(labels, op.ndim), op.shape)
        for dim, (label, target, size) in enumerate(dims):
            if label in first_dim:
                seen = op.shape[first_dim[label]]
                if size != seen:
                    raise _error(f"subscript {_letter(label)} is repeated for operand {i} but "
                                 f"the sizes don't match, {size} != {seen}")
                continue
            if label != ELLIPSIS:
                first_dim[label] = dim
            if sizes[target] != 1 and size != 1 and size != sizes[target]:
                if label == ELLIPSIS:  # torch's text, without the space before "has"
                    raise _error(f"dimension {dim} covered by ellipsis in operand {i}has size "
                                 f"{size} which does not broadcast with previously seen ellipsis "
                                 f"with size {sizes[target]} for the respective dimension")
                raise _error(f"subscript {_letter(label)} has size {size} for operand {i} which "
                             f"does not broadcast with previously seen size {sizes[target]}")
            if size != 1:
                sizes[target] = size


def _label_of_dims(labels, ndim):
    """The label of each of an operand's dims (ELLIPSIS for those the ellipsis covers)."""
    out = []
    for label in labels:
        out += [label] * (ndim - (len(labels) - 1) if label == ELLIPSIS else 1)
    return out


def _aligned(op, targets, ndim):
    """``op`` with its repeated labels' diagonals taken, a size-1 dim for each position it lacks
    and its dims in the common order."""
    targets = list(targets)
    while len(set(targets)) < len(targets):
        first = next(d for d, t in enumerate(targets) if t in targets[:d])
        earlier = targets.index(targets[first])
        op = op.diagonal(0, earlier, first)
        kept = targets[earlier]
        targets = [t for d, t in enumerate(targets) if d not in (earlier, first)] + [kept]
    for target in range(ndim):
        if target not in targets:
            op = op.unsqueeze(-1)
            targets.append(target)
    return op.permute([targets.index(t) for t in range(ndim)])


def _sum_product(left, right, sum_dims):
    """Sum over ``sum_dims`` of ``left * right`` (aligned, broadcasting size-1 dims) as one
    batched matrix product; the summed dims stay, of size 1."""
    if left.dtype != right.dtype:
        raise RuntimeError(f"expected scalar type {_C_TYPE[left.dtype.name]} but found "
                           f"{_C_TYPE[right.dtype.name]}")
    both, left_only, right_only = [], [], []
    summed = 1
    for d in range(left.ndim):
        in_left, in_right = left.shape[d] != 1, right.shape[d] != 1
        if d in sum_dims:
            summed *= left.shape[d]
        elif in_left and in_right:
            both.append(d)
        elif in_left:
            left_only.append(d)
        else:
            right_only.append(d)

    def size(t, dims):
        return int(np.prod([t.shape[d] for d in dims], dtype=np.int64))

    batch, rows, cols = size(left, both), size(left, left_only), size(right, right_only)
    lhs = left.permute(both + left_only + sum_dims + right_only).reshape(batch, rows, summed)
    rhs = right.permute(both + sum_dims + right_only + left_only).reshape(batch, summed, cols)
    order = both + left_only + sum_dims + right_only
    shape = ([left.shape[d] for d in both + left_only] + [1] * len(sum_dims)
             + [right.shape[d] for d in right_only])
    return lhs.bmm(rhs).view(shape).permute([order.index(d) for d in range(left.ndim)])


@export(method=False)
def einsum(*args):
    """Sums of products of the operands' elements, by Einstein's notation.

    >>> torch.einsum("ii", torch.eye(3))
    tensor(3.)
    """
    equation, operands = _arguments(args)
    plan = _Plan(equation, operands)
    _check_sizes(plan, operands)
    ops = [_aligned(op, plan.targets(labels, op.ndim), plan.ndim)
           for labels, op in zip(plan.op_labels, operands)]
    summed = range(plan.out_ndim, plan.ndim)
    if len(ops) == 1:
        return ops[0].sum(tuple(summed)) if len(summed) else ops[0]
    # how many operands have each summed dim (of a size other than 1) still to meet
    counts = {d: sum(op.shape[d] != 1 for op in ops) for d in summed}
    result = ops[0]
    for other in ops[1:]:
        sum_dims = []
        for d in summed:
            in_result, in_other = result.shape[d] != 1, other.shape[d] != 1
            if in_result and in_other:
                counts[d] -= 1
                if counts[d] == 1:  # no later operand has it: sum it in this product
                    sum_dims.append(d)
                    counts[d] = 0
            elif counts[d] == 1:  # only one of the two has it, and no later operand
                if in_result:
                    result = result.sum(d, keepdim=True)
                elif in_other:
                    other = other.sum(d, keepdim=True)
                counts[d] = 0
        result = result * other if not sum_dims else _sum_product(result, other, sum_dims)
    if len(summed):
        result = result.view(result.shape[:plan.out_ndim])
    return result
