"""Tables for the site's pages: rows of computed values as semantic HTML.

Pages glue tables as HTML (glued Markdown tables would put every cell into
translation catalogs). Numbers are written as the page's language writes
them (``convref.format_number``) and sit in cells of class ``num`` for a
stylesheet to right-align, as in ``convref.Summary.to_html``. Headings and
words come from the site's catalog (:func:`convref_site.word`).
"""

from __future__ import annotations

import html
import numbers

from convref import format_number

from .language import checked_language

__all__ = ["Code", "html_table"]


class Code(str):
    """A cell shown as code (``<code>``), e.g. ``Code("Conv2d(3, 64, 3)")``.

    A ``str`` in every other respect.

    Examples
    --------
    >>> cell = Code("Conv2d(3, 64, 3)")
    >>> cell == "Conv2d(3, 64, 3)", isinstance(cell, Code)
    (True, True)
    """


def _cell(value, lang):
    """The text of a cell and whether it is a number."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return format_number(value, lang), True
    if isinstance(value, tuple):
        return str(tuple(int(v) if isinstance(v, numbers.Integral) else v for v in value)), False
    if isinstance(value, Code):
        return value, False
    if isinstance(value, str):
        return value, False
    raise TypeError(f"rows must hold numbers, strings or tuples, got {value!r} ({type(value).__name__})")


def html_table(header, rows, *, caption=None, row_headers=True, lang=None, css_class="convref-table"):
    """Render ``rows`` under ``header`` as an HTML table.

    Parameters
    ----------
    header : sequence of str
        Column headings.
    rows : sequence of sequences
        One sequence per row, as long as ``header``; cells are numbers
        (formatted for ``lang``), strings (escaped), :class:`Code` (escaped,
        in ``<code>``) or tuples (shapes).
    caption : str, optional
        Text of the ``<caption>``.
    row_headers : bool
        Whether the first cell of each row heads its row (``<th scope="row">``).
    lang : {"en", "es"}, optional
        Language of the numbers and of the ``lang`` attribute; default:
        :func:`convref_site.page_language`.
    css_class : str
        Class of the ``<table>`` element.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``header`` is empty, a row is not as long as ``header``, or
        ``lang`` is not a language of the site.
    TypeError
        If a cell is not a number, a string or a tuple, or ``caption`` is not
        a string.

    Examples
    --------
    How does a table of two layers look in an English page?

    >>> print(html_table(["layer", "parameters"], [["conv1", 4536], ["conv2", 73856]], lang="en"))
    <table class="convref-table" lang="en">
    <thead>
    <tr><th scope="col">layer</th><th scope="col" class="num">parameters</th></tr>
    </thead>
    <tbody>
    <tr><th scope="row">conv1</th><td class="num">4,536</td></tr>
    <tr><th scope="row">conv2</th><td class="num">73,856</td></tr>
    </tbody>
    </table>

    Code stays code:

    >>> print(html_table(["layer"], [[Code("Conv2d(3, 4, 3)")]], lang="es").splitlines()[-3])
    <tr><th scope="row"><code>Conv2d(3, 4, 3)</code></th></tr>
    """
    lang = checked_language(lang)
    header = [str(h) for h in header]
    rows = [list(row) for row in rows]
    if not header:
        raise ValueError("header must name at least one column")
    for index, row in enumerate(rows):
        if len(row) != len(header):
            raise ValueError(f"rows[{index}] has {len(row)} cells but header has {len(header)} columns")
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"caption must be a string or None, got {caption!r} ({type(caption).__name__})")
    cells = [[_cell(value, lang) for value in row] for row in rows]
    # A column is numeric when every cell in it is a number.
    numeric = [bool(cells) and all(row[j][1] for row in cells) for j in range(len(header))]

    esc = html.escape
    parts = [f'<table class="{esc(css_class)}" lang="{lang}">']
    if caption is not None:
        parts.append(f"<caption>{esc(caption)}</caption>")
    number_class = ' class="num"'
    heads = "".join(f'<th scope="col"{number_class if numeric[j] else ""}>{esc(h)}</th>'
                    for j, h in enumerate(header))
    parts += ["<thead>", f"<tr>{heads}</tr>", "</thead>", "<tbody>"]
    for row in cells:
        line = ""
        for j, (text, is_number) in enumerate(row):
            attrs = number_class if is_number else ""
            content = f"<code>{esc(text)}</code>" if isinstance(text, Code) else esc(text)
            if j == 0 and row_headers:
                line += f'<th scope="row"{attrs}>{content}</th>'
            else:
                line += f"<td{attrs}>{content}</td>"
        parts.append(f"<tr>{line}</tr>")
    parts += ["</tbody>", "</table>"]
    return "\n".join(parts)
