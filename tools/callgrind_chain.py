"""Instructions per op of benchmarks' chain_small, measured with callgrind.

    python tools/callgrind_chain.py            # prints instructions per op (forward + backward)

Runs the chain_small step (1,000 ops, 2x2 float32) in two processes under callgrind, one doing
one step and one doing three, after the same warm-up; the difference over 2,000 ops leaves out
start-up and import. Needs valgrind. PYTHONPATH selects which autograd_nb is measured.
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
from workloads import chain_torchapi, chain_data
step = chain_torchapi(autograd_nb, chain_data((2, 2), 1000, np.random.default_rng(0)))
for _ in range(3):
    step()
for _ in range({reps}):
    step()
"""
OPS_PER_STEP = 1000


def instructions(reps):
    bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   PYTHONHASHSEED="0")
        # cwd: an empty directory, so that PYTHONPATH alone decides which autograd_nb runs
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        sys.executable, "-c", CHILD.format(bench=bench, reps=reps)],
                       check=True, env=env, capture_output=True, cwd=tmp)
        with open(out) as f:
            return int(re.search(r"^summary: (\d+)", f.read(), re.M).group(1))


def main():
    per_op = (instructions(3) - instructions(1)) / (2 * OPS_PER_STEP)
    print(f"{per_op:.0f} instructions per op (chain_small, forward + backward)")


if __name__ == "__main__":
    main()
