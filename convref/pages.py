"""Helpers for the site's pages: numbers glued into prose, written as each language writes them.

A page computes a value and glues it; the prose pastes it with
``{glue:text}`key```. :func:`glue_numbers` glues an object whose plain-text
form is already formatted for the page's language, so the same code cell
serves the English and the Spanish page.
"""

from __future__ import annotations

import math
import numbers

from .figures._style import language
from .i18n import format_count

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_number(value, lang=None, *, digits=3):
    """Write ``value`` as the page's language writes it.

    Integers are grouped by thousands: 10,104 in English; in Spanish the RAE
    groups with a space and leaves four-digit numbers whole (10 104, 4536).
    Both languages use the decimal point, which the RAE recommends. Very small
    or very large floats are written in scientific notation with a true
    exponent (2.2 × 10⁻¹⁶).

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
    lang = language(lang)
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


class _Prose:
    """A value whose plain-text form (what ``{glue:text}`` pastes) is prose.

    myst-nb passes the plain text through ``ast.literal_eval`` before pasting
    it, which would turn "4,536" into the tuple ``(4, 536)``; a quoted string
    literal survives that unchanged.
    """

    def __init__(self, value, text):
        self.value = value
        self.text = text

    def __repr__(self):
        return repr(self.text)


def glue_numbers(lang=None, **values):
    """Glue each keyword as a number formatted for the page's language.

    Returns the glued objects; their ``repr`` is what ``{glue:text}`` pastes.

    Examples
    --------
    What does a Spanish page paste for ``{glue:text}`total```?

    >>> glue_numbers(lang="es", total=10104, ratio=0.25)
    {'total': '10\xa0104', 'ratio': '0.25'}
    """
    from myst_nb import glue

    lang = language(lang)
    glued = {key: _Prose(value, format_number(value, lang)) for key, value in values.items()}
    for key, prose in glued.items():
        glue(key, prose, display=False)
    return glued


def glue_text(**values):
    """Glue each keyword as literal text (no quotes), e.g. a shape.

    Examples
    --------
    How does a weight shape appear in the prose?

    >>> glue_text(shape=(2, 3, 3, 3))
    {'shape': '(2, 3, 3, 3)'}
    """
    from myst_nb import glue

    glued = {key: _Prose(value, str(value)) for key, value in values.items()}
    for key, prose in glued.items():
        glue(key, prose, display=False)
    return glued
