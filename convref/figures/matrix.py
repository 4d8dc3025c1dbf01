"""The whole layer as one matrix: where its weights sit and where it is zero."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from .._words import check_language, format_number, word
from ..matrix import conv2d_matrix
from ._style import CHANNEL_COLORS, INK, figure_function, new_figure


@figure_function
def matrix_figure(weight, input_shape, *, stride=1, padding=0, dilation=1, groups=1, lang="en"):
    """Draw the sparsity pattern of :func:`convref.conv2d_matrix`.

    Rows are output positions grouped by filter, columns input positions
    grouped by channel; each block (filter o, channel c) holds copies of the
    one 2-D kernel ``weight[o, c]``, shifted along the diagonal, and zeros
    elsewhere. Colored cells are weights, white cells structural zeros.

    Parameters
    ----------
    weight : array_like
        ``(C_out, C_in // groups, kH, kW)``.
    input_shape : tuple of int
        ``(C_in, H, W)``.
    stride, padding, dilation, groups : int
        As in :func:`convref.conv2d`.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    How large is the matrix of a 2→2 layer with 2×2 kernels on a 3×3 input,
    and how many of its entries can be non-zero (2 filters × 4 outputs × 2×2×2 taps)?

    >>> import numpy as np
    >>> fig = matrix_figure(np.ones((2, 2, 2, 2)), (2, 3, 3), lang="en")
    >>> print(fig.axes[0].get_title())
    The layer as one matrix: 8 × 18,
    64 non-zero entries of 144
    """
    check_language(lang)
    matrix = conv2d_matrix(weight, input_shape, stride=stride, padding=padding, dilation=dilation, groups=groups)
    weights = np.asarray(weight)
    out_channels = weights.shape[0]
    in_channels = input_shape[0]
    rows_per_filter = matrix.shape[0] // out_channels
    cols_per_channel = matrix.shape[1] // in_channels

    # Color each weight by the input channel it reads, so that a block's
    # color says which kernel slice it copies.
    codes = np.zeros(matrix.shape, dtype=int)
    for c in range(in_channels):
        block = slice(c * cols_per_channel, (c + 1) * cols_per_channel)
        codes[:, block] = np.where(matrix[:, block] != 0, 1 + c % len(CHANNEL_COLORS), 0)
    colors = ["#FFFFFF"] + list(CHANNEL_COLORS)
    nonzero = int(np.count_nonzero(matrix))

    # Cells as large as readable, within what a page column can show.
    cell = min(0.22, 7.0 / matrix.shape[1], 5.0 / matrix.shape[0])
    fig = new_figure(matrix.shape[1] * cell + 2.4, matrix.shape[0] * cell + 2.6)
    ax = fig.add_subplot(1, 1, 1)
    ax.imshow(codes, cmap=ListedColormap(colors), vmin=0, vmax=len(colors) - 1,
              interpolation="nearest", aspect="equal")
    for o in range(1, out_channels):
        ax.axhline(o * rows_per_filter - 0.5, color=INK, linewidth=0.8)
    for c in range(1, in_channels):
        ax.axvline(c * cols_per_channel - 0.5, color=INK, linewidth=0.8)
    ax.set_yticks([(o + 0.5) * rows_per_filter - 0.5 for o in range(out_channels)],
                  [word("matrix.filter", lang, o=o) for o in range(out_channels)])
    ax.set_xticks([(c + 0.5) * cols_per_channel - 0.5 for c in range(in_channels)],
                  [word("figure.input_channel", lang, c=c) for c in range(in_channels)])
    ax.tick_params(length=0, labelsize=8)
    ax.set_xlabel(word("matrix.input_position", lang))
    ax.set_ylabel(word("matrix.output_position", lang))
    ax.set_title(word("matrix.title", lang, rows=format_number(matrix.shape[0], lang),
                      cols=format_number(matrix.shape[1], lang), nnz=format_number(nonzero, lang),
                      total=format_number(matrix.size, lang)), fontsize=10)
    legend = [Patch(facecolor=CHANNEL_COLORS[c % len(CHANNEL_COLORS)], edgecolor=INK,
                    label=word("matrix.nonzero", lang, c=c))
              for c in range(min(in_channels, len(CHANNEL_COLORS)))]
    legend.append(Patch(facecolor="#FFFFFF", edgecolor=INK, label=word("matrix.zero", lang)))
    fig.legend(handles=legend, loc="outside lower center", ncol=1, fontsize=8, frameon=False)
    return fig
