"""What every layer specification answers: shapes, parameter counts and MACs, without weights."""

from __future__ import annotations

import math

from .. import _checks
from .._public import public


def as_given(value):
    """Keep an int as an int and a list as a tuple, for a torch-like repr."""
    return tuple(value) if isinstance(value, list) else value


def check_channels(shape, *, expected, count_name, layer):
    """Check that ``shape`` (channels first) has ``expected`` channels, the layer's ``count_name``."""
    if shape[0] != expected:
        raise ValueError(
            f"input_shape {shape} has {shape[0]} channels (channels come first), "
            f"but {layer!r} expects {count_name}={expected}"
        )


CHANNELS_FIRST = "(channels first, no batch axis)"


@public
class Layer:
    """A layer specification: the base of :class:`convref.Conv2d` and every other layer.

    Each specification takes the arguments of the PyTorch module of the same
    name, with the same defaults, and prints the same ``repr``; it holds no
    weights, only what is needed to answer "what shape comes out?" and "how
    many parameters?". A ``Conv2d(5, 56, 4)`` holds ``56 * 5`` separate 4×4
    kernels, one per (output channel, input channel) pair.

    ``weight_shape`` and ``bias_shape`` are the shapes of the module's
    ``weight`` and ``bias`` (None where it has none; composites have none).
    Specifications compare equal when they have the same type and arguments.

    Notes
    -----
    Shapes
        ``input_shape`` and every output shape describe **one sample,
        channels first, without the batch axis**: ``(C, H, W)`` for 2-D
        layers, ``(C, L)`` for 1-D, ``(C, D, H, W)`` for 3-D,
        ``(features,)`` after ``Flatten``. Keras prints the same output
        ``(28, 28, 32)`` channels last, after a ``None`` batch axis.
    ``num_params``
        Trainable parameters: what ``sum(p.numel() for p in
        module.parameters())`` gives in PyTorch.
    ``num_nontrainable``
        The running mean and running variance of ``BatchNorm2d`` (``2 * C``)
        when it tracks running statistics: Keras counts them as non-trainable
        parameters, PyTorch keeps them as buffers. PyTorch's
        ``num_batches_tracked`` counter is not counted (Keras has none).
    ``macs(input_shape)``
        Multiply-accumulates with the weights for one sample: a convolution
        costs ``C_out * prod(out_spatial) * (C_in / groups) *
        prod(kernel_size)`` (positions over zero padding are counted, as
        usual); a transposed convolution ``C_in * prod(in_spatial) * (C_out /
        groups) * prod(kernel_size)`` (each input value is spread by one
        kernel per output channel of its group); ``Linear`` ``in_features *
        out_features`` per input vector. Bias additions are not counted, nor
        are ``BatchNorm2d`` (it folds into the preceding convolution at
        inference), pooling, ``ReLU``, ``Dropout`` and ``Flatten``: they all
        count 0. These are half the FLOPs that ``torch.utils.flop_counter``
        reports.

    Examples
    --------
    Is every specification a Layer, and do two equal specifications compare equal?

    >>> isinstance(Conv2d(3, 8, 3), Layer), isinstance(ReLU(), Layer)
    (True, True)
    >>> Conv2d(3, 8, 3) == Conv2d(3, 8, (3, 3), stride=1), Conv2d(3, 8, 3) == Conv2d(3, 8, 3, bias=False)
    (True, False)
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
        return _checks.shape(input_shape, "input_shape", meaning=CHANNELS_FIRST)

    def macs(self, input_shape):
        """Multiply-accumulates with the weights for one sample (see the Notes of :class:`convref.Layer`).

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
