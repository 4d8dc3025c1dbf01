"""Conv2d over channels against Conv3d over depth: when they coincide and when they do not."""

from __future__ import annotations

import numpy as np

from .. import _checks
from .._words import check_language, word
from ..conv import conv2d, conv3d
from . import _draw
from ._style import CHANNEL_COLORS, HIGHLIGHT, INK, figure_function, new_figure


@figure_function
def depth_figure(volume, kernel, *, partial_depth=2, lang="en"):
    """Draw the output maps of a Conv2d and of two Conv3d on the same volume.

    The volume ``(D, H, W)`` is read as ``D`` channels by :func:`convref.conv2d`
    and as one channel of depth ``D`` by :func:`convref.conv3d`. With the 3-D
    kernel as deep as the volume, the Conv3d output has one depth position and
    equals the Conv2d map; with a shallower kernel (``partial_depth``, built
    from the first slices of ``kernel``) it slides along depth too and gives
    ``D - partial_depth + 1`` maps.

    Parameters
    ----------
    volume : array_like
        ``(D, H, W)``.
    kernel : array_like
        ``(D, kH, kW)``: one filter of the 2-D layer, or equally one 3-D kernel.
    partial_depth : int
        Depth of the shallower 3-D kernel, ``1 <= partial_depth < D``.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    How many maps does each layer give on a volume of depth 3?

    >>> import numpy as np
    >>> fig = depth_figure(np.ones((3, 4, 4)), np.ones((3, 2, 2)), partial_depth=2, lang="en")
    >>> for row in fig.subfigs:
    ...     print(row.get_suptitle())
    Conv2d over 3 channels: one map
    Conv3d, kernel depth 3: one map
    Conv3d, kernel depth 2: 2 maps
    """
    check_language(lang)
    volume = _checks.real_array(volume, "volume")
    _checks.ndim(volume, "volume", (3,), "(D, H, W)")
    kernel = _checks.real_array(kernel, "kernel")
    _checks.ndim(kernel, "kernel", (3,), "(D, kH, kW)")
    depth = volume.shape[0]
    if kernel.shape[0] != depth:
        raise ValueError(f"kernel must be as deep as volume ({depth}), got shape {kernel.shape}")
    partial_depth = _checks.integer(partial_depth, "partial_depth", minimum=1)
    if partial_depth >= depth:
        raise ValueError(f"partial_depth must be smaller than the depth {depth}, got {partial_depth}")

    as_channels = conv2d(volume, kernel[None])[0]                       # (H', W')
    full = conv3d(volume[None], kernel[None, None])[0]                  # (1, H', W')
    partial = conv3d(volume[None], kernel[None, None, :partial_depth])[0]  # (D-k+1, H', W')

    def conv3d_title(kernel_depth, maps):
        if len(maps) == 1:
            return word("depth.conv3d_one_map", lang, k=kernel_depth)
        return word("depth.conv3d", lang, k=kernel_depth, n=len(maps))

    rows = [(word("depth.conv2d", lang, d=depth), [as_channels], HIGHLIGHT),
            (conv3d_title(depth, full), list(full), HIGHLIGHT),
            (conv3d_title(partial_depth, partial), list(partial), CHANNEL_COLORS[2])]
    columns = max(len(maps) for _, maps, _ in rows)
    size = as_channels.shape[0]
    fig = new_figure(1.0 + columns * (0.42 * size + 0.5), len(rows) * (0.42 * size + 0.9))
    subfigures = fig.subfigures(len(rows), 1)
    for subfigure, (title, maps, color) in zip(subfigures, rows):
        subfigure.suptitle(title, fontsize=10, color=INK, x=0.02, ha="left")
        axes = np.atleast_1d(subfigure.subplots(1, columns))
        for i, ax in enumerate(axes):
            if i < len(maps):
                label = word("depth.slice", lang, i=i) if len(maps) > 1 or title != rows[0][0] else None
                _draw.grid(ax, maps[i], color=color, title=label, fontsize=8)
            else:
                ax.axis("off")
    return fig
