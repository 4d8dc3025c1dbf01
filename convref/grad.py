"""The backward pass of a convolution layer, written with convolutions.

For ``y = conv2d(x, W, b, stride=s, padding=p, dilation=d, groups=g)`` and an
upstream gradient ``G = dL/dy``, each of the three gradients is itself a
convolution-like operation on ``G``; :func:`convref.conv2d_backward` computes
them with the forward convolution and its transpose.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from ._conv_args import conv_layer, pad
from .arithmetic import transposed_output_size
from ._public import public
from .conv import _METHODS_ND, _convolve
from .transpose import _conv_transpose


def _backward(grad_output, input, weight, *, stride, padding, dilation, groups, spatial_ndim):
    layer = conv_layer(input, weight, None, stride=stride, padding=padding, dilation=dilation, groups=groups,
                       spatial_ndim=spatial_ndim)
    geo = layer.geometry
    nd = geo.ndim
    grad = _checks.real_array(grad_output, "grad_output")
    expected = (layer.batch, layer.out_channels, *geo.output_size)
    if grad.shape != (expected if layer.batched else expected[1:]):
        raise ValueError(
            f"grad_output must have the shape of the convolution's output, "
            f"{expected if layer.batched else expected[1:]}, got {grad.shape}"
        )
    dtype = np.result_type(layer.dtype, grad)
    grad = grad.astype(dtype, copy=False).reshape(expected)
    x = layer.input.astype(dtype, copy=False)
    w = layer.weight.astype(dtype, copy=False)
    spatial = tuple(range(2, 2 + nd))

    grad_bias = grad.sum(axis=(0, *spatial))

    # dX: transposed convolution onto the padded input, whose border is then
    # cropped (it is padding, not input). output_padding restores the rows
    # that a stride > 1 skipped at the end: fewer than stride of them.
    output_padding = tuple(
        size - transposed_output_size(n_out, k, stride=s, padding=0, output_padding=0, dilation=dl)
        for size, n_out, k, s, dl in zip(geo.padded_size, geo.output_size, geo.kernel_size, geo.stride,
                                          geo.dilation)
    )
    grad_padded = _conv_transpose(grad, w, None, stride=geo.stride, padding=0, output_padding=output_padding,
                                  groups=groups, dilation=geo.dilation, spatial_ndim=nd)
    crop = tuple(slice(before, before + n) for (before, _), n in zip(geo.padding, geo.input_size))
    grad_input = grad_padded[(slice(None), slice(None), *crop)]

    # dW[o, c] correlates the padded input channel c with G channel o, summed
    # over the batch: make the batch the channel axis and the input channels the
    # batch, keep the groups, and swap the roles of stride and dilation.
    batch, padded_size = layer.batch, geo.padded_size
    if batch == 0:
        grad_weight = np.zeros(w.shape, dtype)
    else:
        channels_as_batch = pad(x, geo).reshape(batch, groups, layer.in_per_group, *padded_size)
        channels_as_batch = channels_as_batch.transpose(2, 1, 0, *range(3, 3 + nd)).reshape(
            layer.in_per_group, groups * batch, *padded_size
        )
        grad_as_kernels = grad.transpose(1, 0, *spatial)  # (out_channels, batch, *output_size)
        # The forward convolution with stride and dilation exchanged: G, the kernel,
        # is dilated by the layer's stride and moves in steps of its dilation.
        correlation = _convolve(channels_as_batch, grad_as_kernels, None, stride=geo.dilation, padding=0,
                                dilation=geo.stride, groups=groups, method="fast", spatial_ndim=nd,
                                methods=_METHODS_ND)
        # With stride > 1 the correlation can run past the kernel: the positions a
        # stride skipped at the end never met a weight.
        kernel = tuple(slice(0, k) for k in geo.kernel_size)
        grad_weight = correlation[(slice(None), slice(None), *kernel)].transpose(1, 0, *spatial)

    return layer.finish(np.ascontiguousarray(grad_input)), np.ascontiguousarray(grad_weight), grad_bias


@public
def conv2d_backward(grad_output, input, weight, stride=1, padding=0, dilation=1, groups=1):
    """Gradients of a 2-D convolution layer, as ``torch.autograd`` computes them.

    For ``y = conv2d(x, W, b, stride=s, padding=p, dilation=d, groups=g)`` and
    ``G = dL/dy`` (write ``x_pad`` for the zero-padded input, ``C_g`` for
    ``in_channels // groups`` and ``g(o)`` for the group of filter ``o``):

    * the bias gradient sums ``G`` over the batch and the positions:

      ``db[o] = sum_{n, y, x} G[n, o, y, x]``;

    * the weight gradient of kernel ``W[o, c]`` is the cross-correlation of
      input channel ``g(o)*C_g + c`` with gradient channel ``o``, summed over
      the batch, with stride and dilation swapping roles (``G`` is the kernel,
      dilated by ``s``; it moves in steps of ``d``):

      ``dW[o, c, i, j] = sum_{n, y, x} x_pad[n, g(o)*C_g + c, y*s + i*d, x*s + j*d] * G[n, o, y, x]``;

    * the input gradient is the transposed convolution of ``G`` with the same
      weight ``W`` (summing over the output channels of each group), with the
      padding border cropped:

      ``dx = conv_transpose2d(G, W, stride=s, padding=p, dilation=d, groups=g)``
      (plus ``output_padding`` for the rows a stride skipped at the end).

    Parameters
    ----------
    grad_output : array_like, shape (N, out_channels, H_out, W_out) or (out_channels, H_out, W_out)
        ``dL/dy``, the shape of the layer's output.
    input : array_like, shape (N, in_channels, H, W) or (in_channels, H, W)
        The layer's input ``x``.
    weight : array_like, shape (out_channels, in_channels // groups, kH, kW)
    stride, padding, dilation, groups
        As in :func:`convref.conv2d` (padding may be ``"same"`` or
        ``"valid"``).

    Returns
    -------
    grad_input : ndarray, shape of ``input``
    grad_weight : ndarray, shape of ``weight``
    grad_bias : ndarray, shape (out_channels,)
        All in the widest dtype of the three arrays, float16 being computed
        and returned in float32 and integers in float64, as for
        :func:`convref.conv2d`.

    Raises
    ------
    TypeError, ValueError
        As :func:`convref.conv2d`, and if ``grad_output`` does not have
        the shape of the layer's output.

    Examples
    --------
    Is the bias gradient the sum of the upstream gradient per channel, and
    does each weight collect the input pixels its tap touched?

    >>> import numpy as np
    >>> from convref import conv2d_backward
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> w = np.ones((1, 1, 2, 2))
    >>> grad_input, grad_weight, grad_bias = conv2d_backward(np.ones((1, 1, 2, 2)), x, w)
    >>> print(grad_bias.tolist())
    [4.0]
    >>> print(grad_weight[0, 0].tolist())
    [[8.0, 12.0], [20.0, 24.0]]

    How many outputs does each input pixel feed (the gradient of their sum)?

    >>> print(grad_input[0, 0].tolist())
    [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    """
    return _backward(grad_output, input, weight, stride=stride, padding=padding, dilation=dilation, groups=groups,
                     spatial_ndim=2)
