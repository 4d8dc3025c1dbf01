"""Transposed convolutions, as ``torch.nn.functional.conv_transpose{1,2,3}d``.

A convolution gathers; its transpose scatters: each input value adds a
scaled copy of the kernel to the output positions that the convolution would
have gathered it from. One scatter loop over kernel taps serves the three
dimensions.
"""

from __future__ import annotations

import numpy as np

from ._conv_args import fill_shared_doc, transposed_layer
from ._public import public


def _conv_transpose(input, weight, bias, *, stride, padding, output_padding, groups, dilation, spatial_ndim):
    layer = transposed_layer(input, weight, bias, stride=stride, padding=padding, output_padding=output_padding,
                             groups=groups, dilation=dilation, spatial_ndim=spatial_ndim)
    geo = layer.geometry  # of the convolution being transposed: its input is our output
    nd = geo.ndim
    kernels = layer.weight.reshape(layer.groups, layer.in_per_group, layer.out_per_group, *geo.kernel_size)
    grouped_input = layer.input.reshape(layer.batch, layer.groups, layer.in_per_group, -1)
    # Scatter into the padded output, then crop the padding: the convolution's
    # output position y gathered padded position y*stride + tap*dilation.
    padded = np.zeros((layer.batch, layer.out_channels, *geo.padded_size), layer.dtype)
    for tap in np.ndindex(*geo.kernel_size):
        tap_kernels = kernels[(Ellipsis, *tap)].transpose(0, 2, 1)  # (groups, out // groups, in // groups)
        copies = tap_kernels @ grouped_input  # (N, groups, out // groups, input positions)
        padded[(slice(None), slice(None), *geo.tap_slices(tap))] += copies.reshape(
            layer.batch, layer.out_channels, *geo.output_size
        )
    crop = tuple(slice(before, before + n) for (before, _), n in zip(geo.padding, geo.input_size))
    out = padded[(slice(None), slice(None), *crop)].copy()
    if layer.bias is not None:
        out += layer.bias.reshape(-1, *(1,) * nd)
    return layer.finish(out)


_SHARED_DOC = """
    Parameters
    ----------
    input : array_like, shape (N, in_channels, {spatial}) or ({unbatched})
        Channels first; unbatched in, unbatched out.
    weight : array_like, shape (in_channels, out_channels // groups, {kernel})
        PyTorch's layout for transposed convolutions: the weight of the
        convolution being transposed, which maps ``out_channels`` to
        ``in_channels``.
    bias : array_like, shape (out_channels,), optional
    stride, padding, dilation : int or tuple of {ndim} ints, optional
        Those of the convolution being transposed: ``padding`` zeros are
        cropped from both ends of each output axis. No padding strings.
    output_padding : int or tuple of {ndim} ints, optional
        Extra positions at the end of each output axis, to pick among the
        input sizes that a strided convolution maps to the same output; must
        be smaller than ``stride`` or ``dilation``.
    groups : int, optional
        As for a convolution: input block ``g`` feeds only output block ``g``.

    Returns
    -------
    ndarray, shape (N, out_channels, {out}) or (out_channels, {out})
        Each output axis has length
        ``(n - 1)*stride - 2*padding + dilation*(k - 1) + output_padding + 1``
        (:func:`convref.transposed_output_size`). In the widest
        dtype of ``input``, ``weight`` and ``bias``, float16 being computed
        and returned in float32 and integers in float64, as for
        :func:`convref.conv2d`.

    Raises
    ------
    TypeError, ValueError
        Naming the argument, as for :func:`convref.conv2d`, and for
        ``output_padding >= max(stride, dilation)`` or a padding that leaves
        no output.
"""


def _document(function, ndim):
    return fill_shared_doc(function, ndim, _SHARED_DOC)


@public
def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """1-D transposed convolution, as ``torch.nn.functional.conv_transpose1d``.

    Each input position adds its value times the kernel to the output,
    starting ``stride`` positions after the previous one.

    {shared}
    Examples
    --------
    Does each input value stamp a scaled copy of the kernel, with overlaps added?

    >>> import numpy as np
    >>> from convref import conv_transpose1d
    >>> x = np.array([[1.0, 10.0]])
    >>> w = np.array([[[1.0, 2.0, 3.0]]])
    >>> print(conv_transpose1d(x, w).tolist())
    [[1.0, 12.0, 23.0, 30.0]]
    >>> print(conv_transpose1d(x, w, stride=3).tolist())
    [[1.0, 2.0, 3.0, 10.0, 20.0, 30.0]]
    """
    return _conv_transpose(input, weight, bias, stride=stride, padding=padding, output_padding=output_padding,
                           groups=groups, dilation=dilation, spatial_ndim=1)


@public
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """2-D transposed convolution, as ``torch.nn.functional.conv_transpose2d``.

    Each input pixel adds a copy of the kernel, scaled by the pixel's value,
    to the output positions that the convolution would have gathered it
    from, and overlapping copies add up. That is the adjoint of the
    convolution (its matrix transposed, see :func:`convref.conv2d_matrix`):

    .. math::

        \\langle \\operatorname{conv}(x, W), y \\rangle
        = \\langle x, \\operatorname{conv\\_transpose}(y, W) \\rangle,

    which is why it computes the gradient of a convolution with respect to
    its input and why it upsamples when ``stride > 1``. Note PyTorch's
    argument order: ``output_padding`` and ``groups`` come before
    ``dilation``.

    {shared}
    Examples
    --------
    Does a stride-2 transposed convolution with a 4x4 kernel and padding 1
    double the size of a 16-channel 8x8 map?

    >>> import numpy as np
    >>> from convref import conv_transpose2d
    >>> out = conv_transpose2d(np.zeros((1, 16, 8, 8)), np.zeros((16, 3, 4, 4)), stride=2, padding=1)
    >>> print(out.shape)
    (1, 3, 16, 16)

    Is it the adjoint of the convolution, <conv(x), y> == <x, conv_transpose(y)>?

    >>> from convref import conv2d
    >>> rng = np.random.default_rng(0)
    >>> x, w = rng.standard_normal((2, 7, 7)), rng.standard_normal((3, 2, 3, 3))
    >>> y = rng.standard_normal((3, 3, 3))
    >>> left = np.vdot(conv2d(x, w, stride=2), y)
    >>> right = np.vdot(x, conv_transpose2d(y, w, stride=2))
    >>> print(bool(np.isclose(left, right)))
    True
    """
    return _conv_transpose(input, weight, bias, stride=stride, padding=padding, output_padding=output_padding,
                           groups=groups, dilation=dilation, spatial_ndim=2)


@public
def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """3-D transposed convolution, as ``torch.nn.functional.conv_transpose3d``.

    {shared}
    Examples
    --------
    How large is a 4x4x4 volume after a stride-2 transposed convolution with a
    2x2x2 kernel?

    >>> import numpy as np
    >>> from convref import conv_transpose3d
    >>> print(conv_transpose3d(np.zeros((4, 4, 4, 4)), np.zeros((4, 2, 2, 2, 2)), stride=2).shape)
    (2, 8, 8, 8)
    """
    return _conv_transpose(input, weight, bias, stride=stride, padding=padding, output_padding=output_padding,
                           groups=groups, dilation=dilation, spatial_ndim=3)


_document(conv_transpose1d, 1)
_document(conv_transpose2d, 2)
_document(conv_transpose3d, 3)
