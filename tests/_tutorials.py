"""Run a tutorial script on torch or on autograd_nb, with the same random draws, and compare prints.

A tutorial is a script in ``tests/data/tutorials/``, our own, in the idioms of a published
one. ``# %%`` lines split it into cells, as Jupyter's "percent" format does; the value of a
cell's last expression is printed as a notebook shows it (its ``repr``, nothing for ``None``). The script runs in a fresh
subprocess: ``python tests/_tutorials.py torch|autograd_nb SCRIPT``. For autograd_nb every
``import torch`` (and ``torch.nn``...) resolves to autograd_nb through the package's own alias.

Random draws are made equal: ``rand``, ``randn``, ``randint``, ``randperm``, ``rand_like``,
``randn_like`` and the in-place ``uniform_``/``normal_`` (which ``nn.init`` uses) keep their own
signatures and checks, then their values are replaced by draws from one seeded NumPy stream;
Python's ``random`` is seeded too.

Outputs are compared line by line after masking addresses. Numbers in a line are compared with a
tolerance (relative 1e-3, absolute 1e-6), the text around them exactly but for the spaces that pad
a number: both libraries round float32 the same way, but sums of thousands of terms differ in
their last bits, a training loop carries that difference along, and a value that should be 0
comes out as float32 noise of either sign (sin(pi)).

``python tests/_tutorials.py --write`` (torch installed) rewrites the committed expected outputs.
"""
import ast
import functools
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
TUTORIALS = HERE / "data" / "tutorials"
EXPECTED = TUTORIALS / "expected"
SEED = 0
NUMBER = re.compile(r"-?\d+\.?\d*(?:e[+-]?\d+)?")
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
RTOL, ATOL = 1e-3, 1e-6


# -- the child process: one run ---------------------------------------------------------------
def _library(name):
    if name == "autograd_nb":
        from autograd_nb.jupyter import alias
        alias.enable()
    import torch
    return torch


def _fill(torch, out, values):
    """Replace ``out``'s values by ``values`` without recording anything."""
    with torch.no_grad():
        out.copy_(torch.from_numpy(np.asarray(values, dtype=np.float64)).to(out.dtype))
    return out


def _equal_draws(torch):
    """Make every random constructor draw from one seeded NumPy stream (see the docstring)."""
    rng = np.random.default_rng(SEED)
    random.seed(SEED)

    def wrap(original, draw):
        @functools.wraps(original)
        def drawn(*args, **kwargs):
            out = original(*args, **kwargs)
            return _fill(torch, out, draw(out.shape, *args, **kwargs))
        return drawn

    def integers(shape, *args, **kwargs):
        bounds = [a for a in args if isinstance(a, int) and not isinstance(a, bool)]
        low, high = (0, bounds[0]) if len(bounds) == 1 else bounds[:2]
        low, high = kwargs.get("low", low), kwargs.get("high", high)
        return rng.integers(low, high, size=shape)

    torch.rand = wrap(torch.rand, lambda shape, *a, **k: rng.random(shape))
    torch.randn = wrap(torch.randn, lambda shape, *a, **k: rng.standard_normal(shape))
    torch.rand_like = wrap(torch.rand_like, lambda shape, *a, **k: rng.random(shape))
    torch.randn_like = wrap(torch.randn_like, lambda shape, *a, **k: rng.standard_normal(shape))
    torch.randint = wrap(torch.randint, integers)
    torch.randperm = wrap(torch.randperm, lambda shape, n, *a, **k: rng.permutation(n))

    uniform, normal = torch.Tensor.uniform_, torch.Tensor.normal_

    def uniform_(self, a=0.0, b=1.0, **kwargs):
        uniform(self, a, b, **kwargs)
        return _fill(torch, self, a + (b - a) * rng.random(tuple(self.shape)))

    def normal_(self, mean=0.0, std=1.0, **kwargs):
        normal(self, mean, std, **kwargs)
        return _fill(torch, self, mean + std * rng.standard_normal(tuple(self.shape)))

    torch.Tensor.uniform_, torch.Tensor.normal_ = uniform_, normal_


def cells(source):
    """The script's cells: the text between ``# %%`` lines, each padded so that tracebacks give
    the script's own line numbers."""
    parts, before = [], 0
    for part in re.split(r"^# %%.*$", source, flags=re.MULTILINE):
        parts.append("\n" * before + part)
        before += part.count("\n")
    return parts


def run_cell(code, namespace, filename):
    """Run one cell; print the repr of its last expression, as a notebook displays it."""
    tree = ast.parse(code, filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), namespace)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
        if value is not None:
            print(repr(value))


def main(library, script):
    _equal_draws(_library(library))
    namespace = {"__name__": "__main__", "__file__": script}
    for code in cells(Path(script).read_text()):
        run_cell(code, namespace, script)


# -- the parent: running and comparing ----------------------------------------------------------
def scripts():
    return sorted(TUTORIALS.glob("*.py"))


def run(script, library):
    """What ``script`` prints on ``library`` (``"torch"`` or ``"autograd_nb"``)."""
    env = dict(os.environ, MPLBACKEND="Agg")  # tutorials that plot draw off screen
    done = subprocess.run([sys.executable, __file__, library, str(script)], capture_output=True,
                          text=True, timeout=600, cwd=HERE.parent, env=env)
    if done.returncode:
        raise RuntimeError(f"{Path(script).name} failed on {library}:\n{done.stderr[-3000:]}")
    return done.stdout


def expected(script):
    return (EXPECTED / (Path(script).stem + ".txt")).read_text()


def _close(ours, theirs):
    """Integers (counts, indices, sizes) exactly; decimals within the tolerance."""
    if ours == theirs:
        return True
    if not any(c in ours + theirs for c in ".e"):
        return False
    return bool(np.isclose(float(ours), float(theirs), rtol=RTOL, atol=ATOL))


def same_line(ours, theirs):
    """Equal text around the numbers, and numbers equal within the tolerance."""
    ours, theirs = ADDRESS.sub("0x…", ours), ADDRESS.sub("0x…", theirs)
    if [t.strip() for t in NUMBER.split(ours)] != [t.strip() for t in NUMBER.split(theirs)]:
        return False  # (the padding around a number follows its sign: 5.9605e-08 vs -3.5763e-07)
    a, b = NUMBER.findall(ours), NUMBER.findall(theirs)
    return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))


def differences(ours, theirs):
    """Readable lines where autograd_nb's output differs from torch's."""
    a, b = ours.splitlines(), theirs.splitlines()
    diffs = [f"line {i + 1}:\n  autograd_nb: {x}\n  torch:       {y}"
             for i, (x, y) in enumerate(zip(a, b)) if not same_line(x, y)]
    if len(a) != len(b):
        diffs.append(f"autograd_nb printed {len(a)} lines, torch {len(b)}")
    return diffs


def write_expected():
    EXPECTED.mkdir(exist_ok=True)
    for script in scripts():
        (EXPECTED / (script.stem + ".txt")).write_text(run(script, "torch"))


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_expected()
    else:
        main(*sys.argv[1:])
