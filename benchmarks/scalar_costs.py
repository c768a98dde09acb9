"""Where scalar_neuron's time goes: callgrind instructions per forward op and per backward node.

    python benchmarks/scalar_costs.py [--reps 20] [--calls]

One process per engine runs under valgrind's callgrind: autograd_nb, micrograd, the bound
(python_bound.py) and plain arithmetic on each kind of scalar (0-d arrays, NumPy float32
scalars, Python floats). Each phase (the whole step, its forward, its backward, ...) runs
``reps`` times between two marker calls (``os.getppid``), at which callgrind dumps its counts
(``--dump-before``), so start-up, imports and set-up are left out. A phase's instructions are
split by where they go: into NumPy (the inclusive cost of calls from the interpreter into
NumPy's extension modules), into libm (the math module, libm) and the rest, the interpreter
running Python code (bytecode, object allocation, attribute access, calls). Counts are
instructions, not seconds: the same on a busy machine. Per op: over the step's 101 ops (50 mul,
50 add, 1 tanh), forward and backward alike.

``--calls`` counts instead, without valgrind, the calls per op of each phase: of Python functions,
and of builtin functions from Python (``sys.setprofile`` does not see calls of ufuncs, types and
other callable objects). Read with benchmarks/SCALARS.md.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OPS = 101  # scalar_neuron: 50 mul, 50 add, 1 tanh per step

PRELUDE = f"""
import os, sys
sys.path[:0] = [{HERE!r}, {ROOT!r}]
import numpy as np
import workloads
W = workloads.WORKLOADS["scalar_neuron"]
d = W.data(W.full)
"""

# Each engine: code that defines PHASES, a list of (name, prepare, run): ``run()`` is one
# repetition; or, where ``prepare`` is given, ``prepare()`` makes outside the measured region
# what ``run(state)`` needs for all REPS repetitions (``backward`` needs REPS graphs).
ENGINES = {
    "autograd_nb": """
import autograd_nb as lib
from autograd_nb import Tensor
step = workloads.scalar_neuron_torchapi(lib, d)
xs = [lib.tensor(float(v)) for v in d["x"]]
ws = [lib.tensor(float(v), requires_grad=True) for v in d["w"]]
b = lib.tensor(float(d["b"]), requires_grad=True)
params = ws + [b]

def forward():
    s = b
    for w, x in zip(ws, xs):
        s = s + w * x
    return lib.tanh(s)

def forward_no_grad():
    with lib.no_grad():
        forward()

def backward(outs):
    for out in outs:
        for p in params:
            p.grad = None
        out.backward()

def forward_kept(graph):  # a live graph keeps the leaves' AccumulateGrad nodes alive
    for _ in range(REPS):
        forward()

def tensors():  # the result Tensors alone, made as the op fast paths make them
    for a in arrays:
        t = object.__new__(Tensor)
        t._raw, t._requires_grad, t._version_counter, t._grad_fn = a, False, [0], None

arrays = [np.asarray(np.float32(v)) for v in range(OPS)]
PHASES = [("step", None, step), ("forward", None, forward),
          ("forward, no_grad", None, forward_no_grad),
          ("forward, accumulators kept alive", forward, forward_kept),
          ("backward", lambda: [forward() for _ in range(REPS)], backward),
          ("result Tensors alone", None, tensors)]
""",
    "micrograd": """
from micrograd import engine
step = workloads.scalar_neuron_micrograd(engine, d)
xs = [engine.Value(float(v)) for v in d["x"]]
ws = [engine.Value(float(v)) for v in d["w"]]
b = engine.Value(float(d["b"]))
params = ws + [b]

def forward():
    s = b
    for w, x in zip(ws, xs):
        s = s + w * x
    return workloads._micrograd_tanh(engine, s)

def backward(outs):
    for out in outs:
        for p in params:
            p.grad = 0
        out.backward()

PHASES = [("step", None, step), ("forward", None, forward),
          ("backward", lambda: [forward() for _ in range(REPS)], backward)]
""",
    "bound": """
import python_bound as pb
step = pb.BOUNDS["scalar_neuron"](d)
xs = list(d["x"])
leaves = [pb.Leaf() for _ in range(len(xs) + 1)]
ws = [pb.T(w, leaf) for w, leaf in zip(d["w"], leaves)]
b = pb.T(d["b"][()], leaves[-1])

def forward():
    s = b
    for w, x in zip(ws, xs):
        s = s.add(w.mul_const(x))
    return s.tanh()

def backward(outs):
    for out in outs:
        for leaf in leaves:
            leaf.grad = None
        pb.backward(out.node, np.float32(1))

PHASES = [("step", None, step), ("forward", None, forward),
          ("backward", lambda: [forward() for _ in range(REPS)], backward)]
""",
    "scalars": """
import math, struct
F32 = struct.Struct("f")

def zero_d():  # what autograd_nb's op fast paths do on 0-d arrays: ufunc, then asarray
    s = b0
    for w, x in zip(w0, x0):
        s = np.asarray(np.add(s, np.asarray(np.multiply(w, x))))
    np.asarray(np.tanh(s))

def float32_scalars():  # the floor's forward: NumPy float32 scalars, np.tanh
    s = b32
    for w, x in zip(w32, x32):
        s = s + w * x
    np.tanh(s)

def python_floats():  # micrograd's arithmetic: float64, math.tanh
    s = bf
    for w, x in zip(wf, xf):
        s = s + w * x
    math.tanh(s)

def rounded_floats():  # Python floats rounded to float32 after every op (struct)
    s = bf
    for w, x in zip(wf, xf):
        s = F32.unpack(F32.pack(s + F32.unpack(F32.pack(w * x))[0]))[0]
    np.tanh(np.float32(s))

def ufunc_on_scalars():  # NumPy float32 scalars through the ufuncs, as binary() calls them
    s = b32
    for w, x in zip(w32, x32):
        s = np.add(s, np.multiply(w, x))
    np.tanh(s)

def python_calls():  # the float loop with every op behind one Python-level call
    s = bf
    for w, x in zip(wf, xf):
        s = add(s, mul(w, x))
    math.tanh(s)

def add(a, b):
    return a + b

def mul(a, b):
    return a * b

x32, w32, b32 = list(d["x"]), list(d["w"]), d["b"][()]
x0, w0, b0 = ([np.asarray(v) for v in vs] for vs in (x32, w32, [b32]))
b0 = b0[0]
xf, wf, bf = [float(v) for v in x32], [float(v) for v in w32], float(b32)
PHASES = [("0-d arrays (ufunc + asarray)", None, zero_d),
          ("NumPy float32 scalars", None, float32_scalars),
          ("NumPy float32 scalars, via ufuncs", None, ufunc_on_scalars),
          ("Python floats", None, python_floats),
          ("Python floats, one call per op", None, python_calls),
          ("Python floats, rounded to float32", None, rounded_floats)]
""",
}

RUN_CALLGRIND = """
def marker():
    os.getppid()  # callgrind dumps here (--dump-before=os_getppid)

for name, prepare, run in PHASES:  # warm-up
    run(prepare()) if prepare else run()
marker()
for name, prepare, run in PHASES:
    state = prepare() if prepare else None
    marker()
    repeat(prepare, run, state)
    marker()
print(json.dumps([name for name, _, _ in PHASES]))
"""

RUN_CALLS = """
counts = collections.Counter()

def profile(frame, event, arg):
    if event in ("call", "c_call"):
        counts[event] += 1

out = {}
for name, prepare, run in PHASES:
    state = prepare() if prepare else None
    counts.clear()
    sys.setprofile(profile)
    repeat(prepare, run, state)
    sys.setprofile(None)
    out[name] = (counts["call"], counts["c_call"])
print(json.dumps(out))
"""


REPEAT = """
def repeat(prepare, run, state):
    if prepare:
        run(state)
    else:
        for _ in range(REPS):
            run()
"""


def child_source(engine, reps, body):
    return (PRELUDE + f"import collections, json\nREPS = {reps}\nOPS = {OPS}\n"
            + ENGINES[engine] + REPEAT + body)


def where(obj):
    """The category of an ELF object's instructions."""
    if "/numpy/" in obj or "numpy.libs" in obj:
        return "numpy"
    if "libm.so" in obj or "/math.cpython" in obj:
        return "libm"
    return "interpreter"


def split(path):
    """Total instructions of a callgrind dump, and the part spent inside NumPy and libm when
    called from the interpreter (inclusive costs of those calls)."""
    names, total = {}, 0
    parts = collections.Counter()
    ob = cob = None
    pending_call = False
    with open(path) as f:
        for line in f:
            if line.startswith("summary:"):
                total = int(line.split()[1])
            m = re.match(r"(c?ob)=\((\d+)\)(?: (.*))?", line)
            if m:
                key, num, name = m.groups()
                if name:
                    names[num] = name
                if key == "ob":
                    ob = names[num]
                else:
                    cob = names[num]
                continue
            if line.startswith("fn="):
                cob = None
            elif line.startswith("calls="):
                pending_call = True
            elif pending_call and line[:1] in "0123456789+-*":
                pending_call = False
                callee = cob or ob
                if where(ob) == "interpreter" and where(callee) != "interpreter":
                    parts[where(callee)] += int(line.split()[1])
                cob = None
    parts["interpreter"] = total - parts["numpy"] - parts["libm"]
    return total, parts


def callgrind(engine, reps):
    with tempfile.TemporaryDirectory(prefix="scalar-costs-") as tmp:
        out = os.path.join(tmp, "cg.out")
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   PYTHONHASHSEED="0")
        r = subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=os_getppid",
                            f"--callgrind-out-file={out}", sys.executable, "-c",
                            child_source(engine, reps, RUN_CALLGRIND)],
                           check=True, env=env, capture_output=True, text=True)
        phases = json.loads(r.stdout.splitlines()[-1])
        # dumps: .1 start-up and warm-up, then per phase one for prepare and one for run
        return {name: split(f"{out}.{3 + 2 * i}") for i, name in enumerate(phases)}


def calls(engine, reps):
    r = subprocess.run([sys.executable, "-c", child_source(engine, reps, RUN_CALLS)],
                       check=True, capture_output=True, text=True)
    return json.loads(r.stdout.splitlines()[-1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--calls", action="store_true",
                    help="count Python-level calls per op instead (no valgrind)")
    a = ap.parse_args(argv)
    scale = a.reps * OPS
    if a.calls:
        print(f"{'engine':12s} {'phase':34s} {'Python calls/op':>16s} {'builtin calls/op':>17s}")
        for engine in a.engines.split(","):
            for name, (py, c) in calls(engine, a.reps).items():
                print(f"{engine:12s} {name:34s} {py / scale:16.2f} {c / scale:17.2f}")
        return
    print(f"{'engine':12s} {'phase':34s} {'instr/op':>9s} {'NumPy':>7s} {'libm':>6s} "
          f"{'interp.':>8s}")
    for engine in a.engines.split(","):
        for name, (total, parts) in callgrind(engine, a.reps).items():
            print(f"{engine:12s} {name:34s} {total / scale:9.0f} {parts['numpy'] / scale:7.0f}"
                  f" {parts['libm'] / scale:6.0f} {parts['interpreter'] / scale:8.0f}")


if __name__ == "__main__":
    main()
