"""Lighter pages: drop what the theme loads but the site does not use.

A stock sphinx-book-theme page weighs about 950 kB as a static host sends it;
most of it is Font Awesome, which the site needs for a dozen small icons.
This extension:

- removes pydata-sphinx-theme's ``fontawesome.js`` (1.5 MB, 540 kB compressed)
  from every page; ``conf/_static/icons.css`` (tools/make_icons_css.py) draws
  the icons the pages use as CSS masks instead;
- removes the Font Awesome ``@font-face`` rules from the copy of the theme's
  style sheet in the build output, so that no page references the three web
  fonts (240 kB) any more; the icon classes are drawn by icons.css;
- loads Sphinx's search scripts and the search index only on the search page
  when the theme's search-as-you-type is off (the default): the search field
  of every other page submits to search.html, which loads them itself.

Every page is rendered with conf/_templates/light-pages.html, a template that
extends the page's own template (``page.html``, ``search.html``, ...; the
``html-page-context`` handler below passes its name as ``light_pages_base``)
and applies the ``drop_scripts`` filter defined here to the theme's head
blocks. That leaves conf/_templates/layout.html free for other changes.
tests/site/test_page_weight.py measures the result.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup
from sphinx.util import logging

logger = logging.getLogger(__name__)

FONT_AWESOME_FACE = re.compile(r"@font-face\s*\{[^}]*Font\s*Awesome[^}]*\}", re.IGNORECASE)
THEME_STYLESHEET = Path("_static") / "styles" / "pydata-sphinx-theme.css"
LIGHT_TEMPLATE = "light-pages.html"


def drop_scripts(html, *names):
    """``html`` without the ``<script src=...>`` tags whose source path ends with one of ``names``."""
    def keep(match):
        source = match.group(1).split("?", 1)[0]
        return "" if any(source.endswith(name) for name in names) else match.group(0)

    result = re.sub(r'[ \t]*<script\b[^>]*\bsrc="([^"]*)"[^>]*>\s*</script>[ \t]*\n?', keep, str(html))
    return Markup(result)


def add_template_filter(app):
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["drop_scripts"] = drop_scripts


def use_light_template(app, pagename, templatename, context, doctree):
    """Render the page through light-pages.html, which extends its own template."""
    context["light_pages_base"] = templatename
    return LIGHT_TEMPLATE


def strip_font_faces(app, exception):
    """Remove the Font Awesome web fonts from the theme's style sheet in the output."""
    if exception is not None or app.builder.format != "html":
        return
    stylesheet = Path(app.outdir) / THEME_STYLESHEET
    if not stylesheet.is_file():
        return
    text = stylesheet.read_text(encoding="utf-8")
    stripped = FONT_AWESOME_FACE.sub("", text)
    if stripped != text:
        stylesheet.write_text(stripped, encoding="utf-8")
        logger.info("light_pages: removed the Font Awesome web fonts from %s", THEME_STYLESHEET)


def setup(app):
    app.connect("builder-inited", add_template_filter)
    # Late, so that a handler that picks another template for a page is asked first
    # (Sphinx takes the first template name a handler returns).
    app.connect("html-page-context", use_light_template, priority=900)
    app.connect("build-finished", strip_font_faces)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
