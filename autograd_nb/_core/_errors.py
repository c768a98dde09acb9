"""torch's error and warning texts, in one place so every path raises the same words."""
import re

BACKWARD_TWICE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward.")
LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
NONLEAF_REQUIRES_GRAD = "you can only change requires_grad flags of leaf variables."
NONLEAF_REQUIRES_GRAD_FALSE = (
    NONLEAF_REQUIRES_GRAD + " If you want to use a computed variable in a subgraph that doesn't "
    "require differentiation use var_no_grad = var.detach().")
NUMPY_REQUIRES_GRAD = ("Can't call numpy() on Tensor that requires grad. "
                       "Use tensor.detach().numpy() instead.")
NON_SCALAR_BACKWARD = "grad can be implicitly created only for scalar outputs"


def era_error(key, message):
    """A RuntimeError with torch 2.x's ``message`` that carries ``era_key``, by which a legacy
    era (``eras.ERA_TEXTS``) words it as its torch did."""
    error = RuntimeError(message)
    error.era_key = key
    return error


def backward_twice():
    return era_error("backward_twice", BACKWARD_TWICE)


def complex_implicit_backward(dtype):
    return RuntimeError("grad can be implicitly created only for real scalar outputs but got "
                        f"{dtype}")


def non_scalar_backward():
    return era_error("non_scalar_backward", NON_SCALAR_BACKWARD)


CREATE_GRAPH_CYCLE = (
    "Using backward() with create_graph=True will create a reference cycle between the parameter "
    "and its gradient which can cause a memory leak. We recommend using autograd.grad when "
    "creating the graph to avoid this. If you have to use this function, make sure to reset the "
    ".grad fields of your parameters to None after use to break the cycle and avoid the leak.")
NONLEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field "
    "to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you "
    "access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
    "github.com/pytorch/pytorch/pull/30531 for more information.")
INT_REQUIRES_GRAD = "only Tensors of floating point dtype can require gradients"
INT_REQUIRES_GRAD_FACTORY = "Only Tensors of floating point and complex dtype can require gradients"
INT_REQUIRES_GRAD_SETTER = "only Tensors of floating point and complex dtype can require gradients"


def not_requires_grad(index):
    return RuntimeError(
        f"element {index} of tensors does not require grad and does not have a grad_fn")


def size_str(shape):
    return "torch.Size([" + ", ".join(str(s) for s in shape) + "])"


def shape_mismatch(index, grad_shape, out_shape):
    return RuntimeError(
        f"Mismatch in shape: grad_output[{index}] has a shape of {size_str(grad_shape)} and "
        f"output[{index}] has a shape of {size_str(out_shape)}.")


def complex_dtype_mismatch(index, grad_dtype, out_dtype):
    return RuntimeError(
        "For complex Tensors, both grad_output and output are required to have the same dtype. "
        f"Mismatch in dtype: grad_output[{index}] has a dtype of {grad_dtype} and "
        f"output[{index}] has a dtype of {out_dtype}.")


def version_mismatch(tensor, version, expected, node, index):
    shape = "[" + ", ".join(str(s) for s in tensor.shape) + "]"
    where = ""
    if tensor._grad_fn is not None:
        op = re.sub(r"Backward\d*$", "", tensor._grad_fn.name())
        where = f", which is output {tensor._output_nr} of {op},"
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [torch.{tensor.dtype.legacy_type} {shape}]{where} is at version {version}; "
        f"expected version {expected} instead. Hint: enable anomaly detection to find the "
        "operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False).")


def dim_out_of_range(dim, ndim):
    lo, hi = (-ndim, ndim - 1) if ndim > 0 else (-1, 0)
    return IndexError(
        f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")


def broadcast_mismatch(a_shape, b_shape):
    """torch's message for shapes that do not broadcast, naming the first bad dimension."""
    n = max(len(a_shape), len(b_shape))
    a = (1,) * (n - len(a_shape)) + tuple(a_shape)
    b = (1,) * (n - len(b_shape)) + tuple(b_shape)
    for i in range(n - 1, -1, -1):
        if a[i] != b[i] and a[i] != 1 and b[i] != 1:
            return RuntimeError(
                f"The size of tensor a ({a[i]}) must match the size of tensor b ({b[i]}) "
                f"at non-singleton dimension {i}")
    return RuntimeError(f"shapes {tuple(a_shape)} and {tuple(b_shape)} cannot be broadcast")


VOLATILE_REMOVED = ("volatile was removed and now has no effect. Use `with torch.no_grad():` "
                    "instead.")
