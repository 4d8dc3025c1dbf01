"""Trained filters slice by slice: one gray picture per input channel, and how alike the slices are."""

from __future__ import annotations

import numpy as np

from .. import _checks
from .._words import check_language, format_number, word
from ._style import INK, figure_function, new_figure

_RGB = (("filters.red", "filters.red_short"), ("filters.green", "filters.green_short"),
        ("filters.blue", "filters.blue_short"))


def slice_cosines(weight):
    """Cosine similarity of every pair of channel slices of every filter.

    Returns an array ``(C_out, C_in, C_in)``; a slice of zeros has cosine 0
    with every other slice (it points nowhere).
    """
    flat = weight.reshape(weight.shape[0], weight.shape[1], -1)
    norms = np.linalg.norm(flat, axis=2, keepdims=True)
    unit = np.divide(flat, norms, out=np.zeros_like(flat), where=norms > 0)
    return np.einsum("ock,odk->ocd", unit, unit)


@figure_function
def filter_slices_figure(weight, *, filters=None, lang="en"):
    """Draw filters slice by slice, with the cosine similarity of their slices.

    Each row is one filter: its ``C_in`` channel slices as gray pictures
    (mid-gray is 0, white the filter's largest positive weight, black its
    most negative one, one scale per filter, so that equal slices look the
    same), then, for three input channels, the filter as a color image (red,
    green and blue slices as the three colors, each filter stretched to the
    full range, as first-layer filters are usually shown), and the cosine
    similarity of each pair of slices written out: 1 for slices with the
    same pattern, -1 for opposite ones.

    Parameters
    ----------
    weight : array_like, shape (C_out, C_in, kH, kW)
        The weights of a convolution layer (PyTorch's layout), ``C_in >= 2``.
    filters : sequence of int, optional
        The filters to draw, in this order (default: all of them).
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``weight`` is not 4-D with at least two input channels, holds
        non-finite values, or ``filters`` names no filter or one that does
        not exist.

    Examples
    --------
    What does a Spanish figure write about a filter whose green slice is its
    red slice with the sign flipped?

    >>> import numpy as np
    >>> w = np.zeros((1, 3, 2, 2))
    >>> w[0, 0] = [[1, 2], [3, 4]]
    >>> w[0, 1] = -w[0, 0]
    >>> w[0, 2] = w[0, 0]
    >>> fig = filter_slices_figure(w, lang="es")
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['rojo', 'verde', 'azul', 'en color']
    >>> fig.axes[-1].texts[0].get_text()
    'cos R·V −1   R·A 1   V·A −1'
    """
    check_language(lang)
    w = _checks.real_array(weight, "weight").astype(float)
    _checks.ndim(w, "weight", (4,), "(C_out, C_in, kH, kW): a convolution's weights")
    if w.shape[0] < 1 or w.shape[1] < 2:
        raise ValueError(f"weight must hold at least one filter over at least two input channels, got {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError("weight must hold finite values")
    if filters is None:
        chosen = list(range(w.shape[0]))
    else:
        if isinstance(filters, (str, bytes)) or not hasattr(filters, "__len__") or len(filters) == 0:
            raise ValueError(f"filters must be a non-empty sequence of filter indices, got {filters!r}")
        chosen = [_checks.integer(o, "filters", minimum=0) for o in filters]
        if max(chosen) >= w.shape[0]:
            raise ValueError(f"filters must name filters 0 to {w.shape[0] - 1}, got {max(chosen)}")
    channels = w.shape[1]
    rgb = channels == 3
    if rgb:
        titles = [word(name, lang) for name, _ in _RGB] + [word("filters.composite", lang)]
        short = [word(letter, lang) for _, letter in _RGB]
    else:
        titles = [word("filters.channel", lang, c=c) for c in range(channels)]
        short = [str(c) for c in range(channels)]
    cosines = slice_cosines(w)

    columns = len(titles)
    rows = len(chosen)
    # Axes placed by hand on a fixed grid (no layout engine, whose solution can move by a rounding
    # error from one figure to the next and change the SVG's clip-path ids).
    picture_h = 0.62
    picture_w = picture_h * w.shape[3] / w.shape[2]
    gap, left, top, bottom, text_w = 0.1, 0.8, 0.62, 0.08, 2.6
    fig_w = left + columns * (picture_w + gap) + text_w
    fig_h = top + rows * (picture_h + gap) + bottom
    fig = new_figure(fig_w, fig_h)
    fig.set_layout_engine("none")
    for row, o in enumerate(chosen):
        y = fig_h - top - row * (picture_h + gap) - picture_h
        row_axes = [fig.add_axes(((left + c * (picture_w + gap)) / fig_w, y / fig_h, picture_w / fig_w,
                                  picture_h / fig_h)) for c in range(columns)]
        scale = float(np.abs(w[o]).max()) or 1.0
        for c in range(channels):
            row_axes[c].imshow(w[o, c], cmap="gray", vmin=-scale, vmax=scale, interpolation="nearest")
        if rgb:
            low, high = float(w[o].min()), float(w[o].max())
            stretched = (w[o] - low) / (high - low) if high > low else np.full_like(w[o], 0.5)
            row_axes[channels].imshow(stretched.transpose(1, 2, 0), interpolation="nearest")
        for ax in row_axes:
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_color("#999999")
        row_axes[0].set_ylabel(word("filters.filter", lang, o=o), fontsize=9, color=INK, rotation=0, ha="right",
                               va="center")
        if row == 0:
            for ax, title in zip(row_axes, titles):
                ax.set_title(title, fontsize=8, color=INK)
        # Two decimals are what a reader compares; + 0.0 writes -0.0 as 0.
        pairs = [f"{short[a]}·{short[b]} {format_number(round(float(cosines[o, a, b]), 2) + 0.0, lang)}"
                 .replace("-", "−") for a in range(channels) for b in range(a + 1, channels)]
        text_ax = fig.add_axes(((left + columns * (picture_w + gap)) / fig_w, y / fig_h, text_w / fig_w,
                                picture_h / fig_h))
        text_ax.axis("off")
        text_ax.text(0.02, 0.5, "cos " + "   ".join(pairs), fontsize=9, color=INK, va="center", ha="left",
                     transform=text_ax.transAxes)
    fig.text(0.5, 1 - 0.06 / fig_h, word("filters.title", lang), fontsize=9, color=INK, ha="center", va="top")
    return fig
