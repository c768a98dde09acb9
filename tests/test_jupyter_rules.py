"""Every local rule the stepper shows names a node autograd_nb really makes."""
import pathlib
import re

import autograd_nb as torch
from autograd_nb.jupyter.rules import RULES, local_rule

PACKAGE = pathlib.Path(torch.__file__).parent


def test_every_rule_is_for_a_node_name_the_op_tables_use():
    sources = "".join(p.read_text() for p in PACKAGE.rglob("*.py") if "jupyter" not in p.parts)
    used = set(re.findall(r'"(\w+Backward\d)"', sources)) | {"AccumulateGrad"}
    assert set(RULES) <= used, set(RULES) - used


def test_a_rule_reads_the_same_in_every_era():
    x = torch.ones(2, requires_grad=True)
    node = (x * 2).grad_fn
    torch.set_printoptions(style="0.2")
    try:
        assert local_rule(node) == RULES["MulBackward0"]
    finally:
        torch.set_printoptions(style="modern")
