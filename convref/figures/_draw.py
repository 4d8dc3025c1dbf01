"""Drawing primitives: a matrix of numbers as a grid of labeled cells."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from ._style import INK, PADDING_FILL


def format_value(value):
    """A cell's number: an integer when it is one, else two significant decimals."""
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "∞" if value > 0 else "−∞"
    if float(value).is_integer() and abs(value) < 1e6:
        return str(int(value)).replace("-", "−")
    return f"{value:.2g}".replace("-", "−") if abs(value) < 0.1 else f"{value:.2f}".rstrip("0").replace("-", "−")


def grid(ax, values, *, color, title=None, fontsize=9, padding=0, show_values=True, highlight=None):
    """Draw ``values`` (2-D) as a grid of cells on ``ax``.

    The cell tint scales with the value, in ``color``; the number is printed
    in each cell so that color never carries the meaning alone. ``padding``
    outer rings are drawn gray as zeros that the convolution adds.
    ``highlight`` is a boolean mask of cells to outline.
    """
    values = np.asarray(values, dtype=float)
    rows, cols = values.shape
    finite = values[np.isfinite(values)]
    low, high = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
    span = high - low if high > low else 1.0
    base = np.array(to_rgba(color))
    for i in range(rows):
        for j in range(cols):
            in_padding = padding and (i < padding or j < padding or i >= rows - padding or j >= cols - padding)
            if in_padding:
                face = PADDING_FILL
            else:
                strength = 0.12 + 0.5 * (values[i, j] - low) / span if np.isfinite(values[i, j]) else 0.0
                face = tuple(1 - strength * (1 - base[:3])) + (1.0,)
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=face, edgecolor=INK, linewidth=0.6))
            if show_values:
                ax.text(j + 0.5, i + 0.5, format_value(values[i, j]), ha="center", va="center",
                        fontsize=fontsize, color="#777777" if in_padding else INK)
    if highlight is not None:
        for i, j in zip(*np.nonzero(highlight)):
            ax.add_patch(Rectangle((j + 0.06, i + 0.06), 0.88, 0.88, fill=False,
                                   edgecolor=color, linewidth=2.2))
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title, fontsize=fontsize + 1, color=INK)
    return ax


def symbol(ax, text, fontsize=18):
    """An operator (⋆, =, +) centered in an otherwise empty axes."""
    ax.axis("off")
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=fontsize, color=INK,
            transform=ax.transAxes)
    return ax
