"""Layer specifications: shapes, parameter counts and MACs, without weights.

Each class takes the arguments of the PyTorch module of the same name, with
the same defaults, and prints the same ``repr``; it holds no weights, only
what is needed to answer "what shape comes out?" and "how many parameters?".
They answer the site's question by counting: a ``Conv2d(5, 56, 4)`` holds
``56 * 5`` separate 4×4 kernels, one per (output channel, input channel) pair.

Conventions
-----------
Shapes
    ``input_shape`` and every output shape describe **one sample, channels
    first, without the batch axis**: ``(C, H, W)`` for 2-D layers, ``(C, L)``
    for 1-D, ``(C, D, H, W)`` for 3-D, ``(features,)`` after ``Flatten``.
    Keras prints the same output ``(28, 28, 32)`` channels last, after a
    ``None`` batch axis.
``num_params``
    Trainable parameters: what ``sum(p.numel() for p in module.parameters())``
    gives in PyTorch.
``num_nontrainable``
    The running mean and running variance of ``BatchNorm2d`` (``2 * C``) when
    it tracks running statistics: Keras counts them as non-trainable
    parameters, PyTorch keeps them as buffers. PyTorch's
    ``num_batches_tracked`` counter is not counted (Keras has none).
``macs(input_shape)``
    Multiply-accumulates with the weights for one sample: a convolution
    costs ``C_out * prod(out_spatial) * (C_in / groups) * prod(kernel_size)``
    (positions over zero padding are counted, as usual); a transposed
    convolution ``C_in * prod(in_spatial) * (C_out / groups) *
    prod(kernel_size)`` (each input value is spread by one kernel per output
    channel of its group); ``Linear`` ``in_features * out_features`` per input
    vector. Bias additions are not counted, nor are ``BatchNorm2d`` (it folds
    into the preceding convolution at inference), pooling, ``ReLU``,
    ``Dropout`` and ``Flatten``: they all count 0. These are half the FLOPs
    that ``torch.utils.flop_counter`` reports.
"""

from __future__ import annotations

import collections
import html
import math
import numbers
import re

from . import _checks, arithmetic, i18n

__all__ = [
    "walk",
    "Conv1d",
    "Conv2d",
    "Conv3d",
    "ConvTranspose2d",
    "Linear",
    "BatchNorm2d",
    "MaxPool2d",
    "AvgPool2d",
    "AdaptiveAvgPool2d",
    "Flatten",
    "ReLU",
    "Dropout",
    "Sequential",
    "Residual",
    "Summary",
    "SummaryRow",
    "summary",
    "unshared_params",
    "shared_kernel_params",
]


def _as_given(value):
    """Keep an int as an int and a list as a tuple, for a torch-like repr."""
    return tuple(value) if isinstance(value, list) else value


def _check_channels(shape, expected, name_of_count, layer):
    if shape[0] != expected:
        raise ValueError(
            f"input_shape {shape} has {shape[0]} channels (channels come first), "
            f"but {layer!r} expects {name_of_count}={expected}"
        )


def _check_groups(in_channels, out_channels, groups):
    for name, channels in (("in_channels", in_channels), ("out_channels", out_channels)):
        if channels % groups:
            raise ValueError(f"{name}={channels} must be divisible by groups={groups}")


class _Layer:
    """What every layer specification answers; subclasses fill in the shapes.

    ``weight_shape`` and ``bias_shape`` are the shapes of the module's
    ``weight`` and ``bias`` (None where it has none; composites have none).
    """

    weight_shape = None
    bias_shape = None

    @property
    def num_params(self):
        """Trainable parameters, as ``sum(p.numel() for p in module.parameters())``.

        Examples
        --------
        How many parameters does a 3×3 conv from 64 to 128 channels have, without bias?

        >>> Conv2d(64, 128, 3, bias=False).num_params
        73728
        """
        return sum(math.prod(s) for s in (self.weight_shape, self.bias_shape) if s is not None)

    @property
    def num_nontrainable(self):
        """Non-trainable parameters as Keras counts them (BatchNorm running means and variances).

        Examples
        --------
        Does a convolution have non-trainable parameters? And a batch normalization over 32 channels?

        >>> Conv2d(3, 32, 3).num_nontrainable, BatchNorm2d(32).num_nontrainable
        (0, 64)
        """
        return 0

    def output_shape(self, input_shape):
        """Shape of the output for one sample of shape ``input_shape``, channels first.

        Parameters
        ----------
        input_shape : tuple of int
            ``(C, *spatial)`` without the batch axis; ``C`` must match the
            layer's input channels.

        Returns
        -------
        tuple of int

        Raises
        ------
        TypeError, ValueError
            If ``input_shape`` is not a tuple of positive ints of the right
            length, has the wrong number of channels, or is too small for the
            (dilated) kernel.

        Examples
        --------
        What comes out of a stride-2 3×3 conv with padding 1 on a 224×224 RGB image?

        >>> Conv2d(3, 64, 3, stride=2, padding=1).output_shape((3, 224, 224))
        (64, 112, 112)
        """
        return _checks.shape(input_shape, "input_shape", meaning="(channels first, no batch axis)")

    def macs(self, input_shape):
        """Multiply-accumulates with the weights for one sample (see the module's conventions).

        Parameters
        ----------
        input_shape : tuple of int
            As for :meth:`output_shape`.

        Returns
        -------
        int

        Examples
        --------
        How many multiply-accumulates does a 3×3 conv from 64 to 64 channels cost on a 56×56 map?

        >>> Conv2d(64, 64, 3, padding=1, bias=False).macs((64, 56, 56))
        115605504
        >>> ReLU().macs((64, 56, 56))
        0
        """
        self.output_shape(input_shape)  # validates input_shape
        return 0

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    __hash__ = None


# --------------------------------------------------------------------------
# Convolutions


class _ConvNd(_Layer):
    _ndim = 2

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True):
        n = self._ndim
        self.in_channels = _checks.integer(in_channels, "in_channels", minimum=1)
        self.out_channels = _checks.integer(out_channels, "out_channels", minimum=1)
        self.kernel_size = _checks.int_tuple(kernel_size, "kernel_size", n, minimum=1)
        self.stride = _checks.int_tuple(stride, "stride", n, minimum=1)
        if isinstance(padding, str):
            self.padding = _checks.choice(padding, "padding", ("valid", "same"))
            if padding == "same" and self.stride != (1,) * n:
                # As in PyTorch: with a stride, no symmetric padding keeps the size.
                raise ValueError(f"padding='same' needs stride 1, got stride={self.stride}")
        else:
            self.padding = _checks.int_tuple(padding, "padding", n, minimum=0)
        self.dilation = _checks.int_tuple(dilation, "dilation", n, minimum=1)
        self.groups = _checks.integer(groups, "groups", minimum=1)
        _check_groups(self.in_channels, self.out_channels, self.groups)
        self.bias = _checks.flag(bias, "bias")

    @property
    def weight_shape(self):
        """``(out_channels, in_channels // groups, *kernel_size)``, as ``module.weight.shape``."""
        return (self.out_channels, self.in_channels // self.groups, *self.kernel_size)

    @property
    def bias_shape(self):
        """``(out_channels,)``, or None without bias."""
        return (self.out_channels,) if self.bias else None

    @property
    def num_kernels(self):
        """How many separate kernels of ``kernel_size`` the layer holds.

        One per (output channel, input channel of its group) pair:
        ``out_channels * in_channels // groups``.
        """
        return self.out_channels * (self.in_channels // self.groups)

    def _checked_input(self, input_shape):
        meaning = "(channels, " + ", ".join(("length",) if self._ndim == 1 else
                                            ("height", "width") if self._ndim == 2 else
                                            ("depth", "height", "width")) + ")"
        shape = _checks.shape(input_shape, "input_shape", 1 + self._ndim, meaning=meaning)
        _check_channels(shape, self.in_channels, "in_channels", self)
        return shape

    def output_shape(self, input_shape):
        shape = self._checked_input(input_shape)
        sizes = []
        for axis, (n, k, s, d) in enumerate(zip(shape[1:], self.kernel_size, self.stride, self.dilation)):
            try:
                if self.padding == "same":
                    # PyTorch pads d*(k-1) zeros in all, the odd one on the right;
                    # output_size takes symmetric padding, so lengthen the axis instead.
                    sizes.append(arithmetic.output_size(n + d * (k - 1), k, s, 0, d))
                else:
                    p = 0 if self.padding == "valid" else self.padding[axis]
                    sizes.append(arithmetic.output_size(n, k, s, p, d))
            except ValueError as error:
                raise ValueError(f"input_shape {shape} is too small for {self!r} on spatial axis {axis}: "
                                 f"{error}") from None
        return (self.out_channels, *sizes)

    def macs(self, input_shape):
        out_channels, *out_spatial = self.output_shape(input_shape)
        return out_channels * math.prod(out_spatial) * math.prod(self.weight_shape[1:])

    def __repr__(self):
        n = self._ndim
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * n:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * n:
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if not self.bias:
            text += ", bias=False"
        return f"{type(self).__name__}({text})"


_CONV_PARAMETERS = """
    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input and of the output (the number of filters).
    kernel_size, stride, dilation : int or tuple of int
        As in PyTorch; an int applies to every spatial axis.
    padding : int, tuple of int, "valid" or "same"
        Zeros added on each side of each spatial axis; ``"same"`` keeps the
        size (stride 1 only, as in PyTorch), ``"valid"`` means 0.
    groups : int
        Split the channels into independent groups; each filter then sees
        ``in_channels // groups`` input channels.
    bias : bool
        Whether each filter adds a bias.
"""


class Conv1d(_ConvNd):
    __doc__ = """Specification of ``torch.nn.Conv1d``: weights ``(C_out, C_in/groups, k)``.
    """ + _CONV_PARAMETERS + """
    Examples
    --------
    What comes out of a 1-D convolution with 16 filters of width 5 over 100 steps of 8 channels?

    >>> layer = Conv1d(8, 16, kernel_size=5)
    >>> layer.output_shape((8, 100))
    (16, 96)
    >>> layer.num_params
    656
    """
    _ndim = 1


class Conv2d(_ConvNd):
    __doc__ = """Specification of ``torch.nn.Conv2d``: weights ``(C_out, C_in/groups, kH, kW)``.

    Each of the ``out_channels`` filters holds one separate 2-D kernel per
    input channel (of its group); the per-channel results are summed and a
    bias is added.
    """ + _CONV_PARAMETERS + """
    Examples
    --------
    How many parameters does a 3×3 conv from 64 to 128 channels have?

    >>> Conv2d(64, 128, kernel_size=3).num_params
    73856

    56 filters of 4×4 over a 9×9 input with 5 channels: what comes out, and
    how many 2-D kernels are there?

    >>> layer = Conv2d(5, 56, 4)
    >>> layer
    Conv2d(5, 56, kernel_size=(4, 4), stride=(1, 1))
    >>> layer.output_shape((5, 9, 9))
    (56, 6, 6)
    >>> layer.weight_shape, layer.num_kernels, layer.num_params
    ((56, 5, 4, 4), 280, 4536)
    >>> layer.macs((5, 9, 9))
    161280
    """
    _ndim = 2


class Conv3d(_ConvNd):
    __doc__ = """Specification of ``torch.nn.Conv3d``: weights ``(C_out, C_in/groups, kD, kH, kW)``.
    """ + _CONV_PARAMETERS + """
    Examples
    --------
    How many parameters does a 3×3×3 conv from 3 to 64 channels (video, voxels) have?

    >>> layer = Conv3d(3, 64, kernel_size=3, padding=1)
    >>> layer.num_params
    5248
    >>> layer.output_shape((3, 16, 112, 112))
    (64, 16, 112, 112)
    """
    _ndim = 3


class ConvTranspose2d(_Layer):
    """Specification of ``torch.nn.ConvTranspose2d``: weights ``(C_in, C_out/groups, kH, kW)``.

    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input and of the output.
    kernel_size, stride, padding, dilation : int or tuple of int
        Those of the convolution being transposed (``padding`` is an int or
        a tuple: PyTorch has no ``"same"`` here).
    output_padding : int or tuple of int
        Extra rows/columns on one side; must be smaller than stride or dilation.
    groups : int
        Independent channel groups.
    bias : bool
        Whether each output channel adds a bias.

    Examples
    --------
    What does a stride-2 transposed convolution make of a 16×16 map with 64 channels?

    >>> layer = ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)
    >>> layer.output_shape((64, 16, 16))
    (32, 32, 32)
    >>> layer.weight_shape, layer.num_params
    ((64, 32, 3, 3), 18464)
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1):
        self.in_channels = _checks.integer(in_channels, "in_channels", minimum=1)
        self.out_channels = _checks.integer(out_channels, "out_channels", minimum=1)
        self.kernel_size = _checks.int_tuple(kernel_size, "kernel_size", 2, minimum=1)
        self.stride = _checks.int_tuple(stride, "stride", 2, minimum=1)
        self.padding = _checks.int_tuple(padding, "padding", 2, minimum=0)
        self.output_padding = _checks.int_tuple(output_padding, "output_padding", 2, minimum=0)
        self.groups = _checks.integer(groups, "groups", minimum=1)
        _check_groups(self.in_channels, self.out_channels, self.groups)
        self.bias = _checks.flag(bias, "bias")
        self.dilation = _checks.int_tuple(dilation, "dilation", 2, minimum=1)

    @property
    def weight_shape(self):
        """``(in_channels, out_channels // groups, *kernel_size)``, as ``module.weight.shape``."""
        return (self.in_channels, self.out_channels // self.groups, *self.kernel_size)

    @property
    def bias_shape(self):
        """``(out_channels,)``, or None without bias."""
        return (self.out_channels,) if self.bias else None

    @property
    def num_kernels(self):
        """How many separate kernels the layer holds (``in_channels * out_channels // groups``)."""
        return self.in_channels * (self.out_channels // self.groups)

    def output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", 3, meaning="(channels, height, width)")
        _check_channels(shape, self.in_channels, "in_channels", self)
        try:
            sizes = [arithmetic.transposed_output_size(n, k, s, p, op, d) for n, k, s, p, op, d in
                     zip(shape[1:], self.kernel_size, self.stride, self.padding, self.output_padding, self.dilation)]
        except ValueError as error:
            raise ValueError(f"{self!r} cannot take input_shape {shape}: {error}") from None
        return (self.out_channels, *sizes)

    def macs(self, input_shape):
        self.output_shape(input_shape)
        in_channels, *in_spatial = input_shape
        return in_channels * math.prod(in_spatial) * math.prod(self.weight_shape[1:])

    def __repr__(self):
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0, 0):
            text += f", padding={self.padding}"
        if self.dilation != (1, 1):
            text += f", dilation={self.dilation}"
        if self.output_padding != (0, 0):
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if not self.bias:
            text += ", bias=False"
        return f"ConvTranspose2d({text})"


# --------------------------------------------------------------------------
# Dense, normalization, pooling and shape-only layers


class Linear(_Layer):
    """Specification of ``torch.nn.Linear``: weights ``(out_features, in_features)``.

    It acts on the last axis of ``input_shape``, which must equal
    ``in_features``; leading axes (e.g. a sequence) are kept.

    Parameters
    ----------
    in_features, out_features : int
        Sizes of each input and output vector.
    bias : bool
        Whether each output adds a bias.

    Examples
    --------
    How many parameters does the first classifier layer of VGG16 have?

    >>> layer = Linear(25088, 4096)
    >>> layer.num_params
    102764544
    >>> layer.output_shape((25088,))
    (4096,)
    """

    def __init__(self, in_features, out_features, bias=True):
        self.in_features = _checks.integer(in_features, "in_features", minimum=1)
        self.out_features = _checks.integer(out_features, "out_features", minimum=1)
        self.bias = _checks.flag(bias, "bias")

    @property
    def weight_shape(self):
        return (self.out_features, self.in_features)

    @property
    def bias_shape(self):
        return (self.out_features,) if self.bias else None

    def output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", meaning="(..., in_features)")
        if shape[-1] != self.in_features:
            raise ValueError(f"input_shape {shape} ends with {shape[-1]} features, "
                             f"but {self!r} expects in_features={self.in_features}")
        return (*shape[:-1], self.out_features)

    def macs(self, input_shape):
        shape = self.output_shape(input_shape)
        return math.prod(shape[:-1]) * self.in_features * self.out_features

    def __repr__(self):
        return f"Linear(in_features={self.in_features}, out_features={self.out_features}, bias={self.bias})"


class BatchNorm2d(_Layer):
    """Specification of ``torch.nn.BatchNorm2d``.

    Parameters
    ----------
    num_features : int
        Channels of the input.
    eps, momentum : float
        Kept for the repr; they change no shape.
    affine : bool
        Learn a scale (and, with ``bias``, a shift) per channel: ``2 * C``
        trainable parameters.
    track_running_stats : bool
        Keep a running mean and variance per channel: ``2 * C`` non-trainable
        parameters in Keras' count.
    bias : bool, keyword-only
        With ``affine``, whether the shift is learned (PyTorch >= 2.9).

    Examples
    --------
    How does Keras count the parameters of a batch normalization over 64 channels?

    >>> bn = BatchNorm2d(64)
    >>> bn.num_params, bn.num_nontrainable
    (128, 128)
    """

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, *,
                 bias=True):
        self.num_features = _checks.integer(num_features, "num_features", minimum=1)
        if not isinstance(eps, numbers.Real) or isinstance(eps, bool) or not eps > 0:
            raise ValueError(f"eps must be a positive number, got {eps!r}")
        if momentum is not None and (not isinstance(momentum, numbers.Real) or isinstance(momentum, bool)
                                     or not 0 <= momentum <= 1):
            raise ValueError(f"momentum must be None or a number in [0, 1], got {momentum!r}")
        self.eps = eps
        self.momentum = momentum
        self.affine = _checks.flag(affine, "affine")
        self.track_running_stats = _checks.flag(track_running_stats, "track_running_stats")
        self.bias = _checks.flag(bias, "bias") and self.affine

    @property
    def weight_shape(self):
        return (self.num_features,) if self.affine else None

    @property
    def bias_shape(self):
        return (self.num_features,) if self.bias else None

    @property
    def num_nontrainable(self):
        return 2 * self.num_features if self.track_running_stats else 0

    def output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", 3, meaning="(channels, height, width)")
        _check_channels(shape, self.num_features, "num_features", self)
        return shape

    def __repr__(self):
        return (f"BatchNorm2d({self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias}, track_running_stats={self.track_running_stats})")


class _Pool2d(_Layer):
    _dilation = (1, 1)

    def _init_window(self, kernel_size, stride, padding, ceil_mode):
        self._kernel = _checks.int_tuple(kernel_size, "kernel_size", 2, minimum=1)
        self._stride = self._kernel if stride is None else _checks.int_tuple(stride, "stride", 2, minimum=1)
        self._padding = _checks.int_tuple(padding, "padding", 2, minimum=0)
        # PyTorch keeps stride=None as the kernel size, and prints it so.
        self.kernel_size = _as_given(kernel_size)
        self.stride = self.kernel_size if stride is None else _as_given(stride)
        self.padding = _as_given(padding)
        self.ceil_mode = _checks.flag(ceil_mode, "ceil_mode")

    def output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", 3, meaning="(channels, height, width)")
        sizes = []
        for n, k, s, p, d in zip(shape[1:], self._kernel, self._stride, self._padding, self._dilation):
            try:
                if self.ceil_mode:
                    # ceil(L / s) == floor((L + s - 1) / s): lengthen the axis by s - 1
                    # (so a last window may overhang the input, as in PyTorch).
                    size = arithmetic.output_size(n + s - 1, k, s, p, d)
                    # PyTorch drops a last window that would start in the right padding.
                    if (size - 1) * s >= n + p:
                        size -= 1
                else:
                    size = arithmetic.output_size(n, k, s, p, d)
            except ValueError as error:
                raise ValueError(f"input_shape {shape} is too small for {self!r}: {error}") from None
            sizes.append(size)
        return (shape[0], *sizes)


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
        self.dilation = _as_given(dilation)
        self.return_indices = _checks.flag(return_indices, "return_indices")
        for k, p in zip(self._kernel, self._padding):
            # PyTorch compares with the undilated kernel size.
            if 2 * p > k:
                raise ValueError(f"padding={self.padding} must be at most half of kernel_size={self.kernel_size}, "
                                 f"as in PyTorch")

    def __repr__(self):
        return (f"MaxPool2d(kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode})")


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


class AdaptiveAvgPool2d(_Layer):
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

    def __init__(self, output_size):
        if isinstance(output_size, (tuple, list)):
            if len(output_size) != 2:
                raise ValueError(f"output_size must have 2 entries (height, width), got {output_size!r}")
            self._size = tuple(None if s is None else _checks.integer(s, "output_size", minimum=1)
                               for s in output_size)
        else:
            self._size = (_checks.integer(output_size, "output_size", minimum=1),) * 2
        self.output_size = _as_given(output_size)

    def output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", 3, meaning="(channels, height, width)")
        return (shape[0], *(n if s is None else s for n, s in zip(shape[1:], self._size)))

    def __repr__(self):
        return f"AdaptiveAvgPool2d(output_size={self.output_size})"


class Flatten(_Layer):
    """Specification of ``torch.nn.Flatten``.

    ``start_dim`` and ``end_dim`` count the batch axis as PyTorch does (the
    default ``start_dim=1`` is the channel axis), although shapes here leave
    the batch axis out; flattening the batch axis itself is refused.

    Parameters
    ----------
    start_dim, end_dim : int
        First and last axis to merge (negative counts from the end).

    Examples
    --------
    How many features reach VGG16's classifier?

    >>> Flatten().output_shape((512, 7, 7))
    (25088,)
    """

    def __init__(self, start_dim=1, end_dim=-1):
        self.start_dim = _checks.integer(start_dim, "start_dim")
        self.end_dim = _checks.integer(end_dim, "end_dim")

    def output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", meaning="(channels first, no batch axis)")
        with_batch = (None, *shape)
        start, end = (d % len(with_batch) if -len(with_batch) <= d < len(with_batch) else None
                      for d in (self.start_dim, self.end_dim))
        if start is None or end is None:
            raise ValueError(f"input_shape {shape} has {len(with_batch)} axes with the batch axis, too few for "
                             f"{self!r}")
        if start == 0:
            raise ValueError(f"start_dim={self.start_dim} would flatten the batch axis, which shapes here leave out")
        if start > end:
            raise ValueError(f"start_dim={self.start_dim} comes after end_dim={self.end_dim} for input_shape {shape}")
        merged = math.prod(with_batch[start:end + 1])
        return (*with_batch[1:start], merged, *with_batch[end + 1:])

    def __repr__(self):
        return f"Flatten(start_dim={self.start_dim}, end_dim={self.end_dim})"


class ReLU(_Layer):
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


class Dropout(_Layer):
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


# --------------------------------------------------------------------------
# Composites


def _indent(text):
    """Indent every line but the first, as PyTorch's module repr does."""
    return text.replace("\n", "\n  ")


def _composite_repr(name, children):
    if not children:
        return f"{name}()"
    lines = "".join(f"\n  ({key}): {_indent(repr(child))}" for key, child in children)
    return f"{name}({lines}\n)"


class Sequential(_Layer):
    """Layers applied one after the other, like ``torch.nn.Sequential``.

    Parameters
    ----------
    *layers
        Layer specifications (possibly composites themselves).

    Examples
    --------
    What shape leaves a small convolutional stack, and how many parameters has it?

    >>> net = Sequential(Conv2d(3, 8, 3, padding=1), ReLU(), MaxPool2d(2), Flatten(), Linear(8 * 16 * 16, 10))
    >>> net.output_shape((3, 32, 32)), net.num_params
    ((10,), 20714)
    >>> len(net), net[0]
    (5, Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)))
    """

    def __init__(self, *layers):
        for position, layer in enumerate(layers):
            if not isinstance(layer, _Layer):
                raise TypeError(f"layers[{position}] must be a layer specification such as Conv2d(...), "
                                f"got {layer!r} ({type(layer).__name__})")
        self.layers = layers

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)

    def __getitem__(self, index):
        return self.layers[index]

    @property
    def num_params(self):
        return sum(layer.num_params for layer in self.layers)

    @property
    def num_nontrainable(self):
        return sum(layer.num_nontrainable for layer in self.layers)

    def _shapes(self, input_shape):
        """Yield (layer, its input shape, its output shape) along the chain."""
        shape = _checks.shape(input_shape, "input_shape", meaning="(channels first, no batch axis)")
        for position, layer in enumerate(self.layers):
            try:
                output = layer.output_shape(shape)
            except (TypeError, ValueError) as error:
                raise type(error)(f"{error} (in layer {position} of the Sequential, {type(layer).__name__})") from None
            yield layer, shape, output
            shape = output

    def output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", meaning="(channels first, no batch axis)")
        for _, _, shape in self._shapes(shape):
            pass
        return shape

    def macs(self, input_shape):
        return sum(layer.macs(shape) for layer, shape, _ in self._shapes(input_shape))

    def __repr__(self):
        return _composite_repr("Sequential", [(str(i), layer) for i, layer in enumerate(self.layers)])


class Residual(_Layer):
    """A residual block: ``body(x) + shortcut(x)``, the shortcut being the identity by default.

    The two branches must give the same shape; the parameters are the sum of
    both branches'.

    Parameters
    ----------
    body : layer specification
        The main branch (usually a :class:`Sequential`).
    shortcut : layer specification or None
        The side branch; None means the identity. ResNet uses a 1×1
        convolution (and batch normalization) when the body changes the shape.

    Examples
    --------
    How many parameters has a ResNet basic block at 64 channels, and what shape comes out?

    >>> body = Sequential(Conv2d(64, 64, 3, padding=1, bias=False), BatchNorm2d(64), ReLU(),
    ...                   Conv2d(64, 64, 3, padding=1, bias=False), BatchNorm2d(64))
    >>> block = Residual(body)
    >>> block.num_params, block.output_shape((64, 56, 56))
    (73984, (64, 56, 56))
    """

    def __init__(self, body, shortcut=None):
        if not isinstance(body, _Layer):
            raise TypeError(f"body must be a layer specification, got {body!r} ({type(body).__name__})")
        if shortcut is not None and not isinstance(shortcut, _Layer):
            raise TypeError(f"shortcut must be a layer specification or None, got {shortcut!r} "
                            f"({type(shortcut).__name__})")
        self.body = body
        self.shortcut = shortcut

    def _branches(self):
        return [self.body] + ([] if self.shortcut is None else [self.shortcut])

    @property
    def num_params(self):
        return sum(branch.num_params for branch in self._branches())

    @property
    def num_nontrainable(self):
        return sum(branch.num_nontrainable for branch in self._branches())

    def output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", meaning="(channels first, no batch axis)")
        body_shape = self.body.output_shape(shape)
        shortcut_shape = shape if self.shortcut is None else self.shortcut.output_shape(shape)
        if body_shape != shortcut_shape:
            which = "the identity shortcut passes" if self.shortcut is None else "the shortcut gives"
            raise ValueError(f"for input_shape {shape} the Residual body gives {body_shape} but {which} "
                             f"{shortcut_shape}; the two branches must agree to be added")
        return body_shape

    def macs(self, input_shape):
        self.output_shape(input_shape)
        return sum(branch.macs(input_shape) for branch in self._branches())

    def __repr__(self):
        children = [("body", self.body)] + ([] if self.shortcut is None else [("shortcut", self.shortcut)])
        return _composite_repr("Residual", children)


# --------------------------------------------------------------------------
# Counterfactuals: what the parameter count would be if convolutions worked otherwise


def walk(layer):
    """Every elementary layer inside ``layer``, in order, through Sequential and Residual.

    A Residual yields its body, then its shortcut (if any).

    Examples
    --------
    How many convolutions does ResNet-18 hold, counting the 1×1 shortcuts?

    >>> from convref import models
    >>> sum(isinstance(m, Conv2d) for m in walk(models.resnet18()))
    20
    """
    if isinstance(layer, Sequential):
        for child in layer:
            yield from walk(child)
    elif isinstance(layer, Residual):
        for branch in layer._branches():
            yield from walk(branch)
    elif isinstance(layer, _Layer):
        yield layer
    else:
        raise TypeError(f"layer must be a convref layer specification, got {type(layer).__name__}")


def _check_conv(conv):
    if not isinstance(conv, _ConvNd):
        raise TypeError(f"conv must be a Conv1d, Conv2d or Conv3d specification, got {conv!r}")


def unshared_params(conv, input_shape):
    """Parameters the layer would need without weight sharing across positions.

    A locally connected layer (Keras' ``LocallyConnected2D``) has the same
    filters as ``conv`` but a different set of them at every output position,
    and a bias per output position and channel:
    ``prod(out_spatial) * conv.num_params``. This is the count that weight
    sharing avoids.

    Parameters
    ----------
    conv : Conv1d, Conv2d or Conv3d
        The shared convolution it is compared with.
    input_shape : tuple of int
        Channels-first input shape; it fixes the number of output positions.

    Returns
    -------
    int

    Examples
    --------
    How many parameters would AlexNet's first layer (96 filters of 11×11×3,
    stride 4, on 227×227 images) need with a different filter at each of its
    55×55 output positions?

    >>> conv = Conv2d(3, 96, 11, stride=4)
    >>> conv.num_params, unshared_params(conv, (3, 227, 227))
    (34944, 105705600)
    """
    _check_conv(conv)
    _, *out_spatial = conv.output_shape(input_shape)
    return math.prod(out_spatial) * conv.num_params


def shared_kernel_params(conv):
    """Parameters under the wrong hypothesis "one 2-D kernel reused on every input channel".

    If each filter held a single kernel applied to all its input channels,
    a layer would have ``out_channels * prod(kernel_size)`` weights (plus
    ``out_channels`` biases), whatever the number of input channels. Keras
    and PyTorch report ``conv.num_params`` instead, which grows with
    ``in_channels``: each filter has a separate kernel per input channel.

    Parameters
    ----------
    conv : Conv1d, Conv2d or Conv3d

    Returns
    -------
    int

    Examples
    --------
    How many parameters would ``Conv2d(5, 56, 4)`` have if each filter reused
    one 4×4 kernel on all 5 channels, and how many does it have?

    >>> conv = Conv2d(5, 56, 4)
    >>> shared_kernel_params(conv), conv.num_params
    (952, 4536)
    """
    _check_conv(conv)
    return conv.out_channels * math.prod(conv.kernel_size) + (conv.out_channels if conv.bias else 0)


# --------------------------------------------------------------------------
# Summary table

SummaryRow = collections.namedtuple("SummaryRow", ["name", "layer", "output_shape", "params"])
SummaryRow.__doc__ = """One row of a :class:`Summary`.

Fields: ``name`` (Keras style, e.g. ``"conv2d_1"``), ``layer`` (the layer
specification itself), ``output_shape`` (channels first, no batch axis) and
``params`` (trainable plus non-trainable, as Keras' "Param #").

Examples
--------
What does the row of a batch normalization over 16 channels hold?

>>> row = summary([BatchNorm2d(16)], (16, 8, 8)).rows[0]
>>> row.name, row.output_shape, row.params
('batch_norm2d', (16, 8, 8), 64)
"""


def _keras_name(layer):
    """``ConvTranspose2d`` -> ``conv_transpose2d``, ``ReLU`` -> ``relu``, as Keras names layers."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])", "_", type(layer).__name__).lower()


def _leaves(layers, expand):
    for layer in layers:
        if expand and isinstance(layer, Sequential):
            yield from _leaves(layer, expand)
        else:
            yield layer


class Summary:
    """A Keras-style table of layers, output shapes and parameter counts.

    Build it with :func:`summary`. ``str(table)`` prints the ruled text table
    of Keras' ``model.summary()``; :meth:`to_markdown` and :meth:`to_html`
    give the same rows for pages. Output shapes are channels first without
    the batch axis (Keras prints ``(None, 28, 28, 32)`` where this table has
    ``(32, 28, 28)``). A row's ``params`` counts trainable and non-trainable
    parameters, as Keras' "Param #" does, so the rows sum to
    ``total_params``; compare ``trainable_params`` with PyTorch's
    ``sum(p.numel() for p in model.parameters())``.

    Attributes
    ----------
    rows : list of SummaryRow
    input_shape : tuple of int
    lang : {"en", "es"}
    total_params, trainable_params, nontrainable_params : int

    Examples
    --------
    What does Keras report for a 3×3 convolution from 3 to 16 channels followed by batch normalization?

    >>> table = summary([Conv2d(3, 16, 3, padding="same"), BatchNorm2d(16)], (3, 32, 32))
    >>> [(row.name, row.output_shape, row.params) for row in table.rows]
    [('conv2d', (16, 32, 32), 448), ('batch_norm2d', (16, 32, 32), 64)]
    >>> table.total_params, table.trainable_params, table.nontrainable_params
    (512, 480, 32)
    """

    def __init__(self, rows, input_shape, lang, trainable_params, nontrainable_params):
        self.rows = rows
        self.input_shape = input_shape
        self.lang = lang
        self.trainable_params = trainable_params
        self.nontrainable_params = nontrainable_params
        self.total_params = trainable_params + nontrainable_params

    def _headers(self):
        return [i18n.word(key, self.lang) for key in ("layer_type", "output_shape", "params")]

    def _cells(self):
        """Text of every row: layer (type), output shape, formatted count."""
        return [(f"{row.name} ({type(row.layer).__name__})", str(row.output_shape),
                 i18n.format_count(row.params, self.lang)) for row in self.rows]

    def _totals(self):
        return [(i18n.word(key, self.lang), i18n.format_count(value, self.lang)) for key, value in
                (("total_params", self.total_params), ("trainable_params", self.trainable_params),
                 ("nontrainable_params", self.nontrainable_params))]

    def __str__(self):
        headers, cells = self._headers(), self._cells()
        widths = [max(len(text) for text in column) + 4 for column in zip(headers, *cells)]

        def line(texts):
            name, shape, count = texts
            return (f" {name:<{widths[0]}}{shape:<{widths[1]}}{count:>{widths[2]}}").rstrip()

        width = sum(widths) + 1
        parts = ["_" * width, line(headers), "=" * width]
        for position, row in enumerate(cells):
            parts.append(line(row))
            parts.append("=" * width if position == len(cells) - 1 else "_" * width)
        if not cells:
            parts.append("=" * width)
        parts += [f"{label}: {value}" for label, value in self._totals()]
        parts.append("_" * width)
        return "\n".join(parts)

    def __repr__(self):
        return f"<Summary of {len(self.rows)} layers on input_shape {self.input_shape}: {self.total_params} params>"

    def to_markdown(self):
        """The table as Markdown (numbers right-aligned), then the three totals.

        Returns
        -------
        str

        Examples
        --------
        How does a one-layer summary look in Markdown, in Spanish?

        >>> print(summary([Conv2d(3, 32, 5, padding="same", bias=False)], (3, 28, 28), lang="es").to_markdown())
        | Capa (tipo) | Forma de salida | Parámetros |
        |:--|:--|--:|
        | conv2d (Conv2d) | (32, 28, 28) | 2400 |
        <BLANKLINE>
        - Parámetros totales: 2400
        - Parámetros entrenables: 2400
        - Parámetros no entrenables: 0
        """
        lines = ["| " + " | ".join(self._headers()) + " |", "|:--|:--|--:|"]
        lines += ["| " + " | ".join(row) + " |" for row in self._cells()]
        lines.append("")
        # A list, because consecutive plain lines would merge into one paragraph.
        lines += [f"- {label}: {value}" for label, value in self._totals()]
        return "\n".join(lines)

    def to_html(self, caption=None):
        """The table as semantic HTML, totals in ``<tfoot>``.

        Numbers sit in cells of class ``num`` for a stylesheet to right-align
        (``.convref-summary .num { text-align: right; }``); no inline styles.
        The ``lang`` attribute tells browsers and screen readers the language.

        Parameters
        ----------
        caption : str, optional
            Text of the ``<caption>`` (escaped); none by default.

        Returns
        -------
        str

        Examples
        --------
        Which header cells does the HTML table have?

        >>> table = summary([Conv2d(3, 32, 5, padding="same", bias=False)], (3, 28, 28))
        >>> print(table.to_html(caption="First layer"))
        <table class="convref-summary" lang="en">
        <caption>First layer</caption>
        <thead>
        <tr><th scope="col">Layer (type)</th><th scope="col">Output shape</th><th scope="col" class="num">Param #</th></tr>
        </thead>
        <tbody>
        <tr><td>conv2d (Conv2d)</td><td>(32, 28, 28)</td><td class="num">2,400</td></tr>
        </tbody>
        <tfoot>
        <tr><th scope="row" colspan="2">Total params</th><td class="num">2,400</td></tr>
        <tr><th scope="row" colspan="2">Trainable params</th><td class="num">2,400</td></tr>
        <tr><th scope="row" colspan="2">Non-trainable params</th><td class="num">0</td></tr>
        </tfoot>
        </table>
        """
        esc = html.escape
        name, shape, count = self._headers()
        parts = [f'<table class="convref-summary" lang="{self.lang}">']
        if caption is not None:
            if not isinstance(caption, str):
                raise TypeError(f"caption must be a string or None, got {caption!r} ({type(caption).__name__})")
            parts.append(f"<caption>{esc(caption)}</caption>")
        parts += ["<thead>",
                  f'<tr><th scope="col">{esc(name)}</th><th scope="col">{esc(shape)}</th>'
                  f'<th scope="col" class="num">{esc(count)}</th></tr>',
                  "</thead>", "<tbody>"]
        parts += [f'<tr><td>{esc(a)}</td><td>{esc(b)}</td><td class="num">{esc(c)}</td></tr>'
                  for a, b, c in self._cells()]
        parts += ["</tbody>", "<tfoot>"]
        parts += [f'<tr><th scope="row" colspan="2">{esc(label)}</th><td class="num">{esc(value)}</td></tr>'
                  for label, value in self._totals()]
        parts += ["</tfoot>", "</table>"]
        return "\n".join(parts)

    def _repr_html_(self):
        return self.to_html()


def summary(layers, input_shape, *, lang="en", expand=False):
    """Tabulate layers as Keras' ``model.summary()`` does.

    Parameters
    ----------
    layers : layer specification or sequence of them
        A :class:`Sequential` (one row per element), a list of layers, or a
        single layer.
    input_shape : tuple of int
        Channels-first input shape of one sample, e.g. ``(3, 28, 28)``.
    lang : {"en", "es"}, keyword-only
        Language of headers and totals, and of the thousands grouping (see
        :mod:`convref.i18n`).
    expand : bool, keyword-only
        By default a nested :class:`Sequential` or a :class:`Residual` is one
        row, as Keras shows a nested model. With ``expand=True`` nested
        Sequentials are replaced by their layers (recursively); a Residual
        stays one row, its two branches not being a chain.

    Returns
    -------
    Summary
        Rows are named in Keras' style: the first ``Conv2d`` is ``conv2d``,
        the next ``conv2d_1``, and so on per layer type.

    Examples
    --------
    What does Keras print for the four "same" convolutions without bias on a 28×28×3 input?

    >>> stack = [Conv2d(3, 32, 5, padding="same", bias=False), Conv2d(32, 17, 3, padding="same", bias=False),
    ...          Conv2d(17, 13, 3, padding="same", bias=False), Conv2d(13, 7, 3, padding="same", bias=False)]
    >>> print(summary(stack, (3, 28, 28)))
    _________________________________________________
     Layer (type)         Output shape        Param #
    =================================================
     conv2d (Conv2d)      (32, 28, 28)          2,400
    _________________________________________________
     conv2d_1 (Conv2d)    (17, 28, 28)          4,896
    _________________________________________________
     conv2d_2 (Conv2d)    (13, 28, 28)          1,989
    _________________________________________________
     conv2d_3 (Conv2d)    (7, 28, 28)             819
    =================================================
    Total params: 10,104
    Trainable params: 10,104
    Non-trainable params: 0
    _________________________________________________
    """
    _checks.choice(lang, "lang", i18n.LANGUAGES)
    expand = _checks.flag(expand, "expand")
    if isinstance(layers, _Layer):
        layers = list(layers) if isinstance(layers, Sequential) else [layers]
    elif isinstance(layers, (list, tuple)):
        layers = list(Sequential(*layers))  # validates each element
    else:
        raise TypeError(f"layers must be a layer specification or a list of them, got {layers!r} "
                        f"({type(layers).__name__})")
    chain = Sequential(*_leaves(layers, expand))
    shape = _checks.shape(input_shape, "input_shape", meaning="(channels first, no batch axis)")
    seen = collections.Counter()
    rows = []
    for layer, _, output in chain._shapes(shape):
        base = _keras_name(layer)
        name = base if not seen[base] else f"{base}_{seen[base]}"
        seen[base] += 1
        rows.append(SummaryRow(name, layer, output, layer.num_params + layer.num_nontrainable))
    return Summary(rows, shape, lang, chain.num_params, chain.num_nontrainable)
