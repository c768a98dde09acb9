"""benchmarks/mlp_step_nn.py still runs, and its nn+optim step computes the floor's gradients."""
import pathlib
import sys

import pytest

BENCHMARKS = pathlib.Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def mlp_step_nn(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import mlp_step_nn
    yield mlp_step_nn
    sys.modules.pop("mlp_step_nn", None)


def test_the_nn_optim_step_matches_the_numpy_floor_and_is_timed(mlp_step_nn, capsys):
    mlp_step_nn.main(["--rounds", "1", "--budget", "0.01"])  # exits if a gradient differs
    table = capsys.readouterr().out
    assert "autograd_nb nn+optim" in table and "x floor" in table
