"""Tutorial-style scripts run unchanged on autograd_nb and print what torch prints.

Each script in ``tests/data/tutorials/`` is our own, written in the idioms a learner meets in one
published tutorial (its header names which); it runs in a
subprocess with ``import torch`` resolving to autograd_nb, its random draws equal to torch's (see
``tests/_tutorials.py``), and its printed lines are compared with torch's: a fresh run when torch
is importable, else the committed output torch printed.
"""
import functools
import importlib.util

import pytest

import _tutorials as tutorials

HAS_TORCH = importlib.util.find_spec("torch") is not None
# what a tutorial needs that another branch brings; the coordinator drops the mark after merging
NEEDS = {}
SCRIPTS = [pytest.param(s, id=s.stem, marks=[pytest.mark.xfail(strict=False, reason=NEEDS[s.stem])]
                        if s.stem in NEEDS else []) for s in tutorials.scripts()]


@functools.cache
def torch_prints(script):
    """One run on torch per script and session (the training loops take seconds)."""
    return tutorials.run(script, "torch")


def test_there_are_several_tutorials():
    assert len(SCRIPTS) >= 8


@pytest.mark.parametrize("script", SCRIPTS)
def test_tutorial_prints_what_torch_prints(script):
    theirs = torch_prints(script) if HAS_TORCH else tutorials.expected(script)
    ours = tutorials.run(script, "autograd_nb")
    diffs = tutorials.differences(ours, theirs)
    assert not diffs, f"{script.name}:\n" + "\n".join(diffs)


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")
@pytest.mark.parametrize("script", tutorials.scripts(), ids=lambda s: s.stem)
def test_committed_output_is_torchs(script):
    """The expected outputs the no-torch suite compares with are what torch prints today."""
    mask = tutorials.ADDRESS.sub
    assert mask("0x…", torch_prints(script)) == mask("0x…", tutorials.expected(script))
