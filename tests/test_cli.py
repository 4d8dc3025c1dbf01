"""The command line, run as ``python -m convref``; numbers checked against torch modules built here and the library."""

import csv
import html.parser
import io
import json
import os
import re
import shlex
import subprocess
import sys

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import convref
from convref import cli, models

# Spanish groups thousands with a no-break space (RAE), never a period or a comma.
NBSP = "\u00a0"

ENV = {**os.environ, "PYTHONUTF8": "1"}
ENV.pop("PYTHONIOENCODING", None)

pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")


def run(*args, env=ENV, encoding="utf-8"):
    return subprocess.run([sys.executable, "-m", "convref", *args], capture_output=True, text=True,
                          encoding=encoding, errors="strict", env=env, timeout=120)


def ok(*args):
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def fails(*args):
    """The one line ``convref: error: ...`` that a bad command line prints, with status 2 and nothing on stdout."""
    result = run(*args)
    assert result.returncode == 2, result.stdout
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("convref: error: "), result.stderr
    return lines[0]


def torch_output_shape(module, input_shape):
    with torch.device("meta"):
        return tuple(module.to("meta")(torch.empty(1, *input_shape)).shape[1:])


def torch_macs(module, input_shape):
    with FlopCounterMode(display=False) as counter:
        module(torch.zeros(1, *input_shape))
    return counter.get_total_flops() // 2


def params(module):
    return sum(p.numel() for p in module.parameters())


def running_stats(module):
    return sum(b.numel() for name, b in module.named_buffers() if name.endswith(("running_mean", "running_var")))


def times(values):
    return "×".join(map(str, values))


# --------------------------------------------------------------------------
# convref layer


def test_layer_explains_the_worked_example_in_english():
    module = nn.Conv2d(5, 56, 4)
    out = torch_output_shape(module, (5, 9, 9))
    filters, depth, kh, kw = module.weight.shape
    text = ok("layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4")
    assert "Input: 9×9×5 (height × width × channels" in text and "(5, 9, 9)" in text
    assert f"{filters} filters of {kh}×{kw}×{depth}" in text
    assert f"Output: {times((*out[1:], out[0]))} (channels-first shape {out})" in text
    assert f"{filters} × {depth} = {filters * depth} two-dimensional kernels of {kh}×{kw}" in text
    assert f"a separate set of {module.weight[0, 0].numel()} weights" in text
    total = params(module)
    assert f"{module.weight.numel():,} weights + {module.bias.numel()} biases = {total:,} parameters" in text
    assert f"MACs: {torch_macs(module, (5, 9, 9)):,} multiply-accumulates for one sample" in text
    # The site's claims, as published.
    assert "Output: 6×6×56" in text
    assert "56 filters of 4×4×5" in text
    assert "280 two-dimensional kernels of 4×4" in text
    assert "4,480 weights + 56 biases = 4,536 parameters" in text


def test_layer_explains_the_worked_example_in_spanish():
    module = nn.Conv2d(5, 56, 4)
    text = ok("layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--lang", "es")
    total = params(module)
    assert "Entrada: 9×9×5 (alto × ancho × canales" in text
    assert "56 filtros de 4×4×5" in text
    assert "Salida: 6×6×56" in text
    assert f"56 × 5 = {module.weight.shape[0] * module.weight.shape[1]} núcleos 2-D de 4×4" in text
    assert "cada uno con sus propios 16 pesos" in text
    # Four-digit numbers stay ungrouped in Spanish (RAE).
    assert f"{module.weight.numel()} pesos + {module.bias.numel()} sesgos = {total} parámetros" in text
    assert "4480 pesos + 56 sesgos = 4536 parámetros" in text
    assert f"MAC: 161{NBSP}280 multiplicaciones-acumulaciones por muestra" in text


def test_layer_with_stride_padding_dilation_groups_and_no_bias():
    module = nn.Conv2d(6, 12, (3, 5), stride=2, padding=1, dilation=2, groups=3, bias=False)
    text = ok("layer", "--input", "32x30x6", "--filters", "12", "--kernel", "3x5", "--stride", "2",
              "--padding", "1", "--dilation", "2", "--groups", "3", "--no-bias")
    out = torch_output_shape(module, (6, 32, 30))
    assert f"Output: {times((*out[1:], out[0]))} (channels-first shape {out})" in text
    assert f"Layer: {module!r}" in text
    assert "12 filters of 3×5×2" in text and "(3 groups of 2 channels)" in text
    assert f"{module.weight.numel()} weights, no biases = {module.weight.numel()} parameters" in text
    assert f"MACs: {torch_macs(module, (6, 32, 30)):,} multiply" in text
    spanish = ok("layer", "--input", "32x30x6", "--filters", "12", "--kernel", "3x5", "--groups", "3", "--no-bias",
                 "--padding", "same", "--lang", "es")
    assert "Salida: 32×30×12" in spanish and "sin sesgos" in spanish and "(3 grupos de 2 canales)" in spanish


SINGULAR = re.compile(r"(?<![\d,.\u00a0])1 (filters|channels|groups|weights|biases|parameters|kernels|"
                      r"two-dimensional kernels|multiply-accumulates|filtros|canales|grupos|pesos|sesgos|parámetros|"
                      r"núcleos|multiplicaciones)\b")


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("args", [
    ["--input", "1x1x1", "--filters", "1", "--kernel", "1"],
    ["--input", "1x1x1", "--filters", "1", "--kernel", "1", "--no-bias"],
    ["--input", "5x5x4", "--filters", "4", "--kernel", "3", "--groups", "4"],
    ["--input", "3x3x1", "--filters", "2", "--kernel", "3"],
    ["--input", "3x3x2", "--filters", "1", "--kernel", "1x1"],
], ids=["one-of-everything", "one-weight-no-bias", "depthwise", "one-channel", "one-filter"])
def test_singular_and_plural_agree_in_both_languages(args, lang):
    text = ok("layer", *args, "--lang", lang)
    assert not SINGULAR.findall(text), text


def test_one_of_everything_reads_in_the_singular():
    text = ok("layer", "--input", "1x1x1", "--filters", "1", "--kernel", "1")
    assert "Filters: 1 filter of 1×1×1, with one 1×1 kernel per input channel" in text
    assert "Kernels: 1 × 1 = 1 two-dimensional kernel of 1×1, a single weight" in text
    assert "Parameters: 1 weight + 1 bias = 2 parameters" in text
    assert "MACs: 1 multiply-accumulate for one sample" in text
    spanish = ok("layer", "--input", "1x1x1", "--filters", "1", "--kernel", "1", "--no-bias", "--lang", "es")
    assert "Filtros: 1 filtro de 1×1×1, con un núcleo de 1×1 por canal de entrada" in spanish
    assert "Núcleos: 1 × 1 = 1 núcleo 2-D de 1×1, con un solo peso" in spanish
    assert "Parámetros: 1 peso, sin sesgos = 1 parámetro" in spanish
    assert "MAC: 1 multiplicación-acumulación por muestra" in spanish
    depthwise = ok("layer", "--input", "5x5x4", "--filters", "4", "--kernel", "3", "--groups", "4", "--lang", "es")
    assert "(4 grupos de 1 canal)" in depthwise


def test_layer_reads_and_writes_channels_first_with_layout_chw():
    text = ok("layer", "--input", "5x9x9", "--layout", "chw", "--filters", "56", "--kernel", "4")
    assert text.splitlines()[0] == "Input: 5×9×9 (channels × height × width, as PyTorch writes it)"
    assert "Output: 56×6×6\n" in text
    assert "4,536 parameters" in text
    spanish = ok("layer", "--input", "5x9x9", "--layout", "chw", "--filters", "56", "--kernel", "4", "--lang", "es")
    assert spanish.startswith("Entrada: 5×9×9 (canales × alto × ancho, como lo escribe PyTorch)")


def test_layer_json_is_the_library_s_summary_of_the_layer():
    data = json.loads(ok("layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--stride", "2",
                         "--format", "json", "--lang", "es"))
    assert data == convref.summary([convref.Conv2d(5, 56, 4, stride=2)], (5, 9, 9)).to_dict()
    module = nn.Conv2d(5, 56, 4, stride=2)
    (layer,) = data["layers"]
    assert layer["output_shape"] == list(torch_output_shape(module, (5, 9, 9)))
    assert layer["weight_shape"] == list(module.weight.shape) and layer["trainable_params"] == params(module)
    assert layer["macs"] == torch_macs(module, (5, 9, 9))


def test_layer_in_markdown_html_and_csv():
    args = ["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4"]
    markdown = ok(*args, "--format", "markdown").splitlines()
    assert markdown[0].startswith("- Input: 9×9×5") and all(line.startswith("- ") for line in markdown)
    page = ok(*args, "--format", "html", "--lang", "es")
    assert page.startswith('<ul class="convref-layer" lang="es">') and page.count("<li>") == 7
    rows = list(csv.DictReader(io.StringIO(ok(*args, "--format", "csv"))))
    assert len(rows) == 1 and rows[0]["weight_shape"] == "56x5x4x4" and rows[0]["params"] == "4536"


# --------------------------------------------------------------------------
# convref summary


KERAS = [nn.Conv2d(3, 32, 5, padding="same", bias=False), nn.Conv2d(32, 17, 3, padding="same", bias=False),
         nn.Conv2d(17, 13, 3, padding="same", bias=False), nn.Conv2d(13, 7, 3, padding="same", bias=False)]
KERAS_ARGS = ["summary", "--input", "28x28x3", "--conv", "32:5", "--conv", "17:3", "--conv", "13:3", "--conv", "7:3",
              "--padding", "same", "--no-bias"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_summary_reproduces_the_keras_model(lang):
    text = ok(*KERAS_ARGS, "--lang", lang)
    data = json.loads(ok(*KERAS_ARGS, "--lang", lang, "--format", "json"))
    shape = (3, 28, 28)
    for layer, module in zip(data["layers"], KERAS):
        shape = torch_output_shape(module, shape)
        assert layer["output_shape"] == list(shape)
        assert layer["params"] == module.weight.numel()
        # The table shows shapes channels last, as the sizes were typed (and as Keras prints them).
        assert str((*shape[1:], shape[0])) in text
    assert [layer["params"] for layer in data["layers"]] == [2400, 4896, 1989, 819]
    assert data["totals"]["total_params"] == sum(params(m) for m in KERAS) == 10104
    if lang == "en":
        assert "Output shape (channels last)" in text
        assert "Total params (Keras' count, with non-trainable ones): 10,104" in text
        assert "Trainable params (PyTorch's count): 10,104" in text
    else:
        assert "Forma de salida (canales al final)" in text and "Capa (tipo)" in text
        assert f"Parámetros totales (recuento de Keras, con los no entrenables): 10{NBSP}104" in text


def check_against_torch(data, module, input_shape):
    """Every row of a summary's JSON against the children of a torch Sequential, and the totals."""
    x = torch.zeros(1, *input_shape)
    assert len(data["layers"]) == len(module)
    for layer, child in zip(data["layers"], module):
        assert layer["input_shape"] == list(x.shape[1:])
        with FlopCounterMode(display=False) as counter:
            x = child(x)
        assert layer["output_shape"] == list(x.shape[1:]), layer["name"]
        assert layer["macs"] == counter.get_total_flops() // 2, layer["name"]
        assert layer["trainable_params"] == params(child), layer["name"]
        assert layer["nontrainable_params"] == running_stats(child), layer["name"]
        weight = getattr(child, "weight", None)
        assert layer["weight_shape"] == (None if weight is None else list(weight.shape))
        for key in ("kernel_size", "stride", "padding", "dilation", "groups"):
            if isinstance(child, (nn.Conv2d, nn.ConvTranspose2d)):
                value = getattr(child, key)
                assert layer[key] == (list(value) if isinstance(value, tuple) else value), key
    assert data["totals"]["trainable_params"] == params(module)
    assert data["totals"]["nontrainable_params"] == running_stats(module)
    assert data["totals"]["total_params"] == params(module) + running_stats(module)
    assert data["totals"]["macs"] == sum(layer["macs"] for layer in data["layers"])


def test_a_resnet_stem_is_written_layer_by_layer_and_matches_torch():
    args = ["summary", "--input", "224x224x3", "--conv", "64:7:stride=2:padding=3:bias=no", "--batchnorm", "--relu",
            "--maxpool", "3:stride=2:padding=1", "--conv", "64:3:padding=1:bias=no", "--format", "json"]
    module = nn.Sequential(nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
                           nn.MaxPool2d(3, stride=2, padding=1), nn.Conv2d(64, 64, 3, padding=1, bias=False)).eval()
    data = json.loads(ok(*args))
    check_against_torch(data, module, (3, 224, 224))
    # The same numbers as torchvision's ResNet-18 stem.
    assert data["layers"][3]["output_shape"] == [64, 56, 56]
    assert data["schema"] == "convref.summary/1" and data["input_shape"] == [3, 224, 224]


def test_every_kind_of_layer_option_matches_torch():
    args = ["summary", "--input", "32x32x8", "--layout", "hwc", "--no-bias",
            "--depthwise", "3:padding=1:multiplier=2:bias=yes", "--conv", "16:1:groups=4",
            "--conv-transpose", "8:4:stride=2:padding=1:output_padding=0:dilation=1", "--avgpool", "2:ceil_mode=yes",
            "--maxpool", "3:2:padding=1:dilation=1:ceil_mode=no", "--conv", "8:3x1:dilation=2x1:padding=same",
            "--batchnorm", "--relu", "--adaptive-avgpool", "2", "--flatten", "--dropout", "0.25",
            "--dense", "10:bias=yes", "--format", "json"]
    module = nn.Sequential(
        nn.Conv2d(8, 16, 3, padding=1, groups=8), nn.Conv2d(16, 16, 1, groups=4, bias=False),
        nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1, bias=False), nn.AvgPool2d(2, ceil_mode=True),
        nn.MaxPool2d(3, 2, padding=1), nn.Conv2d(8, 8, (3, 1), dilation=(2, 1), padding="same", bias=False),
        nn.BatchNorm2d(8), nn.ReLU(), nn.AdaptiveAvgPool2d(2), nn.Flatten(), nn.Dropout(0.25), nn.Linear(32, 10),
    ).eval()
    check_against_torch(json.loads(ok(*args)), module, (8, 32, 32))


def test_the_global_options_are_defaults_that_a_layer_s_own_key_overrides():
    data = json.loads(ok("summary", "--input", "8x8x3", "--padding", "1", "--no-bias", "--conv", "4:3",
                         "--conv", "4:3:padding=0:bias=yes", "--format", "json"))
    first, second = data["layers"]
    assert (first["padding"], first["bias_shape"]) == ([1, 1], None)
    assert (second["padding"], second["bias_shape"]) == ([0, 0], [4])


def test_summary_columns_and_both_layouts():
    args = ["summary", "--input", "28x28x1", "--conv", "6:5", "--maxpool", "2", "--flatten", "--dense", "10",
            "--columns", "input_shape,output_shape,kernel_size,weight_shape,params,trainable_params,macs"]
    markdown = ok(*args, "--format", "markdown").splitlines()
    assert markdown[0] == ("| Layer (type) | Input shape (channels last) | Output shape (channels last) | Kernel shape "
                           "| Weight shape | Param # | Trainable # | MACs |")
    assert markdown[2] == "| conv2d (Conv2d) | (28, 28, 1) | (24, 24, 6) | (5, 5) | (6, 1, 5, 5) | 156 | 156 | 86,400 |"
    assert markdown[4] == "| flatten (Flatten) | (12, 12, 6) | (864,) | -- | -- | 0 | 0 | 0 |"
    assert f"- Total MACs (multiply-accumulates): {86_400 + 8_640:,}" in markdown
    chw = ok("summary", "--input", "1x28x28", "--layout", "chw", "--conv", "6:5", "--maxpool", "2",
             "--columns", "output_shape", "--format", "markdown").splitlines()
    assert chw[0] == "| Layer (type) | Output shape (channels first) |"
    assert chw[2] == "| conv2d (Conv2d) | (6, 24, 24) |"
    # Machine formats stay channels first whatever the layout the sizes were typed in.
    assert (ok("summary", "--input", "1x28x28", "--layout", "chw", "--conv", "6:5", "--format", "json")
            == ok("summary", "--input", "28x28x1", "--conv", "6:5", "--format", "json"))


def test_summary_in_markdown_and_html():
    args = ["summary", "--input", "28x28x1", "--conv", "6:5:1", "--batchnorm", "--relu", "--maxpool", "2",
            "--conv", "16:5", "--avgpool", "2", "--flatten", "--dense", "10", "--columns", "output_shape,params"]
    torch_stack = nn.Sequential(nn.Conv2d(1, 6, 5), nn.BatchNorm2d(6), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5),
                                nn.AvgPool2d(2), nn.Flatten(), nn.Linear(16 * 4 * 4, 10))
    trainable = params(torch_stack)
    markdown = ok(*args, "--format", "markdown")
    assert markdown.startswith("| Layer (type) | Output shape (channels last) | Param # |\n|:--|:--|--:|\n")
    assert f"- Trainable params (PyTorch's count): {trainable:,}" in markdown
    assert "- Non-trainable params (BatchNorm statistics): 12" in markdown
    page = ok(*args, "--format", "html", "--lang", "es")
    assert page.startswith('<table class="convref-summary" lang="es">')
    assert f'<td class="num">{trainable + 12}</td>' in page


# --------------------------------------------------------------------------
# convref model


@pytest.mark.parametrize("name", models.__all__)
def test_model_accepts_every_model_of_convref_models(name):
    data = json.loads(ok("model", name, "--format", "json"))
    model = getattr(models, name)()
    assert data["totals"]["trainable_params"] == model.num_params
    assert data["totals"]["nontrainable_params"] == model.num_nontrainable
    assert data["totals"]["macs"] == model.macs((3, 224, 224))
    assert data["output_shape"] == [1000]
    assert data == convref.summary(model, (3, 224, 224)).to_dict()


def test_model_command_prints_published_totals():
    text = ok("model", "resnet50", "--keras")
    assert "Total params (Keras' count, with non-trainable ones): 25,636,712" in text
    assert "Non-trainable params (BatchNorm statistics): 53,120" in text
    assert "Trainable params (PyTorch's count): 11,689,512" in ok("model", "resnet18")
    expanded = json.loads(ok("model", "vgg16", "--expand", "--num-classes", "10", "--format", "json"))
    assert expanded["output_shape"] == [10] and len(expanded["layers"]) == 31 + 2 + 7
    assert expanded["totals"]["trainable_params"] == models.vgg16(num_classes=10).num_params
    chw = json.loads(ok("model", "resnet18", "--layout", "chw", "--input", "3x64x64", "--format", "json"))
    assert chw["input_shape"] == [3, 64, 64]


# --------------------------------------------------------------------------
# Every format for every subcommand


COMMANDS = {
    "layer": ["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4"],
    "summary": ["summary", "--input", "28x28x3", "--conv", "8:3", "--batchnorm", "--relu", "--flatten", "--dense",
                "10"],
    "model": ["model", "resnet18"],
}


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.opened, self.closed = [], []

    def handle_starttag(self, tag, attrs):
        self.opened.append(tag)

    def handle_endtag(self, tag):
        self.closed.append(tag)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "csv"])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_writes_every_format(command, fmt, lang):
    out = ok(*COMMANDS[command], "--format", fmt, "--lang", lang)
    assert out.strip()
    if fmt == "json":
        data = json.loads(out)
        assert data["schema"] == "convref.summary/1" and data["layers"]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows and "macs" in rows[0]
    elif fmt == "html":
        tags = _Tags()
        tags.feed(out)
        assert tags.opened[0] in ("table", "ul") and sorted(tags.opened) == sorted(tags.closed)
        assert f'lang="{lang}"' in out


# --------------------------------------------------------------------------
# Layout safety


@pytest.mark.parametrize("args, typed", [
    (["summary", "--input", "3x224x224", "--conv", "8:3"], "3x224x224"),
    (["layer", "--input", "1x28x28", "--filters", "8", "--kernel", "1", "--lang", "es"], "1x28x28"),
    (["summary", "--input", "224x224x3", "--layout", "chw", "--conv", "8:3"], "224x224x3"),
    (["model", "resnet18", "--input", "224x224x3", "--layout", "chw", "--format", "json"], "224x224x3"),
])
def test_a_size_that_looks_typed_in_the_other_layout_gets_one_warning_line(args, typed):
    result = run(*args)
    assert result.returncode == 2 if args[0] == "model" else result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("convref: warning: ")]
    assert len(warnings) == 1, result.stderr
    assert f"--input {typed} is read as" in warnings[0] and "--layout" in warnings[0]
    assert "Traceback" not in result.stderr


def test_the_warning_says_how_to_write_what_was_meant():
    result = run("summary", "--input", "3x224x224", "--conv", "8:3", "--format", "json")
    assert result.stderr == ("convref: warning: --input 3x224x224 is read as height 3 x width 224 x 224 channels "
                             "(--layout hwc); if you meant 3 channels of 224x224, write --input 224x224x3 or add "
                             "--layout chw\n")
    # It is read as typed, all the same: 224 channels.
    assert json.loads(result.stdout)["layers"][0]["weight_shape"] == [8, 224, 3, 3]
    assert ok("summary", "--input", "224x224x3", "--conv", "8:3", "--format", "json") == ok(
        "summary", "--input", "3x224x224", "--layout", "chw", "--conv", "8:3", "--format", "json")


@pytest.mark.parametrize("args", [
    ["summary", "--input", "224x224x3", "--conv", "8:3"],
    ["summary", "--input", "4x4x512", "--conv", "8:3"],      # a real late feature map, channels last
    ["summary", "--input", "7x7x2048", "--conv", "8:1"],
    ["summary", "--input", "3x224x224", "--layout", "chw", "--conv", "8:3"],
    ["summary", "--input", "512x4x4", "--layout", "chw", "--conv", "8:3"],
])
def test_sizes_in_their_own_layout_get_no_warning(args):
    ok(*args)


# --------------------------------------------------------------------------
# Rough edges: version, misspellings, repeated options, huge sizes, encodings


def test_version():
    assert ok("--version") == f"convref {convref.__version__}\n"
    assert ok("summary", "--version") == f"convref {convref.__version__}\n"


@pytest.mark.parametrize("args, suggestion", [
    (["layer", "--input", "9x9x5", "--filters", "56", "--kernal", "4"], "did you mean --kernel?"),
    (["summary", "--input", "9x9x5", "--paddng", "1", "--conv", "3:3"], "did you mean --padding?"),
    (["summary", "--input", "9x9x5", "--maxpol", "2"], "did you mean --maxpool?"),
    (["summary", "--input", "9x9x5", "--conv", "3:3:strde=2"], "did you mean stride?"),
    (["summary", "--input", "9x9x5", "--conv", "3:3", "--columns", "outpt_shape"], "did you mean output_shape?"),
    (["sumary", "--input", "9x9x5"], "did you mean summary?"),
    (["model", "resnet-18"], "did you mean resnet18?"),
    (["model", "resnet18", "--format", "jsn"], "did you mean json?"),
    (["--verison"], "did you mean --version?"),
])
def test_a_misspelt_name_is_named_with_the_closest_one(args, suggestion):
    line = fails(*args)
    assert line.endswith(suggestion) or f"{suggestion} (see" in line, line


@pytest.mark.parametrize("args, option", [
    (["summary", "--input", "9x9x5", "--padding", "1", "--padding", "2", "--conv", "3:3"], "--padding"),
    (["summary", "--input", "9x9x5", "--input", "8x8x5", "--conv", "3:3"], "--input"),
    (["summary", "--input", "9x9x5", "--conv", "3:3", "--no-bias", "--no-bias"], "--no-bias"),
    (["summary", "--input", "9x9x5", "--conv", "3:3", "--dilation", "1", "--dilation", "2"], "--dilation"),
    (["layer", "--input", "9x9x5", "--filters", "5", "--filters", "6", "--kernel", "3"], "--filters"),
    (["layer", "--input", "9x9x5", "--filters", "5", "--kernel", "3", "--kernel", "2"], "--kernel"),
    (["layer", "--input", "9x9x5", "--filters", "5", "--kernel", "3", "--lang", "es", "--lang", "en"], "--lang"),
    (["model", "vgg16", "--format", "json", "--format", "csv"], "--format"),
    (["model", "vgg16", "--layout", "hwc", "--layout", "chw"], "--layout"),
    (["model", "vgg16", "--columns", "params", "--columns", "macs"], "--columns"),
])
def test_a_repeated_global_option_is_an_error_not_a_silent_override(args, option):
    assert fails(*args).startswith(f"convref: error: {option} is given twice")


@pytest.mark.parametrize("args", [
    ["layer", "--input", "9" * 5000 + "x9x5", "--filters", "56", "--kernel", "4"],
    ["layer", "--input", "9x9x5", "--filters", "9" * 5000, "--kernel", "4"],
    ["summary", "--input", "9x9x5", "--conv", "3:" + "9" * 5000],
    ["summary", "--input", "9x9x5", "--dense", "1" * 30],
    ["summary", "--input", "9x9x5", "--conv", "3:3:padding=" + "9" * 4400],
    ["layer", "--input", "9223372036854775808x9x5", "--filters", "56", "--kernel", "4"],
])
def test_huge_numbers_get_one_line_not_the_int_conversion_limit(args):
    line = fails(*args)
    assert "larger than any size PyTorch can hold" in line and "Exceeds the limit" not in line
    assert len(line) < 300


def test_sizes_beyond_any_real_network_get_a_warning_and_their_numbers():
    result = run("summary", "--input", "1000000000x1000000000x3", "--conv", "8:3", "--flatten", "--dense", "10",
                 "--format", "json")
    assert result.returncode == 0
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("convref: warning: an input of 3e+18 values per sample and 8e+19 parameters are far "
                              "beyond any real network")
    data = json.loads(result.stdout)
    assert data["totals"]["trainable_params"] == 224 + (8 * 999999998**2) * 10 + 10
    assert "far beyond" in run("layer", "--input", "100000x100000x3", "--filters", "8", "--kernel", "3").stderr
    assert run("model", "vgg16").stderr == ""


ASCII_ENV = {**ENV, "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0", "LC_ALL": "C"}


@pytest.mark.parametrize("args", [
    ["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--lang", "es"],
    ["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--format", "html"],
    ["summary", "--input", "28x28x3", "--conv", "32:5", "--batchnorm", "--lang", "es", "--format", "markdown"],
    ["model", "resnet50", "--keras", "--lang", "es"],
    ["summary", "--help"],
    ["layer", "--input", "9×9×ä", "--filters", "56", "--kernel", "4"],
    ["layer", "--input", "3x224x224", "--filters", "56", "--kernel", "4"],
    ["summary", "--input", "9x9x5", "--conv", "3:3:padding=ñ"],
])
def test_no_traceback_whatever_the_output_encoding(args):
    result = run(*args, env=ASCII_ENV, encoding="ascii")
    assert result.returncode in (0, 2)
    assert "Traceback" not in result.stderr
    assert result.stdout.isascii() and result.stderr.isascii()
    assert (result.stdout if result.returncode == 0 else result.stderr).strip()


def test_ascii_output_is_transliterated_not_dropped():
    out = run("layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--lang", "es", env=ASCII_ENV,
              encoding="ascii").stdout
    assert "Nucleos: 56 x 5 = 280 nucleos 2-D de 4x4" in out
    assert "MAC: 161 280 multiplicaciones" in out


def test_a_reader_that_stops_early_gets_no_traceback():
    # As in `convref model resnet50 | head -3`, but with the reader gone before the first line.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([sys.executable, "-m", "convref", "model", "resnet50"], stdout=write_end,
                                stderr=subprocess.PIPE, env=ENV, timeout=60)
    finally:
        os.close(write_end)
    assert result.stderr == b""
    assert result.returncode == 1


def test_an_internal_error_is_one_line_too(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "_summary", broken)
    with pytest.raises(SystemExit) as info:
        cli.main(["summary", "--input", "9x9x5", "--conv", "3:3"])
    assert info.value.code == 1
    assert capsys.readouterr().err == ("convref: error: internal error (RuntimeError: a bug); please report it with "
                                       "the command line\n")


# --------------------------------------------------------------------------
# Help


def test_help_is_available_and_documents_the_layer_options():
    text = ok("--help")
    assert "layer" in text and "summary" in text and "--lang es" in text
    summary_help = ok("summary", "--help")
    for option in ("--conv F:K[:S][:key=value...]", "--depthwise", "--conv-transpose", "--maxpool", "--avgpool",
                   "--adaptive-avgpool", "--dense", "--dropout", "--columns", "--layout {hwc,chw}",
                   "--format {text,markdown,html,json,csv}", "output_padding", "multiplier", "ceil_mode"):
        assert option in summary_help, option
    assert "--conv 64:7:stride=2:padding=3:bias=no" in summary_help


def help_examples():
    """Every ``convref ...`` example of every --help, with its continuation lines joined."""
    examples = []
    for command in ([], ["layer"], ["summary"], ["model"]):
        text = ok(*command, "--help").replace("\\\n", " ")
        examples += [line.strip() for line in text.splitlines() if line.strip().startswith("convref ")]
    return examples


def test_help_examples_run():
    examples = help_examples()
    assert len(examples) >= 9
    for example in examples:
        args = shlex.split(example)[1:]
        result = run(*args)
        assert result.returncode == 0 and result.stderr == "", (example, result.stderr)
        assert result.stdout.strip()


# --------------------------------------------------------------------------
# Bad arguments: one line, status 2, naming what is wrong


def test_bad_arguments_give_one_line_and_status_2_in_a_subprocess():
    for args in (["layer", "--input", "9x9", "--filters", "56", "--kernel", "4"],
                 ["layer", "--input", "3x3x5", "--filters", "56", "--kernel", "4"],
                 ["layer", "--input", "9x9x5", "--filters", "56"]):
        fails(*args)
    assert fails("layer", "--input", "9x9", "--filters", "56", "--kernel", "4") == (
        "convref: error: --input must look like HxWxC, e.g. 224x224x3 (positive whole numbers; --layout hwc), "
        "got '9x9'")


BAD = [
    (["layer", "--input", "9x9x0", "--filters", "56", "--kernel", "4"], "--input"),
    (["layer", "--input", "9x9x5", "--filters", "0", "--kernel", "4"], "--filters"),
    (["layer", "--input", "9x9x5", "--filters", "many", "--kernel", "4"], "--filters"),
    (["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4x4x4"], "--kernel"),
    (["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--stride", "0"], "--stride"),
    (["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--padding", "full"], "--padding"),
    (["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--padding", "same", "--stride", "2"],
     "padding='same' is not supported with stride > 1"),
    (["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--groups", "2"], "groups=2"),
    (["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "12"], "input_shape"),
    (["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--lang", "fr"], "--lang"),
    (["layer", "--input", "5x9x9", "--layout", "whc", "--filters", "56", "--kernel", "4"], "--layout"),
    (["summary", "--input", "28x28x3"], "at least one layer"),
    (["summary", "--input", "28x28x3", "--padding", "-1", "--conv", "8:3"], "--padding must look like"),
    (["summary", "--input", "28x28x3", "--conv", "-8:3"], "argument --conv: expected one argument"),
    (["summary", "--input", "28x28x3", "--conv=-8:3"], "--conv filters must be a whole number"),
    (["summary", "--input", "28x28x3", "--conv", "32"], "--conv needs filters:kernel"),
    (["summary", "--input", "28x28x3", "--conv", "32:5:1:1"], "too many fields"),
    (["summary", "--input", "28x28x3", "--conv", "32:0"], "--conv kernel"),
    (["summary", "--input", "28x28x3", "--conv", "32:5:stride=2:1"], "comes after a key=value"),
    (["summary", "--input", "28x28x3", "--conv", "32:5:2:stride=2"], "stride is given twice"),
    (["summary", "--input", "28x28x3", "--conv", "32:5:padding="], "padding has no value"),
    (["summary", "--input", "28x28x3", "--conv", "32:5:bias=maybe"], "--conv bias must be yes or no"),
    (["summary", "--input", "28x28x3", "--conv", "32:5:groups=2"], "groups=2"),
    (["summary", "--input", "28x28x3", "--conv-transpose", "8:3:padding=same"], "--conv-transpose padding"),
    (["summary", "--input", "28x28x3", "--depthwise", "3:stride=2:padding=same"], "padding='same'"),
    (["summary", "--input", "28x28x3", "--maxpool", "3:padding=2"], "half of kernel_size"),
    (["summary", "--input", "28x28x3", "--avgpool", "2:dilation=2"], "unknown key 'dilation'"),
    (["summary", "--input", "28x28x3", "--dropout", "1.5"], "--dropout p must be a probability"),
    (["summary", "--input", "28x28x3", "--adaptive-avgpool", "0"], "--adaptive-avgpool size"),
    (["summary", "--input", "28x28x3", "--relu", "--columns", "params,params"], "--columns"),
    (["summary", "--input", "4x4x3", "--conv", "8:3", "--maxpool", "3"], "--maxpool 3"),
    (["summary", "--input", "4x4x3", "--flatten", "--dense", "0"], "--dense units"),
    (["summary", "--input", "4x4x3", "--relu", "--batchnorm", "--conv", "8:5"], "--conv 8:5"),
    (["summary", "--input", "4x4x3", "--flatten", "--conv", "8:1"], "--conv 8:1"),
    (["model", "vgg16", "--keras"], "--keras applies to resnet50 only"),
    (["model", "alexnet"], "invalid choice"),
    (["model", "vgg16", "--input", "16x16x3"], "input_shape"),
    (["model", "vgg16", "--num-classes", "0"], "--num-classes"),
    (["convolve"], "invalid choice"),
    (["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "extra"], "unrecognized arguments"),
    ([], "required"),
]


@pytest.mark.parametrize("args, text", BAD, ids=[" ".join(args) or "no-arguments" for args, _ in BAD])
def test_bad_arguments_give_one_line_and_status_2(args, text, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("convref: error: ")
    assert text in lines[0]
