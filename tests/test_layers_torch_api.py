"""Layer specifications take what PyTorch's modules take: batched shapes, NumPy shapes, padding modes, device, dtype."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from convref import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv1d, Conv2d, Conv3d, ConvTranspose2d, Flatten,
                     Linear, MaxPool2d, ReLU, Residual, Sequential, models, summary, unshared_params)

pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")


def torch_shape(module, shape):
    with torch.device("meta"):
        return tuple(module.to("meta")(torch.empty(*shape)).shape)


# (specification, the torch module, one sample's shape)
BATCHABLE = [
    (Conv1d(3, 8, 5, stride=2), lambda: nn.Conv1d(3, 8, 5, stride=2), (3, 50)),
    (Conv2d(3, 64, 7, stride=2, padding=3), lambda: nn.Conv2d(3, 64, 7, stride=2, padding=3), (3, 64, 64)),
    (Conv3d(2, 4, 3, padding=1), lambda: nn.Conv3d(2, 4, 3, padding=1), (2, 5, 6, 7)),
    (ConvTranspose2d(6, 4, 3, stride=2, groups=2), lambda: nn.ConvTranspose2d(6, 4, 3, stride=2, groups=2), (6, 5, 7)),
    (MaxPool2d(3, stride=2, padding=1), lambda: nn.MaxPool2d(3, stride=2, padding=1), (8, 16, 16)),
    (AvgPool2d(2), lambda: nn.AvgPool2d(2), (8, 16, 16)),
    (AdaptiveAvgPool2d(1), lambda: nn.AdaptiveAvgPool2d(1), (8, 5, 5)),
    (BatchNorm2d(8), lambda: nn.BatchNorm2d(8), (8, 5, 5)),
    (Sequential(Conv2d(3, 8, 3), ReLU(), Flatten(), Linear(8 * 7 * 7, 10)),
     lambda: nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 7 * 7, 10)), (3, 9, 9)),
]


@pytest.mark.parametrize("spec, make, sample", BATCHABLE, ids=[repr(case[0]).split("(")[0] for case in BATCHABLE])
@pytest.mark.parametrize("batch", [1, 5])
def test_a_batched_shape_gives_the_batched_output_and_the_whole_batch_s_macs(spec, make, sample, batch):
    module = make().eval()
    assert spec.output_shape((batch, *sample)) == torch_shape(module, (batch, *sample))
    assert spec.output_shape(sample) == torch_shape(module, (1, *sample))[1:]
    assert spec.macs((batch, *sample)) == batch * spec.macs(sample)


def test_a_whole_model_takes_a_batch_as_torchinfo_does():
    model = models.resnet18()
    assert model.output_shape((8, 3, 224, 224)) == (8, 1000)
    assert model.macs((8, 3, 224, 224)) == 8 * model.macs((3, 224, 224))


@pytest.mark.parametrize("shape", [np.array([3, 9, 9]), np.array([2, 3, 9, 9], dtype=np.int32),
                                   torch.Size([3, 9, 9]), np.zeros((3, 9, 9)).shape, [3, 9, 9],
                                   tuple(np.array([3, 9, 9]))])
def test_numpy_and_torch_shapes_are_read_as_tuples(shape):
    out = Conv2d(3, 8, 3).output_shape(shape)
    assert out[-3:] == (8, 7, 7) and all(type(n) is int for n in out)
    assert summary([Conv2d(3, 8, 3)], shape).rows[0].output_shape == out


@pytest.mark.parametrize("shape, error, text", [
    (np.array([3.0, 9.0, 9.0]), TypeError, "input_shape"),
    (np.array([[3, 9, 9]]), TypeError, "input_shape"),
    ((1, 2, 3, 9, 9), ValueError, "or 4 with a batch axis first"),
    ((2, 4, 9, 9), ValueError, "read as a batch of 2 samples of shape (4, 9, 9)"),
])
def test_shapes_that_are_neither_one_sample_nor_a_batch_are_refused(shape, error, text):
    with pytest.raises(error) as info:
        Conv2d(3, 8, 3).output_shape(shape)
    assert text in str(info.value)


def test_a_chain_does_not_take_a_wrong_rank_for_a_batch():
    # Conv3d gives 4 entries; the Conv2d after it must refuse them, not read them as a batch.
    with pytest.raises(ValueError, match="must have 3 entries"):
        Sequential(Conv3d(2, 4, 3), Conv2d(4, 4, 1)).output_shape((2, 5, 5, 5))
    # A chain that starts with Flatten cannot tell a batch: the shape is one sample.
    assert Sequential(Flatten(), Linear(12, 2)).output_shape((3, 4)) == (2,)
    assert Residual(Sequential(Conv2d(4, 4, 3, padding=1))).output_shape((2, 4, 6, 6)) == (2, 4, 6, 6)
    assert unshared_params(Conv2d(3, 4, 3), (7, 3, 9, 9)) == unshared_params(Conv2d(3, 4, 3), (3, 9, 9))


@settings(max_examples=60, deadline=None)
@given(mode=st.sampled_from(["zeros", "reflect", "replicate", "circular"]), kernel=st.integers(1, 4),
       padding=st.one_of(st.integers(0, 6), st.just("same")), height=st.integers(1, 6), width=st.integers(1, 6))
def test_padding_modes_accept_and_refuse_the_inputs_torch_does(mode, kernel, padding, height, width):
    spec = Conv2d(2, 3, kernel, padding=padding, padding_mode=mode)
    module = nn.Conv2d(2, 3, kernel, padding=padding, padding_mode=mode)
    assert repr(spec) == repr(module)
    assert spec.num_params == sum(p.numel() for p in module.parameters())
    try:
        # Reflection and wrapping need real values (the meta device skips the checks).
        expected = tuple(module(torch.zeros(1, 2, height, width)).shape[1:])
    except RuntimeError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError, match="input_shape"):
            spec.output_shape((2, height, width))
    else:
        assert spec.output_shape((2, height, width)) == expected


def test_padding_mode_is_checked_and_transposed_convolutions_take_zeros_only():
    with pytest.raises(ValueError, match="padding_mode"):
        Conv2d(3, 8, 3, padding_mode="mirror")
    with pytest.raises(ValueError, match="padding_mode must be 'zeros' for ConvTranspose2d"):
        ConvTranspose2d(3, 8, 3, padding_mode="reflect")
    with pytest.raises(ValueError):
        nn.ConvTranspose2d(3, 8, 3, padding_mode="reflect")
    assert ConvTranspose2d(3, 8, 3, padding_mode="zeros") == ConvTranspose2d(3, 8, 3)
    assert Conv2d(3, 8, 3, padding_mode="reflect") != Conv2d(3, 8, 3)


@pytest.mark.parametrize("make", [
    lambda **kw: Conv2d(3, 8, 3, **kw), lambda **kw: Conv1d(3, 8, 3, **kw), lambda **kw: Conv3d(3, 8, 3, **kw),
    lambda **kw: ConvTranspose2d(3, 8, 3, **kw), lambda **kw: Linear(3, 8, **kw), lambda **kw: BatchNorm2d(3, **kw),
])
def test_device_and_dtype_are_accepted_and_change_nothing(make):
    plain = make()
    for device, dtype in [("cpu", torch.float16), (torch.device("meta"), torch.float64), (0, None),
                          ("cuda:0", torch.bfloat16), (None, np.float32), (None, torch.complex64)]:
        spec = make(device=device, dtype=dtype)
        assert spec == plain and repr(spec) == repr(plain) and spec.num_params == plain.num_params
    for dtype in (torch.int64, np.int32, "float32", "cpu"):
        with pytest.raises(TypeError, match="dtype"):
            make(dtype=dtype)
    for device in (True, 1.5, ["cpu"]):
        with pytest.raises(TypeError, match="device"):
            make(device=device)
    # torch refuses the same dtypes.
    with pytest.raises(RuntimeError):
        nn.Conv2d(3, 8, 3, dtype=torch.int64)
