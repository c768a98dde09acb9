"""Devices, the default dtype and the keyword forms of the factory functions against torch 2.13
(a CPU-only build: what tutorials print and raise there), one table per class of behaviour."""
import pytest
from _parity import same

import autograd_nb

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def _defaults_restored():
    yield
    for lib in (autograd_nb, torch):
        lib.set_default_dtype(lib.float32)
        lib.set_default_device(None)


DEVICES = [
    "torch.device('cpu')", "str(torch.device('cpu'))", "torch.device('cpu', 0)",
    "str(torch.device('cpu:0'))", "torch.device('cuda')", "torch.device('cuda:1')",
    "torch.device('cuda', 1)", "str(torch.device('cuda', 1))", "torch.device('mps')",
    "torch.device('meta')", "torch.device('xpu')", "torch.device(type='cuda', index=2)",
    "torch.device(torch.device('cuda:3'))", "torch.device('cpu', None)",
    "d = torch.device('cuda:2'); (d.type, d.index)", "d = torch.device('cpu'); (d.type, d.index)",
    "torch.device('foo')", "torch.device('CPU')", "torch.device('')", "torch.device('cuda:x')",
    "torch.device('cuda:-1')", "torch.device('cuda:01')", "torch.device('cuda', -1)",
    "torch.device('cuda:0', 1)", "torch.device(0)", "torch.device(1.5)", "torch.device(None)",
    "torch.device('cpu') == torch.device('cpu', None)",
    "torch.device('cpu') == torch.device('cpu', 0)",
    "torch.device('cpu') == 'cpu'", "torch.device('cuda', 0) == torch.device('cuda:0')",
    "hash(torch.device('cpu')) == hash(torch.device('cpu'))",
    "len({torch.device('cpu'), torch.device('cpu'), torch.device('cuda')})",
    "isinstance(torch.ones(1).device, torch.device)", "torch.ones(1).device",
    "torch.ones(1).device == torch.device('cpu')", "torch.ones(1).is_cuda",
    "torch.ones(1).get_device()", "torch.get_device(torch.ones(1))", "torch.get_device(3)",
    "torch.ones(1).layout", "torch.strided",
    "import pickle; pickle.loads(pickle.dumps(torch.device('cuda', 1)))",
    "with torch.device('cpu'):\n    t = torch.ones(2)\nt.device",
    "with torch.device('cuda'):\n    t = torch.ones(2)",
    "torch.get_default_device()", "torch.set_default_device('cpu'); torch.get_default_device()",
    "torch.set_default_device(torch.device('cpu')); torch.zeros(1).device",
    "torch.set_default_device('cuda'); torch.ones(1)",
    "torch.set_default_device(None); torch.get_default_device()",
]

ACCELERATORS = [
    "torch.accelerator.is_available()", "torch.accelerator.current_accelerator()",
    "torch.accelerator.current_accelerator(check_available=True)",
    "torch.accelerator.device_count()", "torch.accelerator.current_device_index()",
    "torch.accelerator.set_device_index(0)", "torch.accelerator.synchronize()",
    ("(torch.accelerator.current_accelerator().type if torch.accelerator.is_available() "
     "else 'cpu')"),
    "torch.cuda.is_available()", "torch.cuda.device_count()", "torch.cuda.is_initialized()",
    "torch.cuda.current_device()", "torch.cuda.synchronize()", "torch.cuda.get_device_name()",
    "torch.cuda.get_device_properties(0)", "torch.cuda.empty_cache()",
    "torch.cuda.memory_allocated()", "torch.cuda.manual_seed(0)", "torch.cuda.manual_seed_all(0)",
    "torch.cuda.is_bf16_supported()",
    "torch.backends.mps.is_available()", "torch.backends.mps.is_built()",
    "torch.backends.cudnn.is_available()", "torch.backends.cudnn.version()",
    ("(torch.backends.cudnn.enabled, torch.backends.cudnn.benchmark, "
     "torch.backends.cudnn.deterministic)"),
    "torch.backends.cuda.is_built()",
    ("'cuda' if torch.cuda.is_available() else 'mps' if torch.backends.mps.is_available() "
     "else 'cpu'"),
]

MOVES = [
    "a.to(torch.float64)", "a.to('cpu')", "a.to('cpu') is a", "a.to(torch.device('cpu'))",
    "a.to('cpu', torch.int64)", "a.to(torch.device('cpu'), torch.float16)",
    "a.to(device='cpu', dtype=torch.float64)", "a.to(dtype=torch.int32)",
    "a.to(torch.tensor([1], dtype=torch.int8))", "a.to(b)", "a.to(a) is a",
    "a.to(torch.float32, copy=True) is a", "a.to(copy=True) is a", "a.to(copy=True)",
    "a.to(torch.float64, True)", "a.to('cpu', torch.float64, True, True)",
    "a.to(non_blocking=True)", "a.to(memory_format=torch.contiguous_format)",
    "a.to(float)", "a.to(int)", "a.to(None)", "a.to()",
    "a.to('cpu', 'cpu')", "a.to(torch.float32, 'x')", "a.to(foo=1)", "a.to(5)",
    "a.to('cuda')", "a.to('cuda:0', torch.float64)", "a.to(device='cuda')", "a.to('mps')",
    "a.to('foo')", "x.to(torch.float64)", "x.to('cpu') is x", "x.to(torch.float16)",
    "a.cpu() is a", "a.cpu(memory_format=torch.preserve_format) is a", "a.cuda()",
    "a.cuda(0)", "x.cuda()",
    "m = torch.nn.Linear(2, 2); m.to('cpu') is m",
    "torch.nn.Linear(2, 2).to(torch.float64).weight.dtype",
    "torch.nn.Linear(2, 2).to('cpu', torch.float64).bias.dtype",
    "torch.nn.Linear(2, 2).to(device='cpu').weight.device",
    "torch.nn.Linear(2, 2).to(torch.int64)", "torch.nn.Linear(2, 2).to('cuda')",
    "torch.nn.Linear(2, 2).to(device='mps')", "torch.nn.Linear(2, 2).cuda()",
    "torch.nn.Linear(2, 2).cpu().weight.device",
]

DEFAULT_DTYPES = [
    "torch.get_default_dtype()", "torch.set_default_dtype(torch.int64)",
    "torch.set_default_dtype(float)", "torch.set_default_dtype('float64')",
    "torch.set_default_dtype(torch.float16); torch.get_default_dtype()",
    "torch.set_default_dtype(torch.float16); torch.ones(2)",
] + [f"torch.set_default_dtype(torch.float64); {code}" for code in (
    "torch.get_default_dtype()", "torch.tensor([1.5])", "torch.tensor(1.5)",
    "torch.tensor([1, 2.])", "torch.tensor([1, 2])", "torch.tensor(True)", "torch.ones(2)",
    "torch.zeros(2)", "torch.empty(2).dtype", "torch.full((2,), 1.5)", "torch.full((2,), 1)",
    "torch.eye(2)", "torch.arange(3.)", "torch.arange(3)", "torch.arange(0, 1, 0.25)",
    "torch.linspace(0, 1, 3)", "torch.logspace(0, 1, 3)", "torch.rand(2).dtype",
    "torch.randn(2).dtype", "torch.normal(0., 1., size=(2,)).dtype",
    "torch.randint(3, (2,)).dtype", "torch.Tensor([1])", "torch.Tensor(2).dtype",
    "torch.FloatTensor([1])", "torch.ones(2, dtype=torch.float32)",
    "torch.zeros_like(torch.tensor([1, 2]))",
    "torch.rand_like(torch.ones(1, dtype=torch.float32)).dtype",
    "i = torch.tensor([1, 2]); i * 1.5", "i = torch.tensor([1, 2]); i / i",
    "i = torch.tensor([1, 2]); i.exp()", "i = torch.tensor([1, 2]); torch.sqrt(i)",
    "i = torch.tensor([1, 2]); i + True", "i = torch.tensor([1, 2]); torch.where(i > 1, 1.0, 0.0)",
    "torch.result_type(torch.tensor([1]), 1.0)", "torch.ones(1, dtype=torch.float32) * 1.5",
    "torch.ones(1, dtype=torch.float32) + torch.tensor(1.5)",
    "torch.nn.Linear(2, 2).weight.dtype", "torch.tensor([1.5]).float()",
    "torch.tensor([1, 2]).float().dtype", "torch.tensor([1.5], requires_grad=True) * 2",
)]

CREATION = [
    "torch.ones(size=(2, 3))", "torch.ones(size=[2])", "torch.ones(2, size=(2, 3))",
    "torch.zeros(size=(1, 2), dtype=torch.int64)", "torch.empty(size=(2,)).shape",
    "torch.ones(2, 2, out=torch.empty(0))", "o = torch.empty(0); r = torch.ones(2, out=o); r is o",
    "o = torch.zeros(3); v = o[1:]; torch.ones(3, out=o); (v, o._version)",
    "torch.ones(2, out=torch.empty(3))", "torch.ones(2, out=torch.empty(0, dtype=torch.int64))",
    "torch.ones(2, out=torch.empty(0, dtype=torch.int64), dtype=torch.float32)",
    "torch.ones(2, out=torch.empty(0, requires_grad=True))", "torch.zeros(2, out=[1, 2])",
    "torch.ones(2, layout=torch.strided)", "torch.zeros(2, layout=torch.strided, device='cpu')",
    "torch.ones(2, pin_memory=True)", "torch.ones(2, pin_memory=False)",
    "torch.ones(2, device='cpu')", "torch.ones(2, device=torch.device('cpu'))",
    "torch.ones(2, device='cuda')", "torch.ones(2, device='cuda:1')",
    "torch.zeros(2, device='foo')",
    "torch.ones(2, names=None)", "torch.empty(2, memory_format=torch.contiguous_format).shape",
    "torch.full(size=(2,), fill_value=3.)", "torch.full((2,), 3, dtype=torch.float64)",
    "torch.full((2,), 7, out=torch.empty(0))", "torch.full((2,), 1.5, requires_grad=True)",
    "torch.full((2,), True)", "torch.full((2,), 1, device='cuda')",
    "torch.eye(n=2, m=3)", "torch.eye(2, out=torch.empty(0))", "torch.eye(2, requires_grad=True)",
    "torch.arange(start=1, end=4, step=1)", "torch.arange(end=4)",
    "torch.arange(5, out=torch.empty(0))",
    "torch.arange(3, dtype=torch.float64, requires_grad=True)", "torch.arange(3, device='cuda')",
    "torch.linspace(start=0, end=1, steps=3)", "torch.linspace(0, 1, 3, out=torch.empty(0))",
    "torch.linspace(0, 1, 3, requires_grad=True)",
    "torch.logspace(start=0, end=2, steps=3, base=2)",
    "torch.logspace(0, 1, 2, dtype=torch.float64)",
    "torch.tensor(data=[1, 2])", "torch.tensor([1.], device='cpu', requires_grad=True)",
    "torch.tensor([1.], pin_memory=True)", "torch.tensor([1.], device='cuda')",
    "t = torch.ones(2); torch.as_tensor(t) is t",
    "t = torch.ones(2); torch.as_tensor(t, torch.float64)",
    "a_np = np.ones(2); t = torch.as_tensor(a_np); t[0] = 5; a_np[0]",
    "torch.as_tensor([1, 2], dtype=torch.float32, device='cpu')",
    "torch.zeros_like(input=torch.ones(2))", "torch.ones_like(a, dtype=torch.int64, device='cpu')",
    "torch.full_like(a, 2, requires_grad=True)", "torch.empty_like(a, device='cpu').shape",
    "torch.ones_like(a, device='cuda')", "torch.zeros_like(a, memory_format=torch.preserve_format)",
    "torch.ones_like(a, layout=torch.strided)",
]

ELSEWHERE = [  # device=/dtype= beyond the factory functions
    "a.new_ones(2)", "a.new_ones(size=(2,))",
    "a.new_ones((2, 3), dtype=torch.int64, device='cpu', requires_grad=False)",
    "a.new_zeros(2, 3, dtype=torch.float64, requires_grad=True)", "a.new_zeros(size=[2])",
    "a.new_empty(2).shape", "a.new_empty(size=(2,)).shape", "a.new_full((2,), 3.)",
    "a.new_full(size=(2,), fill_value=3, dtype=torch.int64)", "a.new_ones(2, device='cuda')",
    "a.new_tensor([1, 2], device='cpu', requires_grad=False)", "a.new_tensor([1.], device='cuda')",
    "torch.Generator(device='cpu').manual_seed(3).initial_seed()", "torch.Generator(device='cuda')",
    "torch.nn.Linear(2, 3, device='cpu', dtype=torch.float64).weight.dtype",
    "torch.nn.Linear(2, 3, device='cuda')", "torch.sum(a, dtype=torch.float64)",
    "a.sum(dtype=torch.int64)", "torch.mean(a, dtype=torch.float64)",
    "a.mean(0, dtype=torch.float64)", "torch.softmax(a, 0, dtype=torch.float64)",
    "torch.nn.functional.softmax(a, dim=0, dtype=torch.float64)",
    "torch.cumsum(a, 0, dtype=torch.float64)", "torch.prod(a, dtype=torch.float64)",
    "torch.log_softmax(a, 1, dtype=torch.float64)", "torch.zeros((2,), device=None)",
    "torch.tensor([1, 2], dtype=None, device=None)", "torch.ones(2).type(torch.float64)",
    "torch.from_numpy(np.ones(2)).to('cpu')", "torch.ones(2).pin_memory()",
    "torch.ones(2).is_pinned()", "torch.ones(2, requires_grad=True).to('cpu').requires_grad",
    "torch.ones(2).to(torch.ones(2).device)", "torch.eye(3, device='cpu', dtype=torch.int64)",
]

RANDOM = [  # values differ from torch's by design: compare what else comes out
    "torch.rand(2, 3)", "torch.rand(size=(2,))", "torch.rand(2, generator=torch.Generator())",
    "torch.rand(size=(2,), generator=None, dtype=torch.float64, requires_grad=True)",
    "torch.rand(2, out=torch.empty(0))", "torch.rand(2, device='cuda')",
    "torch.randn(3, generator=torch.Generator().manual_seed(1))", "torch.randn(size=[1, 2])",
    "torch.randn(2, dtype=torch.float16, device='cpu', requires_grad=True)",
    "torch.randint(3, (2,))", "torch.randint(low=0, high=3, size=(2,))",
    "torch.randint(3, size=(2,))",
    "torch.randint(0, 3, (2,), generator=torch.Generator(), dtype=torch.int32)",
    "torch.randint(3, (2,), out=torch.empty(0, dtype=torch.int64))", "torch.randint(3)",
    "torch.randperm(n=3)", "torch.randperm(3, dtype=torch.float32, requires_grad=True)",
    "torch.randperm(4, generator=torch.Generator())",
    "torch.normal(mean=0., std=1., size=(2,))",
    "torch.normal(0., 1., (2,), generator=torch.Generator())",
    "torch.normal(torch.zeros(2), torch.ones(2))",
    "torch.normal(torch.zeros(2, dtype=torch.float64), 1.)",
    "torch.normal(0., 1., size=(2,), dtype=torch.float64)",
    "torch.rand_like(a)", "torch.randn_like(a, dtype=torch.float64)",
    "torch.rand_like(a, device='cpu')",
]


@pytest.mark.parametrize("code", DEVICES + ACCELERATORS + MOVES + DEFAULT_DTYPES + CREATION
                         + ELSEWHERE)
def test_same_as_torch(code):
    same(code, torch, grads=False)


@pytest.mark.parametrize("code", RANDOM)
def test_random_factories_match_torch_but_for_values(code):
    same(f"r = {code}\n(r.shape, r.dtype, r.requires_grad, r.is_leaf, r.device)"
         if "\n" not in code else code, torch, grads=False)


def test_randint_needs_a_size_tuple_as_torch():
    same("torch.randint(3, 4)", torch, grads=False)
