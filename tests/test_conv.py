"""convref.conv, im2col and matrix against torch.nn.functional, in float64 and float32."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import convref
from convref import _fast as fast_module

from _strategies import as_tuple, per_axis

TORCH_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONVREF_CONV = {1: convref.conv1d, 2: convref.conv2d, 3: convref.conv3d}
METHODS = {1: ["fast", "loops", "volume", "im2col"], 2: ["fast", "loops", "volume", "im2col", "matrix"],
           3: ["fast", "loops", "volume", "im2col"]}
RTOL64, ATOL64 = 1e-10, 1e-12
# torch warns that it copies the input for "same" with an even kernel; that is its business.
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
RTOL32, ATOL32 = 1e-4, 1e-4


@st.composite
def conv_configs(draw, ndim):
    """A small random convolution layer that torch accepts, with its arrays."""
    max_kernel = 4 if ndim < 3 else 3
    if draw(st.booleans()):  # depthwise, possibly with a channel multiplier
        groups, in_per_group, out_per_group = draw(st.integers(2, 4)), 1, draw(st.integers(1, 2))
    else:
        groups, in_per_group, out_per_group = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kernel = tuple(draw(st.integers(1, max_kernel)) for _ in range(ndim))
    dilation = per_axis(draw, st.integers(1, 3), ndim)
    padding_kind = draw(st.sampled_from(["int", "tuple", "valid", "same"]))
    stride = 1 if padding_kind == "same" else per_axis(draw, st.integers(1, 3), ndim)
    if padding_kind == "int":
        padding = draw(st.integers(0, 2))
    elif padding_kind == "tuple":
        padding = tuple(draw(st.integers(0, 2)) for _ in range(ndim))
    else:
        padding = padding_kind
    pads = (0,) * ndim if isinstance(padding, str) else as_tuple(padding, ndim)
    spans = [d * (k - 1) + 1 for k, d in zip(kernel, as_tuple(dilation, ndim))]
    size = tuple(max(1, span - 2 * p + draw(st.integers(0, 4 if ndim < 3 else 2))) for span, p in zip(spans, pads))
    batch = draw(st.sampled_from([None, 1, 2, 3]))
    in_channels, out_channels = groups * in_per_group, groups * out_per_group
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal(((batch,) if batch else ()) + (in_channels, *size))
    w = rng.standard_normal((out_channels, in_per_group, *kernel))
    b = rng.standard_normal(out_channels) if draw(st.booleans()) else None
    return dict(input=x, weight=w, bias=b, stride=stride, padding=padding, dilation=dilation, groups=groups)


def torch_conv(ndim, config, dtype=None):
    def tensor(a):
        return None if a is None else torch.from_numpy(a if dtype is None else a.astype(dtype))

    return TORCH_CONV[ndim](tensor(config["input"]), tensor(config["weight"]), tensor(config["bias"]),
                            stride=config["stride"], padding=config["padding"], dilation=config["dilation"],
                            groups=config["groups"]).numpy()


@pytest.mark.parametrize("method", METHODS[2])
@settings(max_examples=40)
@given(config=conv_configs(2))
def test_conv2d_every_method_matches_torch(method, config):
    expected = torch_conv(2, config)
    out = convref.conv2d(**config, method=method)
    assert out.shape == expected.shape
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)


@pytest.mark.parametrize("ndim, method", [(n, m) for n in (1, 3) for m in METHODS[n]])
@settings(max_examples=20)
@given(data=st.data())
def test_conv1d_conv3d_match_torch(ndim, method, data):
    config = data.draw(conv_configs(ndim))
    expected = torch_conv(ndim, config)
    out = CONVREF_CONV[ndim](**config, method=method)
    assert out.shape == expected.shape
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)


@pytest.mark.parametrize("ndim, method", [(n, m) for n in (1, 2, 3) for m in METHODS[n]])
@pytest.mark.parametrize("kernel, dilation", [(2, 1), (4, 1), (2, 3), (3, 2), (4, 3)])
def test_same_padding_puts_the_odd_zero_after_like_torch(ndim, method, kernel, dilation):
    """Even kernels with odd dilation pad asymmetrically; mixed sizes per axis too."""
    rng = np.random.default_rng(kernel * 10 + dilation)
    kernel_size = (kernel, 3, kernel + 1)[:ndim] if ndim > 1 else (kernel,)
    config = dict(input=rng.standard_normal((2, 2, *(7,) * ndim)),
                  weight=rng.standard_normal((3, 2, *kernel_size)), bias=rng.standard_normal(3),
                  stride=1, padding="same", dilation=dilation, groups=1)
    out = CONVREF_CONV[ndim](**config, method=method)
    assert out.shape[2:] == config["input"].shape[2:]
    np.testing.assert_allclose(out, torch_conv(ndim, config), rtol=RTOL64, atol=ATOL64)


@pytest.mark.parametrize("ndim", [1, 2, 3])
@settings(max_examples=15)
@given(data=st.data())
def test_float32_stays_float32_and_matches_torch(ndim, data):
    config = data.draw(conv_configs(ndim))
    config32 = {k: v.astype(np.float32) if isinstance(v, np.ndarray) else v for k, v in config.items()}
    expected = torch_conv(ndim, config32)
    for method in METHODS[ndim]:
        out = CONVREF_CONV[ndim](**config32, method=method)
        assert out.dtype == np.float32, method
        np.testing.assert_allclose(out, expected, rtol=RTOL32, atol=ATOL32, err_msg=method)


def test_mixed_dtypes_compute_in_the_wider_one():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 4, 7, 7)).astype(np.float32)
    w = rng.standard_normal((3, 4, 3, 3))
    out = convref.conv2d(x, w, padding=1)
    assert out.dtype == np.float64
    expected = F.conv2d(torch.from_numpy(x.astype(np.float64)), torch.from_numpy(w), padding=1).numpy()
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)


def test_integer_input_is_promoted_to_float64():
    x = np.arange(2 * 5 * 5).reshape(1, 2, 5, 5)
    w = np.ones((1, 2, 2, 2), dtype=int)
    out = convref.conv2d(x, w)
    assert out.dtype == np.float64
    expected = F.conv2d(torch.from_numpy(x.astype(float)), torch.from_numpy(w.astype(float))).numpy()
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("stride", [1, (2, 1)])
@pytest.mark.parametrize("depthwise", [False, True])
def test_fast_path_chunk_boundaries(monkeypatch, depthwise, stride):
    """Force blocks of one output row of one sample so every block boundary is crossed."""
    monkeypatch.setattr(fast_module, "_BLOCK_BYTES", 1)
    rng = np.random.default_rng(3)
    groups = 4 if depthwise else 2
    x = rng.standard_normal((3, 4, 9, 8))
    w = rng.standard_normal((8, 4 // groups, 3, 2))
    b = rng.standard_normal(8)
    out = convref.conv2d(x, w, b, stride=stride, padding=(1, 2), dilation=(1, 2), groups=groups)
    expected = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), stride=stride,
                        padding=(1, 2), dilation=(1, 2), groups=groups).numpy()
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)


def test_empty_batch_gives_empty_output_like_torch():
    x, w = np.zeros((0, 2, 5, 5)), np.ones((3, 2, 3, 3))
    expected = F.conv2d(torch.from_numpy(x), torch.from_numpy(w)).numpy()
    for method in METHODS[2]:
        assert convref.conv2d(x, w, method=method).shape == expected.shape


@settings(max_examples=40)
@given(config=conv_configs(2))
def test_correlate2d_is_a_one_channel_torch_conv(config):
    channel = config["input"].reshape(-1, *config["input"].shape[-2:])[0]
    kernel = config["weight"][0, 0]
    args = dict(stride=config["stride"], padding=config["padding"], dilation=config["dilation"])
    expected = F.conv2d(torch.from_numpy(channel)[None, None], torch.from_numpy(kernel)[None, None], **args)
    np.testing.assert_allclose(convref.correlate2d(channel, kernel, **args), expected.numpy()[0, 0],
                               rtol=RTOL64, atol=ATOL64)


@settings(max_examples=40)
@given(config=conv_configs(2))
def test_per_channel_maps_are_single_channel_convs_that_sum_to_the_layer(config):
    x = config["input"].reshape(-1, *config["input"].shape[-3:])[0]
    w, b, groups = config["weight"], config["bias"], config["groups"]
    args = dict(stride=config["stride"], padding=config["padding"], dilation=config["dilation"])
    maps = convref.per_channel_maps(x, w, groups=groups, **args)
    out_per_group, in_per_group = w.shape[0] // groups, w.shape[1]
    assert maps.shape[:2] == w.shape[:2]
    for o in range(w.shape[0]):
        for c in range(in_per_group):
            channel = (o // out_per_group) * in_per_group + c
            single = F.conv2d(torch.from_numpy(x[channel])[None, None], torch.from_numpy(w[o, c])[None, None], **args)
            np.testing.assert_allclose(maps[o, c], single.numpy()[0, 0], rtol=RTOL64, atol=ATOL64)
    layer = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), None if b is None else torch.from_numpy(b),
                     groups=groups, **args).numpy()
    summed = maps.sum(axis=1) + (0.0 if b is None else b[:, None, None])
    np.testing.assert_allclose(summed, layer, rtol=RTOL64, atol=ATOL64)


@settings(max_examples=40)
@given(config=conv_configs(2))
def test_im2col_matches_torch_unfold(config):
    if isinstance(config["padding"], str):  # unfold takes no padding strings
        config["padding"] = 0
    x, kernel_size = config["input"], config["weight"].shape[2:]
    args = dict(stride=config["stride"], padding=config["padding"], dilation=config["dilation"])
    batched = torch.from_numpy(x if x.ndim == 4 else x[None])
    expected = F.unfold(batched, kernel_size, **args).numpy()
    columns = convref.im2col(x, kernel_size, **args)
    np.testing.assert_array_equal(columns, expected if x.ndim == 4 else expected[0])


def structural_nonzeros(weight_shape, input_shape, stride, padding, dilation):
    """Count, output by output, the taps that land inside the unpadded input."""
    out_channels, in_per_group, k_h, k_w = weight_shape
    _, height, width = input_shape
    (s_h, s_w), (d_h, d_w) = stride, dilation
    (top, bottom), (left, right) = padding
    count = 0
    for y in range(0, height + top + bottom - d_h * (k_h - 1), s_h):
        for x in range(0, width + left + right - d_w * (k_w - 1), s_w):
            rows = sum(0 <= y + i * d_h - top < height for i in range(k_h))
            cols = sum(0 <= x + j * d_w - left < width for j in range(k_w))
            count += rows * cols
    return count * out_channels * in_per_group


@settings(max_examples=40)
@given(config=conv_configs(2))
def test_conv2d_matrix_times_input_is_the_layer(config):
    x = config["input"].reshape(-1, *config["input"].shape[-3:])[0]
    w = config["weight"]
    args = {k: config[k] for k in ("stride", "padding", "dilation", "groups")}
    matrix = convref.conv2d_matrix(w, x.shape, **args)
    expected = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), **args).numpy()
    assert matrix.shape == (expected.size, x.size)
    np.testing.assert_allclose(matrix @ x.ravel(), expected.ravel(), rtol=RTOL64, atol=ATOL64)

    k_h, k_w = w.shape[2:]
    dilation, stride = as_tuple(config["dilation"], 2), as_tuple(config["stride"], 2)
    if config["padding"] == "same":  # the odd zero goes after, as in torch
        padding = [(d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip((k_h, k_w), dilation)]
    elif config["padding"] == "valid":
        padding = [(0, 0), (0, 0)]
    else:
        padding = [(p, p) for p in as_tuple(config["padding"], 2)]
    assert np.count_nonzero(matrix) == structural_nonzeros(w.shape, x.shape, stride, padding, dilation)


def test_conv2d_matrix_is_refused_above_the_size_limit():
    with pytest.raises(ValueError, match="input_shape"):
        convref.conv2d_matrix(np.ones((64, 64, 3, 3)), (64, 64, 64))
    with pytest.raises(ValueError, match="MAX_MATRIX_ENTRIES"):
        convref.conv2d(np.ones((64, 64, 64)), np.ones((64, 64, 3, 3)), method="matrix")


@pytest.mark.parametrize("ndim", [1, 2, 3])
@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_propagate_like_torch(ndim, value):
    rng = np.random.default_rng(ndim)
    x = rng.standard_normal((2, 4, *(6,) * ndim))
    x[(1, 2, *(3,) * ndim)] = value
    x[(0, 0, *(0,) * ndim)] = -value
    w = rng.standard_normal((4, 2, *(3,) * ndim))
    config = dict(input=x, weight=w, bias=None, stride=1, padding=1, dilation=1, groups=2)
    expected = torch_conv(ndim, config)
    assert not np.isfinite(expected).all() and np.isfinite(expected).any()
    for method in METHODS[ndim]:
        if method == "matrix":
            continue
        out = CONVREF_CONV[ndim](**config, method=method)
        np.testing.assert_array_equal(np.isnan(out), np.isnan(expected), err_msg=method)
        np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64, err_msg=method)


def test_matrix_method_spreads_nan_as_documented():
    x = np.ones((1, 5, 5))
    x[0, 0, 0] = np.nan
    out = convref.conv2d(x, np.ones((1, 1, 2, 2)), method="matrix")
    assert np.isnan(out).all()


def readonly(array):
    array = np.array(array)
    array.setflags(write=False)
    return array


@pytest.mark.parametrize("method", METHODS[2])
def test_inputs_are_not_modified(method):
    rng = np.random.default_rng(7)
    x, w, b = (readonly(rng.standard_normal(s)) for s in [(2, 4, 6, 6), (6, 2, 3, 3), (6,)])
    copies = [a.copy() for a in (x, w, b)]
    convref.conv2d(x, w, b, padding="same", groups=2, method=method)
    convref.conv1d(x[:, :, 0], w[:, :, 0], b, padding=1, groups=2, method="loops" if method == "matrix" else method)
    convref.conv3d(x[:, :, None], w[:, :, None], b, padding=1, groups=2, method="loops" if method == "matrix"
                   else method)
    convref.correlate2d(x[0, 0], w[0, 0], padding=1)
    convref.per_channel_maps(x[0], w, padding=1, groups=2)
    convref.im2col(x, 3, padding=1)
    convref.conv2d_matrix(w, x.shape[1:], padding=1, groups=2)
    for array, copy in zip((x, w, b), copies):
        np.testing.assert_array_equal(array, copy)


def test_torch_tensors_are_accepted():
    x, w = torch.randn(1, 2, 5, 5, dtype=torch.float64), torch.randn(3, 2, 3, 3, dtype=torch.float64)
    np.testing.assert_allclose(convref.conv2d(x, w), F.conv2d(x, w).numpy(), rtol=RTOL64, atol=ATOL64)
