"""Summary tables of layer specifications, as Keras and torchinfo print them.

One :class:`Summary` holds the rows; :meth:`Summary.to_dict` is its
machine-readable form (versioned by :data:`SCHEMA`), and one renderer writes
it as text, Markdown, HTML, JSON or CSV.
"""

from __future__ import annotations

import collections
import csv
import html
import io
import json
import re

from .. import _checks
from .._public import public
from .._words import check_language, format_count, word
from ._base import CHANNELS_FIRST, Layer
from .containers import Sequential
from .conv import _ConvBase, _ConvTransposeNd
from .pooling import _Pool2d

SummaryRow = collections.namedtuple(
    "SummaryRow", ["name", "layer", "output_shape", "params", "input_shape", "trainable_params",
                   "nontrainable_params", "macs"], module="convref")
SummaryRow.__doc__ = """One row of a :class:`convref.Summary`.

Fields: ``name`` (Keras style, e.g. ``"conv2d_1"``), ``layer`` (the layer
specification itself), ``output_shape`` and ``input_shape`` (channels first,
with the batch axis when the summary's input has one), ``params``
(trainable plus non-trainable, as Keras' "Param #"), ``trainable_params``
(PyTorch's count), ``nontrainable_params`` (batch normalization's running
statistics) and ``macs`` (multiply-accumulates, for the whole batch when
there is one).

Examples
--------
What does the row of a batch normalization over 16 channels hold?

>>> row = summary([BatchNorm2d(16)], (16, 8, 8)).rows[0]
>>> row.name, row.output_shape, row.params
('batch_norm2d', (16, 8, 8), 64)
>>> row.trainable_params, row.nontrainable_params, row.macs
(32, 32, 0)
"""

#: The version of :meth:`Summary.to_dict`'s layout; it changes when a key changes meaning or goes away.
SCHEMA = "convref.summary/1"
FORMATS = ("text", "markdown", "html", "json", "csv")
#: Columns a table can show after "Layer (type)", in the order torchinfo shows them.
COLUMNS = ("input_shape", "output_shape", "kernel_size", "weight_shape", "params", "trainable_params", "macs")
DEFAULT_COLUMNS = ("output_shape", "params")
LAYOUTS = ("channels_first", "channels_last")

_HEADERS = {
    "input_shape": "summary.input_shape", "output_shape": "summary.output_shape",
    "kernel_size": "summary.kernel_size", "weight_shape": "summary.weight_shape", "params": "summary.params",
    "trainable_params": "summary.trainable_params_column", "macs": "summary.macs",
}
_NUMBERS = ("params", "trainable_params", "macs")
_SHAPES = ("input_shape", "output_shape")
_LAYOUT_HEADERS = {"channels_first": "summary.channels_first", "channels_last": "summary.channels_last"}


def _keras_name(layer):
    """``ConvTranspose2d`` -> ``conv_transpose2d``, ``ReLU`` -> ``relu``, as Keras names layers."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])", "_", type(layer).__name__).lower()


def _leaves(layers, expand):
    for layer in layers:
        if expand and isinstance(layer, Sequential):
            yield from _leaves(layer, expand)
        else:
            yield layer


def _window(layer):
    """``(kernel_size, stride, padding, dilation, groups, output_padding)`` of a layer, None where it has none."""
    if isinstance(layer, _ConvBase):
        output_padding = layer.output_padding if isinstance(layer, _ConvTransposeNd) else None
        return layer.kernel_size, layer.stride, layer.padding, layer.dilation, layer.groups, output_padding
    if isinstance(layer, _Pool2d):
        # AvgPool2d has no dilation in PyTorch.
        dilation = layer._dilation if hasattr(layer, "dilation") else None
        return layer._kernel, layer._stride, layer._padding, dilation, None, None
    return None, None, None, None, None, None


def _listed(value):
    """A tuple as a JSON list, a string or None as it is."""
    return list(value) if isinstance(value, tuple) else value


@public
class Summary:
    """A table of layers, their shapes and counts, as Keras' ``model.summary()`` and ``torchinfo`` print it.

    Build it with :func:`convref.summary`. :meth:`render` writes it as
    Keras' ruled text table (what ``str(table)`` and the prompt show), as
    Markdown, as HTML (what a notebook displays), as JSON (exactly
    :meth:`to_dict`) or as CSV. A row's ``params`` counts trainable and
    non-trainable parameters, as Keras' "Param #" does, so the rows sum to
    ``total_params``; ``trainable_params`` is PyTorch's count,
    ``sum(p.numel() for p in model.parameters())``. The totals under the
    table say which convention each follows.

    Attributes
    ----------
    rows : list of SummaryRow
        One row per layer.
    input_shape, output_shape : tuple of int
        The shape given to :func:`convref.summary` (channels first, batch
        axis first if it has one) and the shape that comes out.
    batch_size : int or None
        The batch axis of ``input_shape``; None for one sample.
    lang : str
        ``"en"`` or ``"es"``: the language of headers, totals and numbers.
    columns : tuple of str
        The columns shown after "Layer (type)" (see :func:`convref.summary`).
    layout : str or None
        How the table writes shapes (see :func:`convref.summary`).
    total_params : int
        Keras' "Total params": trainable plus non-trainable.
    trainable_params : int
        PyTorch's count, Keras' "Trainable params".
    nontrainable_params : int
        Batch normalization's running means and variances (Keras'
        "Non-trainable params"; PyTorch keeps them as buffers).
    macs : int
        Multiply-accumulates of the whole input (see :class:`convref.Layer`).

    Examples
    --------
    What does Keras report for a 3×3 convolution from 3 to 16 channels followed by batch normalization?

    >>> table = summary([Conv2d(3, 16, 3, padding="same"), BatchNorm2d(16)], (3, 32, 32))
    >>> [(row.name, row.output_shape, row.params) for row in table.rows]
    [('conv2d', (16, 32, 32), 448), ('batch_norm2d', (16, 32, 32), 64)]
    >>> table.total_params, table.trainable_params, table.nontrainable_params, table.macs
    (512, 480, 32, 442368)
    """

    def __init__(self, rows, *, input_shape, output_shape, batch_size, lang, columns, layout, trainable_params,
                 nontrainable_params, macs):
        self.rows = rows
        self.input_shape = input_shape
        self.output_shape = output_shape
        self.batch_size = batch_size
        self.lang = lang
        self.columns = columns
        self.layout = layout
        self.trainable_params = trainable_params
        self.nontrainable_params = nontrainable_params
        self.total_params = trainable_params + nontrainable_params
        self.macs = macs

    def to_dict(self):
        """The summary as plain data (what ``render("json")`` writes), versioned by its ``"schema"`` key.

        Shapes are lists of ints, channels first (whatever ``layout`` the
        table is shown in), with the batch axis first when the input has one.
        The keys are always present; a value a layer does not have is None
        (``null`` in JSON).

        Returns
        -------
        dict
            ``"schema"``
                ``"convref.summary/1"``. A later version changes this string
                when a key changes meaning or goes away; new keys may be added
                to a version.
            ``"input_shape"``, ``"output_shape"``, ``"batch_size"``
                As the attributes of the same name.
            ``"layers"``
                One dict per row, with the keys ``"name"`` (Keras style),
                ``"type"`` (the class name, ``"Conv2d"``), ``"repr"`` (the
                specification as PyTorch prints the module),
                ``"input_shape"``, ``"output_shape"``, ``"kernel_size"``,
                ``"stride"``, ``"padding"`` (a list of ints, or ``"same"`` or
                ``"valid"`` as given), ``"dilation"``, ``"groups"``,
                ``"output_padding"`` (transposed convolutions),
                ``"weight_shape"``, ``"bias_shape"`` (as PyTorch's
                ``module.weight.shape``), ``"trainable_params"``,
                ``"nontrainable_params"``, ``"params"`` (their sum, Keras'
                "Param #") and ``"macs"``. Pooling layers have a kernel,
                stride and padding (``MaxPool2d`` a dilation too) but no
                groups; other layers have none of them.
            ``"totals"``
                ``"trainable_params"`` (PyTorch's convention),
                ``"nontrainable_params"``, ``"total_params"`` (Keras'
                convention: trainable plus non-trainable) and ``"macs"``.

        Examples
        --------
        Which parameter and MAC budget does a CI job read from a two-layer summary?

        >>> data = summary([Conv2d(3, 8, 3, stride=2), BatchNorm2d(8)], (3, 32, 32)).to_dict()
        >>> data["schema"], data["output_shape"], data["totals"]
        ('convref.summary/1', [8, 15, 15], {'trainable_params': 240, 'nontrainable_params': 16, 'total_params': 256, 'macs': 48600})
        >>> first = data["layers"][0]
        >>> first["type"], first["kernel_size"], first["stride"], first["weight_shape"], first["macs"]
        ('Conv2d', [3, 3], [2, 2], [8, 3, 3, 3], 48600)
        >>> data["layers"][1]["kernel_size"] is None, data["layers"][1]["nontrainable_params"]
        (True, 16)
        """
        layers = []
        for row in self.rows:
            kernel, stride, padding, dilation, groups, output_padding = _window(row.layer)
            layers.append({
                "name": row.name, "type": type(row.layer).__name__, "repr": repr(row.layer),
                "input_shape": list(row.input_shape), "output_shape": list(row.output_shape),
                "kernel_size": _listed(kernel), "stride": _listed(stride), "padding": _listed(padding),
                "dilation": _listed(dilation), "groups": groups, "output_padding": _listed(output_padding),
                "weight_shape": _listed(row.layer.weight_shape), "bias_shape": _listed(row.layer.bias_shape),
                "trainable_params": row.trainable_params, "nontrainable_params": row.nontrainable_params,
                "params": row.params, "macs": row.macs,
            })
        return {
            "schema": SCHEMA,
            "input_shape": list(self.input_shape), "output_shape": list(self.output_shape),
            "batch_size": self.batch_size,
            "layers": layers,
            "totals": {"trainable_params": self.trainable_params, "nontrainable_params": self.nontrainable_params,
                       "total_params": self.total_params, "macs": self.macs},
        }

    def _shown_shape(self, shape):
        """A shape as the table writes it: channels moved last for ``layout="channels_last"``."""
        batch = () if self.batch_size is None else shape[:1]
        sample = shape[len(batch):]
        if self.layout == "channels_last" and len(sample) >= 2:
            sample = (*sample[1:], sample[0])
        return str((*batch, *sample))

    def _cells(self, row):
        """The row's cells, in ``self.columns`` order; None where the layer has no such value."""
        values = {
            "input_shape": self._shown_shape(row.input_shape), "output_shape": self._shown_shape(row.output_shape),
            "kernel_size": _window(row.layer)[0], "weight_shape": row.layer.weight_shape,
            "params": row.params, "trainable_params": row.trainable_params, "macs": row.macs,
        }
        cells = []
        for column in self.columns:
            value = values[column]
            if column in _NUMBERS:
                value = format_count(value, self.lang)
            elif value is not None and not isinstance(value, str):
                value = str(value)
            cells.append(value)
        return cells

    def _headers(self):
        headers = []
        for column in self.columns:
            text = word(_HEADERS[column], self.lang)
            if column in _SHAPES and self.layout is not None:
                text = word(_LAYOUT_HEADERS[self.layout], self.lang, header=text)
            headers.append(text)
        return headers

    def _totals(self):
        lines = [("summary.total_params", self.total_params), ("summary.trainable_params", self.trainable_params),
                 ("summary.nontrainable_params", self.nontrainable_params)]
        totals = [(word(key, self.lang), format_count(value, self.lang)) for key, value in lines]
        if "macs" in self.columns:
            label = (word("summary.total_macs", self.lang) if self.batch_size is None else
                     word("summary.total_macs_batch", self.lang, batch=format_count(self.batch_size, self.lang)))
            totals.append((label, format_count(self.macs, self.lang)))
        return totals

    def render(self, format="text", *, caption=None):
        """The summary as text, Markdown, HTML, JSON or CSV, in the table's language.

        Parameters
        ----------
        format : str
            ``"text"``: the ruled table of Keras' ``model.summary()``, then
            the totals (what ``str(table)`` and ``repr(table)`` give); a cell
            for a value the layer does not have (the kernel of a ReLU) shows
            ``--``. ``"markdown"``: a Markdown table (numbers right-aligned),
            then the totals as a list. ``"html"``: semantic HTML, totals in
            ``<tfoot>``, numbers in cells of class ``num`` for a stylesheet to
            right-align (``.convref-summary .num { text-align: right; }``), no
            inline styles, and a ``lang`` attribute for browsers and screen
            readers. ``"json"``: :meth:`to_dict` as indented JSON (ASCII
            only, numbers as plain integers, whatever the language).
            ``"csv"``: one line per layer with the keys of :meth:`to_dict`'s
            layers as the header; shapes and tuples written ``3x224x224``,
            missing values empty; no totals (they are the columns' sums, and
            the JSON holds them).
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
        - Parámetros totales (recuento de Keras, con los no entrenables): 2400
        - Parámetros entrenables (recuento de PyTorch): 2400
        - Parámetros no entrenables (estadísticas de BatchNorm): 0

        And as CSV, for a spreadsheet?

        >>> print(table.render("csv").splitlines()[1])
        conv2d,Conv2d,"Conv2d(3, 32, kernel_size=(5, 5), stride=(1, 1), padding=same, bias=False)",3x28x28,32x28x28,5x5,1x1,same,1x1,1,,32x3x5x5,,2400,0,2400,1881600
        """
        _checks.choice(format, "format", FORMATS)
        if caption is not None:
            if not isinstance(caption, str):
                raise TypeError(f"caption must be a string or None, got {caption!r} ({type(caption).__name__})")
            if format != "html":
                raise ValueError(f"caption applies to format='html' only, got format={format!r}")
        if format == "json":
            return _json(self.to_dict())
        if format == "csv":
            return self._csv()
        lang = self.lang
        headers = [word("summary.layer_type", lang), *self._headers()]
        right = [False, *(column in _NUMBERS for column in self.columns)]
        cells = [[f"{row.name} ({type(row.layer).__name__})", *self._cells(row)] for row in self.rows]
        totals = self._totals()

        if format == "text":
            cells = [["--" if cell is None else cell for cell in row] for row in cells]
            widths = [max(len(text) for text in column) + 4 for column in zip(headers, *cells)]

            def line(texts):
                parts = []
                for position, (text, width) in enumerate(zip(texts, widths)):
                    if position and right[position - 1] and not right[position]:
                        parts.append("    ")  # a left-aligned column after a right-aligned one
                    parts.append(text.rjust(width) if right[position] else text.ljust(width))
                return (" " + "".join(parts)).rstrip()

            gutters = sum(right[position - 1] and not right[position] for position in range(1, len(right)))
            width = 1 + sum(widths) + 4 * gutters
            parts = ["_" * width, line(headers), "=" * width]
            for position, row in enumerate(cells):
                parts += [line(row), "=" * width if position == len(cells) - 1 else "_" * width]
            if not cells:
                parts.append("=" * width)
            parts += [f"{label}: {value}" for label, value in totals]
            parts.append("_" * width)
        elif format == "markdown":
            cells = [["--" if cell is None else cell for cell in row] for row in cells]
            parts = ["| " + " | ".join(headers) + " |", "|" + "|".join("--:" if r else ":--" for r in right) + "|"]
            parts += ["| " + " | ".join(row) + " |" for row in cells]
            parts.append("")
            # A list, because consecutive plain lines would merge into one paragraph.
            parts += [f"- {label}: {value}" for label, value in totals]
        else:
            def esc(text):
                return html.escape(text, quote=False)

            def cell(tag, text, is_number, scope=""):
                kind = ' class="num"' if is_number else ""
                return f"<{tag}{scope}{kind}>{esc(text or '')}</{tag}>"

            parts = [f'<table class="convref-summary" lang="{lang}">']
            if caption is not None:
                parts.append(f"<caption>{esc(caption)}</caption>")
            parts += ["<thead>",
                      "<tr>" + "".join(cell("th", text, r, ' scope="col"') for text, r in zip(headers, right))
                      + "</tr>", "</thead>", "<tbody>"]
            parts += ["<tr>" + "".join(cell("td", text, r) for text, r in zip(row, right)) + "</tr>" for row in cells]
            parts += ["</tbody>", "<tfoot>"]
            parts += [f'<tr><th scope="row" colspan="{len(headers) - 1}">{esc(label)}</th>'
                      f'<td class="num">{esc(value)}</td></tr>' for label, value in totals]
            parts += ["</tfoot>", "</table>"]
        return "\n".join(parts)

    def _csv(self):
        layers = self.to_dict()["layers"]
        keys = list(layers[0]) if layers else ["name", "type"]

        def written(value):
            if value is None:
                return ""
            if isinstance(value, list):
                return "x".join(str(v) for v in value)
            return value

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(keys)
        for layer in layers:
            writer.writerow([written(layer[key]) for key in keys])
        return out.getvalue().rstrip("\n")

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
        <tr><th scope="row" colspan="2">Total params (Keras' count, with non-trainable ones)</th><td class="num">2,400</td></tr>
        <tr><th scope="row" colspan="2">Trainable params (PyTorch's count)</th><td class="num">2,400</td></tr>
        <tr><th scope="row" colspan="2">Non-trainable params (BatchNorm statistics)</th><td class="num">0</td></tr>
        </tfoot>
        </table>
        """
        return self.render("html", caption=caption)

    def __str__(self):
        return self.render("text")

    def __repr__(self):
        # At the REPL the table itself, as torchinfo and Keras show it.
        return self.render("text")

    def _repr_html_(self):
        return self.render("html")


@public
def summary(layers, input_shape, *, lang="en", expand=False, columns=None, layout=None):
    """Tabulate layers as Keras' ``model.summary()`` and ``torchinfo.summary()`` do.

    Parameters
    ----------
    layers : layer specification or sequence of them
        A :class:`convref.Sequential` (one row per element), a list of layers, or a
        single layer.
    input_shape : tuple of int
        Channels-first input shape of one sample, e.g. ``(3, 28, 28)``, or of
        a batch, ``(8, 3, 28, 28)``, as ``torchinfo`` takes it: the batch axis is
        recognized by its extra entry (see :meth:`convref.Layer.output_shape`);
        the rows' shapes then keep it and the MACs count the whole batch. A
        ``torch.Size``, a list or a 1-D NumPy integer array are read alike.
    lang : {"en", "es"}, keyword-only
        Language of headers and totals, and of the thousands grouping (see
        :func:`convref.format_count`).
    expand : bool, keyword-only
        By default a nested :class:`convref.Sequential` or a :class:`convref.Residual` is one
        row, as Keras shows a nested model. With ``expand=True`` nested
        Sequentials are replaced by their layers (recursively); a Residual
        stays one row, its two branches not being a chain.
    columns : sequence of str, keyword-only
        The columns after "Layer (type)", in the order given, as the ``col_names``
        of ``torchinfo``: ``"input_shape"``, ``"output_shape"``,
        ``"kernel_size"``, ``"weight_shape"`` (PyTorch's
        ``module.weight.shape``), ``"params"`` (Keras' "Param #", trainable
        plus non-trainable), ``"trainable_params"`` (PyTorch's count) and
        ``"macs"`` (a total line is added under the table). Default:
        ``("output_shape", "params")``, Keras' columns.
    layout : {"channels_first", "channels_last"} or None, keyword-only
        How the table writes shapes: ``"channels_last"`` moves the channels
        of every shape of two or more entries (after the batch axis) to the
        end, ``(28, 28, 32)`` as Keras prints it; ``"channels_first"``
        leaves them first, as PyTorch. Either way the shape headers say so.
        None (the default) writes them channels first under Keras' plain
        headers. The rows, :meth:`Summary.to_dict` and JSON stay channels
        first.

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
    >>> summary(stack, (3, 28, 28))
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
    Total params (Keras' count, with non-trainable ones): 10,104
    Trainable params (PyTorch's count): 10,104
    Non-trainable params (BatchNorm statistics): 0
    _________________________________________________

    And the first two with the columns of ``torchinfo``, on a batch of 8, channels last as Keras writes shapes?

    >>> summary(stack[:2], (8, 3, 28, 28), columns=["output_shape", "kernel_size", "macs"], layout="channels_last")
    ____________________________________________________________________________________
     Layer (type)         Output shape (channels last)    Kernel shape              MACs
    ====================================================================================
     conv2d (Conv2d)      (8, 28, 28, 32)                 (5, 5)              15,052,800
    ____________________________________________________________________________________
     conv2d_1 (Conv2d)    (8, 28, 28, 17)                 (3, 3)              30,707,712
    ====================================================================================
    Total params (Keras' count, with non-trainable ones): 7,296
    Trainable params (PyTorch's count): 7,296
    Non-trainable params (BatchNorm statistics): 0
    Total MACs (multiply-accumulates, batch of 8): 45,760,512
    ____________________________________________________________________________________
    """
    check_language(lang)
    expand = _checks.flag(expand, "expand")
    columns = _check_columns(columns)
    if layout is not None:
        _checks.choice(layout, "layout", LAYOUTS)
    if isinstance(layers, Layer):
        layers = list(layers) if isinstance(layers, Sequential) else [layers]
    elif isinstance(layers, (list, tuple)):
        layers = list(Sequential(*layers))  # validates each element
    else:
        raise TypeError(f"layers must be a layer specification or a list of them, got {layers!r} "
                        f"({type(layers).__name__})")
    chain = Sequential(*_leaves(layers, expand))
    _checks.shape(input_shape, "input_shape", meaning=CHANNELS_FIRST)
    batch, shape = chain._split_batch(input_shape)

    def batched(sample_shape):
        return sample_shape if batch is None else (batch, *sample_shape)

    per_sample = 1 if batch is None else batch
    seen = collections.Counter()
    rows = []
    try:
        steps = list(chain._shapes(shape))
    except (TypeError, ValueError) as error:
        if batch is None:
            raise
        raise type(error)(f"{error} (input_shape {batched(shape)} is read as a batch of {batch} samples of shape "
                          f"{shape})") from None
    for layer, layer_input, output in steps:
        base = _keras_name(layer)
        name = base if not seen[base] else f"{base}_{seen[base]}"
        seen[base] += 1
        rows.append(SummaryRow(name, layer, batched(output), layer.num_params + layer.num_nontrainable,
                               batched(layer_input), layer.num_params, layer.num_nontrainable,
                               per_sample * layer._macs(layer_input)))
    return Summary(rows, input_shape=batched(shape), output_shape=rows[-1].output_shape if rows else batched(shape),
                   batch_size=batch, lang=lang, columns=columns, layout=layout, trainable_params=chain.num_params,
                   nontrainable_params=chain.num_nontrainable, macs=sum(row.macs for row in rows))


def _json(data):
    """Indented JSON in which a list of ints (a shape) stays on one line: ``[3, 224, 224]``."""
    def inline(match):
        items = match.group(1).split(",")
        return "[" + ", ".join(item.strip() for item in items if item.strip()) + "]"

    return re.sub(r"\[([-\d,\s]*)\]", inline, json.dumps(data, indent=2))


def _check_columns(columns):
    if columns is None:
        return DEFAULT_COLUMNS
    if isinstance(columns, str) or not isinstance(columns, (list, tuple)):
        raise TypeError(f"columns must be a list or tuple of column names such as ['output_shape', 'macs'], "
                        f"got {columns!r}")
    for column in columns:
        _checks.choice(column, "columns", COLUMNS)
    if len(set(columns)) != len(columns):
        raise ValueError(f"columns must name each column once, got {list(columns)}")
    return tuple(columns)
