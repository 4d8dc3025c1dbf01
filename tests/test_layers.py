"""Layer specifications against the PyTorch modules of the same name.

Shapes come from running the torch module on the "meta" device (shapes only,
no arithmetic), parameter counts from ``module.parameters()``, MACs from
``torch.utils.flop_counter`` (which counts 2 FLOPs per multiply-accumulate).
"""

import html.parser
import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import convref
from convref import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv1d, Conv2d, Conv3d, ConvTranspose1d,
                     ConvTranspose2d, ConvTranspose3d, Dropout, Flatten, Linear, MaxPool2d, ReLU, Residual, Sequential,
                     shared_kernel_params, summary, unshared_params)

from _strategies import per_axis

# Spanish groups thousands with a no-break space (RAE), never a period or a comma.
NBSP = "\u00a0"

# torch warns that an even kernel with padding="same" may copy the input; shapes are what is tested here.
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")


def torch_output_shape(module, input_shape):
    """Per-sample output shape of ``module``, run on the meta device."""
    with torch.device("meta"):
        return tuple(module(torch.empty(1, *input_shape)).shape[1:])


def torch_params(module):
    return sum(p.numel() for p in module.parameters())


def torch_running_stats(module):
    """What Keras counts as non-trainable: running means and variances (not num_batches_tracked)."""
    return sum(b.numel() for name, b in module.named_buffers() if name.endswith(("running_mean", "running_var")))


def torch_macs(module, input_shape):
    with torch.device("meta"):
        x = torch.empty(1, *input_shape)
    with FlopCounterMode(display=False) as counter:
        module(x)
    flops = counter.get_total_flops()
    assert flops % 2 == 0
    return flops // 2


# (specification, the same layer built in torch, an input shape)
CASES = [
    (Conv1d(3, 8, 5, stride=2, padding=1), lambda: nn.Conv1d(3, 8, 5, stride=2, padding=1), (3, 50)),
    (Conv2d(5, 56, 4), lambda: nn.Conv2d(5, 56, 4), (5, 9, 9)),
    (Conv2d(6, 12, (3, 5), stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=3, bias=False),
     lambda: nn.Conv2d(6, 12, (3, 5), stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=3, bias=False),
     (6, 20, 17)),
    (Conv2d(4, 8, 4, padding="same", dilation=2), lambda: nn.Conv2d(4, 8, 4, padding="same", dilation=2),
     (4, 11, 10)),
    (Conv2d(4, 8, (2, 3), padding="same"), lambda: nn.Conv2d(4, 8, (2, 3), padding="same"), (4, 5, 6)),
    (Conv2d(4, 8, 3, padding="valid"), lambda: nn.Conv2d(4, 8, 3, padding="valid"), (4, 7, 7)),
    (Conv3d(2, 4, 3, stride=(1, 2, 2), padding=1), lambda: nn.Conv3d(2, 4, 3, stride=(1, 2, 2), padding=1),
     (2, 5, 9, 9)),
    (ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1, groups=2),
     lambda: nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1, groups=2), (6, 5, 7)),
    (ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2),
     lambda: nn.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2), (4, 9)),
    (ConvTranspose3d(2, 3, (2, 3, 1), stride=(2, 1, 3), dilation=(1, 2, 1), bias=False),
     lambda: nn.ConvTranspose3d(2, 3, (2, 3, 1), stride=(2, 1, 3), dilation=(1, 2, 1), bias=False), (2, 3, 4, 2)),
    (ConvTranspose2d(3, 5, (2, 4), stride=(3, 2), padding=(0, 1), output_padding=1, bias=False, dilation=2),
     lambda: nn.ConvTranspose2d(3, 5, (2, 4), stride=(3, 2), padding=(0, 1), output_padding=1, bias=False,
                                dilation=2), (3, 4, 6)),
    (Linear(20, 7), lambda: nn.Linear(20, 7), (20,)),
    (Linear(20, 7, bias=False), lambda: nn.Linear(20, 7, bias=False), (4, 20)),
    (BatchNorm2d(6), lambda: nn.BatchNorm2d(6), (6, 4, 4)),
    (BatchNorm2d(6, affine=False), lambda: nn.BatchNorm2d(6, affine=False), (6, 4, 4)),
    (BatchNorm2d(6, track_running_stats=False), lambda: nn.BatchNorm2d(6, track_running_stats=False), (6, 4, 4)),
    (BatchNorm2d(6, eps=1e-3, momentum=None, bias=False),
     lambda: nn.BatchNorm2d(6, eps=1e-3, momentum=None, bias=False), (6, 4, 4)),
    (MaxPool2d(3, 2, 1), lambda: nn.MaxPool2d(3, 2, 1), (3, 10, 11)),
    (MaxPool2d(3, stride=2, ceil_mode=True), lambda: nn.MaxPool2d(3, stride=2, ceil_mode=True), (3, 10, 11)),
    (MaxPool2d((2, 3), dilation=2, padding=1, ceil_mode=True),
     lambda: nn.MaxPool2d((2, 3), dilation=2, padding=1, ceil_mode=True), (1, 9, 8)),
    (AvgPool2d(3, stride=2, padding=1, ceil_mode=True), lambda: nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True),
     (2, 8, 9)),
    (AvgPool2d(2), lambda: nn.AvgPool2d(2), (2, 7, 8)),
    (AdaptiveAvgPool2d(7), lambda: nn.AdaptiveAvgPool2d(7), (5, 14, 9)),
    (AdaptiveAvgPool2d((None, 3)), lambda: nn.AdaptiveAvgPool2d((None, 3)), (5, 14, 9)),
    (Flatten(), lambda: nn.Flatten(), (3, 4, 5)),
    (Flatten(start_dim=2), lambda: nn.Flatten(start_dim=2), (3, 4, 5)),
    (Flatten(1, 2), lambda: nn.Flatten(1, 2), (3, 4, 5)),
    (ReLU(), lambda: nn.ReLU(), (3, 4)),
    (ReLU(inplace=True), lambda: nn.ReLU(inplace=True), (3, 4)),
    (Dropout(), lambda: nn.Dropout(), (7,)),
    (Dropout(0.25, inplace=True), lambda: nn.Dropout(0.25, inplace=True), (7,)),
]


@pytest.fixture(params=CASES, ids=lambda case: repr(case[0]))
def case(request):
    spec, make_module, input_shape = request.param
    with torch.device("meta"):
        module = make_module()
    return spec, module.eval(), input_shape


def test_repr_matches_torch(case):
    spec, module, _ = case
    assert repr(spec) == repr(module)


def test_weight_and_bias_shapes_match_torch(case):
    spec, module, _ = case
    weight, bias = getattr(module, "weight", None), getattr(module, "bias", None)
    assert spec.weight_shape == (None if weight is None else tuple(weight.shape))
    assert spec.bias_shape == (None if bias is None else tuple(bias.shape))


def test_counts_match_torch(case):
    spec, module, _ = case
    assert spec.num_params == torch_params(module)
    assert spec.num_nontrainable == torch_running_stats(module)


def test_output_shape_matches_torch(case):
    spec, module, input_shape = case
    assert spec.output_shape(input_shape) == torch_output_shape(module, input_shape)
    assert spec.output_shape(list(input_shape)) == torch_output_shape(module, input_shape)


def test_macs_are_half_torch_flops(case):
    spec, module, input_shape = case
    if isinstance(module, (nn.modules.conv._ConvNd, nn.Linear)):
        assert spec.macs(input_shape) == torch_macs(module, input_shape) > 0
    else:
        assert spec.macs(input_shape) == 0


def test_specifications_compare_by_value():
    assert Conv2d(3, 8, 3) == Conv2d(3, 8, (3, 3), stride=1)
    assert Conv2d(3, 8, 3) != Conv2d(3, 8, 3, bias=False)
    assert Conv2d(3, 8, 3) != Conv1d(3, 8, 3)


# --------------------------------------------------------------------------
# Random configurations: same output shape as torch, or both refuse


@settings(max_examples=60, deadline=None)
@given(groups=st.integers(1, 3), per_group_in=st.integers(1, 3), per_group_out=st.integers(1, 3),
       kernel=st.tuples(st.integers(1, 5), st.integers(1, 5)), stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
       dilation=st.tuples(st.integers(1, 3), st.integers(1, 3)),
       padding=st.one_of(st.tuples(st.integers(0, 3), st.integers(0, 3)), st.sampled_from(["same", "valid"])),
       size=st.tuples(st.integers(1, 16), st.integers(1, 16)), bias=st.booleans())
def test_random_conv2d_agrees_with_torch(groups, per_group_in, per_group_out, kernel, stride, dilation, padding,
                                         size, bias):
    if padding == "same":
        stride = (1, 1)
    arguments = dict(kernel_size=kernel, stride=stride, padding=padding, dilation=dilation, groups=groups, bias=bias)
    spec = Conv2d(groups * per_group_in, groups * per_group_out, **arguments)
    with torch.device("meta"):
        module = nn.Conv2d(groups * per_group_in, groups * per_group_out, **arguments)
    input_shape = (groups * per_group_in, *size)
    assert spec.num_params == torch_params(module)
    try:
        expected = torch_output_shape(module, input_shape)
    except RuntimeError:
        with pytest.raises(ValueError, match="input_shape"):
            spec.output_shape(input_shape)
    else:
        assert spec.output_shape(input_shape) == expected


@settings(max_examples=60, deadline=None)
@given(kernel=st.tuples(st.integers(1, 5), st.integers(1, 5)), stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
       dilation=st.tuples(st.integers(1, 2), st.integers(1, 2)), data=st.data(),
       size=st.tuples(st.integers(1, 12), st.integers(1, 12)), ceil_mode=st.booleans())
def test_random_maxpool2d_agrees_with_torch(kernel, stride, dilation, data, size, ceil_mode):
    # PyTorch refuses padding beyond half the kernel size; MaxPool2d does so at construction (tested apart).
    padding = tuple(data.draw(st.integers(0, k // 2)) for k in kernel)
    arguments = dict(kernel_size=kernel, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    spec, module = MaxPool2d(**arguments), nn.MaxPool2d(**arguments)
    try:
        expected = torch_output_shape(module, (2, *size))
    except RuntimeError:
        with pytest.raises(ValueError, match="input_shape"):
            spec.output_shape((2, *size))
    else:
        assert spec.output_shape((2, *size)) == expected


@settings(max_examples=40, deadline=None)
@given(groups=st.integers(1, 2), per_group=st.tuples(st.integers(1, 3), st.integers(1, 3)),
       kernel=st.integers(1, 4), stride=st.integers(1, 3), dilation=st.integers(1, 2), padding=st.integers(0, 2),
       data=st.data(), size=st.tuples(st.integers(1, 8), st.integers(1, 8)))
def test_random_conv_transpose2d_agrees_with_torch(groups, per_group, kernel, stride, dilation, padding, data, size):
    output_padding = data.draw(st.integers(0, max(stride, dilation) - 1))
    in_channels, out_channels = groups * per_group[0], groups * per_group[1]
    arguments = dict(stride=stride, padding=padding, output_padding=output_padding, groups=groups, dilation=dilation)
    spec = ConvTranspose2d(in_channels, out_channels, kernel, **arguments)
    with torch.device("meta"):
        module = nn.ConvTranspose2d(in_channels, out_channels, kernel, **arguments)
    assert spec.num_params == torch_params(module)
    try:
        expected = torch_output_shape(module, (in_channels, *size))
        if 0 in expected:
            raise RuntimeError("on CPU torch refuses an empty output; the meta device does not check")
    except RuntimeError:
        with pytest.raises(ValueError):
            spec.output_shape((in_channels, *size))
    else:
        assert spec.output_shape((in_channels, *size)) == expected


CONVOLUTIONS = {1: (Conv1d, nn.Conv1d), 2: (Conv2d, nn.Conv2d), 3: (Conv3d, nn.Conv3d)}
TRANSPOSED = {1: (ConvTranspose1d, nn.ConvTranspose1d), 2: (ConvTranspose2d, nn.ConvTranspose2d),
              3: (ConvTranspose3d, nn.ConvTranspose3d)}


def spec_and_module(family, ndim, *args, **kwargs):
    spec_class, module_class = family[ndim]
    with torch.device("meta"):
        module = module_class(*args, **kwargs)
    return spec_class(*args, **kwargs), module


def assert_agrees_with_torch(spec, module, input_shape, *, empty_output_is_an_error=False):
    """repr, weights, counts, output shape and MACs as torch has them; or both refuse the input."""
    assert repr(spec) == repr(module)
    assert spec.weight_shape == tuple(module.weight.shape)
    assert spec.bias_shape == (None if module.bias is None else tuple(module.bias.shape))
    assert spec.num_params == torch_params(module)
    assert spec.num_kernels == module.weight.shape[0] * module.weight.shape[1]
    try:
        expected = torch_output_shape(module, input_shape)
        if empty_output_is_an_error and min(expected) < 1:
            raise RuntimeError("on CPU torch refuses an empty output; the meta device does not check")
    except RuntimeError:
        with pytest.raises(ValueError, match="input_shape"):
            spec.output_shape(input_shape)
    else:
        assert spec.output_shape(input_shape) == expected
        assert spec.macs(input_shape) == torch_macs(module, input_shape)


@settings(max_examples=80, deadline=None)
@given(ndim=st.sampled_from([1, 2, 3]), data=st.data())
def test_random_convolutions_in_every_dimension_agree_with_torch(ndim, data):
    groups, per_in, per_out = (data.draw(st.integers(1, 3)) for _ in range(3))
    kernel = per_axis(data.draw, st.integers(1, 4), ndim)
    stride = per_axis(data.draw, st.integers(1, 3), ndim)
    dilation = per_axis(data.draw, st.integers(1, 2), ndim)
    padding = data.draw(st.one_of(st.just("same"), st.just("valid"), st.integers(0, 2),
                                  st.tuples(*[st.integers(0, 2)] * ndim)))
    if padding == "same":
        stride = 1
    size = tuple(data.draw(st.integers(1, 7)) for _ in range(ndim))
    spec, module = spec_and_module(CONVOLUTIONS, ndim, groups * per_in, groups * per_out, kernel, stride=stride,
                                   padding=padding, dilation=dilation, groups=groups, bias=data.draw(st.booleans()))
    assert_agrees_with_torch(spec, module, (groups * per_in, *size))


@settings(max_examples=80, deadline=None)
@given(ndim=st.sampled_from([1, 2, 3]), data=st.data())
def test_random_transposed_convolutions_in_every_dimension_agree_with_torch(ndim, data):
    groups, per_in, per_out = (data.draw(st.integers(1, 3)) for _ in range(3))
    kernel = per_axis(data.draw, st.integers(1, 4), ndim)
    stride = tuple(data.draw(st.integers(1, 3)) for _ in range(ndim))
    dilation = tuple(data.draw(st.integers(1, 2)) for _ in range(ndim))
    # PyTorch refuses an output_padding of stride or dilation or more (in forward); stay below.
    output_padding = tuple(data.draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    padding = per_axis(data.draw, st.integers(0, 2), ndim)
    size = tuple(data.draw(st.integers(1, 6)) for _ in range(ndim))
    spec, module = spec_and_module(TRANSPOSED, ndim, groups * per_in, groups * per_out, kernel, stride=stride,
                                   padding=padding, output_padding=output_padding, groups=groups,
                                   bias=data.draw(st.booleans()), dilation=dilation)
    assert_agrees_with_torch(spec, module, (groups * per_in, *size), empty_output_is_an_error=True)


def error_of(call):
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    return f"{type(info.value).__name__}: {info.value}"


def test_specifications_and_functions_share_one_groups_and_one_padding_check():
    # The same bad arguments give the same message from a layer and from a function; the
    # function's only adds where the channel count comes from.
    x = torch.zeros(3, 5, 5).numpy()
    assert error_of(lambda: Conv2d(3, 8, 3, groups=2)) == error_of(
        lambda: convref.conv2d(x, torch.zeros(8, 1, 3, 3).numpy(), groups=2)).replace(" of input", "")
    assert error_of(lambda: Conv2d(3, 8, 3, padding="same", stride=2)) == error_of(
        lambda: convref.conv2d(x, torch.zeros(8, 3, 3, 3).numpy(), padding="same", stride=2))
    assert error_of(lambda: ConvTranspose2d(3, 8, 3, padding="same")) == error_of(
        lambda: convref.conv_transpose2d(x, torch.zeros(3, 8, 3, 3).numpy(), padding="same"))


# --------------------------------------------------------------------------
# The site's worked examples: computed here from torch, and the published numbers asserted too


def test_nine_by_nine_by_five_input_with_56_filters_of_4x4():
    spec = Conv2d(5, 56, 4)
    module = nn.Conv2d(5, 56, 4)
    assert spec.output_shape((5, 9, 9)) == torch_output_shape(module, (5, 9, 9)) == (56, 6, 6)
    assert math.prod(spec.weight_shape) == module.weight.numel() == 4480
    assert spec.bias_shape[0] == module.bias.numel() == 56
    assert spec.num_params == torch_params(module) == 4536
    # One 4×4 kernel per (filter, input channel): module.weight[o, i] is each 2-D kernel.
    assert spec.num_kernels == module.weight.shape[0] * module.weight.shape[1] == 280
    assert spec.kernel_size == tuple(module.weight[0, 0].shape) == (4, 4)


KERAS_STACK = [(3, 32, 5), (32, 17, 3), (17, 13, 3), (13, 7, 3)]


def test_keras_four_layer_model_on_28x28x3():
    specs = [Conv2d(i, o, k, padding="same", bias=False) for i, o, k in KERAS_STACK]
    modules = [nn.Conv2d(i, o, k, padding="same", bias=False) for i, o, k in KERAS_STACK]
    table = summary(specs, (3, 28, 28))
    shape = (3, 28, 28)
    for row, module in zip(table.rows, modules):
        shape = torch_output_shape(module, shape)
        assert row.output_shape == shape
        assert row.params == torch_params(module)
    assert [row.params for row in table.rows] == [2400, 4896, 1989, 819]
    assert [row.name for row in table.rows] == ["conv2d", "conv2d_1", "conv2d_2", "conv2d_3"]
    assert table.total_params == table.trainable_params == sum(map(torch_params, modules)) == 10104
    assert table.nontrainable_params == 0
    assert "Total params (Keras' count, with non-trainable ones): 10,104" in str(table)
    assert "Parámetros totales (recuento de Keras, con los no entrenables): 10\u00a0104" in str(
        summary(specs, (3, 28, 28), lang="es"))


def test_alexnet_first_layer_with_and_without_weight_sharing():
    spec = Conv2d(3, 96, 11, stride=4)
    module = nn.Conv2d(3, 96, 11, stride=4)
    _, height, width = torch_output_shape(module, (3, 227, 227))
    assert (height, width) == (55, 55)
    assert spec.num_params == torch_params(module) == 34944
    # A locally connected layer: a separate filter bank, and biases, at every output position.
    assert unshared_params(spec, (3, 227, 227)) == height * width * torch_params(module) == 105_705_600


def test_one_kernel_per_filter_hypothesis_undercounts():
    spec = Conv2d(5, 56, 4)
    module = nn.Conv2d(5, 56, 4)
    one_kernel_per_filter = module.weight.shape[0] * module.weight[0, 0].numel() + module.bias.numel()
    assert shared_kernel_params(spec) == one_kernel_per_filter == 952
    assert shared_kernel_params(spec) < torch_params(module)
    assert shared_kernel_params(Conv2d(5, 56, 4, bias=False)) == 56 * 16
    # The hypothesis does not depend on in_channels; the real count does.
    assert shared_kernel_params(Conv2d(50, 56, 4)) == shared_kernel_params(spec)


# --------------------------------------------------------------------------
# Composites


def test_sequential_matches_torch_sequential():
    spec = Sequential(Conv2d(3, 8, 3, padding=1), BatchNorm2d(8), ReLU(), Sequential(MaxPool2d(2), Flatten()),
                      Linear(8 * 8 * 8, 10), Dropout())
    with torch.device("meta"):
        module = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                               nn.Sequential(nn.MaxPool2d(2), nn.Flatten()), nn.Linear(8 * 8 * 8, 10), nn.Dropout())
    assert repr(spec) == repr(module)
    assert spec.output_shape((3, 16, 16)) == torch_output_shape(module.eval(), (3, 16, 16))
    assert spec.num_params == torch_params(module)
    assert spec.num_nontrainable == torch_running_stats(module)
    assert spec.macs((3, 16, 16)) == torch_macs(module, (3, 16, 16))


class TorchResidual(nn.Module):
    def __init__(self, body, shortcut=None):
        super().__init__()
        self.body, self.shortcut = body, shortcut

    def forward(self, x):
        return self.body(x) + (x if self.shortcut is None else self.shortcut(x))


def test_residual_matches_torch():
    spec = Residual(Sequential(Conv2d(8, 16, 3, stride=2, padding=1), ReLU(), Conv2d(16, 16, 3, padding=1)),
                    Sequential(Conv2d(8, 16, 1, stride=2, bias=False), BatchNorm2d(16)))
    with torch.device("meta"):
        module = TorchResidual(nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
                                             nn.Conv2d(16, 16, 3, padding=1)),
                               nn.Sequential(nn.Conv2d(8, 16, 1, stride=2, bias=False), nn.BatchNorm2d(16)))
    assert spec.output_shape((8, 15, 15)) == torch_output_shape(module.eval(), (8, 15, 15)) == (16, 8, 8)
    assert spec.num_params == torch_params(module)
    assert spec.num_nontrainable == torch_running_stats(module)
    assert spec.macs((8, 15, 15)) == torch_macs(module, (8, 15, 15))
    identity = Residual(Sequential(Conv2d(4, 4, 3, padding=1), ReLU()))
    assert identity.output_shape((4, 6, 6)) == (4, 6, 6)
    assert identity.num_params == Conv2d(4, 4, 3).num_params


@pytest.mark.parametrize("block, message", [
    (Residual(Conv2d(4, 8, 3, padding=1)), "identity shortcut"),
    (Residual(Conv2d(4, 8, 3, stride=2, padding=1), Conv2d(4, 8, 1)), "shortcut gives"),
])
def test_residual_branches_must_agree(block, message):
    with pytest.raises(ValueError, match=message):
        block.output_shape((4, 8, 8))


# --------------------------------------------------------------------------
# Summary


def test_summary_rows_sum_to_totals_and_keep_torch_counts():
    net = Sequential(Conv2d(3, 16, 3, padding=1, bias=False), BatchNorm2d(16), ReLU(),
                     Residual(Sequential(Conv2d(16, 16, 3, padding=1), BatchNorm2d(16))), ReLU(),
                     AdaptiveAvgPool2d(1), Flatten(), Linear(16, 10))
    with torch.device("meta"):
        module = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                               TorchResidual(nn.Sequential(nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16))),
                               nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))
    table = summary(net, (3, 32, 32))
    assert [row.name for row in table.rows] == ["conv2d", "batch_norm2d", "relu", "residual", "relu_1",
                                                "adaptive_avg_pool2d", "flatten", "linear"]
    assert sum(row.params for row in table.rows) == table.total_params
    assert table.trainable_params == torch_params(module)
    assert table.nontrainable_params == torch_running_stats(module)
    for row, child in zip(table.rows, module):
        assert row.params == torch_params(child) + torch_running_stats(child)
    assert table.rows[-1].output_shape == torch_output_shape(module.eval(), (3, 32, 32))


def test_summary_expands_nested_sequentials_only_on_request():
    net = Sequential(Sequential(Conv2d(3, 4, 3), ReLU()), Sequential(Conv2d(4, 4, 3)), Flatten())
    assert [row.name for row in summary(net, (3, 9, 9)).rows] == ["sequential", "sequential_1", "flatten"]
    expanded = summary(net, (3, 9, 9), expand=True)
    assert [row.name for row in expanded.rows] == ["conv2d", "relu", "conv2d_1", "flatten"]
    assert expanded.total_params == summary(net, (3, 9, 9)).total_params == net.num_params
    assert summary(Conv2d(3, 4, 3), (3, 9, 9)).rows[0].layer == Conv2d(3, 4, 3)


def test_summary_text_is_a_ruled_keras_table():
    table = summary([Conv2d(3, 16, 3), BatchNorm2d(16)], (3, 32, 32))
    lines = str(table).splitlines()
    assert set(lines[0]) == {"_"} and set(lines[2]) == {"="}
    assert lines[1].split() == ["Layer", "(type)", "Output", "shape", "Param", "#"]
    assert lines[3].split() == ["conv2d", "(Conv2d)", "(16,", "30,", "30)", "448"]
    assert lines[-4:-1] == ["Total params (Keras' count, with non-trainable ones): 512",
                            "Trainable params (PyTorch's count): 480",
                            "Non-trainable params (BatchNorm statistics): 32"]
    spanish = str(summary([Conv2d(3, 16, 3), BatchNorm2d(16)], (3, 32, 32), lang="es")).splitlines()
    assert spanish[1].split() == ["Capa", "(tipo)", "Forma", "de", "salida", "Parámetros"]
    assert spanish[-4:-1] == ["Parámetros totales (recuento de Keras, con los no entrenables): 512",
                              "Parámetros entrenables (recuento de PyTorch): 480",
                              "Parámetros no entrenables (estadísticas de BatchNorm): 32"]


def test_summary_markdown():
    table = summary([Conv2d(3, 64, 7, stride=2, padding=3), Conv2d(64, 128, 3)], (3, 224, 224), lang="es")
    lines = table.to_markdown().splitlines()
    assert lines[0] == "| Capa (tipo) | Forma de salida | Parámetros |"
    assert lines[1] == "|:--|:--|--:|"
    assert lines[2] == "| conv2d (Conv2d) | (64, 112, 112) | 9472 |"
    assert lines[3] == f"| conv2d_1 (Conv2d) | (128, 110, 110) | 73{NBSP}856 |"
    assert lines[5] == f"- Parámetros totales (recuento de Keras, con los no entrenables): 83{NBSP}328"


class _TableParser(html.parser.HTMLParser):
    """Collect the tags, attributes and cell texts of an HTML table."""

    def __init__(self):
        super().__init__()
        self.tags, self.cells, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("td", "th", "caption"):
            self._open = (tag, dict(attrs), [])

    def handle_data(self, data):
        if self._open:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.cells.append((tag, self._open[1], "".join(self._open[2])))
            self._open = None


def test_summary_html_is_semantic():
    table = summary([Conv2d(3, 32, 5, padding="same", bias=False), BatchNorm2d(32)], (3, 28, 28), lang="es")
    parser = _TableParser()
    parser.feed(table.to_html(caption="Capa <1> & más"))
    tags = [tag for tag, _ in parser.tags]
    assert tags[0] == "table" and parser.tags[0][1]["lang"] == "es"
    assert {"caption", "thead", "tbody", "tfoot"} <= set(tags)
    assert "style" not in str(parser.tags)
    caption = [text for tag, _, text in parser.cells if tag == "caption"]
    assert caption == ["Capa <1> & más"]
    headers = [(attrs.get("scope"), text) for tag, attrs, text in parser.cells if tag == "th"][:3]
    assert headers == [("col", "Capa (tipo)"), ("col", "Forma de salida"), ("col", "Parámetros")]
    numbers = [text for tag, attrs, text in parser.cells if tag == "td" and attrs.get("class") == "num"]
    assert numbers == ["2400", "128", "2528", "2464", "64"]
    assert "<caption>" not in summary([ReLU()], (3, 4, 4)).to_html()


# --------------------------------------------------------------------------
# Package surface


def test_exported_at_package_level():
    for name in ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "Linear", "BatchNorm2d", "MaxPool2d", "AvgPool2d",
                 "AdaptiveAvgPool2d", "Flatten", "ReLU", "Dropout", "Sequential", "Residual", "summary", "Summary",
                 "unshared_params", "shared_kernel_params", "convert_weight", "convert_activation"):
        assert hasattr(convref, name), name
    assert convref.models.vgg16 is not None
