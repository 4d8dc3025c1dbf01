"""Every public function of conv, im2col, matrix, transpose and grad refuses bad input by name.

Each row: the call, the exception type, and the words the message must contain
(the argument's name, and for some what was expected).
"""

import numpy as np
import pytest

import convref

X = np.ones((1, 4, 5, 5))  # (N, in_channels, H, W)
W = np.ones((6, 2, 3, 3))  # groups=2: (out_channels, in_channels // groups, kH, kW)
B = np.ones(6)
WT = np.ones((4, 3, 3, 3))  # transposed, groups=2: (in_channels, out_channels // groups, kH, kW)


def conv2d(**changes):
    arguments = dict(input=X, weight=W, bias=B, groups=2)
    arguments.update(changes)
    return lambda: convref.conv2d(**arguments)


def transpose2d(**changes):
    arguments = dict(input=X, weight=WT, bias=B, groups=2)
    arguments.update(changes)
    return lambda: convref.conv_transpose2d(**arguments)


CASES = [
    # dimensions
    ("input 2-D", conv2d(input=np.ones((5, 5))), ValueError, ["input", "3 or 4"]),
    ("input 5-D", conv2d(input=np.ones((1, 1, 4, 5, 5))), ValueError, ["input"]),
    ("weight 3-D", conv2d(weight=np.ones((6, 2, 3))), ValueError, ["weight", "4"]),
    ("bias 2-D", conv2d(bias=np.ones((6, 1))), ValueError, ["bias"]),
    ("conv1d input 4-D", lambda: convref.conv1d(X, W), ValueError, ["input"]),
    ("conv3d weight 4-D", lambda: convref.conv3d(X[:, :, None], W), ValueError, ["weight"]),
    ("empty channel axis", conv2d(input=np.ones((1, 0, 5, 5))), ValueError, ["input"]),
    ("empty weight axis", conv2d(weight=np.ones((6, 2, 0, 3))), ValueError, ["weight"]),
    # channels and groups
    ("in_channels mismatch", conv2d(input=np.ones((1, 6, 5, 5))), ValueError, ["input", "weight", "in_channels"]),
    ("in_channels not divisible", conv2d(input=np.ones((1, 3, 5, 5)), weight=np.ones((6, 1, 3, 3)), groups=2),
     ValueError, ["in_channels", "groups"]),
    ("out_channels not divisible", conv2d(weight=np.ones((5, 2, 3, 3)), bias=None), ValueError,
     ["out_channels", "groups"]),
    ("groups 0", conv2d(groups=0), ValueError, ["groups"]),
    ("groups float", conv2d(groups=2.0), TypeError, ["groups"]),
    ("bias length", conv2d(bias=np.ones(5)), ValueError, ["bias", "6"]),
    # stride, dilation, padding
    ("stride 0", conv2d(stride=0), ValueError, ["stride", "positive"]),
    ("stride negative in tuple", conv2d(stride=(1, -1)), ValueError, ["stride"]),
    ("stride float", conv2d(stride=1.5), TypeError, ["stride"]),
    ("stride bool", conv2d(stride=True), TypeError, ["stride"]),
    ("stride wrong length", conv2d(stride=(1, 1, 1)), ValueError, ["stride", "2"]),
    ("dilation 0", conv2d(dilation=0), ValueError, ["dilation"]),
    ("padding negative", conv2d(padding=-1), ValueError, ["padding", "non-negative"]),
    ("padding negative in tuple", conv2d(padding=(1, -2)), ValueError, ["padding"]),
    ("padding unknown string", conv2d(padding="full"), ValueError, ["padding", "'same'"]),
    ("padding wrong length", conv2d(padding=(1, 1, 1)), ValueError, ["padding"]),
    ("padding wrong type", conv2d(padding=1.0), TypeError, ["padding"]),
    ("same with stride", conv2d(padding="same", stride=2), ValueError, ["padding", "stride"]),
    ("same with tuple stride", conv2d(padding="same", stride=(1, 2)), ValueError, ["padding", "stride"]),
    ("kernel larger than padded input", conv2d(input=np.ones((1, 4, 2, 5))), ValueError, ["weight", "input"]),
    ("dilated kernel too large", conv2d(dilation=4, padding=1), ValueError, ["weight", "dilation"]),
    # dtypes
    ("complex input", conv2d(input=X.astype(complex)), TypeError, ["input", "complex"]),
    ("complex weight", conv2d(weight=W.astype(complex)), TypeError, ["weight", "complex"]),
    ("complex bias", conv2d(bias=B.astype(complex)), TypeError, ["bias"]),
    ("string input", conv2d(input=np.full((1, 4, 5, 5), "a")), TypeError, ["input"]),
    ("object input", conv2d(input=None), TypeError, ["input"]),
    ("ragged weight", conv2d(weight=[[1.0], [1.0, 2.0]]), TypeError, ["weight"]),
    # methods
    ("unknown method", conv2d(method="winograd"), ValueError, ["method", "'loops'", "'matrix'"]),
    ("conv1d has no matrix method", lambda: convref.conv1d(X[..., 0], W[..., 0], method="matrix"), ValueError,
     ["method", "'fast'"]),
    ("method not a string", conv2d(method=None), ValueError, ["method"]),
    # correlate2d, per_channel_maps, im2col
    ("correlate2d channel 3-D", lambda: convref.correlate2d(X[0], W[0, 0]), ValueError, ["channel"]),
    ("correlate2d kernel 3-D", lambda: convref.correlate2d(X[0, 0], W[0]), ValueError, ["kernel"]),
    ("correlate2d kernel too large", lambda: convref.correlate2d(X[0, 0, :2], W[0, 0]), ValueError, ["kernel"]),
    ("correlate2d complex", lambda: convref.correlate2d(X[0, 0] * 1j, W[0, 0]), TypeError, ["channel"]),
    ("per_channel_maps batched", lambda: convref.per_channel_maps(X, W, groups=2), ValueError, ["input", "3"]),
    ("per_channel_maps groups", lambda: convref.per_channel_maps(X[0], W, groups=3), ValueError, ["groups"]),
    ("im2col kernel_size 0", lambda: convref.im2col(X, 0), ValueError, ["kernel_size"]),
    ("im2col kernel_size too large", lambda: convref.im2col(X, 6), ValueError, ["kernel_size"]),
    ("im2col input 2-D", lambda: convref.im2col(X[0, 0], 3), ValueError, ["input"]),
    ("im2col kernel_size float", lambda: convref.im2col(X, 2.5), TypeError, ["kernel_size"]),
    # conv2d_matrix
    ("matrix input_shape not a tuple", lambda: convref.conv2d_matrix(W, 5, groups=2), TypeError, ["input_shape"]),
    ("matrix input_shape length", lambda: convref.conv2d_matrix(W, (4, 5), groups=2), ValueError,
     ["input_shape"]),
    ("matrix input_shape zero", lambda: convref.conv2d_matrix(W, (4, 0, 5), groups=2), ValueError,
     ["input_shape"]),
    ("matrix channels", lambda: convref.conv2d_matrix(W, (6, 5, 5), groups=2), ValueError,
     ["input_shape", "in_channels"]),
    ("matrix too large", lambda: convref.conv2d_matrix(np.ones((64, 64, 3, 3)), (64, 64, 64)), ValueError,
     ["MAX_MATRIX_ENTRIES", "input_shape"]),
    ("matrix weight 3-D", lambda: convref.conv2d_matrix(W[0], (4, 5, 5)), ValueError, ["weight"]),
    # transposed convolutions
    ("transpose output_padding too large", transpose2d(stride=2, output_padding=2), ValueError,
     ["output_padding", "stride"]),
    ("transpose output_padding with stride 1", transpose2d(output_padding=1), ValueError, ["output_padding"]),
    ("transpose output_padding negative", transpose2d(output_padding=-1), ValueError, ["output_padding"]),
    ("transpose padding string", transpose2d(padding="same"), TypeError, ["padding"]),
    ("transpose padding too large", transpose2d(padding=4), ValueError, ["padding"]),
    ("transpose in_channels", transpose2d(weight=np.ones((6, 3, 3, 3))), ValueError, ["weight", "in_channels"]),
    ("transpose groups", transpose2d(groups=3), ValueError, ["groups"]),
    ("transpose bias", transpose2d(bias=np.ones(3)), ValueError, ["bias"]),
    ("transpose input ndim", lambda: convref.conv_transpose1d(X, WT[..., 0]), ValueError, ["input"]),
    ("transpose weight ndim", lambda: convref.conv_transpose3d(X[:, :, None], WT), ValueError, ["weight"]),
    ("transpose dilation 0", transpose2d(dilation=0), ValueError, ["dilation"]),
    ("transpose stride float", transpose2d(stride=0.5), TypeError, ["stride"]),
    ("transpose complex", transpose2d(input=X * 1j), TypeError, ["input"]),
    # conv2d_backward
    ("backward grad_output shape", lambda: convref.conv2d_backward(np.ones((1, 6, 2, 2)), X, W, groups=2),
     ValueError, ["grad_output", "(1, 6, 3, 3)"]),
    ("backward grad_output unbatched", lambda: convref.conv2d_backward(np.ones((6, 3, 3)), X, W, groups=2),
     ValueError, ["grad_output"]),
    ("backward grad_output complex", lambda: convref.conv2d_backward(np.ones((1, 6, 3, 3)) * 1j, X, W, groups=2),
     TypeError, ["grad_output"]),
    ("backward groups", lambda: convref.conv2d_backward(np.ones((1, 6, 3, 3)), X, W), ValueError,
     ["input", "in_channels"]),
]


@pytest.mark.parametrize("call, error, words", [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_bad_input_is_refused_by_name(call, error, words):
    with pytest.raises(error) as raised:
        call()
    assert type(raised.value) is error  # not a subclass such as IndexError's siblings
    message = str(raised.value)
    for word in words:
        assert word in message, f"{word!r} missing from {message!r}"


def test_conv1d_lists_only_its_own_methods():
    with pytest.raises(ValueError) as raised:
        convref.conv1d(X[..., 0], W[..., 0], groups=2, method="matrix")
    assert "'matrix'" not in str(raised.value).split("got")[0]
