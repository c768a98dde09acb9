"""mlp_step written with the nn and optim idioms, against the same NumPy floor as run.py.

    python benchmarks/mlp_step_nn.py [--rounds 7] [--budget 0.3]

The training step a learner writes (784->256->10, batch 64, float32)::

    optimizer.zero_grad()
    loss = criterion(model(X), y)      # Sequential(Linear, ReLU, Linear), CrossEntropyLoss
    loss.backward()
    optimizer.step()                   # SGD, lr 0.01

timed for autograd_nb and (if installed) torch, next to the hand-written NumPy step of
``workloads.mlp_numpy`` (forward, hand-derived backward, SGD update) and to run.py's functional
``mlp_step`` for autograd_nb. All in one process, single-threaded, with the same weights and
batch; the libraries alternate within each round (order rotated), and each ratio is the median
over rounds of the per-round ratio, so machine noise hits both sides of a ratio alike.
First-step gradients are checked against the floor's before anything is timed.
"""
import argparse
import os
import statistics
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
import numpy as np  # noqa: E402

import workloads  # noqa: E402

SIZES = workloads.WORKLOADS["mlp_step"].full


def nn_step(lib, d):
    """The step with nn.Sequential, nn.CrossEntropyLoss and optim.SGD; returns the gradients
    (weights out x in: ``in_floor_layout`` turns them as the floor's)."""
    nn = lib.nn
    model = nn.Sequential(nn.Linear(d["W1"].shape[0], d["W1"].shape[1]), nn.ReLU(),
                          nn.Linear(d["W2"].shape[0], d["W2"].shape[1]))
    with lib.no_grad():
        for layer, w, b in ((model[0], "W1", "b1"), (model[2], "W2", "b2")):
            layer.weight.copy_(lib.tensor(d[w].T.copy()))
            layer.bias.copy_(lib.tensor(d[b]))
    criterion = nn.CrossEntropyLoss()
    optimizer = lib.optim.SGD(model.parameters(), lr=workloads.LR)
    X, y = lib.tensor(d["X"]), lib.tensor(d["y"])
    params = list(model.parameters())

    def step():
        optimizer.zero_grad()
        loss = criterion(model(X), y)
        loss.backward()
        grads = [p.grad for p in params]
        optimizer.step()
        return grads
    return step


def in_floor_layout(name, grads):
    grads = [np.asarray(g.numpy() if hasattr(g, "numpy") else g) for g in grads]
    if "nn+optim" in name:
        grads[0], grads[2] = grads[0].T, grads[2].T
    return grads


def seconds_per_step(step, budget):
    """The fastest mean over batches of ~budget/5 s each, for ~budget s (after a warm-up)."""
    t0, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - t0 < budget / 5:
        step()
        calls += 1
    per_batch = max(1, round(budget / 5 / ((time.perf_counter() - t0) / calls)))
    best, end = float("inf"), time.perf_counter() + budget
    while time.perf_counter() < end:
        t = time.perf_counter()
        for _ in range(per_batch):
            step()
        best = min(best, (time.perf_counter() - t) / per_batch)
    return best


def builders():
    import autograd_nb
    out = {"numpy": lambda d: workloads.mlp_numpy(np, d),
           "autograd_nb nn+optim": lambda d: nn_step(autograd_nb, d),
           "autograd_nb functional (run.py)": lambda d: workloads.mlp_torchapi(autograd_nb, d)}
    try:
        import torch
    except ImportError:
        return out
    torch.set_num_threads(1)
    out["torch nn+optim"] = lambda d: nn_step(torch, d)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--budget", type=float, default=0.3, help="seconds per library per round")
    a = ap.parse_args(argv)
    make = builders()
    check = workloads.WORKLOADS["mlp_step"].data(workloads.WORKLOADS["mlp_step"].smoke)
    ref = make["numpy"](check)()
    for name, build in make.items():
        for g, r in zip(in_floor_layout(name, build(check)()), ref):
            if not np.allclose(g, r, rtol=1e-4, atol=1e-6 * np.abs(r).max()):
                sys.exit(f"{name}: gradient differs from the NumPy floor")
    d = workloads.WORKLOADS["mlp_step"].data(SIZES)
    steps = {name: build(d) for name, build in make.items()}
    names = list(steps)
    times = {name: [] for name in names}
    for r in range(a.rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            times[name].append(seconds_per_step(steps[name], a.budget))
    print(f"mlp_step {SIZES}, {a.rounds} rounds, single-threaded\n")
    print(f"{'':34s}{'ms/step':>10s}{'x floor':>10s}{'x torch':>10s}")
    for name in names:
        ms = statistics.median(times[name]) * 1e3
        ratios = []
        for ref_name in ("numpy", "torch nn+optim"):
            if ref_name in times and name != ref_name:
                ratios.append(statistics.median(
                    t / u for t, u in zip(times[name], times[ref_name])))
            else:
                ratios.append(None)
        print(f"{name:34s}{ms:10.3f}" + "".join(
            f"{r:9.2f}x" if r is not None else f"{'-':>10s}" for r in ratios))


if __name__ == "__main__":
    main()
