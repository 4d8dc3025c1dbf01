"""Output-size arithmetic for one spatial axis.

A kernel of size ``k`` with dilation ``d`` spans ``d*(k-1) + 1`` input
positions. Sliding that span over an axis of length ``n`` padded by ``p`` on
each side, in steps of ``s``, gives ``floor((n + 2p - span) / s) + 1``
positions: the formula that ``torch.nn.Conv2d`` documents. The transposed
convolution runs the same relation backwards. When the division is not
exact, the last positions of the padded axis are never reached by any
window: :func:`window_fit` says how many.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from . import _checks
from ._public import public


@public
def kernel_span(kernel, dilation=1):
    """How many input positions one dilated kernel reaches along an axis.

    A kernel of size ``kernel`` with dilation ``dilation`` spans
    ``dilation*(kernel - 1) + 1`` positions (no argument checks: the
    functions that take a kernel check it).

    Parameters
    ----------
    kernel : int
        Kernel size along the axis.
    dilation : int, optional
        Spacing between kernel taps; 1 means no dilation.

    Returns
    -------
    int

    Examples
    --------
    How far does a 3-wide kernel with dilation 2 reach?

    >>> kernel_span(3, dilation=2)
    5
    """
    return dilation * (kernel - 1) + 1


@public
def output_size(n, kernel, stride=1, padding=0, dilation=1):
    """Length of one spatial axis after a convolution.

    Parameters
    ----------
    n : int
        Length of the input axis (positive).
    kernel : int
        Kernel size along that axis (positive).
    stride : int, optional
        Step between two kernel positions (positive).
    padding : int, optional
        Zeros added at each end of the axis (non-negative).
    dilation : int, optional
        Spacing between kernel taps; 1 means no dilation, as in PyTorch.

    Returns
    -------
    int
        ``(n + 2*padding - dilation*(kernel - 1) - 1) // stride + 1``.

    Raises
    ------
    ValueError
        If the dilated kernel is larger than the padded input.

    Examples
    --------
    How long is a 32-pixel row after a 3-wide kernel with stride 2 and padding 1?

    >>> output_size(32, kernel=3, stride=2, padding=1)
    16

    A 9-pixel row under a 4-wide kernel, no padding, stride 1:

    >>> output_size(9, kernel=4)
    6
    """
    n = _checks.integer(n, "n", minimum=1)
    kernel = _checks.integer(kernel, "kernel", minimum=1)
    stride = _checks.integer(stride, "stride", minimum=1)
    padding = _checks.integer(padding, "padding", minimum=0)
    dilation = _checks.integer(dilation, "dilation", minimum=1)
    span = kernel_span(kernel, dilation)
    if span > n + 2 * padding:
        raise ValueError(
            f"kernel (size {kernel}, dilation {dilation}, spanning {span}) is larger than the "
            f"padded input (n={n} + 2*padding={padding} = {n + 2 * padding})"
        )
    return (n + 2 * padding - span) // stride + 1


@public
def transposed_output_size(n, kernel, stride=1, padding=0, output_padding=0, dilation=1):
    """Length of one spatial axis after a transposed convolution.

    Parameters
    ----------
    n : int
        Length of the input axis (positive).
    kernel, stride, padding, dilation : int
        As for :func:`convref.output_size`, of the convolution being transposed.
    output_padding : int, optional
        Extra length added at one end to pick among the input sizes that a
        strided convolution maps to the same output size; must be smaller
        than ``stride`` or ``dilation``, as in PyTorch.

    Returns
    -------
    int
        ``(n - 1)*stride - 2*padding + dilation*(kernel - 1) + output_padding + 1``.

    Examples
    --------
    A stride-2 convolution with a 3-wide kernel and padding 1 maps both 31 and
    32 pixels to 16; the transposed convolution gives 31 back, or 32 with
    ``output_padding=1``:

    >>> transposed_output_size(16, kernel=3, stride=2, padding=1)
    31
    >>> transposed_output_size(16, kernel=3, stride=2, padding=1, output_padding=1)
    32
    """
    n = _checks.integer(n, "n", minimum=1)
    kernel = _checks.integer(kernel, "kernel", minimum=1)
    stride = _checks.integer(stride, "stride", minimum=1)
    padding = _checks.integer(padding, "padding", minimum=0)
    output_padding = _checks.integer(output_padding, "output_padding", minimum=0)
    dilation = _checks.integer(dilation, "dilation", minimum=1)
    if output_padding >= max(stride, dilation):
        raise ValueError(
            f"output_padding must be smaller than stride or dilation, got output_padding={output_padding} "
            f"with stride={stride} and dilation={dilation}"
        )
    size = (n - 1) * stride - 2 * padding + kernel_span(kernel, dilation) + output_padding
    if size < 1:
        raise ValueError(
            f"padding={padding} is too large: the transposed output would have length {size}"
        )
    return size


@public
@dataclass(frozen=True)
class WindowFit:
    """How a sliding window fits one axis: what :func:`convref.window_fit` returns.

    Attributes
    ----------
    size : int
        The output length, as :func:`convref.output_size` computes it.
    exact : fractions.Fraction
        ``(n + 2*padding - span) / stride + 1`` before flooring; an integer
        exactly when the last window ends on the last padded position.
    unused : int
        Positions at the far end of the padded axis that no window reaches.

    Examples
    --------
    Do 7 positions fit a 3-wide window in steps of 2, and does the 8th fall off?

    >>> window_fit(7, kernel=3, stride=2).fits, window_fit(8, kernel=3, stride=2).unused
    (True, 1)
    """

    size: int
    exact: Fraction
    unused: int

    @property
    def fits(self):
        """True when the windows tile the padded axis to its last position."""
        return self.unused == 0


@public
def window_fit(n, kernel, stride=1, padding=0, dilation=1):
    """Fit a (dilated, strided) window on an axis of length ``n``.

    The output-size formula floors ``(n + 2p - span) / s + 1``; when the
    division is not exact, the last positions of the padded axis are never
    reached by any window, and a convolution silently ignores them.

    Parameters
    ----------
    n, kernel, stride, padding, dilation : int
        As for :func:`convref.output_size`.

    Returns
    -------
    WindowFit
        The output size, the value before flooring, and the positions left over.

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
    size = output_size(n, kernel, stride=stride, padding=padding, dilation=dilation)  # validates every argument
    room = n + 2 * padding - kernel_span(kernel, dilation)  # how far the window can travel
    fit = WindowFit(size=size, exact=Fraction(room, stride) + 1, unused=room % stride)
    assert fit.size == int(fit.exact)  # floor of a positive fraction
    return fit
