"""Helpers for the site's pages: numbers glued into prose, written as each language writes them.

A page computes a value and glues it; the prose pastes it with
``{glue:text}`key```. :func:`glue_numbers` glues an object whose plain-text
form is already formatted for the page's language, so the same code cell
serves the English and the Spanish page.
"""

from __future__ import annotations

from .figures._style import language
from .i18n import format_number as _format_number


def format_number(value, lang=None, *, digits=3):
    """Write ``value`` as the page's language writes it (:func:`convref.format_number`)."""
    return _format_number(value, language(lang), digits=digits)


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
    glued = {key: _Prose(value, _format_number(value, lang)) for key, value in values.items()}
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
