"""Figures and helpers of the "Going deeper" pages: family, layouts, printed-versus-computed grids.

Shapes and counts in titles are compared with torch modules, not with constants.
"""

from fractions import Fraction

import numpy as np
import pytest
import torch

from convref import output_size
from convref.figures import connections_figure, difference_figure, layout_figure
from convref.figures.family import KINDS, MAX_CHANNELS
from convref.fit import window_fit

LANGS = ("en", "es")

TORCH_LAYERS = {
    "standard": lambda: torch.nn.Conv2d(4, 4, 3),
    "grouped": lambda: torch.nn.Conv2d(4, 4, 3, groups=2),
    "depthwise": lambda: torch.nn.Conv2d(4, 8, 3, groups=4),
    "pointwise": lambda: torch.nn.Conv2d(4, 4, 1),
    "conv1d": lambda: torch.nn.Conv1d(4, 4, 3),
    "transposed": lambda: torch.nn.ConvTranspose2d(4, 4, 3, groups=2),
}
ARGS = {"standard": (4, 4, None), "grouped": (4, 4, 2), "depthwise": (4, 8, None), "pointwise": (4, 4, None),
        "conv1d": (4, 4, None), "transposed": (4, 4, 2)}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(TORCH_LAYERS))
def test_connections_title_has_torch_weight_shape(kind, lang):
    weight = TORCH_LAYERS[kind]().weight
    in_channels, out_channels, groups = ARGS[kind]
    fig = connections_figure(kind, in_channels, out_channels, groups, lang=lang)
    title = fig.get_suptitle()
    assert str(tuple(weight.shape)) in title
    kernels = weight.shape[0] * weight.shape[1]
    assert f" {kernels} " in title
    assert ("kernels" if lang == "en" else "núcleos") in title


def test_connections_draws_one_glyph_cell_per_kernel():
    # Each kernel of k×k is drawn as k*k small squares; plus one frame per (row, column) cell and one per group.
    fig = connections_figure("grouped", 4, 4, groups=2, kernel_size=3, lang="en")
    ax = fig.axes[0]
    kernels = torch.nn.Conv2d(4, 4, 3, groups=2).weight.shape[:2].numel()
    assert len(ax.patches) == 4 * 4 + kernels * 9 + 2


@pytest.mark.parametrize("lang, words", [("en", ("depthwise", "pointwise")), ("es", ("en profundidad", "puntual"))])
def test_separable_draws_both_stages(lang, words):
    fig = connections_figure("separable", 3, 5, lang=lang)
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 2
    assert words[0] in titles[0] and words[1] in titles[1]
    assert str(tuple(torch.nn.Conv2d(3, 3, 3, groups=3).weight.shape)) in titles[0]
    assert str(tuple(torch.nn.Conv2d(3, 5, 1).weight.shape)) in titles[1]


@pytest.mark.parametrize("lang, label", [("en", "input channel"), ("es", "canal de entrada")])
def test_axis_labels_follow_language(lang, label):
    ax = connections_figure("standard", 2, 3, lang=lang).axes[0]
    assert ax.get_xlabel() == label


def test_transposed_rows_are_input_channels():
    en = connections_figure("transposed", 2, 6, lang="en").axes[0]
    es = connections_figure("transposed", 2, 6, lang="es").axes[0]
    assert en.get_ylabel() == "input channel" and es.get_ylabel() == "canal de entrada"
    assert len(en.get_yticks()) == 2 and len(en.get_xticks()) == 6


@pytest.mark.parametrize("kwargs, name", [
    (dict(kind="separate", in_channels=4, out_channels=4), "kind"),
    (dict(kind="standard", in_channels=0, out_channels=4), "in_channels"),
    (dict(kind="standard", in_channels=4, out_channels=MAX_CHANNELS + 1), "out_channels"),
    (dict(kind="standard", in_channels=4, out_channels=4, groups=2), "groups"),
    (dict(kind="grouped", in_channels=4, out_channels=4, groups=1), "groups"),
    (dict(kind="grouped", in_channels=4, out_channels=6, groups=4), "out_channels"),
    (dict(kind="depthwise", in_channels=4, out_channels=6), "out_channels"),
    (dict(kind="depthwise", in_channels=4, out_channels=8, groups=2), "groups"),
    (dict(kind="pointwise", in_channels=4, out_channels=4, kernel_size=3), "kernel_size"),
    (dict(kind="standard", in_channels=4, out_channels=4, kernel_size=0), "kernel_size"),
    (dict(kind="standard", in_channels=4, out_channels=4, lang="fr"), "lang"),
])
def test_connections_bad_arguments_name_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        connections_figure(**kwargs)


def test_connections_rejects_non_integer_channels():
    with pytest.raises(TypeError, match="in_channels"):
        connections_figure("standard", 2.5, 4)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_draws_in_both_languages(kind):
    in_channels, out_channels = 4, 4
    groups = 2 if kind == "grouped" else None
    titles = [connections_figure(kind, in_channels, out_channels, groups, lang=lang).get_suptitle()
              for lang in LANGS]
    assert titles[0] != titles[1]


# -- layout_figure --

@pytest.mark.parametrize("lang, title", [("en", "The same weights"), ("es", "Los mismos pesos")])
def test_layout_figure_shapes_come_from_torch_and_the_converter(lang, title):
    conv = torch.nn.Conv2d(3, 64, 3)
    fig = layout_figure(tuple(conv.weight.shape), "OIHW", "HWIO", lang=lang)
    assert fig.get_suptitle().startswith(title)
    texts = [t.get_text() for t in fig.axes[0].texts]
    keras_shape = tuple(conv.weight.permute(2, 3, 1, 0).shape)
    assert f"HWIO\n{keras_shape}" in texts


def test_layout_figure_depthwise_needs_groups():
    shape = tuple(torch.nn.Conv2d(3, 6, 3, groups=3).weight.shape)
    fig = layout_figure(shape, "OIHW", "HWCM", groups=3, lang="en")
    assert "M = 2" in [t.get_text() for t in fig.axes[0].texts]
    with pytest.raises(ValueError, match="groups"):
        layout_figure(shape, "OIHW", "HWCM", lang="en")


@pytest.mark.parametrize("args, name", [
    (((64, 3, 3), "OIHW", "HWIO"), "weight_shape"),
    (((64, 3, 3, 3), "OIHW", "HWXY"), "dst"),
    (((64, 3, 3, 3), "OHWI", "HWIO"), "src"),
])
def test_layout_figure_bad_arguments(args, name):
    with pytest.raises(ValueError, match=name):
        layout_figure(*args, lang="en")


# -- difference_figure --

def test_difference_figure_counts_differences_against_torch():
    x = torch.tensor([[2, 2, 3, 3, 3], [0, 1, 3, 0, 3], [2, 3, 0, 1, 3], [3, 3, 2, 1, 2], [3, 3, 0, 2, 3]],
                     dtype=torch.float64)
    w = torch.tensor([[2, 0, 1], [1, 0, 0], [0, 1, 1]], dtype=torch.float64)
    computed = torch.nn.functional.conv2d(x[None, None], w[None, None], stride=2, padding=1)[0, 0].numpy()
    printed = np.array([[1, 6, 5], [7, 10, 9], [7, 10, 8]])
    expected = int((printed != computed).sum())
    en = difference_figure(printed, computed, lang="en")
    es = difference_figure(printed, computed, lang="es")
    assert en.get_suptitle() == f"{expected} of {printed.size} values differ"
    assert es.get_suptitle() == f"{expected} de {printed.size} valores difieren"
    marks = [t for t in en.axes[0].texts if t.get_text() == "≠"]
    assert len(marks) == expected


def test_difference_figure_agreeing_grids():
    fig = difference_figure([[1, 2]], [[1, 2]], lang="es")
    assert fig.get_suptitle() == "los 2 valores coinciden"


@pytest.mark.parametrize("printed, computed, name", [
    ([[1, 2]], [[1, 2, 3]], "same shape"),
    ([1, 2], [1, 2], "printed"),
])
def test_difference_figure_bad_arguments(printed, computed, name):
    with pytest.raises(ValueError, match=name):
        difference_figure(printed, computed, lang="en")


# -- window_fit --

@pytest.mark.parametrize("n, kernel, stride, padding, dilation", [
    (4, 3, 1, 0, 1), (5, 4, 1, 2, 1), (5, 3, 2, 1, 1), (6, 3, 2, 1, 1), (7, 3, 1, 0, 2),
    (224, 11, 4, 0, 1), (227, 11, 4, 0, 1), (224, 11, 4, 2, 1), (10, 3, 3, 1, 2),
])
def test_window_fit_against_torch(n, kernel, stride, padding, dilation):
    fit = window_fit(n, kernel, stride, padding, dilation)
    out = torch.nn.functional.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, kernel), stride=stride,
                                     padding=padding, dilation=dilation)
    assert fit.size == out.shape[-1] == output_size(n, kernel, stride, padding, dilation)
    assert isinstance(fit.exact, Fraction) and int(fit.exact) == fit.size
    # The last window starts at (size-1)*stride and reaches span-1 further; the rest is unused.
    span = dilation * (kernel - 1) + 1
    assert fit.unused == n + 2 * padding - ((fit.size - 1) * stride + span)
    assert fit.fits == (fit.exact.denominator == 1)


def test_window_fit_bad_arguments():
    with pytest.raises(ValueError, match="larger than the padded input"):
        window_fit(3, 5)
    with pytest.raises(ValueError, match="stride"):
        window_fit(5, 3, stride=0)

