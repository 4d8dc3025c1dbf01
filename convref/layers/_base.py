"""What every layer specification answers: shapes, parameter counts and MACs, without weights."""

from __future__ import annotations

import math

import numpy as np

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


CHANNELS_FIRST = "(channels first)"


def check_factory_arguments(device, dtype):
    """Check PyTorch's ``device`` and ``dtype`` arguments, which change no shape and no count.

    A specification has no weights to place or type, so the values are
    dropped once checked; they are refused only where PyTorch would refuse
    them (a parameter must be floating or complex to be trained).
    """
    if device is not None and not isinstance(device, (str, int)) and type(device).__name__ != "device":
        raise TypeError(f"device must be None, a string such as 'cpu', an int or a torch.device, got {device!r} "
                        f"({type(device).__name__})")
    if isinstance(device, bool):
        raise TypeError(f"device must be None, a string such as 'cpu', an int or a torch.device, got {device!r}")
    if dtype is None:
        return
    if type(dtype).__name__ == "dtype" and hasattr(dtype, "is_floating_point"):  # a torch.dtype
        floating = dtype.is_floating_point or dtype.is_complex
    else:
        try:
            floating = np.dtype(dtype).kind in "fc" and not isinstance(dtype, str)
        except TypeError:
            floating = False
    if not floating:
        raise TypeError(f"dtype must be None or a floating dtype such as torch.float32 (PyTorch trains only "
                        f"floating or complex parameters), got {dtype!r}")


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
        ``(28, 28, 32)`` channels last, after a ``None`` batch axis. A
        batched shape ``(N, C, H, W)``, as ``torchinfo`` takes it, is
        recognized by its extra leading entry (the layer, or the first layer
        of a chain, knows how many entries one sample has): the output keeps
        ``N`` first, and ``macs`` counts the whole batch.
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

    #: Entries of one sample's input shape (3 for ``(C, H, W)``), or None when
    #: the layer takes any number of them (``Linear``, ``ReLU``, ``Flatten``...).
    _rank = None
    #: Whether the output has as many entries as the input, so that a chain can
    #: look past the layer for the first one whose rank is known.
    _keeps_rank = True
    #: The entries of one sample's input shape, spelt out in error messages.
    _meaning = CHANNELS_FIRST

    def _input_rank(self):
        """Entries of one unbatched input shape, None when the layer takes any number."""
        return self._rank

    def _split_batch(self, input_shape):
        """``(batch or None, one sample's shape)``: a leading batch axis is recognized by the rank.

        As ``torch.nn.Conv2d`` takes ``(C, H, W)`` and ``(N, C, H, W)`` alike, a
        shape with one entry more than the layer's rank is a batch of samples.
        """
        shape = _checks.shape(input_shape, "input_shape", meaning=self._meaning)
        rank = self._input_rank()
        if rank is None or len(shape) == rank:
            return None, shape
        if len(shape) == rank + 1:
            return shape[0], shape[1:]
        raise ValueError(f"input_shape must have {rank} entries {self._meaning}, or {rank + 1} with a batch axis "
                         f"first, got {len(shape)}: {shape}")

    def _batched(self, input_shape, compute):
        """Run ``compute(one_sample_shape)`` on ``input_shape``; name the batch in an error."""
        batch, shape = self._split_batch(input_shape)
        if batch is None:
            return None, compute(shape)
        try:
            return batch, compute(shape)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{error} (input_shape {(batch, *shape)} is read as a batch of {batch} samples of "
                              f"shape {shape})") from None

    def output_shape(self, input_shape):
        """Shape of the output for an input of shape ``input_shape``, channels first.

        Parameters
        ----------
        input_shape : tuple of int
            One sample, ``(C, *spatial)`` without the batch axis, or a batch
            ``(N, C, *spatial)`` as PyTorch's modules accept both (a shape
            with one entry more than the layer takes is a batch); a list, a
            ``torch.Size`` or a 1-D integer NumPy array are read alike. ``C``
            must match the layer's input channels.

        Returns
        -------
        tuple of int
            Without a batch axis for one sample, with it (``N`` first) for a
            batch.

        Raises
        ------
        TypeError, ValueError
            If ``input_shape`` is not a tuple of positive ints of the right
            length, has the wrong number of channels, or is too small for the
            (dilated) kernel.

        Examples
        --------
        What comes out of a stride-2 3×3 conv with padding 1 on a 224×224 RGB image, and on a batch of 8?

        >>> layer = Conv2d(3, 64, 3, stride=2, padding=1)
        >>> layer.output_shape((3, 224, 224))
        (64, 112, 112)
        >>> layer.output_shape((8, 3, 224, 224))
        (8, 64, 112, 112)
        """
        batch, shape = self._batched(input_shape, self._output_shape)
        return shape if batch is None else (batch, *shape)

    def _output_shape(self, shape):
        """The output shape of one sample (``shape`` is unbatched); the identity by default."""
        return _checks.shape(shape, "input_shape", meaning=self._meaning)

    def macs(self, input_shape):
        """Multiply-accumulates with the weights (see the Notes of :class:`convref.Layer`).

        Parameters
        ----------
        input_shape : tuple of int
            As for :meth:`output_shape`; for a batch, the count is that of
            the whole batch.

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
        batch, macs = self._batched(input_shape, self._macs)
        return macs if batch is None else batch * macs

    def _macs(self, shape):
        """Multiply-accumulates for one sample of (unbatched) ``shape``: 0 by default."""
        self._output_shape(shape)  # validates the shape
        return 0

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    __hash__ = None
