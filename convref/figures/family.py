"""The convolution family as kernel matrices: which filter reads which input channel.

A layer's weight tensor, drawn literally: one row per filter, one column per
input channel, and in each cell the 2-D kernel (a small grid) that connects
them, or nothing when the filter does not read that channel. Standard,
grouped, depthwise, pointwise, depthwise-separable, 1-D and transposed
convolutions then differ only in which cells hold a kernel and what shape
the kernels have.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from .. import _checks
from .._words import check_language, word
from ..layers import Conv1d, Conv2d, ConvTranspose2d
from ._style import CHANNEL_COLORS, INK, figure_function, new_figure

KINDS = ("standard", "grouped", "depthwise", "pointwise", "separable", "conv1d", "transposed")

# Largest channel count that stays legible at the site's figure width.
MAX_CHANNELS = 16

# The catalog key of each kind's name.
_NAMES = {"standard": "family.standard", "grouped": "family.grouped", "depthwise": "family.depthwise",
          "pointwise": "family.pointwise", "separable": "family.separable", "conv1d": "family.conv1d",
          "transposed": "family.transposed"}


def _kernel_text(kernel_shape):
    return "×".join(str(k) for k in kernel_shape)


def _resolve(kind, *, in_channels, out_channels, groups, kernel_size):
    """Validate the arguments; return (groups, kernel_size) with defaults filled in."""
    kind = _checks.choice(kind, "kind", KINDS)
    in_channels = _checks.integer(in_channels, "in_channels", minimum=1)
    out_channels = _checks.integer(out_channels, "out_channels", minimum=1)
    for name, channels in (("in_channels", in_channels), ("out_channels", out_channels)):
        if channels > MAX_CHANNELS:
            raise ValueError(f"{name} must be at most {MAX_CHANNELS} for a legible figure, got {channels}")
    if kernel_size is None:
        kernel_size = 1 if kind == "pointwise" else 3
    kernel_size = _checks.integer(kernel_size, "kernel_size", minimum=1)
    if kind == "pointwise" and kernel_size != 1:
        raise ValueError(f"kernel_size must be 1 for kind='pointwise', got {kernel_size}")
    if kind in ("depthwise", "separable"):
        default_groups = in_channels
    else:
        default_groups = 1
    groups = default_groups if groups is None else _checks.integer(groups, "groups", minimum=1)

    if kind in ("standard", "pointwise") and groups != 1:
        raise ValueError(f"groups must be 1 for kind={kind!r}, got {groups} (use kind='grouped')")
    if kind == "grouped" and groups < 2:
        raise ValueError(f"groups must be at least 2 for kind='grouped', got {groups}")
    if kind in ("depthwise", "separable") and groups != in_channels:
        raise ValueError(f"groups must equal in_channels={in_channels} for kind={kind!r}, got {groups}")
    if kind == "depthwise" and out_channels % in_channels:
        raise ValueError(f"out_channels must be a multiple of in_channels={in_channels} for kind='depthwise' "
                         f"(in_channels times the channel multiplier), got {out_channels}")
    if kind != "separable":
        for name, channels in (("in_channels", in_channels), ("out_channels", out_channels)):
            if channels % groups:
                raise ValueError(f"{name}={channels} must be divisible by groups={groups}")
    return groups, kernel_size


def _kernel_matrix(ax, *, rows, columns, groups, kernel_shape, row_label, column_label, lang, seed):
    """Draw a rows × columns matrix; cell (r, c) holds a kernel glyph when r and c share a group."""
    rows_per_group, columns_per_group = rows // groups, columns // groups
    kernel_h, kernel_w = kernel_shape
    rng = np.random.default_rng(seed)  # only shades the glyphs so that no two kernels look alike
    margin = 0.14
    cell_h = (1 - 2 * margin) / max(kernel_h, kernel_w)
    for r in range(rows):
        for c in range(columns):
            ax.add_patch(Rectangle((c, r), 1, 1, facecolor="white", edgecolor="#BBBBBB", linewidth=0.5))
            group = r // rows_per_group
            if c // columns_per_group != group:
                continue
            base = np.array(to_rgba(CHANNEL_COLORS[group % len(CHANNEL_COLORS)]))[:3]
            left = c + 0.5 - kernel_w * cell_h / 2
            top = r + 0.5 - kernel_h * cell_h / 2
            for i in range(kernel_h):
                for j in range(kernel_w):
                    strength = 0.25 + 0.65 * rng.random()
                    face = tuple(1 - strength * (1 - base))
                    ax.add_patch(Rectangle((left + j * cell_h, top + i * cell_h), cell_h, cell_h,
                                           facecolor=face, edgecolor=INK, linewidth=0.4))
    # Group blocks: outlined, and numbered above the columns they read.
    for g in range(groups):
        ax.add_patch(Rectangle((g * columns_per_group, g * rows_per_group), columns_per_group, rows_per_group,
                               fill=False, edgecolor=INK, linewidth=1.4))
        if groups > 1:
            ax.text((g + 0.5) * columns_per_group, -0.25, str(g), ha="center", va="bottom", fontsize=8, color=INK)
    if groups > 1:
        ax.text(-0.15, -0.25, word("family.group", lang), ha="right", va="bottom", fontsize=8, color=INK)
    ax.set_xlim(-0.05, columns + 0.05)
    ax.set_ylim(rows + 0.05, -0.9 if groups > 1 else -0.05)
    ax.set_aspect("equal")
    ax.set_xticks(np.arange(columns) + 0.5, [str(c) for c in range(columns)], fontsize=8)
    ax.set_yticks(np.arange(rows) + 0.5, [str(r) for r in range(rows)], fontsize=8)
    ax.tick_params(length=0, labeltop=False, labelbottom=True)
    ax.set_xlabel(column_label, fontsize=9, color=INK)
    ax.set_ylabel(row_label, fontsize=9, color=INK)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax


@figure_function
def connections_figure(kind, in_channels, out_channels, groups=None, *, kernel_size=None, lang="en"):
    """Draw which input channels each filter of a convolution reads, kernel by kernel.

    The layer's weights as a matrix: one row per filter, one column per input
    channel; a cell holds a small grid (one 2-D kernel with its own weights)
    when the filter reads that channel and is empty otherwise. Groups are
    outlined and numbered, so the structure does not rest on color.

    Parameters
    ----------
    kind : {"standard", "grouped", "depthwise", "pointwise", "separable", "conv1d", "transposed"}
        The family member. ``"separable"`` draws its two stages: a depthwise
        convolution over ``in_channels`` then a pointwise one to
        ``out_channels``. ``"transposed"`` draws the rows in the order of its
        weight ``(C_in, C_out/groups, kH, kW)``: one row per input channel.
    in_channels, out_channels : int
        Channel counts, at most ``MAX_CHANNELS``. For ``"depthwise"``,
        ``out_channels`` is ``in_channels`` times the channel multiplier.
    groups : int, optional
        Channel groups. Default: ``in_channels`` for ``"depthwise"`` and
        ``"separable"`` (its depthwise stage), else 1. Must be 1 for
        ``"standard"`` and ``"pointwise"``, at least 2 for ``"grouped"``.
    kernel_size : int, optional
        Kernel size; default 3 (1 for ``"pointwise"``, which requires 1).
        ``"conv1d"`` kernels are ``1 × kernel_size`` strips.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        Unknown ``kind``, channel counts that ``groups`` does not divide, or
        ``groups``/``kernel_size`` that contradict ``kind``.

    Examples
    --------
    How many kernels does a grouped convolution from 4 to 4 channels in 2 groups hold?

    >>> fig = connections_figure("grouped", 4, 4, groups=2, lang="en")
    >>> print(fig.get_suptitle())
    Grouped convolution: weight (4, 2, 3, 3), 8 kernels of 3×3

    A depthwise-separable convolution is drawn as its two stages:

    >>> fig = connections_figure("separable", 4, 6, lang="es")
    >>> [ax.get_title() for ax in fig.axes]
    ['1. en profundidad: pesos (4, 1, 3, 3)', '2. después, puntual: pesos (6, 4, 1, 1)']
    """
    check_language(lang)
    groups, kernel_size = _resolve(kind, in_channels=in_channels, out_channels=out_channels, groups=groups,
                                   kernel_size=kernel_size)
    name = word(_NAMES[kind], lang)
    axis_labels = dict(row_label=word("family.filter_axis", lang), column_label=word("family.input_axis", lang))

    if kind == "separable":
        depthwise = Conv2d(in_channels, in_channels, kernel_size, groups=in_channels)
        pointwise = Conv2d(in_channels, out_channels, 1)
        stages = [(depthwise, word("family.stage_depthwise", lang, shape=depthwise.weight_shape)),
                  (pointwise, word("family.stage_pointwise", lang, shape=pointwise.weight_shape))]
        widths = [in_channels, in_channels]
        fig = new_figure(0.42 * sum(widths) + 3.2, 0.42 * max(in_channels, out_channels) + 2.0)
        axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": widths})
        for index, (ax, (layer, title)) in enumerate(zip(axes, stages)):
            _kernel_matrix(ax, rows=layer.out_channels, columns=layer.in_channels, groups=layer.groups,
                           kernel_shape=layer.kernel_size, lang=lang, seed=index, **axis_labels)
            ax.set_title(title, fontsize=9, color=INK)
        fig.suptitle(name, fontsize=10, color=INK)
        kernel_words = f"{_kernel_text(depthwise.kernel_size)} / {_kernel_text(pointwise.kernel_size)}"
    else:
        if kind == "conv1d":
            layer = Conv1d(in_channels, out_channels, kernel_size, groups=groups)
            glyph = (1, kernel_size)
        elif kind == "transposed":
            layer = ConvTranspose2d(in_channels, out_channels, kernel_size, groups=groups)
            glyph = layer.kernel_size
            axis_labels = dict(row_label=word("family.input_axis", lang),
                               column_label=word("family.output_axis", lang))
        else:
            layer = Conv2d(in_channels, out_channels, kernel_size, groups=groups)
            glyph = layer.kernel_size
        rows, columns = layer.weight_shape[0], (out_channels if kind == "transposed" else in_channels)
        kernel_words = _kernel_text(layer.kernel_size)
        title = word("family.title", lang, name=name, shape=layer.weight_shape, n=layer.num_kernels, k=kernel_words)
        # Wide enough for the title (about 0.08 inch a character at 10 pt).
        fig = new_figure(max(0.42 * columns + 2.4, 0.08 * len(title) + 0.3), 0.42 * rows + 1.9)
        ax = fig.subplots(1, 1)
        _kernel_matrix(ax, rows=rows, columns=columns, groups=groups, kernel_shape=glyph, lang=lang, seed=0,
                       **axis_labels)
        fig.suptitle(title, fontsize=10, color=INK)
    if kind == "transposed":
        legend = word("family.legend_transposed", lang, k=kernel_words)
    else:
        legend = word("family.legend", lang, k=kernel_words)
    fig.supxlabel(legend, fontsize=8, color=INK, wrap=True)
    return fig
