"""convref: reference convolutions in NumPy, checked against PyTorch.

Each filter of a convolution layer holds one separate 2-D kernel per input
channel; the per-channel results are summed and a bias is added. convref
computes that in several readable ways (:func:`convref.conv2d` and its
``method`` argument), counts shapes and parameters of layers without weights
(:class:`convref.Conv2d`, :func:`convref.summary`), and converts weight
layouts between frameworks (:func:`convref.convert_weight`).

Everything public is imported from the package itself, ``convref.conv2d``,
and listed in ``convref.__all__``; two modules of the package are public too:
:mod:`convref.models` (well-known architectures as layer specifications) and
:mod:`convref.figures` (diagrams drawn with matplotlib, the optional extra
``pip install "convref[figures]"``). NumPy is the only dependency.
"""

# -- output sizes along one axis --
from .arithmetic import WindowFit, kernel_span, output_size, transposed_output_size, window_fit
# -- convolutions, their transposes and their gradient --
from .conv import conv1d, conv2d, conv3d, correlate2d, per_channel_maps
from .im2col import im2col
from .matrix import conv2d_matrix
from .transpose import conv_transpose1d, conv_transpose2d, conv_transpose3d
from .grad import conv2d_backward
# -- layer specifications, counts and summaries --
from .layers import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv1d, Conv2d, Conv3d, ConvTranspose1d,
                     ConvTranspose2d, ConvTranspose3d, Dropout, Flatten, Layer, Linear, MaxPool2d, ReLU, Residual,
                     Sequential, Summary, SummaryRow, shared_kernel_params, summary, unshared_params, walk)
from . import models
# -- weight and activation layouts --
from .layouts import convert_activation, convert_weight
# -- numbers as each language writes them --
from ._words import format_count, format_number

__all__ = [
    # output sizes
    "output_size", "transposed_output_size", "kernel_span", "window_fit", "WindowFit",
    # convolutions
    "conv1d", "conv2d", "conv3d", "correlate2d", "per_channel_maps", "im2col", "conv2d_matrix",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "conv2d_backward",
    # layer specifications
    "Layer", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "Linear",
    "BatchNorm2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "Flatten", "ReLU", "Dropout", "Sequential",
    "Residual", "walk",
    # counts and summaries
    "unshared_params", "shared_kernel_params", "summary", "Summary", "SummaryRow",
    # layouts
    "convert_weight", "convert_activation",
    # numbers in words
    "format_count", "format_number",
]

from ._version import __version__  # noqa: E402 - the one place the version is written
