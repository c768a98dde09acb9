"""One library in one fresh process: gradient check, or timing of one workload.

    python benchmarks/worker.py check LIB WORKLOAD[,WORKLOAD...]
    python benchmarks/worker.py time  LIB WORKLOAD [--smoke] [--budget SECONDS] [--clock wall|cpu]

Prints one line ``RESULT {json}`` on stdout; run.py parses it.  Not meant to be
run by hand, but it can be (it is how one cell is reproduced in isolation).
"""
import argparse
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, ROOT]   # workloads, autograd_nb
from workloads import WORKLOADS  # noqa: E402

MODULE = {"autograd_nb": "autograd_nb", "numpy": "numpy", "torch": "torch",
          "mygrad": "mygrad", "autograd": "autograd", "micrograd": "micrograd.engine",
          "bound": "python_bound"}
FAMILY = {"autograd_nb": "torchapi", "torch": "torchapi", "numpy": "numpy",
          "mygrad": "mygrad", "autograd": "autograd", "micrograd": "micrograd"}
OPTIONAL = {"torch", "mygrad", "autograd", "micrograd"}   # missing -> "not installed"
NOT_APPLICABLE = "n/a"     # the library cannot run this workload (micrograd on tensors)
RTOL = 1e-4      # float32 gradient check, relative ...
ATOL = 1e-5      # ... plus this times the largest |reference| (entries near zero)


class NotInstalled(Exception):
    pass


def package(lib):
    """The distribution's top-level module (micrograd for micrograd.engine)."""
    return MODULE[lib].split(".")[0]


def load(lib):
    try:
        if lib == "autograd":
            import autograd
            import autograd.numpy  # noqa: F401  (ag.numpy in the workloads)
            return autograd
        mod = importlib.import_module(MODULE[lib])
    except ModuleNotFoundError as e:
        if lib in OPTIONAL and e.name and e.name.split(".")[0] == package(lib):
            raise NotInstalled(str(e))
        raise
    if lib == "torch":
        mod.set_num_threads(1)
    return mod


def to_numpy(g):
    if g is None:
        return None
    if isinstance(g, (np.ndarray, np.generic)):
        return np.asarray(g)
    return g.numpy() if hasattr(g, "numpy") else np.asarray(g)


def compare(got, ref):
    """Worst |got - ref| / (RTOL*|ref| + ATOL*max|ref|) over all gradients (<= 1 passes)."""
    if len(got) != len(ref):
        raise AssertionError(f"{len(got)} gradients, expected {len(ref)}")
    worst = 0.0
    for i, (g, r) in enumerate(zip(got, ref)):
        if g is None:
            raise AssertionError(f"gradient {i} is None")
        g = np.asarray(g, dtype=np.float64)
        r = np.asarray(r, dtype=np.float64)
        if g.shape != r.shape:
            raise AssertionError(f"gradient {i} has shape {g.shape}, expected {r.shape}")
        if not np.all(np.isfinite(g)):
            raise AssertionError(f"gradient {i} is not finite")
        tol = RTOL * np.abs(r) + ATOL * max(np.abs(r).max(initial=0.0), 1e-30)
        worst = max(worst, float((np.abs(g - r) / tol).max(initial=0.0)))
    return worst


def builder(lib, mod, w):
    """``build(mod, data) -> step`` for this library and workload; None if it cannot run it.

    The bound (python_bound.py) has its own builders, one per workload it covers.
    """
    if lib == "bound":
        build = mod.BOUNDS.get(w.name)
        return build and (lambda _, data: build(data))
    return w.impls.get(FAMILY[lib])


def applicable(lib, mod, w):
    if w.name == "import":
        return lib != "bound"               # an engine inside this harness, not a library
    return builder(lib, mod, w) is not None


def check(lib, names):
    """Gradient of every workload at the small fixed input vs the NumPy floor."""
    out = {}
    try:
        mod = load(lib)
    except NotInstalled as e:
        return {"version": None, "results": {n: {"status": "not installed", "detail": str(e)}
                                              for n in names}}
    except Exception:
        detail = "import failed: " + traceback.format_exc(limit=-3)
        return {"version": None, "results": {n: {"status": "ERROR", "detail": detail}
                                              for n in names}}
    for name in names:
        w = WORKLOADS[name]
        if not applicable(lib, mod, w):
            out[name] = {"status": NOT_APPLICABLE, "detail": f"{lib} cannot run {name}"}
            continue
        if not w.impls:                      # import: nothing to check
            out[name] = {"status": "ok"}
            continue
        try:
            data = w.data(w.smoke)
            ref = [to_numpy(g) for g in w.impls["numpy"](np, data)()]
            got = [to_numpy(g) for g in builder(lib, mod, w)(mod, data)()]
            worst = compare(got, ref)
            status = "ok" if worst <= 1.0 else "FAILED"
            out[name] = {"status": status, "worst": worst,
                         "detail": "" if status == "ok" else
                         f"gradient differs from the NumPy floor ({worst:.3g}x tolerance)"}
        except AssertionError as e:
            out[name] = {"status": "FAILED", "detail": str(e)}
        except Exception:
            out[name] = {"status": "ERROR", "detail": traceback.format_exc(limit=-3)}
    return {"version": version(lib, mod), "results": out}


def version(lib, mod):
    if lib == "bound":                       # part of this harness: no version of its own
        return None
    try:
        return mod.__version__
    except AttributeError:
        from importlib import metadata
        try:
            return metadata.version(package(lib))
        except metadata.PackageNotFoundError:
            return "?"


def rss_now_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb():
    """Peak RSS of this process (VmHWM) in MB; ru_maxrss where /proc is missing."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 2**20 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def reset_peak_rss():
    """Reset VmHWM to the current RSS (Linux); returns the baseline to subtract."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return rss_now_mb()
    except OSError:                          # no reset: growth above the peak so far
        return peak_rss_mb()


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def measure(step, budget, clock=time.perf_counter):
    """Seconds per repetition: the fastest batch mean after a warm-up.

    Warm-up ~budget/10 s, then batches of ~budget/10 s for ~budget s in all
    (at least 3).  budget 0 (--smoke): one warm-up call, then the fastest of 3 calls.
    The batches are timed with `clock` (wall, or this process's CPU time).
    """
    t0, calls = time.perf_counter(), 0
    while calls == 0 or time.perf_counter() - t0 < budget / 10:
        step()
        calls += 1
    if budget <= 0:
        best = float("inf")
        for _ in range(3):
            t0 = clock()
            step()
            best = min(best, clock() - t0)
        return best
    per_batch = max(1, round(budget / 10 / ((time.perf_counter() - t0) / calls)))
    best, end, batches = float("inf"), time.perf_counter() + budget, 0
    while batches < 3 or time.perf_counter() < end:
        t = clock()
        for _ in range(per_batch):
            step()
        best = min(best, (clock() - t) / per_batch)
        batches += 1
    return best


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_import(lib, smoke, clock="wall"):
    """Time of `python -c "import MOD"` minus `python -c "pass"`; its peak RSS.

    clock "wall": wall time; "cpu": the child's CPU time (user + system).
    """
    # The child reports its peak RSS as VmHWM: on Linux ru_maxrss carries the forking
    # worker's RSS over across exec.
    code = ("import sys\n{}\ntry:\n"
            "    kb = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
            "except OSError:\n    import resource\n"
            "    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss"
            " / (1024 if sys.platform == 'darwin' else 1)\n"
            "print(kb / 1024)")
    # Bytecode caching on (a PYTHONDONTWRITEBYTECODE=1 environment would time compilation),
    # cached in a private directory (run.py shares one across the run), so neither the
    # repository nor site-packages is written.
    own_cache = "BENCH_PYCACHE" not in os.environ
    cache = tempfile.mkdtemp(prefix="bench-pycache-") if own_cache else os.environ["BENCH_PYCACHE"]
    env = dict(os.environ, PYTHONPYCACHEPREFIX=cache,
               PYTHONPATH=os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])))
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    now = children_cpu if clock == "cpu" else time.perf_counter

    def run(stmt):
        t = now()
        r = subprocess.run([sys.executable, "-c", code.format(stmt)], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=True)
        return now() - t, float(r.stdout.split()[-1])

    if lib in OPTIONAL and importlib.util.find_spec(package(lib)) is None:
        raise NotInstalled(f"No module named '{MODULE[lib]}'")
    stmt = f"import {MODULE[lib]}"
    try:
        run("pass")
        run(stmt)                              # warm-up: bytecode caches, page cache
        base, imp = [], []
        for _ in range(1 if smoke else 5):
            base.append(run("pass"))
            imp.append(run(stmt))
    finally:
        if own_cache:
            shutil.rmtree(cache, ignore_errors=True)
    # an import cheaper than the noise (micrograd's) would come out negative: 0
    seconds = max(0.0, min(t for t, _ in imp) - min(t for t, _ in base))
    return {"import_s": seconds, "rss_mb": float(np.median([m for _, m in imp]))}


def time_workload(lib, name, smoke, budget, clock="wall"):
    w = WORKLOADS[name]
    if name == "import":
        return time_import(lib, smoke, clock)
    mod = load(lib)
    data = w.data(w.smoke if smoke else w.full)
    build = builder(lib, mod, w)
    out = {}
    if "peak_mb" in w.metrics:                 # memory first, in a clean process
        step = build(mod, data)
        base = reset_peak_rss()
        step()
        out["peak_mb"] = max(0.0, peak_rss_mb() - base)
        del step
    step = build(mod, data)
    out["time"] = w.seconds_to_unit(measure(step, budget, CLOCKS[clock]), data)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["check", "time"])
    ap.add_argument("lib", choices=sorted(MODULE))
    ap.add_argument("workloads")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--budget", type=float, default=0.5)
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    a = ap.parse_args()
    names = a.workloads.split(",")
    if a.mode == "check":
        result = check(a.lib, names)
    else:
        try:
            result = {"status": "ok",
                      "values": time_workload(a.lib, names[0], a.smoke, a.budget,
                                              a.clock)}
        except NotInstalled as e:
            result = {"status": "not installed", "detail": str(e)}
        except Exception:
            result = {"status": "ERROR", "detail": traceback.format_exc(limit=-3)}
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
