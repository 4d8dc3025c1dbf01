"""A transposed convolution drawn as a plain one: zeros inserted, a border, a flipped kernel."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from .. import _checks
from .._words import check_language, word
from ..transpose import conv_transpose2d
from . import _draw
from ._style import CHANNEL_COLORS, HIGHLIGHT, INK, PADDING_FILL, figure_function, new_figure

_INSERTED_FILL = "#C8C8C8"      # darker than the border's gray: the two kinds of zeros differ in tone and label


def stretched_input(values, *, stride, padding, output_padding, dilation, kernel):
    """The grid a stride-1 correlation with the flipped kernel reads to give the transposed convolution.

    Returns ``(grid, kind)``: ``kind`` is 0 for an input value, 1 for a zero
    inserted between input values (``stride - 1`` of them), 2 for the border
    (``dilation * (kernel - 1) - padding`` zeros on every side) and 3 for the
    ``output_padding`` rows and columns added at the bottom and on the right.
    """
    n_rows, n_cols = values.shape
    border = dilation * (kernel - 1) - padding
    inner = ((n_rows - 1) * stride + 1, (n_cols - 1) * stride + 1)
    shape = (inner[0] + 2 * border + output_padding, inner[1] + 2 * border + output_padding)
    grid = np.zeros(shape)
    kind = np.full(shape, 2)
    kind[border:border + inner[0], border:border + inner[1]] = 1
    grid[border:border + inner[0]:stride, border:border + inner[1]:stride] = values
    kind[border:border + inner[0]:stride, border:border + inner[1]:stride] = 0
    if output_padding:
        kind[shape[0] - output_padding:, :] = 3
        kind[:, shape[1] - output_padding:] = 3
    return grid, kind


def _cells(ax, values, kind, *, color, title, extra=None, taps=None, fontsize=8):
    """A grid whose cells are tinted by kind: values in ``color``, inserted and border zeros in two grays.

    ``extra`` (a boolean mask of whole bottom rows and right columns) is
    outlined with a dashed line: what output_padding adds.
    """
    rows, cols = values.shape
    inputs = values[kind == 0]
    low, high = (inputs.min(), inputs.max()) if inputs.size else (0.0, 1.0)
    span = high - low if high > low else 1.0
    base = np.array(to_rgba(color))
    for i in range(rows):
        for j in range(cols):
            if kind[i, j] == 0:
                strength = 0.12 + 0.5 * (values[i, j] - low) / span
                face, ink = tuple(1 - strength * (1 - base[:3])) + (1.0,), INK
            else:
                face, ink = (_INSERTED_FILL if kind[i, j] == 1 else PADDING_FILL), "#666666"
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=face, edgecolor=INK, linewidth=0.5))
            ax.text(j + 0.5, i + 0.5, _draw.format_value(values[i, j]), ha="center", va="center",
                    fontsize=fontsize, color=ink)
    if extra is not None and extra.any():
        ax.add_patch(Rectangle((0, rows - extra[:, 0].sum()), cols, extra[:, 0].sum(), fill=False,
                               edgecolor=HIGHLIGHT, linewidth=2.0, linestyle=(0, (4, 2))))
        ax.add_patch(Rectangle((cols - extra[0].sum(), 0), extra[0].sum(), rows, fill=False,
                               edgecolor=HIGHLIGHT, linewidth=2.0, linestyle=(0, (4, 2))))
    if taps is not None:
        for i, j in zip(*np.nonzero(taps)):
            ax.add_patch(Rectangle((j + 0.08, i + 0.08), 0.84, 0.84, fill=False, edgecolor=CHANNEL_COLORS[1],
                                   linewidth=1.8))
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title, fontsize=fontsize + 1, color=INK)


@figure_function
def transposed_convolution_figure(input, weight, *, stride=2, padding=0, output_padding=0, dilation=1,
                                  lang="en"):
    """Draw a 2-D transposed convolution as a stride-1 correlation of a stretched input.

    From left to right: the input; the grid the kernel actually slides over,
    with ``stride - 1`` zeros inserted between neighboring input values and a
    border of ``dilation * (kernel - 1) - padding`` zeros, plus
    ``output_padding`` extra rows and columns of zeros at the bottom and on
    the right (outlined); the kernel flipped in both directions; and the
    output, computed by :func:`convref.conv_transpose2d`, whose rows and
    columns that ``output_padding`` adds are outlined too. The taps of the
    first output value are outlined in the stretched grid.

    Parameters
    ----------
    input : array_like, shape (H, W)
        One input channel.
    weight : array_like, shape (k, k)
        One square kernel.
    stride, padding, output_padding, dilation : int
        As in :func:`convref.conv_transpose2d`. The figure draws
        ``padding <= dilation * (kernel - 1)``, where the border is not
        negative.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``input`` is not 2-D, ``weight`` is not a square 2-D kernel, a
        setting is out of range (as :func:`convref.conv_transpose2d` checks
        it), or ``padding`` is larger than ``dilation * (kernel - 1)``.

    Examples
    --------
    What does the figure title say about a 3×3 input with stride 2, padding 1
    and output_padding 1?

    >>> import numpy as np
    >>> fig = transposed_convolution_figure(np.arange(9.0).reshape(3, 3), np.ones((3, 3)), stride=2,
    ...                                     padding=1, output_padding=1, lang="en")
    >>> fig.texts[0].get_text()
    'Transposed convolution, kernel 3, stride 2, padding 1, output_padding 1, dilation 1: 3×3 → 6×6'
    >>> [ax.get_title() for ax in fig.axes]  # doctest: +NORMALIZE_WHITESPACE
    ['input 3×3', 'zeros inserted (stride 2)\\nborder of 1, output_padding 1', 'kernel, flipped',
     'output 6×6']
    """
    check_language(lang)
    values = _checks.real_array(input, "input").astype(float)
    _checks.ndim(values, "input", (2,), "(H, W): one input channel")
    kernel_values = _checks.real_array(weight, "weight").astype(float)
    _checks.ndim(kernel_values, "weight", (2,), "(k, k): one square kernel")
    if kernel_values.shape[0] != kernel_values.shape[1]:
        raise ValueError(f"weight must be a square kernel (k, k), got shape {kernel_values.shape}")
    kernel = kernel_values.shape[0]
    # conv_transpose2d checks every setting and names the one that is wrong.
    output = conv_transpose2d(values[None, None], kernel_values[None, None], stride=stride, padding=padding,
                              output_padding=output_padding, dilation=dilation)[0, 0]
    stride, padding, output_padding, dilation = (_checks.integer(v, name) for v, name in (
        (stride, "stride"), (padding, "padding"), (output_padding, "output_padding"), (dilation, "dilation")))
    if padding > dilation * (kernel - 1):
        raise ValueError(f"padding must be at most dilation * (kernel - 1) = {dilation * (kernel - 1)} for this "
                         f"figure (the border it draws would be negative), got {padding}")
    grid, kind = stretched_input(values, stride=stride, padding=padding, output_padding=output_padding,
                                 dilation=dilation, kernel=kernel)
    flipped = kernel_values[::-1, ::-1]
    taps = np.zeros(grid.shape, dtype=bool)
    taps[0:dilation * (kernel - 1) + 1:dilation, 0:dilation * (kernel - 1) + 1:dilation] = True
    out_rows, out_cols = output.shape
    added = np.zeros(output.shape, dtype=bool)
    if output_padding:
        added[out_rows - output_padding:, :] = True
        added[:, out_cols - output_padding:] = True

    # Axes placed by hand, in whole cells: no layout engine, whose solution can move by a rounding
    # error from one figure to the next and change the SVG's clip-path ids.
    cell, gap, left, right, top, bottom = 0.36, 0.55, 0.3, 0.3, 1.05, 0.75
    widths = [values.shape[1], grid.shape[1], kernel, out_cols]
    heights = [values.shape[0], grid.shape[0], kernel, out_rows]
    tallest = max(heights)
    fig_width, fig_height = left + right + cell * sum(widths) + 3 * gap, top + bottom + cell * tallest
    fig = new_figure(fig_width, fig_height)
    fig.set_layout_engine("none")
    axes, x = [], left
    for cols, rows in zip(widths, heights):
        y = bottom + cell * (tallest - rows) / 2
        axes.append(fig.add_axes((x / fig_width, y / fig_height, cell * cols / fig_width, cell * rows / fig_height)))
        x += cell * cols + gap
    _cells(axes[0], values, np.zeros(values.shape, dtype=int), color=CHANNEL_COLORS[2],
           title=word("transposed.input", lang, h=values.shape[0], w=values.shape[1]))
    border = dilation * (kernel - 1) - padding
    _cells(axes[1], grid, kind, color=CHANNEL_COLORS[2], taps=taps, extra=kind == 3,
           title=word("transposed.stretched", lang, s=stride, b=border, a=output_padding))
    _draw.grid(axes[2], flipped, color=CHANNEL_COLORS[1], title=word("transposed.kernel", lang), fontsize=8)
    _cells(axes[3], output, np.zeros(output.shape, dtype=int), color=HIGHLIGHT, extra=added,
           title=word("transposed.output", lang, h=out_rows, w=out_cols))
    axes[3].add_patch(Rectangle((0.08, 0.08), 0.84, 0.84, fill=False, edgecolor=CHANNEL_COLORS[1], linewidth=1.8))
    fig.text(0.5, 1 - 0.2 / fig_height, word("transposed.title", lang, k=kernel, s=stride, p=padding,
                                              a=output_padding, d=dilation, h=values.shape[0], w=values.shape[1],
                                              oh=out_rows, ow=out_cols),
             ha="center", va="top", fontsize=10, color=INK)
    fig.text(0.5, 0.1 / fig_height, word("transposed.legend", lang), ha="center", va="bottom", fontsize=8,
             color=INK)
    return fig
