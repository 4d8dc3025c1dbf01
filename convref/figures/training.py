"""Figures about learning: slices of a filter drifting apart, learning curves, a color-only task."""

from __future__ import annotations

import numpy as np

from .. import _checks
from .._words import check_language, format_number, word
from . import _draw
from ._style import CHANNEL_COLORS, INK, figure_function, new_figure

def _curve(values, name):
    """A non-empty 1-D sequence of finite accuracies in [0, 1]."""
    array = _checks.real_array(values, name).astype(float)
    _checks.ndim(array, name, (1,), "sequence of accuracies (one per epoch)")
    if array.size == 0:
        raise ValueError(f"{name} must hold at least one accuracy, got an empty sequence")
    if not np.all(np.isfinite(array)) or array.min() < 0 or array.max() > 1:
        raise ValueError(f"{name} must hold accuracies between 0 and 1 (fractions, not percentages), "
                         f"got values from {array.min()} to {array.max()}")
    return array


@figure_function
def learning_curves_figure(standard, shared, *, chance=None, params=None, lang="en"):
    """Held-out accuracy per epoch of two models: separate kernels against one shared kernel.

    Parameters
    ----------
    standard : sequence of float
        Accuracy (a fraction between 0 and 1) of the standard convolution
        after each epoch; entry 0 may be the accuracy before training.
    shared : sequence of float
        The same for the model whose filters reuse one kernel on every input
        channel. Both curves must have the same length.
    chance : float, optional
        The accuracy of guessing (e.g. 0.5 for two balanced classes), drawn
        as a dashed line.
    params : tuple of two int, optional
        Parameter counts of the two models, written in the legend.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If a curve is empty, not 1-D, outside [0, 1], or the two curves
        differ in length; if ``chance`` is outside [0, 1]; if ``params`` is
        not two non-negative integers.

    Examples
    --------
    What does the Spanish legend say about two models of 112 and 40 parameters?

    >>> fig = learning_curves_figure([0.5, 0.9, 1.0], [0.5, 0.5, 0.5], chance=0.5, params=(112, 40),
    ...                              lang="es")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]  # doctest: +NORMALIZE_WHITESPACE
    ['un núcleo por canal de entrada (112 parámetros)',
     'un núcleo común a todos los canales (40 parámetros)', 'azar']
    """
    check_language(lang)
    standard = _curve(standard, "standard")
    shared = _curve(shared, "shared")
    if standard.size != shared.size:
        raise ValueError(f"standard and shared must have one accuracy per epoch each, got {standard.size} "
                         f"and {shared.size} values")
    if chance is not None:
        if isinstance(chance, bool) or not np.isscalar(chance) or not 0 <= float(chance) <= 1:
            raise ValueError(f"chance must be an accuracy between 0 and 1, got {chance!r}")
    if params is None:
        labels = (word("training.standard_short", lang), word("training.shared_short", lang))
    else:
        if not isinstance(params, (tuple, list)) or len(params) != 2:
            raise ValueError(f"params must be a pair (standard, shared) of parameter counts, got {params!r}")
        counts = [_checks.integer(p, "params", minimum=0) for p in params]
        labels = (word("training.standard", lang, n=format_number(counts[0], lang)),
                  word("training.shared", lang, n=format_number(counts[1], lang)))

    epochs = np.arange(standard.size)
    fig = new_figure(6.4, 3.4)
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(epochs, 100 * standard, color=CHANNEL_COLORS[2], linewidth=2, marker="o", markersize=3.5,
            label=labels[0])
    ax.plot(epochs, 100 * shared, color=CHANNEL_COLORS[0], linewidth=2, marker="s", markersize=3.5,
            linestyle=(0, (5, 2)), label=labels[1])
    if chance is not None:
        ax.axhline(100 * float(chance), color="#777777", linewidth=1, linestyle=":", label=word("training.chance", lang))
    ax.set_xlabel(word("training.epoch", lang))
    ax.set_ylabel(word("training.accuracy", lang))
    ax.set_ylim(0, 105)
    ax.set_xlim(0, max(1, epochs[-1]))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.legend(loc="lower right", fontsize=8, frameon=True, framealpha=0.9)
    return fig


@figure_function
def slices_drift_figure(history, *, lang="en"):
    """How the per-channel slices of one filter move during training.

    Left: for each input channel ``c``, the largest change of slice ``c``
    since the first step, and the largest difference between any two slices
    of the filter (zero when the slices are equal). Right: the slices at the
    first and the last recorded step, one grid per input channel.

    Parameters
    ----------
    history : array_like, shape (steps + 1, C_in, kH, kW)
        The filter's weights ``weight[o]`` recorded before training and after
        each step.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``history`` is not 4-D, records fewer than two steps, or holds
        non-finite weights.

    Examples
    --------
    Which grids does the figure draw for a filter over two channels?

    >>> import numpy as np
    >>> history = np.zeros((3, 2, 2, 2))
    >>> history[1:, 1] += 0.5
    >>> fig = slices_drift_figure(history, lang="en")
    >>> [ax.get_title() for ax in fig.axes[1:]]
    ['channel 0', 'channel 1', '', '']
    >>> [ax.get_ylabel() for ax in fig.axes[1:] if ax.get_ylabel()]
    ['start', 'after 2 steps']
    """
    check_language(lang)
    weights = _checks.real_array(history, "history").astype(float)
    _checks.ndim(weights, "history", (4,), "(steps + 1, C_in, kH, kW): one filter per recorded step")
    steps, channels = weights.shape[0] - 1, weights.shape[1]
    if steps < 1:
        raise ValueError(f"history must record at least the start and one step, got {weights.shape[0]} record")
    if not np.all(np.isfinite(weights)):
        raise ValueError("history must hold finite weights")
    flat = weights.reshape(steps + 1, channels, -1)
    moved = np.abs(flat - flat[:1]).max(axis=2)                                       # (steps + 1, C_in)
    spread = np.abs(flat[:, :, None, :] - flat[:, None, :, :]).max(axis=(1, 2, 3))   # (steps + 1,)

    kernel_w = weights.shape[3]
    fig = new_figure(3.6 + 0.55 * kernel_w * channels + 0.4, 3.6)
    spec = fig.add_gridspec(2, channels + 1, width_ratios=[3.6 / (0.55 * kernel_w)] + [1] * channels)
    ax = fig.add_subplot(spec[:, 0])
    step_axis = np.arange(steps + 1)
    for c in range(channels):
        ax.plot(step_axis, moved[:, c], color=CHANNEL_COLORS[c % len(CHANNEL_COLORS)], linewidth=1.6,
                label=word("training.moved", lang, c=c))
    ax.plot(step_axis, spread, color=INK, linewidth=2.2, linestyle=(0, (5, 2)), label=word("training.spread", lang))
    ax.set_xlabel(word("training.step", lang))
    ax.set_ylabel(word("training.weight_change", lang))
    ax.set_xlim(0, steps)
    ax.set_ylim(bottom=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", fontsize=7, frameon=True, framealpha=0.9)
    for row, (record, label) in enumerate(((0, word("training.start", lang)), (steps, word("training.after", lang, t=steps)))):
        for c in range(channels):
            grid_ax = fig.add_subplot(spec[row, c + 1])
            _draw.grid(grid_ax, weights[record, c], color=CHANNEL_COLORS[c % len(CHANNEL_COLORS)],
                       title=word("training.channel", lang, c=c) if row == 0 else None, fontsize=7)
            if c == 0:
                grid_ax.set_ylabel(label, fontsize=9, color=INK)
    return fig


@figure_function
def color_task_figure(images, labels, *, lang="en"):
    """Images of a color-only task, and what a shared-kernel layer sees of them.

    Top row: each image as colors (channels 0, 1, 2 read as red, green,
    blue). Bottom row: the sum of its channels, which is all that a layer
    reusing one kernel on every channel can see (gray scale, one shared
    range for all images).

    Parameters
    ----------
    images : array_like, shape (n, 3, H, W)
        Channels-first images with values roughly in [0, 1] (clipped for
        display).
    labels : sequence of int
        The class of each image.
    lang : {"en", "es"}, optional
        Language of the words (default English).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``images`` is not ``(n, 3, H, W)`` with ``n >= 1``, or ``labels``
        does not hold one non-negative integer per image.

    Examples
    --------
    How are two images of classes 0 and 1 titled on a Spanish page?

    >>> import numpy as np
    >>> fig = color_task_figure(np.zeros((2, 3, 4, 4)), [0, 1], lang="es")
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['clase 0', 'clase 1']
    """
    check_language(lang)
    pictures = _checks.real_array(images, "images").astype(float)
    _checks.ndim(pictures, "images", (4,), "(n, 3, H, W): channels-first color images")
    if pictures.shape[1] != 3 or pictures.shape[0] == 0:
        raise ValueError(f"images must have shape (n, 3, H, W) with n >= 1 (three color channels), "
                         f"got {pictures.shape}")
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__") or len(labels) != pictures.shape[0]:
        raise ValueError(f"labels must hold one class per image ({pictures.shape[0]}), got {labels!r}")
    classes = [_checks.integer(k, "labels", minimum=0) for k in labels]
    sums = pictures.sum(axis=1)
    low, high = float(sums.min()), float(sums.max())
    if high == low:
        high = low + 1.0
    n = pictures.shape[0]
    fig = new_figure(1.35 * n + 0.6, 3.2)
    spec = fig.add_gridspec(2, n)
    for i in range(n):
        top = fig.add_subplot(spec[0, i])
        top.imshow(np.clip(pictures[i].transpose(1, 2, 0), 0, 1), interpolation="nearest")
        top.set_title(word("training.class", lang, k=classes[i]), fontsize=9, color=INK)
        bottom = fig.add_subplot(spec[1, i])
        bottom.imshow(sums[i], cmap="gray", vmin=low, vmax=high, interpolation="nearest")
        for ax in (top, bottom):
            ax.set_xticks([])
            ax.set_yticks([])
        if i == 0:
            top.set_ylabel(word("training.image", lang), fontsize=9, color=INK)
            bottom.set_ylabel(word("training.sum", lang), fontsize=9, color=INK)
    return fig
