"""``torch.nn.Flatten``: merge axes, no parameters."""

from __future__ import annotations

import math

from .. import _checks
from .._public import public
from ._base import CHANNELS_FIRST, Layer


@public
class Flatten(Layer):
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

    _keeps_rank = False

    def __init__(self, start_dim=1, end_dim=-1):
        self.start_dim = _checks.integer(start_dim, "start_dim")
        self.end_dim = _checks.integer(end_dim, "end_dim")

    def _output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", meaning=CHANNELS_FIRST)
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
