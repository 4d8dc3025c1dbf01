"""The arithmetic of the interactive pieces, checked against convref outside the browser.

convref computes fixtures (random layer configurations of every kind, the
stepper's per-channel sums, numbers in both languages), and ``node --test``
runs tests/js/convref-arith.test.js on conf/_static/interactive/convref-arith.js
against them. The ``torch.nn.Conv2d(...)`` line the explorer prints is then run
by torch itself. And the two languages of the pieces' words are checked to
match key for key and placeholder for placeholder.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import convref
from _interactive import GRID_ROWS, NAMES, arguments, convref_answer
from _site import ROOT, need

ARITH = ROOT / "conf" / "_static" / "interactive" / "convref-arith.js"
NODE_TEST = ROOT / "tests" / "js" / "convref-arith.test.js"
# The explorer page's defaults for the arguments PyTorch has none for; the
# fixtures use other values than the page, so that nothing hides behind them.
DEFAULTS = {"in_channels": "4", "out_channels": "6", "kernel_size": "3", "height": "17", "width": "12"}
SEED = 20240512


def _pair_text(rng, a, b):
    """Two numbers written as a reader may write them."""
    return rng.choice(["{},{}", "{}, {}", "({}, {})", "[{},{}]", "({},{})"]).format(a, b)


def _value_text(rng, values):
    """An int (both axes alike) or a pair, as text."""
    if values[0] == values[1] and rng.random() < 0.6:
        return str(values[0])
    return _pair_text(rng, *values)


def _geometry(rng, *, padding=None, dilation=None, stride=None, kernel=None):
    kernel = kernel or [rng.randint(1, 5), rng.randint(1, 5)]
    dilation = dilation or [1, 1]
    stride = stride or [rng.randint(1, 3), rng.randint(1, 3)]
    return kernel, dilation, stride, padding


def _fits(kernel, dilation, padding_pairs, rng):
    """Input sizes the kernel fits in, padding included."""
    sizes = []
    for k, d, (before, after) in zip(kernel, dilation, padding_pairs):
        smallest = max(1, d * (k - 1) + 1 - before - after)
        sizes.append(str(rng.randint(smallest, smallest + 24)))
    return sizes


def _layer(rng, kind):
    """One configuration of ``kind``: the texts of its arguments (some left out)."""
    given = {}
    c_in, c_out, groups = rng.randint(1, 8), rng.randint(1, 8), 1
    kernel, dilation, stride, _ = _geometry(rng)
    padding = [rng.randint(0, 2), rng.randint(0, 2)]
    padding_text = _value_text(rng, padding)
    pairs = [(p, p) for p in padding]
    if kind == "grouped":
        groups = rng.randint(2, 4)
        c_in, c_out = groups * rng.randint(1, 4), groups * rng.randint(1, 4)
    elif kind == "depthwise":
        c_in = rng.randint(1, 24)
        groups, c_out = c_in, c_in * rng.randint(1, 3)
    elif kind == "dilated":
        dilation = [rng.randint(1, 4), rng.randint(2, 4)][:: rng.choice([1, -1])]
    elif kind == "valid":
        padding_text = rng.choice(["valid", "'valid'", '"valid"', " valid "])
        pairs = [(0, 0), (0, 0)]
    elif kind in ("same", "same_even"):
        stride = [1, 1]
        if kind == "same":
            kernel = [rng.choice([1, 3, 5, 7]), rng.choice([1, 3, 5])]
        else:
            kernel = [rng.choice([2, 4, 6]), rng.choice([1, 2, 3, 4])]
            dilation = [rng.choice([1, 1, 2]), rng.choice([1, 3])]
        padding_text = rng.choice(["same", "'same'", "same"])
        pairs = [(d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip(kernel, dilation)]
    elif kind == "pair":
        kernel = [rng.randint(1, 5), rng.randint(1, 5)]
        padding = [rng.randint(0, 3), rng.randint(0, 3)]
        padding_text = _pair_text(rng, *padding)
        pairs = [(p, p) for p in padding]
    elif kind == "large":
        c_in, c_out = rng.choice([(512, 512), (2048, 1024), (10**9, 10**9), (3, 10**12)])
        kernel = [rng.choice([1, 3, 7, 11]), rng.choice([1, 3, 7])]
        stride = [rng.randint(1, 4)] * 2
        padding = [rng.randint(0, 3)] * 2
        padding_text, pairs = str(padding[0]), [(padding[0], padding[0])] * 2
    height, width = _fits(kernel, dilation, pairs, rng)
    if kind == "large":
        big = rng.choice([(224, 224), (100000, 100000), (12345678901, 3)])
        height, width = (str(max(int(n), b)) for n, b in zip((height, width), big))
    given.update(in_channels=str(c_in), out_channels=str(c_out), kernel_size=_value_text(rng, kernel),
                 stride=_value_text(rng, stride), padding=padding_text, dilation=_value_text(rng, dilation),
                 groups=str(groups), bias=rng.choice(["true", "false", "True", "FALSE"]),
                 height=height, width=width)
    if kind == "bad_groups":
        groups = rng.randint(2, 5)
        given["groups"] = str(groups)
        given["in_channels"] = str(groups * rng.randint(1, 3) + rng.randint(1, groups - 1))
        if rng.random() < 0.5:  # in_channels fine, out_channels not
            given["in_channels"] = str(groups * rng.randint(1, 3))
            given["out_channels"] = str(groups * rng.randint(1, 3) + rng.randint(1, groups - 1))
    elif kind == "too_large":
        k, d = rng.randint(2, 9), rng.randint(1, 3)
        span = d * (k - 1) + 1
        p = rng.randint(0, (span - 2) // 2)
        given.update(kernel_size=str(k), dilation=str(d), padding=str(p), stride="1")
        given[rng.choice(["height", "width"])] = str(rng.randint(1, span - 1 - 2 * p))
    elif kind == "same_stride":
        given.update(padding=rng.choice(["same", "'same'"]), stride=rng.choice(["2", "3", "1, 2", "(2, 1)"]))
    elif kind == "bad_text":
        name = rng.choice(NAMES)
        bad = {"int": ["0", "-1", "abc", "1.5", "3,3", "2e3", "x", "٣"],
               "pair": ["0", "-2", "abc", "1.5", "3,3,3", "3,", "(3,)", "3,,5", "[3]", "3;5", "2,-1", ","],
               "padding": ["-1", "foo", "'1'", "1.5", "3,3,3", "1,", "Same", "same,", "(1, -1)", "valid1"],
               "bool": ["yes", "1", "0", "no", "truee"]}
        from _interactive import KINDS  # the kind of each argument decides its bad texts
        given[name] = rng.choice(bad[KINDS[name]])
    elif kind == "defaults":
        for name in rng.sample(NAMES, rng.randint(1, len(NAMES))):
            if rng.random() < 0.5:
                del given[name]
            else:
                given[name] = rng.choice(["", " "])
        if "same" in given.get("padding", "") and given.get("stride", "1").strip() not in ("", "1"):
            given["stride"] = "1"
    if kind not in ("bad_text", "defaults") and rng.random() < 0.15:
        # PyTorch's defaults written out or left out mean the same layer.
        for name in ("groups", "dilation", "stride", "bias"):
            if given.get(name, "").strip().lower() in ("1", "true") and rng.random() < 0.5:
                del given[name]
    return given


KINDS_OF_LAYERS = {
    "plain": 90, "grouped": 60, "depthwise": 50, "dilated": 50, "valid": 30, "same": 40, "same_even": 50,
    "pair": 50, "large": 20, "defaults": 40, "bad_groups": 40, "too_large": 40, "same_stride": 20,
    "bad_text": 120,
}


def layer_fixtures(rng):
    fixtures = []
    for kind, count in KINDS_OF_LAYERS.items():
        for _ in range(count):
            given = _layer(rng, kind)
            fixtures.append({"kind": kind, "given": given, "expected": convref_answer(given, DEFAULTS)})
    return fixtures


def _digits(value):
    """Integers as decimal strings (the JS compares BigInts)."""
    if isinstance(value, list):
        return [_digits(v) for v in value]
    if isinstance(value, dict):
        return {k: _digits(v) for k, v in value.items()}
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(value)
    return value


def step_fixtures(rng):
    """Small integer layers of one filter, stride 1, no padding: the stepper's arithmetic."""
    fixtures = []
    for number in range(120):
        channels, height, width = rng.randint(2, 4), rng.randint(1, 7), rng.randint(1, 7)
        kh, kw = rng.randint(1, height), rng.randint(1, width)
        image = np.array([[[rng.randint(-5, 9) for _ in range(width)] for _ in range(height)]
                          for _ in range(channels)], dtype=float)
        kernels = np.array([[[rng.randint(-4, 4) for _ in range(kw)] for _ in range(kh)]
                            for _ in range(channels)], dtype=float)
        shared = number % 2 == 1
        if shared:
            kernels[:] = kernels[0]
        bias = float(rng.randint(-3, 3))
        weight = kernels[np.newaxis]
        output = convref.conv2d(image, weight, np.array([bias]))[0]
        swapped = convref.conv2d(image[[1, 0, *range(2, channels)]], weight, np.array([bias]))[0]
        maps = convref.per_channel_maps(image, weight)[0]

        def ints(array):
            return np.asarray(array).astype(int).tolist()

        fixtures.append({
            "id": number, "shared": shared, "input": ints(image), "kernels": ints(kernels), "bias": int(bias),
            "maps": ints(maps), "output": ints(output), "swapped_output": ints(swapped),
            "swap_changes": int(np.count_nonzero(output != swapped)), "channel_sum": ints(image.sum(axis=0)),
        })
    return fixtures


def number_fixtures(rng):
    values = [0, 1, -1, 999, 1000, 4536, 9999, 10000, 10104, -10104, 99999, 123456, 1234567, 10**15, 2**63,
              10**21 + 7]
    values += [rng.randint(-10**7, 10**7) for _ in range(60)] + [rng.randint(0, 10**30) for _ in range(20)]
    return [{"value": str(v), "lang": lang, "text": convref.format_number(v, lang)}
            for v in values for lang in ("en", "es")]


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    rng = random.Random(SEED)
    data = {"defaults": DEFAULTS, "layers": layer_fixtures(rng), "steps": step_fixtures(rng),
            "numbers": number_fixtures(rng)}
    for layer in data["layers"]:
        layer["expected"] = _digits(layer["expected"])
    path = tmp_path_factory.mktemp("interactive") / "fixtures.json"
    path.write_text(json.dumps(data, ensure_ascii=False))
    return path, data


def node():
    executable = shutil.which("node")
    need(executable is not None, "node is not installed: the arithmetic of the interactive pieces runs under node --test")
    return executable


def test_the_fixtures_cover_every_kind_of_layer(fixtures):
    _, data = fixtures
    layers = data["layers"]
    assert len(layers) >= 500
    errors = [f for f in layers if "error" in f["expected"]]
    codes = {f["expected"]["error"]["code"] for f in errors}
    # Every problem the explorer words has fixtures.
    assert codes == {"same_stride", "groups_in", "groups_out", "too_large", "wrong_length", "padding_choice",
                     "not_bool", "not_integer", "too_small"}
    # The kinds meant to be valid are valid, the bad ones bad.
    for fixture in layers:
        if fixture["kind"] in ("bad_groups", "too_large", "same_stride", "bad_text"):
            assert "error" in fixture["expected"], fixture
        elif fixture["kind"] != "defaults":
            assert "error" not in fixture["expected"], fixture
    even_same = [f for f in layers if f["kind"] == "same_even"]
    assert any(pair[0] != pair[1] for f in even_same for pair in f["expected"]["padding"]), \
        "no fixture pads asymmetrically"
    assert sum("reads" in f["expected"] for f in layers) >= 300


def test_the_arithmetic_module_agrees_with_convref_under_node(fixtures):
    path, _ = fixtures
    result = subprocess.run([node(), "--test", "--test-reporter=spec", str(NODE_TEST)], capture_output=True,
                            text=True, env={**os.environ, "CONVREF_FIXTURES": str(path)}, timeout=300, cwd=ROOT)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # node --test reports how many tests ran: none failing is not enough if none ran.
    passed = re.search(r"^\S+ pass (\d+)$", report, re.MULTILINE)
    failed = re.search(r"^\S+ fail (\d+)$", report, re.MULTILINE)
    assert passed and failed, report
    assert int(failed.group(1)) == 0 and int(passed.group(1)) >= 6, report


JS_TORCH_LINES = """
const arith = require(process.argv[1]);
const data = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const lines = data.layers.map((f) => {
  const result = arith.explore(f.given, data.defaults);
  return result.ok ? result.torch : null;
});
process.stdout.write(JSON.stringify(lines));
"""


# PyTorch warns that padding="same" with an even kernel may copy the input: true, and beside the point.
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_the_pytorch_line_builds_the_same_layer_in_torch(fixtures):
    """torch runs each line the explorer prints (on the meta device: no memory), and agrees with convref."""
    torch = pytest.importorskip("torch")
    path, data = fixtures
    result = subprocess.run([node(), "-e", JS_TORCH_LINES, str(ARITH), str(path)], capture_output=True,
                            text=True, timeout=120, check=True)
    lines = json.loads(result.stdout)
    checked = 0
    for fixture, line in zip(data["layers"], lines):
        expected = fixture["expected"]
        assert (line is None) == ("error" in expected), (fixture, line)
        if line is None or int(expected["params"]) > 2**56:  # torch counts storage bytes in int64
            continue
        assert line.startswith("torch.nn.Conv2d(") and line.endswith(")"), line
        with torch.device("meta"):
            module = eval(line, {"torch": torch})  # noqa: S307 -- the line is what a reader would run
        assert [str(n) for n in module.weight.shape] == expected["weight_shape"], line
        assert (module.bias is None) == (expected["bias_shape"] is None), line
        v = arguments(fixture["given"], DEFAULTS)
        if v["in_channels"] * v["height"] * v["width"] <= 10**7:
            out = module(torch.empty(1, v["in_channels"], v["height"], v["width"], device="meta"))
            assert [str(n) for n in out.shape[1:]] == expected["output_shape"], line
            checked += 1
    assert checked >= 300


def test_the_words_of_both_languages_match():
    sys.path.insert(0, str(ROOT / "conf"))
    try:
        from convref_site.interactive_words import INTERACTIVE_WORDS
    finally:
        sys.path.remove(str(ROOT / "conf"))
    english, spanish = INTERACTIVE_WORDS["en"], INTERACTIVE_WORDS["es"]
    assert set(english) == set(spanish)

    def fields(text):
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)

    for key in english:
        assert fields(english[key]) == fields(spanish[key]), key
        assert english[key].count("`") % 2 == 0 and spanish[key].count("`") % 2 == 0, key
    assert len(english["channel_names"].split("|")) == len(spanish["channel_names"].split("|")) == 3
