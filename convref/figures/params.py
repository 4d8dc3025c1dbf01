"""Parameter counts side by side: separate kernels per channel against one shared kernel."""

from __future__ import annotations

import numpy as np

from .._words import check_language, format_number, word
from ._style import CHANNEL_COLORS, INK, figure_function, new_figure


@figure_function
def parameters_figure(labels, separate, shared, *, log=False, lang="en"):
    """Bar chart of each layer's weight count under the two hypotheses.

    Parameters
    ----------
    labels : sequence of str
        One name per layer.
    separate : sequence of int
        Parameters with one 2-D kernel per input channel (how layers work).
    shared : sequence of int
        Parameters if one 2-D kernel were reused on every input channel.
    log : bool
        Use a logarithmic axis, for counts of very different sizes.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the three sequences are empty or of different lengths.

    Examples
    --------
    What does the Spanish legend call the separate kernels of a layer?

    >>> fig = parameters_figure(["conv"], [2400], [800], lang="es")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][0]
    'un núcleo por canal de entrada (lo que hacen las capas)'
    """
    check_language(lang)
    labels = [str(label) for label in labels]
    separate = [int(v) for v in separate]
    shared = [int(v) for v in shared]
    if not (len(labels) == len(separate) == len(shared)) or not labels:
        raise ValueError(
            "labels, separate and shared must be non-empty and of equal length, got "
            f"{len(labels)}, {len(separate)} and {len(shared)}"
        )
    positions = np.arange(len(labels))
    fig = new_figure(7.0, 0.7 + 0.62 * len(labels))
    ax = fig.add_subplot(1, 1, 1)
    height = 0.38
    series = ((separate, word("params.separate", lang), CHANNEL_COLORS[2], -height / 2, None),
              (shared, word("params.shared", lang), "#BBBBBB", height / 2, "//"))
    for values, name, color, offset, hatch in series:
        bars = ax.barh(positions + offset, values, height=height, color=color, edgecolor=INK,
                       linewidth=0.6, hatch=hatch, label=name)
        for bar, value in zip(bars, values):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + format_number(value, lang),
                    va="center", ha="left", fontsize=8, color=INK)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(word("params.axis_log", lang) if log else word("params.axis", lang))
    ax.set_xlim(right=ax.get_xlim()[1] * (4 if log else 1.25))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(labels) < 3 else -0.14 - 0.6 / len(labels)),
              fontsize=8, frameon=False)
    return fig
