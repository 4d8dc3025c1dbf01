"""Pooling windows: ``torch.nn.MaxPool2d``, ``AvgPool2d`` and ``AdaptiveAvgPool2d``; no parameters."""

from __future__ import annotations

from .. import _checks, arithmetic
from .._public import public
from ._base import Layer, as_given


class _Pool2d(Layer):
    _dilation = (1, 1)
    _rank = 3
    _meaning = "(channels, height, width)"

    def _init_window(self, kernel_size, stride, padding, ceil_mode):
        self._kernel = _checks.int_tuple(kernel_size, "kernel_size", 2, minimum=1)
        self._stride = self._kernel if stride is None else _checks.int_tuple(stride, "stride", 2, minimum=1)
        self._padding = _checks.int_tuple(padding, "padding", 2, minimum=0)
        # PyTorch keeps stride=None as the kernel size, and prints it so.
        self.kernel_size = as_given(kernel_size)
        self.stride = self.kernel_size if stride is None else as_given(stride)
        self.padding = as_given(padding)
        self.ceil_mode = _checks.flag(ceil_mode, "ceil_mode")

    def _output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", 3, meaning=self._meaning)
        sizes = []
        for n, k, s, p, d in zip(shape[1:], self._kernel, self._stride, self._padding, self._dilation):
            try:
                if self.ceil_mode:
                    # ceil(L / s) == floor((L + s - 1) / s): lengthen the axis by s - 1
                    # (so a last window may overhang the input, as in PyTorch).
                    size = arithmetic.output_size(n + s - 1, k, stride=s, padding=p, dilation=d)
                    # PyTorch drops a last window that would start in the right padding.
                    if (size - 1) * s >= n + p:
                        size -= 1
                else:
                    size = arithmetic.output_size(n, k, stride=s, padding=p, dilation=d)
            except ValueError as error:
                raise ValueError(f"input_shape {shape} is too small for {self!r}: {error}") from None
            sizes.append(size)
        return (shape[0], *sizes)


@public
class MaxPool2d(_Pool2d):
    """Specification of ``torch.nn.MaxPool2d``: no parameters.

    Parameters
    ----------
    kernel_size : int or tuple of int
        Window size.
    stride : int, tuple of int or None
        Step between windows; None (the default) means ``kernel_size``.
    padding : int or tuple of int
        Implicit padding (at most half of ``kernel_size``, as PyTorch requires).
    dilation : int or tuple of int
        Spacing between window taps.
    return_indices : bool
        Kept for compatibility; changes no shape.
    ceil_mode : bool
        Round the output size up instead of down.

    Examples
    --------
    What does ResNet's stem pooling do to a 112×112 map with 64 channels?

    >>> pool = MaxPool2d(kernel_size=3, stride=2, padding=1)
    >>> pool.output_shape((64, 112, 112))
    (64, 56, 56)
    >>> pool.num_params
    0
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        self._init_window(kernel_size, stride, padding, ceil_mode)
        self._dilation = _checks.int_tuple(dilation, "dilation", 2, minimum=1)
        self.dilation = as_given(dilation)
        self.return_indices = _checks.flag(return_indices, "return_indices")
        for k, p in zip(self._kernel, self._padding):
            # PyTorch compares with the undilated kernel size.
            if 2 * p > k:
                raise ValueError(f"padding={self.padding} must be at most half of kernel_size={self.kernel_size}, "
                                 f"as in PyTorch")

    def __repr__(self):
        return (f"MaxPool2d(kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode})")


@public
class AvgPool2d(_Pool2d):
    """Specification of ``torch.nn.AvgPool2d``: no parameters.

    Parameters
    ----------
    kernel_size, stride, padding, ceil_mode
        As for :class:`MaxPool2d` (no dilation).
    count_include_pad : bool
        Kept for compatibility; changes no shape.
    divisor_override : int or None
        Kept for compatibility; changes no shape.

    Examples
    --------
    What does a 2×2 average pooling do to a 28×28 map with 6 channels?

    >>> AvgPool2d(2).output_shape((6, 28, 28))
    (6, 14, 14)
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        self._init_window(kernel_size, stride, padding, ceil_mode)
        self.count_include_pad = _checks.flag(count_include_pad, "count_include_pad")
        self.divisor_override = (None if divisor_override is None
                                 else _checks.integer(divisor_override, "divisor_override", minimum=1))
        for k, p in zip(self._kernel, self._padding):
            if 2 * p > k:
                raise ValueError(f"padding={self.padding} must be at most half of kernel_size={self.kernel_size}, "
                                 f"as in PyTorch")

    def __repr__(self):
        return f"AvgPool2d(kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding})"


@public
class AdaptiveAvgPool2d(Layer):
    """Specification of ``torch.nn.AdaptiveAvgPool2d``: a fixed output size, no parameters.

    Parameters
    ----------
    output_size : int or tuple of (int or None)
        Target height and width; None keeps that axis of the input.

    Examples
    --------
    What does VGG16's adaptive pooling make of a 7×7 and of a 14×14 map?

    >>> pool = AdaptiveAvgPool2d((7, 7))
    >>> pool.output_shape((512, 7, 7)), pool.output_shape((512, 14, 14))
    ((512, 7, 7), (512, 7, 7))
    """

    _rank = 3
    _meaning = "(channels, height, width)"

    def __init__(self, output_size):
        if isinstance(output_size, (tuple, list)):
            if len(output_size) != 2:
                raise ValueError(f"output_size must have 2 entries (height, width), got {output_size!r}")
            self._size = tuple(None if s is None else _checks.integer(s, "output_size", minimum=1)
                               for s in output_size)
        else:
            self._size = (_checks.integer(output_size, "output_size", minimum=1),) * 2
        self.output_size = as_given(output_size)

    def _output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", 3, meaning=self._meaning)
        return (shape[0], *(n if s is None else s for n, s in zip(shape[1:], self._size)))

    def __repr__(self):
        return f"AdaptiveAvgPool2d(output_size={self.output_size})"
