"""The language of the page being built.

The documentation build exports ``DOCS_LANG`` (``"en"`` or ``"es"``) on
``config-inited`` (conf/_ext/bilingual.py), and the notebook kernels, which
are subprocesses of the build, inherit it. A page reads it once::

    from convref_site import page_language
    lang = page_language()

and passes ``lang=lang`` to every convref call that prints words: convref
itself never reads the environment.
"""

from __future__ import annotations

import os

__all__ = ["LANGUAGES", "page_language", "checked_language"]

LANGUAGES = ("en", "es")

VARIABLE = "DOCS_LANG"


def checked_language(lang, name="lang"):
    """Return ``lang`` if the site has pages in it; ``None`` means the page's language.

    Parameters
    ----------
    lang : {"en", "es"} or None
        A language code, or ``None`` for :func:`page_language`.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``lang`` is not one of the site's languages.

    Examples
    --------
    >>> checked_language("es")
    'es'
    >>> checked_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of 'en', 'es', got 'fr'
    """
    if lang is None:
        return page_language()
    if not isinstance(lang, str) or lang not in LANGUAGES:
        choices = ", ".join(repr(code) for code in LANGUAGES)
        raise ValueError(f"{name} must be one of {choices}, got {lang!r}")
    return lang


def page_language():
    """The language of the page being built: ``"en"`` or ``"es"``.

    Read from the ``DOCS_LANG`` environment variable that the documentation
    build exports; outside a build (unset or empty) it is English.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``DOCS_LANG`` holds a language the site has no pages in: a
        misconfigured build must not silently draw English words on a page.

    Examples
    --------
    Which language does a page use inside the Spanish build, and outside any build?

    >>> import os
    >>> saved = os.environ.pop("DOCS_LANG", None)
    >>> page_language()
    'en'
    >>> os.environ["DOCS_LANG"] = "es"
    >>> page_language()
    'es'
    >>> os.environ["DOCS_LANG"] = "de"
    >>> page_language()
    Traceback (most recent call last):
    ...
    ValueError: DOCS_LANG must be one of 'en', 'es', got 'de'
    >>> _ = os.environ.pop("DOCS_LANG")
    >>> if saved is not None:
    ...     os.environ["DOCS_LANG"] = saved
    """
    lang = os.environ.get(VARIABLE, "").strip()
    if not lang:
        return "en"
    return checked_language(lang, VARIABLE)
