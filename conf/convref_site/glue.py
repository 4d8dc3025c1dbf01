"""Numbers and text glued into a page's prose, written as the page's language writes them.

A page computes a value and glues it; the prose pastes it with
``{glue:text}`key```. :func:`glue_numbers` glues an object whose plain-text
form is already formatted for the page's language, so the same code cell
serves the English and the Spanish page.
"""

from __future__ import annotations

from convref import format_number

from .language import checked_language

__all__ = ["glue_numbers", "glue_text"]


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


def _glue(glued):
    from myst_nb import glue  # deferred: importing the site package needs no myst-nb

    for key, prose in glued.items():
        glue(key, prose, display=False)
    return glued


def glue_numbers(lang=None, **values):
    """Glue each keyword as a number formatted for the page's language.

    Parameters
    ----------
    lang : {"en", "es"}, optional
        Language of the digits; default: :func:`convref_site.page_language`.
    **values : int or float
        One number per glue key. NumPy scalars are welcome: they are written
        as the number they hold.

    Returns
    -------
    dict
        The glued objects by key; their ``repr`` is what ``{glue:text}`` pastes.

    Raises
    ------
    ValueError
        If ``lang`` is not a language of the site.
    TypeError
        If a value is not a real number (``convref.format_number``).

    Examples
    --------
    What does a Spanish page paste for ``{glue:text}`total```?

    >>> glue_numbers(lang="es", total=10104, ratio=0.25)
    {'total': '10\xa0104', 'ratio': '0.25'}
    """
    lang = checked_language(lang)
    return _glue({key: _Prose(value, format_number(value, lang)) for key, value in values.items()})


def glue_text(**values):
    """Glue each keyword as literal text (no quotes), e.g. a shape.

    Parameters
    ----------
    **values
        One value per glue key, pasted as ``str(value)``.

    Returns
    -------
    dict
        The glued objects by key.

    Examples
    --------
    How does a weight shape appear in the prose?

    >>> glue_text(shape=(2, 3, 3, 3))
    {'shape': '(2, 3, 3, 3)'}
    """
    return _glue({key: _Prose(value, str(value)) for key, value in values.items()})
