"""Instructions per op of a benchmark workload, measured with callgrind.

    python tools/callgrind_ops.py                       # chain_small (operators)
    python tools/callgrind_ops.py tutorial dynamic_loop # functions and methods too

Runs the workload's step in two processes under callgrind, one doing ``low`` steps and one
doing ``high``, after the same warm-up; the difference leaves out start-up and import. An op is
one call of the API the step makes (an operator, function or method, ``backward`` included),
except for chain_small, whose 1,000 chained ops stand for it (its sum and backward included in
the cost). Needs valgrind. PYTHONPATH selects which autograd_nb is measured.
"""
import os
import re
import subprocess
import sys
import tempfile

CHILD = """
import sys
import numpy as np
sys.path.insert(0, {bench!r})
import autograd_nb
import workloads
data = {data}
step = workloads.{name}_torchapi(autograd_nb, data)
for _ in range(3):
    step()
for _ in range({reps}):
    step()
"""
# name -> (data expression, ops per step, low and high step counts)
WORKLOADS = {
    "chain_small": ("workloads.chain_data((2, 2), 1000, np.random.default_rng(0))", 1000, 1, 3),
    # ones, +, *, *, mean, backward
    "tutorial": ("{}", 6, 100, 300),
    # tensor, * 2, then 11 x (norm, <) and 10 x (* 2), backward (x from the seed 0 draw)
    "dynamic_loop": ("workloads.dynamic_loop_data(np.random.default_rng(0))", 35, 20, 60),
}


def instructions(name, reps):
    bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks")
    data = WORKLOADS[name][0]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   PYTHONHASHSEED="0")
        # cwd: an empty directory, so that PYTHONPATH alone decides which autograd_nb runs
        child = CHILD.format(bench=bench, data=data, name=name.removesuffix("_small"), reps=reps)
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        sys.executable, "-c", child],
                       check=True, env=env, capture_output=True, cwd=tmp)
        with open(out) as f:
            return int(re.search(r"^summary: (\d+)", f.read(), re.M).group(1))


def main():
    for name in sys.argv[1:] or ["chain_small"]:
        _, ops, low, high = WORKLOADS[name]
        per_op = (instructions(name, high) - instructions(name, low)) / ((high - low) * ops)
        print(f"{name}: {per_op:.0f} instructions per op ({per_op * ops:.0f} per step)")


if __name__ == "__main__":
    main()
