"""Command line: explain a convolution layer, tabulate a stack of layers or a well-known model.

::

    convref layer --input 9x9x5 --filters 56 --kernel 4 [--lang es]
    convref summary --input 224x224x3 --conv 64:7:stride=2:padding=3:bias=no --batchnorm --relu \\
                    --maxpool 3:stride=2:padding=1 --conv 64:3:padding=1 --format json
    convref model resnet50 --keras --columns output_shape,params,macs

Sizes are written as people write them, height × width × channels
(``9x9x5``), unless ``--layout chw`` says they are channels first
(``5x9x9``), as PyTorch writes them; the tables show shapes in the layout
the sizes were typed in. Each layer of a ``summary`` carries its own options
(``--conv FILTERS:KERNEL[:STRIDE][:key=value...]``). ``--format`` writes
text, Markdown, HTML, JSON (:meth:`convref.Summary.to_dict`, channels first)
or CSV. ``--lang es`` prints the explanation and the tables in Spanish;
``--help`` and the messages stay in English.

A bad argument, or a layer that cannot take the input, prints one line
``convref: error: ...`` on stderr and exits with status 2; a size that looks
typed in the other layout, or beyond any real network, prints one line
``convref: warning: ...`` on stderr and goes on. No input, and no output
encoding (``PYTHONIOENCODING=ascii``), gives a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import difflib
import html
import inspect
import math
import os
import re
import sys
import unicodedata

from . import models
from ._version import __version__
from ._words import LANGUAGES, format_count, word
from .layers import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv2d, ConvTranspose2d, Dropout, Flatten, Linear,
                     MaxPool2d, ReLU, summary)
from .layers.summary import COLUMNS, FORMATS

__all__ = ["main"]

# PyTorch holds sizes in int64: a larger number cannot be the size of anything.
_MAX_SIZE = 2**63 - 1
# Beyond these, a network is not one anybody has built: the largest have about
# 10**12 parameters, and inputs of a few million values per sample.
_REAL_PARAMETERS = 10**12
_REAL_INPUT_VALUES = 2**31
LAYOUTS = ("hwc", "chw")
DEFAULT_COLUMNS = ("output_shape", "params", "macs")
_SEPARATOR = re.compile("[x×X]")
_SIZE = re.compile(r"[0-9]+(?:[x×X][0-9]+)*")


class _UsageError(Exception):
    """A command-line value that does not parse; reported on one line, exit status 2."""


# -- output that never fails: unencodable characters are written in ASCII ----------------------------------------

_ASCII = {"×": "x", "\u00a0": " ", "→": "->", "—": "--", "–": "-", "…": "...", "·": ".", "≈": "~",
          "≠": "!=", "≤": "<=", "≥": ">=", "¿": "?", "¡": "!", "«": '"', "»": '"'}


def _transliterate(error):
    """Codec error handler: "×" as "x", "á" as "a", anything else as "?", so that printing never fails."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = []
    for character in error.object[error.start:error.end]:
        replacement = _ASCII.get(character)
        if replacement is None:
            decomposed = unicodedata.normalize("NFKD", character)
            replacement = "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c)) or "?"
        text.append(replacement)
    return "".join(text), error.end


codecs.register_error("convref.transliterate", _transliterate)


def _tolerant_streams():
    """Make stdout and stderr write what their encoding cannot hold in ASCII instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="convref.transliterate")
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream that can be reconfigured (a test's capture): nothing to do


def _fail(message, status=2):
    print(f"convref: error: {' '.join(str(message).split())}", file=sys.stderr)
    sys.exit(status)


def _warn(message):
    print(f"convref: warning: {' '.join(str(message).split())}", file=sys.stderr)


def _shown(text):
    """A user's value in a message, shortened if it is very long (a 5000-digit number)."""
    text = str(text)
    return repr(text) if len(text) <= 40 else f"'{text[:20]}...' ({len(text)} characters)"


def _suggest(value, options):
    """ "; did you mean X?" when ``value`` is close to one of ``options``, else ""."""
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


# -- values ---------------------------------------------------------------------------------------------------------


def _integer(text, option, *, minimum=1):
    """A whole number of at most int64, checked before Python converts it (a 5000-digit string)."""
    if not re.fullmatch("[0-9]+", text):
        raise _UsageError(f"{option} must be a whole number, got {_shown(text)}")
    if len(text.lstrip("0")) > len(str(_MAX_SIZE)) or int(text) > _MAX_SIZE:
        raise _UsageError(f"{option}: {_shown(text)} is larger than any size PyTorch can hold (int64, at most "
                          f"{_MAX_SIZE:,})")
    value = int(text)
    if value < minimum:
        qualifier = "positive" if minimum == 1 else "non-negative"
        raise _UsageError(f"{option} must be a {qualifier} whole number, got {_shown(text)}")
    return value


def _sizes(text, option, count, *, minimum=1, example="3 or 3x5"):
    """``"3"`` or ``"3x5"`` (``count`` entries, a single number repeated) as a tuple of ints."""
    parts = _SEPARATOR.split(text)
    if _SIZE.fullmatch(text) and len(parts) in (1, count):
        return tuple(_integer(part, option, minimum=minimum) for part in parts) * (count // len(parts))
    kind = "non-negative" if minimum == 0 else "positive"
    raise _UsageError(f"{option} must look like {example} ({kind} whole numbers), got {_shown(text)}")


def _padding(text, option):
    if text in ("same", "valid"):
        return text
    return _sizes(text, option, 2, minimum=0, example="same, valid, 1 or 1x2")


def _yes_no(text, option):
    answers = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    if text.lower() not in answers:
        raise _UsageError(f"{option} must be yes or no, got {_shown(text)}")
    return answers[text.lower()]


def _probability(text, option):
    if re.fullmatch(r"(0|1)(\.0*)?|0?\.[0-9]+", text):
        return float(text)
    raise _UsageError(f"{option} must be a probability between 0 and 1, such as 0.5, got {_shown(text)}")


def _choice(options, option):
    """An argparse type that accepts one of ``options`` and suggests the closest otherwise."""

    def parse(text):
        if text in options:
            return text
        listed = ", ".join(options)
        raise argparse.ArgumentTypeError(f"invalid choice: {_shown(text)} (choose from {listed})"
                                         f"{_suggest(text, options)}")

    parse.__name__ = option
    return parse


def _columns(text):
    names = [name.strip() for name in text.split(",")]
    for name in names:
        if name not in COLUMNS:
            raise argparse.ArgumentTypeError(f"unknown column {_shown(name)} (choose from {', '.join(COLUMNS)})"
                                             f"{_suggest(name, COLUMNS)}")
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(f"names a column twice: {text}")
    return tuple(names)


# -- sizes and their layout -----------------------------------------------------------------------------------------


def _read_input(text, layout):
    """The channels-first shape of ``--input`` typed in ``layout``; warns when it looks typed in the other one."""
    example = "224x224x3" if layout == "hwc" else "3x224x224"
    parts = _SEPARATOR.split(text)
    if not _SIZE.fullmatch(text) or len(parts) != 3:
        shape = "HxWxC" if layout == "hwc" else "CxHxW"
        raise _UsageError(f"--input must look like {shape}, e.g. {example} (positive whole numbers; --layout "
                          f"{layout}), got {_shown(text)}")
    first, second, third = (_integer(part, "--input") for part in parts)
    # A tiny first entry before two large ones is a channel count typed first (3x224x224) in
    # the hwc layout; two large entries before a tiny last one is the reverse in chw.
    if layout == "hwc" and first <= 4 and second >= 16 and third >= 16:
        _warn(f"--input {text} is read as height {first} x width {second} x {third} channels (--layout hwc); if "
              f"you meant {first} channels of {second}x{third}, write --input {second}x{third}x{first} or add "
              f"--layout chw")
    elif layout == "chw" and third <= 4 and first >= 16 and second >= 16:
        _warn(f"--input {text} is read as {first} channels of {second}x{third} (--layout chw); if you meant "
              f"{first}x{second} with {third} channels, write --input {third}x{first}x{second} or use --layout hwc")
    return (third, first, second) if layout == "hwc" else (first, second, third)


def _in_layout(shape, layout):
    """A channels-first shape written in ``layout``, ``9×9×5``."""
    if layout == "hwc" and len(shape) >= 2:
        shape = (*shape[1:], shape[0])
    return "×".join(str(n) for n in shape)


def _beyond_real_networks(input_shape, parameters):
    values = math.prod(input_shape)
    reasons = []
    if values > _REAL_INPUT_VALUES:
        reasons.append(f"an input of {float(values):.3g} values per sample")
    if parameters > _REAL_PARAMETERS:
        reasons.append(f"{float(parameters):.3g} parameters")
    if reasons:
        verb = "are" if len(reasons) > 1 else "is"
        _warn(f"{' and '.join(reasons)} {verb} far beyond any real network (the largest have about 1e+12 "
              f"parameters and inputs of a few million values); the numbers are computed all the same")


# -- the layer command ----------------------------------------------------------------------------------------------

_COUNTED = {
    "filter": ("count.filter", "count.filters"), "channel": ("count.channel", "count.channels"),
    "group": ("count.group", "count.groups"), "weight": ("count.weight", "count.weights"),
    "bias": ("count.bias", "count.biases"), "parameter": ("count.parameter", "count.parameters"),
    "mac": ("count.mac", "count.macs"),
}


def _counted(noun, n, lang, **fields):
    """``"1 filter"`` or ``"56 filters"``: the noun agrees with its number in both languages."""
    one, many = _COUNTED[noun]
    return word(one if n == 1 else many, lang, n=format_count(n, lang), **fields)


def _explain_layer(args):
    lang, layout = args.lang, args.layout
    shape = _read_input(args.input, layout)
    filters = _integer(args.filters, "--filters")
    groups = _integer(args.groups, "--groups")
    layer = Conv2d(shape[0], filters, _sizes(args.kernel, "--kernel", 2), stride=_sizes(args.stride, "--stride", 2),
                   padding=_padding(args.padding, "--padding"), dilation=_sizes(args.dilation, "--dilation", 2),
                   groups=groups, bias=not args.no_bias)
    out = layer.output_shape(shape)
    table = summary([layer], shape, lang=lang, columns=COLUMNS,
                    layout="channels_last" if layout == "hwc" else "channels_first")
    _beyond_real_networks(shape, table.trainable_params)
    if args.format in ("json", "csv"):
        return table.render(args.format)

    kernel = "×".join(str(k) for k in layer.kernel_size)
    depth = layer.in_channels // layer.groups
    group_note = ""
    if layer.groups > 1:
        group_note = word("cli.group_note", lang, groups=_counted("group", layer.groups, lang),
                          per_group=_counted("channel", depth, lang))
    filters_key = "cli.filters_one" if layer.out_channels == 1 else "cli.filters"
    per_kernel = math.prod(layer.kernel_size)
    weights = _counted("weight", per_kernel, lang)
    if layer.num_kernels == 1:
        each = word("cli.one_kernel_weight", lang) if per_kernel == 1 else word("cli.one_kernel_weights", lang,
                                                                                 weights=weights)
        kernels = word("count.kernel2d", lang, n=format_count(1, lang), kernel=kernel)
    else:
        each = word("cli.each_kernel_weight", lang) if per_kernel == 1 else word("cli.each_kernel_weights", lang,
                                                                                  weights=weights)
        kernels = word("count.kernels2d", lang, n=format_count(layer.num_kernels, lang), kernel=kernel)
    if layout == "hwc":
        input_line = word("cli.input_hwc", lang, size=_in_layout(shape, layout), chw=shape)
        output_line = word("cli.output_hwc", lang, size=_in_layout(out, layout), chw=out)
    else:
        input_line = word("cli.input_chw", lang, size=_in_layout(shape, layout))
        output_line = word("cli.output_chw", lang, size=_in_layout(out, layout))
    lines = [
        input_line,
        word("cli.layer", lang, layer=layer),
        word(filters_key, lang, filters=_counted("filter", layer.out_channels, lang), kernel=kernel, depth=depth,
             group_note=group_note),
        output_line,
        word("cli.kernels", lang, filters=format_count(layer.out_channels, lang), depth=format_count(depth, lang),
             kernels=kernels, each=each),
    ]
    total = _counted("parameter", layer.num_params, lang)
    weight_count = _counted("weight", math.prod(layer.weight_shape), lang)
    if layer.bias:
        lines.append(word("cli.parameters", lang, weights=weight_count,
                          biases=_counted("bias", layer.out_channels, lang), total=total))
    else:
        lines.append(word("cli.parameters_no_bias", lang, weights=weight_count, total=total))
    lines.append(word("cli.macs", lang, macs=_counted("mac", layer.macs(shape), lang)))
    if args.format == "markdown":
        return "\n".join(f"- {line}" for line in lines)
    if args.format == "html":
        items = "".join(f"<li>{html.escape(line, quote=False)}</li>\n" for line in lines)
        return f'<ul class="convref-layer" lang="{lang}">\n{items}</ul>'
    return "\n".join(lines)


# -- the summary command: one option per layer, each with its own arguments ----------------------------------------

# option -> (positional fields in order, how many are required, keyword fields)
_GRAMMAR = {
    "--conv": (("filters", "kernel", "stride"), 2, ("stride", "padding", "dilation", "groups", "bias")),
    "--conv-transpose": (("filters", "kernel", "stride"), 2,
                         ("stride", "padding", "output_padding", "dilation", "groups", "bias")),
    "--depthwise": (("kernel", "stride"), 1, ("stride", "padding", "dilation", "multiplier", "bias")),
    "--maxpool": (("kernel", "stride"), 1, ("stride", "padding", "dilation", "ceil_mode")),
    "--avgpool": (("kernel", "stride"), 1, ("stride", "padding", "ceil_mode")),
    "--adaptive-avgpool": (("size",), 1, ()),
    "--dense": (("units",), 1, ("bias",)),
    "--dropout": (("p",), 1, ()),
}
_METAVARS = {
    "--conv": "F:K[:S][:key=value...]", "--conv-transpose": "F:K[:S][:key=value...]",
    "--depthwise": "K[:S][:key=value...]", "--maxpool": "K[:S][:key=value...]", "--avgpool": "K[:S][:key=value...]",
    "--adaptive-avgpool": "N|HxW", "--dense": "UNITS[:bias=no]", "--dropout": "P",
}


def _fields(option, value):
    """``"64:7:stride=2:padding=3"`` as ``{"filters": "64", "kernel": "7", "stride": "2", "padding": "3"}``."""
    positional, required, keywords = _GRAMMAR[option]
    fields = {}
    named_seen = False
    for part in value.split(":"):
        if "=" in part:
            named_seen = True
            key, _, text = part.partition("=")
            key = key.strip().replace("-", "_")
            if key not in keywords:
                accepted = ", ".join(keywords) or "none"
                raise _UsageError(f"{option} {value}: unknown key {_shown(key)} (accepted: {accepted})"
                                  f"{_suggest(key, keywords)}")
        else:
            if named_seen:
                raise _UsageError(f"{option} {value}: {_shown(part)} comes after a key=value; the fields "
                                  f"{':'.join(positional)} come first")
            position = sum(1 for name in fields if name in positional)
            if position >= len(positional):
                raise _UsageError(f"{option} {value}: too many fields; it takes {':'.join(positional)} and then "
                                  f"key=value options, e.g. {_EXAMPLES[option]}")
            key, text = positional[position], part
        if key in fields:
            raise _UsageError(f"{option} {value}: {key} is given twice")
        if text == "":
            raise _UsageError(f"{option} {value}: {key} has no value")
        fields[key] = text
    missing = [name for name in positional[:required] if name not in fields]
    if missing:
        raise _UsageError(f"{option} needs {':'.join(positional[:required])}, e.g. {_EXAMPLES[option]}; got "
                          f"{_shown(value)}")
    return fields


_EXAMPLES = {
    "--conv": "64:7:stride=2:padding=3", "--conv-transpose": "32:4:stride=2:padding=1",
    "--depthwise": "3:padding=1", "--maxpool": "3:stride=2:padding=1", "--avgpool": "2",
    "--adaptive-avgpool": "1", "--dense": "10", "--dropout": "0.5",
}


def _build_layer(option, value, shape, defaults):
    """The layer that ``option value`` describes, on an input of channels-first ``shape``."""
    if option in ("--batchnorm", "--relu", "--flatten"):
        return {"--batchnorm": lambda: BatchNorm2d(shape[0]), "--relu": ReLU, "--flatten": Flatten}[option]()
    fields = _fields(option, value)

    def get(key, parse, default):
        text = fields.get(key)
        return default if text is None else parse(text, f"{option} {key}")

    def sizes(text, name, minimum=1):
        return _sizes(text, name, 2, minimum=minimum)

    bias = get("bias", _yes_no, defaults["bias"])
    if option == "--conv":
        return Conv2d(shape[0], get("filters", _integer, None), get("kernel", sizes, None),
                      stride=get("stride", sizes, 1), padding=get("padding", _padding, defaults["padding"]),
                      dilation=get("dilation", sizes, defaults["dilation"]), groups=get("groups", _integer, 1),
                      bias=bias)
    if option == "--depthwise":
        multiplier = get("multiplier", _integer, 1)
        return Conv2d(shape[0], shape[0] * multiplier, get("kernel", sizes, None), stride=get("stride", sizes, 1),
                      padding=get("padding", _padding, defaults["padding"]),
                      dilation=get("dilation", sizes, defaults["dilation"]), groups=shape[0], bias=bias)
    if option == "--conv-transpose":
        return ConvTranspose2d(shape[0], get("filters", _integer, None), get("kernel", sizes, None),
                               stride=get("stride", sizes, 1),
                               padding=get("padding", lambda t, n: sizes(t, n, minimum=0), 0),
                               output_padding=get("output_padding", lambda t, n: sizes(t, n, minimum=0), 0),
                               dilation=get("dilation", sizes, 1), groups=get("groups", _integer, 1), bias=bias)
    if option in ("--maxpool", "--avgpool"):
        kernel = get("kernel", sizes, None)
        common = dict(stride=get("stride", sizes, None), padding=get("padding", lambda t, n: sizes(t, n, minimum=0), 0),
                      ceil_mode=get("ceil_mode", _yes_no, False))
        if option == "--maxpool":
            return MaxPool2d(kernel, dilation=get("dilation", sizes, 1), **common)
        return AvgPool2d(kernel, **common)
    if option == "--adaptive-avgpool":
        return AdaptiveAvgPool2d(get("size", sizes, None))
    if option == "--dense":
        return Linear(shape[-1], get("units", _integer, None), bias=bias)
    return Dropout(get("p", _probability, None))


def _stack(args, shape):
    """Build the layers given by --conv, --maxpool, ... in command-line order."""
    if not args.stack:
        raise _UsageError("summary needs at least one layer, e.g. --conv 32:5 (see convref summary --help)")
    defaults = {"padding": _padding(args.padding, "--padding"), "dilation": _sizes(args.dilation, "--dilation", 2),
                "bias": not args.no_bias}
    stack = []
    for option, value in args.stack:
        shown = option if value is None else f"{option} {value}"
        try:
            layer = _build_layer(option, value, shape, defaults)
            shape = layer.output_shape(shape)
        except ValueError as error:
            raise _UsageError(f"{shown}: {error}") from None
        stack.append(layer)
    return stack


def _table(args, layers, shape, **options):
    layout = "channels_last" if args.layout == "hwc" else "channels_first"
    table = summary(layers, shape, lang=args.lang, columns=args.columns or DEFAULT_COLUMNS, layout=layout, **options)
    _beyond_real_networks(shape, table.trainable_params)
    return table.render(args.format)


def _summary(args):
    shape = _read_input(args.input, args.layout)
    return _table(args, _stack(args, shape), shape)


# -- the model command ----------------------------------------------------------------------------------------------

MODELS = tuple(models.__all__)


def _model(args):
    if args.name not in MODELS:
        raise _UsageError(f"invalid choice: {_shown(args.name)} (choose from {', '.join(MODELS)})"
                          f"{_suggest(args.name, MODELS)}")
    build = getattr(models, args.name)
    options = {}
    if args.keras:
        if "keras" not in inspect.signature(build).parameters:
            keras_models = [name for name in MODELS if "keras" in inspect.signature(getattr(models, name)).parameters]
            raise _UsageError(f"--keras applies to {', '.join(keras_models)} only, got {args.name}")
        options["keras"] = True
    if args.num_classes is not None:
        options["num_classes"] = _integer(args.num_classes, "--num-classes")
    text = args.input or ("224x224x3" if args.layout == "hwc" else "3x224x224")
    shape = _read_input(text, args.layout)
    return _table(args, build(**options), shape, expand=args.expand)


# -- argparse -------------------------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: no usage block, no traceback."""

    def error(self, message):
        _fail(message)


class _Once(argparse.Action):
    """Store an option's value, refusing it a second time instead of silently keeping the last."""

    def __init__(self, option_strings, dest, nargs=None, const=None, **kwargs):
        self._flag = nargs == 0
        super().__init__(option_strings, dest, nargs=nargs, const=const, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        seen = getattr(namespace, "_seen", set())
        if self.dest in seen:
            hint = " (give it once; per-layer options go inside each layer, e.g. --conv 64:3:padding=1)" if (
                self.dest in ("padding", "dilation", "no_bias")) else " (give it once)"
            raise _UsageError(f"{option_string} is given twice{hint}")
        seen.add(self.dest)
        namespace._seen = seen
        setattr(namespace, self.dest, True if self._flag else values)


class _AppendLayer(argparse.Action):
    """Collect --conv, --maxpool, ... into one list, keeping their order on the command line."""

    def __call__(self, parser, namespace, values, option_string=None):
        stack = list(getattr(namespace, "stack", None) or [])
        stack.append((option_string, values))
        namespace.stack = stack


_SUMMARY_EPILOG = """\
Each layer option takes its fields, then key=value options, separated by ":".
Sizes are N or HxW; bias and ceil_mode take yes or no.

  --conv F:K[:S]            Conv2d with F filters of KxK, stride S
        keys: stride, padding (same, valid, N, HxW), dilation, groups, bias
  --depthwise K[:S]         depthwise Conv2d (groups = channels)
        keys: stride, padding, dilation, multiplier (filters per channel), bias
  --conv-transpose F:K[:S]  ConvTranspose2d
        keys: stride, padding, output_padding, dilation, groups, bias
  --maxpool K[:S]           MaxPool2d (stride defaults to K)
        keys: stride, padding, dilation, ceil_mode
  --avgpool K[:S]           AvgPool2d; keys: stride, padding, ceil_mode
  --adaptive-avgpool N      AdaptiveAvgPool2d to NxN (1: global average pooling)
  --batchnorm  --relu  --flatten  --dropout P  --dense UNITS[:bias=no]

--padding, --dilation and --no-bias are defaults for every --conv and
--depthwise (--no-bias for --conv-transpose and --dense too); a layer's own
key wins. Each global option may be given once.

examples:
  the stem of ResNet-18 (7x7 stride 2, 3x3 max pooling, a 3x3 convolution):
    convref summary --input 224x224x3 --conv 64:7:stride=2:padding=3:bias=no \\
        --batchnorm --relu --maxpool 3:stride=2:padding=1 --conv 64:3:padding=1:bias=no
  a depthwise-separable block, with torchinfo's columns, as JSON:
    convref summary --input 112x112x32 --depthwise 3:padding=1 --conv 64:1 \\
        --columns input_shape,output_shape,kernel_size,params,macs --format json
  the four-layer Keras model of the worked example:
    convref summary --input 28x28x3 --conv 32:5 --conv 17:3 --conv 13:3 --conv 7:3 \\
        --padding same --no-bias
"""


def _parser():
    common = _Parser(add_help=False)
    common.add_argument("--lang", type=_choice(LANGUAGES, "--lang"), action=_Once, default="en",
                        metavar="{en,es}", help="language of the output (help and messages stay in English)")
    common.add_argument("--format", type=_choice(FORMATS, "--format"), action=_Once, default="text",
                        metavar="{" + ",".join(FORMATS) + "}",
                        help="text (default), markdown, html, json (Summary.to_dict(), shapes channels first) "
                             "or csv (one line per layer)")
    common.add_argument("--layout", type=_choice(LAYOUTS, "--layout"), action=_Once, default="hwc",
                        metavar="{hwc,chw}",
                        help="how --input is written: hwc = height x width x channels (default, 224x224x3), "
                             "chw = channels first as PyTorch (3x224x224); tables show shapes the same way")
    common.add_argument("--version", action="version", version=f"convref {__version__}")

    conv = _Parser(add_help=False)
    conv.add_argument("--padding", default="0", metavar="P", action=_Once,
                      help="same, valid, N or HxW zeros on each side (default 0)")
    conv.add_argument("--dilation", default="1", metavar="D", action=_Once, help="N or HxW (default 1)")
    conv.add_argument("--no-bias", action=_Once, nargs=0, default=False, help="layers without bias")

    columns = _Parser(add_help=False)
    columns.add_argument("--columns", type=_columns, action=_Once, default=None, metavar="LIST",
                         help="comma-separated columns after the layer: " + ", ".join(COLUMNS)
                              + " (default " + ",".join(DEFAULT_COLUMNS) + ")")

    parser = _Parser(prog="convref", allow_abbrev=False,
                     description="Explain convolution layers: shapes, kernels, parameters, MACs.",
                     formatter_class=argparse.RawDescriptionHelpFormatter,
                     epilog="Sizes are height x width x channels as people write them (9x9x5), or channels first\n"
                            "with --layout chw. Help is in English; --lang es prints the results in Spanish.\n\n"
                            "examples:\n"
                            "  convref layer --input 9x9x5 --filters 56 --kernel 4\n"
                            "  convref summary --input 28x28x1 --conv 6:5 --relu --maxpool 2 --flatten --dense 10\n"
                            "  convref model resnet50 --keras --format json")
    parser.add_argument("--version", action="version", version=f"convref {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{layer,summary,model}", required=True,
                                     parser_class=_Parser)

    layer = commands.add_parser(
        "layer", parents=[common, conv], help="explain one Conv2d layer in words", allow_abbrev=False,
        description="Explain one Conv2d layer: filters, 2-D kernels, output, parameters, MACs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example, the 56 filters of 4x4 on a 9x9 input with 5 channels:\n"
               "  convref layer --input 9x9x5 --filters 56 --kernel 4\n"
               "  convref layer --input 5x9x9 --layout chw --filters 56 --kernel 4 --format json")
    layer.add_argument("--input", required=True, metavar="SIZE", action=_Once,
                       help="input size, HxWxC (e.g. 9x9x5), or CxHxW with --layout chw")
    layer.add_argument("--filters", required=True, metavar="N", action=_Once, help="output channels (filters)")
    layer.add_argument("--kernel", required=True, metavar="K", action=_Once, help="kernel size, N or HxW")
    layer.add_argument("--stride", default="1", metavar="S", action=_Once, help="N or HxW (default 1)")
    layer.add_argument("--groups", default="1", metavar="G", action=_Once, help="channel groups (default 1)")
    layer.set_defaults(run=_explain_layer)

    summary_parser = commands.add_parser(
        "summary", parents=[common, conv, columns], help="summary table of a stack of layers", allow_abbrev=False,
        description="Print a summary (Keras' model.summary(), torchinfo's columns) of the layers given in order "
                    "on the command line.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_SUMMARY_EPILOG)
    summary_parser.add_argument("--input", required=True, metavar="SIZE", action=_Once,
                                help="input size, HxWxC (e.g. 28x28x3), or CxHxW with --layout chw")
    stack = summary_parser.add_argument_group("layers, in order (see below)")
    for option in _GRAMMAR:
        stack.add_argument(option, action=_AppendLayer, metavar=_METAVARS[option],
                           help=f"e.g. {option} {_EXAMPLES[option]}")
    stack.add_argument("--batchnorm", action=_AppendLayer, nargs=0, help="BatchNorm2d")
    stack.add_argument("--relu", action=_AppendLayer, nargs=0, help="ReLU")
    stack.add_argument("--flatten", action=_AppendLayer, nargs=0, help="Flatten")
    summary_parser.set_defaults(run=_summary, stack=[])

    model = commands.add_parser(
        "model", parents=[common, columns], help="summary of a well-known architecture", allow_abbrev=False,
        description=f"Summary of an architecture of convref.models: {', '.join(MODELS)}.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  convref model resnet50 --keras\n"
               "  convref model vgg16 --columns output_shape,params,macs --format csv\n"
               "  convref model resnet18 --input 3x224x224 --layout chw --expand")
    model.add_argument("name", metavar="NAME", help=f"one of {', '.join(MODELS)}")
    model.add_argument("--keras", action=_Once, nargs=0, default=False,
                       help="as Keras applications builds it (resnet50)")
    model.add_argument("--input", default=None, metavar="SIZE", action=_Once,
                       help="input size (default 224x224x3, or 3x224x224 with --layout chw)")
    model.add_argument("--num-classes", default=None, metavar="N", action=_Once, help="outputs of the classifier")
    model.add_argument("--expand", action=_Once, nargs=0, default=False,
                       help="one row per layer inside nested Sequentials")
    model.set_defaults(run=_model)
    return parser


def _subparsers(parser):
    return next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))


def _check_spelling(parser, argv):
    """Refuse an unknown option or command with the closest known one, before argparse reports something else.

    Without this, ``--kernal 4`` is reported as "the following arguments are
    required: --kernel" and the misspelling is never named.
    """
    commands = _subparsers(parser).choices
    known = set(parser._option_string_actions)
    command = None
    for position, token in enumerate(argv):
        if token == "--":
            return
        if not token.startswith("-"):
            command = token
            break
        if token.split("=", 1)[0] not in known:
            raise _UsageError(f"unknown option {_shown(token)}{_suggest(token, sorted(known))}")
    else:
        return
    if command not in commands:
        raise _UsageError(f"invalid choice: {_shown(command)} (choose from {', '.join(commands)})"
                          f"{_suggest(command, commands)}")
    known |= set(commands[command]._option_string_actions)
    for token in argv[position + 1:]:
        if token == "--":
            return
        name = token.split("=", 1)[0]
        # "-1" is a (negative, refused later) value, not an option: argparse reads it so too.
        if token.startswith("-") and len(token) > 1 and not token[1].isdigit() and name not in known:
            options = sorted(option for option in known if option.startswith("--"))
            raise _UsageError(f"unknown option {_shown(name)} for convref {command}{_suggest(name, options)} "
                              f"(see convref {command} --help)")


def main(argv=None):
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success. Errors exit with status 2 after one line on stderr.

    Examples
    --------
    How many parameters has the worked example of 56 filters of 4×4 over a 9×9×5 input?

    >>> status = main(["layer", "--input", "9x9x5", "--filters", "56", "--kernel", "4"])
    Input: 9×9×5 (height × width × channels, as people write it; channels-first shape (5, 9, 9))
    Layer: Conv2d(5, 56, kernel_size=(4, 4), stride=(1, 1))
    Filters: 56 filters of 4×4×5, each with one 4×4 kernel per input channel
    Output: 6×6×56 (channels-first shape (56, 6, 6))
    Kernels: 56 × 5 = 280 two-dimensional kernels of 4×4, each a separate set of 16 weights
    Parameters: 4,480 weights + 56 biases = 4,536 parameters
    MACs: 161,280 multiply-accumulates for one sample
    >>> status
    0
    """
    _tolerant_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        try:
            parser = _parser()
            _check_spelling(parser, argv)
            args = parser.parse_args(argv)
            output = args.run(args)
        except (_UsageError, ValueError) as error:
            # A ValueError comes from convref's own checks (e.g. a kernel larger than the input),
            # whose message names the argument; a usage error, not a crash.
            _fail(error)
        print(output)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (convref model resnet50 | head): no traceback. Point
        # stdout at devnull so that Python's flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("convref: interrupted", file=sys.stderr)
        return 130
    except (SystemExit, GeneratorExit):
        raise
    except Exception as error:  # noqa: BLE001 - the promise is: no traceback reaches a user
        _fail(f"internal error ({type(error).__name__}: {error}); please report it with the command line", status=1)
    return 0
