"""A convolution layer as one matrix: a fully connected layer with shared weights.

A convolution is linear in its input, so for a fixed input shape it is a
matrix acting on the flattened input. Row ``(o, y, x)`` of that matrix holds
the weights of filter ``o`` at the columns of the input pixels in the
receptive field of output ``(y, x)`` and zeros everywhere else: the zeros are
the locality of the layer, the repeated weights its weight sharing.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from ._conv_args import check_channels, geometry
from ._public import public

# The largest matrix (in entries) that conv2d_matrix builds; 10**8 entries are
# 800 MB in float64.
MAX_MATRIX_ENTRIES = 10**8


def _layer_matrix(weight, geo, *, in_channels, groups):
    out_channels, in_per_group, k_h, k_w = weight.shape
    out_per_group = out_channels // groups
    height, width = geo.input_size
    out_h, out_w = geo.output_size
    rows, columns = out_channels * out_h * out_w, in_channels * height * width
    if rows * columns > MAX_MATRIX_ENTRIES:
        raise ValueError(
            f"the layer matrix for weight of shape {weight.shape} and input_shape "
            f"{(in_channels, height, width)} would be {rows} x {columns} = {rows * columns} entries, more than "
            f"MAX_MATRIX_ENTRIES = {MAX_MATRIX_ENTRIES}; use a smaller input_shape or another method"
        )
    (top, _), (left, _) = geo.padding
    (s_h, s_w), (d_h, d_w) = geo.stride, geo.dilation
    o, c, i, j, y, x = np.meshgrid(
        np.arange(out_channels), np.arange(in_per_group), np.arange(k_h), np.arange(k_w),
        np.arange(out_h), np.arange(out_w), indexing="ij", sparse=True,
    )
    # Tap (i, j) of output (y, x) reads unpadded pixel (y*s + i*d - top, x*s + j*d - left);
    # taps that land in the padding multiply zeros and have no column.
    pixel_y = y * s_h + i * d_h - top
    pixel_x = x * s_w + j * d_w - left
    channel = (o // out_per_group) * in_per_group + c
    shape = np.broadcast_shapes(o.shape, c.shape, i.shape, j.shape, y.shape, x.shape)
    inside = np.broadcast_to((pixel_y >= 0) & (pixel_y < height) & (pixel_x >= 0) & (pixel_x < width), shape)
    row = np.broadcast_to((o * out_h + y) * out_w + x, shape)[inside]
    column = np.broadcast_to((channel * height + pixel_y) * width + pixel_x, shape)[inside]
    value = np.broadcast_to(weight[..., None, None], shape)[inside]
    matrix = np.zeros((rows, columns), dtype=weight.dtype)
    # Distinct taps of one output read distinct pixels, so no entry is written twice.
    matrix[row, column] = value
    return matrix


@public
def conv2d_matrix(weight, input_shape, stride=1, padding=0, dilation=1, groups=1):
    """The dense matrix of a 2-D convolution layer (without bias).

    For an unbatched input ``x`` of shape ``input_shape``::

        conv2d_matrix(weight, x.shape, ...) @ x.ravel() == conv2d(x, weight, ...).ravel()

    Row ``o*H_out*W_out + y*W_out + x`` belongs to output ``(o, y, x)``; column
    ``c*H*W + h*W + w`` to input pixel ``(c, h, w)``.

    Parameters
    ----------
    weight : array_like, shape (out_channels, in_channels // groups, kH, kW)
    input_shape : tuple of 3 ints
        ``(in_channels, H, W)`` of the unbatched input.
    stride, padding, dilation, groups
        As in :func:`convref.conv2d`.

    Returns
    -------
    ndarray, shape (out_channels*H_out*W_out, in_channels*H*W)
        In the dtype of ``weight`` (float16 becoming float32 and integers
        float64, as for :func:`convref.conv2d`). Each row has at most
        ``(in_channels // groups) * kH * kW`` non-zeros: the weights of one
        filter, at the pixels of one receptive field (taps falling on padding
        have no entry).

    Raises
    ------
    ValueError
        If the matrix would have more than 10**8 entries (800 MB in
        float64), and for bad arguments as :func:`convref.conv2d`.
    TypeError
        For a non-real ``weight`` or a non-tuple ``input_shape``.

    Examples
    --------
    How many weights does each output of a 3x3 conv on a 2-channel 4x4 image
    see, and how much of the matrix is zero?

    >>> import numpy as np
    >>> from convref import conv2d_matrix
    >>> matrix = conv2d_matrix(np.ones((1, 2, 3, 3)), (2, 4, 4))
    >>> print(matrix.shape)
    (4, 32)
    >>> print([int(n) for n in np.count_nonzero(matrix, axis=1)])
    [18, 18, 18, 18]

    Is the matrix times the flattened input the convolution?

    >>> from convref import conv2d
    >>> rng = np.random.default_rng(1)
    >>> x, w = rng.standard_normal((2, 5, 5)), rng.standard_normal((3, 2, 3, 3))
    >>> product = conv2d_matrix(w, x.shape, padding=1, stride=2) @ x.ravel()
    >>> print(bool(np.allclose(product, conv2d(x, w, padding=1, stride=2).ravel())))
    True
    """
    weight = _checks.real_array(weight, "weight")
    _checks.ndim(weight, "weight", (4,), "(out_channels, in_channels // groups, kH, kW)")
    if 0 in weight.shape:
        raise ValueError(f"weight must not have an empty axis, got shape {weight.shape}")
    input_shape = _checks.shape(input_shape, "input_shape", 3, meaning="(in_channels, H, W)")
    groups = _checks.integer(groups, "groups", minimum=1)
    in_channels, _ = check_channels(in_channels=input_shape[0], weight_shape=weight.shape, groups=groups,
                                    input_name="input_shape")
    geo = geometry(input_shape[1:], weight.shape[2:], stride=stride, padding=padding, dilation=dilation,
                   input_name="input_shape")
    return _layer_matrix(weight, geo, in_channels=in_channels, groups=groups)


def _conv_by_matrix(layer):
    """The ``"matrix"`` method of :func:`convref.conv2d`, without bias.

    Every sample of the batch, flattened, times the layer matrix.
    """
    matrix = _layer_matrix(layer.weight, layer.geometry, in_channels=layer.in_channels, groups=layer.groups)
    flat = layer.input.reshape(layer.batch, matrix.shape[1])
    return (flat @ matrix.T).reshape(layer.batch, layer.out_channels, *layer.geometry.output_size)
