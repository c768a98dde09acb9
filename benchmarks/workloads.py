"""The benchmark workloads, each written once per API family.

Families:
  torchapi   the same function body runs with ``lib = torch`` and ``lib = autograd_nb``
  numpy      the floor: plain NumPy forward with a hand-derived backward
  mygrad     MyGrad
  autograd   HIPS autograd (functional: ``grad(f)(x)``)
  micrograd  micrograd's scalar ``Value`` (scalar_neuron only: it has no tensors)

(The pure-Python bound, the harness's library ``bound``, lives in ``python_bound.py``.)

A builder ``build(lib, data) -> step`` does the setup once and returns ``step``,
a no-argument function that runs one repetition (forward, backward and, for
mlp_step, the SGD update) and returns the gradients (library-native arrays;
the worker converts them to NumPy for the gradient check).  ``data`` is a dict
of NumPy arrays and sizes from ``Workload.data``: every library gets the same
float32 inputs, drawn from a fixed seed.
"""
import math
from dataclasses import dataclass, field

import numpy as np

F32 = np.float32


# --------------------------------------------------------------------- chain
# chain_small and big_elementwise: the same chain of ops on different shapes.
# Each cycle is 4 ops: add-scalar, mul-tensor (by the leaf), tanh, mul-scalar.
#     y <- tanh((y + 0.5) * x) * 0.9
# then s = y.sum(); s.backward(); the result is x.grad.

def chain_torchapi(lib, d):
    x = lib.tensor(d["x"], requires_grad=True)
    cycles = d["n_ops"] // 4

    def step():
        x.grad = None
        y = x
        for _ in range(cycles):
            y = lib.tanh((y + 0.5) * x) * 0.9
        y.sum().backward()
        return [x.grad]
    return step


def chain_numpy(lib, d):
    x = d["x"]
    cycles = d["n_ops"] // 4

    def step():
        y, saved = x, []
        for _ in range(cycles):
            a = y + F32(0.5)
            t = np.tanh(a * x)
            saved.append((a, t))
            y = t * F32(0.9)
        y.sum()
        # backward, updating the private gradient buffer g in place
        g, gx = np.ones_like(x), np.zeros_like(x)
        for a, t in reversed(saved):
            g *= F32(0.9)
            tt = t * t
            np.subtract(F32(1), tt, out=tt)
            g *= tt                   # tanh' = 1 - t^2
            gx += g * a               # d(a*x)/dx = a
            g *= x                    # d(a*x)/da = x
        gx += g                       # y started as x
        return [gx]
    return step


def chain_mygrad(mg, d):
    x = mg.tensor(d["x"])
    cycles = d["n_ops"] // 4

    def step():
        y = x
        for _ in range(cycles):
            y = mg.tanh((y + 0.5) * x) * 0.9
        y.sum().backward()
        return [x.grad]
    return step


def chain_autograd(ag, d):
    anp = ag.numpy
    cycles = d["n_ops"] // 4

    def f(x):
        y = x
        for _ in range(cycles):
            y = anp.tanh((y + 0.5) * x) * 0.9
        return anp.sum(y)
    df = ag.grad(f)
    return lambda: [df(d["x"])]


def chain_data(shape, n_ops, rng):
    assert n_ops % 4 == 0
    return dict(x=rng.uniform(-1, 1, shape).astype(F32), n_ops=n_ops)


# ------------------------------------------------------------------ tutorial
# x = ones(2,2); y = x + 2; z = y * y * 3; out = z.mean(); out.backward()

def tutorial_torchapi(lib, d):
    def step():
        x = lib.ones(2, 2, requires_grad=True)
        y = x + 2
        z = y * y * 3
        out = z.mean()
        out.backward()
        return [x.grad]
    return step


def tutorial_numpy(lib, d):
    def step():
        x = np.ones((2, 2), F32)
        y = x + F32(2)
        z = y * y * F32(3)
        z.mean()
        gz = np.full_like(z, F32(1 / z.size))
        return [gz * F32(6) * y]    # d(3y^2)/dy = 6y, dy/dx = 1
    return step


def tutorial_mygrad(mg, d):
    def step():
        x = mg.ones((2, 2), dtype=F32)
        y = x + 2
        z = y * y * 3
        out = z.mean()
        out.backward()
        return [x.grad]
    return step


def tutorial_autograd(ag, d):
    anp = ag.numpy

    def f(x):
        y = x + 2
        z = y * y * 3
        return anp.mean(z)
    df = ag.grad(f)
    return lambda: [df(anp.ones((2, 2), F32))]


# -------------------------------------------------------------- dynamic_loop
# x = randn(3) (fixed); y = x * 2; while y.norm() < 1000: y = y * 2
# y.backward(v) with v = [0.1, 1.0, 0.0001]

def dynamic_loop_torchapi(lib, d):
    v = lib.tensor(d["v"])

    def step():
        x = lib.tensor(d["x"], requires_grad=True)
        y = x * 2
        while y.norm() < 1000:
            y = y * 2
        y.backward(v)
        return [x.grad]
    return step


def dynamic_loop_numpy(lib, d):
    x, v = d["x"], d["v"]

    def step():
        y, doublings = x * F32(2), 1
        while np.linalg.norm(y) < 1000:
            y = y * F32(2)
            doublings += 1
        return [v * F32(2.0 ** doublings)]
    return step


def dynamic_loop_mygrad(mg, d):
    v = d["v"]

    def step():
        x = mg.tensor(d["x"])
        y = x * 2
        while mg.linalg.norm(y) < 1000:
            y = y * 2
        y.backward(v)
        return [x.grad]
    return step


def dynamic_loop_autograd(ag, d):
    anp = ag.numpy

    def f(x):                       # vector-Jacobian product with v
        y = x * 2
        while anp.linalg.norm(y) < 1000:
            y = y * 2
        return anp.sum(y * d["v"])
    df = ag.grad(f)
    return lambda: [df(d["x"])]


def dynamic_loop_data(rng):
    return dict(x=rng.standard_normal(3).astype(F32),
                v=np.array([0.1, 1.0, 0.0001], F32))


# ------------------------------------------------------------- scalar_neuron
# out = tanh(sum_i w_i * x_i + b) on 0-d tensors (micrograd's neuron)

def scalar_neuron_torchapi(lib, d):
    xs = [lib.tensor(float(v)) for v in d["x"]]
    ws = [lib.tensor(float(v), requires_grad=True) for v in d["w"]]
    b = lib.tensor(float(d["b"]), requires_grad=True)
    params = ws + [b]

    def step():
        for p in params:
            p.grad = None
        s = b
        for w, x in zip(ws, xs):
            s = s + w * x
        out = lib.tanh(s)
        out.backward()
        return [p.grad for p in params]
    return step


def scalar_neuron_numpy(lib, d):
    xs, ws, b = list(d["x"]), list(d["w"]), d["b"][()]

    def step():
        s = b
        for w, x in zip(ws, xs):
            s = s + w * x
        t = np.tanh(s)
        gs = F32(1) - t * t
        return [gs * x for x in xs] + [gs]
    return step


def scalar_neuron_mygrad(mg, d):
    xs = [mg.tensor(v, constant=True) for v in d["x"]]
    ws = [mg.tensor(v) for v in d["w"]]
    b = mg.tensor(d["b"])

    def step():
        s = b
        for w, x in zip(ws, xs):
            s = s + w * x
        out = mg.tanh(s)
        out.backward()
        return [w.grad for w in ws] + [b.grad]
    return step


def scalar_neuron_autograd(ag, d):
    anp = ag.numpy
    xs = list(d["x"])
    params = (list(d["w"]), d["b"][()])

    def f(p):
        ws, s = p
        for w, x in zip(ws, xs):
            s = s + w * x
        return anp.tanh(s)
    df = ag.grad(f)

    def step():
        gw, gb = df(params)
        return list(gw) + [gb]
    return step


def scalar_neuron_micrograd(engine, d):
    xs = [engine.Value(float(v)) for v in d["x"]]
    ws = [engine.Value(float(v)) for v in d["w"]]
    b = engine.Value(float(d["b"]))
    params = ws + [b]

    def step():
        for p in params:
            p.grad = 0
        s = b
        for w, x in zip(ws, xs):
            s = s + w * x
        out = _micrograd_tanh(engine, s)
        out.backward()
        return [p.grad for p in params]
    return step


def _micrograd_tanh(engine, v):
    """tanh as micrograd's lecture adds it to ``Value``; the PyPI release (0.1.0) has only relu."""
    t = math.tanh(v.data)
    out = engine.Value(t, (v,), "tanh")

    def _backward():
        v.grad += (1 - t * t) * out.grad
    out._backward = _backward
    return out


def scalar_neuron_data(n, rng):
    return dict(x=rng.standard_normal(n).astype(F32),
                w=(rng.standard_normal(n) / np.sqrt(n)).astype(F32),
                b=np.array(0.1, F32))


# ------------------------------------------------------------------ mlp_step
# h = relu(X @ W1 + b1); logits = h @ W2 + b2; loss = cross_entropy(logits, y)
# loss.backward(); SGD update; grads zeroed.  Gradients returned are those of
# the step (at the parameters before the update).

LR = 0.01


def mlp_torchapi(lib, d):
    F = lib.nn.functional
    X, y = lib.tensor(d["X"]), lib.tensor(d["y"])
    params = [lib.tensor(d[k], requires_grad=True) for k in ("W1", "b1", "W2", "b2")]
    W1, b1, W2, b2 = params

    def step():
        h = F.relu(X @ W1 + b1)
        loss = F.cross_entropy(h @ W2 + b2, y)
        loss.backward()
        grads = [p.grad for p in params]
        with lib.no_grad():
            for p in params:
                p -= LR * p.grad
        for p in params:
            p.grad = None
        return grads
    return step


def mlp_numpy(lib, d):
    X, y = d["X"], d["y"]
    W1, b1, W2, b2 = (d[k].copy() for k in ("W1", "b1", "W2", "b2"))
    rows = np.arange(len(y))

    def step():
        z1 = X @ W1 + b1
        h = np.maximum(z1, F32(0))
        logits = h @ W2 + b2
        shifted = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        se = e.sum(axis=1, keepdims=True)
        -(shifted[rows, y] - np.log(se[:, 0])).mean()      # the loss
        dlogits = e / se                                    # softmax
        dlogits[rows, y] -= F32(1)
        dlogits /= F32(len(y))
        gW2, gb2 = h.T @ dlogits, dlogits.sum(axis=0)
        dz1 = (dlogits @ W2.T) * (z1 > 0)
        gW1, gb1 = X.T @ dz1, dz1.sum(axis=0)
        for p, g in ((W1, gW1), (b1, gb1), (W2, gW2), (b2, gb2)):
            p -= F32(LR) * g
        return [gW1, gb1, gW2, gb2]
    return step


def mlp_mygrad(mg, d):
    from mygrad.nnet.activations import relu
    from mygrad.nnet.losses import softmax_crossentropy
    X, y = d["X"], d["y"]
    params = [mg.tensor(d[k]) for k in ("W1", "b1", "W2", "b2")]
    W1, b1, W2, b2 = params

    def step():
        h = relu(X @ W1 + b1)
        loss = softmax_crossentropy(h @ W2 + b2, y)
        loss.backward()
        grads = [p.grad for p in params]
        with mg.no_autodiff:
            for p in params:
                p -= LR * p.grad
        return grads
    return step


def mlp_autograd(ag, d):
    anp = ag.numpy
    X, y = d["X"], d["y"]
    rows = np.arange(len(y))
    state = [d[k].copy() for k in ("W1", "b1", "W2", "b2")]

    def loss(params):
        W1, b1, W2, b2 = params
        h = anp.maximum(X @ W1 + b1, 0.0)
        logits = h @ W2 + b2
        shifted = logits - anp.max(logits, axis=1, keepdims=True)
        lse = anp.log(anp.sum(anp.exp(shifted), axis=1))
        return -anp.mean(shifted[rows, y] - lse)
    dloss = ag.grad(loss)

    def step():
        grads = dloss(state)
        state[:] = [p - LR * g for p, g in zip(state, grads)]
        return grads
    return step


def mlp_data(batch, n_in, hidden, n_out, rng):
    def init(*shape, fan_in):
        return (rng.standard_normal(shape) / np.sqrt(fan_in)).astype(F32)
    return dict(X=rng.standard_normal((batch, n_in)).astype(F32),
                y=rng.integers(0, n_out, batch).astype(np.int64),
                W1=init(n_in, hidden, fan_in=n_in), b1=init(hidden, fan_in=n_in),
                W2=init(hidden, n_out, fan_in=hidden), b2=init(n_out, fan_in=hidden))


# ------------------------------------------------------------------ registry

@dataclass
class Workload:
    name: str
    description: str
    metrics: dict              # metric -> unit, e.g. {"time": "us/op"}
    full: dict                 # keyword sizes for `make_data`, the real run
    smoke: dict                # tiny sizes: --smoke and the gradient check
    make_data: object = None   # (rng, **sizes) -> data dict
    impls: dict = field(default_factory=dict)   # family -> builder
    per_rep: str = None        # data key to divide the repetition time by

    def data(self, sizes):
        return self.make_data(np.random.default_rng(0), **sizes)

    def seconds_to_unit(self, seconds, data):
        unit = self.metrics["time"]
        if self.per_rep:
            seconds /= data[self.per_rep]
        return seconds * (1e6 if unit.startswith("us") else 1e3)


FAMILIES = ("torchapi", "numpy", "mygrad", "autograd", "micrograd")


def _impls(prefix):
    """The builders named ``{prefix}_{family}``; a family missing here cannot run the workload."""
    g = globals()
    return {fam: g[f"{prefix}_{fam}"] for fam in FAMILIES if f"{prefix}_{fam}" in g}


WORKLOADS = {w.name: w for w in [
    Workload("chain_small", "2x2 leaf, 1,000 ops cycling add-scalar / mul-tensor / tanh / "
             "mul-scalar, sum, backward", {"time": "us/op"},
             full=dict(shape=(2, 2), n_ops=1000), smoke=dict(shape=(2, 2), n_ops=100),
             make_data=lambda rng, **s: chain_data(rng=rng, **s), impls=_impls("chain"),
             per_rep="n_ops"),
    Workload("tutorial", "x=ones(2,2); y=x+2; z=y*y*3; out=z.mean(); out.backward()",
             {"time": "us"}, full={}, smoke={},
             make_data=lambda rng: {}, impls=_impls("tutorial")),
    Workload("dynamic_loop", "y = x*2; while y.norm() < 1000: y = y*2; y.backward(v)",
             {"time": "us"}, full={}, smoke={},
             make_data=lambda rng: dynamic_loop_data(rng), impls=_impls("dynamic_loop")),
    Workload("scalar_neuron", "tanh(sum_i w_i*x_i + b) on 0-d tensors, 50 inputs, backward",
             {"time": "us"}, full=dict(n=50), smoke=dict(n=50),
             make_data=lambda rng, n: scalar_neuron_data(n, rng),
             impls=_impls("scalar_neuron")),
    Workload("mlp_step", "784->256->10 MLP, batch 64, ReLU, cross-entropy, SGD step",
             {"time": "ms"}, full=dict(batch=64, n_in=784, hidden=256, n_out=10),
             smoke=dict(batch=8, n_in=20, hidden=16, n_out=10),
             make_data=lambda rng, **s: mlp_data(rng=rng, **s), impls=_impls("mlp")),
    Workload("big_elementwise", "2,000,000 float32, 20 elementwise ops (the chain), sum, "
             "backward", {"time": "ms", "peak_mb": "MB"},
             full=dict(shape=(2_000_000,), n_ops=20), smoke=dict(shape=(1000,), n_ops=20),
             make_data=lambda rng, **s: chain_data(rng=rng, **s), impls=_impls("chain")),
    Workload("import", "wall time and peak RSS of `python -c 'import <lib>'` "
             "(minus `python -c pass`)", {"import_s": "s", "rss_mb": "MB"},
             full={}, smoke={}),
]}
