"""The default ``method="fast"`` against torch, aimed at each of its paths.

The fast method copies the input into "flat" planes (stride 1, rows as long
as the input's, the wrapped columns zeroed) or into phase planes (strided
axes split by position modulo the stride) read as "wide" or exact rows,
multiplies every group in one ``np.matmul`` with the bias as an extra
column, and writes the products straight into the output or copies them
there. These tests draw layers that exercise each of those choices (grouped
with several channels per group, depthwise with a channel multiplier, a
single input channel, strides that do and do not divide the dilation,
dilation alone, 1-D and 3-D) and force the block size and the row layout
both ways. The stacked path (kernel rows stacked in the product, for
stride 1 and few filters per group) has its own layers: padding along the
first axis or "same", dilation, 2-D and 3-D, blocks down to one output row.
"""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import convref
import convref._conv_args
from convref import _fast

TORCH_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONVREF_CONV = {1: convref.conv1d, 2: convref.conv2d, 3: convref.conv3d}
RTOL64, ATOL64 = 1e-10, 1e-12
KINDS = ["grouped", "depthwise", "single_channel", "strided", "dilated"]


@st.composite
def layers(draw, ndim, kind):
    """A layer of the given kind that torch accepts, with its arrays (float64)."""
    max_kernel = {1: 5, 2: 4, 3: 3}[ndim]
    groups, in_per_group, out_per_group = 1, draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride, dilation = 1, 1
    if kind == "grouped":
        groups, in_per_group, out_per_group = draw(st.integers(2, 4)), draw(st.integers(2, 4)), draw(st.integers(1, 4))
    elif kind == "depthwise":  # one input channel per group, maybe a channel multiplier
        groups, in_per_group, out_per_group = draw(st.integers(2, 6)), 1, draw(st.integers(1, 3))
    elif kind == "single_channel":
        in_per_group, out_per_group = 1, draw(st.integers(1, 5))
    elif kind == "strided":
        stride = tuple(draw(st.integers(1, 4)) for _ in range(ndim))
        dilation = tuple(draw(st.integers(1, 3)) for _ in range(ndim))
        groups = draw(st.integers(1, 2))
    else:  # dilated
        dilation = tuple(draw(st.integers(1, 4)) for _ in range(ndim))
        groups = draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, max_kernel)) for _ in range(ndim))
    dilation = dilation if isinstance(dilation, tuple) else (dilation,) * ndim
    stride = stride if isinstance(stride, tuple) else (stride,) * ndim
    if all(s == 1 for s in stride) and draw(st.booleans()):
        padding = draw(st.sampled_from(["same", "valid"]))
        pads = [0] * ndim
    else:
        pads = [draw(st.integers(0, 3)) for _ in range(ndim)]
        padding = tuple(pads)
    spans = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
    extra = {1: 12, 2: 7, 3: 4}[ndim]
    size = tuple(max(1, span - 2 * p + draw(st.integers(0, extra))) for span, p in zip(spans, pads))
    batch = draw(st.sampled_from([None, 1, 2, 5]))
    in_channels, out_channels = groups * in_per_group, groups * out_per_group
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal(((batch,) if batch else ()) + (in_channels, *size))
    if draw(st.booleans()):  # a non-contiguous view of a larger array
        x = np.repeat(x, 2, axis=-1)[..., ::2]
    w = rng.standard_normal((out_channels, in_per_group, *kernel))
    b = rng.standard_normal(out_channels) if draw(st.booleans()) else None
    return dict(input=x, weight=w, bias=b, stride=stride, padding=padding, dilation=dilation, groups=groups)


def torch_conv(ndim, layer, dtype=None):
    def tensor(a):
        return None if a is None else torch.from_numpy(np.ascontiguousarray(a if dtype is None else a.astype(dtype)))

    return TORCH_CONV[ndim](tensor(layer["input"]), tensor(layer["weight"]), tensor(layer["bias"]),
                            stride=layer["stride"], padding=layer["padding"], dilation=layer["dilation"],
                            groups=layer["groups"]).numpy()


def as_float32(layer):
    return {k: v.astype(np.float32) if isinstance(v, np.ndarray) else v for k, v in layer.items()}


def float32_tolerance(layer):
    """float32 rounding of a sum of ``in/groups * taps`` products, relative to their size."""
    terms = math.prod(layer["weight"].shape[1:])
    return 1e-6 * (terms + 1) * max(1.0, float(np.abs(layer["input"]).max()) * float(np.abs(layer["weight"]).max()))


@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("ndim", [1, 2, 3])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("stacked", [True, False], ids=["stacked path allowed", "im2col paths only"])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_each_path_matches_torch_in_float64_and_float32(ndim, kind, stacked, data):
    layer = data.draw(layers(ndim, kind))
    expected = torch_conv(ndim, layer)
    with pytest.MonkeyPatch.context() as patch:
        if not stacked:  # the layers the stacked path takes, through the im2col paths as before it
            patch.setattr(_fast, "use_stacked", lambda layer: False)
        out = CONVREF_CONV[ndim](**layer, method="fast")
        layer32 = as_float32(layer)
        out32 = CONVREF_CONV[ndim](**layer32, method="fast")
    assert out.shape == expected.shape and out.dtype == np.float64
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)

    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, torch_conv(ndim, layer32), rtol=1e-5, atol=float32_tolerance(layer))


@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("ndim", [1, 2, 3])
@pytest.mark.parametrize("block_bytes, share, wide_waste", [
    (1, 0.5, 0.0),            # one output row per block, exact rows
    (1, 0.5, float("inf")),   # one output row per block, wide rows
    (600, 0.5, 1.3),          # a few rows, groups or samples per block, the default layout choice
    (2**40, 1e9, 0.0),        # the whole layer in one block: every group in one product
    (2**40, 1e9, float("inf")),
])
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_block_and_layout_choices_do_not_change_the_result(ndim, block_bytes, share, wide_waste, data):
    kind = data.draw(st.sampled_from(KINDS))
    layer = data.draw(layers(ndim, kind))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_fast, "_BLOCK_BYTES", block_bytes)
        patch.setattr(_fast, "_IM2COL_SHARE", share)
        patch.setattr(_fast, "_MAX_WIDE_WASTE", wide_waste)
        out = CONVREF_CONV[ndim](**layer, method="fast")
    np.testing.assert_allclose(out, torch_conv(ndim, layer), rtol=RTOL64, atol=ATOL64)


def test_benchmark_shapes_match_torch():
    """Scaled-down versions of the benchmark layers, big enough to use several blocks."""
    rng = np.random.default_rng(0)
    shapes = [((1, 3, 40, 40), 8, 3, 1, 1), ((2, 16, 20, 20), 16, 3, 1, 1), ((6, 1, 28, 28), 8, 5, 1, 1),
              ((2, 32, 24, 24), 32, 3, 32, 1), ((2, 32, 14, 14), 32, 3, 8, 1), ((2, 16, 28, 28), 24, 3, 1, 2)]
    for input_shape, out_channels, k, groups, stride in shapes:
        for dtype, rtol, atol in [(np.float64, RTOL64, ATOL64), (np.float32, 1e-5, 1e-4)]:
            x = rng.standard_normal(input_shape).astype(dtype)
            w = rng.standard_normal((out_channels, input_shape[1] // groups, k, k)).astype(dtype)
            b = rng.standard_normal(out_channels).astype(dtype)
            out = convref.conv2d(x, w, b, stride=stride, padding=k // 2, groups=groups)
            expected = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), stride=stride,
                                padding=k // 2, groups=groups).numpy()
            assert out.dtype == dtype
            np.testing.assert_allclose(out, expected, rtol=rtol, atol=atol)


@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("ndim", [1, 2, 3])
@pytest.mark.parametrize("groups, in_per_group, out_per_group", [(1, 16, 8), (2, 16, 8), (3, 20, 9)])
@pytest.mark.parametrize("kernel, dilation", [(3, 1), (2, 3), (4, 1)])
def test_flat_layer_with_small_products_side_by_side(ndim, groups, in_per_group, out_per_group, kernel, dilation):
    """Many filters per group and small samples: the flat layout with the samples side by side."""
    rng = np.random.default_rng(ndim * 100 + kernel * 10 + dilation)
    size = {1: (13,), 2: (7, 6), 3: (5, 4, 3)}[ndim]
    x = rng.standard_normal((3, groups * in_per_group, *size))
    w = rng.standard_normal((groups * out_per_group, in_per_group, *(kernel,) * ndim))
    b = rng.standard_normal(groups * out_per_group)
    layer = dict(input=x, weight=w, bias=b, stride=1, padding="same", dilation=dilation, groups=groups)
    plan = _fast._plan(convref._conv_args.conv_layer(x, w, b, stride=1, padding="same", dilation=dilation, groups=groups, spatial_ndim=ndim).geometry,
                       in_per_group, out_per_group)
    assert plan.layout == "flat" and not plan.direct
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_fast, "use_stacked", lambda layer: False)  # these few filters would take it
        for block_bytes in (1, 2**30):
            patch.setattr(_fast, "_BLOCK_BYTES", block_bytes)
            out = CONVREF_CONV[ndim](**layer)
            np.testing.assert_allclose(out, torch_conv(ndim, layer), rtol=RTOL64, atol=ATOL64)
        layer32 = as_float32(layer)
        np.testing.assert_allclose(CONVREF_CONV[ndim](**layer32), torch_conv(ndim, layer32), rtol=1e-5,
                                   atol=float32_tolerance(layer))


@pytest.mark.parametrize("stride", [1, 2, (3, 1)])
def test_pointwise_layer_needs_no_columns(stride):
    """A 1x1 kernel without padding multiplies the (subsampled) input itself; the input stays unchanged."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 6, 5, 4))
    x.setflags(write=False)
    w, b = rng.standard_normal((4, 3, 1, 1)), rng.standard_normal(4)
    out = convref.conv2d(x, w, b, stride=stride, groups=2)
    expected = F.conv2d(torch.from_numpy(x.copy()), torch.from_numpy(w), torch.from_numpy(b), stride=stride,
                        groups=2).numpy()
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)
    np.testing.assert_array_equal(x, np.random.default_rng(1).standard_normal((3, 6, 5, 4)))


def test_phase_groups_cover_every_tap_once():
    """Taps sharing a phase plane sit at evenly spaced shifts, for strides that divide the dilation or not."""
    for k in range(1, 7):
        for s in range(1, 5):
            for d in range(1, 5):
                seen = []
                for phase, taps, first_shift, shift_step in _fast._axis_groups(k, s, d):
                    for m, t in enumerate(taps):
                        assert (t * d) % s == phase
                        assert (t * d) // s == first_shift + m * shift_step
                    seen.extend(taps)
                assert sorted(seen) == list(range(k))


@st.composite
def stacked_layers(draw, ndim):
    """A layer the stacked path takes: stride 1, rows kept along every axis but the first, few filters per group."""
    max_kernel = {2: 4, 3: 3}[ndim]
    kernel = (draw(st.integers(2, max_kernel)), *(draw(st.integers(1, max_kernel)) for _ in range(ndim - 1)))
    dilation = tuple(draw(st.integers(1, 3)) for _ in range(ndim))
    groups = draw(st.integers(1, 4))
    rest_taps = math.prod(kernel[1:])
    in_per_group = draw(st.integers(1, 4))
    out_per_group = draw(st.integers(1, max(1, min(in_per_group * rest_taps, 6))))
    if draw(st.booleans()):
        padding = "same"  # odd zero after for even spans, as torch
        first_pad = 0
    else:  # any padding along the first axis; along the others, what keeps the rows (odd spans only)
        first_pad = draw(st.integers(0, 3))
        kernel = (kernel[0], *(k if (k - 1) * d % 2 == 0 else k + 1 for k, d in zip(kernel[1:], dilation[1:])))
        padding = (first_pad, *((k - 1) * d // 2 for k, d in zip(kernel[1:], dilation[1:])))
    spans = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
    extra = {2: 6, 3: 3}[ndim]
    first = max(1, spans[0] - 2 * first_pad if padding != "same" else 1) + draw(st.integers(0, extra))
    size = (first, *(draw(st.integers(1, extra + 2)) for _ in range(ndim - 1)))
    batch = draw(st.sampled_from([None, 1, 2, 5]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal(((batch,) if batch else ()) + (groups * in_per_group, *size))
    if draw(st.booleans()):  # a non-contiguous view of a larger array
        x = np.repeat(x, 2, axis=-1)[..., ::2]
    w = rng.standard_normal((groups * out_per_group, in_per_group, *kernel))
    b = rng.standard_normal(groups * out_per_group) if draw(st.booleans()) else None
    return dict(input=x, weight=w, bias=b, stride=1, padding=padding, dilation=dilation, groups=groups)


def takes_stacked_path(layer, ndim):
    args = convref._conv_args.conv_layer(layer["input"], layer["weight"], layer["bias"], stride=layer["stride"],
                                         padding=layer["padding"], dilation=layer["dilation"],
                                         groups=layer["groups"], spatial_ndim=ndim)
    return _fast.use_stacked(args)


@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("ndim", [2, 3])
@pytest.mark.parametrize("block_bytes", [1, 3000, None])  # rows of one group of one sample, some groups, default
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_stacked_path_matches_torch_and_leaves_the_input_alone(ndim, block_bytes, data):
    """Kernel rows stacked in the product: dilation, padding, groups, batch 1, odd sizes, non-contiguous input."""
    layer = data.draw(stacked_layers(ndim))
    assert takes_stacked_path(layer, ndim), "the drawn layer is one the stacked path takes"
    before = layer["input"].copy()
    with pytest.MonkeyPatch.context() as patch:
        if block_bytes is not None:
            patch.setattr(_fast, "_BLOCK_BYTES", block_bytes)
        out = CONVREF_CONV[ndim](**layer)
        layer32 = as_float32(layer)
        out32 = CONVREF_CONV[ndim](**layer32)
    expected = torch_conv(ndim, layer)
    assert out.shape == expected.shape and out.dtype == np.float64
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, torch_conv(ndim, layer32), rtol=1e-5, atol=float32_tolerance(layer))
    np.testing.assert_array_equal(layer["input"], before, err_msg="the input was modified")


@pytest.mark.parametrize("shape, out_channels, kernel, groups, stride, stacked", [
    ((8, 128, 28, 28), 128, 3, 8, 1, True),     # several channels per group, 16 filters per group
    ((8, 128, 56, 56), 128, 3, 128, 1, True),   # depthwise
    ((8, 64, 56, 56), 64, 3, 1, 1, False),      # dense: many filters per group
    ((32, 1, 28, 28), 32, 5, 1, 1, False),      # one input channel, many filters
    ((8, 64, 56, 56), 128, 3, 1, 2, False),     # strided
    ((1, 4, 9, 9), 4, (1, 3), 1, 1, False),     # one kernel row: nothing to stack
])
def test_the_stacked_path_rule_on_the_benchmark_shapes(shape, out_channels, kernel, groups, stride, stacked):
    x = np.zeros(shape)
    k = kernel if isinstance(kernel, tuple) else (kernel, kernel)
    w = np.zeros((out_channels, shape[1] // groups, *k))
    layer = dict(input=x, weight=w, bias=None, stride=stride, padding=tuple(n // 2 for n in k), dilation=1,
                 groups=groups)
    assert takes_stacked_path(layer, 2) == stacked


def test_stacked_path_propagates_nan_only_where_torch_does():
    """Wrapped reads are zeroed, and the extra rows' partial sums never reach the output."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 8, 7, 5))
    x[0, 1, 0, 0], x[1, 2, 6, 4], x[2, 5, 3, 0] = np.nan, np.inf, -np.inf
    w = rng.standard_normal((8, 4, 3, 3))
    layer = dict(input=x, weight=w, bias=rng.standard_normal(8), stride=1, padding=1, dilation=1, groups=2)
    assert takes_stacked_path(layer, 2)
    expected = torch_conv(2, layer)
    out = convref.conv2d(**layer)
    np.testing.assert_array_equal(np.isnan(out), np.isnan(expected))
    np.testing.assert_allclose(out, expected, rtol=RTOL64, atol=ATOL64)


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_stacked_path_shared_among_threads_matches_one_thread(threads, monkeypatch):
    """Depthwise products are below BLAS's threading size: the groups are split among threads, same result."""
    rng = np.random.default_rng(threads)
    x = rng.standard_normal((3, 10, 9, 7))
    w, b = rng.standard_normal((20, 1, 3, 3)), rng.standard_normal(20)
    layer = dict(input=x, weight=w, bias=b, stride=1, padding=1, dilation=1, groups=10)
    assert takes_stacked_path(layer, 2)
    monkeypatch.setattr(_fast, "_thread_count", lambda: 1)
    alone = convref.conv2d(**layer)
    monkeypatch.setattr(_fast, "_thread_count", lambda: threads)
    shared = convref.conv2d(**layer)
    np.testing.assert_array_equal(shared, alone)
    np.testing.assert_allclose(shared, torch_conv(2, layer), rtol=RTOL64, atol=ATOL64)


def test_an_error_in_a_thread_reaches_the_caller(monkeypatch):
    calls = []
    original = _fast.conv_stacked

    def failing(layer, out, max_samples=None):
        calls.append(layer.groups)
        if len(calls) == 2:
            raise MemoryError("planted")
        return original(layer, out, max_samples)

    monkeypatch.setattr(_fast, "_thread_count", lambda: 2)
    monkeypatch.setattr(_fast, "conv_stacked", failing)
    with pytest.raises(MemoryError, match="planted"):
        convref.conv2d(np.ones((2, 8, 6, 6)), np.ones((8, 1, 3, 3)), padding=1, groups=8)
    assert len(calls) == 2


@pytest.mark.parametrize("environment, expected", [
    ({"OPENBLAS_NUM_THREADS": "3"}, 3), ({"OMP_NUM_THREADS": "5"}, 5),
    ({"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "7"}, 2),
])
def test_thread_count_follows_blas_settings(environment, expected, monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert _fast._thread_count() == expected


def test_thread_count_without_settings_is_the_usable_cpus(monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.setenv(name, "not a number")
    assert _fast._thread_count() >= 1


def _conv_in_child(queue):
    x = np.ones((2, 8, 6, 6))
    queue.put(float(convref.conv2d(x, np.ones((8, 1, 3, 3)), padding=1, groups=8).sum()))


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_a_forked_child_does_not_wait_for_its_parent_s_threads(monkeypatch):
    import multiprocessing

    monkeypatch.setattr(_fast, "_thread_count", lambda: 2)
    expected = float(convref.conv2d(np.ones((2, 8, 6, 6)), np.ones((8, 1, 3, 3)), padding=1, groups=8).sum())
    assert _fast._POOLS, "the parent started its pool"
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_conv_in_child, args=(queue,))
    child.start()
    child.join(30)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked child hung on the parent's thread pool")
    assert queue.get(timeout=5) == expected
