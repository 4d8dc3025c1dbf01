"""The arguments of one convolution layer, checked once for every function.

A convolution, its transpose, its gradient, ``im2col`` and the layer matrix
all take the same ``stride``, ``padding``, ``dilation`` and ``groups`` and the
same channels-first arrays. This module turns those arguments into a
:class:`Geometry` (sizes per spatial axis) and a :class:`Layer` (the arrays in
one common dtype, always with a batch axis), raising ``TypeError`` or
``ValueError`` naming the argument whenever PyTorch would refuse it.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

import numpy as np

from . import _checks
from .arithmetic import kernel_span, output_size, transposed_output_size

PADDING_STRINGS = ("valid", "same")

# The largest array (in bytes) that a convolution allocates: 64 GiB, more than a
# NumPy reference is ever run on. Past it, an argument is absurd (padding=10**9
# would need exabytes) and is named before NumPy is asked for the memory.
MAX_ARRAY_BYTES = 2**36


def _size(nbytes):
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"):
        if nbytes < 1024 or unit == "EiB":
            return f"{nbytes:.3g} {unit}"
        nbytes /= 1024
    return None  # not reached


def check_allocation(shape, dtype, *, what, blame):
    """Refuse an array of ``shape`` and ``dtype`` larger than :data:`MAX_ARRAY_BYTES`, naming ``blame``.

    ``what`` says which array (``"the padded input"``), ``blame`` which
    arguments make it so large (``"padding=(1000000000, 1000000000) is too
    large"``).
    """
    values = math.prod(shape)
    nbytes = values * np.dtype(dtype).itemsize
    if nbytes > MAX_ARRAY_BYTES:
        raise ValueError(
            f"{blame}: {what} would have shape {tuple(shape)}, {float(values):.3g} values "
            f"({_size(float(nbytes))} in {np.dtype(dtype).name}), more than the {_size(MAX_ARRAY_BYTES)} "
            f"convref allocates for one array"
        )


def _padding_shown(geo):
    """The padding as the caller wrote it: one int per axis, or (before, after) pairs for "same"."""
    if all(before == after for before, after in geo.padding):
        return f"padding={tuple(before for before, _ in geo.padding)} is too large"
    return f"padding {geo.padding} (before, after) is too large"


@dataclass(frozen=True, kw_only=True)
class Geometry:
    """Sizes along the spatial axes of one convolution (one entry per axis).

    ``padding`` holds ``(before, after)`` pairs because ``padding="same"``
    with an even dilated kernel pads one more zero after than before.
    """

    input_size: tuple
    kernel_size: tuple
    stride: tuple
    padding: tuple
    dilation: tuple
    output_size: tuple

    @property
    def ndim(self):
        return len(self.kernel_size)

    @property
    def padded_size(self):
        return tuple(n + before + after for n, (before, after) in zip(self.input_size, self.padding))

    def tap_slices(self, tap):
        """Slices of the padded input that kernel tap ``tap`` multiplies.

        Output position ``y`` reads padded position ``y*stride + tap*dilation``,
        so one tap sees the padded input from ``tap*dilation`` in steps of
        ``stride``, once per output position.
        """
        return tuple(
            slice(t * d, t * d + s * (n_out - 1) + 1, s)
            for t, s, d, n_out in zip(tap, self.stride, self.dilation, self.output_size)
        )

    def window_slices(self, position):
        """Slices of the padded input read by output position ``position``.

        The receptive field starts at ``position*stride`` and takes every
        ``dilation``-th element, ``kernel_size`` times.
        """
        return tuple(
            slice(p * s, p * s + kernel_span(k, d), d)
            for p, s, d, k in zip(position, self.stride, self.dilation, self.kernel_size)
        )


def check_groups(groups, *, in_channels, out_channels, in_source="", out_source=""):
    """Check that ``groups`` is a positive int dividing both channel counts; return it.

    The one groups check of convref: functions and layer specifications
    alike. ``in_source`` and ``out_source`` say where a count comes from in
    the caller's arguments, e.g. ``" (weight.shape[0])"``.
    """
    groups = _checks.integer(groups, "groups", minimum=1)
    for name, channels, source in (("in_channels", in_channels, in_source),
                                   ("out_channels", out_channels, out_source)):
        if channels % groups:
            raise ValueError(f"{name}={channels}{source} must be divisible by groups={groups}")
    return groups


def conv_padding(padding, ndim, *, stride):
    """Check the ``padding`` of a convolution: ``"valid"``, ``"same"`` or ints.

    Returns the string, or a tuple of ``ndim`` non-negative ints. ``"same"``
    needs stride 1, as in PyTorch: with a stride, no padding keeps the size.
    """
    if isinstance(padding, str):
        _checks.choice(padding, "padding", PADDING_STRINGS)
        if padding == "same" and any(s != 1 for s in stride):
            raise ValueError(
                f"padding='same' is not supported with stride > 1 (as in PyTorch), got stride={stride}"
            )
        return padding
    return _checks.int_tuple(padding, "padding", ndim, minimum=0)


def transposed_padding(padding, ndim):
    """Check the ``padding`` of a transposed convolution: ints only, no string."""
    if isinstance(padding, str):
        raise TypeError(f"padding must be an integer or a tuple of {ndim} integers for a transposed convolution "
                        f"(PyTorch accepts no string there), got {padding!r}")
    return _checks.int_tuple(padding, "padding", ndim, minimum=0)


def padding_pairs(padding, kernel_size, *, stride, dilation):
    """Zeros ``(before, after)`` each spatial axis, exactly as PyTorch pads.

    The one "same"-padding computation of convref: ``"same"`` pads
    ``dilation*(kernel_size - 1)`` zeros in all per axis, half before and the
    rest (one more when it is odd) after, as ``torch.nn.functional.conv2d``
    does; it needs stride 1.
    """
    ndim = len(kernel_size)
    padding = conv_padding(padding, ndim, stride=stride)
    if padding == "valid":
        return ((0, 0),) * ndim
    if padding == "same":
        pairs = []
        for k, d in zip(kernel_size, dilation):
            total = d * (k - 1)
            pairs.append((total // 2, total - total // 2))
        return tuple(pairs)
    return tuple((p, p) for p in padding)


def geometry(input_size, kernel_size, *, stride, padding, dilation, input_name="input", kernel_name="weight"):
    """Check stride, padding and dilation against the sizes; return a :class:`Geometry`."""
    ndim = len(kernel_size)
    stride = _checks.int_tuple(stride, "stride", ndim, minimum=1)
    dilation = _checks.int_tuple(dilation, "dilation", ndim, minimum=1)
    pairs = padding_pairs(padding, kernel_size, stride=stride, dilation=dilation)
    sizes = []
    for axis, (n, k, s, d, (before, after)) in enumerate(zip(input_size, kernel_size, stride, dilation, pairs)):
        # Pad first, then slide the kernel without padding: this also covers
        # the asymmetric padding of "same".
        span = kernel_span(k, d)
        if span > n + before + after:
            raise ValueError(
                f"{kernel_name} is larger than the padded {input_name}: along spatial axis {axis} the kernel "
                f"(kernel_size {tuple(kernel_size)}, dilation {dilation}) spans {span} positions but the "
                f"{input_name} has {n} plus padding {before} + {after} = {n + before + after}"
            )
        sizes.append(output_size(n + before + after, k, stride=s, padding=0, dilation=d))
    return Geometry(input_size=tuple(input_size), kernel_size=tuple(kernel_size), stride=stride, padding=pairs,
                    dilation=dilation, output_size=tuple(sizes))


def transposed_geometry(input_size, kernel_size, *, stride, padding, output_padding, dilation):
    """The :class:`Geometry` of the convolution whose transpose maps ``input_size`` out.

    The returned ``input_size`` is the size of the transposed convolution's
    output and ``output_size`` that of its input.
    """
    ndim = len(kernel_size)
    stride = _checks.int_tuple(stride, "stride", ndim, minimum=1)
    dilation = _checks.int_tuple(dilation, "dilation", ndim, minimum=1)
    padding = transposed_padding(padding, ndim)
    output_padding = _checks.int_tuple(output_padding, "output_padding", ndim, minimum=0)
    sizes = tuple(
        transposed_output_size(n, k, stride=s, padding=p, output_padding=op, dilation=d)
        for n, k, s, p, op, d in zip(input_size, kernel_size, stride, padding, output_padding, dilation)
    )
    return Geometry(input_size=sizes, kernel_size=tuple(kernel_size), stride=stride,
                    padding=tuple((p, p) for p in padding), dilation=dilation, output_size=tuple(input_size))


@dataclass(frozen=True, kw_only=True)
class Layer:
    """Arrays of one layer call in their common dtype, ``input`` always batched."""

    input: np.ndarray
    weight: np.ndarray
    bias: np.ndarray | None
    groups: int
    batched: bool
    geometry: Geometry
    in_channels: int
    out_channels: int

    @property
    def dtype(self):
        return self.input.dtype

    @property
    def batch(self):
        return self.input.shape[0]

    @property
    def in_per_group(self):
        return self.in_channels // self.groups

    @property
    def out_per_group(self):
        return self.out_channels // self.groups

    def finish(self, output):
        """Drop the batch axis again when the input had none."""
        return output if self.batched else output[0]


def _arrays(input, weight, bias, *, groups, spatial_ndim, weight_layout):
    input = _checks.real_array(input, "input")
    weight = _checks.real_array(weight, "weight")
    if bias is not None:
        bias = _checks.real_array(bias, "bias")
    _checks.ndim(
        input, "input", (spatial_ndim + 1, spatial_ndim + 2),
        f"(batch, in_channels, *spatial) or unbatched (in_channels, *spatial) with {spatial_ndim} spatial axes",
    )
    _checks.ndim(weight, "weight", (spatial_ndim + 2,), weight_layout)
    if bias is not None:
        _checks.ndim(bias, "bias", (1,), "(out_channels,)")
    groups = _checks.integer(groups, "groups", minimum=1)
    batched = input.ndim == spatial_ndim + 2
    if not batched:
        input = input[np.newaxis]
    if 0 in input.shape[1:]:
        raise ValueError(f"input must have at least one channel and one position per spatial axis, "
                         f"got shape {input.shape if batched else input.shape[1:]}")
    if 0 in weight.shape:
        raise ValueError(f"weight must not have an empty axis, got shape {weight.shape}")
    dtype = np.result_type(input, weight, *([] if bias is None else [bias]))
    return input, weight, bias, groups, batched, dtype


def _cast(array, dtype):
    return None if array is None else array.astype(dtype, copy=False)


def check_channels(*, in_channels, weight_shape, groups, bias=None, input_name="input"):
    """Check the channel counts of a convolution; return ``(in_channels, out_channels)``.

    ``weight_shape`` is ``(out_channels, in_channels // groups, *kernel_size)``.
    """
    out_channels = weight_shape[0]
    check_groups(groups, in_channels=in_channels, out_channels=out_channels, in_source=f" of {input_name}",
                 out_source=" (weight.shape[0])")
    if in_channels != weight_shape[1] * groups:
        raise ValueError(
            f"{input_name} has {in_channels} channels but weight of shape {tuple(weight_shape)} with "
            f"groups={groups} expects in_channels = weight.shape[1] * groups = {weight_shape[1] * groups}"
        )
    if bias is not None and bias.shape[0] != out_channels:
        raise ValueError(f"bias must have out_channels = {out_channels} entries, got shape {bias.shape}")
    return in_channels, out_channels


def conv_layer(input, weight, bias, *, stride, padding, dilation, groups, spatial_ndim):
    """Check the arguments of a convolution; weight is ``(out_channels, in_channels // groups, *kernel_size)``."""
    input, weight, bias, groups, batched, dtype = _arrays(
        input, weight, bias, groups=groups, spatial_ndim=spatial_ndim,
        weight_layout="(out_channels, in_channels // groups, *kernel_size)",
    )
    in_channels, out_channels = check_channels(in_channels=input.shape[1], weight_shape=weight.shape,
                                               groups=groups, bias=bias)
    geo = geometry(input.shape[2:], weight.shape[2:], stride=stride, padding=padding, dilation=dilation)
    check_allocation((*input.shape[:2], *geo.padded_size), dtype, what="the padded input", blame=_padding_shown(geo))
    check_allocation((input.shape[0], out_channels, *geo.output_size), dtype, what="the output",
                     blame=f"out_channels = weight.shape[0] = {out_channels} is too large for "
                           f"{geo.output_size} output positions")
    return Layer(input=_cast(input, dtype), weight=_cast(weight, dtype), bias=_cast(bias, dtype), groups=groups,
                 batched=batched, geometry=geo, in_channels=in_channels, out_channels=out_channels)


def transposed_layer(input, weight, bias, *, stride, padding, output_padding, groups, dilation, spatial_ndim):
    """Check the arguments of a transposed convolution.

    The weight is ``(in_channels, out_channels // groups, *kernel_size)``.

    The returned layer's ``geometry`` is that of the convolution being
    transposed (see :func:`transposed_geometry`).
    """
    input, weight, bias, groups, batched, dtype = _arrays(
        input, weight, bias, groups=groups, spatial_ndim=spatial_ndim,
        weight_layout="(in_channels, out_channels // groups, *kernel_size)",
    )
    in_channels = input.shape[1]
    out_channels = weight.shape[1] * groups
    check_groups(groups, in_channels=in_channels, out_channels=out_channels, in_source=" of input")
    if weight.shape[0] != in_channels:
        raise ValueError(f"input has {in_channels} channels but weight of shape {weight.shape} expects "
                         f"in_channels = weight.shape[0] = {weight.shape[0]}")
    if bias is not None and bias.shape[0] != out_channels:
        raise ValueError(f"bias must have out_channels = weight.shape[1] * groups = {out_channels} entries, "
                         f"got shape {bias.shape}")
    geo = transposed_geometry(input.shape[2:], weight.shape[2:], stride=stride, padding=padding,
                              output_padding=output_padding, dilation=dilation)
    # The output is scattered into an array with the padding, then cropped.
    check_allocation((input.shape[0], out_channels, *geo.padded_size), dtype, what="the output (with its padding)",
                     blame=f"stride={geo.stride}, dilation={geo.dilation} and output_padding="
                           f"{_checks.int_tuple(output_padding, 'output_padding', spatial_ndim)} make the output "
                           f"too large")
    return Layer(input=_cast(input, dtype), weight=_cast(weight, dtype), bias=_cast(bias, dtype), groups=groups,
                 batched=batched, geometry=geo, in_channels=in_channels, out_channels=out_channels)


def pad(input, geo):
    """Zero-pad the spatial (last ``geo.ndim``) axes; no copy when there is no padding."""
    if not any(before or after for before, after in geo.padding):
        return input
    check_allocation((*input.shape[:input.ndim - geo.ndim], *geo.padded_size), input.dtype,
                     what="the padded input", blame=_padding_shown(geo))
    return np.pad(input, [(0, 0)] * (input.ndim - geo.ndim) + list(geo.padding))


def windows(padded, geo):
    """Read-only view ``(..., *output_size, *kernel_size)`` of every receptive field.

    Entry ``[..., y, x, i, j]`` is padded position
    ``(y*stride + i*dilation, x*stride + j*dilation)``.
    """
    nd = geo.ndim
    spans = tuple(kernel_span(k, d) for k, d in zip(geo.kernel_size, geo.dilation))
    view = np.lib.stride_tricks.sliding_window_view(padded, spans, axis=tuple(range(-nd, 0)))
    return view[(Ellipsis, *(slice(None, None, s) for s in geo.stride), *(slice(None, None, d) for d in geo.dilation))]


def fill_shared_doc(function, ndim, template, **fields):
    """Replace the ``{shared}`` line of ``function``'s docstring with ``template`` for ``ndim`` axes.

    conv1d/2d/3d (and their transposes) share one description of arguments and
    shapes; only the names of the spatial axes change.
    """
    if function.__doc__ is None:  # python -OO strips docstrings
        return function
    names = {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}[ndim]
    function.__doc__ = function.__doc__.replace("    {shared}\n", template.format(
        ndim=ndim,
        spatial=", ".join(names),
        unbatched="in_channels, " + ", ".join(names),
        kernel=", ".join("k" + n for n in names),
        out=", ".join(n + "_out" for n in names),
        **fields,
    ).lstrip("\n") + "\n")
    return function
