"""Keras-style summary tables of layer specifications: text, Markdown or HTML through one renderer."""

from __future__ import annotations

import collections
import html
import re

from .. import _checks
from .._public import public
from .._words import check_language, format_count, word
from ._base import CHANNELS_FIRST, Layer
from .containers import Sequential

SummaryRow = collections.namedtuple("SummaryRow", ["name", "layer", "output_shape", "params"], module="convref")
SummaryRow.__doc__ = """One row of a :class:`convref.Summary`.

Fields: ``name`` (Keras style, e.g. ``"conv2d_1"``), ``layer`` (the layer
specification itself), ``output_shape`` (channels first, no batch axis) and
``params`` (trainable plus non-trainable, as Keras' "Param #").

Examples
--------
What does the row of a batch normalization over 16 channels hold?

>>> row = summary([BatchNorm2d(16)], (16, 8, 8)).rows[0]
>>> row.name, row.output_shape, row.params
('batch_norm2d', (16, 8, 8), 64)
"""

FORMATS = ("text", "markdown", "html")


def _keras_name(layer):
    """``ConvTranspose2d`` -> ``conv_transpose2d``, ``ReLU`` -> ``relu``, as Keras names layers."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])", "_", type(layer).__name__).lower()


def _leaves(layers, expand):
    for layer in layers:
        if expand and isinstance(layer, Sequential):
            yield from _leaves(layer, expand)
        else:
            yield layer


@public
class Summary:
    """A Keras-style table of layers, output shapes and parameter counts.

    Build it with :func:`convref.summary`. :meth:`render` writes it as
    Keras' ruled text table (what ``str(table)`` gives), as Markdown or as
    HTML (what a notebook displays). Output shapes are channels first without
    the batch axis (Keras prints ``(None, 28, 28, 32)`` where this table has
    ``(32, 28, 28)``). A row's ``params`` counts trainable and non-trainable
    parameters, as Keras' "Param #" does, so the rows sum to
    ``total_params``; compare ``trainable_params`` with PyTorch's
    ``sum(p.numel() for p in model.parameters())``.

    Attributes
    ----------
    rows : list of SummaryRow
        One row per layer.
    input_shape : tuple of int
        The shape of one input sample, channels first.
    lang : str
        ``"en"`` or ``"es"``: the language of headers, totals and numbers.
    total_params, trainable_params, nontrainable_params : int
        The totals Keras prints under the table.

    Examples
    --------
    What does Keras report for a 3×3 convolution from 3 to 16 channels followed by batch normalization?

    >>> table = summary([Conv2d(3, 16, 3, padding="same"), BatchNorm2d(16)], (3, 32, 32))
    >>> [(row.name, row.output_shape, row.params) for row in table.rows]
    [('conv2d', (16, 32, 32), 448), ('batch_norm2d', (16, 32, 32), 64)]
    >>> table.total_params, table.trainable_params, table.nontrainable_params
    (512, 480, 32)
    """

    def __init__(self, rows, *, input_shape, lang, trainable_params, nontrainable_params):
        self.rows = rows
        self.input_shape = input_shape
        self.lang = lang
        self.trainable_params = trainable_params
        self.nontrainable_params = nontrainable_params
        self.total_params = trainable_params + nontrainable_params

    def render(self, format="text", *, caption=None):
        """The table as text, Markdown or HTML, in the table's language.

        Parameters
        ----------
        format : str
            ``"text"``: the ruled table of Keras' ``model.summary()``, then
            the three totals (what ``str(table)`` gives). ``"markdown"``: a
            Markdown table (numbers right-aligned), then the totals as a list.
            ``"html"``: semantic HTML, totals in ``<tfoot>``, numbers in cells
            of class ``num`` for a stylesheet to right-align
            (``.convref-summary .num { text-align: right; }``), no inline
            styles, and a ``lang`` attribute for browsers and screen readers.
        caption : str, optional, keyword-only
            HTML only: the text of the ``<caption>`` (escaped); none by default.

        Returns
        -------
        str

        Raises
        ------
        ValueError
            For an unknown format, or a caption with a format other than HTML.
        TypeError
            For a caption that is not a string.

        Examples
        --------
        How does a one-layer summary look in Markdown, in Spanish?

        >>> table = summary([Conv2d(3, 32, 5, padding="same", bias=False)], (3, 28, 28), lang="es")
        >>> print(table.render("markdown"))
        | Capa (tipo) | Forma de salida | Parámetros |
        |:--|:--|--:|
        | conv2d (Conv2d) | (32, 28, 28) | 2400 |
        <BLANKLINE>
        - Parámetros totales: 2400
        - Parámetros entrenables: 2400
        - Parámetros no entrenables: 0
        """
        _checks.choice(format, "format", FORMATS)
        if caption is not None:
            if not isinstance(caption, str):
                raise TypeError(f"caption must be a string or None, got {caption!r} ({type(caption).__name__})")
            if format != "html":
                raise ValueError(f"caption applies to format='html' only, got format={format!r}")
        lang = self.lang
        headers = [word(key, lang) for key in ("summary.layer_type", "summary.output_shape", "summary.params")]
        cells = [(f"{row.name} ({type(row.layer).__name__})", str(row.output_shape), format_count(row.params, lang))
                 for row in self.rows]
        totals = [(word(key, lang), format_count(value, lang)) for key, value in
                  (("summary.total_params", self.total_params), ("summary.trainable_params", self.trainable_params),
                   ("summary.nontrainable_params", self.nontrainable_params))]

        if format == "text":
            widths = [max(len(text) for text in column) + 4 for column in zip(headers, *cells)]

            def line(texts):
                name, shape, count = texts
                return (f" {name:<{widths[0]}}{shape:<{widths[1]}}{count:>{widths[2]}}").rstrip()

            width = sum(widths) + 1
            parts = ["_" * width, line(headers), "=" * width]
            for position, row in enumerate(cells):
                parts += [line(row), "=" * width if position == len(cells) - 1 else "_" * width]
            if not cells:
                parts.append("=" * width)
            parts += [f"{label}: {value}" for label, value in totals]
            parts.append("_" * width)
        elif format == "markdown":
            parts = ["| " + " | ".join(headers) + " |", "|:--|:--|--:|"]
            parts += ["| " + " | ".join(row) + " |" for row in cells]
            parts.append("")
            # A list, because consecutive plain lines would merge into one paragraph.
            parts += [f"- {label}: {value}" for label, value in totals]
        else:
            esc = html.escape
            parts = [f'<table class="convref-summary" lang="{lang}">']
            if caption is not None:
                parts.append(f"<caption>{esc(caption)}</caption>")
            name, shape, count = headers
            parts += ["<thead>",
                      f'<tr><th scope="col">{esc(name)}</th><th scope="col">{esc(shape)}</th>'
                      f'<th scope="col" class="num">{esc(count)}</th></tr>',
                      "</thead>", "<tbody>"]
            parts += [f'<tr><td>{esc(a)}</td><td>{esc(b)}</td><td class="num">{esc(c)}</td></tr>' for a, b, c in cells]
            parts += ["</tbody>", "<tfoot>"]
            parts += [f'<tr><th scope="row" colspan="2">{esc(label)}</th><td class="num">{esc(value)}</td></tr>'
                      for label, value in totals]
            parts += ["</tfoot>", "</table>"]
        return "\n".join(parts)

    def to_markdown(self):
        """The table as Markdown: ``render("markdown")``.

        Returns
        -------
        str

        Examples
        --------
        Which line of a Markdown summary aligns the numbers to the right?

        >>> print(summary([ReLU()], (3, 4, 4)).to_markdown().splitlines()[1])
        |:--|:--|--:|
        """
        return self.render("markdown")

    def to_html(self, caption=None):
        """The table as HTML: ``render("html", caption=caption)``.

        Parameters
        ----------
        caption : str, optional
            Text of the ``<caption>`` (escaped); none by default.

        Returns
        -------
        str

        Examples
        --------
        Which header cells does the HTML table have?

        >>> table = summary([Conv2d(3, 32, 5, padding="same", bias=False)], (3, 28, 28))
        >>> print(table.to_html(caption="First layer"))
        <table class="convref-summary" lang="en">
        <caption>First layer</caption>
        <thead>
        <tr><th scope="col">Layer (type)</th><th scope="col">Output shape</th><th scope="col" class="num">Param #</th></tr>
        </thead>
        <tbody>
        <tr><td>conv2d (Conv2d)</td><td>(32, 28, 28)</td><td class="num">2,400</td></tr>
        </tbody>
        <tfoot>
        <tr><th scope="row" colspan="2">Total params</th><td class="num">2,400</td></tr>
        <tr><th scope="row" colspan="2">Trainable params</th><td class="num">2,400</td></tr>
        <tr><th scope="row" colspan="2">Non-trainable params</th><td class="num">0</td></tr>
        </tfoot>
        </table>
        """
        return self.render("html", caption=caption)

    def __str__(self):
        return self.render("text")

    def __repr__(self):
        return f"<Summary of {len(self.rows)} layers on input_shape {self.input_shape}: {self.total_params} params>"

    def _repr_html_(self):
        return self.render("html")


@public
def summary(layers, input_shape, *, lang="en", expand=False):
    """Tabulate layers as Keras' ``model.summary()`` does.

    Parameters
    ----------
    layers : layer specification or sequence of them
        A :class:`convref.Sequential` (one row per element), a list of layers, or a
        single layer.
    input_shape : tuple of int
        Channels-first input shape of one sample, e.g. ``(3, 28, 28)``.
    lang : {"en", "es"}, keyword-only
        Language of headers and totals, and of the thousands grouping (see
        :func:`convref.format_count`).
    expand : bool, keyword-only
        By default a nested :class:`convref.Sequential` or a :class:`convref.Residual` is one
        row, as Keras shows a nested model. With ``expand=True`` nested
        Sequentials are replaced by their layers (recursively); a Residual
        stays one row, its two branches not being a chain.

    Returns
    -------
    Summary
        Rows are named in Keras' style: the first ``Conv2d`` is ``conv2d``,
        the next ``conv2d_1``, and so on per layer type.

    Examples
    --------
    What does Keras print for the four "same" convolutions without bias on a 28×28×3 input?

    >>> stack = [Conv2d(3, 32, 5, padding="same", bias=False), Conv2d(32, 17, 3, padding="same", bias=False),
    ...          Conv2d(17, 13, 3, padding="same", bias=False), Conv2d(13, 7, 3, padding="same", bias=False)]
    >>> print(summary(stack, (3, 28, 28)))
    _________________________________________________
     Layer (type)         Output shape        Param #
    =================================================
     conv2d (Conv2d)      (32, 28, 28)          2,400
    _________________________________________________
     conv2d_1 (Conv2d)    (17, 28, 28)          4,896
    _________________________________________________
     conv2d_2 (Conv2d)    (13, 28, 28)          1,989
    _________________________________________________
     conv2d_3 (Conv2d)    (7, 28, 28)             819
    =================================================
    Total params: 10,104
    Trainable params: 10,104
    Non-trainable params: 0
    _________________________________________________
    """
    check_language(lang)
    expand = _checks.flag(expand, "expand")
    if isinstance(layers, Layer):
        layers = list(layers) if isinstance(layers, Sequential) else [layers]
    elif isinstance(layers, (list, tuple)):
        layers = list(Sequential(*layers))  # validates each element
    else:
        raise TypeError(f"layers must be a layer specification or a list of them, got {layers!r} "
                        f"({type(layers).__name__})")
    chain = Sequential(*_leaves(layers, expand))
    shape = _checks.shape(input_shape, "input_shape", meaning=CHANNELS_FIRST)
    seen = collections.Counter()
    rows = []
    for layer, _, output in chain._shapes(shape):
        base = _keras_name(layer)
        name = base if not seen[base] else f"{base}_{seen[base]}"
        seen[base] += 1
        rows.append(SummaryRow(name, layer, output, layer.num_params + layer.num_nontrainable))
    return Summary(rows, input_shape=shape, lang=lang, trainable_params=chain.num_params,
                   nontrainable_params=chain.num_nontrainable)
