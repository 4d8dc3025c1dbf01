"""Weight and activation layouts of PyTorch and TensorFlow/Keras.

A layout is a string of axis letters (``"OIHW"``, ``"HWIO"``, ...); a
conversion reorders axes, and between the convolution and the transposed
families also regroups the channel axes. :func:`convref.convert_weight`
explains the letters and the families.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from ._public import public

_SPATIAL = {1: "W", 2: "HW", 3: "DHW"}

# family -> number of spatial axes -> layouts (PyTorch's, then Keras')
_FAMILIES = {
    "conv": {n: ("OI" + s, s + "IO") for n, s in _SPATIAL.items()},
    "transposed": {n: ("IO" + s, s + "OI") for n, s in _SPATIAL.items()},
    "depthwise": {n: (_SPATIAL[n] + "CM",) for n in (1, 2)},
}

WEIGHT_LAYOUTS = tuple(layout for per_rank in _FAMILIES.values() for layouts in per_rank.values()
                       for layout in layouts)

ACTIVATION_LAYOUTS = tuple(layout for s in _SPATIAL.values()
                           for layout in ("NC" + s, "N" + s + "C", "C" + s, s + "C"))


def _parse_weight_layout(layout, name):
    """Return (family, number of spatial axes) of a weight layout."""
    _checks.choice(layout, name, WEIGHT_LAYOUTS)
    for family, per_rank in _FAMILIES.items():
        for rank, layouts in per_rank.items():
            if layout in layouts:
                return family, rank
    raise AssertionError(layout)  # unreachable: WEIGHT_LAYOUTS lists exactly these


def _reorder(array, src, dst):
    """Move the axes named by the letters of ``src`` into the order of ``dst``."""
    return np.transpose(array, [src.index(letter) for letter in dst])


def _swap_grouped_axis(array, groups, name):
    """(A, B/g, *k) -> (B, A/g, *k): the grouped channel axis moves from second to first.

    Both layouts list groups in order; inside group ``j`` the channels
    ``a`` and ``b`` of the full axes are ``j*(A/g) + a`` and ``j*(B/g) + b``.
    """
    full, per_group, *kernel = array.shape
    if full % groups:
        raise ValueError(f"{name} has {full} channels on its full channel axis, not divisible by groups={groups}")
    blocks = array.reshape(groups, full // groups, per_group, *kernel)
    swapped = np.swapaxes(blocks, 1, 2)
    return swapped.reshape(groups * per_group, full // groups, *kernel)


@public
def convert_weight(w, src, dst, *, groups=None):
    """Convert a convolution kernel from one framework's layout to another's.

    Parameters
    ----------
    w : array_like
        The kernel (a NumPy array, a nested list or a torch tensor).
    src, dst : str
        Weight layouts (see the table below) with the same number of spatial
        axes, e.g. ``"OIHW"`` (``torch.nn.Conv2d.weight``), ``"HWIO"``
        (Keras ``Conv2D.kernel``), ``"IOHW"`` (``torch.nn.ConvTranspose2d``),
        ``"HWOI"`` (Keras ``Conv2DTranspose``), ``"HWCM"`` (Keras
        ``DepthwiseConv2D``).
    groups : int, optional, keyword-only
        Channel groups of the layer. Needed between the convolution and the
        transposed families when it is not 1, and to produce a depthwise
        layout, where it is the number of input channels. A depthwise
        ``src`` implies it.

    Returns
    -------
    numpy.ndarray
        A new C-contiguous array (``w`` is never modified, never returned
        itself). Integer kernels become float64, as everywhere in convref.

    Raises
    ------
    ValueError
        Unknown layouts, layouts of different ranks, ``w`` of the wrong
        number of dimensions, channels not divisible by ``groups``, or a
        kernel that is not depthwise converted to a depthwise layout.

    Notes
    -----
    A layout names the axes of an array, one letter each:

    - ``O`` output channels, ``I`` input channels, ``D``, ``H``, ``W`` the
      spatial axes of the kernel (depth, height, width);
    - ``C`` and ``M`` for Keras' depthwise kernels: input channel and depth
      multiplier;
    - ``N`` batch, ``C`` channels, ``D``, ``H``, ``W`` for activations.

    Weight layouts come in three families:

    =========================  ==========  ==========  ============
    family                     1-D         2-D         3-D
    =========================  ==========  ==========  ============
    convolution (PyTorch)      ``OIW``     ``OIHW``    ``OIDHW``
    convolution (Keras)        ``WIO``     ``HWIO``    ``DHWIO``
    transposed (PyTorch)       ``IOW``     ``IOHW``    ``IODHW``
    transposed (Keras)         ``WOI``     ``HWOI``    ``DHWOI``
    depthwise (Keras)          ``WCM``     ``HWCM``
    =========================  ==========  ==========  ============

    In the convolution family the ``I`` axis holds the input channels of one
    group (``in_channels // groups``); in the transposed family the ``O`` axis
    holds the output channels of one group. Within a family a conversion only
    moves axes. Between the two families the grouped axis changes, so the
    ``groups`` argument is needed when ``groups > 1``; every kernel keeps
    connecting the same input channel to the same output channel (no kernel is
    flipped: to compute a transposed convolution as a direct one, flip the
    spatial axes as well; see the tests). A depthwise kernel ``(kH, kW, C, M)``
    is the PyTorch weight ``(C*M, 1, kH, kW)`` with ``groups=C``, output channel
    ``c*M + m`` coming from input channel ``c``, as both frameworks order them.

    Examples
    --------
    What shape does a Keras kernel of 3×3 from 64 to 128 channels take in PyTorch?

    >>> import numpy as np
    >>> keras_kernel = np.zeros((3, 3, 64, 128))
    >>> convert_weight(keras_kernel, "HWIO", "OIHW").shape
    (128, 64, 3, 3)

    A Keras depthwise kernel over 3 channels with depth multiplier 2 is a
    PyTorch ``Conv2d(3, 6, 3, groups=3)`` weight; output channel ``c*2 + m``
    comes from input channel ``c``:

    >>> depthwise = np.arange(3 * 3 * 3 * 2).reshape(3, 3, 3, 2)
    >>> torch_weight = convert_weight(depthwise, "HWCM", "OIHW")
    >>> torch_weight.shape
    (6, 1, 3, 3)
    >>> bool((torch_weight[2 * 1 + 0, 0] == depthwise[:, :, 1, 0]).all())
    True
    """
    w = _checks.real_array(w, "w")
    src_family, src_rank = _parse_weight_layout(src, "src")
    dst_family, dst_rank = _parse_weight_layout(dst, "dst")
    if src_rank != dst_rank:
        raise ValueError(f"src={src!r} has {src_rank} spatial axes but dst={dst!r} has {dst_rank}")
    _checks.ndim(w, "w", (len(src),), f"(a kernel in layout {src!r})")
    if groups is not None:
        groups = _checks.integer(groups, "groups", minimum=1)
    spatial = _SPATIAL[src_rank]

    # Bring the kernel to PyTorch's convolution layout (O, I/groups, *k).
    if src_family == "depthwise":
        channels, multiplier = w.shape[src.index("C")], w.shape[src.index("M")]
        if groups not in (None, channels):
            raise ValueError(f"groups={groups} contradicts the depthwise kernel, which has {channels} input channels")
        groups = channels
        moved = _reorder(w, src, "CM" + spatial)
        canonical = moved.reshape(channels * multiplier, 1, *moved.shape[2:])
    elif src_family == "transposed":
        canonical = _swap_grouped_axis(_reorder(w, src, "IO" + spatial), groups or 1, "w")
    else:
        canonical = _reorder(w, src, "OI" + spatial)
        out_channels = canonical.shape[0]
        if groups is not None and out_channels % groups:
            raise ValueError(f"w has {out_channels} output channels, not divisible by groups={groups}")

    # Then from that layout to dst.
    if dst_family == "conv":
        result = _reorder(canonical, "OI" + spatial, dst)
    elif dst_family == "transposed":
        result = _reorder(_swap_grouped_axis(canonical, groups or 1, "w"), "IO" + spatial, dst)
    else:
        if groups is None:
            raise ValueError(f"groups must be given (the number of input channels) to convert to dst={dst!r}")
        out_channels, per_group = canonical.shape[:2]
        if per_group != 1 or out_channels % groups:
            raise ValueError(f"w is not a depthwise kernel for groups={groups}: it has {out_channels} output "
                             f"channels and {per_group} input channels per group (a depthwise kernel has 1, and "
                             f"a multiple of groups output channels)")
        depthwise = canonical.reshape(groups, out_channels // groups, *canonical.shape[2:])
        result = _reorder(depthwise, "CM" + spatial, dst)
    return result.copy(order="C")


@public
def convert_activation(x, src="NCHW", dst="NHWC"):
    """Convert activations between channels-first and channels-last layouts.

    Parameters
    ----------
    x : array_like
        The activations (a NumPy array, a nested list or a torch tensor).
    src, dst : str
        Activation layouts with the same letters (``N`` batch, ``C``
        channels, ``D``, ``H``, ``W`` the spatial axes):
        ``"NCHW"`` (PyTorch) and ``"NHWC"`` (TensorFlow/Keras), their 1-D and
        3-D analogues ``"NCW"``/``"NWC"`` and ``"NCDHW"``/``"NDHWC"``, and the
        unbatched ``"CHW"``/``"HWC"`` and so on.

    Returns
    -------
    numpy.ndarray
        A new C-contiguous array; ``x`` is not modified.

    Examples
    --------
    What shape does a batch of eight 28×28 RGB images take in TensorFlow?

    >>> import numpy as np
    >>> convert_activation(np.zeros((8, 3, 28, 28)), "NCHW", "NHWC").shape
    (8, 28, 28, 3)
    >>> convert_activation(np.zeros((28, 28, 3)), "HWC", "CHW").shape
    (3, 28, 28)
    """
    x = _checks.real_array(x, "x")
    _checks.choice(src, "src", ACTIVATION_LAYOUTS)
    _checks.choice(dst, "dst", ACTIVATION_LAYOUTS)
    if sorted(src) != sorted(dst):
        raise ValueError(f"src={src!r} and dst={dst!r} must name the same axes")
    _checks.ndim(x, "x", (len(src),), f"(activations in layout {src!r})")
    return _reorder(x, src, dst).copy(order="C")
