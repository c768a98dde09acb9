"""The legacy (PyTorch 0.2-era) tensor text: the spec's worked examples, its rules, then properties.

The worked examples L1-L38 are print_spec.md §1.9, strings copied verbatim.
"""
import contextlib
import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_nb._core import _dtype
from autograd_nb._core._dtype import (bool_, float16, float32, float64, int8, int16, int32, int64,
                                      uint8)
from autograd_nb.eras._printing.legacy import format_tensor, format_variable
from autograd_nb.eras._printing.options import PRINT_OPTS

NAN, INF = math.nan, math.inf
F32 = np.float32
LEGACY_NAMES = [(float32, "FloatTensor"), (float64, "DoubleTensor"), (float16, "HalfTensor"),
                (int64, "LongTensor"), (int32, "IntTensor"), (int16, "ShortTensor"),
                (int8, "CharTensor"), (uint8, "ByteTensor"), (bool_, "BoolTensor")]


@contextlib.contextmanager
def options(**changes):
    """Print options changed for the duration of a block (safe inside hypothesis tests)."""
    saved = {name: getattr(PRINT_OPTS, name) for name in changes}
    for name, value in changes.items():
        setattr(PRINT_OPTS, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(PRINT_OPTS, name, value)


def show(data, dtype=float32):
    """The legacy text of `data` stored as `dtype`."""
    return format_tensor(np.array(data, dtype=dtype.np), dtype)


def arange(n, shape=None, dtype=float32):
    return np.arange(n).astype(dtype.np).reshape(shape or (n,))


def lines(text):
    return text.split("\n")


def slice_headers(text):
    return [line for line in lines(text) if line.startswith("(")]


# -- §1.9 worked examples ---------------------------------------------------------------------

L30_ROW = [-2.9695, -2.9078, -2.9083, -2.8748, -2.8829, -2.9186, -2.7794, -2.9506, -2.9847,
           -2.8669, -2.9461, -2.9727, -2.8155, -2.8060, -2.8545, -2.8203, -2.8233, -2.9823]

# (id, values, dtype, printed as a Variable?, exact string)
WORKED_EXAMPLES = [
    ("L1 ones Variable", np.ones((2, 2), F32), float32, True,
     'Variable containing:\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]\n'),
    ("L2 x + 2", np.full((2, 2), 3, F32), float32, True,
     'Variable containing:\n 3  3\n 3  3\n[torch.FloatTensor of size 2x2]\n'),
    ("L3 y * y * 3", np.full((2, 2), 27, F32), float32, True,
     'Variable containing:\n 27  27\n 27  27\n[torch.FloatTensor of size 2x2]\n'),
    ("L4 mean is size 1", np.array([27], F32), float32, True,
     'Variable containing:\n 27\n[torch.FloatTensor of size 1]\n'),
    ("L5 x.grad", np.full((2, 2), 4.5, F32), float32, True,
     'Variable containing:\n 4.5000  4.5000\n 4.5000  4.5000\n[torch.FloatTensor of size 2x2]\n'),
    ("L6 plain tensor", np.ones((2, 2), F32), float32, False,
     '\n 1  1\n 1  1\n[torch.FloatTensor of size 2x2]\n'),
    ("L7 mixed signs", np.array([[-0.6590, 0.1379]], F32), float32, True,
     'Variable containing:\n-0.6590  0.1379\n[torch.FloatTensor of size 1x2]\n'),
    ("L8 1-D floats", np.array([1.5, -2.25, 3], F32), float32, False,
     '\n 1.5000\n-2.2500\n 3.0000\n[torch.FloatTensor of size 3]\n'),
    ("L9 sum", np.array([6], F32), float32, True,
     'Variable containing:\n 6\n[torch.FloatTensor of size 1]\n'),
    ("L10 column scale factor", np.array([0.05, 0.01, -0.002], F32), float32, False,
     '\n1.00000e-02 *\n  5.0000\n  1.0000\n -0.2000\n[torch.FloatTensor of size 3]\n'),
    ("L11 empty Variable", np.array([], F32), float32, True,
     'Variable containing:[torch.FloatTensor with no dimension]\n'),
    ("L12 scaled DoubleTensor", np.array([4.9352e-4]), float64, True,
     'Variable containing:\n1.00000e-04 *\n  4.9352\n[torch.DoubleTensor of size 1]\n'),
    ("L13 scaled matrix", np.array([[0.01, 0.02], [-0.03, 0.004]], F32), float32, True,
     'Variable containing:\n1.00000e-02 *\n  1.0000  2.0000\n -3.0000  0.4000\n'
     '[torch.FloatTensor of size 2x2]\n'),
    ("L14 span > 4 decades", np.array([1e-5, 1, 123], F32), float32, False,
     '\n 1.0000e-05\n 1.0000e+00\n 1.2300e+02\n[torch.FloatTensor of size 3]\n'),
    ("L15 integers >= 1e5", np.array([123456, 1], F32), float32, False,
     '\n 1.2346e+05\n 1.0000e+00\n[torch.FloatTensor of size 2]\n'),
    ("L16 non-integers spanning", np.array([123456.7, 2.5], F32), float32, False,
     '\n 1.2346e+05\n 2.5000e+00\n[torch.FloatTensor of size 2]\n'),
    ("L17 scale 1e+05", np.array([123456.7, 100000.5], F32), float32, False,
     '\n1.00000e+05 *\n  1.2346\n  1.0000\n[torch.FloatTensor of size 2]\n'),
    ("L18 width 10", np.array([1000.5], F32), float32, False,
     '\n 1000.5000\n[torch.FloatTensor of size 1]\n'),
    ("L19 width 8", np.array([12.5, -1], F32), float32, False,
     '\n 12.5000\n -1.0000\n[torch.FloatTensor of size 2]\n'),
    ("L20 LongTensor", np.array([1, -20, 300], np.int64), int64, False,
     '\n   1\n -20\n 300\n[torch.LongTensor of size 3]\n'),
    # L21 is a CUDA tensor; we have no devices, so the CPU footer is checked (see below).
    ("L22 ByteTensor", np.array([1, 0, 1], np.uint8), uint8, False,
     '\n 1\n 0\n 1\n[torch.ByteTensor of size 3]\n'),
    ("L23 sci DoubleTensor", np.array([[1, 2.5, -3], [0.001, 10, 100]]), float64, False,
     '\n 1.0000e+00  2.5000e+00 -3.0000e+00\n 1.0000e-03  1.0000e+01  1.0000e+02\n'
     '[torch.DoubleTensor of size 2x3]\n'),
    ("L24 nan inf floats", np.array([NAN, 1.5, INF], F32), float32, False,
     '\n    nan\n 1.5000\n    inf\n[torch.FloatTensor of size 3]\n'),
    ("L25 nan inf integers", np.array([NAN, 1, -INF], F32), float32, False,
     '\nnan\n  1\n-inf\n[torch.FloatTensor of size 3]\n'),
    ("L26 zeros", np.zeros(2, F32), float32, False,
     '\n 0\n 0\n[torch.FloatTensor of size 2]\n'),
    ("L27 3-D", arange(8, (2, 2, 2)), float32, True,
     'Variable containing:\n(0 ,.,.) = \n  0  1\n  2  3\n\n(1 ,.,.) = \n  4  5\n  6  7\n'
     '[torch.FloatTensor of size 2x2x2]\n'),
    ("L28 3-D floats", arange(12, (2, 2, 3)) / F32(4), float32, False,
     '\n(0 ,.,.) = \n  0.0000  0.2500  0.5000\n  0.7500  1.0000  1.2500\n\n'
     '(1 ,.,.) = \n  1.5000  1.7500  2.0000\n  2.2500  2.5000  2.7500\n'
     '[torch.FloatTensor of size 2x2x3]\n'),
    ("L29 4-D", arange(16, (2, 2, 2, 2)), float32, False,
     '\n(0 ,0 ,.,.) = \n   0   1\n   2   3\n\n(0 ,1 ,.,.) = \n   4   5\n   6   7\n\n'
     '(1 ,0 ,.,.) = \n   8   9\n  10  11\n\n(1 ,1 ,.,.) = \n  12  13\n  14  15\n'
     '[torch.FloatTensor of size 2x2x2x2]\n'),
    ("L30 column blocks", np.array([L30_ROW], F32), float32, True,
     'Variable containing:\n'
     '\n'
     'Columns 0 to 9 \n'
     '-2.9695 -2.9078 -2.9083 -2.8748 -2.8829 -2.9186 -2.7794 -2.9506 -2.9847 -2.8669\n'
     '\n'
     'Columns 10 to 17 \n'
     '-2.9461 -2.9727 -2.8155 -2.8060 -2.8545 -2.8203 -2.8233 -2.9823\n'
     '[torch.FloatTensor of size 1x18]\n'),
    ("L31 min width 5", np.arange(1, 11).reshape(1, 10), int64, False,
     '\n'
     '    1     2     3     4     5     6     7     8     9    10\n'
     '[torch.LongTensor of size 1x10]\n'),
    ("L32 blocks of 13", arange(90, (3, 30)), float32, True,
     'Variable containing:\n'
     '\n'
     'Columns 0 to 12 \n'
     '    0     1     2     3     4     5     6     7     8     9    10    11    12\n'
     '   30    31    32    33    34    35    36    37    38    39    40    41    42\n'
     '   60    61    62    63    64    65    66    67    68    69    70    71    72\n'
     '\n'
     'Columns 13 to 25 \n'
     '   13    14    15    16    17    18    19    20    21    22    23    24    25\n'
     '   43    44    45    46    47    48    49    50    51    52    53    54    55\n'
     '   73    74    75    76    77    78    79    80    81    82    83    84    85\n'
     '\n'
     'Columns 26 to 29 \n'
     '   26    27    28    29\n'
     '   56    57    58    59\n'
     '   86    87    88    89\n'
     '[torch.FloatTensor of size 3x30]\n'),
    ("L33 truncated both ways", arange(1200, (40, 30)) / F32(7), float32, False,
     '\n'
     '   0.0000    0.1429    0.2857  ...     3.8571    4.0000    4.1429\n'
     '   4.2857    4.4286    4.5714  ...     8.1429    8.2857    8.4286\n'
     '   8.5714    8.7143    8.8571  ...    12.4286   12.5714   12.7143\n'
     '             ...                ⋱                ...             \n'
     ' 158.5714  158.7143  158.8571  ...   162.4286  162.5714  162.7143\n'
     ' 162.8571  163.0000  163.1429  ...   166.7143  166.8571  167.0000\n'
     ' 167.1429  167.2857  167.4286  ...   171.0000  171.1429  171.2857\n'
     '[torch.FloatTensor of size 40x30]\n'),
    ("L34 truncated rows", arange(1200, (1200, 1)), float32, False,
     '\n    0\n    1\n    2\n  ⋮   \n 1197\n 1198\n 1199\n[torch.FloatTensor of size 1200x1]\n'),
    ("L35 truncated columns", arange(1200, (2, 600)), float32, False,
     '\n'
     '    0     1     2  ...    597   598   599\n'
     '  600   601   602  ...   1197  1198  1199\n'
     '[torch.FloatTensor of size 2x600]\n'),
    ("L36 1000 elements truncated", arange(1000) / F32(7), float32, False,
     '\n   0.0000\n   0.1429\n   0.2857\n    ⋮    \n 142.4286\n 142.5714\n 142.7143\n'
     '[torch.FloatTensor of size 1000]\n'),
    ("L37 1001 integers", arange(1001), float32, False,
     '\n    0\n    1\n    2\n  ⋮  \n  998\n  999\n 1000\n[torch.FloatTensor of size 1001]\n'),
]


@pytest.mark.parametrize("values, dtype, as_variable, expected",
                         [pytest.param(*case[1:], id=case[0]) for case in WORKED_EXAMPLES])
def test_worked_example(values, dtype, as_variable, expected):
    printer = format_variable if as_variable else format_tensor
    assert printer(values, dtype) == expected


def test_L21_long_tensor_size_1_prints_as_attested_on_the_cpu():
    attested = 'Variable containing:\n 651\n[torch.cuda.LongTensor of size 1 (GPU 0)]\n'
    cpu = attested.replace("torch.cuda.", "torch.").replace(" (GPU 0)", "")
    assert format_variable(np.array([651], np.int64), int64) == cpu


def test_L38_3d_truncated_matches_the_spec_length_and_ends():
    text = format_tensor(arange(2000, (10, 10, 20)), float32)
    start = '\n(0 ,.,.) = \n     0     1     2  ...     17    18    19\n    '
    end = '8  1999\n[torch.FloatTensor of size 10x10x20]\n'
    assert (len(text), text.count("\n"), text.startswith(start), text.endswith(end)) == (
        1925, 56, True, True)


def test_L38_skipped_slices_leave_a_dots_line_then_a_blank_line():
    text = format_tensor(arange(2000, (10, 10, 20)), float32)
    assert "   580   581   582  ...    597   598   599\n...\n\n(7 ,.,.) = \n" in text


# -- §1.1, §2, §3: the string around the body -------------------------------------------------

@pytest.mark.parametrize("dtype, name", LEGACY_NAMES, ids=[n for _, n in LEGACY_NAMES])
def test_footer_names_the_legacy_type(dtype, name):
    assert show([1], dtype) == f"\n 1\n[torch.{name} of size 1]\n"


@pytest.mark.parametrize("dtype, name", LEGACY_NAMES, ids=[n for _, n in LEGACY_NAMES])
def test_empty_tensor_has_no_dimension_and_no_leading_newline(dtype, name):
    assert show([], dtype) == f"[torch.{name} with no dimension]\n"


def test_any_zero_size_counts_as_no_dimension():
    text = format_tensor(np.zeros((2, 0, 3), F32), float32)
    assert text == "[torch.FloatTensor with no dimension]\n"


def test_bool_prints_as_0_and_1_under_a_bool_footer():
    assert show([[True, False]], bool_) == "\n 1  0\n[torch.BoolTensor of size 1x2]\n"


def test_parameter_wrapper():
    text = format_variable(np.array([[1.5]], F32), float32, wrapper="Parameter")
    assert text == "Parameter containing:\n 1.5000\n[torch.FloatTensor of size 1x1]\n"


def test_empty_parameter_is_one_line():
    text = format_variable(np.array([], F32), float32, wrapper="Parameter")
    assert text == "Parameter containing:[torch.FloatTensor with no dimension]\n"


def test_zero_dim_prints_as_a_size_1_vector_with_size_parentheses():
    assert show(5.0) == "\n 5\n[torch.FloatTensor of size ()]\n"


def test_zero_dim_scaled_value_keeps_its_scale_header():
    assert show(0.05, float64) == "\n1.00000e-02 *\n  5.0000\n[torch.DoubleTensor of size ()]\n"


def test_printing_does_not_change_the_values():
    values = np.array([NAN, 0.05, -INF])
    format_tensor(values, float64)
    np.testing.assert_array_equal(values, [NAN, 0.05, -INF])


# -- §1.2 the number format -------------------------------------------------------------------

def test_one_non_integer_puts_every_value_in_fixed_mode():
    assert show([1, 2.5]) == "\n 1.0000\n 2.5000\n[torch.FloatTensor of size 2]\n"


def test_integers_below_1e5_stay_fixed_with_room_for_a_sign():
    assert show([99999, -1], int64) == "\n 99999\n    -1\n[torch.LongTensor of size 2]\n"


def test_integer_tensor_at_1e5_turns_scientific():
    assert show([100000], int64) == "\n 1.0000e+05\n[torch.LongTensor of size 1]\n"


def test_span_of_exactly_4_decades_stays_fixed():
    assert show([0.2, 2.0, 0.0002]) == (
        "\n 0.2000\n 2.0000\n 0.0002\n[torch.FloatTensor of size 3]\n")


def test_a_zero_counts_as_one_digit_so_it_narrows_the_span():
    assert show([0, 0.001, 100.5], float64) == (
        "\n   0.0000\n   0.0010\n 100.5000\n[torch.DoubleTensor of size 3]\n")


def test_without_the_zero_the_same_values_span_5_decades():
    assert show([0.001, 100.5], float64) == (
        "\n 1.0000e-03\n 1.0050e+02\n[torch.DoubleTensor of size 2]\n")


def test_three_digit_exponent_widens_scientific_fields_to_12():
    assert show([1e-120, 1.5], float64) == (
        "\n 1.0000e-120\n  1.5000e+00\n[torch.DoubleTensor of size 2]\n")


def test_rounding_is_half_even_on_the_binary_value():
    assert show([0.03125, 0.5], float64) == "\n 0.0312\n 0.5000\n[torch.DoubleTensor of size 2]\n"


def test_nan_and_inf_in_scale_mode_are_divided_and_padded_like_values():
    assert show([NAN, 0.05, -INF], float64) == (
        "\n1.00000e-02 *\n     nan\n  5.0000\n    -inf\n[torch.DoubleTensor of size 3]\n")


def test_nan_and_inf_in_scientific_mode_fill_the_width_11_field():
    assert show([INF, 1e-5, 123], float64) == (
        "\n        inf\n 1.0000e-05\n 1.2300e+02\n[torch.DoubleTensor of size 3]\n")


def test_all_non_finite_values_print_in_width_3_integer_mode():
    assert show([NAN, INF, -INF]) == "\nnan\ninf\n-inf\n[torch.FloatTensor of size 3]\n"


def test_subnormal_values_print_scientific_instead_of_dividing_by_a_zero_scale():
    assert show([5e-324], float64) == "\n 4.9407e-324\n[torch.DoubleTensor of size 1]\n"


# -- print options ----------------------------------------------------------------------------

def test_precision_sets_the_decimals_and_the_field_width():
    with options(precision=2):
        assert show([1.5, -2.25]) == "\n 1.50\n-2.25\n[torch.FloatTensor of size 2]\n"


def test_precision_sets_the_span_that_turns_scientific():
    with options(precision=2):
        assert show([1.5, 1000.5]) == "\n 1.50e+00\n 1.00e+03\n[torch.FloatTensor of size 2]\n"


def test_precision_sets_where_integers_turn_scientific():
    with options(precision=2):
        assert show([1000], int64) == "\n 1.00e+03\n[torch.LongTensor of size 1]\n"


def test_threshold_is_inclusive_for_vectors():
    with options(threshold=10):
        assert format_tensor(arange(10), float32) == (
            "\n 0\n 1\n 2\n⋮ \n 7\n 8\n 9\n[torch.FloatTensor of size 10]\n")


def test_vector_below_threshold_prints_in_full():
    with options(threshold=10):
        assert format_tensor(arange(9), float32) == (
            "\n" + "".join(f" {i}\n" for i in range(9)) + "[torch.FloatTensor of size 9]\n")


def test_threshold_is_inclusive_for_matrices():
    assert format_tensor(arange(1000, (10, 100)), float32) == (
        "\n"
        "    0     1     2  ...     97    98    99\n"
        "  100   101   102  ...    197   198   199\n"
        "  200   201   202  ...    297   298   299\n"
        "       ...          ⋱          ...       \n"
        "  700   701   702  ...    797   798   799\n"
        "  800   801   802  ...    897   898   899\n"
        "  900   901   902  ...    997   998   999\n"
        "[torch.FloatTensor of size 10x100]\n")


def test_matrix_one_below_threshold_prints_in_column_blocks():
    text = format_tensor(arange(999, (9, 111)), float32)
    assert (text.count("Columns"), "..." in text) == (9, False)


def test_small_matrix_is_never_truncated():
    with options(threshold=10):
        text = format_tensor(arange(36, (6, 6)), float32)
    rows = "".join(" ".join(f"{6 * r + c:3d}" for c in range(6)) + "\n" for r in range(6))
    assert text == "\n" + rows + "[torch.FloatTensor of size 6x6]\n"


def test_vector_shorter_than_2_edgeitems_repeats_values_around_the_marker():
    # Legacy took the first and last edgeitems lines without checking that they overlap.
    with options(threshold=2):
        assert format_tensor(arange(4), float32) == (
            "\n 0\n 1\n 2\n⋮ \n 1\n 2\n 3\n[torch.FloatTensor of size 4]\n")


def test_edgeitems_sets_how_many_lines_are_kept():
    with options(edgeitems=2):
        assert format_tensor(arange(1000, dtype=int64), int64) == (
            "\n   0\n   1\n ⋮  \n 998\n 999\n[torch.LongTensor of size 1000]\n")


def test_edgeitems_sets_which_matrices_get_min_width_5():
    with options(edgeitems=1):
        assert show([[1, 2, 3]], int64) == "\n    1     2     3\n[torch.LongTensor of size 1x3]\n"


def test_linewidth_sets_the_columns_per_block():
    with options(linewidth=40):
        assert format_tensor(arange(12, (1, 12)) / F32(4), float32) == (
            "\n\nColumns 0 to 4 \n 0.0000  0.2500  0.5000  0.7500  1.0000\n"
            "\nColumns 5 to 9 \n 1.2500  1.5000  1.7500  2.0000  2.2500\n"
            "\nColumns 10 to 11 \n 2.5000  2.7500\n"
            "[torch.FloatTensor of size 1x12]\n")


ONE_COLUMN_BLOCKS = ("\n\nColumns 0 to 0 \n 1.5000\nColumns 1 to 1 \n 2.5000\n"
                     "\nColumns 2 to 2 \n 3.5000\n[torch.FloatTensor of size 1x3]\n")


def test_block_starting_at_column_1_has_no_blank_line_before_it():
    with options(linewidth=10):
        assert show([[1.5, 2.5, 3.5]]) == ONE_COLUMN_BLOCKS


def test_line_too_narrow_for_one_column_still_prints_one_per_block():
    with options(linewidth=0):
        assert show([[1.5, 2.5, 3.5]]) == ONE_COLUMN_BLOCKS


def test_sci_mode_is_ignored():
    with options(sci_mode=True):
        assert show([1.5]) == "\n 1.5000\n[torch.FloatTensor of size 1]\n"


# -- §1.5 matrices ----------------------------------------------------------------------------

def test_every_column_block_repeats_the_scale_header():
    assert format_tensor(np.arange(1, 19).reshape(1, 18) / 1000, float64) == (
        "\n\nColumns 0 to 9 \n1.00000e-02 *\n"
        "  0.1000  0.2000  0.3000  0.4000  0.5000  0.6000  0.7000  0.8000  0.9000  1.0000\n"
        "\nColumns 10 to 17 \n1.00000e-02 *\n"
        "  1.1000  1.2000  1.3000  1.4000  1.5000  1.6000  1.7000  1.8000\n"
        "[torch.DoubleTensor of size 1x18]\n")


def test_truncated_scaled_rows_get_no_extra_space():
    text = format_tensor(np.arange(1200).reshape(40, 30) / 1e6, float64)
    assert lines(text)[1:3] == [
        "1.00000e-03 *", " 0.0000  0.0010  0.0020  ...   0.0270  0.0280  0.0290"]


# -- §1.6 N-D tensors -------------------------------------------------------------------------

def test_nd_scale_header_opens_every_slice():
    assert show([[[0.05]], [[0.01]]], float64) == (
        "\n(0 ,.,.) = \n1.00000e-02 *\n   5.0000\n\n(1 ,.,.) = \n1.00000e-02 *\n   1.0000\n"
        "[torch.DoubleTensor of size 2x1x1]\n")


def test_nd_slices_wider_than_2_edgeitems_get_min_width_3_not_5():
    assert format_tensor(arange(7, (1, 1, 7)), float32) == (
        "\n(0 ,.,.) = \n   0   1   2   3   4   5   6\n[torch.FloatTensor of size 1x1x7]\n")


def test_nd_indices_are_centred_in_3_when_a_size_reaches_100():
    headers = slice_headers(format_tensor(arange(100, (100, 1, 1)), float32))
    assert (headers[0], headers[10], headers[99]) == (
        "( 0 ,.,.) = ", "(10 ,.,.) = ", "(99 ,.,.) = ")


def test_nd_column_blocks_indent_the_first_row_twice():
    def row(start, stop):
        return " ".join(f"{v:4d}" for v in range(start, stop))

    assert lines(format_tensor(arange(180, (2, 3, 30)), float32))[1:12] == [
        "(0 ,.,.) = ", "", "Columns 0 to 14 ",
        "  " + row(0, 15), " " + row(30, 45), " " + row(60, 75), "", "Columns 15 to 29 ",
        "  " + row(15, 30), " " + row(45, 60), " " + row(75, 90)]


def test_nd_column_blocks_indent_the_scale_header_once():
    text = format_tensor(np.arange(1, 31).reshape(1, 1, 30) / 1000, float64)
    assert lines(text)[1:6] == [
        "(0 ,.,.) = ", "", "Columns 0 to 8 ", " 1.00000e-02 *",
        "   0.1000  0.2000  0.3000  0.4000  0.5000  0.6000  0.7000  0.8000  0.9000"]


def test_nd_tall_slice_marker_is_not_indented():
    assert format_tensor(arange(1200, (1, 1200, 1)), float32) == (
        "\n( 0  ,.,.) = \n     0\n     1\n     2\n  ⋮   \n  1197\n  1198\n  1199\n"
        "[torch.FloatTensor of size 1x1200x1]\n")


def test_nd_short_leading_dimension_is_walked_in_full_when_summarizing():
    text = format_tensor(arange(1200, (2, 30, 20)), float32)
    assert slice_headers(text) == ["(0 ,.,.) = ", "(1 ,.,.) = "]


def test_nd_truncation_walk_marks_skips_and_restarts():
    kept = (0, 1, 2, 5, 6, 7)
    expected = []
    for i in kept:
        if i == 5:
            expected.append("...   ")      # the outer index jumped 2 -> 5
        if i:
            expected.append("     ⋮ ")     # the inner index wrapped back to 0
        for j in kept:
            if j == 5:
                expected.append("   ...")  # the inner index jumped 2 -> 5
            expected.append(f"({i} ,{j} ,.,.) = ")
    text = format_tensor(arange(1024, (8, 8, 4, 4)), float32)
    walk = [ln for ln in lines(text) if ln.startswith("(") or "..." in ln or "⋮" in ln]
    assert walk == expected


def test_nd_skip_and_restart_lines_come_before_the_blank_separator():
    text = format_tensor(arange(1024, (8, 8, 4, 4)), float32)
    assert "\n...   \n     ⋮ \n\n(5 ,0 ,.,.) = \n" in text


# -- properties -------------------------------------------------------------------------------

EXPONENTS = {float64: (-323, 307), float32: (-45, 38), float16: (-7, 4)}
BIG_SHAPES = [(999,), (1000,), (1001,), (1, 999), (1000, 1), (2, 500), (40, 25), (25, 41),
              (1, 7, 143), (2, 2, 250), (10, 10, 10), (3, 3, 7, 16)]


@st.composite
def shapes(draw):
    if draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(BIG_SHAPES))
    ndim = draw(st.integers(0, 4))
    return tuple(draw(st.lists(st.sampled_from([0, 1, 2, 3, 5, 6, 7, 8, 13, 31]),
                               min_size=ndim, max_size=ndim)))


@st.composite
def tensors(draw):
    """(values, dtype): random magnitudes from a few decades, plus some drawn special floats."""
    # the dtypes of PyTorch 0.x (not complex nor bfloat16, which legacy styles refuse or lack)
    dtype = draw(st.sampled_from([d for d in _dtype.ALL
                                  if not d.is_complex and d is not _dtype.bfloat16]))
    shape = draw(shapes())
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    size = math.prod(shape)
    if dtype is bool_:
        return rng.integers(0, 2, shape).astype(bool), dtype
    if not dtype.is_floating_point:
        info = np.iinfo(dtype.np)
        top = draw(st.sampled_from([9, 99, 99999, 100000, int(info.max)]))
        flat = rng.integers(max(info.min, -top), min(info.max, top), size, endpoint=True)
        return flat.astype(dtype.np).reshape(shape), dtype
    low, high = EXPONENTS[dtype]
    decades = draw(st.lists(st.integers(max(low, -6), min(high, 7)) | st.integers(low, high),
                            min_size=1, max_size=3))
    flat = rng.uniform(1, 10, size) * 10.0 ** rng.choice(decades, size) * rng.choice([-1, 1], size)
    if draw(st.booleans()):
        flat = np.round(flat)
    specials = draw(st.lists(st.sampled_from([NAN, INF, -INF, 0.0])
                             | st.floats(width=8 * dtype.itemsize), max_size=3))
    if size:
        flat[rng.integers(0, size, len(specials))] = specials
    with np.errstate(over="ignore"):
        return flat.astype(dtype.np).reshape(shape), dtype


print_options = st.fixed_dictionaries({
    "precision": st.integers(0, 8), "threshold": st.sampled_from([5, 100, 1000, INF]),
    "edgeitems": st.integers(1, 4), "linewidth": st.integers(20, 200)})


def footer(values, dtype):
    """The whole text of an empty tensor, else the last line of a non-empty one."""
    if values.size == 0:
        return f"[torch.{dtype.legacy_type} with no dimension]\n"
    size = "x".join(map(str, values.shape)) if values.ndim else "()"
    return f"\n[torch.{dtype.legacy_type} of size {size}]\n"


SLICE_HEADER = re.compile(r"\((?:\s*\d+\s*,)+\.,\.\) = ")
COLUMNS = re.compile(r"Columns \d+ to \d+ ")


def parse_back(text, shape):
    """(printed values, rounding tolerances) read back from untruncated text, in `shape`."""
    slices, scale = [[]], 1.0  # slices -> column blocks -> rows of (value, tolerance)
    for line in lines(text)[1:-2]:
        if SLICE_HEADER.fullmatch(line):
            slices.append([])
        elif COLUMNS.fullmatch(line):
            slices[-1].append([])
        elif line.endswith(" *"):
            scale = float(line.strip()[:-2])
        elif line:
            if not slices[-1]:
                slices[-1].append([])
            slices[-1][-1].append([read_number(token, scale) for token in line.split()])
    slices = [blocks for blocks in slices if blocks]  # N-D text has no rows before its first header
    pairs = np.stack([np.hstack([np.array(block) for block in blocks]) for blocks in slices])
    return pairs[..., 0].reshape(shape), pairs[..., 1].reshape(shape)


def read_number(token, scale):
    """The value of a printed token, and half a unit of its last printed digit."""
    mantissa, _, exponent = token.partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (int(exponent or 0) - decimals) * scale
    return float(token) * scale, 0.5 * unit


def assert_prints_back(values, text):
    printed, tolerance = parse_back(text, values.shape)
    expected = values.astype(np.float64)
    finite = np.isfinite(expected)
    np.testing.assert_array_equal(printed[~finite], expected[~finite])
    with np.errstate(over="ignore"):  # the spacing above the largest float is inf
        ulp = np.spacing(np.abs(expected[finite]))
    error = np.abs(printed[finite] - expected[finite])
    assert (error <= tolerance[finite] * (1 + 1e-9) + ulp).all()


def printed_in_full(values):
    return values.size and values.size < PRINT_OPTS.threshold


@settings(max_examples=300, deadline=None)
@given(tensors())
def test_any_tensor_prints_without_warnings_and_ends_with_its_footer(tensor):
    values, dtype = tensor
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = format_tensor(values, dtype)
    assert text.endswith(footer(values, dtype)) and text[0] == ("\n" if values.size else "[")


@settings(max_examples=300, deadline=None)
@given(tensors())
def test_untruncated_text_reads_back_as_the_values(tensor):
    values, dtype = tensor
    if printed_in_full(values):
        assert_prints_back(values, format_tensor(values, dtype))


@settings(max_examples=300, deadline=None)
@given(tensors(), print_options)
def test_any_print_options_keep_the_footer_and_the_values(tensor, opts):
    values, dtype = tensor
    with options(**opts):
        text = format_tensor(values, dtype)
        if printed_in_full(values):
            assert_prints_back(values, text)
    assert text.endswith(footer(values, dtype))
