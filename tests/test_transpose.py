"""convref.transpose against torch.nn.functional.conv_transpose{1,2,3}d."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import convref

from _strategies import as_tuple, per_axis

TORCH = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
CONVREF = {1: convref.conv_transpose1d, 2: convref.conv_transpose2d, 3: convref.conv_transpose3d}
CONV = {1: convref.conv1d, 2: convref.conv2d, 3: convref.conv3d}
RTOL64, ATOL64 = 1e-10, 1e-12


@st.composite
def transpose_configs(draw, ndim):
    if draw(st.booleans()):  # depthwise
        groups, in_per_group, out_per_group = draw(st.integers(2, 4)), 1, draw(st.integers(1, 2))
    else:
        groups, in_per_group, out_per_group = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    max_kernel, max_size = (4, 5) if ndim < 3 else (3, 3)
    kernel = tuple(draw(st.integers(1, max_kernel)) for _ in range(ndim))
    size = tuple(draw(st.integers(1, max_size)) for _ in range(ndim))
    stride = per_axis(draw, st.integers(1, 3), ndim)
    dilation = per_axis(draw, st.integers(1, 3), ndim)
    # torch: output_padding < max(stride, dilation); padding must leave at least one output
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1))
                           for s, d in zip(as_tuple(stride, ndim), as_tuple(dilation, ndim)))
    padding = tuple(
        draw(st.integers(0, ((n - 1) * s + d * (k - 1) + op) // 2))
        for n, k, s, d, op in zip(size, kernel, as_tuple(stride, ndim), as_tuple(dilation, ndim), output_padding)
    )
    if draw(st.booleans()) and len(set(padding)) == 1:
        padding = padding[0]
    if draw(st.booleans()) and len(set(output_padding)) == 1:
        output_padding = output_padding[0]
    batch = draw(st.sampled_from([None, 1, 2, 3]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal(((batch,) if batch else ()) + (groups * in_per_group, *size))
    w = rng.standard_normal((groups * in_per_group, out_per_group, *kernel))
    b = rng.standard_normal(groups * out_per_group) if draw(st.booleans()) else None
    return dict(input=x, weight=w, bias=b, stride=stride, padding=padding, output_padding=output_padding,
                groups=groups, dilation=dilation)


def torch_transpose(ndim, config, dtype=None):
    def tensor(a):
        return None if a is None else torch.from_numpy(a if dtype is None else a.astype(dtype))

    return TORCH[ndim](tensor(config["input"]), tensor(config["weight"]), tensor(config["bias"]),
                       stride=config["stride"], padding=config["padding"], output_padding=config["output_padding"],
                       groups=config["groups"], dilation=config["dilation"]).numpy()


@pytest.mark.parametrize("ndim", [1, 2, 3])
@settings(max_examples=40)
@given(data=st.data())
def test_conv_transpose_matches_torch(ndim, data):
    config = data.draw(transpose_configs(ndim))
    expected = torch_transpose(ndim, config)
    out = CONVREF[ndim](**config)
    assert out.shape == expected.shape
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)


@pytest.mark.parametrize("ndim", [1, 2, 3])
@settings(max_examples=10)
@given(data=st.data())
def test_float32_stays_float32(ndim, data):
    config = data.draw(transpose_configs(ndim))
    config = {k: v.astype(np.float32) if isinstance(v, np.ndarray) else v for k, v in config.items()}
    out = CONVREF[ndim](**config)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, torch_transpose(ndim, config), rtol=1e-4, atol=1e-4)


def test_arguments_are_positional_in_torch_order():
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((1, 2, 4, 4)), rng.standard_normal((2, 3, 3, 3)), rng.standard_normal(3)
    # stride, padding, output_padding, groups, dilation
    args = (2, 1, 1, 1, 2)
    expected = F.conv_transpose2d(*(torch.from_numpy(a) for a in (x, w, b)), *args).numpy()
    np.testing.assert_allclose(convref.conv_transpose2d(x, w, b, *args), expected, rtol=RTOL64, atol=ATOL64)


@pytest.mark.parametrize("ndim", [1, 2, 3])
@settings(max_examples=15)
@given(data=st.data())
def test_transpose_is_the_adjoint_of_the_convolution(ndim, data):
    """<conv(x, W), y> == <x, conv_transpose(y, W)>, with no torch involved."""
    config = data.draw(transpose_configs(ndim))
    # With output_padding >= stride (allowed when dilation > stride) the
    # convolution of the result has more outputs than y: another geometry.
    strides = as_tuple(config["stride"], ndim)
    assume(all(op < s for op, s in zip(as_tuple(config["output_padding"], ndim), strides)))
    y, w = config["input"], config["weight"]
    args = dict(stride=config["stride"], padding=config["padding"], dilation=config["dilation"],
                groups=config["groups"])
    transposed = CONVREF[ndim](y, w, output_padding=config["output_padding"], **args)
    x = np.random.default_rng(1).standard_normal(transposed.shape)
    forward = CONV[ndim](x, w, method="loops", **args)
    assert forward.shape == y.shape
    np.testing.assert_allclose(np.vdot(forward, y), np.vdot(x, transposed), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_nan_and_inf_propagate_like_torch(value):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 4, 5, 5))
    x[1, 3, 2, 2] = value
    config = dict(input=x, weight=rng.standard_normal((4, 3, 3, 3)), bias=None, stride=2, padding=1,
                  output_padding=1, groups=1, dilation=1)
    expected = torch_transpose(2, config)
    out = convref.conv_transpose2d(**config)
    np.testing.assert_array_equal(np.isnan(out), np.isnan(expected))
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)


def test_inputs_are_not_modified():
    rng = np.random.default_rng(2)
    arrays = [rng.standard_normal(s) for s in [(2, 4, 5, 5), (4, 3, 3, 3), (6,)]]
    copies = [a.copy() for a in arrays]
    for a in arrays:
        a.setflags(write=False)
    convref.conv_transpose2d(*arrays, stride=2, padding=1, output_padding=1, groups=2)
    for array, copy in zip(arrays, copies):
        np.testing.assert_array_equal(array, copy)
