"""An HTML math renderer that writes MathML at build time.

Sphinx's default renderer loads MathJax from a CDN on every page with math.
This one converts the TeX of ``$...$`` and ``$$...$$`` to MathML Core with
latex2mathml while the page is written, so the browser renders the math
itself and the page fetches nothing. Select it with
``html_math_renderer = "mathml"``.

Display math keeps Sphinx's markup (``div.math`` with an ``span.eqno`` number
and a permalink) so equation references and the theme's styles work as with
MathJax. TeX that latex2mathml cannot convert is a build warning (an error
under ``-W``) naming the page and line, and the page shows the TeX source.
"""

from __future__ import annotations

import re

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)
NUMBERED_ENVIRONMENT = re.compile(r"\\(begin|end)\{(align|equation|gather|multline)\}")


def to_mathml(latex: str, display: str, node) -> str | None:
    """MathML for ``latex``, or None (with a warning located at ``node``)."""
    try:
        return convert(latex.strip(), display=display)
    except Exception as error:  # latex2mathml raises assorted exception types
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        logger.warning("cannot convert math to MathML (%s): %s", reason, latex,
                       location=node, type="mathml", subtype="convert")
        return None


def visit_math(self, node):
    latex = node.astext()
    mathml = to_mathml(latex, "inline", node)
    if mathml is None:
        self.body.append(f'<code class="math">{self.encode(latex)}</code>')
    else:
        self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
        self.body.append(mathml + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    if node["nowrap"]:
        # Sphinx numbers the equation; latex2mathml would number align rows again.
        latex = NUMBERED_ENVIRONMENT.sub(r"\\\1{\2*}", node.astext())
    else:
        # Display math separated by blank lines is several rows, aligned on "&"
        # if they use it (latex2mathml has no "aligned" environment).
        parts = [part.strip() for part in node.astext().split("\n\n") if part.strip()]
        columns = "rl" if any("&" in part for part in parts) else "c"
        latex = parts[0] if len(parts) == 1 else (
            rf"\begin{{array}}{{{columns}}}" + r" \\ ".join(parts) + r"\end{array}")
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    mathml = to_mathml(latex, "block", node)
    if mathml is None:
        self.body.append(f'<pre class="math">{self.encode(latex)}</pre>')
    else:
        # A formula wider than its column scrolls (convref.css); a scrolling region
        # must take the keyboard focus, or keyboard users cannot read all of it.
        self.body.append(mathml.replace("<math", '<math tabindex="0"', 1))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
