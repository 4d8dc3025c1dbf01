"""convref.figures.training: the words, the data drawn, and the argument checks."""

import io

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")

from convref._words import word  # noqa: E402
from convref.figures import color_task_figure, learning_curves_figure, slices_drift_figure  # noqa: E402


def texts(fig):
    """Every text drawn on the figure: titles, labels, legends, annotations."""
    found = []
    for ax in fig.axes:
        found += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        found += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            found += [t.get_text() for t in legend.get_texts()]
    return [t for t in found if t]


def svg_bytes(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def drift_history(steps=4, channels=3, size=3):
    rng = np.random.default_rng(0)
    history = np.repeat(rng.standard_normal((1, 1, size, size)), channels, axis=1).repeat(steps + 1, axis=0)
    for t in range(1, steps + 1):
        history[t] = history[t - 1] + 0.1 * rng.standard_normal((channels, size, size))
    return history


@pytest.mark.parametrize("lang", ["en", "es"])
def test_learning_curves_words_follow_the_language(lang):
    fig = learning_curves_figure([0.5, 0.8, 1.0], [0.5, 0.5, 0.5], chance=0.5, params=(1200, 400), lang=lang)
    words = texts(fig)
    assert word("training.epoch", lang) in words
    assert word("training.chance", lang) in words
    thousands = "1,200" if lang == "en" else "1200"
    assert any(thousands in w for w in words)


def test_learning_curves_plot_percentages():
    fig = learning_curves_figure([0.5, 1.0], [0.25, 0.5], lang="en")
    lines = fig.axes[0].get_lines()
    assert lines[0].get_ydata().tolist() == [50.0, 100.0]
    assert lines[1].get_ydata().tolist() == [25.0, 50.0]
    assert len(lines) == 2          # no chance line unless asked for


def test_the_language_is_an_argument_and_english_by_default(monkeypatch):
    # No environment variable decides it: the build's old DOCS_LANG is ignored.
    monkeypatch.setenv("DOCS_LANG", "es")
    assert word("training.epoch", "en") in texts(learning_curves_figure([0.5], [0.5]))
    assert word("training.epoch", "es") in texts(learning_curves_figure([0.5], [0.5], lang="es"))


@pytest.mark.parametrize("arguments, message", [
    (([], []), "at least one accuracy"),
    (([0.5, 1.0], [0.5]), "one accuracy per epoch"),
    (([50.0], [0.5]), "fractions, not percentages"),
    (([[0.5]], [0.5]), "standard must be 1-dimensional"),
    (([0.5], [float("nan")]), "shared must hold accuracies"),
])
def test_learning_curves_reject_bad_curves(arguments, message):
    with pytest.raises(ValueError, match=message):
        learning_curves_figure(*arguments, lang="en")


def test_learning_curves_reject_bad_options():
    with pytest.raises(ValueError, match="chance must be"):
        learning_curves_figure([0.5], [0.5], chance=2, lang="en")
    with pytest.raises(ValueError, match="params must be a pair"):
        learning_curves_figure([0.5], [0.5], params=3, lang="en")
    with pytest.raises(ValueError, match="params must be a non-negative"):
        learning_curves_figure([0.5], [0.5], params=(-1, 3), lang="en")
    with pytest.raises(ValueError, match="lang must be one of"):
        learning_curves_figure([0.5], [0.5], lang="fr")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_drift_figure_draws_each_kernel_at_start_and_end(lang):
    history = drift_history(steps=4, channels=3)
    fig = slices_drift_figure(history, lang=lang)
    curves, *grids = fig.axes
    assert len(grids) == 2 * 3
    assert [ax.get_title() for ax in grids[:3]] == [word("training.channel", lang, c=c) for c in range(3)]
    assert grids[3].get_ylabel() == word("training.after", lang, t=4)
    # One curve per kernel, then the spread; all start at zero.
    lines = curves.get_lines()
    assert len(lines) == 4
    assert all(line.get_ydata()[0] == 0 for line in lines)


def test_drift_figure_curves_are_the_kernels_movement_and_spread():
    history = np.zeros((3, 2, 1, 1))
    history[:, 1, 0, 0] = [0.0, 0.5, 2.0]       # kernel 1 moves, kernel 0 stays
    lines = slices_drift_figure(history, lang="en").axes[0].get_lines()
    assert lines[0].get_ydata().tolist() == [0.0, 0.0, 0.0]
    assert lines[1].get_ydata().tolist() == [0.0, 0.5, 2.0]
    assert lines[2].get_ydata().tolist() == [0.0, 0.5, 2.0]     # difference between the two kernels


@pytest.mark.parametrize("history, message", [
    (np.zeros((3, 2, 2)), "history must be 4-dimensional"),
    (np.zeros((1, 2, 2, 2)), "at least the start and one step"),
    (np.full((2, 2, 2, 2), np.inf), "finite"),
    ([["a"]], "history must be a real numeric array"),
])
def test_drift_figure_rejects_bad_history(history, message):
    with pytest.raises((ValueError, TypeError), match=message):
        slices_drift_figure(history, lang="en")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_color_task_figure_shows_images_and_sums(lang):
    images = np.random.default_rng(1).random((4, 3, 5, 5))
    fig = color_task_figure(images, [0, 1, 0, 1], lang=lang)
    assert len(fig.axes) == 8
    words = texts(fig)
    assert word("training.sum", lang) in words and word("training.image", lang) in words
    assert words.count(word("training.class", lang, k=1)) == 2
    sums = [ax.get_images()[0].get_array() for ax in fig.axes[1::2]]
    assert np.allclose(sums[0], images[0].sum(axis=0))


@pytest.mark.parametrize("images, labels, message", [
    (np.zeros((2, 4, 5, 5)), [0, 1], "three color channels"),
    (np.zeros((0, 3, 5, 5)), [], "n >= 1"),
    (np.zeros((2, 3, 5)), [0, 1], "images must be 4-dimensional"),
    (np.zeros((2, 3, 5, 5)), [0], "one class per image"),
    (np.zeros((2, 3, 5, 5)), "01", "one class per image"),
    (np.zeros((2, 3, 5, 5)), [0, -1], "labels must be a non-negative integer"),
    (np.zeros((2, 3, 5, 5)), [0, 1.5], "labels must be an integer"),
])
def test_color_task_figure_rejects_bad_arguments(images, labels, message):
    with pytest.raises((ValueError, TypeError), match=message):
        color_task_figure(images, labels, lang="en")


def test_figures_are_reproducible():
    history = drift_history()
    assert svg_bytes(slices_drift_figure(history, lang="es")) == svg_bytes(slices_drift_figure(history, lang="es"))
    curves = ([0.5, 0.9, 1.0], [0.5, 0.5, 0.5])
    assert svg_bytes(learning_curves_figure(*curves, lang="en")) == svg_bytes(learning_curves_figure(*curves,
                                                                                                     lang="en"))
