"""The local rule of each kind of backward node, in words a learner can check by hand.

``grad`` is the gradient arriving at the node (the gradient of the output with respect to the
node's result); each rule says what the node sends to each of its inputs. Keyed by the modern
node name, so a node reads the same rule in every era.

    >>> local_rule(out.grad_fn)
    'grad / numel, to every element of self'
"""
from .settings import using_style

RULES = {
    "AccumulateGrad": ".grad += grad",
    "AddBackward0": "self: grad, other: grad",
    "SubBackward0": "self: grad, other: −grad",
    "RsubBackward1": "self: −grad",
    "MulBackward0": "self: grad·other, other: grad·self",
    "DivBackward0": "self: grad / other, other: −grad·self / other²",
    "NegBackward0": "−grad",
    "ReciprocalBackward0": "−grad / self²",
    "PowBackward0": "grad·n·selfⁿ⁻¹",
    "ExpBackward0": "grad·result",
    "LogBackward0": "grad / self",
    "SqrtBackward0": "grad / (2·result)",
    "SinBackward0": "grad·cos(self)",
    "CosBackward0": "−grad·sin(self)",
    "TanhBackward0": "grad·(1 − result²)",
    "SigmoidBackward0": "grad·result·(1 − result)",
    "ReluBackward0": "grad where self > 0, else 0",
    "SumBackward0": "grad, to every element of self",
    "MeanBackward0": "grad / numel, to every element of self",
    "MmBackward0": "self: grad @ mat2ᵀ, mat2: selfᵀ @ grad",
    "MvBackward0": "self: outer(grad, vec), vec: selfᵀ @ grad",
    "DotBackward0": "self: grad·tensor, tensor: grad·self",
    "AddmmBackward0": "self: grad summed to its shape, mat1: grad @ mat2ᵀ, mat2: mat1ᵀ @ grad",
    "TBackward0": "gradᵀ",
    "TransposeBackward0": "grad with the two dims swapped back",
    "ViewBackward0": "grad reshaped to self's shape",
    "UnsafeViewBackward0": "grad reshaped to self's shape",
    "CloneBackward0": "grad",
    "ExpandBackward0": "grad summed over the expanded dims",
    "SelectBackward0": "grad put back at the selected index, 0 elsewhere",
    "SliceBackward0": "grad put back in the slice, 0 elsewhere",
    "IndexBackward0": "grad put back at the indexed positions, 0 elsewhere",
    "MseLossBackward0": "self: grad·2·(self − target) / numel",
    "LogSoftmaxBackward0": "grad − softmax(self)·sum(grad)",
    "NllLossBackward0": "self: −grad / N at each target class",
}


def local_rule(node_type):
    """The rule of a node class (or node), or None for a node this table does not describe."""
    node_type = node_type if isinstance(node_type, type) else type(node_type)
    with using_style("modern"):
        return RULES.get(node_type.__name__)
