"""Benchmark harness: autograd_nb vs the NumPy floor, the pure-Python bound, torch, micrograd,
MyGrad and HIPS autograd.

    python benchmarks/run.py [--workloads a,b] [--libs autograd_nb,numpy,torch,...]
                             [--rounds N] [--budget S] [--smoke] [--json out.json] [--markdown]

1. Gradient check: one fresh process per library computes every workload's
   gradients at a small fixed input and compares them with the NumPy floor;
   a mismatch marks the cell FAILED and it is not timed.
2. Timing: every (library, workload) cell runs in its own fresh process,
   rounds interleaved (round -> workload -> libraries, the order rotated each
   round) so that machine noise hits all libraries alike.
3. Report: median and min-max over rounds per cell; ratios vs the floor, torch,
   the bound and micrograd as the median of per-round ratios (same run, same
   round); targets.

Exit status 1 if a worker crashed or a gradient check failed, else 0
(libraries that are not installed, cells a library cannot run (n/a) and missed
targets are reported, not errors).  See benchmarks/README.md.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from workloads import WORKLOADS  # noqa: E402

LIBS = ["autograd_nb", "numpy", "bound", "torch", "micrograd", "mygrad", "autograd"]
SUBJECT = "autograd_nb"
# Ratios are shown against these references, in this order, as "<ratio>x <name>".
REFERENCES = {"numpy": "floor", "torch": "torch", "bound": "bound", "micrograd": "micrograd"}
REFERENCE_LABELS = {"numpy": "the NumPy floor", "bound": "the Python bound"}
NOT_ERRORS = ("ok", "not installed", "n/a")
# (workload, metric, reference library or None for an absolute limit, limit): issue 16
TARGETS = [
    ("scalar_neuron", "time", "micrograd", 1.00),
    ("chain_small", "time", "torch", 0.45),
    ("chain_small", "time", "bound", 1.60),
    ("tutorial", "time", "torch", 0.40),
    ("dynamic_loop", "time", "torch", 0.40),
    ("mlp_step", "time", "numpy", 1.15),
    ("big_elementwise", "time", "numpy", 1.10),
    ("big_elementwise", "peak_mb", "numpy", 1.00),
    ("import", "import_s", None, 0.15),
    ("import", "rss_mb", None, 40.0),
]
METRIC_NAMES = {"time": "time", "peak_mb": "peak RSS growth", "import_s": "time",
                "rss_mb": "process RSS"}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def worker_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, env.get("PYTHONPATH")]))
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")        # single-threaded, like torch.set_num_threads(1)
    return env


def call_worker(args, timeout):
    """Run benchmarks/worker.py; its RESULT line as a dict (or an ERROR dict)."""
    cmd = [sys.executable, os.path.join(HERE, "worker.py")] + args
    try:
        r = subprocess.run(cmd, cwd=ROOT, env=worker_env(), capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "ERROR", "detail": f"timed out after {timeout} s: {' '.join(args)}"}
    for line in reversed(r.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"status": "ERROR",
            "detail": f"worker exit {r.returncode}: {' '.join(args)}\n{r.stderr[-3000:]}"}


# ------------------------------------------------------------------ running

def run(workloads, libs, rounds, smoke, budget, clock):
    timeout = 300 if smoke else 1800
    res = {"checks": {}, "versions": {}, "status": {}, "samples": {}}
    log("gradient check against the NumPy floor ...")
    for lib in libs:
        out = call_worker(["check", lib, ",".join(workloads)], timeout)
        if "results" not in out:            # the check worker itself crashed
            out = {"version": None, "results": {w: dict(out) for w in workloads}}
        res["versions"][lib] = out.get("version")
        for w in workloads:
            c = out["results"][w]
            res["checks"][f"{w}/{lib}"] = c
            res["status"][f"{w}/{lib}"] = c["status"]
            log(f"  {lib:12s} {w:16s} {c['status']}"
                + (f"  {c.get('detail', '')}" if c["status"] != "ok" else ""))

    for r in range(rounds):
        for w in workloads:
            order = libs[r % len(libs):] + libs[:r % len(libs)]
            for lib in order:
                key = f"{w}/{lib}"
                if res["status"][key] != "ok":
                    continue
                args = ["time", lib, w] + (["--smoke"] if smoke else []) + \
                       ["--budget", str(0 if smoke else budget), "--clock", clock]
                out = call_worker(args, timeout)
                if out["status"] != "ok":
                    res["status"][key] = out["status"]
                    res["checks"][key] = out
                    log(f"[round {r + 1}/{rounds}] {w} {lib}: {out['status']}\n"
                        f"{out.get('detail', '')}")
                    continue
                cell = res["samples"].setdefault(key, {})
                for metric, v in out["values"].items():
                    cell.setdefault(metric, [None] * rounds)[r] = v
                log(f"[round {r + 1}/{rounds}] {w:16s} {lib:12s} " + "  ".join(
                    f"{fmt(v)} {WORKLOADS[w].metrics[m]}" for m, v in out["values"].items()))
    return res


# ------------------------------------------------------------------ summary

def fmt(v):
    if v is None:
        return "-"
    a = abs(v)
    return f"{v:.0f}" if a >= 100 else f"{v:.1f}" if a >= 10 else f"{v:.2f}" if a >= 1 \
        else f"{v:.3f}" if a >= 0.01 else f"{v:.2g}"


def values(res, w, lib, metric):
    return res["samples"].get(f"{w}/{lib}", {}).get(metric, [])


def median(res, w, lib, metric):
    vs = [v for v in values(res, w, lib, metric) if v is not None]
    return statistics.median(vs) if vs else None


def ratio(res, w, lib, ref, metric):
    """Median over rounds of the per-round ratio lib/ref (same run, same round)."""
    pairs = zip(values(res, w, lib, metric), values(res, w, ref, metric))
    rs = [a / b for a, b in pairs if a is not None and b]
    return statistics.median(rs) if rs else None


def summarize(res, workloads, libs):
    s = {}
    for w in workloads:
        for metric in WORKLOADS[w].metrics:
            for lib in libs:
                vs = [v for v in values(res, w, lib, metric) if v is not None]
                s[f"{w}/{metric}/{lib}"] = None if not vs else {
                    "median": statistics.median(vs), "min": min(vs), "max": max(vs),
                    "rounds": len(vs), **{f"vs_{ref}": ratio(res, w, lib, ref, metric)
                                          for ref in REFERENCES if ref != lib}}
    return s


def targets(res, workloads, libs, smoke):
    rows = []
    for w, metric, ref, bound in TARGETS:
        if w not in workloads:
            continue
        what = f"{w} {METRIC_NAMES[metric]}"
        if ref:
            label = f"{what} <= {bound:g}x {REFERENCE_LABELS.get(ref, ref)}"
            value = ratio(res, w, SUBJECT, ref, metric) if ref in libs else None
            shown = f"{fmt(value)}x" if value is not None else "-"
        else:
            unit = WORKLOADS[w].metrics[metric]
            label = f"{what} <= {bound:g} {unit}"
            value = median(res, w, SUBJECT, metric)
            shown = f"{fmt(value)} {unit}" if value is not None else "-"
        if smoke:
            status = "not judged (--smoke)"
        elif value is None:
            status = "not measured"
        else:
            status = "met" if value <= bound else "MISSED"
        rows.append({"target": label, "value": value, "shown": shown, "status": status})
    return rows


def cell_text(res, w, lib, metric):
    status = res["status"].get(f"{w}/{lib}")
    if status != "ok":
        return status or "-"
    vs = [v for v in values(res, w, lib, metric) if v is not None]
    if not vs:
        return "-"
    med = statistics.median(vs)
    return fmt(med) if len(vs) == 1 else f"{fmt(med)} ({fmt(min(vs))}–{fmt(max(vs))})"


def ratio_text(res, w, lib, libs, metric):
    """e.g. "2.99x floor / 0.635x torch / 2.2x bound": against every reference that ran w.

    Memory is compared with the floor only (torch's includes one-time costs).
    """
    refs = [ref for ref in REFERENCES if ref in libs and ref != lib
            and res["status"].get(f"{w}/{ref}") == "ok" and (ref == "numpy" or metric == "time")]
    return " / ".join(f"{fmt(ratio(res, w, lib, ref, metric))}x {REFERENCES[ref]}"
                      for ref in refs)


def tables(res, workloads, libs, smoke):
    main = [["workload", "metric"] + libs]
    rat = [["workload", "metric"] + [lib for lib in libs if lib != "numpy"]]
    for w in workloads:
        for metric, unit in WORKLOADS[w].metrics.items():
            main.append([w, f"{METRIC_NAMES[metric]} ({unit})"]
                        + [cell_text(res, w, lib, metric) for lib in libs])
            if w == "import":
                continue
            row = [w, METRIC_NAMES[metric]]
            for lib in rat[0][2:]:
                row.append(ratio_text(res, w, lib, libs, metric)
                           if res["status"].get(f"{w}/{lib}") == "ok"
                           else res["status"].get(f"{w}/{lib}", "-"))
            rat.append(row)
    tgt = [["target (autograd_nb, same-run ratio)", "measured", "status"]] + [
        [t["target"], t["shown"], t["status"]] for t in targets(res, workloads, libs, smoke)]
    return [("Results: median (min–max over rounds)", main),
            ("Ratios: median of per-round ratios", rat if len(rat[0]) > 2 else None),
            ("Targets", tgt if SUBJECT in libs else None)]


def render(rows, markdown):
    if markdown:
        out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        return "\n".join(out + ["| " + " | ".join(r) + " |" for r in rows[1:]])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    line = lambda r: "  ".join(c.ljust(n) for c, n in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(rows[0]), line(["-" * n for n in widths])]
                     + [line(r) for r in rows[1:]])


def machine(res, args, clock):
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip() or None
    except OSError:
        commit = None
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "command": "python benchmarks/run.py " + " ".join(args),
            "machine": f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
            "python": platform.python_version(), "commit": commit,
            "versions": {k: v for k, v in res["versions"].items() if v},
            "clock": clock,
            "threads": "1 (torch.set_num_threads(1); OMP/OPENBLAS/MKL_NUM_THREADS="
                       f"{worker_env()['OPENBLAS_NUM_THREADS']})"}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workloads", default=",".join(WORKLOADS),
                    help=f"comma-separated, default all: {','.join(WORKLOADS)}")
    ap.add_argument("--libs", default=",".join(LIBS), help=f"default: {','.join(LIBS)}")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--budget", type=float, default=0.5,
                    help="seconds of timed repetitions per cell per round (default 0.5)")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="time the repetitions by wall clock (default) or by the worker's CPU "
                         "time, steadier when other work shares the machine")
    ap.add_argument("--smoke", action="store_true",
                    help="one round, tiny sizes, fastest of 3 repetitions: does it all run?")
    ap.add_argument("--json", metavar="PATH", help="write every sample and the summary")
    ap.add_argument("--markdown", action="store_true", help="print Markdown (for RESULTS.md)")
    a = ap.parse_args(argv)
    workloads, libs = a.workloads.split(","), a.libs.split(",")
    for name, known, given in (("workload", WORKLOADS, workloads), ("library", LIBS, libs)):
        bad = [x for x in given if x not in known]
        if bad:
            ap.error(f"unknown {name}(s) {bad}; choose from {list(known)}")
    rounds = 1 if a.smoke else a.rounds

    t0, load0 = time.time(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        os.environ["BENCH_PYCACHE"] = cache     # the import workload's bytecode cache
        res = run(workloads, libs, rounds, a.smoke, a.budget, a.clock)
    info = machine(res, argv, a.clock)
    info["seconds"] = round(time.time() - t0, 1)
    info["load"] = f"{load0:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"

    if a.markdown:
        print(f"- date: {info['date']}\n- command: `{info['command']}`\n"
              f"- machine: {info['machine']}\n- python {info['python']}; "
              + ", ".join(f"{k} {v}" for k, v in info["versions"].items())
              + f"\n- clock: {info['clock']}; threads: {info['threads']}"
              f"\n- commit: {info['commit'] or '(none)'}"
              f"\n- rounds: {rounds}{' (smoke)' if a.smoke else ''}; "
              f"took {info['seconds']} s; 1-minute load average {info['load']}\n")
    for title, rows in tables(res, workloads, libs, a.smoke):
        if rows:
            print(("### " if a.markdown else "") + title + "\n")
            print(render(rows, a.markdown) + "\n", flush=True)

    bad = {k: s for k, s in res["status"].items() if s not in NOT_ERRORS}
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"meta": info, "status": res["status"], "checks": res["checks"],
                       "samples": res["samples"],
                       "summary": summarize(res, workloads, libs),
                       "targets": targets(res, workloads, libs, a.smoke)}, f, indent=1)
    for k, s in bad.items():
        log(f"{s}: {k}: {res['checks'][k].get('detail', '')}".rstrip())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
