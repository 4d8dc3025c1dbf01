"""Summaries as data (to_dict, JSON, CSV) and as tables with chosen columns, checked against torch modules."""

import csv
import io
import json

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from convref import (AvgPool2d, BatchNorm2d, Conv2d, ConvTranspose2d, Flatten, Linear, MaxPool2d, ReLU, Residual,
                     Sequential, models, summary)
from convref.layers.summary import COLUMNS, SCHEMA

NBSP = "\u00a0"

# A stack with every kind of row: a strided stem, pooling, a depthwise and a grouped conv,
# a transposed conv, a residual block, global pooling and a classifier.
SPECS = [
    Conv2d(3, 16, 7, stride=2, padding=3, bias=False), BatchNorm2d(16), ReLU(), MaxPool2d(3, stride=2, padding=1),
    Conv2d(16, 16, 3, padding=1, groups=16), Conv2d(16, 32, 1, groups=4), ConvTranspose2d(32, 8, 4, stride=2,
                                                                                         padding=1),
    Residual(Sequential(Conv2d(8, 8, 3, padding=1, bias=False), BatchNorm2d(8))), AvgPool2d(2), Flatten(),
    Linear(8 * 16 * 16, 10),
]


class TorchResidual(nn.Module):
    def __init__(self, body):
        super().__init__()
        self.body = body

    def forward(self, x):
        return self.body(x) + x


def torch_stack():
    return nn.Sequential(
        nn.Conv2d(3, 16, 7, stride=2, padding=3, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
        nn.MaxPool2d(3, stride=2, padding=1), nn.Conv2d(16, 16, 3, padding=1, groups=16),
        nn.Conv2d(16, 32, 1, groups=4), nn.ConvTranspose2d(32, 8, 4, stride=2, padding=1),
        TorchResidual(nn.Sequential(nn.Conv2d(8, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8))),
        nn.AvgPool2d(2), nn.Flatten(), nn.Linear(8 * 16 * 16, 10)).eval()


INPUT = (3, 64, 64)


def running_stats(module):
    return sum(b.numel() for name, b in module.named_buffers() if name.endswith(("running_mean", "running_var")))


def macs(module, x):
    with FlopCounterMode(display=False) as counter:
        module(x)
    return counter.get_total_flops() // 2


def as_list(value):
    return list(value) if isinstance(value, tuple) else value


@pytest.mark.parametrize("batch", [None, 4])
def test_to_dict_matches_torch_layer_by_layer(batch):
    module = torch_stack()
    shape = INPUT if batch is None else (batch, *INPUT)
    data = summary(SPECS, shape).to_dict()
    assert data["schema"] == SCHEMA == "convref.summary/1"
    assert data["batch_size"] == batch and data["input_shape"] == list(shape)
    x = torch.zeros(batch or 1, *INPUT)
    assert len(data["layers"]) == len(module)
    for layer, child in zip(data["layers"], module):
        keep = slice(None) if batch else slice(1, None)
        assert layer["input_shape"] == list(x.shape[keep])
        count = macs(child, x)
        x = child(x)
        assert layer["output_shape"] == list(x.shape[keep])
        assert layer["macs"] == count
        assert layer["trainable_params"] == sum(p.numel() for p in child.parameters())
        assert layer["nontrainable_params"] == running_stats(child)
        assert layer["params"] == layer["trainable_params"] + layer["nontrainable_params"]
        weight, bias = getattr(child, "weight", None), getattr(child, "bias", None)
        assert layer["weight_shape"] == (None if weight is None else list(weight.shape))
        assert layer["bias_shape"] == (None if bias is None else list(bias.shape))
        assert layer["type"] == ("Residual" if isinstance(child, TorchResidual) else type(child).__name__)
        if isinstance(child, (nn.Conv2d, nn.ConvTranspose2d)):
            for key in ("kernel_size", "stride", "padding", "dilation", "groups"):
                assert layer[key] == as_list(getattr(child, key)), key
            assert layer["repr"] == repr(child)
        elif isinstance(child, (nn.MaxPool2d, nn.AvgPool2d)):
            assert layer["kernel_size"] == [child.kernel_size] * 2 and layer["groups"] is None
            assert layer["stride"] == [child.stride] * 2 and layer["padding"] == [child.padding] * 2
        else:
            assert all(layer[key] is None for key in ("kernel_size", "stride", "padding", "dilation", "groups"))
    assert data["output_shape"] == list(x.shape if batch else x.shape[1:])
    totals = data["totals"]
    assert totals["trainable_params"] == sum(p.numel() for p in module.parameters())
    assert totals["nontrainable_params"] == running_stats(module)
    assert totals["total_params"] == totals["trainable_params"] + totals["nontrainable_params"]
    assert totals["macs"] == macs(module, torch.zeros(batch or 1, *INPUT))
    assert sum(layer["params"] for layer in data["layers"]) == totals["total_params"]


def test_every_layer_has_the_same_keys_and_json_is_exactly_to_dict():
    table = summary(models.resnet18(), (3, 224, 224), expand=True)
    data = table.to_dict()
    keys = {tuple(layer) for layer in data["layers"]}
    assert keys == {("name", "type", "repr", "input_shape", "output_shape", "kernel_size", "stride", "padding",
                     "dilation", "groups", "output_padding", "weight_shape", "bias_shape", "trainable_params",
                     "nontrainable_params", "params", "macs")}
    text = table.render("json")
    assert text.isascii()
    assert json.loads(text) == data
    assert json.loads(summary(models.resnet18(), (3, 224, 224), expand=True, lang="es").render("json")) == data
    assert data["totals"]["trainable_params"] == 11_689_512
    # A shape stays on one line, for a readable diff of two architectures.
    assert '"input_shape": [3, 224, 224],' in text


def test_csv_has_one_line_per_layer_with_the_keys_of_to_dict():
    table = summary(SPECS, INPUT)
    rows = list(csv.DictReader(io.StringIO(table.render("csv"))))
    layers = table.to_dict()["layers"]
    assert len(rows) == len(layers)
    for row, layer in zip(rows, layers):
        assert list(row) == list(layer)
        for key, value in layer.items():
            if value is None:
                assert row[key] == ""
            elif isinstance(value, list):
                assert [int(v) for v in row[key].split("x")] == value
            else:
                assert row[key] == str(value)


def test_the_totals_say_whose_convention_they_follow():
    table = summary(models.resnet50(keras=True), (3, 224, 224), columns=["output_shape", "params", "macs"])
    lines = str(table).splitlines()
    assert "Total params (Keras' count, with non-trainable ones): 25,636,712" in lines
    assert "Trainable params (PyTorch's count): 25,583,592" in lines
    assert "Non-trainable params (BatchNorm statistics): 53,120" in lines
    assert f"Total MACs (multiply-accumulates): {table.macs:,}" in lines
    spanish = summary(models.resnet50(), (2, 3, 224, 224), columns=["macs"], lang="es").render("markdown")
    assert f"- Parámetros entrenables (recuento de PyTorch): 25{NBSP}557{NBSP}032" in spanish
    assert "- MAC totales (multiplicaciones-acumulaciones, lote de 2): " in spanish


def test_columns_are_shown_in_the_order_asked():
    table = summary([Conv2d(3, 8, 3), ReLU()], (3, 9, 9),
                    columns=["macs", "kernel_size", "input_shape", "weight_shape", "trainable_params"])
    lines = table.render("markdown").splitlines()
    assert lines[0] == "| Layer (type) | MACs | Kernel shape | Input shape | Weight shape | Trainable # |"
    assert lines[1] == "|:--|--:|:--|:--|:--|--:|"
    assert lines[2] == "| conv2d (Conv2d) | 10,584 | (3, 3) | (3, 9, 9) | (8, 3, 3, 3) | 224 |"
    assert lines[3] == "| relu (ReLU) | 0 | -- | (8, 7, 7) | -- | 0 |"
    text = str(table).splitlines()
    assert text[1].split() == ["Layer", "(type)", "MACs", "Kernel", "shape", "Input", "shape", "Weight", "shape",
                               "Trainable", "#"]
    # A left-aligned column after a number keeps a gap: "10,584    (3, 3)".
    assert "10,584    (3, 3)" in text[3]
    assert set(text[0]) == {"_"} and len(text[0]) >= max(len(line) for line in text[:6])
    html = table.to_html()
    assert '<th scope="col" class="num">MACs</th>' in html and "<td></td>" in html
    assert 'colspan="5"' in html
    assert summary([ReLU()], (3, 4, 4), columns=[]).render("markdown").splitlines()[:2] == [
        "| Layer (type) |", "|:--|"]


@pytest.mark.parametrize("columns, error", [
    (["output"], ValueError), (["macs", "macs"], ValueError), ("macs", TypeError), ([3], ValueError),
])
def test_bad_columns_are_refused_naming_columns(columns, error):
    with pytest.raises(error, match="columns"):
        summary([ReLU()], (3, 4, 4), columns=columns)


def test_every_column_has_a_header_in_both_languages():
    for lang in ("en", "es"):
        table = summary([Conv2d(3, 8, 3)], (3, 9, 9), columns=COLUMNS, lang=lang)
        headers = table.render("markdown").splitlines()[0].strip("| ").split(" | ")
        assert len(headers) == len(set(headers)) == 1 + len(COLUMNS)


def test_channels_last_layout_writes_shapes_as_keras_and_keeps_the_data_channels_first():
    specs = [Conv2d(3, 32, 3, padding=1), Flatten(), Linear(32 * 28 * 28, 10)]
    table = summary(specs, (3, 28, 28), columns=["input_shape", "output_shape"], layout="channels_last")
    lines = table.to_markdown().splitlines()
    assert lines[0] == "| Layer (type) | Input shape (channels last) | Output shape (channels last) |"
    assert lines[2] == "| conv2d (Conv2d) | (28, 28, 3) | (28, 28, 32) |"
    assert lines[3] == "| flatten (Flatten) | (28, 28, 32) | (25088,) |"
    assert table.rows[0].output_shape == (32, 28, 28)
    assert table.to_dict() == summary(specs, (3, 28, 28)).to_dict()
    batched = summary(specs, (8, 3, 28, 28), layout="channels_last", lang="es").to_markdown().splitlines()
    assert batched[0] == "| Capa (tipo) | Forma de salida (canales al final) | Parámetros |"
    assert batched[2].startswith("| conv2d (Conv2d) | (8, 28, 28, 32) |")
    first = summary(specs, (3, 28, 28), layout="channels_first").to_markdown().splitlines()
    assert first[0] == "| Layer (type) | Output shape (channels first) | Param # |"
    with pytest.raises(ValueError, match="layout"):
        summary(specs, (3, 28, 28), layout="hwc")


def test_a_batch_keeps_its_axis_in_every_row_and_counts_the_whole_batch():
    one = summary(SPECS, INPUT)
    batch = summary(SPECS, (5, *INPUT))
    assert batch.batch_size == 5 and one.batch_size is None
    assert [row.output_shape for row in batch.rows] == [(5, *row.output_shape) for row in one.rows]
    assert [row.macs for row in batch.rows] == [5 * row.macs for row in one.rows]
    assert batch.macs == 5 * one.macs and batch.total_params == one.total_params
    with pytest.raises(ValueError, match="read as a batch of 5 samples"):
        summary(SPECS, (5, 4, 64, 64))


def test_the_repl_and_jupyter_show_the_table():
    table = summary([Conv2d(3, 8, 3), BatchNorm2d(8)], (3, 9, 9))
    assert repr(table) == str(table) == table.render("text")
    assert repr(table).splitlines()[1].split()[:2] == ["Layer", "(type)"]
    assert table._repr_html_() == table.to_html()
