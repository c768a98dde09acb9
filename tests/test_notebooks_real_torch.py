"""The modern lessons run unchanged on PyTorch and print what autograd_nb printed.

Each lesson's first line is ``import autograd_nb as torch``; here it becomes ``import torch``
and the lesson runs in a fresh kernel. Every code cell's output must equal the committed one
after the suite's sanitizing (addresses, warning locations). Cells marked ``random`` are compared
with their numbers masked, since PyTorch's generator draws other numbers; cells marked
``torch_skip`` (switching autograd_nb's era) are left out. Like nbval, the comparison leaves out
PNG pictures (matplotlib plots): their pixels follow the numbers the text outputs already compare.
Runs only where torch is installed.
"""
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebooks_tool", ROOT / "tools" / "notebooks.py")
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)

pytestmark = pytest.mark.skipif(importlib.util.find_spec("torch") is None,
                                reason="PyTorch is not installed")

AUTOGRAD_NB_IMPORT = re.compile(r"^import autograd_nb as torch\b.*$", re.MULTILINE)
# torch's C++ warnings name the line of PyTorch's source that raised them
TORCH_ONLY = [(r" \(Triggered internally at [^)]*\)", "")]
RASTER = ("image/png", "image/jpeg")
NUMBER = re.compile(r"-?\d+(\.\d*)?(e[+-]?\d+)?")

LESSONS = [s for s in tool.sources()
           if tool.read(s).metadata["autograd_nb"]["real_torch"] is True]


def on_torch(nb):
    """The lesson as a PyTorch user writes it: one changed line, era cells left out."""
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert AUTOGRAD_NB_IMPORT.search(first.source), "a lesson starts: import autograd_nb as torch"
    first.source = AUTOGRAD_NB_IMPORT.sub("import torch", first.source, count=1)
    nb.cells = [c for c in nb.cells
                if "torch_skip" not in c.metadata.get("autograd_nb", {})]
    return nb


def comparable(cell, patterns):
    outputs = tool.comparable_outputs(cell, patterns + TORCH_ONLY)
    for output in outputs:  # as nbval, raster images are not compared: a plot of values that
        for mime in RASTER:  # differ in their last bit (torch.linspace's) differs in its pixels
            output.get("data", {}).pop(mime, None)
    outputs = json.dumps(outputs, sort_keys=True, ensure_ascii=False)
    if "random" in cell.metadata.get("autograd_nb", {}):
        outputs = re.sub(r"\s+", "", NUMBER.sub("N", outputs))
    return outputs


def test_the_modern_lessons_are_checked_on_torch():
    assert len(LESSONS) >= 8


@pytest.mark.parametrize("source", LESSONS, ids=[s.stem for s in LESSONS])
def test_lesson_prints_the_same_on_pytorch(source):
    committed = tool.read(tool.NOTEBOOKS / "en" / source.name)
    ran = tool.execute(on_torch(tool.read(tool.NOTEBOOKS / "en" / source.name)),
                       tool.NOTEBOOKS / "en")
    patterns = tool.sanitize_patterns()
    expected = {c.id: comparable(c, patterns) for c in on_torch(committed).cells
                if c.cell_type == "code"}
    got = {c.id: comparable(c, patterns) for c in ran.cells if c.cell_type == "code"}
    different = {cid: f"\nautograd_nb: {expected[cid]}\npytorch:     {got[cid]}"
                 for cid in expected if expected[cid] != got[cid]}
    assert not different, "".join(f"\n[{cid}]{text}" for cid, text in different.items())
