"""Convolutions and transposed convolutions in 1, 2 and 3 dimensions, on one base.

Both families hold ``out_channels * in_channels // groups`` kernels of
``kernel_size`` and take the same stride, padding, dilation, groups and
bias; they differ in the weight's layout, in how the output size follows
from the input size, and in what a multiply-accumulate is counted over. The
argument checks and the output sizes are those of the functional API
(``convref._conv_args``): one "same"-padding computation and one groups
check for both.
"""

from __future__ import annotations

import math
import types

from .. import _checks
from .._conv_args import check_groups, conv_padding, geometry, transposed_geometry, transposed_padding
from .._public import public
from ._base import Layer, check_channels, check_factory_arguments

_AXES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvBase(Layer):
    """What a convolution and a transposed convolution share; ``_ndim`` is set by each class."""

    _ndim = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls._ndim is not None and "__init__" not in vars(cls):
            # Each public class gets its own copy of the shared __init__, so that a wrong
            # call says "Conv2d.__init__() missing ...", not "_ConvNd.__init__() ...".
            shared = cls.__init__
            init = types.FunctionType(shared.__code__, shared.__globals__, "__init__", shared.__defaults__,
                                      shared.__closure__)
            init.__kwdefaults__, init.__doc__ = shared.__kwdefaults__, shared.__doc__
            init.__qualname__ = f"{cls.__name__}.__init__"
            cls.__init__ = init

    def _set_arguments(self, in_channels, out_channels, kernel_size, *, stride, dilation, groups, bias):
        """Check and keep the arguments both families take alike (not padding)."""
        n = self._ndim
        self.in_channels = _checks.integer(in_channels, "in_channels", minimum=1)
        self.out_channels = _checks.integer(out_channels, "out_channels", minimum=1)
        self.kernel_size = _checks.int_tuple(kernel_size, "kernel_size", n, minimum=1)
        self.stride = _checks.int_tuple(stride, "stride", n, minimum=1)
        self.dilation = _checks.int_tuple(dilation, "dilation", n, minimum=1)
        self.groups = check_groups(groups, in_channels=self.in_channels, out_channels=self.out_channels)
        self.bias = _checks.flag(bias, "bias")

    @property
    def bias_shape(self):
        """``(out_channels,)``, or None without bias."""
        return (self.out_channels,) if self.bias else None

    @property
    def num_kernels(self):
        """How many separate kernels of ``kernel_size`` the layer holds.

        One per (output channel, input channel) pair of each group:
        ``out_channels * in_channels // groups``.
        """
        return self.out_channels * self.in_channels // self.groups

    @property
    def _meaning(self):
        return "(" + ", ".join(("channels", *_AXES[self._ndim])) + ")"

    def _input_rank(self):
        return 1 + self._ndim

    def _checked_input(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", 1 + self._ndim, meaning=self._meaning)
        check_channels(shape, expected=self.in_channels, count_name="in_channels", layer=self)
        return shape

    def _shown_arguments(self):
        """The (name, value, default) of the arguments a torch repr shows when not at their default."""
        n = self._ndim
        return [("padding", self.padding, (0,) * n), ("dilation", self.dilation, (1,) * n)]

    def __repr__(self):
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        for name, value, default in self._shown_arguments():
            if value != default:
                text += f", {name}={value}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if not self.bias:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return f"{type(self).__name__}({text})"


class _ConvNd(_ConvBase):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        self._set_arguments(in_channels, out_channels, kernel_size, stride=stride, dilation=dilation, groups=groups,
                            bias=bias)
        self.padding = conv_padding(padding, self._ndim, stride=self.stride)
        self.padding_mode = _checks.choice(padding_mode, "padding_mode", PADDING_MODES)
        check_factory_arguments(device, dtype)

    @property
    def weight_shape(self):
        """``(out_channels, in_channels // groups, *kernel_size)``, as ``module.weight.shape``."""
        return (self.out_channels, self.in_channels // self.groups, *self.kernel_size)

    def _output_shape(self, input_shape):
        """``(out_channels, *out_spatial)`` for one input ``(in_channels, *spatial)``, as PyTorch computes it."""
        shape = self._checked_input(input_shape)
        try:
            geo = geometry(shape[1:], self.kernel_size, stride=self.stride, padding=self.padding,
                           dilation=self.dilation, input_name="input_shape", kernel_name="kernel")
        except ValueError as error:
            raise ValueError(f"input_shape {shape} is too small for {self!r}: {error}") from None
        self._check_padding_mode(shape, geo)
        return (self.out_channels, *geo.output_size)

    def _check_padding_mode(self, shape, geo):
        """Refuse, as PyTorch's forward does, padding that a reflection or a wrap cannot fill.

        "reflect" mirrors the input without repeating its edge, so each side
        pads fewer values than the axis has; "circular" wraps around at most
        once, so no more than the axis has. "zeros" and "replicate" pad any amount.
        """
        limits = {"reflect": ("less than", lambda pad, n: pad < n), "circular": ("at most", lambda pad, n: pad <= n)}
        if self.padding_mode not in limits:
            return
        relation, fits = limits[self.padding_mode]
        for axis, (n, pair) in enumerate(zip(shape[1:], geo.padding)):
            if not all(fits(pad, n) for pad in pair):
                raise ValueError(f"padding_mode={self.padding_mode!r} needs padding {relation} the input size along "
                                 f"each axis (as in PyTorch), but {self!r} pads {pair} on spatial axis {axis} of "
                                 f"input_shape {shape}, whose size is {n}")

    def _macs(self, input_shape):
        """``C_out * prod(out_spatial) * (C_in / groups) * prod(kernel_size)`` multiply-accumulates for one input."""
        out_channels, *out_spatial = self._output_shape(input_shape)
        return out_channels * math.prod(out_spatial) * math.prod(self.weight_shape[1:])


class _ConvTransposeNd(_ConvBase):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        self._set_arguments(in_channels, out_channels, kernel_size, stride=stride, dilation=dilation, groups=groups,
                            bias=bias)
        self.padding = transposed_padding(padding, self._ndim)
        self.output_padding = _checks.int_tuple(output_padding, "output_padding", self._ndim, minimum=0)
        if padding_mode != "zeros":
            raise ValueError(f"padding_mode must be 'zeros' for {type(self).__name__} (the only mode PyTorch "
                             f"supports there), got {padding_mode!r}")
        self.padding_mode = padding_mode
        check_factory_arguments(device, dtype)

    @property
    def weight_shape(self):
        """``(in_channels, out_channels // groups, *kernel_size)``, as ``module.weight.shape``."""
        return (self.in_channels, self.out_channels // self.groups, *self.kernel_size)

    def _output_shape(self, input_shape):
        """``(out_channels, *out_spatial)`` for one input ``(in_channels, *spatial)``, as PyTorch computes it.

        Each axis has length
        ``(n - 1)*stride - 2*padding + dilation*(k - 1) + output_padding + 1``.
        """
        shape = self._checked_input(input_shape)
        try:
            # The geometry of the convolution being transposed: its input size is our output size.
            geo = transposed_geometry(shape[1:], self.kernel_size, stride=self.stride, padding=self.padding,
                                      output_padding=self.output_padding, dilation=self.dilation)
        except ValueError as error:
            raise ValueError(f"{self!r} cannot take input_shape {shape}: {error}") from None
        return (self.out_channels, *geo.input_size)

    def _macs(self, input_shape):
        """``C_in * prod(in_spatial) * (C_out / groups) * prod(kernel_size)`` multiply-accumulates for one input."""
        in_channels, *in_spatial = self._checked_input(input_shape)
        self._output_shape(input_shape)
        return in_channels * math.prod(in_spatial) * math.prod(self.weight_shape[1:])

    def _shown_arguments(self):
        return super()._shown_arguments() + [("output_padding", self.output_padding, (0,) * self._ndim)]


_CONV_PARAMETERS = """
    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input and of the output (the number of filters).
    kernel_size, stride, dilation : int or tuple of int
        As in PyTorch; an int applies to every spatial axis.
    padding : int, tuple of int, "valid" or "same"
        Zeros added on each side of each spatial axis; ``"same"`` keeps the
        size (stride 1 only, as in PyTorch; an even dilated kernel pads one
        more zero after than before), ``"valid"`` means 0.
    groups : int
        Split the channels into independent groups; each filter then sees
        ``in_channels // groups`` input channels.
    bias : bool
        Whether each filter adds a bias.
    padding_mode : {"zeros", "reflect", "replicate", "circular"}
        What fills the padding. It changes no shape and no count, only which
        inputs are valid: as in PyTorch, ``"reflect"`` needs each side's
        padding smaller than the input along that axis, ``"circular"`` no
        larger (checked by :meth:`convref.Layer.output_shape`).
    device, dtype
        Accepted for PyTorch's signature and ignored: where the weights would
        live and their type change no shape and no count. ``device`` is None,
        a string, an int or a ``torch.device``; ``dtype`` is None or a
        floating (or complex) ``torch`` or NumPy dtype, as PyTorch requires
        of trainable weights.

    Raises
    ------
    TypeError, ValueError
        Naming the argument, for counts that are not positive integers,
        channels that ``groups`` does not divide, an unknown padding string
        or padding mode, ``"same"`` with a stride, or a device or dtype
        PyTorch would refuse.
"""

_TRANSPOSED_PARAMETERS = """
    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input and of the output.
    kernel_size, stride, padding, dilation : int or tuple of int
        Those of the convolution being transposed (``padding`` is an int or
        a tuple: PyTorch has no ``"same"`` here); ``padding`` zeros are
        cropped from both ends of each output axis.
    output_padding : int or tuple of int
        Extra positions at the end of each output axis; must be smaller than
        stride or dilation (checked against the input in
        :meth:`convref.Layer.output_shape`, as PyTorch checks it in ``forward``).
    groups : int
        Independent channel groups.
    bias : bool
        Whether each output channel adds a bias.
    padding_mode : "zeros"
        The only mode PyTorch supports for a transposed convolution.
    device, dtype
        Accepted for PyTorch's signature and ignored, as for :class:`convref.Conv2d`.

    Raises
    ------
    TypeError, ValueError
        Naming the argument, for counts that are not positive integers,
        channels that ``groups`` does not divide, a padding string, a padding
        mode other than ``"zeros"``, or a device or dtype PyTorch would refuse.

    Notes
    -----
    Each output axis has length
    ``(n - 1)*stride - 2*padding + dilation*(k - 1) + output_padding + 1``.
"""


@public
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


@public
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


@public
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


@public
class ConvTranspose1d(_ConvTransposeNd):
    __doc__ = """Specification of ``torch.nn.ConvTranspose1d``: weights ``(C_in, C_out/groups, k)``.
    """ + _TRANSPOSED_PARAMETERS + """
    Examples
    --------
    What does a stride-2 transposed convolution of width 4 make of 50 steps of 16 channels?

    >>> layer = ConvTranspose1d(16, 8, 4, stride=2, padding=1)
    >>> layer.output_shape((16, 50))
    (8, 100)
    >>> layer.weight_shape, layer.num_params
    ((16, 8, 4), 520)
    """
    _ndim = 1


@public
class ConvTranspose2d(_ConvTransposeNd):
    __doc__ = """Specification of ``torch.nn.ConvTranspose2d``: weights ``(C_in, C_out/groups, kH, kW)``.
    """ + _TRANSPOSED_PARAMETERS + """
    Examples
    --------
    What does a stride-2 transposed convolution make of a 16×16 map with 64 channels?

    >>> layer = ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)
    >>> layer
    ConvTranspose2d(64, 32, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))
    >>> layer.output_shape((64, 16, 16))
    (32, 32, 32)
    >>> layer.weight_shape, layer.num_params
    ((64, 32, 3, 3), 18464)
    """
    _ndim = 2


@public
class ConvTranspose3d(_ConvTransposeNd):
    __doc__ = """Specification of ``torch.nn.ConvTranspose3d``: weights ``(C_in, C_out/groups, kD, kH, kW)``.
    """ + _TRANSPOSED_PARAMETERS + """
    Examples
    --------
    How large is an 8×8×8 volume of 32 channels after a 2×2×2 transposed convolution with stride 2?

    >>> layer = ConvTranspose3d(32, 16, 2, stride=2)
    >>> layer.output_shape((32, 8, 8, 8))
    (16, 16, 16, 16)
    >>> layer.num_kernels, layer.macs((32, 8, 8, 8))
    (512, 2097152)
    """
    _ndim = 3
