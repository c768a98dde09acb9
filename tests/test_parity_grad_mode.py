"""Parity with torch 2.13: grad modes (no_grad, enable_grad, set_grad_enabled, inference_mode) as
context managers and decorators, their nesting and thread-locality, and Variable."""
import pytest

from _parity import same

torch = pytest.importorskip("torch")

CONTEXTS = [
    "with torch.no_grad():\n    z = x * 2\n(z.requires_grad, z.grad_fn, z.is_leaf)",
    "with torch.no_grad():\n    z = x * 2\nz",
    "with torch.no_grad():\n    m = torch.is_grad_enabled()\n(m, torch.is_grad_enabled())",
    "with torch.no_grad():\n    with torch.enable_grad():\n        z = x * 2\nz",
    "with torch.enable_grad():\n    with torch.no_grad():\n        z = x * 2\nz.requires_grad",
    "with torch.set_grad_enabled(False):\n    z = x * 2\n"
    "(z.requires_grad, torch.is_grad_enabled())",
    "with torch.set_grad_enabled(True):\n    z = x * 2\nz.requires_grad",
    "with torch.no_grad():\n    with torch.set_grad_enabled(True):\n        z = x * 2\n"
    "z.requires_grad",
    "torch.set_grad_enabled(False); z = x * 2; torch.set_grad_enabled(True); z.requires_grad",
    "torch.set_grad_enabled(False); m = torch.is_grad_enabled(); torch.set_grad_enabled(True); m",
    "with torch.inference_mode():\n    z = x * 2\n(z.requires_grad, z.is_inference(), "
    "torch.is_inference_mode_enabled())",
    "with torch.inference_mode():\n    z = x * 2\n"
    "(z.requires_grad, torch.is_inference_mode_enabled())",
    "with torch.inference_mode():\n"
    "    m = (torch.is_grad_enabled(), torch.is_inference_mode_enabled())\n"
    "(m, torch.is_grad_enabled(), torch.is_inference_mode_enabled())",
    "with torch.inference_mode(False):\n    z = x * 2\nz.requires_grad",
    "with torch.inference_mode():\n    t = torch.ones(2)\nt.is_inference()",
    "x.is_inference()",
    "with torch.no_grad():\n    z = x[0]\nz.requires_grad",
    "with torch.no_grad():\n    z = x.view(4)\n(z.requires_grad, z.is_leaf, z.grad_fn, z)",
    "with torch.no_grad():\n    z = x.t()\n(z * 2).sum().backward()\n(x.grad, z.grad)",
    "with torch.no_grad():\n    z = x[0] * 1\nz.requires_grad",
    "with torch.no_grad():\n    x.add_(1)\n(x, x.requires_grad, x.is_leaf)",
    "with torch.no_grad():\n    z = x.sum()\nz.backward()",
    "with torch.no_grad():\n    y = torch.ones(2, requires_grad=True)\ny.requires_grad",
    "with torch.no_grad():\n    raise ValueError('inside')",
    "try:\n    with torch.no_grad():\n        raise ValueError('inside')\n"
    "except ValueError:\n    pass\n"
    "torch.is_grad_enabled()",
    "ng = torch.no_grad(); ng.__enter__(); m = torch.is_grad_enabled()\n"
    "ng.__exit__(None, None, None)\n"
    "(m, torch.is_grad_enabled())",
    "torch.set_grad_enabled(1)",
]


@pytest.mark.parametrize("code", CONTEXTS)
def test_grad_mode_context(code):
    same(code, torch)


DECORATORS = [
    "@torch.no_grad()\ndef f(t):\n    return t * 2\nz = f(x)\n"
    "(z.requires_grad, torch.is_grad_enabled())",
    "@torch.no_grad\ndef f(t):\n    return t * 2\nf(x).requires_grad",
    "@torch.enable_grad()\ndef f(t):\n    return t * 2\nwith torch.no_grad():\n    z = f(x)\n"
    "z.requires_grad",
    "@torch.set_grad_enabled(False)\ndef f(t):\n    return t * 2\nz = f(x)\n"
    "(z.requires_grad, torch.is_grad_enabled())",
    "@torch.inference_mode()\ndef f(t):\n    return t * 2\nz = f(x)\n"
    "(z.requires_grad, z.is_inference())",
    "@torch.inference_mode()\ndef f(t):\n    return t * 2\nz = f(x)\n"
    "(z.requires_grad, torch.is_inference_mode_enabled())",
    "@torch.inference_mode\ndef f(t):\n    return t * 2\nf(x).requires_grad",
    "@torch.no_grad()\ndef f(t):\n    '''doc'''\n    return t\n(f.__name__, f.__doc__)",
    "@torch.no_grad()\ndef f():\n    raise KeyError('k')\nf()",
    "@torch.no_grad()\ndef f(n):\n    return torch.is_grad_enabled() if n == 0 else f(n - 1)\n"
    "(f(3), torch.is_grad_enabled())",
    "@torch.no_grad()\ndef gen():\n    yield torch.is_grad_enabled()\n"
    "    yield torch.is_grad_enabled()\n"
    "list(gen())",
    "class M:\n    @torch.no_grad()\n    def f(self, t):\n        return t * 2\n"
    "M().f(x).requires_grad",
]


@pytest.mark.parametrize("code", DECORATORS)
def test_grad_mode_decorator(code):
    same(code, torch)


THREADS = [
    # grad mode is thread-local: a thread starts with grad enabled whatever the caller's mode
    "import threading\nseen = []\n"
    "with torch.no_grad():\n"
    "    t = threading.Thread(target=lambda: seen.append((torch.is_grad_enabled(), "
    "(x * 2).requires_grad)))\n"
    "    t.start(); t.join()\n"
    "    here = torch.is_grad_enabled()\n"
    "(seen, here)",
    "import threading\nseen = []\n"
    "def work():\n"
    "    with torch.no_grad():\n"
    "        seen.append(torch.is_grad_enabled())\n"
    "t = threading.Thread(target=work); t.start(); t.join()\n"
    "(seen, torch.is_grad_enabled(), (x * 2).requires_grad)",
    "import threading\nseen = []\n"
    "def work():\n"
    "    torch.set_grad_enabled(False)\n"
    "    seen.append(torch.is_grad_enabled())\n"
    "t = threading.Thread(target=work); t.start(); t.join()\n"
    "(seen, torch.is_grad_enabled())",
]


@pytest.mark.parametrize("code", THREADS)
def test_grad_mode_is_thread_local(code):
    same(code, torch)


VARIABLE = [
    "Variable = torch.autograd.Variable\nVariable(torch.ones(2))",
    "Variable = torch.autograd.Variable\nVariable(torch.ones(2), requires_grad=True)",
    "Variable = torch.autograd.Variable\nv2 = Variable(x); (v2.requires_grad, v2.is_leaf)",
    "Variable = torch.autograd.Variable\nv2 = Variable(torch.ones(2), volatile=True); v2",
    "Variable = torch.autograd.Variable\nisinstance(torch.ones(2), Variable)",
    "Variable = torch.autograd.Variable\nVariable([1., 2.])",
    "Variable = torch.autograd.Variable\nv2 = Variable(torch.ones(2), requires_grad=True)\n"
    "(v2 * 2).sum().backward(); v2.grad",
    "Variable = torch.autograd.Variable\nVariable(torch.tensor([1, 2]), requires_grad=True)",
]


@pytest.mark.parametrize("code", VARIABLE)
def test_variable(code):
    same(code, torch)
