"""Command line: explain a convolution layer, or tabulate a stack of layers.

::

    convref layer --input 9x9x5 --filters 56 --kernel 4 [--lang es]
    convref summary --input 28x28x3 --conv 32:5 --conv 17:3 --conv 13:3 --conv 7:3 --padding same --no-bias
    convref model resnet50 --keras

Sizes are written as people write them, height × width × channels
(``9x9x5``); the output also shows the channels-first shape that PyTorch and
convref use. ``--lang es`` prints the explanation and the table in Spanish;
``--help`` stays in English. A bad argument, or a layer that cannot take the
input, prints one line ``convref: error: ...`` on stderr and exits with
status 2.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys

from . import models
from ._words import LANGUAGES, format_count, word
from .layers import AvgPool2d, BatchNorm2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, summary
from .layers.summary import FORMATS

__all__ = ["main"]

_SIZE = re.compile(r"\d+(?:[x×X]\d+)*")


class _UsageError(Exception):
    """A command-line value that does not parse; reported on one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: no usage block, no traceback."""

    def error(self, message):
        _fail(message)


def _fail(message):
    print(f"convref: error: {' '.join(str(message).split())}", file=sys.stderr)
    sys.exit(2)


def _numbers(text, option, count, example):
    """Parse ``"9x9x5"``-like text into ``count`` positive ints (a single int is repeated)."""
    if _SIZE.fullmatch(text):
        values = [int(part) for part in re.split("[x×X]", text)]
        if len(values) == 1 and count != 3:
            values *= count
        if len(values) == count and all(values):
            return tuple(values)
    shape = {1: "N", 2: "N or HxW", 3: "HxWxC"}[count]
    raise _UsageError(f"{option} must look like {shape}, e.g. {example} (positive integers), got {text!r}")


def _fields(text, option, counts, example):
    """Parse ``"32:3:2"``-like text into positive ints, their number being one of ``counts``."""
    parts = text.split(":")
    if len(parts) in counts and all(re.fullmatch("[0-9]+", part) and int(part) > 0 for part in parts):
        return [int(part) for part in parts]
    raise _UsageError(f"{option} must look like {example} (positive integers), got {text!r}")


def _padding(text):
    if text in ("same", "valid"):
        return text
    if _SIZE.fullmatch(text) and len(re.split("[x×X]", text)) <= 2:
        values = [int(part) for part in re.split("[x×X]", text)]
        return tuple(values * (2 // len(values)))
    raise _UsageError(f"--padding must be same, valid, N or HxW (non-negative integers), got {text!r}")


def _hwc(text):
    height, width, channels = _numbers(text, "--input", 3, "9x9x5")
    return (channels, height, width)


def _times(values):
    return "×".join(str(v) for v in values)


def _conv_options(args):
    return dict(padding=_padding(args.padding), dilation=_numbers(args.dilation, "--dilation", 2, "1 or 2x2"),
                bias=not args.no_bias)


def _explain_layer(args):
    shape = _hwc(args.input)
    for option, value in (("--filters", args.filters), ("--groups", args.groups)):
        if value < 1:
            raise _UsageError(f"{option} must be a positive integer, got {value}")
    layer = Conv2d(shape[0], args.filters, _numbers(args.kernel, "--kernel", 2, "4 or 3x5"),
                          stride=_numbers(args.stride, "--stride", 2, "1 or 2x2"), groups=args.groups,
                          **_conv_options(args))
    out = layer.output_shape(shape)
    lang = args.lang

    def count(n):
        return format_count(n, lang)

    kernel = _times(layer.kernel_size)
    depth = layer.in_channels // layer.groups
    group_note = ""
    if layer.groups > 1:
        group_note = word("cli.group_note", lang, groups=count(layer.groups), per_group=count(depth))
    weights = math.prod(layer.weight_shape)
    lines = [
        word("cli.input", lang, hwc=_times((*shape[1:], shape[0])), chw=shape),
        word("cli.layer", lang, layer=layer),
        word("cli.filters", lang, filters=count(layer.out_channels), kernel=kernel, depth=depth,
             group_note=group_note),
        word("cli.output", lang, hwc=_times((*out[1:], out[0])), chw=out),
        word("cli.kernels", lang, filters=count(layer.out_channels), depth=count(depth),
             kernels=count(layer.num_kernels), kernel=kernel, per_kernel=count(math.prod(layer.kernel_size))),
    ]
    if layer.bias:
        lines.append(word("cli.parameters", lang, weights=count(weights), biases=count(layer.out_channels),
                          total=count(layer.num_params)))
    else:
        lines.append(word("cli.parameters_no_bias", lang, weights=count(weights), total=count(layer.num_params)))
    return "\n".join(lines)


def _stack(args, shape):
    """Build the layers given by --conv, --maxpool, ... in command-line order."""
    if not args.stack:
        raise _UsageError("summary needs at least one layer, e.g. --conv 32:5 (see convref summary --help)")
    stack = []
    for option, value in args.stack:
        try:
            if option == "--conv":
                filters, kernel, *stride = _fields(value, option, (2, 3), "FILTERS:KERNEL[:STRIDE], e.g. 32:5")
                layer = Conv2d(shape[0], filters, kernel, stride=stride[0] if stride else 1,
                                      **_conv_options(args))
            elif option in ("--maxpool", "--avgpool"):
                kernel, *stride = _fields(value, option, (1, 2), "KERNEL[:STRIDE], e.g. 2 or 3:2")
                pool = MaxPool2d if option == "--maxpool" else AvgPool2d
                layer = pool(kernel, stride=stride[0] if stride else None)
            elif option == "--dense":
                (units,) = _fields(value, option, (1,), "UNITS, e.g. 10")
                layer = Linear(shape[-1], units, bias=not args.no_bias)
            else:
                layer = {"--relu": ReLU, "--flatten": Flatten,
                         "--batchnorm": lambda: BatchNorm2d(shape[0])}[option]()
            shape = layer.output_shape(shape)
        except ValueError as error:
            shown = option if value is None else f"{option} {value}"
            raise _UsageError(f"{shown}: {error}") from None
        stack.append(layer)
    return stack


def _summary(args):
    shape = _hwc(args.input)
    return summary(_stack(args, shape), shape, lang=args.lang).render(args.format)


def _model(args):
    if args.keras and args.name != "resnet50":
        raise _UsageError(f"--keras applies to resnet50 only, got {args.name}")
    model = models.resnet50(keras=True) if args.keras else getattr(models, args.name)()
    shape = _hwc(args.input)
    return summary(model, shape, lang=args.lang, expand=args.expand).render(args.format)


class _AppendLayer(argparse.Action):
    """Collect --conv, --maxpool, ... into one list, keeping their order on the command line."""

    def __call__(self, parser, namespace, values, option_string=None):
        stack = list(getattr(namespace, "stack", None) or [])
        stack.append((option_string, values))
        namespace.stack = stack


def _parser():
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the output (en or es; help stays in English)")

    conv = _Parser(add_help=False)
    conv.add_argument("--padding", default="0", metavar="P",
                      help="same, valid, N or HxW zeros on each side (default 0)")
    conv.add_argument("--dilation", default="1", metavar="D", help="N or HxW (default 1)")
    conv.add_argument("--no-bias", action="store_true", help="layers without bias")

    table = _Parser(add_help=False)
    table.add_argument("--format", choices=FORMATS, default="text",
                       help="Keras-style text table (default), Markdown or HTML")

    parser = _Parser(prog="convref", description="Explain convolution layers: shapes, kernels, parameters.",
                     epilog="Sizes are height×width×channels as people write them: 9x9x5. "
                            "Help is in English; --lang es prints the results in Spanish.")
    commands = parser.add_subparsers(dest="command", metavar="{layer,summary,model}", required=True)

    layer = commands.add_parser("layer", parents=[common, conv], help="explain one Conv2d layer in words",
                                description="Explain one Conv2d layer: filters, 2-D kernels, output, parameters.")
    layer.add_argument("--input", required=True, metavar="HxWxC", help="input size, e.g. 9x9x5")
    layer.add_argument("--filters", required=True, type=int, metavar="N", help="output channels (filters)")
    layer.add_argument("--kernel", required=True, metavar="K", help="kernel size, N or HxW")
    layer.add_argument("--stride", default="1", metavar="S", help="N or HxW (default 1)")
    layer.add_argument("--groups", default=1, type=int, metavar="G", help="channel groups (default 1)")
    layer.set_defaults(run=_explain_layer)

    summary = commands.add_parser(
        "summary", parents=[common, conv, table], help="Keras-style summary of a stack of layers",
        description="Print a Keras-style summary of layers given in order on the command line. "
                    "Every --conv uses the shared --padding, --dilation and --no-bias.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example, the four-layer Keras model of the worked example:\n"
               "  convref summary --input 28x28x3 --conv 32:5 --conv 17:3 --conv 13:3 --conv 7:3 \\\n"
               "                  --padding same --no-bias")
    summary.add_argument("--input", required=True, metavar="HxWxC", help="input size, e.g. 28x28x3")
    stack = summary.add_argument_group("layers, in order")
    stack.add_argument("--conv", action=_AppendLayer, metavar="F:K[:S]",
                       help="Conv2d with F filters of KxK, stride S (default 1)")
    stack.add_argument("--maxpool", action=_AppendLayer, metavar="K[:S]", help="MaxPool2d (stride defaults to K)")
    stack.add_argument("--avgpool", action=_AppendLayer, metavar="K[:S]", help="AvgPool2d (stride defaults to K)")
    stack.add_argument("--batchnorm", action=_AppendLayer, nargs=0, help="BatchNorm2d")
    stack.add_argument("--relu", action=_AppendLayer, nargs=0, help="ReLU")
    stack.add_argument("--flatten", action=_AppendLayer, nargs=0, help="Flatten")
    stack.add_argument("--dense", action=_AppendLayer, metavar="UNITS", help="Linear layer with UNITS outputs")
    summary.set_defaults(run=_summary, stack=[])

    model = commands.add_parser("model", parents=[common, table], help="summary of a well-known architecture",
                                description="Keras-style summary of VGG16, ResNet-18 or ResNet-50.")
    model.add_argument("name", choices=("vgg16", "resnet18", "resnet50"))
    model.add_argument("--keras", action="store_true", help="ResNet-50 as Keras applications builds it")
    model.add_argument("--input", default="224x224x3", metavar="HxWxC", help="input size (default 224x224x3)")
    model.add_argument("--expand", action="store_true", help="one row per layer inside nested Sequentials")
    model.set_defaults(run=_model)
    return parser


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
    >>> status
    0
    """
    args = _parser().parse_args(argv)
    try:
        output = args.run(args)
    except (_UsageError, ValueError) as error:
        # A ValueError comes from convref's own checks (e.g. a kernel larger than the input),
        # whose message names the argument; a usage error, not a crash.
        _fail(error)
    try:
        print(output)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (convref model resnet50 | head): no traceback. Point
        # stdout at devnull so that Python's flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
