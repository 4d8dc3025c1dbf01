"""convref.conv2d_backward against torch autograd."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import convref

RTOL64, ATOL64 = 1e-10, 1e-12
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")


def pair(draw, values):
    return draw(values) if draw(st.booleans()) else (draw(values), draw(values))


def as_pair(value):
    return value if isinstance(value, tuple) else (value, value)


@st.composite
def layers(draw):
    if draw(st.booleans()):  # depthwise
        groups, in_per_group, out_per_group = draw(st.integers(2, 4)), 1, draw(st.integers(1, 2))
    else:
        groups, in_per_group, out_per_group = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    dilation = pair(draw, st.integers(1, 3))
    padding = draw(st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2)),
                             st.sampled_from(["valid", "same"])))
    stride = 1 if padding == "same" else pair(draw, st.integers(1, 3))
    pads = (0, 0) if isinstance(padding, str) else as_pair(padding)
    size = tuple(max(1, d * (k - 1) + 1 - 2 * p + draw(st.integers(0, 4)))
                 for k, d, p in zip(kernel, as_pair(dilation), pads))
    batch = draw(st.sampled_from([None, 1, 2, 3]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal(((batch,) if batch else ()) + (groups * in_per_group, *size))
    w = rng.standard_normal((groups * out_per_group, in_per_group, *kernel))
    b = rng.standard_normal(groups * out_per_group)
    return x, w, b, dict(stride=stride, padding=padding, dilation=dilation, groups=groups), rng


def autograd(x, w, b, grad_output, args):
    tx, tw, tb = (torch.from_numpy(a).requires_grad_() for a in (x, w, b))
    F.conv2d(tx, tw, tb, **args).backward(torch.from_numpy(grad_output))
    return tx.grad.numpy(), tw.grad.numpy(), tb.grad.numpy()


@settings(max_examples=60)
@given(layer=layers())
def test_conv2d_backward_matches_torch_autograd(layer):
    x, w, b, args, rng = layer
    output_shape = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), **args).shape
    grad_output = rng.standard_normal(tuple(output_shape))
    grads = convref.conv2d_backward(grad_output, x, w, **args)
    expected_grads = autograd(x, w, b, grad_output, args)
    for name, got, expected in zip(("grad_input", "grad_weight", "grad_bias"), grads, expected_grads):
        assert got.shape == expected.shape, name
        np.testing.assert_allclose(got, expected, rtol=RTOL64, atol=ATOL64, err_msg=name)


def test_float32_stays_float32():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 4, 7, 7)).astype(np.float32), rng.standard_normal((6, 2, 3, 3)).astype(np.float32)
    args = dict(stride=2, padding=1, dilation=1, groups=2)
    grad_output = rng.standard_normal((2, 6, 4, 4)).astype(np.float32)
    grads = convref.conv2d_backward(grad_output, x, w, **args)
    expected = autograd(x, w, np.zeros(6, np.float32), grad_output, args)
    for got, want in zip(grads, expected):
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_grad_output_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="grad_output"):
        convref.conv2d_backward(np.ones((1, 2, 3, 3)), np.ones((1, 1, 4, 4)), np.ones((2, 1, 3, 3)))


def test_inputs_are_not_modified():
    rng = np.random.default_rng(1)
    arrays = [rng.standard_normal(s) for s in [(2, 6, 4, 4), (2, 4, 7, 7), (6, 2, 3, 3)]]
    copies = [a.copy() for a in arrays]
    for a in arrays:
        a.setflags(write=False)
    convref.conv2d_backward(*arrays, stride=2, padding=1, groups=2)
    for array, copy in zip(arrays, copies):
        np.testing.assert_array_equal(array, copy)
