"""Well-known architectures assembled from layer specifications.

Each function returns a :class:`convref.Sequential` laid out as the
reference implementation (torchvision, or Keras applications) lays out its
modules, so that parameter counts and output shapes can be checked against
the published totals without building any weights. A residual block is
``Sequential(Residual(body, shortcut), ReLU())``: the ReLU that follows the
addition is a layer of its own.
"""

from __future__ import annotations

from . import _checks
from .layers import (AdaptiveAvgPool2d, BatchNorm2d, Conv2d, Dropout, Flatten, Linear, MaxPool2d, ReLU, Residual,
                     Sequential)

__all__ = ["vgg16", "resnet18", "resnet50"]

# torchvision's configuration "D": output channels of each 3×3 conv, "M" for a 2×2 max pooling.
_VGG16_FEATURES = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def vgg16(num_classes=1000):
    """VGG16 as torchvision builds it (``torchvision.models.vgg16``, no batch normalization).

    ``Sequential(features, AdaptiveAvgPool2d((7, 7)), Flatten(), classifier)``:
    13 convolutions of 3×3 with padding 1, each followed by a ReLU, five max
    poolings, then Linear 25088 → 4096 → 4096 → ``num_classes`` with ReLU and
    Dropout in between.

    Parameters
    ----------
    num_classes : int
        Outputs of the last layer.

    Returns
    -------
    Sequential

    Examples
    --------
    How many parameters does VGG16 have, and how many of them sit in its convolutions?

    >>> model = vgg16()
    >>> model.num_params
    138357544
    >>> model[0].num_params
    14714688
    >>> model.output_shape((3, 224, 224))
    (1000,)
    """
    num_classes = _checks.integer(num_classes, "num_classes", minimum=1)
    features, channels = [], 3
    for entry in _VGG16_FEATURES:
        if entry == "M":
            features.append(MaxPool2d(kernel_size=2, stride=2))
        else:
            features += [Conv2d(channels, entry, kernel_size=3, padding=1), ReLU(inplace=True)]
            channels = entry
    classifier = Sequential(Linear(512 * 7 * 7, 4096), ReLU(True), Dropout(p=0.5),
                            Linear(4096, 4096), ReLU(True), Dropout(p=0.5),
                            Linear(4096, num_classes))
    return Sequential(Sequential(*features), AdaptiveAvgPool2d((7, 7)), Flatten(), classifier)


def _basic_block(in_channels, channels, *, stride):
    """torchvision's BasicBlock: two 3×3 convs; a 1×1 conv + BN shortcut when the shape changes."""
    body = Sequential(Conv2d(in_channels, channels, 3, stride=stride, padding=1, bias=False), BatchNorm2d(channels),
                      ReLU(inplace=True),
                      Conv2d(channels, channels, 3, padding=1, bias=False), BatchNorm2d(channels))
    shortcut = None
    if stride != 1 or in_channels != channels:
        shortcut = Sequential(Conv2d(in_channels, channels, 1, stride=stride, bias=False), BatchNorm2d(channels))
    return Sequential(Residual(body, shortcut), ReLU(inplace=True))


def _bottleneck(in_channels, channels, *, stride, keras):
    """A 1×1 → 3×3 → 1×1 bottleneck with 4× expansion.

    torchvision (ResNet v1.5) strides in the 3×3 conv and has no conv bias;
    Keras applications stride in the first 1×1 conv and keep conv biases.
    """
    out_channels = 4 * channels
    bias = keras
    eps = 1.001e-5 if keras else 1e-5
    first_stride, middle_stride = (stride, 1) if keras else (1, stride)
    middle_padding = "same" if keras and middle_stride == 1 else 1
    body = Sequential(
        Conv2d(in_channels, channels, 1, stride=first_stride, bias=bias), BatchNorm2d(channels, eps=eps),
        ReLU(inplace=True),
        Conv2d(channels, channels, 3, stride=middle_stride, padding=middle_padding, bias=bias),
        BatchNorm2d(channels, eps=eps), ReLU(inplace=True),
        Conv2d(channels, out_channels, 1, bias=bias), BatchNorm2d(out_channels, eps=eps),
    )
    shortcut = None
    if stride != 1 or in_channels != out_channels:
        shortcut = Sequential(Conv2d(in_channels, out_channels, 1, stride=stride, bias=bias),
                              BatchNorm2d(out_channels, eps=eps))
    return Sequential(Residual(body, shortcut), ReLU(inplace=True))


def _resnet(make_block, *, blocks_per_stage, expansion, num_classes, stem_bias=False, eps=1e-5):
    layers = [Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=stem_bias), BatchNorm2d(64, eps=eps),
              ReLU(inplace=True), MaxPool2d(kernel_size=3, stride=2, padding=1)]
    in_channels = 64
    for stage, count in enumerate(blocks_per_stage):
        channels = 64 * 2 ** stage
        stride = 1 if stage == 0 else 2
        blocks = []
        for position in range(count):
            blocks.append(make_block(in_channels, channels, stride=stride if position == 0 else 1))
            in_channels = channels * expansion
        layers.append(Sequential(*blocks))
    layers += [AdaptiveAvgPool2d((1, 1)), Flatten(), Linear(512 * expansion, num_classes)]
    return Sequential(*layers)


def resnet18(num_classes=1000):
    """ResNet-18 as torchvision builds it (``torchvision.models.resnet18``).

    A 7×7 stride-2 stem conv without bias, batch normalization, ReLU and 3×3
    max pooling; four stages of two basic blocks (64, 128, 256, 512
    channels, the last three starting with stride 2 and a 1×1 conv + BN
    shortcut); global average pooling and a Linear classifier.

    Parameters
    ----------
    num_classes : int
        Outputs of the last layer.

    Returns
    -------
    Sequential

    Examples
    --------
    How many trainable parameters does ResNet-18 have, and how many running statistics?

    >>> model = resnet18()
    >>> model.num_params, model.num_nontrainable
    (11689512, 9600)
    >>> model.output_shape((3, 224, 224))
    (1000,)
    """
    num_classes = _checks.integer(num_classes, "num_classes", minimum=1)
    return _resnet(_basic_block, blocks_per_stage=[2, 2, 2, 2], expansion=1, num_classes=num_classes)


def resnet50(num_classes=1000, *, keras=False):
    """ResNet-50, as torchvision or as Keras applications build it.

    Stages of 3, 4, 6 and 3 bottleneck blocks (1×1, 3×3, 1×1 convolutions,
    four times as many output channels as the middle ones).

    Parameters
    ----------
    num_classes : int
        Outputs of the last layer.
    keras : bool, keyword-only
        False: ``torchvision.models.resnet50`` (v1.5: stride in the 3×3 conv,
        convolutions without bias). True: ``keras.applications.ResNet50``
        (stride in the first 1×1 conv, every convolution with a bias, batch
        normalization epsilon 1.001e-5). The shapes are the same; Keras has
        one bias per conv output channel more, and reports the batch
        normalization running statistics as non-trainable parameters.

    Returns
    -------
    Sequential

    Examples
    --------
    How many parameters do PyTorch and Keras report for ResNet-50?

    >>> resnet50().num_params
    25557032
    >>> model = resnet50(keras=True)
    >>> model.num_params + model.num_nontrainable, model.num_nontrainable
    (25636712, 53120)
    """
    num_classes = _checks.integer(num_classes, "num_classes", minimum=1)
    keras = _checks.flag(keras, "keras")

    def make_block(in_channels, channels, *, stride):
        return _bottleneck(in_channels, channels, stride=stride, keras=keras)

    return _resnet(make_block, blocks_per_stage=[3, 4, 6, 3], expansion=4, num_classes=num_classes, stem_bias=keras,
                   eps=1.001e-5 if keras else 1e-5)
