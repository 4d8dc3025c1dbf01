"""One weight tensor, two axis orders: what a layout conversion moves."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyBboxPatch

from .. import _checks
from .._words import check_language, word
from ..layouts import convert_weight
from ._style import CHANNEL_COLORS, INK, figure_function, new_figure

# The catalog key of what each axis letter counts.
_AXIS_WORDS = {"O": "layouts.output_channels", "I": "layouts.input_channels", "C": "layouts.input_channels",
               "M": "layouts.channel_multiplier", "D": "layouts.kernel_depth", "H": "layouts.kernel_height",
               "W": "layouts.kernel_width"}

# Axes that carry the same quantity under different letters: a depthwise
# kernel splits PyTorch's output-channel axis O into C (group) and M (multiplier).
_RELATED = {"O": "CM", "C": "O", "M": "O"}

_AXIS_COLORS = {"O": CHANNEL_COLORS[0], "I": CHANNEL_COLORS[2], "C": CHANNEL_COLORS[2],
                 "M": CHANNEL_COLORS[0], "D": CHANNEL_COLORS[3], "H": CHANNEL_COLORS[1],
                 "W": CHANNEL_COLORS[4]}

_BOX, _GAP, _ROW = 1.7, 0.35, 2.6  # box width, gap between boxes, distance between the rows


def _boxes(ax, layout, shape, *, y, lang):
    """Draw one box per axis at height ``y``; return the center x of each letter."""
    centres = {}
    for index, (letter, size) in enumerate(zip(layout, shape)):
        x = index * (_BOX + _GAP)
        face = tuple(1 - 0.3 * (1 - np.array(to_rgba(_AXIS_COLORS[letter]))[:3]))
        ax.add_patch(FancyBboxPatch((x, y), _BOX, 1.3, boxstyle="round,pad=0.02,rounding_size=0.08",
                                    facecolor=face, edgecolor=INK, linewidth=1.0))
        ax.text(x + _BOX / 2, y + 1.05, f"{letter} = {size}", ha="center", va="center", fontsize=11,
                fontweight="bold", color=INK)
        ax.text(x + _BOX / 2, y + 0.45, word(_AXIS_WORDS[letter], lang), ha="center", va="center", fontsize=8,
                color=INK, linespacing=1.1)
        centres[letter] = x + _BOX / 2
    return centres


@figure_function
def layout_figure(weight_shape, src="OIHW", dst="HWIO", *, groups=None, lang="en"):
    """Draw a weight tensor's axes in the order of ``src`` and of ``dst``.

    One labeled box per axis (its letter, its size and what it counts) in
    each order, and a line joining the boxes that hold the same quantity.
    The shape in ``dst`` is computed by :func:`convref.convert_weight`.

    Parameters
    ----------
    weight_shape : tuple of int
        The shape of the weights in layout ``src``.
    src, dst : str
        Weight layouts, as for :func:`convref.convert_weight`, e.g.
        ``"OIHW"`` (PyTorch, ONNX), ``"HWIO"`` (TensorFlow/Keras),
        ``"IOHW"`` (PyTorch's transposed convolution), ``"HWCM"`` (Keras'
        depthwise convolution).
    groups : int, optional
        As for :func:`convref.convert_weight`.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        Unknown layouts, or a ``weight_shape`` that does not fit ``src``.

    Examples
    --------
    Where do the axes of a PyTorch 3×3 kernel from 3 to 64 channels go in Keras?

    >>> fig = layout_figure((64, 3, 3, 3), "OIHW", "HWIO", lang="en")
    >>> print(fig.get_suptitle())
    The same weights in two axis orders: OIHW and HWIO
    >>> [text.get_text() for text in fig.axes[0].texts if "=" in text.get_text()]
    ['O = 64', 'I = 3', 'H = 3', 'W = 3', 'H = 3', 'W = 3', 'I = 3', 'O = 64']
    """
    check_language(lang)
    if not isinstance(src, str) or not isinstance(dst, str):
        raise ValueError(f"src and dst must be layout strings such as 'OIHW', got {src!r} and {dst!r}")
    weight_shape = _checks.shape(weight_shape, "weight_shape", len(src), meaning=f"(one size per letter of {src!r})")
    # The converter validates the layouts and the groups, and computes the new shape.
    dst_shape = convert_weight(np.zeros(weight_shape), src, dst, groups=groups).shape

    width = max(len(src), len(dst)) * (_BOX + _GAP)
    fig = new_figure(0.95 * width + 2.4, 4.1)
    ax = fig.subplots(1, 1)
    ax.axis("off")
    top = _boxes(ax, src, weight_shape, y=_ROW, lang=lang)
    bottom = _boxes(ax, dst, dst_shape, y=0.0, lang=lang)
    for letter, x in top.items():
        for target in letter + _RELATED.get(letter, ""):
            if target in bottom:
                ax.annotate("", xy=(bottom[target], 1.35), xytext=(x, _ROW - 0.05),
                            arrowprops=dict(arrowstyle="->", color=INK, linewidth=1.1, shrinkA=0, shrinkB=0))
    for y, layout, shape in ((_ROW, src, weight_shape), (0.0, dst, dst_shape)):
        ax.text(-0.25, y + 0.8, f"{layout}\n{tuple(shape)}", ha="right", va="center", fontsize=9, color=INK,
                family="DejaVu Sans Mono")
        ax.text(-0.25, y + 0.1, word("layouts.contiguous", lang, letter=layout[-1]),
                ha="right", va="center", fontsize=7.5, color=INK, style="italic", wrap=False)
    ax.set_xlim(-4.4, width)
    ax.set_ylim(-0.6, _ROW + 1.4)
    fig.suptitle(word("layouts.title", lang, src=src, dst=dst), fontsize=10, color=INK)
    return fig
