"""Argument validation shared by every public function.

Each helper raises ``TypeError`` or ``ValueError`` with a message that names
the offending argument and says what was expected, so that bad input never
surfaces as an ``IndexError`` or a broadcasting error from deep inside NumPy.
"""

from __future__ import annotations

import numbers
import operator

import numpy as np


def integer(value, name, *, minimum=None):
    """Return ``value`` as a Python int, or raise naming ``name``.

    Booleans are rejected: ``stride=True`` is almost certainly a mistake.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    value = operator.index(value)
    if minimum is not None and value < minimum:
        qualifier = {0: "a non-negative", 1: "a positive"}.get(minimum, f"an integer >= {minimum}, i.e. a")
        raise ValueError(f"{name} must be {qualifier} integer, got {value}")
    return value


def int_tuple(value, name, ndim, *, minimum=None):
    """Expand an int or a sequence of ``ndim`` ints into a tuple of ints.

    ``stride=2`` becomes ``(2, 2)`` for a 2-D convolution, as in PyTorch.
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer or a tuple of {ndim} integers, got {value!r}")
    if isinstance(value, numbers.Integral):
        return (integer(value, name, minimum=minimum),) * ndim
    if isinstance(value, (tuple, list)):
        if len(value) != ndim:
            raise ValueError(f"{name} must have {ndim} entries (one per spatial axis), got {len(value)}: {value!r}")
        return tuple(integer(v, name, minimum=minimum) for v in value)
    raise TypeError(f"{name} must be an integer or a tuple of {ndim} integers, got {value!r} ({type(value).__name__})")


def real_array(value, name):
    """Return ``value`` as a real floating NumPy array without copying it needlessly.

    Integers and booleans are promoted to float64 (as ``torch.tensor`` of Python
    ints is not a float tensor, we choose the dtype that gives exact sums);
    complex, object and string arrays are refused.
    """
    if hasattr(value, "detach") and hasattr(value, "numpy"):  # a torch tensor
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a real numeric array, could not convert it: {error}") from None
    if array.dtype.kind in "fc" or array.dtype.kind in "iub":
        if array.dtype.kind == "c":
            raise TypeError(f"{name} must be real, got complex dtype {array.dtype}")
        if array.dtype.kind != "f":
            array = array.astype(np.float64)
        elif array.dtype == np.float16:
            array = array.astype(np.float32)
        return array
    raise TypeError(f"{name} must be a real numeric array, got dtype {array.dtype}")


def ndim(array, name, allowed, meaning):
    """Check that ``array.ndim`` is one of ``allowed``; ``meaning`` describes the layout."""
    if array.ndim not in allowed:
        expected = " or ".join(str(a) for a in allowed)
        raise ValueError(f"{name} must be {expected}-dimensional {meaning}, got shape {array.shape}")


def choice(value, name, options):
    """Check that ``value`` is one of ``options`` (strings)."""
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def shape(value, name, length=None, *, meaning=None):
    """Return ``value`` as a tuple of positive ints, or raise naming ``name``.

    A tuple (``torch.Size`` and ``ndarray.shape`` are tuples), a list, or a
    1-D integer NumPy array; NumPy integers are read as ints.

    ``length`` (an int or a tuple of allowed ints) fixes how many entries the
    shape must have; ``meaning`` spells them out in the message, e.g.
    ``"(channels, height, width)"``.
    """
    meaning = f" {meaning}" if meaning else ""
    if isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "iu":
        value = value.tolist()  # a shape held in a NumPy array, np.array([3, 224, 224])
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{name} must be a tuple of positive integers{meaning}, got {value!r}")
    allowed = (length,) if isinstance(length, int) else length
    if allowed is not None and len(value) not in allowed:
        expected = " or ".join(str(n) for n in allowed)
        raise ValueError(f"{name} must have {expected} entries{meaning}, got {len(value)}: {tuple(value)!r}")
    if not value:
        raise ValueError(f"{name} must have at least one entry{meaning}, got an empty shape")
    return tuple(integer(v, name, minimum=1) for v in value)


def flag(value, name):
    """Check that ``value`` is a bool (``bias=1`` or ``bias="no"`` are mistakes)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)
