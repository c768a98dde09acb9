"""Every recorded torch 2.13 repr in ``data/modern_print_cases.json``, produced by autograd_nb.

The code of each case runs with ``torch`` bound to autograd_nb (real torch is not needed).
"""
import json
import pathlib

import pytest

import autograd_nb

CASES = json.loads((pathlib.Path(__file__).parent / "data" / "modern_print_cases.json").read_text())


def _skip_reason(code):
    if "bfloat16" in code and not autograd_nb.bfloat16.available:
        return "bfloat16 needs the optional ml_dtypes package"
    if "torch.nn." in code and not hasattr(autograd_nb, "nn"):
        return "autograd_nb.nn is not there yet"
    return None


@pytest.mark.parametrize("case", CASES, ids=[case["code"][:70] for case in CASES])
def test_repr_matches_torch_2_13(case):
    reason = _skip_reason(case["code"])
    if reason:
        pytest.skip(reason)
    result = eval(case["code"], {"torch": autograd_nb})
    if not isinstance(result, autograd_nb.Tensor):
        pytest.skip(f"the result is {result!r}, not a tensor")
    assert repr(result) == case["repr"]
