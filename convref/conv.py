"""Convolution layers as PyTorch computes them, in several readable ways.

:func:`convref.conv1d`, :func:`convref.conv2d` and :func:`convref.conv3d`
check their arguments once (``_conv_args``) and hand one checked call to the
implementation that ``method`` names: ``"loops"`` and ``"volume"`` here,
``"im2col"`` and ``"matrix"`` in their own modules, ``"fast"`` (the default)
in its own module (``_fast``): im2col products in cache-sized
blocks, every group of a block in one ``np.matmul`` call, the bias included. :func:`convref.correlate2d` is the
building block of the per-channel view; :func:`convref.per_channel_maps`
keeps the per-channel terms apart.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from ._conv_args import conv_layer, fill_shared_doc, geometry, pad, windows
from ._public import public
from ._fast import conv_fast
from .im2col import _conv_by_im2col
from .matrix import _conv_by_matrix


def _add_bias(output, layer):
    """Add ``bias[o]`` to every position of output channel ``o``, in place."""
    if layer.bias is not None:
        output += layer.bias.reshape(-1, *(1,) * layer.geometry.ndim)
    return output


def _correlate(channel, kernel, geo):
    """Cross-correlation of one channel with one kernel, any number of axes.

    ``out[y, x] = sum over (i, j) of kernel[i, j] * padded[y*stride + i*dilation, x*stride + j*dilation]``,
    summed tap by tap: each tap adds its weight times the strided slice of
    the padded channel that it sees.
    """
    padded = pad(channel, geo)
    out = np.zeros(geo.output_size, dtype=np.result_type(channel, kernel))
    for tap in np.ndindex(*geo.kernel_size):
        out += kernel[tap] * padded[geo.tap_slices(tap)]
    return out


@public
def correlate2d(channel, kernel, stride=1, padding=0, dilation=1):
    """Cross-correlate one 2-D channel with one 2-D kernel.

    This is the building block of a convolution layer: a layer computes one
    such map for every (filter, input channel) pair and sums the maps over the
    input channels (see :func:`convref.conv2d` with ``method="loops"``).

    Parameters
    ----------
    channel : array_like, shape (H, W)
        One input channel.
    kernel : array_like, shape (kH, kW)
        One 2-D kernel (not flipped: this is a cross-correlation, as in
        PyTorch).
    stride, padding, dilation
        As in :func:`convref.conv2d`; ``padding`` may be an int, a pair, ``"valid"``
        or ``"same"``.

    Returns
    -------
    ndarray, shape (H_out, W_out)
        ``out[y, x] = sum_{i, j} kernel[i, j] * padded[y*sH + i*dH, x*sW + j*dW]``
        in the wider dtype of ``channel`` and ``kernel``, float16 being
        computed in float32 and integers in float64, as for
        :func:`convref.conv2d`.

    Raises
    ------
    ValueError, TypeError
        If ``channel`` or ``kernel`` is not 2-D real, or the arguments are
        invalid as for :func:`convref.conv2d`.

    Examples
    --------
    Does a 2x2 kernel of ones add up each 2x2 neighborhood?

    >>> import numpy as np
    >>> from convref import correlate2d
    >>> channel = np.arange(9.0).reshape(3, 3)
    >>> print(correlate2d(channel, np.ones((2, 2))).tolist())
    [[8.0, 12.0], [20.0, 24.0]]

    Is the kernel used as it is, not flipped (a cross-correlation)?

    >>> print(correlate2d(channel, np.array([[1.0, 0.0], [0.0, 0.0]])).tolist())
    [[0.0, 1.0], [3.0, 4.0]]
    """
    channel = _checks.real_array(channel, "channel")
    kernel = _checks.real_array(kernel, "kernel")
    _checks.ndim(channel, "channel", (2,), "(H, W): one input channel")
    _checks.ndim(kernel, "kernel", (2,), "(kH, kW): one 2-D kernel")
    if 0 in channel.shape or 0 in kernel.shape:
        raise ValueError(f"channel and kernel must not be empty, got shapes {channel.shape} and {kernel.shape}")
    geo = geometry(channel.shape, kernel.shape, stride=stride, padding=padding, dilation=dilation,
                   input_name="channel", kernel_name="kernel")
    dtype = np.result_type(channel, kernel)
    return _correlate(channel.astype(dtype, copy=False), kernel.astype(dtype, copy=False), geo)


def _conv_loops(layer):
    """For each output channel, the sum of per-channel cross-correlations."""
    x, weight = layer.input, layer.weight
    out = np.zeros((layer.batch, layer.out_channels, *layer.geometry.output_size), layer.dtype)
    for n in range(layer.batch):
        for o in range(layer.out_channels):
            first_channel = (o // layer.out_per_group) * layer.in_per_group
            for c in range(layer.in_per_group):
                out[n, o] += _correlate(x[n, first_channel + c], weight[o, c], layer.geometry)
    return _add_bias(out, layer)


def _conv_volume(layer):
    """Each 3-D filter dotted with each receptive-field volume of its group."""
    geo = layer.geometry
    padded = pad(layer.input, geo)
    out = np.empty((layer.batch, layer.out_channels, *geo.output_size), layer.dtype)
    filter_axes = tuple(range(1, layer.weight.ndim))  # (in_channels // groups, *kernel_size)
    for position in np.ndindex(*geo.output_size):
        receptive_field = geo.window_slices(position)
        for g in range(layer.groups):
            channels = slice(g * layer.in_per_group, (g + 1) * layer.in_per_group)
            filters = slice(g * layer.out_per_group, (g + 1) * layer.out_per_group)
            volume = padded[(slice(None), channels, *receptive_field)]  # (batch, C_g, *kernel_size)
            out[(slice(None), filters, *position)] = np.tensordot(
                volume, layer.weight[filters], axes=(filter_axes, filter_axes)
            )
    return _add_bias(out, layer)


def _im2col_method(layer):
    return _add_bias(_conv_by_im2col(layer), layer)


def _matrix_method(layer):
    return _add_bias(_conv_by_matrix(layer), layer)


_METHODS_ND = {"fast": conv_fast, "loops": _conv_loops, "volume": _conv_volume, "im2col": _im2col_method}
_METHODS_2D = {**_METHODS_ND, "matrix": _matrix_method}


def _convolve(input, weight, bias, *, stride, padding, dilation, groups, method, spatial_ndim, methods):
    _checks.choice(method, "method", tuple(methods))
    layer = conv_layer(input, weight, bias, stride=stride, padding=padding, dilation=dilation, groups=groups,
                       spatial_ndim=spatial_ndim)
    return layer.finish(methods[method](layer))


_SHARED_DOC = """
    Parameters
    ----------
    input : array_like, shape (N, in_channels, {spatial}) or ({unbatched})
        Channels first; an unbatched input gives an unbatched output, as in
        PyTorch. Real numbers of any dtype (see Returns for the result's).
    weight : array_like, shape (out_channels, in_channels // groups, {kernel})
        One kernel per (filter, input channel of its group) pair.
    bias : array_like, shape (out_channels,), optional
        Added to every position of each output channel.
    stride : int or tuple of {ndim} ints, optional
        Step between receptive fields (positive).
    padding : int, tuple of {ndim} ints, "valid" or "same", optional
        Zeros added on both sides of each spatial axis. ``"valid"`` is 0;
        ``"same"`` keeps the spatial size, padding ``dilation*(k - 1)`` zeros
        per axis with the odd one after (right/bottom), exactly as PyTorch;
        it requires stride 1.
    dilation : int or tuple of {ndim} ints, optional
        Spacing between kernel taps; 1 is an ordinary kernel.
    groups : int, optional
        Number of groups: input and output channels are split into
        ``groups`` blocks and filter block ``g`` sees only input block ``g``.
        ``groups == in_channels`` is a depthwise convolution.
    method : {{{methods}}}, optional
        Which view of the same computation to run; all give the same numbers:

        ``"fast"``
            the default: the im2col product in cache-sized blocks, every
            group of a block in one ``np.matmul`` call; stride-1 layers with
            few filters per group (grouped and depthwise) stack the kernel
            rows in one product and add its shifted partial sums instead;
        ``"loops"``
            the per-channel view: one cross-correlation per (filter, input
            channel) pair (:func:`convref.correlate2d` in 2-D), summed over
            the input channels;
        ``"volume"``
            one filter (``in_channels // groups`` x kernel) dotted with each
            receptive-field volume of the input;
        ``"im2col"``
            every receptive field unfolded into a column
            (:func:`convref.im2col`), then one matrix product{matrix_method}

    Returns
    -------
    ndarray, shape (N, out_channels, {out}) or (out_channels, {out})
        A new array. Its dtype: float32 for float32 arrays and float64 for
        float64, as in PyTorch; **float32 for float16** (PyTorch returns
        float16: it sums in float32 and rounds the result; convref keeps the
        float32 sums, NumPy having no fast float16 product); float64 for
        integers and booleans (which PyTorch refuses). When ``input``,
        ``weight`` and ``bias`` differ, everything is computed in the widest
        of these (``numpy.result_type``), where PyTorch would refuse.

    Raises
    ------
    TypeError, ValueError
        Naming the argument, for wrong dimensions, channel counts that do not
        match ``groups``, non-positive stride or dilation, negative padding,
        an unknown padding string or method, ``"same"`` with stride > 1, a
        kernel larger than the padded input, a complex or non-numeric dtype,
        or a bias of the wrong length.
"""


_MATRIX_METHOD = """;
        ``"matrix"``
            the whole layer as one matrix acting on the flattened input
            (:func:`convref.conv2d_matrix`)."""


def _document(function, ndim, methods):
    return fill_shared_doc(function, ndim, _SHARED_DOC, methods=", ".join(repr(m) for m in methods),
                           matrix_method=_MATRIX_METHOD if "matrix" in methods else ".")


@public
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, method="fast"):
    """1-D convolution layer, as ``torch.nn.functional.conv1d``.

    {shared}
    Examples
    --------
    Does a filter with kernels [1, 1] on channel 0 and [10, 10] on channel 1
    add 2 times channel 0 and 20 times channel 1?

    >>> import numpy as np
    >>> from convref import conv1d
    >>> x = np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])
    >>> w = np.array([[[1.0, 1.0], [10.0, 10.0]]])
    >>> print(conv1d(x, w).tolist())
    [[42.0, 42.0]]
    """
    return _convolve(input, weight, bias, stride=stride, padding=padding, dilation=dilation, groups=groups,
                     method=method, spatial_ndim=1, methods=_METHODS_ND)


@public
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, method="fast"):
    """2-D convolution layer, as ``torch.nn.functional.conv2d``.

    Output channel ``o`` is the sum over the input channels ``c`` of its group
    of the cross-correlation of channel ``c`` with kernel ``weight[o, c]``,
    plus ``bias[o]``: every filter holds a separate kernel for each input
    channel. A convolution layer in deep learning is a cross-correlation: the
    kernel is not flipped.

    {shared}
    Notes
    -----
    With ``C_g = in_channels // groups`` and ``g(o) = o // (out_channels // groups)``
    the group of filter ``o``, stride ``s``, dilation ``d`` and the
    zero-padded input ``x_pad``:

    .. math::

        y[n, o, h, w] = b[o] + \\sum_{c} \\sum_{i, j}
            W[o, c, i, j] \\, x_{\\text{pad}}[n, g(o) C_g + c,\\;
            h s_h + i d_h,\\; w s_w + j d_w]

    ``method="matrix"`` multiplies the structural zeros of the layer matrix
    too, so a NaN or infinity in the input spreads to every output (0 * inf
    is NaN); the other methods propagate NaN and inf only to the outputs
    whose receptive field holds them, as PyTorch does.

    Examples
    --------
    Does each filter use a different kernel on each input channel? One filter
    with a 2x2 kernel of ones on channel 0 and of tens on channel 1, on an
    input of ones: each output is 4*1 + 4*10.

    >>> import numpy as np
    >>> from convref import conv2d
    >>> x = np.ones((2, 3, 3))
    >>> w = np.stack([np.ones((2, 2)), np.full((2, 2), 10.0)])[np.newaxis]
    >>> print(w.shape)
    (1, 2, 2, 2)
    >>> out = conv2d(x, w)
    >>> print(out.shape)
    (1, 2, 2)
    >>> print(out[0].tolist())
    [[44.0, 44.0], [44.0, 44.0]]

    Do all the methods give the same layer, here with groups and "same" padding?

    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal((2, 4, 6, 6))
    >>> w = rng.standard_normal((6, 2, 2, 3))
    >>> fast = conv2d(x, w, padding="same", groups=2)
    >>> print(fast.shape)
    (2, 6, 6, 6)
    >>> methods = ["loops", "volume", "im2col", "matrix"]
    >>> print([bool(np.allclose(conv2d(x, w, padding="same", groups=2, method=m), fast)) for m in methods])
    [True, True, True, True]

    How large is a 32x32 RGB image after 16 filters of 5x5 with stride 2?

    >>> print(conv2d(np.zeros((3, 32, 32)), np.zeros((16, 3, 5, 5)), stride=2).shape)
    (16, 14, 14)
    """
    return _convolve(input, weight, bias, stride=stride, padding=padding, dilation=dilation, groups=groups,
                     method=method, spatial_ndim=2, methods=_METHODS_2D)


@public
def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, method="fast"):
    """3-D convolution layer, as ``torch.nn.functional.conv3d``.

    {shared}
    Examples
    --------
    How large is a 16-frame 32x32 clip after 8 filters of 3x3x3 with padding 1?

    >>> import numpy as np
    >>> from convref import conv3d
    >>> out = conv3d(np.zeros((1, 3, 16, 32, 32)), np.zeros((8, 3, 3, 3, 3)), padding=1)
    >>> print(out.shape)
    (1, 8, 16, 32, 32)

    Is a 1x1x1 kernel of 2.0 with bias 1.0 the map x -> 2x + 1?

    >>> x = np.arange(8.0).reshape(1, 2, 2, 2)
    >>> print(conv3d(x, np.full((1, 1, 1, 1, 1), 2.0), bias=np.array([1.0])).ravel().tolist())
    [1.0, 3.0, 5.0, 7.0, 9.0, 11.0, 13.0, 15.0]
    """
    return _convolve(input, weight, bias, stride=stride, padding=padding, dilation=dilation, groups=groups,
                     method=method, spatial_ndim=3, methods=_METHODS_ND)


_document(conv1d, 1, _METHODS_ND)
_document(conv2d, 2, _METHODS_2D)
_document(conv3d, 3, _METHODS_ND)


@public
def per_channel_maps(input, weight, stride=1, padding=0, dilation=1, groups=1):
    """The per-channel cross-correlations of a 2-D layer, before they are summed.

    Entry ``[o, c]`` is the 2-D cross-correlation of input channel
    ``g*C_g + c`` (``C_g = in_channels // groups``, ``g`` the group of filter
    ``o``) with kernel ``weight[o, c]``. Summing over ``c`` and adding the
    bias gives the layer::

        per_channel_maps(x, w, ...).sum(axis=1) + bias[:, None, None] == conv2d(x, w, bias, ...)

    Parameters
    ----------
    input : array_like, shape (in_channels, H, W)
        One unbatched image.
    weight : array_like, shape (out_channels, in_channels // groups, kH, kW)
    stride, padding, dilation, groups
        As in :func:`convref.conv2d`.

    Returns
    -------
    ndarray, shape (out_channels, in_channels // groups, H_out, W_out)
        One map per (filter, input channel) pair; no bias. In the dtype
        :func:`convref.conv2d` returns (float32 for float16, float64 for
        integers).

    Raises
    ------
    TypeError, ValueError
        As :func:`convref.conv2d`, and if ``input`` is not 3-dimensional.

    Examples
    --------
    Do the maps of one filter add up to its output channel? A filter of two
    kernels that pick the top-left pixel, scaled 1 and 10:

    >>> import numpy as np
    >>> from convref import per_channel_maps, conv2d
    >>> x = np.arange(8.0).reshape(2, 2, 2)
    >>> w = np.zeros((1, 2, 1, 1))
    >>> w[0, :, 0, 0] = [1.0, 10.0]
    >>> maps = per_channel_maps(x, w)
    >>> print(maps.shape)
    (1, 2, 2, 2)
    >>> print(maps[0].tolist())
    [[[0.0, 1.0], [2.0, 3.0]], [[40.0, 50.0], [60.0, 70.0]]]
    >>> print(maps.sum(axis=1).tolist() == conv2d(x, w).tolist())
    True
    """
    array = _checks.real_array(input, "input")
    _checks.ndim(array, "input", (3,), "(in_channels, H, W): one unbatched image")
    layer = conv_layer(array, weight, None, stride=stride, padding=padding, dilation=dilation, groups=groups,
                       spatial_ndim=2)
    geo = layer.geometry
    views = windows(pad(layer.input[0], geo), geo)  # (in_channels, H_out, W_out, kH, kW)
    views = views.reshape(layer.groups, layer.in_per_group, *views.shape[1:])
    kernels = layer.weight.reshape(layer.groups, layer.out_per_group, layer.in_per_group, *geo.kernel_size)
    maps = np.einsum("gchwij,gocij->gochw", views, kernels)
    return maps.reshape(layer.out_channels, layer.in_per_group, *geo.output_size)
