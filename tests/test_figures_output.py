"""Every figure: reproducible SVG, no global matplotlib state, shown by IPython and glued by myst-nb."""

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")

from matplotlib.figure import Figure  # noqa: E402

from convref import figures  # noqa: E402

# One call per figure function, with small arguments.
CALLS = {
    "channels_figure": lambda lang: figures.channels_figure(np.arange(18).reshape(2, 3, 3), np.ones((1, 2, 2, 2)),
                                                            lang=lang),
    "color_task_figure": lambda lang: figures.color_task_figure(np.linspace(0, 1, 96).reshape(2, 3, 4, 4), [0, 1],
                                                                lang=lang),
    "connections_figure": lambda lang: figures.connections_figure("separable", 3, 4, lang=lang),
    "depth_figure": lambda lang: figures.depth_figure(np.ones((3, 4, 4)), np.ones((3, 2, 2)), lang=lang),
    "difference_figure": lambda lang: figures.difference_figure([[1, 6]], [[1, 5]], lang=lang),
    "filter_slices_figure": lambda lang: figures.filter_slices_figure(np.arange(24.0).reshape(2, 3, 2, 2) - 12,
                                                                      lang=lang),
    "layout_figure": lambda lang: figures.layout_figure((6, 1, 3, 3), "OIHW", "HWCM", groups=3, lang=lang),
    "learning_curves_figure": lambda lang: figures.learning_curves_figure([0.5, 1.0], [0.5, 0.6], chance=0.5,
                                                                          params=(1200, 40), lang=lang),
    "matrix_figure": lambda lang: figures.matrix_figure(np.ones((2, 2, 2, 2)), (2, 3, 3), lang=lang),
    "parameters_figure": lambda lang: figures.parameters_figure(["a", "b"], [2400, 10104], [800, 900], log=True,
                                                                lang=lang),
    "slices_drift_figure": lambda lang: figures.slices_drift_figure(np.arange(24.0).reshape(3, 2, 2, 2), lang=lang),
    "transposed_convolution_figure": lambda lang: figures.transposed_convolution_figure(
        np.arange(4.0).reshape(2, 2), np.ones((2, 2)), stride=2, output_padding=1, lang=lang),
    "sliding_window_figure": lambda lang: figures.sliding_window_figure(5, 3, input=np.arange(25).reshape(5, 5),
                                                                        weight=np.ones((3, 3)), lang=lang),
}


def svg(fig, **kwargs):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", **kwargs)
    return buffer.getvalue()


def rc_snapshot():
    # Reading "backend" would resolve it (and import pyplot): compare every other setting.
    return {key: matplotlib.rcParams[key] for key in matplotlib.rcParams if key != "backend"}


def test_every_figure_function_is_exercised():
    assert sorted(CALLS) == sorted(figures.__all__)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_same_figure_same_svg_bytes_and_rcparams_untouched(name, lang):
    before = rc_snapshot()
    first, second = CALLS[name](lang), CALLS[name](lang)
    assert isinstance(first, Figure)
    assert svg(first) == svg(second) == svg(first)
    assert b"<dc:date>" not in svg(first)
    assert rc_snapshot() == before


def test_figures_are_drawn_in_their_fonts_whatever_the_global_settings():
    with matplotlib.rc_context({"font.size": 30, "svg.hashsalt": None, "svg.fonttype": "path"}):
        fig = CALLS["difference_figure"]("en")
        inside = svg(fig)
    assert inside == svg(CALLS["difference_figure"]("en"))
    assert b"<text" in inside  # svg.fonttype "none": text stays text
    assert fig.texts[0].get_fontsize() == 10


def test_an_explicit_svg_date_is_kept():
    dated = svg(CALLS["difference_figure"]("en"), metadata={"Date": "2020-01-01"})
    assert b"2020-01-01" in dated


def test_ipython_displays_a_figure_as_svg_without_pyplot():
    formatters = pytest.importorskip("IPython.core.formatters")
    fig = CALLS["channels_figure"]("es")
    bundle, _ = formatters.DisplayFormatter().format(fig)
    assert bundle["image/svg+xml"].startswith("<?xml")
    assert "canal de entrada 0" in bundle["image/svg+xml"]
    assert bundle["image/svg+xml"] == fig._repr_svg_() == CALLS["channels_figure"]("es")._repr_svg_()


def test_the_inline_backends_svg_is_reproducible_too():
    # A kernel with matplotlib's inline backend prints figures itself, with the
    # options the site's kernels use (conf/_ext/notebook_env.py).
    interactive = pytest.importorskip("IPython.core.interactiveshell")
    from IPython.core.pylabtools import select_figure_formats

    shell = interactive.InteractiveShell.instance()
    select_figure_formats(shell, {"svg"}, bbox_inches="tight", metadata={"Date": None})
    try:
        before = rc_snapshot()
        fig = CALLS["layout_figure"]("es")
        shown = [shell.display_formatter.format(figure)[0]["image/svg+xml"]
                 for figure in (fig, fig, CALLS["layout_figure"]("es"))]
        assert shown[0] == shown[1] == shown[2] == fig._repr_svg_()
        assert rc_snapshot() == before
    finally:
        shell.display_formatter.formatters["image/svg+xml"].pop(Figure, None)


def test_myst_nb_glue_keeps_the_svg():
    pytest.importorskip("myst_nb")
    interactive = pytest.importorskip("IPython.core.interactiveshell")
    from myst_nb import glue

    published = []
    shell = interactive.InteractiveShell.instance()
    original = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kwargs: published.append(data)
    try:
        glue("figure", CALLS["difference_figure"]("en"), display=False)
    finally:
        shell.display_pub.publish = original
    (data,) = published
    svg_keys = [key for key in data if key.endswith("image/svg+xml")]
    assert svg_keys and "1 of 2 values differ" in data[svg_keys[0]]


DRAW_EVERYTHING = """
import io, json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import test_figures_output as calls
for name, call in calls.CALLS.items():
    fig = call("en")
    fig.savefig(io.BytesIO(), format="svg")
    fig._repr_svg_()
# pyplot, or a backend that pyplot or a notebook's inline display would load.
print(json.dumps(sorted(name for name in sys.modules if name.startswith(("matplotlib.pyplot", "matplotlib_inline"))
                        or name.startswith("matplotlib.backends.backend_")
                        and name.rpartition("_")[2] not in ("agg", "mixed", "svg"))))
"""


def test_drawing_never_imports_pyplot_or_a_gui_backend():
    run = subprocess.run([sys.executable, "-c", DRAW_EVERYTHING, str(Path(__file__).parent)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.splitlines()[-1]) == []
