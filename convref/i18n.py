"""The few words that convref prints, in English and Spanish.

Summary tables and the command line speak the reader's language; the code,
the docstrings and the error messages stay in English. Every count passes
through :func:`format_count`, so that one function decides how thousands are
grouped in each language:

- English groups them with commas: ``10,104``.
- Spanish follows the Real Academia Española (*Ortografía*, 2010, and the
  *Diccionario panhispánico de dudas*): groups of three digits separated by a
  space, never by a period or a comma, and numbers of four digits left
  ungrouped: ``4536``, ``10 104``. The space is U+00A0 NO-BREAK SPACE, so a
  number never breaks across lines; it is the separator that
  ``convref.format_number`` uses too (the site's prose, figures), so that tables
  and prose agree.
"""

from __future__ import annotations

import math
import numbers

from . import _checks

LANGUAGES = ("en", "es")

SPANISH_GROUP_SEPARATOR = "\u00a0"

# One entry per phrase; templates take str.format fields filled by the caller.
_WORDS = {
    "layer_type": {"en": "Layer (type)", "es": "Capa (tipo)"},
    "output_shape": {"en": "Output shape", "es": "Forma de salida"},
    "params": {"en": "Param #", "es": "Parámetros"},
    "total_params": {"en": "Total params", "es": "Parámetros totales"},
    "trainable_params": {"en": "Trainable params", "es": "Parámetros entrenables"},
    "nontrainable_params": {"en": "Non-trainable params", "es": "Parámetros no entrenables"},
    "input": {
        "en": "Input: {hwc} (height × width × channels, as people write it; channels-first shape {chw})",
        "es": "Entrada: {hwc} (alto × ancho × canales, como se suele escribir; con los canales primero, {chw})",
    },
    "layer": {"en": "Layer: {layer}", "es": "Capa: {layer}"},
    "filters": {
        "en": "Filters: {filters} filters of {kernel}×{depth}, "
        "each with one {kernel} kernel per input channel{group_note}",
        "es": "Filtros: {filters} filtros de {kernel}×{depth}, "
        "cada uno con un núcleo de {kernel} por canal de entrada{group_note}",
    },
    "group_note": {
        "en": " of its group ({groups} groups of {per_group} channels)",
        "es": " de su grupo ({groups} grupos de {per_group} canales)",
    },
    "output": {
        "en": "Output: {hwc} (channels-first shape {chw})",
        "es": "Salida: {hwc} (con los canales primero, {chw})",
    },
    "kernels": {
        "en": "Kernels: {filters} × {depth} = {kernels} two-dimensional kernels of {kernel}, "
        "each a separate set of {per_kernel} weights",
        "es": "Núcleos: {filters} × {depth} = {kernels} núcleos 2-D de {kernel}, "
        "cada uno con sus propios {per_kernel} pesos",
    },
    "parameters": {
        "en": "Parameters: {weights} weights + {biases} biases = {total} parameters",
        "es": "Parámetros: {weights} pesos + {biases} sesgos = {total} parámetros",
    },
    "parameters_no_bias": {
        "en": "Parameters: {weights} weights, no biases = {total} parameters",
        "es": "Parámetros: {weights} pesos, sin sesgos = {total} parámetros",
    },
}


def word(key, lang="en"):
    """Return the phrase ``key`` in language ``lang``.

    Parameters
    ----------
    key : str
        One of the phrases convref prints (e.g. ``"total_params"``).
    lang : {"en", "es"}
        Language of the phrase.

    Returns
    -------
    str
        The phrase; templates keep their ``{fields}`` for ``str.format``.

    Examples
    --------
    What does a Spanish summary table call its parameter total?

    >>> word("total_params", lang="es")
    'Parámetros totales'
    """
    _checks.choice(lang, "lang", LANGUAGES)
    _checks.choice(key, "key", tuple(_WORDS))
    return _WORDS[key][lang]


def format_count(n, lang="en"):
    """Write a whole number with the thousands grouping of ``lang``.

    Parameters
    ----------
    n : int
        The number (a count, so an integer).
    lang : {"en", "es"}
        ``"en"`` groups with commas; ``"es"`` with a no-break space
        (U+00A0) and leaves four-digit numbers ungrouped, as the RAE
        recommends.

    Returns
    -------
    str

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
    _checks.choice(lang, "lang", LANGUAGES)
    if lang == "en":
        return f"{n:,}"
    if abs(n) < 10_000:
        return str(n)
    return f"{n:,}".replace(",", SPANISH_GROUP_SEPARATOR)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_number(value, lang="en", *, digits=3):
    """Write ``value`` as ``lang`` writes it.

    Integers (and floats with an integer value) are grouped as
    :func:`format_count` groups them. Other floats keep ``digits``
    significant digits; very small or very large ones are written in
    scientific notation with a true exponent (2.22 × 10⁻¹⁶). Both languages
    use the decimal point, which the RAE recommends.

    Parameters
    ----------
    value : int or float
        The number.
    lang : {"en", "es"}
        Language of the digits' grouping.
    digits : int
        Significant digits of a float that is not an integer.

    Returns
    -------
    str

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
    _checks.choice(lang, "lang", LANGUAGES)
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
