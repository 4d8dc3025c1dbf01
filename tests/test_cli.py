"""The command line, run as ``python -m convref``; numbers checked against torch modules built here."""

import os
import re
import subprocess
import sys

import pytest
import torch
from torch import nn

from convref import cli

# Spanish groups thousands with a no-break space (RAE), never a period or a comma.
SPANISH_GROUP_SEPARATOR = "\u00a0"

ENV = {**os.environ, "PYTHONUTF8": "1"}


def run(*args):
    return subprocess.run([sys.executable, "-m", "convref", *args], capture_output=True, text=True,
                          encoding="utf-8", env=ENV, timeout=60)


def ok(*args):
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def torch_output_shape(module, input_shape):
    with torch.device("meta"):
        return tuple(module(torch.empty(1, *input_shape)).shape[1:])


def times(values):
    return "×".join(map(str, values))


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
    total = sum(p.numel() for p in module.parameters())
    assert f"{module.weight.numel():,} weights + {module.bias.numel()} biases = {total:,} parameters" in text
    # The site's claims, as published.
    assert "Output: 6×6×56" in text
    assert "56 filters of 4×4×5" in text
    assert "280 two-dimensional kernels of 4×4" in text
    assert "4,480 weights + 56 biases = 4,536 parameters" in text


def test_layer_explains_the_worked_example_in_spanish():
    module = nn.Conv2d(5, 56, 4)
    text = ok("layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4", "--lang", "es")
    total = sum(p.numel() for p in module.parameters())
    assert "Entrada: 9×9×5 (alto × ancho × canales" in text
    assert "56 filtros de 4×4×5" in text
    assert "Salida: 6×6×56" in text
    assert f"56 × 5 = {module.weight.shape[0] * module.weight.shape[1]} núcleos 2-D de 4×4" in text
    assert "cada uno con sus propios 16 pesos" in text
    # Four-digit numbers stay ungrouped in Spanish (RAE).
    assert f"{module.weight.numel()} pesos + {module.bias.numel()} sesgos = {total} parámetros" in text
    assert "4480 pesos + 56 sesgos = 4536 parámetros" in text


def test_layer_with_stride_padding_dilation_groups_and_no_bias():
    module = nn.Conv2d(6, 12, (3, 5), stride=2, padding=1, dilation=2, groups=3, bias=False)
    text = ok("layer", "--input", "32x30x6", "--filters", "12", "--kernel", "3x5", "--stride", "2",
              "--padding", "1", "--dilation", "2", "--groups", "3", "--no-bias")
    out = torch_output_shape(module, (6, 32, 30))
    assert f"Output: {times((*out[1:], out[0]))} (channels-first shape {out})" in text
    assert f"Layer: {module!r}" in text
    assert "12 filters of 3×5×2" in text and "(3 groups of 2 channels)" in text
    assert f"{module.weight.numel()} weights, no biases = {module.weight.numel()} parameters" in text
    spanish = ok("layer", "--input", "32x30x6", "--filters", "12", "--kernel", "3x5", "--groups", "3", "--no-bias",
                 "--padding", "same", "--lang", "es")
    assert "Salida: 32×30×12" in spanish and "sin sesgos" in spanish and "(3 grupos de 2 canales)" in spanish


KERAS = [nn.Conv2d(3, 32, 5, padding="same", bias=False), nn.Conv2d(32, 17, 3, padding="same", bias=False),
         nn.Conv2d(17, 13, 3, padding="same", bias=False), nn.Conv2d(13, 7, 3, padding="same", bias=False)]
KERAS_ARGS = ["summary", "--input", "28x28x3", "--conv", "32:5", "--conv", "17:3", "--conv", "13:3", "--conv", "7:3",
              "--padding", "same", "--no-bias"]


def table_rows(text):
    """(name, output shape, params) of each row of a printed summary."""
    rows = re.findall(r"^ (\S+) \(\w+\)\s+(\([\d, ]+\))\s+([\d,\u00a0]+)$", text, flags=re.M)
    return [(name, shape, int(re.sub(r"[,\u00a0]", "", count))) for name, shape, count in rows]


@pytest.mark.parametrize("lang, total_line", [("en", "Total params: {:,}"), ("es", "Parámetros totales: {}")])
def test_summary_reproduces_the_keras_model(lang, total_line):
    text = ok(*KERAS_ARGS, "--lang", lang)
    shape = (3, 28, 28)
    expected = []
    for module in KERAS:
        shape = torch_output_shape(module, shape)
        expected.append((str(shape), module.weight.numel()))
    rows = table_rows(text)
    assert [(shape, params) for _, shape, params in rows] == expected
    assert [params for _, _, params in rows] == [2400, 4896, 1989, 819]
    total = sum(params for _, params in expected)
    if lang == "en":
        assert total_line.format(total) in text and "Total params: 10,104" in text
    else:
        assert f"Parámetros totales: 10{SPANISH_GROUP_SEPARATOR}104" in text
        assert "Capa (tipo)" in text and "Forma de salida" in text


def test_summary_of_a_mixed_stack_in_markdown_and_html():
    args = ["summary", "--input", "28x28x1", "--conv", "6:5:1", "--batchnorm", "--relu", "--maxpool", "2",
            "--conv", "16:5", "--avgpool", "2", "--flatten", "--dense", "10"]
    torch_stack = nn.Sequential(nn.Conv2d(1, 6, 5), nn.BatchNorm2d(6), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5),
                                nn.AvgPool2d(2), nn.Flatten(), nn.Linear(16 * 4 * 4, 10))
    trainable = sum(p.numel() for p in torch_stack.parameters())
    markdown = ok(*args, "--format", "markdown")
    assert markdown.startswith("| Layer (type) | Output shape | Param # |\n|:--|:--|--:|\n")
    assert f"- Trainable params: {trainable:,}" in markdown
    assert "- Non-trainable params: 12" in markdown
    html = ok(*args, "--format", "html", "--lang", "es")
    assert html.startswith('<table class="convref-summary" lang="es">')
    assert f'<td class="num">{trainable + 12}</td>' in html


def test_model_command_prints_published_totals():
    text = ok("model", "resnet50", "--keras")
    assert "Total params: 25,636,712" in text and "Non-trainable params: 53,120" in text
    assert "Trainable params: 11,689,512" in ok("model", "resnet18")


def test_help_is_available():
    text = ok("--help")
    assert "layer" in text and "summary" in text and "--lang es" in text
    assert "F:K[:S]" in ok("summary", "--help")


def test_bad_arguments_give_one_line_and_status_2_in_a_subprocess():
    for args in (["layer", "--input", "9x9", "--filters", "56", "--kernel", "4"],
                 ["layer", "--input", "3x3x5", "--filters", "56", "--kernel", "4"],
                 ["layer", "--input", "9x9x5", "--filters", "56"]):
        result = run(*args)
        assert result.returncode == 2
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("convref: error: ")
    assert run("layer", "--input", "9x9", "--filters", "56", "--kernel", "4").stderr == (
        "convref: error: --input must look like HxWxC, e.g. 9x9x5 (positive integers), got '9x9'\n")


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
    (["summary", "--input", "28x28x3"], "at least one layer"),
    (["summary", "--input", "28x28x3", "--conv", "32"], "--conv"),
    (["summary", "--input", "28x28x3", "--conv", "32:5:1:1"], "--conv"),
    (["summary", "--input", "28x28x3", "--conv", "32:0"], "--conv"),
    (["summary", "--input", "4x4x3", "--conv", "8:3", "--maxpool", "3"], "--maxpool 3"),
    (["summary", "--input", "4x4x3", "--flatten", "--dense", "0"], "--dense"),
    (["summary", "--input", "4x4x3", "--relu", "--batchnorm", "--conv", "8:5"], "--conv 8:5"),
    (["model", "vgg16", "--keras"], "--keras"),
    (["model", "alexnet"], "invalid choice"),
    (["model", "vgg16", "--input", "16x16x3"], "input_shape"),
    (["convolve"], "invalid choice"),
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
