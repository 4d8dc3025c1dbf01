"""A fully connected layer: ``torch.nn.Linear``."""

from __future__ import annotations

import math

from .. import _checks
from .._public import public
from ._base import Layer, check_factory_arguments


@public
class Linear(Layer):
    """Specification of ``torch.nn.Linear``: weights ``(out_features, in_features)``.

    It acts on the last axis of ``input_shape``, which must equal
    ``in_features``; leading axes (e.g. a sequence) are kept.

    Parameters
    ----------
    in_features, out_features : int
        Sizes of each input and output vector.
    bias : bool
        Whether each output adds a bias.
    device, dtype
        Accepted for PyTorch's signature and ignored, as for :class:`convref.Conv2d`.

    Examples
    --------
    How many parameters does the first classifier layer of VGG16 have?

    >>> layer = Linear(25088, 4096)
    >>> layer.num_params
    102764544
    >>> layer.output_shape((25088,))
    (4096,)
    """

    _meaning = "(..., in_features)"

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        self.in_features = _checks.integer(in_features, "in_features", minimum=1)
        self.out_features = _checks.integer(out_features, "out_features", minimum=1)
        self.bias = _checks.flag(bias, "bias")
        check_factory_arguments(device, dtype)

    @property
    def weight_shape(self):
        return (self.out_features, self.in_features)

    @property
    def bias_shape(self):
        return (self.out_features,) if self.bias else None

    def _output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", meaning=self._meaning)
        if shape[-1] != self.in_features:
            raise ValueError(f"input_shape {shape} ends with {shape[-1]} features, "
                             f"but {self!r} expects in_features={self.in_features}")
        return (*shape[:-1], self.out_features)

    def _macs(self, input_shape):
        shape = self._output_shape(input_shape)
        return math.prod(shape[:-1]) * self.in_features * self.out_features

    def __repr__(self):
        return f"Linear(in_features={self.in_features}, out_features={self.out_features}, bias={self.bias})"
