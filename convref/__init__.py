"""convref: reference convolutions in NumPy, checked against PyTorch.

Each filter of a convolution layer holds one separate 2-D kernel per input
channel; the per-channel results are summed and a bias is added. convref
computes that in several readable ways (see :mod:`convref.conv`), counts
shapes and parameters of layers without weights (:mod:`convref.layers`), and
converts weight layouts between frameworks (:mod:`convref.layouts`).
"""

from .arithmetic import output_size, transposed_output_size
# -- conv (functional convolutions) --
# -- transpose (transposed convolutions) --
# -- grad (backward pass) --
# -- layers (layer specifications and summary) --
# -- layouts (weight and activation layouts) --

__version__ = "0.1.0"
