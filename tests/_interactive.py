"""What the tests of the interactive pieces share: the explorer's grammar and convref's answers.

The explorer (conf/_static/interactive/) reads each argument of a layer as
text, from the page's address or its form. :func:`python_value` turns such a
text into the value a Python user would pass to ``convref.Conv2d``, by the
grammar the explorer page documents:

- an empty or missing text means the default (PyTorch's, or the page's for
  ``in_channels``, ``out_channels``, ``kernel_size``, ``height``, ``width``);
- a whole number is an int; for ``kernel_size``, ``stride``, ``padding`` and
  ``dilation``, two numbers separated by a comma (optionally in parentheses
  or brackets) are a tuple, height first; a trailing comma makes a tuple, as in
  Python (``"3,"`` has one entry);
- ``padding`` also takes ``valid`` and ``same`` (quotes allowed);
- ``bias`` is ``true`` or ``false`` (any case).

:func:`convref_answer` asks convref what such a layer is: the shapes, counts
and padding, or the error convref raises, classified (:func:`classify_error`)
into the codes the explorer shows, with the arguments convref's message names.
"""

from __future__ import annotations

import re

import numpy as np

import convref
from convref import _conv_args

NAMES = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias",
         "height", "width")
KINDS = {"in_channels": "int", "out_channels": "int", "kernel_size": "pair", "stride": "pair",
         "padding": "padding", "dilation": "pair", "groups": "int", "bias": "bool", "height": "int",
         "width": "int"}
PYTORCH_DEFAULTS = {"stride": "1", "padding": "0", "dilation": "1", "groups": "1", "bias": "true"}
INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*")
QUOTED = re.compile(r"\s*(['\"])(.*)\1\s*")
NUMBER_LIKE = re.compile(r"[\s0-9+\-.,()\[\]]+")
# How many filters' channel ranges the explorer lists (and draws).
GRID_ROWS = 16


class NotANumber:
    """A piece of text where a number was expected (convref refuses it as not an integer)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"NotANumber({self.text!r})"


def texts_with_defaults(given, defaults):
    texts = {}
    for name in NAMES:
        text = given.get(name)
        if text is not None and str(text).strip():
            texts[name] = str(text)
        elif name in defaults:
            texts[name] = str(defaults[name])
        else:
            texts[name] = PYTORCH_DEFAULTS[name]
    return texts


def _entry(text):
    return int(text) if INTEGER.fullmatch(text) else NotANumber(text)


def _pair(text):
    text = text.strip()
    if "," not in text:
        return _entry(re.sub(r"^\((.*)\)$", r"\1", text))
    inner = re.sub(r"^\[(.*)\]$", r"\1", re.sub(r"^\((.*)\)$", r"\1", text))
    entries = inner.split(",")
    if len(entries) > 1 and not entries[-1].strip():
        entries.pop()
    return tuple(_entry(entry) for entry in entries)


def python_value(name, text):
    """The value of argument ``name`` written as ``text`` (see the module's grammar)."""
    kind = KINDS[name]
    if kind == "int":
        return int(text) if INTEGER.fullmatch(text) else text
    if kind == "bool":
        word = text.strip().lower()
        return {"true": True, "false": False}.get(word, text)
    if kind == "padding":
        quoted = QUOTED.fullmatch(text)
        word = (quoted.group(2) if quoted else text).strip()
        if word in ("valid", "same"):
            return word
        if quoted or not NUMBER_LIKE.fullmatch(text):
            return text.strip()
    return _pair(text)


def arguments(given, defaults):
    texts = texts_with_defaults(given, defaults)
    return {name: python_value(name, texts[name]) for name in NAMES}


# convref's messages, and what the explorer calls the same problem.
ERROR_PATTERNS = [
    ("same_stride", re.compile(r"padding='same'.*stride")),
    ("groups_in", re.compile(r"in_channels=\S+ must be divisible by groups")),
    ("groups_out", re.compile(r"out_channels=\S+ must be divisible by groups")),
    ("too_large", re.compile(r"too small for .* (?:on|along) spatial axis (?P<axis>\d)")),
    ("wrong_length", re.compile(r"^(?P<name>\w+) must have 2 entries")),
    ("padding_choice", re.compile(r"^(?P<name>padding) must be one of 'valid', 'same'")),
    ("not_bool", re.compile(r"^(?P<name>\w+) must be True or False")),
    ("not_integer", re.compile(r"^(?P<name>\w+) must be an integer")),
    ("too_small", re.compile(r"^(?P<name>\w+) must be an? (positive|non-negative) integer")),
]
# The argument the explorer names for a problem that convref words around another one.
NAMED_BY_EXPLORER = {"same_stride": "padding", "groups_in": "groups", "groups_out": "groups",
                     "too_large": "kernel_size"}


def classify_error(message):
    """The explorer's code for convref's error ``message``, and the arguments it may name."""
    for code, pattern in ERROR_PATTERNS:
        match = pattern.search(message)
        if not match:
            continue
        error = {"code": code, "message": message}
        if code in NAMED_BY_EXPLORER:
            name = NAMED_BY_EXPLORER[code]
            assert name in message, f"convref's message does not mention {name}: {message}"
            error["arguments"] = [name]
        else:
            name = match.group("name")
            # convref checks the input's shape as a whole; the explorer names the axis.
            error["arguments"] = ["height", "width"] if name == "input_shape" else [name]
        if code == "too_large":
            error["axis"] = ("height", "width")[int(match.group("axis"))]
        return error
    raise AssertionError(f"a convref error the explorer has no code for: {message}")


def channels_read(layer, rows=GRID_ROWS):
    """[first, stop) of the input channels each of the first ``rows`` filters reads, found by convref.

    Image ``b`` of a batch is one in channel ``b`` and zero elsewhere; with all
    weights one, filter ``o`` gives a non-zero output for image ``b`` exactly
    when it reads channel ``b``. Which channels a filter reads does not depend
    on the kernel's size, so 1x1 kernels do.
    """
    c_in, c_out, groups = layer.in_channels, layer.out_channels, layer.groups
    images = np.eye(c_in).reshape(c_in, c_in, 1, 1)
    weight = np.ones((c_out, c_in // groups, 1, 1))
    out = convref.conv2d(images, weight, groups=groups)[:, :, 0, 0]  # (image, filter)
    ranges = []
    for o in range(min(rows, layer.out_channels)):
        read = np.flatnonzero(out[:, o])
        assert np.array_equal(read, np.arange(read[0], read[-1] + 1)), "a filter reads a contiguous range"
        ranges.append([int(read[0]), int(read[-1]) + 1])
    return ranges


def convref_answer(given, defaults, *, with_reads=None):
    """What convref says of the layer given by texts: shapes and counts, or the error.

    ``with_reads`` (default: when the layer is small) adds the channel range of
    each of the first filters, computed by :func:`channels_read`.
    """
    v = arguments(given, defaults)
    try:
        layer = convref.Conv2d(v["in_channels"], v["out_channels"], v["kernel_size"], stride=v["stride"],
                               padding=v["padding"], dilation=v["dilation"], groups=v["groups"], bias=v["bias"])
        input_shape = (v["in_channels"], v["height"], v["width"])
        output_shape = layer.output_shape(input_shape)
        macs = layer.macs(input_shape)
    except (TypeError, ValueError) as error:
        return {"error": classify_error(str(error))}
    pairs = _conv_args.padding_pairs(layer.padding, layer.kernel_size, stride=layer.stride, dilation=layer.dilation)
    answer = {
        "weight_shape": list(layer.weight_shape),
        "bias_shape": None if layer.bias_shape is None else list(layer.bias_shape),
        "output_shape": list(output_shape),
        "params": layer.num_params,
        "macs": macs,
        "padding": [list(pair) for pair in pairs],
    }
    if with_reads is None:
        with_reads = layer.in_channels <= 512 and layer.out_channels <= 4096
    if with_reads:
        answer["reads"] = channels_read(layer)
    return answer


# -- random configurations -------------------------------------------------------

def _pair_text(rng, a, b):
    """Two numbers written as a reader may write them."""
    return rng.choice(["{},{}", "{}, {}", "({}, {})", "[{},{}]", "({},{})"]).format(a, b)


def _value_text(rng, values):
    """An int (both axes alike) or a pair, as text."""
    if values[0] == values[1] and rng.random() < 0.6:
        return str(values[0])
    return _pair_text(rng, *values)


def _fits(kernel, dilation, padding_pairs, rng):
    """Input sizes the kernel fits in, padding included."""
    sizes = []
    for k, d, (before, after) in zip(kernel, dilation, padding_pairs):
        smallest = max(1, d * (k - 1) + 1 - before - after)
        sizes.append(str(rng.randint(smallest, smallest + 24)))
    return sizes


def random_layer(rng, kind):
    """One configuration of ``kind``: the texts of its arguments (some left out)."""
    given = {}
    c_in, c_out, groups = rng.randint(1, 8), rng.randint(1, 8), 1
    kernel, dilation, stride = [rng.randint(1, 5), rng.randint(1, 5)], [1, 1], [rng.randint(1, 3), rng.randint(1, 3)]
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


# How many configurations of each kind the fixtures hold (the site tests draw from the same kinds).
LAYER_KINDS = {
    "plain": 90, "grouped": 60, "depthwise": 50, "dilated": 50, "valid": 30, "same": 40, "same_even": 50,
    "pair": 50, "large": 20, "defaults": 40, "bad_groups": 40, "too_large": 40, "same_stride": 20,
    "bad_text": 120,
}
