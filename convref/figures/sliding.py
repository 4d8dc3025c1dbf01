"""The sliding window: padding, stride and dilation on one input channel."""

from __future__ import annotations

import numpy as np

from .. import _checks
from .._words import check_language, word
from ..arithmetic import output_size
from ..conv import correlate2d
from . import _draw
from ._style import CHANNEL_COLORS, HIGHLIGHT, figure_function, new_figure


@figure_function
def sliding_window_figure(n=5, kernel=3, stride=2, padding=1, dilation=1, *, input=None,
                          weight=None, position=(0, 0), lang="en"):
    """Draw one kernel position on a padded square input and the output it fills.

    Parameters
    ----------
    n, kernel, stride, padding, dilation : int
        The square input size and the convolution's settings, as in
        :func:`convref.output_size`.
    input : array_like, optional
        ``(n, n)`` values to print in the input cells; with ``weight`` the
        output values are computed by :func:`convref.correlate2d`.
    weight : array_like, optional
        ``(kernel, kernel)`` kernel values.
    position : tuple of int
        The output cell (row, column) whose receptive field is outlined.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    Which input cells does the second output cell of a stride-2 window read?

    >>> fig = sliding_window_figure(5, 3, stride=2, padding=1, position=(0, 1), lang="en")
    >>> [ax.get_title() for ax in fig.axes]
    ['input (padding 1)', 'output']
    """
    check_language(lang)
    size = output_size(n, kernel, stride, padding, dilation)
    row, col = (_checks.integer(p, "position", minimum=0) for p in position)
    if row >= size or col >= size:
        raise ValueError(f"position must lie inside the {size}×{size} output, got {tuple(position)}")

    padded_n = n + 2 * padding
    values = np.zeros((padded_n, padded_n))
    output = np.zeros((size, size))
    show_values = input is not None
    if show_values:
        image = _checks.real_array(input, "input")
        if image.shape != (n, n):
            raise ValueError(f"input must have shape ({n}, {n}), got {image.shape}")
        values[padding:padding + n, padding:padding + n] = image
        if weight is not None:
            kernel_values = _checks.real_array(weight, "weight")
            if kernel_values.shape != (kernel, kernel):
                raise ValueError(f"weight must have shape ({kernel}, {kernel}), got {kernel_values.shape}")
            output = correlate2d(image, kernel_values, stride=stride, padding=padding, dilation=dilation)
    taps = np.zeros((padded_n, padded_n), dtype=bool)
    top, left = row * stride, col * stride
    for i in range(kernel):
        for j in range(kernel):
            taps[top + i * dilation, left + j * dilation] = True
    chosen = np.zeros((size, size), dtype=bool)
    chosen[row, col] = True

    panels = 3 if (show_values and weight is not None) else 2
    widths = [padded_n, kernel, size] if panels == 3 else [padded_n, size]
    fig = new_figure(0.45 * sum(widths) + 0.5 * panels + 0.6, 0.45 * padded_n + 1.5)
    axes = fig.subplots(1, panels, gridspec_kw={"width_ratios": widths})
    input_title = word("sliding.input", lang, p=padding)
    _draw.grid(axes[0], values, color=CHANNEL_COLORS[2], title=input_title, padding=padding,
               show_values=show_values, highlight=taps)
    if panels == 3:
        _draw.grid(axes[1], kernel_values, color=CHANNEL_COLORS[1], title=word("sliding.kernel", lang))
    _draw.grid(axes[-1], output, color=HIGHLIGHT, title=word("sliding.output", lang),
               show_values=show_values and weight is not None, highlight=chosen)
    fig.suptitle(word("sliding.title", lang, n=n, k=kernel, s=stride, p=padding, d=dilation, o=size), fontsize=10)
    return fig
