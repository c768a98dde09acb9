"""The public names of SPEC §1.1 (nn and optim aside) and the Tensor API of §1.2: each exists in
autograd_nb and in torch 2.13, and is a callable in both or in neither."""
import pytest

import autograd_nb
from autograd_nb import _functions

torch = pytest.importorskip("torch")

NAMESPACE = """
tensor Tensor FloatTensor DoubleTensor LongTensor IntTensor ByteTensor BoolTensor
ones zeros full empty eye arange linspace ones_like zeros_like full_like rand randn randint
manual_seed from_numpy is_tensor
float32 float float64 double float16 half int64 long int32 int int16 int8 uint8 bool
no_grad enable_grad set_grad_enabled is_grad_enabled inference_mode
exp log sqrt sin cos tanh sigmoid relu abs clamp sum mean max min norm matmul mm mv dot cat stack
where softmax log_softmax set_printoptions autograd
""".split()
AUTOGRAD = "Variable Function grad backward gradcheck gradgradcheck graph".split()
TENSOR = """
requires_grad requires_grad_ grad grad_fn is_leaf data backward detach detach_ retain_grad
retains_grad register_hook shape size dim ndim numel dtype item tolist T t transpose permute view
view_as reshape flatten squeeze unsqueeze expand expand_as repeat __getitem__ __setitem__
__add__ __radd__ __sub__ __rsub__ __mul__ __rmul__ __truediv__ __rtruediv__ __floordiv__
__rfloordiv__ __mod__ __rmod__ __pow__ __rpow__ __matmul__ __rmatmul__ __neg__ __pos__ __abs__
__eq__ __ne__ __lt__ __le__ __gt__ __ge__ __and__ __or__ __xor__ __invert__
__iadd__ __isub__ __imul__ __itruediv__ __ipow__
add_ sub_ mul_ div_ zero_ fill_ copy_ clamp_ float double long int bool to type clone contiguous
norm max min argmax argmin numpy __array__
""".split()


def _kind(obj, name):
    value = getattr(obj, name)
    return "callable" if callable(value) else "value"


@pytest.mark.parametrize("name", NAMESPACE)
def test_namespace_name(name):
    assert (_kind(autograd_nb, name), hasattr(torch, name)) == (_kind(torch, name), True)


@pytest.mark.parametrize("name", AUTOGRAD)
def test_autograd_name(name):
    assert _kind(autograd_nb.autograd, name) == _kind(torch.autograd, name)


@pytest.mark.parametrize("name", TENSOR)
def test_tensor_attribute(name):
    ours = autograd_nb.ones(2, 2, requires_grad=True)
    theirs = torch.ones(2, 2, requires_grad=True)
    assert _kind(ours, name) == _kind(theirs, name)


@pytest.mark.parametrize("name", sorted(set(_functions.__all__) - {"return_types"}))
def test_every_exported_function_is_torchs(name):
    """autograd_nb exports no function torch lacks (the argument conventions are checked by the
    behaviour tests of each topic)."""
    assert callable(getattr(autograd_nb, name)) and callable(getattr(torch, name))
