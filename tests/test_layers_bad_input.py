"""Bad input to layer specifications, models and summaries: the right exception, naming the argument."""

import pytest

from convref import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv1d, Conv2d, Conv3d, ConvTranspose1d,
                     ConvTranspose2d, ConvTranspose3d, Dropout, Flatten, Linear, MaxPool2d, ReLU, Residual, Sequential,
                     format_count, format_number, models, shared_kernel_params, summary, unshared_params)
from convref._words import word

# (call, expected exception type, text the message must contain: the argument's name)
CASES = [
    # Convolutions: construction
    (lambda: Conv2d(0, 8, 3), ValueError, "in_channels"),
    (lambda: Conv2d(3, -1, 3), ValueError, "out_channels"),
    (lambda: Conv2d(3.0, 8, 3), TypeError, "in_channels"),
    (lambda: Conv2d(True, 8, 3), TypeError, "in_channels"),
    (lambda: Conv2d(3, 8, (3, 3, 3)), ValueError, "kernel_size"),
    (lambda: Conv2d(3, 8, 0), ValueError, "kernel_size"),
    (lambda: Conv2d(3, 8, "3"), TypeError, "kernel_size"),
    (lambda: Conv2d(3, 8, 3, stride=0), ValueError, "stride"),
    (lambda: Conv2d(3, 8, 3, padding=-1), ValueError, "padding"),
    (lambda: Conv2d(3, 8, 3, padding="full"), ValueError, "padding"),
    (lambda: Conv2d(3, 8, 3, padding="same", stride=2), ValueError, "padding"),
    (lambda: Conv2d(3, 8, 3, dilation=0), ValueError, "dilation"),
    (lambda: Conv2d(3, 8, 3, groups=0), ValueError, "groups"),
    (lambda: Conv2d(3, 8, 3, groups=2), ValueError, "in_channels=3 must be divisible by groups"),
    (lambda: Conv2d(4, 6, 3, groups=4), ValueError, "out_channels=6 must be divisible by groups"),
    (lambda: Conv2d(3, 8, 3, bias=1), TypeError, "bias"),
    (lambda: Conv1d(3, 8, (3, 3)), ValueError, "kernel_size"),
    (lambda: Conv3d(3, 8, 3, stride=(1, 2)), ValueError, "stride"),
    # Convolutions: input shapes
    (lambda: Conv2d(3, 8, 3).output_shape((3, 9)), ValueError, "input_shape"),
    (lambda: Conv2d(3, 8, 3).output_shape((4, 9, 9)), ValueError, "in_channels=3"),
    (lambda: Conv2d(3, 8, 3).output_shape((3, 2, 9)), ValueError, "input_shape"),
    (lambda: Conv2d(3, 8, 3, dilation=4).output_shape((3, 8, 9)), ValueError, "input_shape"),
    (lambda: Conv2d(3, 8, 3).output_shape("3x9x9"), TypeError, "input_shape"),
    (lambda: Conv2d(3, 8, 3).output_shape(9), TypeError, "input_shape"),
    (lambda: Conv2d(3, 8, 3).output_shape((3, 0, 9)), ValueError, "input_shape"),
    (lambda: Conv2d(3, 8, 3).output_shape((3, 9.0, 9)), TypeError, "input_shape"),
    (lambda: Conv2d(3, 8, 3).macs((3, 9)), ValueError, "input_shape"),
    (lambda: Conv1d(3, 8, 3).output_shape((3, 9, 9)), ValueError, "input_shape"),
    (lambda: Conv3d(3, 8, 3).output_shape((3, 9, 9)), ValueError, "input_shape"),
    # Transposed convolution
    (lambda: ConvTranspose2d(3, 8, 3, padding="same"), TypeError, "padding"),
    (lambda: ConvTranspose2d(4, 6, 3, groups=4), ValueError, "out_channels=6"),
    (lambda: ConvTranspose2d(3, 8, 3, output_padding=-1), ValueError, "output_padding"),
    (lambda: ConvTranspose2d(3, 8, 3, stride=2, output_padding=2).output_shape((3, 4, 4)), ValueError,
     "output_padding"),
    (lambda: ConvTranspose2d(3, 8, 3).output_shape((8, 4, 4)), ValueError, "in_channels=3"),
    (lambda: ConvTranspose2d(3, 8, 2, padding=2).output_shape((3, 1, 1)), ValueError, "input_shape"),
    (lambda: ConvTranspose1d(3, 8, 3, padding="valid"), TypeError, "padding"),
    (lambda: ConvTranspose1d(3, 8, (3, 3)), ValueError, "kernel_size"),
    (lambda: ConvTranspose1d(3, 8, 3).output_shape((3, 4, 4)), ValueError, "input_shape"),
    (lambda: ConvTranspose3d(4, 6, 3, groups=4), ValueError, "out_channels=6"),
    (lambda: ConvTranspose3d(3, 8, 3, output_padding=(1, 1)), ValueError, "output_padding"),
    (lambda: ConvTranspose3d(3, 8, 3, stride=2, output_padding=2).output_shape((3, 4, 4, 4)), ValueError,
     "output_padding"),
    (lambda: ConvTranspose3d(3, 8, 3).output_shape((3, 4, 4)), ValueError, "input_shape"),
    # Linear
    (lambda: Linear(0, 3), ValueError, "in_features"),
    (lambda: Linear(3, 0), ValueError, "out_features"),
    (lambda: Linear(3, 4, bias="yes"), TypeError, "bias"),
    (lambda: Linear(3, 4).output_shape((5,)), ValueError, "in_features=3"),
    (lambda: Linear(3, 4).output_shape(()), ValueError, "input_shape"),
    # Batch normalization
    (lambda: BatchNorm2d(0), ValueError, "num_features"),
    (lambda: BatchNorm2d(4, eps=0), ValueError, "eps"),
    (lambda: BatchNorm2d(4, momentum=2), ValueError, "momentum"),
    (lambda: BatchNorm2d(4, affine="no"), TypeError, "affine"),
    (lambda: BatchNorm2d(4).output_shape((3, 4, 4)), ValueError, "num_features=4"),
    (lambda: BatchNorm2d(4).output_shape((4, 4)), ValueError, "input_shape"),
    # Pooling
    (lambda: MaxPool2d(0), ValueError, "kernel_size"),
    (lambda: MaxPool2d(2, stride=0), ValueError, "stride"),
    (lambda: MaxPool2d(3, padding=2), ValueError, "padding"),
    (lambda: MaxPool2d(2, ceil_mode="yes"), TypeError, "ceil_mode"),
    (lambda: MaxPool2d(2).output_shape((3, 1, 1)), ValueError, "input_shape"),
    (lambda: MaxPool2d(2).output_shape((3, 4)), ValueError, "input_shape"),
    (lambda: AvgPool2d(2, padding=2), ValueError, "padding"),
    (lambda: AvgPool2d(2, divisor_override=0), ValueError, "divisor_override"),
    (lambda: AvgPool2d(2, count_include_pad=None), TypeError, "count_include_pad"),
    (lambda: AdaptiveAvgPool2d(0), ValueError, "output_size"),
    (lambda: AdaptiveAvgPool2d((1, 2, 3)), ValueError, "output_size"),
    (lambda: AdaptiveAvgPool2d(7).output_shape((3, 7)), ValueError, "input_shape"),
    # Shape-only layers
    (lambda: Flatten(start_dim=1.5), TypeError, "start_dim"),
    (lambda: Flatten(start_dim=0).output_shape((3, 4)), ValueError, "start_dim"),
    (lambda: Flatten(start_dim=3, end_dim=2).output_shape((3, 4, 5)), ValueError, "start_dim"),
    (lambda: Flatten(start_dim=5).output_shape((3, 4)), ValueError, "input_shape"),
    (lambda: ReLU(inplace="no"), TypeError, "inplace"),
    (lambda: ReLU().output_shape((3, -4)), ValueError, "input_shape"),
    (lambda: Dropout(p=1.5), ValueError, "p must"),
    (lambda: Dropout(p="0.5"), TypeError, "p must"),
    # Composites
    (lambda: Sequential(Conv2d(3, 8, 3), "relu"), TypeError, "layers[1]"),
    (lambda: Sequential(Conv2d(3, 8, 3), Conv2d(4, 8, 3)).output_shape((3, 9, 9)), ValueError, "in layer 1"),
    (lambda: Residual("body"), TypeError, "body"),
    (lambda: Residual(ReLU(), shortcut=3), TypeError, "shortcut"),
    (lambda: Residual(Conv2d(3, 8, 3)).output_shape((3, 9, 9)), ValueError, "shortcut"),
    # Summary
    (lambda: summary("conv", (3, 9, 9)), TypeError, "layers"),
    (lambda: summary([ReLU(), 3], (3, 9, 9)), TypeError, "layers[1]"),
    (lambda: summary([ReLU()], (3, 9, 9), lang="fr"), ValueError, "lang"),
    (lambda: summary([ReLU()], 5), TypeError, "input_shape"),
    (lambda: summary([ReLU()], (3, 4), expand=1), TypeError, "expand"),
    (lambda: summary([Conv2d(3, 8, 3)], (4, 9, 9)), ValueError, "input_shape"),
    (lambda: summary([ReLU()], (3, 4)).to_html(caption=3), TypeError, "caption"),
    (lambda: summary([ReLU()], (3, 4)).render("latex"), ValueError, "format"),
    (lambda: summary([ReLU()], (3, 4)).render("text", caption="a"), ValueError, "caption"),
    # Counterfactuals
    (lambda: unshared_params(Linear(3, 4), (3,)), TypeError, "conv"),
    (lambda: unshared_params(ConvTranspose2d(3, 4, 3), (3, 5, 5)), TypeError, "conv"),
    (lambda: unshared_params(Conv2d(3, 4, 3), (3, 2, 2)), ValueError, "input_shape"),
    (lambda: shared_kernel_params("conv"), TypeError, "conv"),
    # Models
    (lambda: models.vgg16(num_classes=0), ValueError, "num_classes"),
    (lambda: models.resnet18(num_classes=1.0), TypeError, "num_classes"),
    (lambda: models.resnet50(keras="yes"), TypeError, "keras"),
    (lambda: models.vgg16().output_shape((3, 16, 16)), ValueError, "input_shape"),
    (lambda: models.resnet18().output_shape((1, 224, 224)), ValueError, "in_channels=3"),
    # Words
    (lambda: format_count(1.5), TypeError, "n must"),
    (lambda: format_count(3, lang="fr"), ValueError, "lang"),
    (lambda: format_number("3"), TypeError, "value must"),
    (lambda: format_number(3.5, lang="de"), ValueError, "lang"),
    (lambda: format_number(3.5, digits=0), ValueError, "digits"),
    (lambda: word("nope"), ValueError, "key"),
    (lambda: word("summary.total_params", lang="fr"), ValueError, "lang"),
    (lambda: word("cli.layer", "en"), ValueError, "fields ['layer']"),
    (lambda: word("cli.layer", "en", layer="x", extra=1), ValueError, "fields ['layer']"),
]


@pytest.mark.parametrize("call, error, name", CASES, ids=[f"{i}-{case[2]}" for i, case in enumerate(CASES)])
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, name):
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert name in str(info.value)
