"""Layers that act on each value alone and keep the shape: ``torch.nn.ReLU`` and ``Dropout``."""

from __future__ import annotations

import numbers

from .. import _checks
from .._public import public
from ._base import Layer


@public
class ReLU(Layer):
    """Specification of ``torch.nn.ReLU``: same shape, no parameters.

    Parameters
    ----------
    inplace : bool
        Kept for the repr.

    Examples
    --------
    Does a ReLU add parameters?

    >>> ReLU().num_params, ReLU(inplace=True)
    (0, ReLU(inplace=True))
    """

    def __init__(self, inplace=False):
        self.inplace = _checks.flag(inplace, "inplace")

    def __repr__(self):
        return "ReLU(inplace=True)" if self.inplace else "ReLU()"


@public
class Dropout(Layer):
    """Specification of ``torch.nn.Dropout``: same shape, no parameters.

    Parameters
    ----------
    p : float
        Probability of zeroing an element, in [0, 1].
    inplace : bool
        Kept for the repr.

    Examples
    --------
    What shape leaves a dropout over 4096 features?

    >>> Dropout(p=0.5).output_shape((4096,))
    (4096,)
    """

    def __init__(self, p=0.5, inplace=False):
        if isinstance(p, bool) or not isinstance(p, numbers.Real):
            raise TypeError(f"p must be a number in [0, 1], got {p!r} ({type(p).__name__})")
        if not 0 <= p <= 1:
            raise ValueError(f"p must be a probability in [0, 1], got {p}")
        self.p = p
        self.inplace = _checks.flag(inplace, "inplace")

    def __repr__(self):
        return f"Dropout(p={self.p}, inplace={self.inplace})"
