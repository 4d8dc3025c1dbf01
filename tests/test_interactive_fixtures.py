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
from _interactive import LAYER_KINDS, arguments, convref_answer, random_layer

ROOT = Path(__file__).resolve().parent.parent
ARITH = ROOT / "conf" / "_static" / "interactive" / "convref-arith.js"
NODE_TEST = ROOT / "tests" / "js" / "convref-arith.test.js"
# The explorer page's defaults for the arguments PyTorch has none for; the
# fixtures use other values than the page, so that nothing hides behind them.
DEFAULTS = {"in_channels": "4", "out_channels": "6", "kernel_size": "3", "height": "17", "width": "12"}
SEED = 20240512


def layer_fixtures(rng):
    fixtures = []
    for kind, count in LAYER_KINDS.items():
        for _ in range(count):
            given = random_layer(rng, kind)
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
    # Node.js is part of the set-up (`make test` installs it with npm); no silent skip.
    assert executable is not None, "node is not installed: the arithmetic of the interactive pieces runs under node --test"
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
    from convref_site.interactive import interactive_words

    english, spanish = interactive_words("en"), interactive_words("es")
    assert set(english) == set(spanish)

    def fields(text):
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)

    for key in english:
        assert fields(english[key]) == fields(spanish[key]), key
        assert english[key].count("`") % 2 == 0 and spanish[key].count("`") % 2 == 0, key
    assert len(english["channel_names"].split("|")) == len(spanish["channel_names"].split("|")) == 3


def test_the_site_module_examples_run():
    """The docstring examples of conf/convref_site/interactive.py (conf/ is no doctest path)."""
    import doctest

    sys.path.insert(0, str(ROOT / "conf"))
    try:
        from convref_site import interactive
    finally:
        sys.path.remove(str(ROOT / "conf"))
    outcome = doctest.testmod(interactive)
    assert outcome.attempted >= 2 and outcome.failed == 0


def test_the_pieces_stay_light():
    """The JavaScript and CSS of both pieces, gzip-compressed as a static host sends them: under 30 kB."""
    import gzip

    folder = ROOT / "conf" / "_static" / "interactive"
    files = sorted(folder.glob("*.js")) + sorted(folder.glob("*.css"))
    assert {f.name for f in files} >= {"convref-arith.js", "convref-interactive.js", "convref-interactive.css"}
    total = sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files)
    assert total < 30_000, f"{total} bytes gzip-compressed"
