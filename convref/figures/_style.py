"""What every figure shares: its colors, and matplotlib settings kept to the figure itself.

A figure function builds a :class:`matplotlib.figure.Figure` directly (no
pyplot: nothing is registered with a backend, no global state changes) and
runs under ``matplotlib.rc_context(RC)``, so its fonts are fixed without
touching ``matplotlib.rcParams``. The SVG settings matter when the figure is
written out, which happens later (``savefig``, a notebook displaying it,
``myst_nb.glue``): the figure's canvas applies ``RC`` again around every
print, an SVG gets no date unless the caller asks for one, and the layout
of the first print is kept, so the same figure gives the same bytes every
time.
"""

from __future__ import annotations

import functools
import io
import os

import matplotlib
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.figure import Figure

from .._public import set_module

# Okabe-Ito colors: distinguishable with the common color-vision deficiencies.
# Color is never the only carrier of meaning: every channel is also labeled.
CHANNEL_COLORS = ("#D55E00", "#009E73", "#0072B2", "#CC79A7", "#E69F00", "#56B4E9")
HIGHLIGHT = "#D55E00"
PADDING_FILL = "#E8E8E8"
INK = "#222222"

RC = {
    # A fixed salt makes SVG element ids reproducible; text stays text, which
    # keeps files small and lets readers select and translate it.
    "svg.hashsalt": "convref",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
}


def _format_of(filename, format):
    if format is not None:
        return str(format).lower()
    if isinstance(filename, (str, os.PathLike)):
        suffix = os.path.splitext(os.fspath(filename))[1]
        if suffix:
            return suffix[1:].lower()
    return matplotlib.rcParams["savefig.format"]


class _Canvas(FigureCanvasBase):
    """A canvas that writes its figure under ``RC``, SVG without a date by default, and one layout only."""

    def print_figure(self, filename, *args, format=None, **kwargs):
        with matplotlib.rc_context(RC):
            if _format_of(filename, format) == "svg":
                kwargs.setdefault("metadata", {"Date": None})
            written = super().print_figure(filename, *args, format=format, **kwargs)
        # Constrained layout moves the axes a little further at every print; keep
        # the first layout, so that printing the figure again gives the same bytes.
        self.figure.set_layout_engine("none")
        return written


class _Figure(Figure):
    """A Figure on a :class:`_Canvas`, which IPython displays as SVG even without pyplot."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _Canvas(self)

    def _repr_svg_(self):
        # What IPython shows when no inline backend is active (no pyplot): the
        # same picture that the inline backend's SVG would be.
        buffer = io.BytesIO()
        self.savefig(buffer, format="svg", bbox_inches="tight")
        return buffer.getvalue().decode("utf-8")


def new_figure(width, height):
    """A figure of ``width`` × ``height`` inches whose SVG is the same from one build to the next."""
    return _Figure(figsize=(width, height), layout="constrained")


def figure_function(function):
    """Make ``function`` a public figure function: drawn under ``RC``, named ``convref.figures.<name>``."""

    @functools.wraps(function)
    def draw(*args, **kwargs):
        with matplotlib.rc_context(RC):
            return function(*args, **kwargs)

    return set_module("convref.figures")(draw)
