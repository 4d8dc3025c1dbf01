"""convref.figures.filter_slices_figure: the pictures drawn, the cosines written, the argument checks."""

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")

from convref._words import word  # noqa: E402
from convref.figures import filter_slices_figure  # noqa: E402
from convref.figures.filters import slice_cosines  # noqa: E402


def cosine(a, b):
    return float(np.dot(a.ravel(), b.ravel()) / (np.linalg.norm(a) * np.linalg.norm(b)))


def row_texts(fig):
    """The cosine line of every row, in drawing order."""
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_slice_cosines_are_the_cosines_of_every_pair_of_slices():
    rng = np.random.default_rng(1)
    w = rng.standard_normal((4, 3, 3, 3))
    found = slice_cosines(w)
    assert found.shape == (4, 3, 3)
    for o in range(4):
        for c in range(3):
            for d in range(3):
                assert found[o, c, d] == pytest.approx(cosine(w[o, c], w[o, d]), abs=1e-12)
    assert np.allclose(np.diagonal(found, axis1=1, axis2=2), 1.0)


def test_a_zero_slice_has_cosine_zero_and_no_nan():
    w = np.zeros((1, 2, 2, 2))
    w[0, 0] = 1.0
    found = slice_cosines(w)
    assert found[0, 0, 1] == 0.0 and np.isfinite(found).all()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_rgb_filters_get_color_titles_a_composite_and_their_cosines(lang):
    w = np.zeros((2, 3, 2, 2))
    w[0] = [[1, 2], [3, 4]]                  # the same slice three times: cosines 1
    w[1, 0] = [[1, 0], [0, 0]]
    w[1, 1] = [[-1, 0], [0, 0]]              # green = -red
    w[1, 2] = [[0, 1], [0, 0]]               # blue orthogonal to both
    fig = filter_slices_figure(w, lang=lang)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == [word(key, lang) for key in ("filters.red", "filters.green", "filters.blue",
                                                   "filters.composite")]
    r, g, b = (word(key, lang) for key in ("filters.red_short", "filters.green_short", "filters.blue_short"))
    assert row_texts(fig) == [f"cos {r}·{g} 1   {r}·{b} 1   {g}·{b} 1",
                              f"cos {r}·{g} −1   {r}·{b} 0   {g}·{b} 0"]
    labels = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]
    assert labels == [word("filters.filter", lang, o=0), word("filters.filter", lang, o=1)]


def test_slices_share_one_gray_scale_per_filter_centered_on_zero():
    w = np.zeros((1, 3, 2, 2))
    w[0, 0, 0, 0], w[0, 1, 1, 1], w[0, 2, 0, 1] = 2.0, -0.5, 1.0
    fig = filter_slices_figure(w, lang="en")
    images = [ax.get_images()[0] for ax in fig.axes[:3]]
    assert all(im.get_clim() == (-2.0, 2.0) for im in images)
    np.testing.assert_array_equal(images[1].get_array(), w[0, 1])
    composite = fig.axes[3].get_images()[0].get_array()
    assert composite.shape == (2, 2, 3)
    assert composite.min() == 0.0 and composite.max() == 1.0      # stretched to the full range


def test_filters_are_drawn_in_the_order_asked():
    w = np.arange(4 * 2 * 2 * 2, dtype=float).reshape(4, 2, 2, 2)
    fig = filter_slices_figure(w, filters=[3, 1], lang="es")
    labels = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]
    assert labels == ["filtro 3", "filtro 1"]
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["canal 0", "canal 1"]         # no color words, no composite, for two channels


@pytest.mark.parametrize("weight, filters, message", [
    (np.zeros((2, 3, 3)), None, "C_out, C_in, kH, kW"),
    (np.zeros((2, 1, 3, 3)), None, "at least two input channels"),
    (np.full((1, 3, 2, 2), np.nan), None, "finite"),
    (np.ones((2, 3, 2, 2)), [], "non-empty"),
    (np.ones((2, 3, 2, 2)), [2], "filters 0 to 1"),
    (np.ones((2, 3, 2, 2)), [-1], "filters"),
])
def test_bad_arguments_are_named(weight, filters, message):
    with pytest.raises(ValueError, match=message):
        filter_slices_figure(weight, filters=filters)


def test_the_weights_are_not_modified():
    w = np.random.default_rng(2).standard_normal((2, 3, 3, 3))
    before = w.copy()
    filter_slices_figure(w)
    np.testing.assert_array_equal(w, before)
