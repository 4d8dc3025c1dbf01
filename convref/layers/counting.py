"""Counterfactual counts: what a convolution's parameters would be if convolutions worked otherwise.

The counts of each layer as it is (``num_params``, ``num_nontrainable``,
``macs``) belong to the layer; these two answer "what does weight sharing
save?" and "what if each filter reused one kernel on every channel?".
"""

from __future__ import annotations

import math

from .._public import public
from .conv import _ConvNd


def _check_conv(conv):
    if not isinstance(conv, _ConvNd):
        raise TypeError(f"conv must be a Conv1d, Conv2d or Conv3d specification, got {conv!r}")


@public
def unshared_params(conv, input_shape):
    """Parameters the layer would need without weight sharing across positions.

    A locally connected layer (Keras' ``LocallyConnected2D``) has the same
    filters as ``conv`` but a different set of them at every output position,
    and a bias per output position and channel:
    ``prod(out_spatial) * conv.num_params``. This is the count that weight
    sharing avoids.

    Parameters
    ----------
    conv : Conv1d, Conv2d or Conv3d
        The shared convolution it is compared with.
    input_shape : tuple of int
        Channels-first input shape (one sample, or a batch: the count is the
        same); it fixes the number of output positions.

    Returns
    -------
    int

    Examples
    --------
    How many parameters would AlexNet's first layer (96 filters of 11×11×3,
    stride 4, on 227×227 images) need with a different filter at each of its
    55×55 output positions?

    >>> conv = Conv2d(3, 96, 11, stride=4)
    >>> conv.num_params, unshared_params(conv, (3, 227, 227))
    (34944, 105705600)
    """
    _check_conv(conv)
    _, *out_spatial = conv._output_shape(conv._split_batch(input_shape)[1])
    return math.prod(out_spatial) * conv.num_params


@public
def shared_kernel_params(conv):
    """Parameters under the wrong hypothesis "one 2-D kernel reused on every input channel".

    If each filter held a single kernel applied to all its input channels,
    a layer would have ``out_channels * prod(kernel_size)`` weights (plus
    ``out_channels`` biases), whatever the number of input channels. Keras
    and PyTorch report ``conv.num_params`` instead, which grows with
    ``in_channels``: each filter has a separate kernel per input channel.

    Parameters
    ----------
    conv : Conv1d, Conv2d or Conv3d

    Returns
    -------
    int

    Examples
    --------
    How many parameters would ``Conv2d(5, 56, 4)`` have if each filter reused
    one 4×4 kernel on all 5 channels, and how many does it have?

    >>> conv = Conv2d(5, 56, 4)
    >>> shared_kernel_params(conv), conv.num_params
    (952, 4536)
    """
    _check_conv(conv)
    return conv.out_channels * math.prod(conv.kernel_size) + (conv.out_channels if conv.bias else 0)
