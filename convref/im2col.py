"""im2col: a convolution as one matrix product.

Unfold every receptive field of the input into a column; then each filter,
flattened into a row, times the column matrix is the layer. This is how most
deep-learning libraries have computed convolutions on CPUs and GPUs, and what
``torch.nn.functional.unfold`` returns.
"""

from __future__ import annotations

from math import prod

from . import _checks
from ._conv_args import geometry, pad, windows
from ._public import public


def _columns(input, geo):
    """``(N, C, *spatial)`` to ``(N, C * prod(kernel_size), prod(output_size))``.

    Row ``c*kH*kW + i*kW + j`` holds tap ``(i, j)`` of channel ``c``;
    column ``y*W_out + x`` is the receptive field of output ``(y, x)``.
    """
    nd = geo.ndim
    fields = windows(pad(input, geo), geo)  # (N, C, *output_size, *kernel_size)
    fields = fields.transpose(0, 1, *range(2 + nd, 2 + 2 * nd), *range(2, 2 + nd))
    batch, channels = input.shape[:2]
    return fields.reshape(batch, channels * prod(geo.kernel_size), prod(geo.output_size))


@public
def im2col(input, kernel_size, stride=1, padding=0, dilation=1):
    """Unfold every receptive field of a 2-D input into one column.

    Same layout as ``torch.nn.functional.unfold``: row
    ``c*kH*kW + i*kW + j`` is tap ``(i, j)`` of input channel ``c``, column
    ``y*W_out + x`` is the receptive field of output position ``(y, x)``.
    Then, for ``groups=1``, ``weight.reshape(out_channels, -1) @ columns`` is
    the convolution with ``H_out*W_out`` flattened.

    Parameters
    ----------
    input : array_like, shape (N, C, H, W) or (C, H, W)
    kernel_size : int or tuple of 2 ints
        ``(kH, kW)``.
    stride, padding, dilation
        As in :func:`convref.conv2d` (``padding`` may be ``"valid"`` or
        ``"same"``).

    Returns
    -------
    ndarray, shape (N, C*kH*kW, H_out*W_out) or (C*kH*kW, H_out*W_out)
        A new array (the input is not modified); ``kH*kW`` times larger than
        the input for stride 1 and "same" padding. In the input's dtype,
        float16 becoming float32 and integers float64, as for
        :func:`convref.conv2d`.

    Raises
    ------
    TypeError, ValueError
        Naming the argument, for a non-real or wrongly shaped ``input``, a bad
        ``kernel_size``, stride, padding or dilation, or a kernel larger than
        the padded input.

    Examples
    --------
    How many columns, each how long, for a 3-channel 5x5 image and a 3x3 kernel?

    >>> import numpy as np
    >>> from convref import im2col
    >>> columns = im2col(np.zeros((3, 5, 5)), kernel_size=3)
    >>> print(columns.shape)
    (27, 9)

    Is column ``y*W_out + x`` the receptive field of output ``(y, x)``?

    >>> x = np.arange(9.0).reshape(1, 3, 3)
    >>> print(im2col(x, kernel_size=2)[:, 1].tolist())
    [1.0, 2.0, 4.0, 5.0]
    """
    array = _checks.real_array(input, "input")
    _checks.ndim(array, "input", (3, 4), "(N, C, H, W) or unbatched (C, H, W)")
    kernel_size = _checks.int_tuple(kernel_size, "kernel_size", 2, minimum=1)
    if 0 in array.shape[-3:]:
        raise ValueError(f"input must have at least one channel and one pixel per axis, got shape {array.shape}")
    batched = array.ndim == 4
    if not batched:
        array = array[None]
    geo = geometry(array.shape[2:], kernel_size, stride=stride, padding=padding, dilation=dilation,
                   kernel_name="kernel_size")
    columns = _columns(array, geo)
    return columns if batched else columns[0]


def _conv_by_im2col(layer):
    """The ``"im2col"`` method of :func:`convref.conv2d`, without bias.

    Group ``g``'s filters, one row each, times group ``g``'s rows of the
    column matrix.
    """
    geo = layer.geometry
    taps = prod(geo.kernel_size)
    columns = _columns(layer.input, geo)
    columns = columns.reshape(layer.batch, layer.groups, layer.in_per_group * taps, prod(geo.output_size))
    filters = layer.weight.reshape(layer.groups, layer.out_per_group, layer.in_per_group * taps)
    out = filters @ columns  # (N, groups, out_channels // groups, positions)
    return out.reshape(layer.batch, layer.out_channels, *geo.output_size)
