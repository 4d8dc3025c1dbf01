"""How a sliding window fits one spatial axis: exactly, or with input left over.

The output-size formula floors ``(n + 2p - span) / s + 1``. When the
division is not exact, the last positions of the padded axis are never
reached by any window: a convolution silently ignores them.
:func:`window_fit` returns the value before flooring and the positions left
over, next to the size that :func:`convref.output_size` gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .arithmetic import kernel_span, output_size

__all__ = ["WindowFit", "window_fit"]


@dataclass(frozen=True)
class WindowFit:
    """How a window fits one axis.

    Attributes
    ----------
    size : int
        The output length, as :func:`convref.output_size` computes it.
    exact : fractions.Fraction
        ``(n + 2*padding - span) / stride + 1`` before flooring; an integer
        exactly when the last window ends on the last padded position.
    unused : int
        Positions at the far end of the padded axis that no window reaches.
    """

    size: int
    exact: Fraction
    unused: int

    @property
    def fits(self):
        """True when the windows tile the padded axis to its last position."""
        return self.unused == 0


def window_fit(n, kernel, stride=1, padding=0, dilation=1):
    """Fit a (dilated, strided) window on an axis of length ``n``.

    Parameters
    ----------
    n, kernel, stride, padding, dilation : int
        As for :func:`convref.output_size`.

    Returns
    -------
    WindowFit

    Raises
    ------
    ValueError
        If the dilated kernel is larger than the padded input.

    Examples
    --------
    Does a 224-pixel image fit AlexNet's first layer (11 wide, stride 4, no padding)?

    >>> fit = window_fit(224, kernel=11, stride=4)
    >>> fit.size, float(fit.exact), fit.unused
    (54, 54.25, 1)

    And a 227-pixel image?

    >>> fit = window_fit(227, kernel=11, stride=4)
    >>> fit.size, float(fit.exact), fit.fits
    (55, 55.0, True)
    """
    size = output_size(n, kernel, stride, padding, dilation)  # validates every argument
    room = n + 2 * padding - kernel_span(kernel, dilation)  # how far the window can travel
    fit = WindowFit(size=size, exact=Fraction(room, stride) + 1, unused=room % stride)
    assert fit.size == int(fit.exact)  # floor of a positive fraction
    return fit
