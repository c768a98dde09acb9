"""The modern (torch 2.x) tensor repr, rule by rule, then against real torch 2.13 as the oracle."""
import json
import math
import pathlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_nb._core import _dtype
from autograd_nb._core._dtype import (bool_, float16, float32, float64, int8, int16, int32, int64,
                                      uint8)
from autograd_nb.eras._printing.modern import format_tensor
from autograd_nb.eras._printing.options import PRINT_OPTS, get_printoptions, set_printoptions

CASES = json.loads((pathlib.Path(__file__).parent / "data" / "modern_print_cases.json").read_text())
DTYPES_BY_NAME = {d.name: d for d in _dtype.ALL}
NAN, INF = math.nan, math.inf


@pytest.fixture(autouse=True)
def restore_print_options():
    saved = get_printoptions()
    yield
    for name, value in saved.items():
        setattr(PRINT_OPTS, name, value)


def show(data, dtype=float32, **kwargs):
    """Our repr of `data` stored as `dtype`."""
    return format_tensor(np.array(data, dtype=dtype.np), dtype, **kwargs)


def arange(n, dtype=float32, shape=None):
    values = np.arange(n).astype(dtype.np)
    return format_tensor(values.reshape(shape or (n,)), dtype)


# -- overall structure ------------------------------------------------------------------------

def test_body_sits_between_prefix_and_closing_parenthesis():
    assert show([1., 2., 3.]) == "tensor([1., 2., 3.])"


def test_zero_dim_prints_the_bare_value():
    assert show(27.) == "tensor(27.)"


def test_zero_dim_int_and_bool_print_bare_values():
    assert (show(3, int64), show(True, bool_)) == ("tensor(3)", "tensor(True)")


def test_prefix_length_sets_the_continuation_indent():
    text = show([[1., 2.], [3., 4.]], prefix="Parameter(")
    assert text == "Parameter([[1., 2.],\n           [3., 4.]])"


# -- element formatter: integers and bools ----------------------------------------------------

def test_ints_are_right_aligned_to_the_longest():
    assert show([-1, 10, 100], int64) == "tensor([ -1,  10, 100])"


def test_bools_are_right_aligned_to_the_longest():
    assert show([True, False], bool_) == "tensor([ True, False])"


# -- element formatter: floats ----------------------------------------------------------------

def test_whole_floats_print_with_a_trailing_dot():
    assert show([1., -2., 27.]) == "tensor([ 1., -2., 27.])"


def test_whole_float_width_counts_the_dot():
    assert show([1., 1000.]) == "tensor([   1., 1000.])"


def test_fractional_floats_use_precision_decimals():
    assert show([1.5, 2., 3.]) == "tensor([1.5000, 2.0000, 3.0000])"


def test_fixed_width_counts_the_minus_sign():
    assert show([-1.5, 2.25]) == "tensor([-1.5000,  2.2500])"


def test_values_are_rounded_from_their_float32_image():
    assert show([12345.678]) == "tensor([12345.6777])"


def test_ratio_above_1000_is_scientific():
    assert show([1., 1001.]) == "tensor([1.0000e+00, 1.0010e+03])"


def test_ratio_of_exactly_1000_is_not_scientific():
    assert show([0.5, 500.]) == "tensor([  0.5000, 500.0000])"


def test_max_above_1e8_is_scientific():
    assert show([1.5e8]) == "tensor([1.5000e+08])"


def test_max_of_exactly_1e8_is_not_scientific():
    assert show([1e8]) == "tensor([100000000.])"


def test_min_below_1e_4_is_scientific():
    assert show([1e-5, 1.]) == "tensor([1.0000e-05, 1.0000e+00])"


def test_float32_1e_4_is_below_1e_4_so_scientific():
    assert show([0.0001, 0.1]) == "tensor([1.0000e-04, 1.0000e-01])"


def test_float64_1e_4_is_not_below_1e_4():
    assert show([0.0001, 0.1], float64) == "tensor([0.0001, 0.1000], dtype=torch.float64)"


def test_scientific_pads_to_the_widest():
    assert show([-1e-3, 5.]) == "tensor([-1.0000e-03,  5.0000e+00])"


def test_scientific_exponent_has_at_least_two_digits():
    assert show(1e-10) == "tensor(1.0000e-10)"


def test_zeros_only_print_unpadded_whole():
    assert show([0., -0.]) == "tensor([0., -0.])"


def test_nonfinite_only_prints_unpadded():
    assert show([NAN, INF]) == "tensor([nan, inf])"


def test_nonfinite_is_padded_to_the_width():
    assert show([NAN, 1.5, -INF]) == "tensor([   nan, 1.5000,   -inf])"


def test_nonfinite_may_be_wider_than_the_width():
    assert show([NAN, 1., INF]) == "tensor([nan, 1., inf])"


def test_nonfinite_is_padded_in_scientific_mode():
    assert show([INF, -INF, 1e-5]) == "tensor([       inf,       -inf, 1.0000e-05])"


def test_zero_does_not_decide_the_mode():
    assert show([0., 0.5, 1000.]) == "tensor([0.0000e+00, 5.0000e-01, 1.0000e+03])"


def test_negative_zero_may_be_wider_than_the_width():
    assert show([-0., 1.5]) == "tensor([-0.0000, 1.5000])"


def test_float16_formats_its_exact_value():
    assert show([0.1], float16) == "tensor([0.1000], dtype=torch.float16)"


# -- summarization ----------------------------------------------------------------------------

def test_numel_at_threshold_prints_everything():
    text = format_tensor(np.ones(1000, np.float32), float32)
    assert "..." not in text and text.count("\n") == 55


def test_numel_above_threshold_is_summarized():
    assert format_tensor(np.ones(1001, np.float32), float32) == "tensor([1., 1., 1.,  ..., 1., 1., 1.])"


def test_summarized_vector_shows_edges_around_an_ellipsis():
    assert arange(2000, int64) == "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"


def test_summarized_formatter_sees_only_the_edge_values():
    values = np.ones(1001, np.float32)
    values[500] = 0.5
    assert format_tensor(values, float32) == "tensor([1., 1., 1.,  ..., 1., 1., 1.])"


def test_summarized_matrix_shows_an_ellipsis_row():
    set_printoptions(threshold=10)
    assert arange(64, int64, (8, 8)) == (
        "tensor([[ 0,  1,  2,  ...,  5,  6,  7],\n"
        "        [ 8,  9, 10,  ..., 13, 14, 15],\n"
        "        [16, 17, 18,  ..., 21, 22, 23],\n"
        "        ...,\n"
        "        [40, 41, 42,  ..., 45, 46, 47],\n"
        "        [48, 49, 50,  ..., 53, 54, 55],\n"
        "        [56, 57, 58,  ..., 61, 62, 63]])")


def test_summarized_3d_puts_the_ellipsis_between_blank_lines():
    set_printoptions(threshold=10)
    text = arange(160, int64, (8, 4, 5))
    assert "[ 55,  56,  57,  58,  59]],\n\n        ...,\n\n        [[100, 101" in text


# -- layout -----------------------------------------------------------------------------------

def test_lines_hold_as_many_elements_as_fit():
    assert arange(20) == (
        "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
        "        14., 15., 16., 17., 18., 19.])")


def test_rows_pack_with_their_deeper_indent():
    line = ", ".join(["0.3333"] * 9)
    rest = ", ".join(["0.3333"] * 4)
    expected = (f"tensor([[{line},\n         {rest}],\n"
                f"        [{line},\n         {rest}]])")
    assert format_tensor(np.ones((2, 13), np.float32) / 3, float32) == expected


def test_summarized_ellipsis_counts_as_one_element_of_a_line():
    assert arange(2000) == (
        "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
        "        1.9990e+03])")


def test_matrix_rows_are_separated_by_one_newline():
    assert arange(4, shape=(2, 2)) == "tensor([[0., 1.],\n        [2., 3.]])"


def test_3d_blocks_are_separated_by_a_blank_line():
    assert arange(8, shape=(2, 2, 2)) == (
        "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])")


def test_4d_blocks_are_separated_by_two_blank_lines():
    assert arange(2, shape=(2, 1, 1, 1)) == "tensor([[[[0.]]],\n\n\n        [[[1.]]]])"


# -- suffixes ---------------------------------------------------------------------------------

def test_suffix_follows_the_last_line():
    assert show([[1., 1.], [1., 1.]], requires_grad=True) == (
        "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)")


def test_grad_fn_replaces_requires_grad():
    assert show([1.], grad_fn_name="AddBackward0", requires_grad=True) == (
        "tensor([1.], grad_fn=<AddBackward0>)")


def test_suffix_wraps_when_the_line_would_be_too_long():
    values = np.arange(8, dtype=np.float32) / 7
    assert format_tensor(values, float32, grad_fn_name="DivBackward0") == (
        "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000],\n"
        "       grad_fn=<DivBackward0>)")


def test_second_suffix_shares_the_continuation_line():
    values = np.arange(7, dtype=np.float64) / 7
    assert format_tensor(values, float64, requires_grad=True) == (
        "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571],\n"
        "       dtype=torch.float64, requires_grad=True)")


@pytest.mark.parametrize("dtype", [float32, int64, bool_], ids=repr)
def test_dtype_suffix_is_omitted_when_the_elements_imply_it(dtype):
    assert "dtype" not in show([1, 0], dtype)


@pytest.mark.parametrize("dtype", [float64, float16, int32, int16, int8, uint8], ids=repr)
def test_dtype_suffix_names_other_dtypes(dtype):
    assert show([1, 0], dtype).endswith(f", dtype={dtype!r})")


# -- empty tensors ----------------------------------------------------------------------------

def test_empty_default_float_vector_has_no_suffix():
    assert show([]) == "tensor([])"


@pytest.mark.parametrize("dtype", [int64, bool_, float64, int32], ids=repr)
def test_empty_names_every_non_default_dtype(dtype):
    assert show([], dtype) == f"tensor([], dtype={dtype!r})"


def test_empty_non_vector_shows_its_size():
    assert format_tensor(np.zeros((2, 0), np.float32), float32) == "tensor([], size=(2, 0))"


def test_empty_size_comes_before_dtype_and_requires_grad():
    values = np.zeros((0, 3), np.int32)
    assert format_tensor(values, int32, requires_grad=True) == (
        "tensor([], size=(0, 3), dtype=torch.int32, requires_grad=True)")


# -- print options ----------------------------------------------------------------------------

def test_options_are_read_at_print_time():
    before = show([1.12345])
    set_printoptions(precision=2)
    assert (before, show([1.12345])) == ("tensor([1.1235])", "tensor([1.12])")


def test_precision_sets_scientific_digits():
    set_printoptions(precision=2)
    assert show([1e-5, 1.]) == "tensor([1.00e-05, 1.00e+00])"


def test_precision_zero_rounds_half_to_even():
    set_printoptions(precision=0)
    assert show([1.5, 2.25]) == "tensor([2, 2])"


def test_threshold_lowers_the_summarization_point():
    set_printoptions(threshold=5)
    assert arange(10, int64) == "tensor([0, 1, 2,  ..., 7, 8, 9])"


def test_infinite_threshold_never_summarizes():
    set_printoptions(threshold=math.inf)
    assert "..." not in arange(5000, int64)


def test_edgeitems_sets_how_many_edge_entries_show():
    set_printoptions(threshold=10, edgeitems=1)
    assert arange(64, int64, (8, 8)) == "tensor([[ 0,  ...,  7],\n        ...,\n        [56,  ..., 63]])"


def test_zero_edgeitems_summarizes_to_a_bare_ellipsis_with_size():
    set_printoptions(threshold=10, edgeitems=0)
    assert arange(64, int32, (8, 8)) == "tensor([...], size=(8, 8), dtype=torch.int32)"


def test_zero_edgeitems_shows_size_even_unsummarized():
    set_printoptions(edgeitems=0)
    assert (arange(4), show(2.)) == ("tensor([0., 1., 2., 3.], size=(4,))", "tensor(2., size=())")


def test_linewidth_sets_elements_per_line_and_suffix_wrapping():
    set_printoptions(linewidth=20)
    assert format_tensor(np.arange(5, dtype=np.float32), float32, grad_fn_name="MulBackward0") == (
        "tensor([0., 1., 2.,\n        3., 4.],\n       grad_fn=<MulBackward0>)")


def test_sci_mode_true_forces_scientific():
    set_printoptions(sci_mode=True)
    assert show([1., 2.]) == "tensor([1.0000e+00, 2.0000e+00])"


def test_sci_mode_true_leaves_all_zero_tensors_whole():
    set_printoptions(sci_mode=True)
    assert show([0., -0.]) == "tensor([0., -0.])"


def test_sci_mode_false_forbids_scientific():
    set_printoptions(sci_mode=False)
    assert show([1e-5, 1.]) == "tensor([0.0000, 1.0000])"


def test_sci_mode_false_keeps_large_whole_floats_whole():
    set_printoptions(sci_mode=False)
    assert show([1e9, 1.]) == "tensor([1000000000.,          1.])"


def test_short_profile_uses_two_decimals_and_two_edge_items():
    set_printoptions(profile="short")
    assert (show([1.12345, 2.]), arange(2000, int64)) == (
        "tensor([1.12, 2.00])", "tensor([   0,    1,  ..., 1998, 1999])")


def test_full_profile_prints_everything():
    set_printoptions(profile="full")
    assert "..." not in format_tensor(np.ones(1001, np.float32), float32)


# -- torch 2.13 as the oracle -----------------------------------------------------------------

def ours_for(t):
    """Our repr of torch tensor `t`, built only from its values, dtype and autograd state."""
    torch = pytest.importorskip("torch")
    name = str(t.dtype).removeprefix("torch.")
    if name not in DTYPES_BY_NAME:
        pytest.skip(f"autograd_nb has no {name} dtype")
    grad_fn_name = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    dtype = DTYPES_BY_NAME[name]
    if name == "bfloat16":  # torch's numpy() refuses it: its values, in ml_dtypes' type
        pytest.importorskip("ml_dtypes")
        values = t.detach().float().numpy().astype(dtype.np)
    else:
        values = t.detach().numpy()
    text = format_tensor(values, dtype,
                         grad_fn_name=grad_fn_name, requires_grad=t.requires_grad)
    if isinstance(t, torch.nn.Parameter):
        text = "Parameter containing:\n" + text
    return text


@pytest.mark.parametrize("case", CASES, ids=[case["code"][:60] for case in CASES])
def test_matches_torch_ground_truth(case):
    torch = pytest.importorskip("torch")
    result = eval(case["code"], {"torch": torch})
    if not isinstance(result, torch.Tensor):
        pytest.skip(f"the result is {result!r}, not a tensor")
    assert ours_for(result) == case["repr"] == repr(result)


def float_values(width):
    """Floats of every magnitude, whole numbers, and the special values."""
    return st.one_of(
        st.floats(width=width),
        st.integers(-2000, 2000).map(float),
        st.builds(lambda mantissa, exponent: mantissa * 10.0 ** exponent,
                  st.floats(-10, 10, width=width), st.integers(-12, 12)),
        st.sampled_from([0.0, -0.0, NAN, INF, -INF, 1e-4, 1e8, 1000.0]),
    )


def values_of(dtype):
    if dtype is bool_:
        return st.booleans()
    if dtype.is_floating_point:
        return float_values(8 * dtype.itemsize)
    if dtype.is_complex:  # each part as a float of half the size
        part = float_values(4 * dtype.itemsize)
        return st.builds(complex, part, part)
    info = np.iinfo(dtype.np)
    return st.one_of(st.integers(-3, 3).filter(lambda v: info.min <= v <= info.max),
                     st.integers(int(info.min), int(info.max)))


# Shapes near the default threshold of 1000 elements, on either side of it.
THRESHOLD_SHAPES = [(1000,), (1001,), (7, 143), (10, 10, 10), (2, 3, 167), (1, 1001), (3, 4, 5, 17)]


@st.composite
def tensors(draw):
    """(values, dtype, requires_grad): values drawn from a small pool spread over the shape."""
    dtype = draw(st.sampled_from([d for d in _dtype.ALL if d.available]))
    shape = draw(st.one_of(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=8),
                           st.sampled_from(THRESHOLD_SHAPES)))
    pool = draw(st.lists(values_of(dtype), min_size=1, max_size=12))
    seed = draw(st.integers(0, 2**32 - 1))
    with np.errstate(over="ignore"):  # float16: large magnitudes become inf, as in torch
        pool = np.array(pool, dtype=np.float64 if dtype.is_floating_point else
                        np.complex128 if dtype.is_complex else object).astype(dtype.np)
    values = np.random.default_rng(seed).choice(pool, size=shape)
    requires_grad = (dtype.is_floating_point or dtype.is_complex) and draw(st.booleans())
    return values.astype(dtype.np).reshape(shape), dtype, requires_grad


def torch_repr(values, requires_grad):
    """torch's repr of the same values; requires_grad tensors get a grad_fn half the time."""
    torch = pytest.importorskip("torch")
    if values.dtype.name == "bfloat16":  # torch takes no ml_dtypes array: through float32
        t = torch.from_numpy(values.astype(np.float32)).to(torch.bfloat16)
    else:
        t = torch.from_numpy(values.copy())
    if requires_grad:
        t.requires_grad_()
        if values.size % 2:
            t = t.clone()
    return repr(t), type(t.grad_fn).__name__ if t.grad_fn is not None else None


def assert_matches_torch(values, dtype, requires_grad):
    expected, grad_fn_name = torch_repr(values, requires_grad)
    assert format_tensor(values, dtype, grad_fn_name=grad_fn_name,
                         requires_grad=requires_grad) == expected


@settings(max_examples=300, deadline=None)
@given(tensors())
def test_random_tensors_match_torch(tensor):
    pytest.importorskip("torch")
    assert_matches_torch(*tensor)


print_options = st.fixed_dictionaries({}, optional={
    "precision": st.integers(0, 10),
    "threshold": st.one_of(st.integers(0, 1200), st.just(math.inf)),
    "edgeitems": st.integers(0, 5),
    "linewidth": st.integers(0, 120),
    "profile": st.sampled_from(["default", "short", "full"]),
    "sci_mode": st.booleans(),
})


@settings(max_examples=300, deadline=None)
@given(tensors(), print_options)
def test_random_tensors_match_torch_under_random_print_options(tensor, options):
    torch = pytest.importorskip("torch")
    saved = get_printoptions()
    try:
        torch.set_printoptions(**options)
        set_printoptions(**options)
        assert_matches_torch(*tensor)
    finally:
        torch.set_printoptions(profile="default")
        for name, value in saved.items():
            setattr(PRINT_OPTS, name, value)
