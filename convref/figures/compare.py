"""A printed grid of numbers beside the computed one, with the cells that differ marked."""

from __future__ import annotations

import numpy as np

from .. import _checks
from .._words import check_language, word
from . import _draw
from ._style import CHANNEL_COLORS, HIGHLIGHT, INK, figure_function, new_figure

@figure_function
def difference_figure(printed, computed, *, lang="en"):
    """Draw a printed 2-D grid of numbers beside the computed one.

    Cells whose printed value differs from the computed one are outlined in
    both grids and marked ``≠`` in the printed grid, so that the difference
    does not rest on color.

    Parameters
    ----------
    printed, computed : array_like
        2-D arrays of the same shape.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the grids are not 2-D arrays of the same shape.

    Examples
    --------
    How many values of a published 2×2 result are wrong?

    >>> fig = difference_figure([[1, 6], [7, 10]], [[1, 5], [7, 8]], lang="en")
    >>> print(fig.get_suptitle())
    2 of 4 values differ
    >>> [ax.get_title() for ax in fig.axes]
    ['as printed', 'computed (convref, PyTorch)']
    """
    check_language(lang)
    printed = _checks.real_array(printed, "printed")
    computed = _checks.real_array(computed, "computed")
    _checks.ndim(printed, "printed", (2,), "(rows, columns)")
    _checks.ndim(computed, "computed", (2,), "(rows, columns)")
    if printed.shape != computed.shape:
        raise ValueError(f"printed and computed must have the same shape, got {printed.shape} and {computed.shape}")
    differs = ~np.isclose(printed, computed, rtol=0, atol=1e-9)
    rows, columns = printed.shape
    fig = new_figure(2 * (0.5 * columns + 0.6) + 0.6, 0.5 * rows + 1.3)
    axes = fig.subplots(1, 2)
    _draw.grid(axes[0], printed, color=CHANNEL_COLORS[2], title=word("compare.printed", lang), highlight=differs)
    _draw.grid(axes[1], computed, color=HIGHLIGHT, title=word("compare.computed", lang), highlight=differs)
    for i, j in zip(*np.nonzero(differs)):
        axes[0].text(j + 0.86, i + 0.16, "≠", ha="right", va="top", fontsize=10, color=INK, fontweight="bold")
    total = printed.size
    count = int(differs.sum())
    title = word("compare.title", lang, n=count, total=total) if count else word("compare.title_none", lang,
                                                                                     total=total)
    fig.suptitle(title, fontsize=10, color=INK)
    if count:
        fig.supxlabel(word("compare.legend", lang), fontsize=8, color=INK)
    return fig
