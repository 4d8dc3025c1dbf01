"""convref: reference convolutions in NumPy, checked against PyTorch.

Each filter of a convolution layer holds one separate 2-D kernel per input
channel; the per-channel results are summed and a bias is added. convref
computes that in several readable ways (see :mod:`convref.conv`), counts
shapes and parameters of layers without weights (:mod:`convref.layers`), and
converts weight layouts between frameworks (:mod:`convref.layouts`).
"""

from .arithmetic import kernel_span, output_size, transposed_output_size
# -- conv (functional convolutions) --
from .conv import conv1d, conv2d, conv3d, correlate2d, per_channel_maps
from .im2col import im2col
from .matrix import conv2d_matrix
# -- transpose (transposed convolutions) --
from .transpose import conv_transpose1d, conv_transpose2d, conv_transpose3d
# -- grad (backward pass) --
from .grad import conv2d_backward
# -- layers (layer specifications and summary) --
from .layers import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv1d, Conv2d, Conv3d, ConvTranspose2d, Dropout,
                     Flatten, Linear, MaxPool2d, ReLU, Residual, Sequential, Summary, SummaryRow, shared_kernel_params,
                     summary, unshared_params, walk)
from . import models
# -- layouts (weight and activation layouts) --
from .layouts import convert_activation, convert_weight
# -- i18n (numbers as each language writes them) --
from .i18n import format_count, format_number

__version__ = "0.1.0"
