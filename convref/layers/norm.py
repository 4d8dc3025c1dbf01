"""Batch normalization: ``torch.nn.BatchNorm2d``, with the running statistics Keras counts."""

from __future__ import annotations

import numbers

from .. import _checks
from .._public import public
from ._base import Layer, check_channels, check_factory_arguments


@public
class BatchNorm2d(Layer):
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
    device, dtype
        Accepted for PyTorch's signature and ignored, as for :class:`convref.Conv2d`.
    bias : bool, keyword-only
        With ``affine``, whether the shift is learned (PyTorch >= 2.9).

    Examples
    --------
    How does Keras count the parameters of a batch normalization over 64 channels?

    >>> bn = BatchNorm2d(64)
    >>> bn.num_params, bn.num_nontrainable
    (128, 128)
    """

    _rank = 3
    _meaning = "(channels, height, width)"

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None,
                 dtype=None, *, bias=True):
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
        check_factory_arguments(device, dtype)

    @property
    def weight_shape(self):
        return (self.num_features,) if self.affine else None

    @property
    def bias_shape(self):
        return (self.num_features,) if self.bias else None

    @property
    def num_nontrainable(self):
        return 2 * self.num_features if self.track_running_stats else 0

    def _output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", 3, meaning=self._meaning)
        check_channels(shape, expected=self.num_features, count_name="num_features", layer=self)
        return shape

    def __repr__(self):
        return (f"BatchNorm2d({self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias}, track_running_stats={self.track_running_stats})")
