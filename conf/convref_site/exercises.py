"""The checks of the pages' exercises: a reader's answer against convref's, in the page's language.

An exercise on a page is a question, a cell for the reader's answer (tagged
``exercise-answer``, holding ``answer = None``), a check cell, and the worked
solution. On the site the two cells are removed and the solution is a
collapsed block; in the page's notebook (conf/_ext/notebooks.py) the reader
writes the answer, runs the check, and finds the solution after it::

    check(answer, layer.num_params, hint="exercise_hint_params",
          mistakes={"exercise_hint_bias": layer.num_params - layer.out_channels}, lang=lang)

The expected value is computed by convref on the page, as are the wrong
answers that learners give most (``mistakes``), each with the hint that says
what to look at; any other wrong answer gets ``hint``. Hints are keys of the
site's word catalog (:mod:`convref_site.words`).
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from convref import format_number

from .language import checked_language
from .words import word

__all__ = ["check", "verdict", "checked"]

# Every check run so far, (expected, hint, mistakes, lang): a test runs each page's notebook and
# then asks verdict() about the right answer and about every mistake, so that no check is unable to fail.
checked = []


# What the reader is told when the answer is not even of the right kind.
_EXPECTED_KIND = {"yes_no": "exercise_expected_yes_no", "number": "exercise_expected_number",
                  "shape": "exercise_expected_shape", "array": "exercise_expected_array"}


def _kind(value):
    if isinstance(value, (bool, np.bool_)):
        return "yes_no"
    if isinstance(value, numbers.Number):
        return "number"
    if isinstance(value, tuple):
        return "shape"
    return "array"


def _shown(value, lang):
    """How a message writes an answer: numbers as the page's language writes them."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Real):
        return format_number(value, lang)
    if isinstance(value, (tuple, list)):
        return str(tuple(int(v) if isinstance(v, numbers.Integral) else v for v in value))
    if isinstance(value, np.ndarray) or hasattr(value, "shape"):
        return word("exercise_an_array", lang, shape=str(tuple(int(n) for n in np.shape(value))))
    return repr(value)


def _same(answer, expected):
    """Whether ``answer`` is ``expected``; None when it is not even of the expected kind."""
    kind = _kind(expected)
    if kind == "yes_no":
        return bool(answer) == bool(expected) if isinstance(answer, (bool, np.bool_)) else None
    if kind == "number":
        if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
            return None
        return math.isclose(float(answer), float(expected), rel_tol=1e-9, abs_tol=1e-12)
    if kind == "shape":
        if not isinstance(answer, (tuple, list)) or not all(
                isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in answer):
            return None
        return tuple(int(n) for n in answer) == tuple(int(n) for n in expected)
    try:
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    if answer.shape != np.shape(expected):
        return None
    return bool(np.allclose(answer, np.asarray(expected, dtype=float), rtol=1e-7, atol=1e-9))


def verdict(answer, expected, *, hint, mistakes=None, lang=None):
    """Whether ``answer`` is right, and what to tell the reader.

    Parameters
    ----------
    answer : object
        What the reader wrote; ``None`` means not answered yet.
    expected : int, float, bool, tuple or array_like
        The right answer, computed by convref. Its kind decides the
        comparison: numbers up to rounding, shapes exactly, arrays value by
        value (same shape, ``numpy.allclose``), yes/no exactly.
    hint : str
        Catalog key of what to look at after any wrong answer.
    mistakes : dict, optional
        Catalog key of a hint -> a wrong answer that learners often give;
        that answer gets that hint instead of ``hint``.
    lang : {"en", "es"}, optional
        Language of the message; default: the page's.

    Returns
    -------
    (bool or None, str)
        True and a confirmation, False and a hint, or None and how to answer.

    Examples
    --------
    >>> verdict(1400, 1400, hint="exercise_hint_params", lang="en")
    (True, 'Right: 1,400.')
    >>> verdict(1350, 1400, hint="exercise_hint_params", mistakes={"exercise_hint_bias": 1350}, lang="en")[0]
    False
    >>> verdict(None, 1400, hint="exercise_hint_params", lang="en")[0] is None
    True
    """
    lang = checked_language(lang)
    mistakes = dict(mistakes or {})
    for key in [hint, *mistakes]:
        word(key, lang)  # a misspelt hint fails on the page, not in front of a reader
    if answer is None:
        return None, word("exercise_unanswered", lang)
    same = _same(answer, expected)
    if same is None:
        kind = _kind(expected)
        fields = {"answer": _shown(answer, lang)}
        if kind == "array":
            fields["shape"] = str(tuple(int(n) for n in np.shape(expected)))
        return False, word(_EXPECTED_KIND[kind], lang, **fields)
    if same:
        return True, word("exercise_right", lang, answer=_shown(answer, lang))
    chosen = next((key for key, wrong in mistakes.items() if _same(answer, wrong)), hint)
    return False, word("exercise_wrong", lang, answer=_shown(answer, lang), hint=word(chosen, lang))


def check(answer, expected, *, hint, mistakes=None, lang=None):
    """Print whether ``answer`` is right and, if not, what to look at (see :func:`verdict`).

    Examples
    --------
    >>> check((256, 48, 5, 5), (256, 48, 5, 5), hint="exercise_hint_params", lang="es")
    Correcto: (256, 48, 5, 5).
    """
    checked.append((expected, hint, dict(mistakes or {}), lang))
    print(verdict(answer, expected, hint=hint, mistakes=mistakes, lang=lang)[1])
