"""The ``"fast"`` method of conv1d/2d/3d: im2col products in cache-sized blocks.

Any layer, grouped, depthwise or dense, strided or dilated, in 1, 2 or 3
dimensions, is the same three steps, block by block:

1. **Phase planes.** The input is zero-padded and, along each strided axis,
   split by position modulo the stride (``s`` planes per axis, each
   ``ceil(padded / s)`` long; only the planes that some tap reads). Output
   position ``y`` and tap ``t`` read position ``y + (t*d) // s`` of plane
   ``(t*d) % s``: a shift, never a stride, so every tap reads unit-stride
   runs, and the taps that share a plane sit at evenly spaced shifts, which
   one strided view of the plane covers.
2. **Columns.** Those views are copied into the column matrix, one copy per
   plane. When the padded rows are not much longer than the output rows, the
   columns cover "wide" rows: every plane position along all axes but the
   first, so that a tap's part of a block is one contiguous run per channel;
   the extra positions give outputs that are never kept.
3. **One product for all groups.** ``weight`` as ``(groups, out/groups,
   in/groups * taps + 1)``, the bias as the last column, times the columns
   as ``(groups, in/groups * taps + 1, samples * positions)``, a row of ones
   last: one ``np.matmul`` call, one BLAS product per group with the samples
   of the block side by side. A depthwise layer (one input channel per
   group) is the same call, a matrix-vector product per channel.

The products are then copied into the output, dropping the wide positions.
Blocks hold several samples, or some groups of them, or a range of output
rows of one group of one sample, so that the columns of a block stay near
``_BLOCK_BYTES``: small enough to stay in cache between the copy and the
product, large enough that the BLAS calls are long and the Python overhead
per block small.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import product as cartesian
from math import ceil, gcd, prod

import numpy as np

# Columns of one block stay near this size (and below a quarter of the whole
# im2col matrix, so that columns and products together never outgrow it).
_BLOCK_BYTES = 4 * 2**20
# The blocks in flight (one per thread) hold at most this share of the layer's
# im2col matrix, so that the peak memory stays below that of a plain im2col.
_IM2COL_SHARE = 0.5
# Wide rows are used when they cost at most this factor of extra positions.
_MAX_WIDE_WASTE = 1.3


@dataclass(frozen=True)
class _TapGroup:
    """Taps that read one phase plane, at shifts evenly spaced along each axis."""

    plane: int  # index into _Plan.planes
    counts: tuple  # taps per axis
    first_shift: tuple  # plane offset of the first tap, per axis
    shift_step: tuple  # plane offset between consecutive taps, per axis


@dataclass(frozen=True)
class _Plan:
    planes: tuple  # phase (residue per axis) of each plane kept
    plane_size: tuple  # plane extent per axis (the first possibly longer, for wide overflow)
    groups: tuple  # _TapGroup, in column order
    tap_order: np.ndarray  # flat kernel index of each column tap
    wide: bool
    row_shape: tuple  # column positions per output row (first axis)
    direct: bool  # products go straight into the output, one per sample and group


def _axis_groups(k, s, d):
    """Taps along one axis grouped by phase: [(phase, taps, first shift, shift step)]."""
    step = s // gcd(s, d)  # taps t and t + step have the same phase t*d % s
    groups = []
    for first in range(min(step, k)):
        taps = list(range(first, k, step))
        groups.append(((first * d) % s, taps, (first * d) // s, step * d // s))
    return groups


def _plan(geo, in_per_group, out_per_group):
    nd = geo.ndim
    # When a group's columns are smaller than its products (few input channels,
    # many filters), copying exact rows into the columns costs less than
    # copying the products to the output: the product then writes the output itself.
    direct = in_per_group * prod(geo.kernel_size) < out_per_group
    per_axis = [_axis_groups(k, s, d) for k, s, d in zip(geo.kernel_size, geo.stride, geo.dilation)]
    size = [ceil(n / s) for n, s in zip(geo.padded_size, geo.stride)]
    wide_row = prod(size[1:])
    wide = not direct and wide_row <= _MAX_WIDE_WASTE * prod(geo.output_size[1:])
    combos = list(cartesian(*per_axis))
    planes = sorted({tuple(axis[0] for axis in combo) for combo in combos})
    groups, order = [], []
    for combo in combos:
        groups.append(_TapGroup(planes.index(tuple(axis[0] for axis in combo)),
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
        row_shape = tuple(size[1:])
    else:
        row_shape = tuple(geo.output_size[1:])
    return _Plan(tuple(planes), tuple(size), tuple(groups), np.array(order, dtype=np.intp), wide, row_shape,
                 direct)


def _fill_planes(buffer, input, geo, plan):
    """Write ``input`` (samples, C, *input_size) into the phase planes; the rest stays zero."""
    for index, phase in enumerate(plan.planes):
        source, target = [], []
        for n, (before, _), s, r in zip(geo.input_size, geo.padding, geo.stride, phase):
            # Padded position q*s + r holds input position q*s + r - before.
            first = (r - before) % s
            count = len(range(first, n, s))
            source.append(slice(first, n, s))
            start = (first + before) // s
            target.append(slice(start, start + count))
        buffer[(slice(None), slice(None), index, *target)] = input[(Ellipsis, *source)]


def _group_views(planes, plan, geo):
    """For each tap group, a read-only view (samples, C, *counts, O_1, *row_shape) of the planes."""
    item = planes.itemsize
    steps = [prod(plan.plane_size[a + 1:]) for a in range(geo.ndim)]
    shape_tail = (geo.output_size[0], *plan.row_shape)
    views = []
    for group in plan.groups:
        base = planes[:, :, group.plane].reshape(*planes.shape[:2], -1)
        offset = sum(f * step for f, step in zip(group.first_shift, steps))
        views.append(np.lib.stride_tricks.as_strided(
            base[:, :, offset:],
            shape=(*planes.shape[:2], *group.counts, *shape_tail),
            strides=(*base.strides[:2], *(st * step * item for st, step in zip(group.shift_step, steps)),
                     *(step * item for step in steps)),
            writeable=False))
    return views


def _blocks(layer, plan, threads):
    """Every block as (samples, groups, output rows) ranges.

    Whole samples first (the longest products), then whole groups of one
    sample or of several, and only when one group of one sample is over the
    budget, a range of its output rows. A block's columns and products stay
    within ``_BLOCK_BYTES``, and those of all threads together within half
    ``_IM2COL_SHARE`` of the im2col matrix of the layer.
    """
    geo = layer.geometry
    taps = prod(geo.kernel_size)
    # Columns, the bias's ones and, unless they go straight to the output, the products.
    depth = layer.in_per_group * taps + 1 + (0 if plan.direct else layer.out_per_group)
    group_row = depth * prod(plan.row_shape) * layer.dtype.itemsize
    group_sample = group_row * geo.output_size[0]
    im2col = layer.batch * layer.in_channels * taps * prod(geo.output_size) * layer.dtype.itemsize
    budget = min(_BLOCK_BYTES, int(im2col * _IM2COL_SHARE) // threads)
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
    """A 1x1 kernel without padding or stride: the input is already the column matrix."""
    x = layer.input.reshape(layer.batch, layer.groups, layer.in_per_group, -1)
    filters = layer.weight.reshape(layer.groups, layer.out_per_group, layer.in_per_group)
    np.matmul(filters, x, out=out.reshape(layer.batch, layer.groups, layer.out_per_group, -1))
    if layer.bias is not None:
        out += layer.bias.reshape(-1, *(1,) * layer.geometry.ndim)


def _default_threads():
    """As many threads as OpenBLAS starts by default: its variables, else the CPUs we may run on."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# The copies between BLAS calls run on this many threads (NumPy releases the
# GIL while it copies, adds and multiplies), as many as the BLAS uses, so
# that the whole layer, not only its products, uses the machine.
_THREADS = _default_threads()
# Below this many bytes of columns, handing work to threads costs more than it saves.
_THREADED_BYTES = 2**20
_pool, _pool_pid = None, None


def _in_parallel(tasks):
    """Run the callables ``tasks``, one per thread, and return when all are done."""
    global _pool, _pool_pid
    if len(tasks) > 1 and (_pool is None or _pool_pid != os.getpid()):
        # A forked child inherits the pool object but not its threads.
        _pool, _pool_pid = ThreadPoolExecutor(max_workers=_THREADS - 1, thread_name_prefix="convref"), os.getpid()
    futures = [_pool.submit(task) for task in tasks[1:]]
    tasks[0]()
    for future in futures:
        future.result()


def _shares(items, parts):
    """``items`` cut into at most ``parts`` consecutive runs of nearly equal length."""
    parts = max(1, min(parts, len(items)))
    bounds = [len(items) * k // parts for k in range(parts + 1)]
    return [items[start:stop] for start, stop in zip(bounds, bounds[1:])]


def conv_fast(layer):
    """The layer's output, bias included, computed block by block (see the module docstring)."""
    geo = layer.geometry
    out = np.empty((layer.batch, layer.out_channels, *geo.output_size), layer.dtype)
    if layer.batch == 0:
        return out
    taps = prod(geo.kernel_size)
    no_padding = not any(before or after for before, after in geo.padding)
    if taps == 1 and no_padding and all(s == 1 for s in geo.stride):
        _pointwise(layer, out)
        return out
    plan = _plan(geo, layer.in_per_group, layer.out_per_group)
    columns_bytes = layer.in_channels * taps * layer.batch * prod(geo.output_size) * layer.dtype.itemsize
    threads = _THREADS if columns_bytes >= _THREADED_BYTES else 1
    blocks = _blocks(layer, plan, threads)
    in_per_group, out_per_group = layer.in_per_group, layer.out_per_group
    filters = layer.weight.reshape(layer.groups, out_per_group, in_per_group, taps)[..., plan.tap_order]
    filters = filters.reshape(layer.groups, out_per_group, in_per_group * taps)
    if layer.bias is not None:
        # The bias is one more tap, whose input is always 1: the product adds it.
        filters = np.concatenate([filters, layer.bias.reshape(layer.groups, out_per_group, 1)], axis=2)
    planes = np.zeros((layer.batch, layer.in_channels, len(plan.planes), *plan.plane_size), layer.dtype)
    views = _group_views(planes, plan, geo)
    # Samples, or the channels of fewer samples than threads, are shared out for the padding copy.
    if layer.batch >= threads:
        parts = [(slice(n.start, n.stop), slice(None)) for n in _shares(range(layer.batch), threads)]
    else:
        parts = [(slice(None), slice(c.start, c.stop)) for c in _shares(range(layer.in_channels), threads)]
    _in_parallel([lambda n=n, c=c: _fill_planes(planes[n, c], layer.input[n, c], geo, plan) for n, c in parts])
    _in_parallel([lambda share=share: _compute_blocks(layer, plan, filters, views, share, out)
                  for share in _shares(blocks, threads)])
    return out


def _compute_blocks(layer, plan, filters, views, blocks, out):
    """Columns, product and output for each block of ``blocks``, with buffers of its own."""
    if plan.direct:
        return _compute_blocks_direct(layer, plan, filters, views, blocks, out)
    geo = layer.geometry
    taps = prod(geo.kernel_size)
    in_per_group, out_per_group = layer.in_per_group, layer.out_per_group
    depth = in_per_group * taps
    largest = max(len(n) * len(g) * len(y) for n, g, y in blocks) * prod(plan.row_shape)
    columns_buffer = np.empty(largest * filters.shape[2], layer.dtype)
    products_buffer = np.empty(largest * out_per_group, layer.dtype)
    keep = (Ellipsis, *(slice(0, n) for n in geo.output_size[1:])) if plan.wide else (Ellipsis,)
    # Group views are (samples, groups, C_g, *counts, rows, ...); columns want
    # (groups, C_g, *counts, samples, rows, ...).
    to_columns = [(1, 2, *range(3, 3 + len(group.counts)), 0, *range(3 + len(group.counts),
                                                                      3 + len(group.counts) + geo.ndim))
                  for group in plan.groups]
    group_taps = np.cumsum([0] + [prod(group.counts) for group in plan.groups])
    for samples, groups, rows in blocks:
        block = (len(samples), len(rows), *plan.row_shape)
        positions = prod(block)
        channels = slice(groups.start * in_per_group, groups.stop * in_per_group)
        # Each group's rows (channel, tap, then the bias's ones) form its column matrix.
        columns = columns_buffer[:len(groups) * filters.shape[2] * positions].reshape(
            len(groups), filters.shape[2], positions)
        # Only axes are split here, never merged, so that every reshape is a view.
        taps_of = columns[:, :depth].reshape(len(groups), in_per_group, taps, *block)
        for group, view, axes, begin, end in zip(plan.groups, views, to_columns, group_taps, group_taps[1:]):
            source = view[(slice(samples.start, samples.stop), channels, Ellipsis, slice(rows.start, rows.stop),
                           *(slice(None),) * (geo.ndim - 1))]
            source = source.reshape(len(samples), len(groups), in_per_group, *source.shape[2:])
            np.copyto(taps_of[:, :, begin:end].reshape(len(groups), in_per_group, *group.counts, *block),
                      source.transpose(axes))
        if layer.bias is not None:
            columns[:, -1] = 1
        products = products_buffer[:len(groups) * out_per_group * positions].reshape(
            len(groups), out_per_group, positions)
        np.matmul(filters[groups.start:groups.stop], columns, out=products)
        target = out[samples.start:samples.stop, groups.start * out_per_group:groups.stop * out_per_group,
                     rows.start:rows.stop]
        np.copyto(target, products.reshape(-1, *block)[keep].swapaxes(0, 1))


def _compute_blocks_direct(layer, plan, filters, views, blocks, out):
    """As :func:`_compute_blocks`, the columns sample by sample, the products written into ``out``."""
    geo = layer.geometry
    taps = prod(geo.kernel_size)
    in_per_group, out_per_group = layer.in_per_group, layer.out_per_group
    depth = in_per_group * taps
    row_size = prod(plan.row_shape)
    largest = max(len(n) * len(g) * len(y) for n, g, y in blocks) * row_size
    columns_buffer = np.empty(largest * filters.shape[2], layer.dtype)
    outputs = out.reshape(layer.batch, layer.groups, out_per_group, -1)
    group_taps = np.cumsum([0] + [prod(group.counts) for group in plan.groups])
    for samples, groups, rows in blocks:
        block = (len(rows), *plan.row_shape)
        positions = prod(block)
        channels = slice(groups.start * in_per_group, groups.stop * in_per_group)
        columns = columns_buffer[:len(samples) * len(groups) * filters.shape[2] * positions].reshape(
            len(samples), len(groups), filters.shape[2], positions)
        taps_of = columns[:, :, :depth].reshape(len(samples), len(groups), in_per_group, taps, *block)
        for group, view, begin, end in zip(plan.groups, views, group_taps, group_taps[1:]):
            source = view[(slice(samples.start, samples.stop), channels, Ellipsis, slice(rows.start, rows.stop),
                           *(slice(None),) * (geo.ndim - 1))]
            np.copyto(taps_of[:, :, :, begin:end].reshape(len(samples), len(groups), in_per_group, *group.counts,
                                                          *block),
                      source.reshape(len(samples), len(groups), in_per_group, *source.shape[2:]))
        if layer.bias is not None:
            columns[:, :, -1] = 1
        np.matmul(filters[groups.start:groups.stop], columns,
                  out=outputs[samples.start:samples.stop, groups.start:groups.stop, :,
                              rows.start * row_size:rows.stop * row_size])
