"""Layer specifications: shapes, parameter counts and MACs, without weights.

One idea per module: ``_base`` (what every specification answers), ``conv``
(convolutions and transposed convolutions on one base), ``linear``,
``norm``, ``pooling``, ``elementwise`` and ``reshape`` (the other layers),
``containers`` (Sequential, Residual, walk), ``counting`` (counterfactual
parameter counts) and ``summary`` (Keras-style tables). Import them from
:mod:`convref`: ``convref.Conv2d``.
"""

from ._base import Layer
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from .linear import Linear
from .norm import BatchNorm2d
from .pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from .elementwise import Dropout, ReLU
from .reshape import Flatten
from .containers import Residual, Sequential, walk
from .counting import shared_kernel_params, unshared_params
from .summary import Summary, SummaryRow, summary

__all__ = ["Layer", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "Linear",
           "BatchNorm2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "Flatten", "ReLU", "Dropout", "Sequential",
           "Residual", "walk", "unshared_params", "shared_kernel_params", "Summary", "SummaryRow", "summary"]
