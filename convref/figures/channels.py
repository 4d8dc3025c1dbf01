"""One filter, channel by channel: the picture behind the site's answer."""

from __future__ import annotations

import numpy as np

from .. import _checks
from .._words import check_language, word
from ..conv import per_channel_maps
from . import _draw
from ._style import CHANNEL_COLORS, HIGHLIGHT, figure_function, new_figure


@figure_function
def channels_figure(input, weight, bias=None, *, out_channel=0, stride=1, padding=0, dilation=1,
                    lang="en"):
    """Draw how one filter turns a multi-channel input into one output map.

    One row per input channel: the channel, its own 2-D kernel from the
    filter, and the map their cross-correlation gives. The maps are summed and
    the filter's bias is added, giving one output map.

    Parameters
    ----------
    input : array_like
        One unbatched input ``(C_in, H, W)``; small integers read best.
    weight : array_like
        The layer's weights ``(C_out, C_in, kH, kW)``.
    bias : array_like, optional
        ``(C_out,)``; zero when omitted.
    out_channel : int
        Which filter to draw.
    stride, padding, dilation : int
        As in :func:`convref.conv2d`.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    Does the figure of a filter over 3 channels draw 3 different kernels?

    >>> import numpy as np
    >>> x = np.arange(2 * 3 * 3).reshape(2, 3, 3)
    >>> w = np.stack([np.full((2, 2), 0.25), np.full((2, 2), 0.5)])[None]
    >>> fig = channels_figure(x, w, lang="en")
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]  # doctest: +NORMALIZE_WHITESPACE
    ['input channel 0', 'kernel (0, 0)', 'map of channel 0',
     'input channel 1', 'kernel (0, 1)', 'map of channel 1', 'output map 0']
    """
    check_language(lang)
    image = _checks.real_array(input, "input")
    _checks.ndim(image, "input", (3,), "(C_in, H, W)")
    weights = _checks.real_array(weight, "weight")
    _checks.ndim(weights, "weight", (4,), "(C_out, C_in, kH, kW)")
    out_channel = _checks.integer(out_channel, "out_channel", minimum=0)
    if out_channel >= weights.shape[0]:
        raise ValueError(f"out_channel must be below C_out={weights.shape[0]}, got {out_channel}")
    if weights.shape[1] != image.shape[0]:
        raise ValueError(
            f"weight has {weights.shape[1]} input channels per filter but input has {image.shape[0]} channels; "
            "channels_figure draws ungrouped layers"
        )
    biases = np.zeros(weights.shape[0]) if bias is None else _checks.real_array(bias, "bias")
    maps = per_channel_maps(image, weights, stride=stride, padding=padding, dilation=dilation)[out_channel]
    bias_value = float(biases[out_channel])
    output = maps.sum(axis=0) + bias_value
    channels = image.shape[0]

    kernel_h = weights.shape[2]
    map_h = maps.shape[1]
    in_h, in_w = image.shape[1], image.shape[2]
    widths = [in_w, 0.9, weights.shape[3], 0.9, maps.shape[2], 2.2, output.shape[1]]
    row_height = max(in_h, kernel_h, map_h) * 0.38 + 0.55
    fig = new_figure(0.38 * sum(widths) + 0.8, row_height * channels + 0.4)
    spec = fig.add_gridspec(channels, len(widths), width_ratios=widths)
    for c in range(channels):
        color = CHANNEL_COLORS[c % len(CHANNEL_COLORS)]
        _draw.grid(fig.add_subplot(spec[c, 0]), image[c], color=color,
                   title=word("figure.input_channel", lang, c=c), padding=0)
        _draw.symbol(fig.add_subplot(spec[c, 1]), "⋆")
        _draw.grid(fig.add_subplot(spec[c, 2]), weights[out_channel, c], color=color,
                   title=word("channels.kernel", lang, o=out_channel, c=c))
        _draw.symbol(fig.add_subplot(spec[c, 3]), "=")
        _draw.grid(fig.add_subplot(spec[c, 4]), maps[c], color=color,
                   title=word("channels.map", lang, c=c))
    joiner = fig.add_subplot(spec[:, 5])
    joiner.axis("off")
    joiner.text(0.5, 0.5, word("channels.sum", lang, n=channels, bias=_draw.format_value(bias_value)),
                ha="center", va="center", fontsize=9, transform=joiner.transAxes)
    _draw.grid(fig.add_subplot(spec[:, 6]), output, color=HIGHLIGHT,
               title=word("channels.output_map", lang, o=out_channel))
    return fig
