"""The HTML of the two interactive pieces, with their data and words, written at build time.

A page's code cell computes the data with convref and displays the returned
object; its HTML is an element that conf/_static/interactive/convref-interactive.js
brings to life (conf/_ext/interactive_assets.py loads the scripts on the pages
that hold one):

- :func:`stepper_html`: ``<div class="convref-stepper">`` with the example
  (input, kernels, bias) in ``data-example``;
- :func:`explorer_html`: ``<div class="convref-explorer">`` with the page's
  defaults for the arguments PyTorch has none for in ``data-defaults``, and,
  for readers without JavaScript, the first layer's results computed by convref.

Both carry the words of the page's language (the ``interactive_`` entries of :mod:`.words`) in
``data-words``. Nothing here is computed by hand: the numbers are convref's.
"""

from __future__ import annotations

import html
import json
import re

import numpy as np

import convref

from .language import checked_language
from .words import group

def interactive_words(lang):
    """The words of both pieces in ``lang``, as the pages embed them (``data-words``).

    A function, not a table of both languages: a page's notebook carries its own
    language's words only.
    """
    return group("interactive_", lang)


class InteractiveHTML:
    """Raw HTML that a notebook displays as it is (its ``text/html`` form)."""

    def __init__(self, markup):
        self.markup = markup

    def _repr_html_(self):
        return self.markup

    def __repr__(self):
        return f"<InteractiveHTML: {len(self.markup)} characters>"


def _attribute(value):
    """A value as JSON inside a double-quoted HTML attribute."""
    return html.escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")), quote=True)


def _integers(array, name, ndim):
    """``array`` as nested lists of Python ints; refuses anything but whole numbers."""
    values = np.asarray(array, dtype=float)
    if values.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {values.shape}")
    if not np.all(np.isfinite(values)) or not np.array_equal(values, np.round(values)):
        raise ValueError(f"{name} must hold whole numbers: the stepper shows integer arithmetic")
    return values.astype(int).tolist()


def stepper_html(input, kernels, shared_kernel, bias, lang=None):
    """The stepper of one filter: ``input`` (C, H, W), ``kernels`` (C, kH, kW), a bias.

    ``shared_kernel`` (kH, kW) is what every channel gets when the reader
    switches to one shared kernel. All values must be whole numbers.

    Examples
    --------
    >>> import numpy as np
    >>> blob = stepper_html(np.ones((3, 4, 4)), np.ones((3, 3, 3)), np.ones((3, 3)), 1.0, lang="en")
    >>> blob.markup.startswith('<div class="convref-stepper"')
    True
    """
    lang = checked_language(lang)
    example = {"input": _integers(input, "input", 3), "kernels": _integers(kernels, "kernels", 3),
               "shared_kernel": _integers(shared_kernel, "shared_kernel", 2), "bias": _integers([bias], "bias", 1)[0]}
    if len(example["input"]) != len(example["kernels"]) or len(example["input"]) < 2:
        raise ValueError("input and kernels must have the same number of channels, at least two")
    if np.shape(example["kernels"])[1:] != np.shape(example["shared_kernel"]):
        raise ValueError("shared_kernel must have the shape of one kernel")
    return InteractiveHTML(
        f'<div class="convref-stepper" data-lang="{lang}" data-example="{_attribute(example)}" '
        f'data-words="{_attribute(interactive_words(lang))}"></div>')


def _phrase(template, **values):
    """A phrase of the catalog as HTML: `code` spans become <code>, values are escaped."""
    pieces = []
    for piece in re.split(r"(`[^`]*`)", template):
        code = piece.startswith("`") and piece.endswith("`") and len(piece) > 1
        text = html.escape(piece[1:-1] if code else piece)
        text = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)
        pieces.append(f"<code>{text}</code>" if code else text)
    return "".join(pieces)


def _shape(shape, lang):
    entries = [convref.format_number(n, lang) for n in shape]
    return f"({entries[0]},)" if len(entries) == 1 else f"({', '.join(entries)})"


def explorer_html(layer, input_shape, lang=None):
    """The explorer, starting from ``layer`` (a ``convref.Conv2d``) on ``input_shape`` (C, H, W).

    ``layer`` gives the explorer's defaults for ``in_channels``,
    ``out_channels`` and ``kernel_size`` (PyTorch has none) and ``input_shape``
    those for ``height`` and ``width``; its other arguments must be PyTorch's
    defaults, which the explorer assumes when the address leaves them out.

    Examples
    --------
    >>> blob = explorer_html(convref.Conv2d(3, 2, kernel_size=3), (3, 32, 32), lang="es")
    >>> 'data-defaults="{&quot;in_channels&quot;:3' in blob.markup
    True
    """
    lang = checked_language(lang)
    if not isinstance(layer, convref.Conv2d):
        raise TypeError(f"layer must be a convref.Conv2d, got {layer!r}")
    if (layer.stride, layer.padding, layer.dilation, layer.groups, layer.bias) != ((1, 1), (0, 0), (1, 1), 1, True):
        raise ValueError(f"the explorer's first layer keeps PyTorch's defaults but for its channels and kernel, "
                         f"got {layer!r}")
    kh, kw = layer.kernel_size
    output_shape = layer.output_shape(tuple(input_shape))
    defaults = {"in_channels": layer.in_channels, "out_channels": layer.out_channels,
                "kernel_size": kh if kh == kw else f"{kh}, {kw}", "height": input_shape[1], "width": input_shape[2]}
    words = interactive_words(lang)
    weights = int(np.prod(layer.weight_shape))
    rows = [
        (words["result_weight_shape"], _shape(layer.weight_shape, lang)),
        (words["result_bias_shape"], _shape(layer.bias_shape, lang)),
        (words["result_output_shape"], _shape(output_shape, lang)),
        (words["result_params"], convref.format_number(layer.num_params, lang) + " ("
         + words["params_detail"].format(weights=convref.format_number(weights, lang),
                                         biases=convref.format_number(layer.num_params - weights, lang)) + ")"),
        (words["result_macs"], convref.format_number(layer.macs(tuple(input_shape)), lang)),
    ]
    call = f"torch.nn.Conv2d({layer.in_channels}, {layer.out_channels}, kernel_size={defaults['kernel_size']})"
    fallback = (
        f'<p>{_phrase(words["noscript"], layer=f"<code>{html.escape(call)}</code>", shape=_shape(input_shape, lang))}'
        f'</p><dl class="cx-results">'
        + "".join(f'<div class="cx-result"><dt>{_phrase(label)}</dt><dd>{html.escape(value)}</dd></div>'
                  for label, value in rows)
        + "</dl>")
    return InteractiveHTML(
        f'<div class="convref-explorer" data-lang="{lang}" data-defaults="{_attribute(defaults)}" '
        f'data-words="{_attribute(words)}">{fallback}</div>')
