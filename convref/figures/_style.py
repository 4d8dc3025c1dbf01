"""What every figure shares: its language, its words, its colors, its determinism.

Figures are drawn at build time in the language of the page that shows them.
The documentation build exports ``DOCS_LANG`` (``"en"`` or ``"es"``) and the
notebook kernels inherit it; :func:`page_language` reads it back. Each figure
takes ``lang=None`` meaning "the page's language".
"""

from __future__ import annotations

import os

from .. import _checks
from ..i18n import LANGUAGES, format_number

# Okabe-Ito colors: distinguishable with the common color-vision deficiencies.
# Color is never the only carrier of meaning: every channel is also labeled.
CHANNEL_COLORS = ("#D55E00", "#009E73", "#0072B2", "#CC79A7", "#E69F00", "#56B4E9")
HIGHLIGHT = "#D55E00"
PADDING_FILL = "#E8E8E8"
INK = "#222222"

WORDS = {
    "en": {
        "input": "input",
        "channel": "channel",
        "input channel": "input channel {c}",
        "kernel": "kernel {o},{c}",
        "kernel alone": "kernel",
        "filter": "filter {o}",
        "per-channel map": "map of channel {c}",
        "sum": "sum of the {n} maps",
        "bias": "bias",
        "output map": "output map {o}",
        "output": "output",
        "padding": "padding",
        "stride": "stride",
        "dilation": "dilation",
        "kernel position": "kernel position",
        "input position": "input position (flattened)",
        "output position": "output position (flattened)",
        "nonzero": "non-zero weight",
        "zero": "structural zero",
        "sliding title": "{n}×{n} input, {k}×{k} kernel, stride {s}, padding {p}, dilation {d} → {o}×{o} output",
        "matrix title": "The layer as one matrix: {rows} × {cols},\n{nnz} non-zero entries of {total}",
        "block": "filter {o} · channel {c}",
        "parameters": "parameters",
        "log scale": "parameters (log scale)",
        "separate kernels": "one kernel per input channel (what layers do)",
        "shared kernel": "one kernel reused on every channel (the wrong guess)",
        "layer": "layer",
        "conv2d depth": "Conv2d over {d} channels: one map",
        "conv3d depth": "Conv3d, kernel depth {k}: {n} maps",
        "conv3d depth one": "Conv3d, kernel depth {k}: one map",
        "depth slice": "depth position {i}",
    },
    "es": {
        "input": "entrada",
        "channel": "canal",
        "input channel": "canal de entrada {c}",
        "kernel": "núcleo {o},{c}",
        "kernel alone": "núcleo",
        "filter": "filtro {o}",
        "per-channel map": "mapa del canal {c}",
        "sum": "suma de los {n} mapas",
        "bias": "sesgo",
        "output map": "mapa de salida {o}",
        "output": "salida",
        "padding": "relleno",
        "stride": "paso",
        "dilation": "dilatación",
        "kernel position": "posición del núcleo",
        "input position": "posición de entrada (aplanada)",
        "output position": "posición de salida (aplanada)",
        "nonzero": "peso distinto de cero",
        "zero": "cero estructural",
        "sliding title": "entrada de {n}×{n}, núcleo de {k}×{k}, paso {s}, relleno {p}, dilatación {d} → salida de {o}×{o}",
        "matrix title": "La capa como una sola matriz: {rows} × {cols},\n{nnz} elementos distintos de cero de {total}",
        "block": "filtro {o} · canal {c}",
        "parameters": "parámetros",
        "log scale": "parámetros (escala logarítmica)",
        "separate kernels": "un núcleo por canal de entrada (lo que hacen las capas)",
        "shared kernel": "un núcleo repetido en todos los canales (la hipótesis errónea)",
        "layer": "capa",
        "conv2d depth": "Conv2d sobre {d} canales: un mapa",
        "conv3d depth": "Conv3d, núcleo de profundidad {k}: {n} mapas",
        "conv3d depth one": "Conv3d, núcleo de profundidad {k}: un mapa",
        "depth slice": "posición en profundidad {i}",
    },
}


def page_language():
    """The language of the page being built: ``"en"`` or ``"es"``.

    Read from the ``DOCS_LANG`` environment variable that the documentation
    build exports; outside a build it is English.

    Examples
    --------
    Which language does a figure use outside the documentation build?

    >>> import os
    >>> saved = os.environ.pop("DOCS_LANG", None)
    >>> page_language()
    'en'
    >>> if saved is not None:
    ...     os.environ["DOCS_LANG"] = saved
    """
    lang = os.environ.get("DOCS_LANG", "en") or "en"
    return lang if lang in LANGUAGES else "en"


def language(lang):
    """Validate ``lang``; ``None`` means :func:`page_language`."""
    if lang is None:
        return page_language()
    return _checks.choice(lang, "lang", LANGUAGES)


def word(key, lang, **values):
    """The phrase ``key`` in ``lang``, with ``values`` filled in."""
    return WORDS[lang][key].format(**values)


def number(value, lang):
    """A number as ``lang`` writes it: see :func:`convref.format_number`."""
    return format_number(value, lang)


def new_figure(width, height):
    """A figure whose SVG is byte-identical from one build to the next."""
    import matplotlib
    import matplotlib.pyplot as plt

    # A fixed salt makes SVG element ids reproducible; text stays text, which
    # keeps files small and lets readers select and translate it.
    matplotlib.rcParams["svg.hashsalt"] = "convref"
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    matplotlib.rcParams["font.size"] = 10
    figure = plt.figure(figsize=(width, height), layout="constrained")
    plt.close(figure)  # the caller displays or glues it; no second rendering
    return figure
