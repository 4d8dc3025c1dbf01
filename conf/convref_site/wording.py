"""Differences and ratios worded for the prose, the same way on every page.

A computed difference of zero is not an amount: "agrees up to 0" reads as if
something were left over. Every page words its comparisons with these
helpers, so that the reader meets one vocabulary in each language:

- :func:`agreement`: two results that should be the same. Zero reads as
  *identical*; a difference at the level of floating-point rounding reads as
  *equal up to rounding*, with its size; anything larger is refused, so a
  page cannot call two different results equal.
- :func:`amount`: a difference that is really there ("changes by up to
  2.31"); zero or rounding is refused, so a page cannot present nothing as
  an amount.
- :func:`ratio`: "about 8.4 times", rounded to what a reader can use;
  an exact integer ratio says so.

Each helper takes ``claim``, a few words naming what the page asserts; when a
value contradicts it, the error quotes the claim, so a false sentence breaks
the build with a message that names it.
"""

from __future__ import annotations

import math
import numbers

from convref import format_number

from .language import checked_language
from .words import word

__all__ = ["ROUNDING", "agreement", "amount", "ratio", "is_rounding"]

ROUNDING = 1e-12
"""Largest difference read as floating-point rounding (float64, values of order 1 to 1000)."""


def _magnitude(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise TypeError(f"{name} must be a finite real number, got {value!r}")
    return abs(float(value))


def is_rounding(difference, tolerance=ROUNDING):
    """Whether ``difference`` is zero or small enough to be rounding error.

    Examples
    --------
    >>> is_rounding(0.0), is_rounding(4.4e-16), is_rounding(0.25)
    (True, True, False)
    """
    return _magnitude(difference, "difference") <= tolerance


def agreement(difference, lang=None, *, claim, tolerance=ROUNDING):
    """Word how two results that should be equal agree: for a plural subject.

    Parameters
    ----------
    difference : float
        The largest absolute difference between the two results.
    lang : {"en", "es"}, optional
        Language of the page; default: :func:`convref_site.page_language`.
    claim : str
        What the page claims, for the error message (e.g. ``"convref matches
        PyTorch"``).
    tolerance : float
        Largest difference that still counts as rounding.

    Returns
    -------
    str
        A predicate for a plural subject ("the two maps are ..."):
        *identical* for zero, *equal up to rounding (at most ... apart)*
        otherwise.

    Raises
    ------
    AssertionError
        If ``difference`` is larger than rounding: the claim is false.

    Examples
    --------
    >>> agreement(0.0, "en", claim="the maps are equal")
    'identical'
    >>> agreement(4.44e-16, "en", claim="the maps are equal")
    'equal up to rounding (at most 4.44 × 10⁻¹⁶ apart)'
    >>> agreement(4.44e-16, "es", claim="the maps are equal")
    'iguales salvo redondeo (a lo sumo 4.44 × 10⁻¹⁶ de diferencia)'
    >>> agreement(0.5, "en", claim="the maps are equal")
    Traceback (most recent call last):
    ...
    AssertionError: false claim "the maps are equal": the results differ by 0.5, more than rounding (1e-12)
    """
    lang = checked_language(lang)
    size = _magnitude(difference, "difference")
    if size > tolerance:
        raise AssertionError(f'false claim "{claim}": the results differ by {size:.3g}, '
                             f"more than rounding ({tolerance:g})")
    if size == 0:
        return word("agreement_identical", lang)
    return word("agreement_rounding", lang, size=format_number(size, lang))


def amount(difference, lang=None, *, claim, tolerance=ROUNDING):
    """Word a difference that is really there, as a number ("by up to 2.31").

    Raises
    ------
    AssertionError
        If ``difference`` is zero or rounding: nothing is there to word as an amount.

    Examples
    --------
    >>> amount(2.3137, "en", claim="the outputs differ")
    '2.31'
    >>> amount(1e-17, "en", claim="the outputs differ")
    Traceback (most recent call last):
    ...
    AssertionError: false claim "the outputs differ": the difference, 1e-17, is no more than rounding (1e-12)
    """
    lang = checked_language(lang)
    size = _magnitude(difference, "difference")
    if size <= tolerance:
        raise AssertionError(f'false claim "{claim}": the difference, {size:.3g}, is no more than rounding '
                             f"({tolerance:g})")
    return format_number(size, lang)


def ratio(value, lang=None, *, claim="a ratio above 1"):
    """Word a ratio larger than one as the reader uses it: "about 8.4 times".

    Ratios below 10 keep one decimal, larger ones are rounded to a whole
    number; a ratio that is an exact integer reads as *exactly*.

    Raises
    ------
    AssertionError
        If ``value`` is not larger than one (the sentence would be false).

    Examples
    --------
    >>> ratio(8.4237, "en"), ratio(31.64, "es"), ratio(3.0, "en")
    ('about 8.4 times', 'unas 32 veces', 'exactly 3 times')
    """
    lang = checked_language(lang)
    size = float(value)
    if not (isinstance(value, numbers.Real) and math.isfinite(size) and size > 1):
        raise AssertionError(f'false claim "{claim}": the ratio is {value!r}, not a finite number above 1')
    if math.isclose(size, round(size), rel_tol=1e-12, abs_tol=0):
        return word("ratio_exact", lang, number=format_number(int(round(size)), lang))
    shown = round(size) if size >= 10 else round(size, 1)
    return word("ratio_about", lang, number=format_number(shown, lang))
