"""Every word convref prints, in English and Spanish, and how each language writes numbers.

Summary tables, the command line and the figures speak the reader's
language; the code, the docstrings and the error messages stay in English.
:func:`word` is the one way to get a phrase: ``word(key, lang, **fields)``
fills the phrase's ``{fields}`` and refuses a missing or an unexpected one.

Every count passes through :func:`format_count`, so that one function decides
how thousands are grouped in each language:

- English groups them with commas: ``10,104``.
- Spanish follows the Real Academia Española (*Ortografía*, 2010, and the
  *Diccionario panhispánico de dudas*): groups of three digits separated by a
  space, never by a period or a comma, and numbers of four digits left
  ungrouped: ``4536``, ``10 104``. The space is U+00A0 NO-BREAK SPACE, so a
  number never breaks across lines.
"""

from __future__ import annotations

import math
import numbers
import string

from . import _checks
from ._public import public

LANGUAGES = ("en", "es")

SPANISH_GROUP_SEPARATOR = "\u00a0"

# One entry per phrase, named "<where it is printed>.<what it says>"; a phrase
# and its translation side by side, so that a reviewer reads them together.
_WORDS = {
    # -- summary tables (convref.summary) --
    "summary.layer_type": {"en": "Layer (type)", "es": "Capa (tipo)"},
    "summary.input_shape": {"en": "Input shape", "es": "Forma de entrada"},
    "summary.output_shape": {"en": "Output shape", "es": "Forma de salida"},
    "summary.kernel_size": {"en": "Kernel shape", "es": "Forma del núcleo"},
    "summary.weight_shape": {"en": "Weight shape", "es": "Forma de los pesos"},
    "summary.params": {"en": "Param #", "es": "Parámetros"},
    "summary.trainable_params_column": {"en": "Trainable #", "es": "Entrenables"},
    "summary.macs": {"en": "MACs", "es": "MAC"},
    "summary.channels_first": {"en": "{header} (channels first)", "es": "{header} (canales primero)"},
    "summary.channels_last": {"en": "{header} (channels last)", "es": "{header} (canales al final)"},
    # The totals say whose convention each follows: Keras counts batch normalization's
    # running statistics as (non-trainable) parameters, PyTorch keeps them as buffers.
    "summary.total_params": {"en": "Total params (Keras' count, with non-trainable ones)",
                             "es": "Parámetros totales (recuento de Keras, con los no entrenables)"},
    "summary.trainable_params": {"en": "Trainable params (PyTorch's count)",
                                 "es": "Parámetros entrenables (recuento de PyTorch)"},
    "summary.nontrainable_params": {"en": "Non-trainable params (BatchNorm statistics)",
                                    "es": "Parámetros no entrenables (estadísticas de BatchNorm)"},
    "summary.total_macs": {"en": "Total MACs (multiply-accumulates)",
                           "es": "MAC totales (multiplicaciones-acumulaciones)"},
    "summary.total_macs_batch": {"en": "Total MACs (multiply-accumulates, batch of {batch})",
                                 "es": "MAC totales (multiplicaciones-acumulaciones, lote de {batch})"},
    # -- the command line (convref layer ...) --
    "cli.input_hwc": {
        "en": "Input: {size} (height × width × channels, as people write it; channels-first shape {chw})",
        "es": "Entrada: {size} (alto × ancho × canales, como se suele escribir; con los canales primero, {chw})",
    },
    "cli.input_chw": {
        "en": "Input: {size} (channels × height × width, as PyTorch writes it)",
        "es": "Entrada: {size} (canales × alto × ancho, como lo escribe PyTorch)",
    },
    "cli.layer": {"en": "Layer: {layer}", "es": "Capa: {layer}"},
    "cli.filters": {
        "en": "Filters: {filters} of {kernel}×{depth}, each with one {kernel} kernel per input channel{group_note}",
        "es": "Filtros: {filters} de {kernel}×{depth}, cada uno con un núcleo de {kernel} por canal de "
              "entrada{group_note}",
    },
    "cli.filters_one": {
        "en": "Filters: {filters} of {kernel}×{depth}, with one {kernel} kernel per input channel{group_note}",
        "es": "Filtros: {filters} de {kernel}×{depth}, con un núcleo de {kernel} por canal de entrada{group_note}",
    },
    "cli.group_note": {
        "en": " of its group ({groups} of {per_group})",
        "es": " de su grupo ({groups} de {per_group})",
    },
    "cli.output_hwc": {
        "en": "Output: {size} (channels-first shape {chw})",
        "es": "Salida: {size} (con los canales primero, {chw})",
    },
    "cli.output_chw": {"en": "Output: {size}", "es": "Salida: {size}"},
    "cli.kernels": {
        "en": "Kernels: {filters} × {depth} = {kernels}, {each}",
        "es": "Núcleos: {filters} × {depth} = {kernels}, {each}",
    },
    "cli.each_kernel_weights": {"en": "each a separate set of {weights}", "es": "cada uno con sus propios {weights}"},
    "cli.each_kernel_weight": {"en": "each a single weight of its own", "es": "cada uno con un solo peso propio"},
    "cli.one_kernel_weights": {"en": "a set of {weights}", "es": "con sus {weights}"},
    "cli.one_kernel_weight": {"en": "a single weight", "es": "con un solo peso"},
    "cli.parameters": {
        "en": "Parameters: {weights} + {biases} = {total}",
        "es": "Parámetros: {weights} + {biases} = {total}",
    },
    "cli.parameters_no_bias": {
        "en": "Parameters: {weights}, no biases = {total}",
        "es": "Parámetros: {weights}, sin sesgos = {total}",
    },
    "cli.macs": {"en": "MACs: {macs} for one sample", "es": "MAC: {macs} por muestra"},
    # A count and its noun, which agree in number: "1 filter", "56 filters".
    "count.filter": {"en": "{n} filter", "es": "{n} filtro"},
    "count.filters": {"en": "{n} filters", "es": "{n} filtros"},
    "count.channel": {"en": "{n} channel", "es": "{n} canal"},
    "count.channels": {"en": "{n} channels", "es": "{n} canales"},
    "count.group": {"en": "{n} group", "es": "{n} grupo"},
    "count.groups": {"en": "{n} groups", "es": "{n} grupos"},
    "count.weight": {"en": "{n} weight", "es": "{n} peso"},
    "count.weights": {"en": "{n} weights", "es": "{n} pesos"},
    "count.bias": {"en": "{n} bias", "es": "{n} sesgo"},
    "count.biases": {"en": "{n} biases", "es": "{n} sesgos"},
    "count.parameter": {"en": "{n} parameter", "es": "{n} parámetro"},
    "count.parameters": {"en": "{n} parameters", "es": "{n} parámetros"},
    "count.mac": {"en": "{n} multiply-accumulate", "es": "{n} multiplicación-acumulación"},
    "count.macs": {"en": "{n} multiply-accumulates", "es": "{n} multiplicaciones-acumulaciones"},
    "count.kernel2d": {"en": "{n} two-dimensional kernel of {kernel}", "es": "{n} núcleo 2-D de {kernel}"},
    "count.kernels2d": {"en": "{n} two-dimensional kernels of {kernel}", "es": "{n} núcleos 2-D de {kernel}"},
    # -- figures: words that several figures print --
    "figure.input_channel": {"en": "input channel {c}", "es": "canal de entrada {c}"},
    # -- channels_figure --
    "channels.kernel": {"en": "kernel ({o}, {c})", "es": "núcleo ({o}, {c})"},
    "channels.map": {"en": "map of channel {c}", "es": "mapa del canal {c}"},
    "channels.sum": {"en": "sum of the {n} maps\n+ bias ({bias})\n→", "es": "suma de los {n} mapas\n+ sesgo ({bias})\n→"},
    "channels.output_map": {"en": "output map {o}", "es": "mapa de salida {o}"},
    # -- depth_figure --
    "depth.conv2d": {"en": "Conv2d over {d} channels: one map", "es": "Conv2d sobre {d} canales: un mapa"},
    "depth.conv3d": {"en": "Conv3d, kernel depth {k}: {n} maps", "es": "Conv3d, núcleo de profundidad {k}: {n} mapas"},
    "depth.conv3d_one_map": {"en": "Conv3d, kernel depth {k}: one map",
                             "es": "Conv3d, núcleo de profundidad {k}: un mapa"},
    "depth.slice": {"en": "depth position {i}", "es": "posición en profundidad {i}"},
    # -- matrix_figure --
    "matrix.filter": {"en": "filter {o}", "es": "filtro {o}"},
    "matrix.input_position": {"en": "input position (flattened)", "es": "posición de entrada (aplanada)"},
    "matrix.output_position": {"en": "output position (flattened)", "es": "posición de salida (aplanada)"},
    "matrix.title": {
        "en": "The layer as one matrix: {rows} × {cols},\n{nnz} non-zero entries of {total}",
        "es": "La capa como una sola matriz: {rows} × {cols},\n{nnz} elementos distintos de cero de {total}",
    },
    "matrix.nonzero": {"en": "non-zero weight · input channel {c}", "es": "peso distinto de cero · canal de entrada {c}"},
    "matrix.zero": {"en": "structural zero", "es": "cero estructural"},
    # -- parameters_figure --
    "params.separate": {"en": "one kernel per input channel (what layers do)",
                        "es": "un núcleo por canal de entrada (lo que hacen las capas)"},
    "params.shared": {"en": "one kernel reused on every channel (the wrong guess)",
                      "es": "un núcleo repetido en todos los canales (la hipótesis errónea)"},
    "params.axis": {"en": "parameters", "es": "parámetros"},
    "params.axis_log": {"en": "parameters (log scale)", "es": "parámetros (escala logarítmica)"},
    # -- sliding_window_figure --
    "sliding.input": {"en": "input (padding {p})", "es": "entrada (relleno {p})"},
    "sliding.kernel": {"en": "kernel", "es": "núcleo"},
    "sliding.output": {"en": "output", "es": "salida"},
    "sliding.title": {
        "en": "{n}×{n} input, {k}×{k} kernel, stride {s}, padding {p}, dilation {d} → {o}×{o} output",
        "es": "entrada de {n}×{n}, núcleo de {k}×{k}, paso {s}, relleno {p}, dilatación {d} → salida de {o}×{o}",
    },
    # -- difference_figure --
    "compare.printed": {"en": "as printed", "es": "tal como se publicó"},
    "compare.computed": {"en": "computed (convref, PyTorch)", "es": "calculado (convref, PyTorch)"},
    "compare.title": {"en": "{n} of {total} values differ", "es": "{n} de {total} valores difieren"},
    "compare.title_none": {"en": "all {total} values agree", "es": "los {total} valores coinciden"},
    "compare.legend": {"en": "≠ marks a printed value that differs from the computed one.",
                       "es": "≠ señala un valor publicado que difiere del calculado."},
    # -- connections_figure --
    "family.standard": {"en": "Standard convolution", "es": "Convolución estándar"},
    "family.grouped": {"en": "Grouped convolution", "es": "Convolución agrupada"},
    "family.depthwise": {"en": "Depthwise convolution", "es": "Convolución en profundidad"},
    "family.pointwise": {"en": "Pointwise (1×1) convolution", "es": "Convolución puntual (1×1)"},
    "family.separable": {"en": "Depthwise-separable convolution", "es": "Convolución separable en profundidad"},
    "family.conv1d": {"en": "1-D convolution", "es": "Convolución 1-D"},
    "family.transposed": {"en": "Transposed convolution", "es": "Convolución traspuesta"},
    "family.title": {"en": "{name}: weight {shape}, {n} kernels of {k}", "es": "{name}: pesos {shape}, {n} núcleos de {k}"},
    "family.stage_depthwise": {"en": "1. depthwise: weight {shape}", "es": "1. en profundidad: pesos {shape}"},
    "family.stage_pointwise": {"en": "2. then pointwise: weight {shape}", "es": "2. después, puntual: pesos {shape}"},
    "family.filter_axis": {"en": "filter (output channel)", "es": "filtro (canal de salida)"},
    "family.input_axis": {"en": "input channel", "es": "canal de entrada"},
    "family.output_axis": {"en": "output channel", "es": "canal de salida"},
    "family.group": {"en": "group", "es": "grupo"},
    "family.legend": {
        "en": "Each small grid is one kernel of {k} with its own weights; an empty cell means no kernel: "
              "that filter never reads that channel.",
        "es": "Cada cuadrícula pequeña es un núcleo de {k} con sus propios pesos; una celda vacía significa "
              "que no hay núcleo: ese filtro nunca lee ese canal.",
    },
    "family.legend_transposed": {
        "en": "Each small grid is one kernel of {k} with its own weights; an empty cell means no kernel: "
              "that input channel never feeds that output channel.",
        "es": "Cada cuadrícula pequeña es un núcleo de {k} con sus propios pesos; una celda vacía significa "
              "que no hay núcleo: ese canal de entrada nunca contribuye a ese canal de salida.",
    },
    # -- layout_figure: what each axis letter counts --
    "layouts.output_channels": {"en": "output\nchannels", "es": "canales\nde salida"},
    "layouts.input_channels": {"en": "input\nchannels", "es": "canales\nde entrada"},
    "layouts.channel_multiplier": {"en": "channel\nmultiplier", "es": "multiplicador\nde canal"},
    "layouts.kernel_depth": {"en": "kernel\ndepth", "es": "profundidad\ndel núcleo"},
    "layouts.kernel_height": {"en": "kernel\nheight", "es": "alto\ndel núcleo"},
    "layouts.kernel_width": {"en": "kernel\nwidth", "es": "ancho\ndel núcleo"},
    "layouts.title": {"en": "The same weights in two axis orders: {src} and {dst}",
                      "es": "Los mismos pesos en dos órdenes de ejes: {src} y {dst}"},
    "layouts.contiguous": {"en": "neighbors in memory:\nnext {letter}, same other axes",
                           "es": "vecinos en memoria:\n{letter} siguiente, resto igual"},
    # -- learning_curves_figure, slices_drift_figure, color_task_figure --
    "training.epoch": {"en": "epoch", "es": "época"},
    "training.accuracy": {"en": "accuracy on held-out images (%)", "es": "exactitud en imágenes no vistas (%)"},
    "training.standard": {"en": "one kernel per input channel ({n} parameters)",
                          "es": "un núcleo por canal de entrada ({n} parámetros)"},
    "training.shared": {"en": "one kernel shared by all channels ({n} parameters)",
                        "es": "un núcleo común a todos los canales ({n} parámetros)"},
    "training.standard_short": {"en": "one kernel per input channel", "es": "un núcleo por canal de entrada"},
    "training.shared_short": {"en": "one kernel shared by all channels", "es": "un núcleo común a todos los canales"},
    "training.chance": {"en": "chance", "es": "azar"},
    "training.step": {"en": "training step", "es": "iteración de entrenamiento"},
    "training.moved": {"en": "kernel of channel {c}: change since the start",
                       "es": "núcleo del canal {c}: cambio desde el inicio"},
    "training.spread": {"en": "largest difference between two of its kernels",
                        "es": "mayor diferencia entre dos de sus núcleos"},
    "training.weight_change": {"en": "largest weight difference", "es": "mayor diferencia de pesos"},
    "training.channel": {"en": "channel {c}", "es": "canal {c}"},
    "training.start": {"en": "start", "es": "inicio"},
    "training.after": {"en": "after {t} steps", "es": "tras {t} iteraciones"},
    "training.class": {"en": "class {k}", "es": "clase {k}"},
    "training.sum": {"en": "sum of the channels", "es": "suma de los canales"},
    "training.image": {"en": "image", "es": "imagen"},
    # -- filter_slices_figure --
    "filters.title": {"en": "First-layer filters, one gray picture per input channel (mid-gray = 0)",
                      "es": "Filtros de la primera capa, una imagen en gris por canal de entrada (gris medio = 0)"},
    "filters.red": {"en": "red", "es": "rojo"},
    "filters.green": {"en": "green", "es": "verde"},
    "filters.blue": {"en": "blue", "es": "azul"},
    "filters.red_short": {"en": "R", "es": "R"},
    "filters.green_short": {"en": "G", "es": "V"},
    "filters.blue_short": {"en": "B", "es": "A"},
    "filters.composite": {"en": "in color", "es": "en color"},
    "filters.channel": {"en": "channel {c}", "es": "canal {c}"},
    "filters.filter": {"en": "filter {o}", "es": "filtro {o}"},
    # -- transposed_convolution_figure --
    "transposed.input": {"en": "input {h}×{w}", "es": "entrada {h}×{w}"},
    "transposed.stretched": {"en": "zeros inserted (stride {s})\nborder of {b}, output_padding {a}",
                             "es": "ceros intercalados (paso {s})\nborde de {b}, output_padding {a}"},
    "transposed.kernel": {"en": "kernel, flipped", "es": "núcleo, volteado"},
    "transposed.output": {"en": "output {h}×{w}", "es": "salida {h}×{w}"},
    "transposed.title": {
        "en": "Transposed convolution, kernel {k}, stride {s}, padding {p}, output_padding {a}, dilation {d}: "
              "{h}×{w} → {oh}×{ow}",
        "es": "Convolución traspuesta, núcleo {k}, paso {s}, relleno {p}, output_padding {a}, dilatación {d}: "
              "{h}×{w} → {oh}×{ow}",
    },
    "transposed.legend": {
        "en": "dark gray 0: inserted between input values · light gray 0: border · dashed outline: added by "
              "output_padding\ngreen outlines: the cells that the first output value reads, and that value",
        "es": "0 en gris oscuro: intercalado entre valores de la entrada · 0 en gris claro: borde · contorno "
              "discontinuo: añadido por output_padding\ncontornos verdes: las casillas que lee el primer valor de "
              "salida, y ese valor",
    },
}


def check_language(lang):
    """Return ``lang`` if it is one of :data:`LANGUAGES`, else raise naming ``lang``."""
    return _checks.choice(lang, "lang", LANGUAGES)


def fields(template):
    """The names of the ``{fields}`` of ``template``, as a set."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def word(key, lang="en", **values):
    """The phrase ``key`` in language ``lang``, its ``{fields}`` filled with ``values``.

    Parameters
    ----------
    key : str
        The phrase's name, e.g. ``"summary.total_params"``.
    lang : str
        ``"en"`` or ``"es"``.
    **values
        One value per field of the phrase, no more, no fewer.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an unknown key or language, or values that do not match the
        phrase's fields.

    Examples
    --------
    What does a Spanish summary table call its first column, and how does
    the command line introduce a layer?

    >>> word("summary.layer_type", lang="es")
    'Capa (tipo)'
    >>> word("cli.layer", "en", layer="Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1))")
    'Layer: Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1))'
    """
    check_language(lang)
    _checks.choice(key, "key", tuple(_WORDS))
    template = _WORDS[key][lang]
    expected = fields(template)
    if set(values) != expected:
        raise ValueError(f"word {key!r} takes the fields {sorted(expected)}, got {sorted(values)}")
    return template.format(**values)


@public
def format_count(n, lang="en"):
    """Write a whole number with the thousands grouping of ``lang``.

    Parameters
    ----------
    n : int
        The number (a count, so an integer).
    lang : str
        ``"en"`` groups with commas; ``"es"`` with a no-break space
        (U+00A0) and leaves four-digit numbers ungrouped, as the RAE
        recommends.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``n`` is not an integer.
    ValueError
        If ``lang`` is neither ``"en"`` nor ``"es"``.

    Examples
    --------
    How are 10104 and 4536 parameters written in English and in Spanish?

    >>> format_count(10104)
    '10,104'
    >>> format_count(10104, lang="es")
    '10\\xa0104'
    >>> format_count(4536, lang="es")
    '4536'
    """
    n = _checks.integer(n, "n")
    check_language(lang)
    if lang == "en":
        return f"{n:,}"
    if abs(n) < 10_000:
        return str(n)
    return f"{n:,}".replace(",", SPANISH_GROUP_SEPARATOR)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@public
def format_number(value, lang="en", *, digits=3):
    """Write ``value`` as ``lang`` writes it.

    Integers (and floats with an integer value) are grouped as
    :func:`convref.format_count` groups them. Other floats keep ``digits``
    significant digits; very small or very large ones are written in
    scientific notation with a true exponent (2.22 × 10⁻¹⁶). Both languages
    use the decimal point, which the RAE recommends.

    Parameters
    ----------
    value : int or float
        The number.
    lang : str
        ``"en"`` or ``"es"``: the language of the digits' grouping.
    digits : int, keyword-only
        Significant digits of a float that is not an integer.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If ``lang`` is neither ``"en"`` nor ``"es"``.

    Examples
    --------
    How does each language write ten thousand one hundred and four?

    >>> format_number(10104, "en"), format_number(10104, "es")
    ('10,104', '10\\xa0104')
    >>> format_number(4536, "es")
    '4536'
    >>> format_number(2.220446049250313e-16, "en")
    '2.22 × 10⁻¹⁶'
    >>> format_number(0.5, "es")
    '0.5'
    """
    check_language(lang)
    digits = _checks.integer(digits, "digits", minimum=1)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {value!r}")
    if isinstance(value, numbers.Integral) or (float(value).is_integer() and abs(value) < 1e15):
        return format_count(int(value), lang)
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return str(value)
    exponent = math.floor(math.log10(abs(value)))
    if -3 <= exponent < 6:
        return f"{value:.{digits}g}"
    mantissa = value / 10**exponent
    return f"{mantissa:.{digits}g} × 10{str(exponent).translate(_SUPERSCRIPT)}"
