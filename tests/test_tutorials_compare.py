"""The tutorial runner's comparison: what it forgives (float noise, addresses) and what it catches."""
import _tutorials as tutorials


def test_addresses_and_last_bits_are_forgiven():
    assert not tutorials.differences("<AddBackward0 object at 0x7f1>\n1999 9.141572952270508\n",
                                     "<AddBackward0 object at 0x7e2>\n1999 9.141575336456299\n")


def test_float_noise_around_zero_is_forgiven_with_its_padding():
    assert tutorials.same_line("[ 1.0000e+00,  5.9605e-08]", "[ 1.0000e+00, -3.5763e-07]")


def test_a_different_number_is_caught():
    assert tutorials.differences("99 463.8", "99 470.2")


def test_integers_compare_exactly():
    assert tutorials.differences("1999 9.14", "2000 9.14")


def test_a_different_word_is_caught():
    assert tutorials.differences("tensor([1., 2.], grad_fn=<MulBackward0>)",
                                 "tensor([1., 2.], grad_fn=<MulBackward1>)")


def test_missing_lines_are_caught():
    assert tutorials.differences("a\n", "a\nb\n")


def test_cells_keep_the_script_line_numbers():
    cells = tutorials.cells("import torch\n# %%\nx = 1\n# %%\ny = 2\n")
    assert [c.count("\n") for c in cells] == [1, 3, 5]
    assert cells[2].splitlines()[4] == "y = 2"
