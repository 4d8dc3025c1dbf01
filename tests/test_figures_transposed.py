"""convref.figures.transposed_convolution_figure: the stretched grid it draws is the transposed convolution."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
matplotlib = pytest.importorskip("matplotlib")

import convref  # noqa: E402
from convref._words import word  # noqa: E402
from convref.figures import transposed_convolution_figure  # noqa: E402
from convref.figures.transposed import stretched_input  # noqa: E402


def random_settings(rng):
    """Settings the figure draws: padding at most dilation * (kernel - 1), output_padding below stride or dilation."""
    while True:
        kernel, stride, dilation = int(rng.integers(1, 5)), int(rng.integers(1, 4)), int(rng.integers(1, 3))
        padding = int(rng.integers(0, dilation * (kernel - 1) + 1))
        output_padding = int(rng.integers(0, max(stride, dilation)))
        h, w = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        try:
            convref.transposed_output_size(min(h, w), kernel, stride, padding, output_padding, dilation)
        except ValueError:          # padding too large for so small an input: draw again
            continue
        return (h, w), kernel, dict(stride=stride, padding=padding, output_padding=output_padding,
                                    dilation=dilation)


@pytest.mark.parametrize("seed", range(40))
def test_the_stretched_grid_correlated_with_the_flipped_kernel_is_the_transposed_convolution(seed):
    rng = np.random.default_rng(seed)
    (h, w), kernel, settings = random_settings(rng)
    x = rng.standard_normal((h, w))
    k = rng.standard_normal((kernel, kernel))
    grid, kind = stretched_input(x, kernel=kernel, **settings)
    direct = convref.correlate2d(grid, k[::-1, ::-1], dilation=settings["dilation"])
    expected = torch.nn.functional.conv_transpose2d(torch.from_numpy(x[None, None]), torch.from_numpy(k[None, None]),
                                                    **settings)[0, 0].numpy()
    assert direct.shape == expected.shape
    np.testing.assert_allclose(direct, expected, rtol=1e-12, atol=1e-12)
    # Every input value appears once, at its stretched place; everything else is a zero of some kind.
    assert np.array_equal(grid[kind == 0], x.ravel())
    assert np.all(grid[kind != 0] == 0)
    assert (kind == 3).sum() == (settings["output_padding"] * (grid.shape[0] + grid.shape[1])
                                 - settings["output_padding"] ** 2)


def test_the_kinds_of_zeros_are_where_the_stride_border_and_output_padding_put_them():
    grid, kind = stretched_input(np.ones((2, 2)), kernel=3, stride=3, padding=1, output_padding=1, dilation=1)
    # border d(k-1)-p = 1, inner (2-1)*3+1 = 4, output_padding 1: 1 + 4 + 1 + 1 = 7
    assert grid.shape == (7, 7)
    assert kind[1].tolist() == [2, 0, 1, 1, 0, 2, 3]
    assert kind[2].tolist() == [2, 1, 1, 1, 1, 2, 3]
    assert kind[0].tolist() == [2] * 6 + [3]
    assert kind[6].tolist() == [3] * 7


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_words_follow_the_language_and_the_output_is_convrefs(lang):
    x = np.arange(1.0, 5.0).reshape(2, 2)
    fig = transposed_convolution_figure(x, np.ones((2, 2)), stride=2, padding=0, output_padding=1, lang=lang)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [word("transposed.input", lang, h=2, w=2),
                      word("transposed.stretched", lang, s=2, b=1, a=1),
                      word("transposed.kernel", lang), word("transposed.output", lang, h=5, w=5)]
    assert fig.texts[0].get_text() == word("transposed.title", lang, k=2, s=2, p=0, a=1, d=1, h=2, w=2, oh=5, ow=5)
    expected = convref.conv_transpose2d(x[None, None], np.ones((1, 1, 2, 2)), stride=2, output_padding=1)[0, 0]
    written = [t.get_text() for t in fig.axes[3].texts]
    assert written == [str(int(v)) for v in expected.ravel()]


@pytest.mark.parametrize("kwargs, message", [
    (dict(input=np.ones(3)), "input"),
    (dict(weight=np.ones((2, 3))), "square"),
    (dict(weight=np.ones((2, 2, 2))), "weight"),
    (dict(stride=0), "stride"),
    (dict(output_padding=2), "output_padding"),
    (dict(input=np.ones((4, 4)), padding=2), "at most dilation"),
])
def test_bad_arguments_are_named(kwargs, message):
    arguments = dict(input=np.ones((2, 2)), weight=np.ones((2, 2)), stride=2, padding=0, output_padding=0)
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        transposed_convolution_figure(**arguments)
