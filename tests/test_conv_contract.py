"""The functional convolutions' dtype contract, and absurd sizes refused naming the argument before NumPy allocates."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import convref
from convref._conv_args import MAX_ARRAY_BYTES

RNG = np.random.default_rng(0)
X = RNG.standard_normal((2, 4, 7, 6))
W = RNG.standard_normal((6, 2, 3, 3))
B = RNG.standard_normal(6)
WT = RNG.standard_normal((4, 3, 3, 3))  # a transposed weight: (in_channels, out_channels // groups, kH, kW)


def calls(dtypes):
    """(name, which of input/weight/bias it reads, call) of every functional convolution on arrays of ``dtypes``."""
    xd, wd, bd = dtypes
    x, w, b, wt = X.astype(xd), W.astype(wd), B.astype(bd), WT.astype(wd)
    grad = np.ones((2, 6, 5, 4), dtype=xd)
    return [
        ("conv2d", "xwb", lambda: convref.conv2d(x, w, b, groups=2)),
        *((f"conv2d method={m}", "xwb", lambda m=m: convref.conv2d(x, w, b, groups=2, method=m))
          for m in ("loops", "volume", "im2col", "matrix")),
        ("conv1d", "xwb", lambda: convref.conv1d(x[:, :, 0], w[:, :, 0], b, groups=2)),
        ("conv3d", "xwb", lambda: convref.conv3d(x[:, :, None], w[:, :, None], b, groups=2)),
        ("conv_transpose2d", "xwb", lambda: convref.conv_transpose2d(x, wt, b[:3], stride=2)),
        ("conv_transpose1d", "xwb", lambda: convref.conv_transpose1d(x[:, :, 0], wt[:, :, 0], b[:3])),
        ("conv_transpose3d", "xwb", lambda: convref.conv_transpose3d(x[:, :, None], wt[:, :, None], b[:3])),
        ("correlate2d", "xw", lambda: convref.correlate2d(x[0, 0], w[0, 0])),
        ("per_channel_maps", "xw", lambda: convref.per_channel_maps(x[0], w, groups=2)),
        ("im2col", "x", lambda: convref.im2col(x, 3)),
        ("conv2d_matrix", "w", lambda: convref.conv2d_matrix(w, (4, 7, 6), groups=2)),
        *((f"conv2d_backward[{i}]", "xw", lambda i=i: convref.conv2d_backward(grad, x, w, groups=2)[i])
          for i in range(3)),
    ]


def stated(*dtypes):
    """The dtype the docstrings promise: float16 -> float32, integers and booleans -> float64, then the widest."""
    promoted = [np.float32 if np.dtype(d) == np.float16 else d if np.dtype(d).kind == "f" else np.float64
                for d in dtypes]
    return np.result_type(*promoted)


# (input, weight, bias dtypes) -> the dtype a function reading all three returns, as the docstrings state.
CONTRACT = [
    ((np.float64,) * 3, np.float64),
    ((np.float32,) * 3, np.float32),
    ((np.float16,) * 3, np.float32),      # float16 is computed and returned in float32
    ((np.int64, np.int32, np.int8), np.float64),
    ((np.bool_, np.float64, np.int64), np.float64),
    ((np.float32, np.float64, np.float32), np.float64),  # mixed: the widest
    ((np.float16, np.float32, np.float16), np.float32),
    ((np.float32, np.int64, np.float32), np.float64),
]


@pytest.mark.parametrize("dtypes, expected", CONTRACT, ids=["-".join(np.dtype(d).name for d in c[0]) for c in CONTRACT])
def test_every_function_returns_the_dtype_its_docstring_states(dtypes, expected):
    assert stated(*dtypes) == expected
    for name, reads, call in calls(dtypes):
        assert call().dtype == stated(*(d for d, letter in zip(dtypes, "xwb") if letter in reads)), name


@pytest.mark.parametrize("name", ["conv2d", "conv2d_matrix", "conv_transpose2d", "im2col", "conv2d_backward[0]",
                                  "correlate2d", "per_channel_maps"])
def test_the_docstring_states_the_float16_contract(name):
    function = getattr(convref, name.split("[")[0])
    assert "float16" in function.__doc__ and "float32" in function.__doc__


def test_float16_gives_torch_s_float32_sums_of_the_float16_values():
    x, w, b = (a.astype(np.float16) for a in (X, W, B))
    ours = convref.conv2d(x, w, b, groups=2, padding=1)
    exact = F.conv2d(*(torch.from_numpy(a.astype(np.float64)) for a in (x, w, b)), groups=2, padding=1)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, exact.numpy(), rtol=1e-5, atol=1e-5)
    # torch's own float16 result is the same sums rounded to float16.
    half = F.conv2d(*(torch.from_numpy(a) for a in (x, w, b)), groups=2, padding=1)
    assert half.dtype == torch.float16
    np.testing.assert_allclose(ours, half.numpy().astype(np.float32), rtol=2e-3, atol=2e-3)


def test_inputs_are_not_modified_and_float32_stays_float32_without_copying_the_values_wrongly():
    x, w = X.astype(np.float32), W.astype(np.float32)
    before = x.copy(), w.copy()
    out = convref.conv2d(x, w, groups=2)
    np.testing.assert_array_equal(before[0], x)
    np.testing.assert_array_equal(before[1], w)
    np.testing.assert_allclose(out, F.conv2d(torch.from_numpy(x), torch.from_numpy(w), groups=2).numpy(),
                               rtol=1e-5, atol=1e-5)


# --------------------------------------------------------------------------
# Absurd sizes: refused naming the argument, before any allocation


SMALL = np.zeros((1, 3, 8, 8))
KERNEL = np.zeros((4, 3, 3, 3))


@pytest.mark.parametrize("call, named", [
    (lambda: convref.conv2d(SMALL, KERNEL, padding=10**9), "padding=(1000000000, 1000000000) is too large"),
    (lambda: convref.conv2d(SMALL, KERNEL, padding=(0, 10**9), method="loops"), "padding=(0, 1000000000)"),
    (lambda: convref.conv2d(SMALL, KERNEL, padding=10**9, method="matrix"), "padding="),
    (lambda: convref.conv1d(SMALL[:, :, 0], KERNEL[:, :, 0], padding=10**12), "padding=(1000000000000,)"),
    (lambda: convref.conv3d(SMALL[:, :, None], KERNEL[:, :, None], padding=(0, 10**5, 10**5)), "padding="),
    (lambda: convref.correlate2d(SMALL[0, 0], KERNEL[0, 0], padding=10**9), "padding="),
    (lambda: convref.per_channel_maps(SMALL[0], KERNEL, padding=10**9), "padding="),
    (lambda: convref.im2col(SMALL, 3, padding=10**9), "padding="),
    (lambda: convref.conv2d_backward(np.zeros((1, 4, 6, 6)), SMALL, KERNEL, padding=(0, 10**9)), "padding="),
    (lambda: convref.conv_transpose2d(np.zeros((1, 4, 8, 8)), np.zeros((4, 2, 3, 3)), stride=10**9),
     "stride=(1000000000, 1000000000)"),
    (lambda: convref.conv_transpose2d(np.zeros((1, 4, 8, 8)), np.zeros((4, 2, 3, 3)), dilation=10**10),
     "dilation=(10000000000, 10000000000)"),
    (lambda: convref.conv2d(np.zeros((1, 1, 1000, 1000), np.float32), np.zeros((10**5, 1, 1, 1), np.float32)),
     "out_channels = weight.shape[0] = 100000"),
])
def test_an_absurd_allocation_is_refused_naming_the_argument(call, named, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("NumPy was asked to pad")

    monkeypatch.setattr(np, "pad", refuse)
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    assert named in message
    assert "convref allocates for one array" in message and "would have shape" in message


def test_the_limit_is_far_above_any_reference_computation():
    assert MAX_ARRAY_BYTES == 64 * 2**30
    # A large but real layer still runs: 1 x 64 x 112 x 112 in float32 with padding 3.
    out = convref.conv2d(np.zeros((1, 3, 224, 224), np.float32), np.zeros((64, 3, 7, 7), np.float32), stride=2,
                         padding=3)
    assert out.shape == (1, 64, 112, 112)
