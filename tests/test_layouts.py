"""Weight and activation layouts: channels-last computations written here against torch after conversion."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.lib.stride_tricks import sliding_window_view

from convref.layouts import ACTIVATION_LAYOUTS, WEIGHT_LAYOUTS, convert_activation, convert_weight

rng = np.random.default_rng(20240531)


def torch_nchw(x_nhwc):
    return torch.from_numpy(convert_activation(x_nhwc, "NHWC", "NCHW"))


def to_nhwc(y_nchw):
    return convert_activation(y_nchw, "NCHW", "NHWC")


def keras_conv2d(x, kernel, stride=1, groups=1):
    """Keras Conv2D in NHWC with an HWIO kernel of shape (kH, kW, C_in/groups, C_out), by sliding windows."""
    kh, kw, per_group_in, out_channels = kernel.shape
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::stride, ::stride]  # (N, H', W', C, kH, kW)
    per_group_out = out_channels // groups
    outputs = [np.einsum("nhwcij,ijco->nhwo", windows[..., g * per_group_in:(g + 1) * per_group_in, :, :],
                         kernel[..., g * per_group_out:(g + 1) * per_group_out]) for g in range(groups)]
    return np.concatenate(outputs, axis=-1)


def keras_depthwise_conv2d(x, kernel):
    """Keras DepthwiseConv2D in NHWC with an HWCM kernel; output channel c*M + m."""
    kh, kw, channels, multiplier = kernel.shape
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2))
    out = np.einsum("nhwcij,ijcm->nhwcm", windows, kernel)
    return out.reshape(*out.shape[:3], channels * multiplier)


def keras_conv2d_transpose(x, kernel, stride):
    """Keras Conv2DTranspose ("valid") in NHWC with an HWOI kernel: every input value scatters a kernel."""
    n, height, width, _ = x.shape
    kh, kw, out_channels, _ = kernel.shape
    out = np.zeros((n, (height - 1) * stride + kh, (width - 1) * stride + kw, out_channels))
    for h in range(height):
        for w in range(width):
            out[:, h * stride:h * stride + kh, w * stride:w * stride + kw, :] += np.einsum(
                "nc,ijoc->nijo", x[:, h, w, :], kernel)
    return out


@pytest.mark.parametrize("groups, stride", [(1, 1), (1, 2), (2, 1), (3, 2)])
def test_channels_last_keras_conv_equals_torch_after_conversion(groups, stride):
    x = rng.standard_normal((2, 9, 8, 6))  # NHWC
    kernel = rng.standard_normal((3, 2, 6 // groups, 12))  # HWIO
    expected = keras_conv2d(x, kernel, stride, groups)
    weight = torch.from_numpy(convert_weight(kernel, "HWIO", "OIHW"))
    got = to_nhwc(F.conv2d(torch_nchw(x), weight, stride=stride, groups=groups))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_keras_depthwise_kernel_is_torch_grouped_conv_with_c_times_m_order():
    x = rng.standard_normal((2, 7, 6, 3))
    kernel = rng.standard_normal((3, 3, 3, 2))  # HWCM: 3 channels, depth multiplier 2
    weight = convert_weight(kernel, "HWCM", "OIHW")
    assert weight.shape == (6, 1, 3, 3)
    got = to_nhwc(F.conv2d(torch_nchw(x), torch.from_numpy(weight), groups=3))
    np.testing.assert_allclose(got, keras_depthwise_conv2d(x, kernel), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(convert_weight(weight, "OIHW", "HWCM", groups=3), kernel)


def test_keras_transposed_kernel_is_torch_conv_transpose_weight():
    x = rng.standard_normal((2, 4, 5, 3))
    kernel = rng.standard_normal((3, 2, 4, 3))  # HWOI: 3 input channels, 4 output channels
    weight = convert_weight(kernel, "HWOI", "IOHW")
    assert weight.shape == (3, 4, 3, 2)
    got = to_nhwc(F.conv_transpose2d(torch_nchw(x), torch.from_numpy(weight), stride=2))
    np.testing.assert_allclose(got, keras_conv2d_transpose(x, kernel, 2), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("groups", [1, 2, 3])
def test_grouped_transposed_weight_as_a_direct_convolution(groups):
    # A stride-1 transposed convolution is a direct one over k-1 zeros of padding with each kernel
    # flipped; convert_weight regroups the channel axes, the flip is the caller's.
    x = torch.from_numpy(rng.standard_normal((1, 6, 5, 4)))
    module = torch.nn.ConvTranspose2d(6, 12, (3, 2), groups=groups, bias=False, dtype=torch.float64)
    direct = convert_weight(module.weight, "IOHW", "OIHW", groups=groups)
    assert direct.shape == (12, 6 // groups, 3, 2)
    flipped = torch.from_numpy(np.ascontiguousarray(direct[:, :, ::-1, ::-1]))
    expected = module(x).detach()
    got = F.conv2d(x, flipped, padding=(2, 1), groups=groups)
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(convert_weight(direct, "OIHW", "IOHW", groups=groups),
                                  module.weight.detach().numpy())


def test_1d_and_3d_kernels_follow_torch_and_keras_shapes():
    assert convert_weight(np.zeros((5, 3, 8)), "WIO", "OIW").shape == (8, 3, 5)
    assert convert_weight(np.zeros((8, 3, 2, 4, 5)), "OIDHW", "DHWIO").shape == (2, 4, 5, 3, 8)
    x = rng.standard_normal((2, 11, 4))  # NWC
    kernel = rng.standard_normal((3, 4, 5))  # WIO
    expected = np.einsum("nwci,ico->nwo", sliding_window_view(x, 3, axis=1), kernel)
    got = F.conv1d(torch.from_numpy(convert_activation(x, "NWC", "NCW")),
                   torch.from_numpy(convert_weight(kernel, "WIO", "OIW")))
    np.testing.assert_allclose(convert_activation(got, "NCW", "NWC"), expected, rtol=1e-12, atol=1e-12)


def test_result_is_a_contiguous_copy_and_input_is_untouched():
    w = rng.standard_normal((4, 3, 2, 2))
    before = w.copy()
    for dst in ("OIHW", "HWIO", "IOHW"):
        out = convert_weight(w, "OIHW", dst)
        assert out.flags.c_contiguous and not np.shares_memory(out, w)
        out[...] = 0
    np.testing.assert_array_equal(w, before)
    x = rng.standard_normal((2, 3, 4, 5))
    same = convert_activation(x, "NCHW", "NCHW")
    assert same.flags.c_contiguous and not np.shares_memory(same, x)
    assert convert_weight(torch.zeros(8, 3, 5, 5), "OIHW", "HWIO").shape == (5, 5, 3, 8)


# --------------------------------------------------------------------------
# Round trips

RANK_LETTERS = {1: "W", 2: "HW", 3: "DHW"}


@st.composite
def grouped_kernels(draw):
    """A PyTorch conv weight (O, I/groups, *k) with its groups and rank."""
    rank = draw(st.integers(1, 3))
    groups = draw(st.integers(1, 3))
    per_group_in, per_group_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kernel = draw(st.lists(st.integers(1, 3), min_size=rank, max_size=rank))
    shape = (groups * per_group_out, per_group_in, *kernel)
    return np.arange(np.prod(shape), dtype=float).reshape(shape), groups, rank


def expected_sizes(weight, groups, layout):
    """Size of each axis letter: the full channel axis and the per-group one depend on the family."""
    out_channels, per_group_in, *kernel = weight.shape
    sizes = dict(zip(RANK_LETTERS[len(kernel)], kernel))
    if "M" in layout:
        return {**sizes, "C": groups, "M": out_channels // groups}
    if layout.startswith("IO") or layout.endswith("OI"):
        return {**sizes, "I": per_group_in * groups, "O": out_channels // groups}
    return {**sizes, "O": out_channels, "I": per_group_in}


@settings(max_examples=80, deadline=None)
@given(grouped_kernels())
def test_every_layout_round_trips_through_torch_conv_layout(case):
    weight, groups, rank = case
    spatial = RANK_LETTERS[rank]
    layouts = [layout for layout in WEIGHT_LAYOUTS if len(layout) == rank + 2]
    depthwise = weight.shape[1] == 1
    for layout in layouts:
        if "M" in layout and not depthwise:
            continue
        there = convert_weight(weight, "OI" + spatial, layout, groups=groups)
        assert dict(zip(layout, there.shape)) == expected_sizes(weight, groups, layout)
        back = convert_weight(there, layout, "OI" + spatial, groups=groups)
        np.testing.assert_array_equal(back, weight)
        # Going through any layout gives the same as converting directly.
        for other in layouts:
            if "M" in other and not depthwise:
                continue
            direct = convert_weight(weight, "OI" + spatial, other, groups=groups)
            np.testing.assert_array_equal(convert_weight(there, layout, other, groups=groups), direct)


@settings(max_examples=40, deadline=None)
@given(rank=st.integers(1, 3), batched=st.booleans(), data=st.data())
def test_activations_round_trip(rank, batched, data):
    spatial = RANK_LETTERS[rank]
    first, last = ("NC" + spatial, "N" + spatial + "C") if batched else ("C" + spatial, spatial + "C")
    assert {first, last} <= set(ACTIVATION_LAYOUTS)
    shape = data.draw(st.lists(st.integers(1, 4), min_size=len(first), max_size=len(first)))
    x = np.arange(np.prod(shape), dtype=float).reshape(shape)
    channels_last = convert_activation(x, first, last)
    assert channels_last.shape == (*shape[:-rank - 1], *shape[-rank:], shape[-rank - 1])
    np.testing.assert_array_equal(convert_activation(channels_last, last, first), x)
    if batched and rank == 2:
        np.testing.assert_array_equal(channels_last, torch.from_numpy(x).permute(0, 2, 3, 1).numpy())


# --------------------------------------------------------------------------
# Bad input

BAD = [
    (lambda: convert_weight(np.zeros((2, 3, 3, 3)), "OHWI", "HWIO"), ValueError, "src"),
    (lambda: convert_weight(np.zeros((2, 3, 3, 3)), "OIHW", "hwio"), ValueError, "dst"),
    (lambda: convert_weight(np.zeros((2, 3, 3, 3)), "OIHW", "WIO"), ValueError, "dst"),
    (lambda: convert_weight(np.zeros((2, 3, 3)), "OIHW", "HWIO"), ValueError, "w must be 4-dimensional"),
    (lambda: convert_weight(np.zeros((4, 3, 3, 3)), "IOHW", "OIHW", groups=3), ValueError, "groups=3"),
    (lambda: convert_weight(np.zeros((4, 3, 3, 3)), "OIHW", "IOHW", groups=3), ValueError, "groups=3"),
    (lambda: convert_weight(np.zeros((4, 3, 3, 3)), "OIHW", "HWIO", groups=0), ValueError, "groups"),
    (lambda: convert_weight(np.zeros((4, 3, 3, 3)), "OIHW", "HWIO", groups=1.5), TypeError, "groups"),
    (lambda: convert_weight(np.zeros((6, 1, 3, 3)), "OIHW", "HWCM"), ValueError, "groups must be given"),
    (lambda: convert_weight(np.zeros((6, 2, 3, 3)), "OIHW", "HWCM", groups=3), ValueError, "depthwise"),
    (lambda: convert_weight(np.zeros((3, 3, 3, 2)), "HWCM", "OIHW", groups=2), ValueError, "groups=2"),
    (lambda: convert_weight(np.zeros((2, 3, 3, 3), dtype=complex), "OIHW", "HWIO"), TypeError, "w must be real"),
    (lambda: convert_weight("kernel", "OIHW", "HWIO"), TypeError, "w"),
    (lambda: convert_weight(np.zeros((2, 3, 3, 3)), 4, "HWIO"), ValueError, "src"),
    (lambda: convert_activation(np.zeros((2, 3, 4, 4)), "NCHW", "NWC"), ValueError, "same axes"),
    (lambda: convert_activation(np.zeros((3, 4, 4)), "NCHW", "NHWC"), ValueError, "x must be 4-dimensional"),
    (lambda: convert_activation(np.zeros((2, 3, 4, 4)), "NCHW", "NHCW"), ValueError, "dst"),
    (lambda: convert_activation(np.zeros((2, 3, 4, 4)), "nchw", "NHWC"), ValueError, "src"),
]


@pytest.mark.parametrize("call, error, text", BAD, ids=[f"{i}-{case[2]}" for i, case in enumerate(BAD)])
def test_bad_input_names_the_argument(call, error, text):
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert text in str(info.value)
