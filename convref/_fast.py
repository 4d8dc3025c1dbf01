"""The ``"fast"`` method of conv1d/2d/3d: im2col products in cache-sized blocks.

Any layer, dense, grouped or depthwise, strided or dilated, in 1, 2 or 3
dimensions, takes the same three steps, block by block:

1. **Planes.** The input is copied once into zero-padded planes laid out so
   that every kernel tap reads, for consecutive outputs, consecutive
   elements of one plane:

   - *flat*: with stride 1 and "same" padding along every axis but the first
     (the output rows as long as the input rows), output ``p`` and tap ``t``
     read flat position ``p + shift(t)`` of the input padded along the first
     axis only. Where the shift wraps around a row, the copied columns are
     zeroed (the padding the plane leaves out).
   - *phases*: otherwise, the padded input is split along each strided axis
     by position modulo the stride (only the planes some tap reads). Output
     ``y`` and tap ``t`` read position ``y + (t*d) // s`` of plane
     ``(t*d) % s``: a shift, never a stride. The columns either cover
     *wide* rows, every plane position along all axes but the first, so that
     a tap's part of a block is one run per channel (the extra positions give
     outputs that are dropped), or the *exact* output rows, when wide rows
     would waste too much.

   The taps that read one plane sit at evenly spaced shifts, so one strided
   view of the plane holds them all, and one copy per plane and block fills
   the column matrix.
2. **One product for all groups.** ``weight`` as ``(groups, out/groups,
   in/groups * taps + 1)``, the bias as the last column, times the columns
   as ``(groups, in/groups * taps + 1, positions)`` with a last row of ones:
   one ``np.matmul`` call, one BLAS product per group (and sample). A
   depthwise layer, one input channel per group, is the same call: a
   matrix-vector product per channel.
3. **Output.** With flat or exact rows the products can go straight into
   the output, one BLAS call per sample and group. Otherwise, and when those
   calls would be too small to share between BLAS's threads, the samples of
   a block sit side by side in the columns, and the products are copied out
   (without the extra positions of wide rows).

Blocks hold several samples, or some groups of them, or a range of output
rows of one group of one sample, so that a block stays near
``_BLOCK_BYTES``: small enough to stay in cache between the copy and the
product, large enough that the BLAS calls are long and the Python work per
block small.

Layers with stride 1, few filters per group and flat rows (grouped and
depthwise layers) take a variant instead, the *stacked* path at the end of
this module: only the taps after the first kernel axis are copied, the
kernel rows are stacked in the product's rows, and kH - 1 additions of
shifted partial sums replace the other copies (:func:`use_stacked` says
when, and why).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product as cartesian
from math import ceil, gcd, prod

import numpy as np

# A block (its columns, and its products when they do not go straight to the
# output) stays near this size, and below half the layer's im2col matrix so
# that the peak memory stays below that of a plain im2col.
_BLOCK_BYTES = 4 * 2**20
_IM2COL_SHARE = 0.5
# Wide rows are used when they cost at most this factor of extra positions.
_MAX_WIDE_WASTE = 1.3
# Multiply-adds below which one BLAS call is too small to share between threads well.
_SMALL_PRODUCT = 2**23
# The stacked path (below) is taken for at most this many filters per group.
_STACKED_MAX_FILTERS = 32
# OpenBLAS computes a product of at most this many multiply-adds on the calling
# thread alone (SMP_THRESHOLD_MIN * GEMM_MULTITHREAD_THRESHOLD in its
# interface/gemm.c); the stacked path shares such products among threads itself.
_BLAS_ONE_THREAD = 65536 * 4


@dataclass(frozen=True)
class _TapGroup:
    """Taps that read one plane, at shifts evenly spaced along each axis."""

    plane: int  # index into _Plan.phases
    counts: tuple  # taps per axis
    first_shift: tuple  # plane offset of the first tap, per axis (negative: before the row)
    shift_step: tuple  # plane offset between consecutive taps, per axis


@dataclass(frozen=True)
class _Plan:
    layout: str  # "flat", "wide" or "exact"
    phases: tuple  # phase (residue per axis) of each plane
    plane_size: tuple  # plane extent per axis
    interior: tuple  # per plane and axis: (first input position, its plane position, count, step)
    margin: tuple  # zeros before and after each flattened plane, for flat reads that leave it
    groups: tuple  # _TapGroup, in column order
    tap_order: np.ndarray  # kernel tap (C order) of each column tap
    row_shape: tuple  # column positions per output row (along the first axis)
    direct: bool  # products written straight into the output
    strips: tuple  # flat layout: (column taps, axis, positions along it) to zero in the columns

    @property
    def steps(self):
        return tuple(prod(self.plane_size[a + 1:]) for a in range(len(self.plane_size)))


def _axis_groups(k, s, d):
    """Taps along one axis grouped by phase: [(phase, taps, first shift, shift step)]."""
    step = s // gcd(s, d)  # taps t and t + step have the same phase t*d % s
    groups = []
    for first in range(min(step, k)):
        taps = list(range(first, k, step))
        groups.append(((first * d) % s, taps, (first * d) // s, step * d // s))
    return groups


# A layer called again with the same shapes (a network's forward passes, the
# benchmark) reuses its plan: building one takes tens of microseconds of Python,
# 5% of a small layer's call (the 32x1x28x28 5x5 benchmark layer, 0.45 ms).
# Plans are immutable (their arrays read-only), so sharing them is safe.
@lru_cache(maxsize=64)
def _plan(geo, in_per_group, out_per_group):
    plan = _build_plan(geo, in_per_group, out_per_group)
    plan.tap_order.flags.writeable = False
    for taps, _, _ in plan.strips:
        taps.flags.writeable = False
    return plan


def _build_plan(geo, in_per_group, out_per_group):
    nd = geo.ndim
    taps = prod(geo.kernel_size)
    flat = all(s == 1 for s in geo.stride) and all(
        n_out == n for n_out, n in zip(geo.output_size[1:], geo.input_size[1:]))
    if flat:
        # Flat rows are the output's own, so the products can go straight into
        # it, one BLAS call per sample and group. When those calls would be
        # small (BLAS shares a call between its threads well only from some
        # millions of multiply-adds on) and the products are much smaller than
        # the columns, the samples go side by side instead and are copied out.
        per_call = out_per_group * (in_per_group * taps + 1) * prod(geo.output_size)
        side_by_side = out_per_group >= 8 and in_per_group * taps >= 4 * out_per_group and per_call < _SMALL_PRODUCT
        return _flat_plan(geo, direct=not side_by_side)
    # When a group's columns are smaller than its products (few input channels,
    # many filters), copying exact rows costs less than copying wide products out.
    direct = in_per_group * taps < out_per_group
    per_axis = [_axis_groups(k, s, d) for k, s, d in zip(geo.kernel_size, geo.stride, geo.dilation)]
    size = [ceil(n / s) for n, s in zip(geo.padded_size, geo.stride)]
    wide_row = prod(size[1:])
    wide = not direct and wide_row <= _MAX_WIDE_WASTE * prod(geo.output_size[1:])
    combos = list(cartesian(*per_axis))
    phases = sorted({tuple(axis[0] for axis in combo) for combo in combos})
    groups, order = [], []
    for combo in combos:
        groups.append(_TapGroup(phases.index(tuple(axis[0] for axis in combo)),
                                tuple(len(axis[1]) for axis in combo),
                                tuple(axis[2] for axis in combo), tuple(axis[3] for axis in combo)))
        order.extend(np.ravel_multi_index(tap, geo.kernel_size) for tap in cartesian(*(axis[1] for axis in combo)))
    if wide:
        # A tap's run is output_size[0] wide rows from its flat shift; the last
        # tap's run may pass the end of the plane by part of a row.
        steps = [prod(size[a + 1:]) for a in range(nd)]
        last = max(sum((f + (c - 1) * st) * step for f, c, st, step in
                       zip(g.first_shift, g.counts, g.shift_step, steps)) for g in groups)
        size[0] = max(size[0], -(-(last + geo.output_size[0] * wide_row) // wide_row))
    interior = []
    for phase in phases:
        per_phase = []
        for n, (before, _), s, r in zip(geo.input_size, geo.padding, geo.stride, phase):
            # Padded position q*s + r holds input position q*s + r - before.
            first = (r - before) % s
            per_phase.append((first, (first + before) // s, len(range(first, n, s)), s))
        interior.append(tuple(per_phase))
    return _Plan("wide" if wide else "exact", tuple(phases), tuple(size), tuple(interior), (0, 0), tuple(groups),
                 np.array(order, dtype=np.intp), tuple(size[1:]) if wide else tuple(geo.output_size[1:]),
                 direct, ())


def _flat_plan(geo, direct):
    """Stride 1 and rows as long as the input's: one plane, padded along the first axis only."""
    nd = geo.ndim
    size = (geo.padded_size[0], *geo.input_size[1:])
    steps = [prod(size[a + 1:]) for a in range(nd)]
    before = sum(geo.padding[a][0] * steps[a] for a in range(1, nd))
    after = sum(geo.padding[a][1] * steps[a] for a in range(1, nd))
    group = _TapGroup(0, tuple(geo.kernel_size), (0, *(-geo.padding[a][0] for a in range(1, nd))),
                      tuple(geo.dilation))
    strips = []
    tap_coordinates = np.indices(geo.kernel_size).reshape(nd, -1)  # of each column tap, in C order
    for a in range(1, nd):
        n, left = geo.input_size[a], geo.padding[a][0]
        for t in range(geo.kernel_size[a]):
            shift = t * geo.dilation[a] - left
            taps = np.flatnonzero(tap_coordinates[a] == t)
            if shift < 0:
                strips.append((taps, a, slice(0, min(-shift, n))))
            elif shift > 0:
                strips.append((taps, a, slice(max(n - shift, 0), n)))
    interior = (((0, geo.padding[0][0], geo.input_size[0], 1),
                 *((0, 0, n, 1) for n in geo.input_size[1:])),)
    return _Plan("flat", ((0,) * nd,), size, interior, (before, after), (group,),
                 np.arange(prod(geo.kernel_size), dtype=np.intp), tuple(geo.input_size[1:]), direct, tuple(strips))


def _fill(planes, input, plan):
    """Write ``input`` (samples, C, *input_size) into the planes; everything else stays zero."""
    length = prod(plan.plane_size)
    for index, interior in enumerate(plan.interior):
        plane = _split(planes[:, :, index, plan.margin[0]:plan.margin[0] + length],
                       (*planes.shape[:2], *plan.plane_size))
        target = tuple(slice(start, start + count) for _, start, count, _ in interior)
        source = tuple(slice(first, None, step) for first, _, _, step in interior)
        plane[(slice(None), slice(None), *target)] = input[(Ellipsis, *source)]


def _group_views(planes, plan, geo):
    """For each tap group, a read-only view (samples, C, *counts, O_1, *row_shape) of the planes."""
    item = planes.itemsize
    steps = plan.steps
    views = []
    for group in plan.groups:
        base = planes[:, :, group.plane]
        offset = plan.margin[0] + sum(f * step for f, step in zip(group.first_shift, steps))
        views.append(np.lib.stride_tricks.as_strided(
            base[:, :, offset:],
            shape=(*planes.shape[:2], *group.counts, geo.output_size[0], *plan.row_shape),
            strides=(*base.strides[:2], *(st * step * item for st, step in zip(group.shift_step, steps)),
                     *(step * item for step in steps)),
            writeable=False))
    return views


def _blocks(layer, plan):
    """Every block as (samples, groups, output rows) ranges.

    Whole samples first (the longest products), then whole groups of one
    sample or of several, and only when one group of one sample is over the
    budget, a range of its output rows.
    """
    geo = layer.geometry
    taps = prod(geo.kernel_size)
    # Columns, the bias's ones and, unless they go straight to the output, the products.
    depth = layer.in_per_group * taps + 1 + (0 if plan.direct else layer.out_per_group)
    group_row = depth * prod(plan.row_shape) * layer.dtype.itemsize
    group_sample = group_row * geo.output_size[0]
    im2col = layer.batch * layer.in_channels * taps * prod(geo.output_size) * layer.dtype.itemsize
    budget = min(_BLOCK_BYTES, int(im2col * _IM2COL_SHARE))
    if group_sample > budget:
        samples, groups, rows = 1, 1, max(1, min(geo.output_size[0], budget // group_row))
    else:
        samples = min(layer.batch, budget // group_sample)
        groups, rows = min(layer.groups, budget // (samples * group_sample)), geo.output_size[0]
    return [(n, g, y) for n in _even_ranges(layer.batch, samples) for g in _even_ranges(layer.groups, groups)
            for y in _even_ranges(geo.output_size[0], rows)]


def _even_ranges(total, most):
    """``range(total)`` cut into as few consecutive ranges of at most ``most`` as possible, of even lengths."""
    count = -(-total // most)
    bounds = [total * k // count for k in range(count + 1)]
    return [range(start, stop) for start, stop in zip(bounds, bounds[1:])]


def _pointwise(layer, out):
    """A 1x1 kernel without padding: the input, subsampled by the stride, is the column matrix."""
    x = layer.input[(Ellipsis, *(slice(None, None, s) for s in layer.geometry.stride))]
    x = x.reshape(layer.batch, layer.groups, layer.in_per_group, -1)  # a copy only when strided
    filters = layer.weight.reshape(layer.groups, layer.out_per_group, layer.in_per_group)
    np.matmul(filters, x, out=out.reshape(layer.batch, layer.groups, layer.out_per_group, -1))
    if layer.bias is not None:
        out += layer.bias.reshape(-1, *(1,) * layer.geometry.ndim)


def conv_fast(layer):
    """The layer's output, bias included, computed block by block (see the module docstring)."""
    geo = layer.geometry
    out = np.empty((layer.batch, layer.out_channels, *geo.output_size), layer.dtype)
    if layer.batch == 0:
        return out
    taps = prod(geo.kernel_size)
    no_padding = not any(before or after for before, after in geo.padding)
    if taps == 1 and no_padding:
        _pointwise(layer, out)
        return out
    if use_stacked(layer):
        return _stacked_in_threads(layer, out)
    plan = _plan(geo, layer.in_per_group, layer.out_per_group)
    blocks = _blocks(layer, plan)
    filters = layer.weight.reshape(layer.groups, layer.out_per_group, layer.in_per_group, taps)[..., plan.tap_order]
    filters = filters.reshape(layer.groups, layer.out_per_group, layer.in_per_group * taps)
    if layer.bias is not None:
        # The bias is one more tap, whose input is always 1: the product adds it.
        filters = np.concatenate([filters, layer.bias.reshape(layer.groups, layer.out_per_group, 1)], axis=2)
    most_samples = max(len(n) for n, _, _ in blocks)
    planes = _planes(most_samples, layer, plan)
    most_groups = max(len(g) for _, g, _ in blocks)
    most_positions = max(len(y) for _, _, y in blocks) * prod(plan.row_shape)
    # Blocks take the leading part of each axis of these buffers, so the rows of
    # ones (for the bias) sit in the same place for every block: they are set once.
    if plan.direct:
        columns = np.empty((most_samples, most_groups, filters.shape[2], most_positions), layer.dtype)
        buffers = (columns,)
    else:
        columns = np.empty((most_groups, filters.shape[2], most_samples * most_positions), layer.dtype)
        buffers = (columns, np.empty((most_groups, layer.out_per_group, columns.shape[2]), layer.dtype))
    if layer.bias is not None:
        columns[..., -1, :] = 1
    compute = _compute_direct if plan.direct else _compute_side_by_side
    # The views are made once for the whole buffer and sliced per block: each
    # as_strided call costs about 25 microseconds, which for a strided layer
    # with one sample per block came to 4% of the call (8x64x56x56, stride 2).
    all_views = _group_views(planes, plan, geo)
    filled = None
    for samples, groups, rows in blocks:
        if samples != filled:  # blocks come sample range by sample range
            _fill(planes[:len(samples)], layer.input[samples.start:samples.stop], plan)
            views = [view[:len(samples)] for view in all_views]
            filled = samples
        compute(layer, plan, filters, views, groups, rows, buffers, out[samples.start:samples.stop])
    return out


def _planes(samples, layer, plan):
    """The buffer of planes for ``samples`` samples, zero wherever :func:`_fill` does not write."""
    shape = (samples, layer.in_channels, len(plan.phases), sum(plan.margin) + prod(plan.plane_size))
    if plan.layout != "flat":
        return np.zeros(shape, layer.dtype)
    # Flat: all but the margins and the padding rows of the first axis is input.
    planes = np.empty(shape, layer.dtype)
    _, before, count, _ = plan.interior[0][0]  # along the first axis
    start = plan.margin[0] + before * plan.steps[0]
    planes[..., :start] = 0
    planes[..., start + count * plan.steps[0]:] = 0
    return planes


def _split(array, shape):
    """``array.reshape(shape)``, which must be a view: the columns are written through it."""
    view = array.reshape(shape)
    if not np.may_share_memory(view, array):
        raise AssertionError(f"reshaping {array.shape} to {shape} copied the columns")
    return view


def _copy_columns(layer, plan, views, groups, rows, columns):
    """Copy the block's taps into ``columns`` (samples, groups, C_g, taps, rows, *row_shape)."""
    geo = layer.geometry
    in_per_group = layer.in_per_group
    channels = slice(groups.start * in_per_group, groups.stop * in_per_group)
    begin = 0
    for group, view in zip(plan.groups, views):
        end = begin + prod(group.counts)
        source = view[(slice(None), channels, Ellipsis, slice(rows.start, rows.stop),
                       *(slice(None),) * (geo.ndim - 1))]
        np.copyto(_split(columns[:, :, :, begin:end], (*columns.shape[:3], *group.counts, *columns.shape[4:])),
                  source.reshape(source.shape[0], len(groups), in_per_group, *source.shape[2:]))
        begin = end
    for taps, axis, positions in plan.strips:
        columns[(slice(None),) * 3 + (taps,) + (slice(None),) * axis + (positions,)] = 0


def _compute_direct(layer, plan, filters, views, groups, rows, buffers, out):
    """Columns sample by sample; the product of each sample and group written into ``out``."""
    samples = out.shape[0]
    row_size = prod(plan.row_shape)
    positions = len(rows) * row_size
    depth = layer.in_per_group * prod(layer.geometry.kernel_size)
    columns = buffers[0][:samples, :len(groups), :, :positions]
    _copy_columns(layer, plan, views, groups, rows, _split(
        columns[:, :, :depth], (samples, len(groups), layer.in_per_group, -1, len(rows), *plan.row_shape)))
    outputs = out.reshape(samples, layer.groups, layer.out_per_group, -1)
    np.matmul(filters[groups.start:groups.stop], columns,
              out=outputs[:, groups.start:groups.stop, :, rows.start * row_size:rows.stop * row_size])


def _compute_side_by_side(layer, plan, filters, views, groups, rows, buffers, out):
    """Columns with the block's samples side by side; the products copied into ``out``."""
    geo = layer.geometry
    samples = out.shape[0]
    block = (samples, len(rows), *plan.row_shape)
    positions = prod(block)
    depth = layer.in_per_group * prod(geo.kernel_size)
    columns = buffers[0][:len(groups), :, :positions]
    # Copied as (samples, groups, C_g, taps, ...) into a (groups, C_g, taps, samples, ...) matrix.
    taps_of = _split(columns[:, :depth], (len(groups), layer.in_per_group, -1, *block))
    _copy_columns(layer, plan, views, groups, rows, np.moveaxis(taps_of, 3, 0))
    products = buffers[1][:len(groups), :, :positions]
    np.matmul(filters[groups.start:groups.stop], columns, out=products)
    kept = products.reshape(len(groups), layer.out_per_group, *block)
    if plan.layout == "wide":
        kept = kept[(Ellipsis, *(slice(0, n) for n in geo.output_size[1:]))]
    target = out[:, groups.start * layer.out_per_group:groups.stop * layer.out_per_group, rows.start:rows.stop]
    target = _split(target, (samples, len(groups), layer.out_per_group, *target.shape[2:]))
    np.copyto(target, np.moveaxis(kept, 2, 0))



# ---------------------------------------------------------------------------
# Stacked kernel rows: stride 1, every axis after the first as long in the
# output as in the input, and enough input channels per group.
#
# im2col copies every tap of the input (kH*kW copies of it for a 2-D kernel)
# and the product then reads all of them; with several input channels per
# group those copies cost about as much as the product. Here only the taps of
# the axes after the first are copied (kW copies); the taps of the first axis
# go into the product's rows instead: the filters' kernel row i forms rows
# i*out/groups.. of one matrix, so one product gives, at every position of
# the input padded along its first axis, each kernel row's partial sum. With
# stride 1 the output at flat position p is the sum over i of row i's partial
# sum at p + i*dilation*row length: kH - 1 additions of long contiguous runs,
# the last written straight into the output. As in the flat layout above, the
# rows are the output's own and the copied taps that wrap around a row are
# zeroed. The products are kH times taller (BLAS runs them faster than a
# deep, thin product) and cover kH - 1 extra rows per sample.
# ---------------------------------------------------------------------------


def use_stacked(layer):
    """Whether a layer takes the stacked path (see above).

    It needs stride 1 and rows as long as the input's (the flat layout), and
    a kernel of more than one row. It pays where the filters per group are
    few and the input channels per group times the copied taps at least as
    many: there im2col's product is thin (out/groups rows, which BLAS runs
    slowly) and its copies outweigh the kH - 1 additions of partial sums that
    replace them. With many filters per group (dense layers) the product is
    fast already, and the extra rows the stacked product computes cost more
    than the copies saved (measured with bench/bench_conv2d.py); with one
    input channel and many filters the additions do.
    """
    geo = layer.geometry
    return (geo.ndim >= 2 and all(s == 1 for s in geo.stride) and geo.kernel_size[0] > 1
            and geo.output_size[1:] == geo.input_size[1:]
            and layer.out_per_group <= _STACKED_MAX_FILTERS
            and layer.in_per_group * prod(geo.kernel_size[1:]) >= layer.out_per_group)


def _stacked_filters(layer, taps):
    """``weight`` as (groups, kH * out/groups, in/groups * taps [+ 1 for the bias])."""
    k0 = layer.geometry.kernel_size[0]
    w = layer.weight.reshape(layer.groups, layer.out_per_group, layer.in_per_group, k0, taps)
    rows, depth = k0 * layer.out_per_group, layer.in_per_group * taps
    filters = np.zeros((layer.groups, rows, depth + (layer.bias is not None)), layer.dtype)
    filters[:, :, :depth].reshape(layer.groups, k0, layer.out_per_group, layer.in_per_group, taps)[...] = \
        np.moveaxis(w, 3, 1)
    if layer.bias is not None:
        # The bias is one more column whose input is always 1, in the first kernel row's filters only.
        filters[:, :layer.out_per_group, depth] = layer.bias.reshape(layer.groups, -1)
    return filters


def _thread_count():
    """The threads NumPy's BLAS starts by default: $OPENBLAS_NUM_THREADS or $OMP_NUM_THREADS, else the CPUs usable."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_POOLS = {}  # thread count -> the pool of the other threads, started on first use
if hasattr(os, "register_at_fork"):
    # A forked child has none of its parent's threads: a pool inherited from it would never run a task.
    os.register_at_fork(after_in_child=_POOLS.clear)


def _stacked_in_threads(layer, out):
    """The stacked path; its groups shared among threads when each group's product is too small for BLAS to.

    A depthwise layer's products (kH rows by kW + 1 columns per channel) are
    far below the size at which OpenBLAS shares a product between its
    threads, so its second core would stay idle while the one thread copies,
    multiplies and adds. Then the groups are split among as many threads as
    BLAS would use, each running the stacked path on its own groups with its
    own buffers; NumPy releases the GIL in the copies, the additions and the
    products, and the blocks are capped so that every product stays below
    that size (BLAS's threads, spinning after a call, would take turns with
    ours). Larger products are left to BLAS's own threads. Measured on the
    depthwise benchmark layer with 2 threads: float64 5.5 against 7.8 ms,
    float32 about the same (4.0 ms; its copies and additions are bound by
    memory more than by the core).
    """
    geo = layer.geometry
    plane = geo.padded_size[0] * prod(geo.input_size[1:])
    per_sample = (geo.kernel_size[0] * layer.out_per_group
                  * (layer.in_per_group * prod(geo.kernel_size[1:]) + 1) * plane)
    threads = min(_thread_count(), layer.groups)
    if threads < 2 or per_sample > _BLAS_ONE_THREAD:
        return conv_stacked(layer, out)
    in_g, out_g = layer.in_per_group, layer.out_per_group

    def part(groups):
        inputs, outputs = slice(groups.start * in_g, groups.stop * in_g), slice(groups.start * out_g, groups.stop * out_g)
        sub = replace(layer, input=layer.input[:, inputs], weight=layer.weight[outputs],
                      bias=None if layer.bias is None else layer.bias[outputs], groups=len(groups),
                      in_channels=len(groups) * in_g, out_channels=len(groups) * out_g)
        conv_stacked(sub, out[:, outputs], max_samples=_BLAS_ONE_THREAD // per_sample)

    pool = _POOLS.get(threads)
    if pool is None:
        pool = _POOLS[threads] = ThreadPoolExecutor(threads - 1, thread_name_prefix="convref")
    parts = _even_ranges(layer.groups, -(-layer.groups // threads))
    futures = [pool.submit(part, groups) for groups in parts[1:]]
    try:
        part(parts[0])
    finally:
        wait(futures)
    for future in futures:
        future.result()  # raises what the thread raised
    return out


def _stacked_blocks(layer, plane, row, max_samples=None):
    """(samples, groups, output rows) ranges: samples side by side, then groups, else rows of one sample.

    When the whole padded input stays in cache, a block takes as many
    samples of one group as fit, so that a group's product is one long BLAS
    call rather than one per sample: BLAS shares a long call between its
    threads better (the grouped benchmark layer, float32 on 2 threads: 1.75
    against 2.06 ms). Otherwise whole samples come first (all their groups),
    so that only their planes are copied at a time and stay in cache for the
    block (for the depthwise benchmark layer a group's samples side by side
    were slower: their columns and products outgrow the cache).
    """
    geo = layer.geometry
    k0, d0 = geo.kernel_size[0], geo.dilation[0]
    per_position = (layer.in_per_group * prod(geo.kernel_size[1:]) + 1 + k0 * layer.out_per_group) * layer.dtype.itemsize
    im2col = layer.batch * layer.in_channels * prod(geo.kernel_size) * prod(geo.output_size) * layer.dtype.itemsize
    budget = min(_BLOCK_BYTES, int(im2col * _IM2COL_SHARE))
    group_sample = per_position * plane
    if group_sample > budget:
        samples, groups = 1, 1
        rows = max(1, min(geo.output_size[0], budget // (per_position * row) - (k0 - 1) * d0))
    else:
        whole_input = layer.in_channels * layer.batch * plane * layer.dtype.itemsize
        per_sample = group_sample * (1 if whole_input <= _BLOCK_BYTES else layer.groups)
        samples = max(1, min(layer.batch, max_samples or layer.batch, budget // per_sample))
        groups = max(1, min(layer.groups, budget // (group_sample * samples)))
        rows = geo.output_size[0]
    return [(n, g, y) for n in _even_ranges(layer.batch, samples) for g in _even_ranges(layer.groups, groups)
            for y in _even_ranges(geo.output_size[0], rows)]


def conv_stacked(layer, out, max_samples=None):
    """The stacked path (see above): ``out`` (samples, out_channels, *output_size) filled block by block.

    ``max_samples``: the most samples a block holds side by side.
    """
    geo = layer.geometry
    nd = geo.ndim
    k0, d0 = geo.kernel_size[0], geo.dilation[0]
    rest = list(cartesian(*(range(k) for k in geo.kernel_size[1:])))
    size = (geo.padded_size[0], *geo.input_size[1:])  # padded along the first axis only
    steps = [prod(size[a + 1:]) for a in range(nd)]
    plane, row = prod(size), steps[0]
    row_shift = d0 * row  # from one kernel row's partial sums to the next's
    # Tap (t_1, ...) of the later axes reads the input at offset t*dilation - padding along each.
    offsets = [[t * d - before for t, d, (before, _) in zip(tap, geo.dilation[1:], geo.padding[1:])] for tap in rest]
    shifts = [sum(o * step for o, step in zip(offset, steps[1:])) for offset in offsets]
    front, back = max(0, -min(shifts)), max(0, max(shifts))
    # Where a tap's read leaves its row along a later axis: (tap, axis of the columns' view, position).
    wrapped = [(t, axis, position) for t, offset in enumerate(offsets)
               for axis, (o, n) in enumerate(zip(offset, size[1:]), start=3)
               for position in (range(0, min(-o, n)) if o < 0 else range(max(n - o, 0), n))]
    filters = _stacked_filters(layer, len(rest))
    in_g, out_g = layer.in_per_group, layer.out_per_group
    depth = in_g * len(rest)

    def width_of(samples, rows):
        """Positions of a block's products: its output rows (the last sample's) and kH - 1 more rows."""
        return (samples - 1) * plane + (len(rows) + (k0 - 1) * d0) * row

    blocks = _stacked_blocks(layer, plane, row, max_samples)
    most_samples = max(len(n) for n, _, _ in blocks)
    most_groups = max(len(g) for _, g, _ in blocks)
    most_width = max(width_of(len(n), y) for n, _, y in blocks)
    # The input, channel by channel, its samples one after the other, padded along the first axis; the
    # margins are read by taps that leave the first and last rows (positions zeroed in the columns).
    planes = np.zeros((layer.in_channels, front + most_samples * plane + back), layer.dtype)
    columns = np.empty((most_groups, filters.shape[2], most_width), layer.dtype)
    if layer.bias is not None:
        columns[:, -1, :] = 1
    # The products' rows are longer than a block's positions by kH - 1 rows, so that every kernel row's
    # partial sums, from its shift on, can be viewed as (samples, plane) like the first row's.
    products = np.empty((most_groups, k0, out_g, most_width + (k0 - 1) * row_shift), layer.dtype)
    before = geo.padding[0][0]
    filled = None
    for samples, groups, rows in blocks:
        if samples != filled:
            view = planes[:, front:front + len(samples) * plane].reshape(layer.in_channels, len(samples), *size)
            np.copyto(view[:, :, before:before + geo.input_size[0]],
                      np.moveaxis(layer.input[samples.start:samples.stop], 1, 0))
            filled = samples
        width = width_of(len(samples), rows)
        start = front + rows.start * row
        source = planes[groups.start * in_g:groups.stop * in_g].reshape(len(groups), in_g, -1)
        block_columns = columns[:len(groups), :, :width]
        taps = block_columns[:, :depth].reshape(len(groups), in_g, len(rest), width)
        for t, shift in enumerate(shifts):
            np.copyto(taps[:, :, t], source[:, :, start + shift:start + shift + width])
        if wrapped:
            view = taps.reshape(len(groups), in_g, len(rest), width // row, *size[1:])
            for t, axis, position in wrapped:
                view[(slice(None), slice(None), t) + (slice(None),) * (axis - 2) + (position,)] = 0
        block_products = products[:len(groups)]
        np.matmul(filters[groups.start:groups.stop], block_columns,
                  out=block_products.reshape(len(groups), k0 * out_g, -1)[..., :width])
        _sum_kernel_rows(block_products, out, samples, groups, rows, plane, row, row_shift, width)
    return out


def _sum_kernel_rows(products, out, samples, groups, rows, plane, row, row_shift, width):
    """out[n, o, p] = sum over kernel rows i of products[:, i, o] at (sample n's) p + i * row_shift."""
    k0, out_g = products.shape[1:3]
    length = width - (k0 - 1) * row_shift  # the output rows' positions
    first = products[:, 0, :, :length]
    for i in range(1, k0 - 1):  # in place over whole runs: long passes
        np.add(first, products[:, i, :, i * row_shift:i * row_shift + length], out=first)
    run = len(rows) * row
    span = len(samples) * plane if len(samples) > 1 else run

    def per_sample(array, offset):  # (groups, out_g, positions from offset) as (samples, groups, out_g, run)
        return np.moveaxis(array[..., offset:offset + span].reshape(*array.shape[:2], len(samples), -1)[..., :run],
                           2, 0)

    target = out[samples.start:samples.stop, groups.start * out_g:groups.stop * out_g]
    target = _split(target, (*target.shape[:2], -1))[..., rows.start * row:rows.start * row + run]
    np.add(per_sample(products[:, 0], 0), per_sample(products[:, k0 - 1], (k0 - 1) * row_shift),
           out=_split(target, (len(samples), len(groups), out_g, run)))
