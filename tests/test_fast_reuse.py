"""The fast method's reuse across and within calls, against torch.

``_fast._plan`` is cached by (geometry, input channels per group, filters per
group), and each call makes its strided views of the planes once and slices
them per block. These tests call, one after the other and twice over, layers
that share a geometry but not their channel counts, dtypes or data, and
layers of another input size, and force blocks of uneven sample ranges, so
that a plan or a view reused where it does not belong gives a wrong output;
a planted cache that returns the first plan it built must make the check fail.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import convref
import convref._conv_args
from convref import _fast

# Channel splits of one geometry (kernel 3x3, padding 1, the stride), for two input sizes.
SPLITS = [(4, 6, 1), (4, 6, 2), (4, 4, 4), (6, 6, 3), (1, 5, 1)]  # in_channels, out_channels, groups


def check_reused(rng, stride, dtype):
    """Every split in turn, twice, on fresh data: each output must match torch's."""
    tolerance = {np.float64: 1e-10, np.float32: 1e-4}[dtype]
    for _ in range(2):
        for (in_channels, out_channels, groups), size in zip(SPLITS * 2, [(9, 11)] * 5 + [(7, 8)] * 5):
            x = rng.standard_normal((5, in_channels, *size)).astype(dtype)
            w = rng.standard_normal((out_channels, in_channels // groups, 3, 3)).astype(dtype)
            b = rng.standard_normal(out_channels).astype(dtype)
            ours = convref.conv2d(x, w, b, stride=stride, padding=1, groups=groups)
            theirs = F.conv2d(*map(torch.from_numpy, (x, w, b)), stride=stride, padding=1, groups=groups).numpy()
            np.testing.assert_allclose(ours, theirs, rtol=tolerance, atol=tolerance,
                                       err_msg=f"input {size}, split {in_channels}->{out_channels} groups={groups} stride={stride}")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("stride", [1, 2, (2, 1)])
def test_plans_reused_across_layers_and_dtypes(stride, dtype):
    _fast._plan.cache_clear()
    check_reused(np.random.default_rng(15), stride, dtype)


@pytest.mark.parametrize("stride", [1, 2])
def test_views_sliced_for_uneven_sample_ranges(monkeypatch, stride):
    # A budget of about two samples' columns: 5 samples in ranges of 2, 2 and 1 (or 1 each).
    monkeypatch.setattr(_fast, "_BLOCK_BYTES", 2 * 6 * 9 * 100 * 8)
    check_reused(np.random.default_rng(8), stride, np.float64)


def test_cached_plans_are_read_only():
    geo = convref._conv_args.geometry((6, 6), (3, 3), stride=1, padding=1, dilation=1)
    plan = _fast._plan(geo, 2, 3)
    assert _fast._plan(geo, 2, 3) is plan, "the second request for a plan built it again"
    with pytest.raises(ValueError):
        plan.tap_order[0] = 1
    for taps, _, _ in plan.strips:
        with pytest.raises(ValueError):
            taps[0] = 0


def test_planted_cache_returning_its_first_plan_is_caught(monkeypatch):
    first = []

    def planted(geo, in_per_group, out_per_group):
        if not first:
            first.append(_fast._build_plan(geo, in_per_group, out_per_group))
        return first[0]

    monkeypatch.setattr(_fast, "_plan", planted)
    with pytest.raises((AssertionError, ValueError)):
        check_reused(np.random.default_rng(15), 1, np.float64)
