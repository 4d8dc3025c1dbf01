"""Description and Open Graph metadata for every page, in the page's language.

Adds to each page's ``<head>``:

- ``<meta name="description">``: the page's ``description`` front-matter field
  if it has one, else its first paragraph of prose (a paragraph directly in the
  page or one of its sections, so not a cell output, note, table or caption),
  as plain text cut at a word boundary to at most 160 characters. Pages
  without a source (index, search) get ``site_description[language]`` (conf.py).
- Open Graph: ``og:title``, ``og:description``, ``og:type`` (``website`` for
  the home page, ``article`` otherwise), ``og:site_name``, ``og:locale``
  (``en_US``/``es_ES``) and ``og:locale:alternate`` (the other language).
- When the site's public address is known (``SITE_URL`` in the environment,
  e.g. ``https://example.github.io/convref/``, or ``-D site_url=...``):
  ``og:url`` and ``<link rel="canonical">`` (through Sphinx's html_baseurl, set
  to ``<site_url><lang>/``). Without it they are left out, since a relative
  address is not valid there; everything else works without it.

No ``og:image``: the site generates none.
"""

from __future__ import annotations

import html
import os
import re

from docutils import nodes
from markupsafe import Markup
from sphinx.locale import _

OG_LOCALES = {"en": "en_US", "es": "es_ES"}
MAX_DESCRIPTION = 160
# Titles of the pages every HTML build generates (their templates set the title
# themselves, so it is not in the page context), in Sphinx's own translations.
GENERATED_TITLES = {"genindex": "Index", "search": "Search", "py-modindex": "Python Module Index"}
# Containers whose paragraphs are not the page's prose.
SKIPPED_CLASSES = {"cell_output", "output", "admonition", "sidebar", "topic", "toctree-wrapper"}


def normalize_site_url(url: str) -> str:
    url = (url or "").strip()
    return url if not url or url.endswith("/") else url + "/"


def set_base_url(app, config):
    config.site_url = normalize_site_url(config.site_url)
    if config.site_url and not config.html_baseurl:
        config.html_baseurl = f"{config.site_url}{config.language}/"


def shorten(text: str, limit: int = MAX_DESCRIPTION) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—(") + "…"


def first_paragraph(doctree) -> str | None:
    """The text of the first paragraph that is a direct child of the document or a section."""
    if doctree is None:
        return None
    for paragraph in doctree.findall(nodes.paragraph):
        parent = paragraph.parent
        if not isinstance(parent, (nodes.section, nodes.document)):
            continue
        if SKIPPED_CLASSES & set(parent.get("classes", [])):
            continue
        text = paragraph.astext().strip()
        if len(text) >= 20:
            return text
    return None


def page_description(app, pagename, doctree) -> str:
    metadata = app.env.metadata.get(pagename, {}) if pagename in app.env.all_docs else {}
    text = metadata.get("description") or first_paragraph(doctree)
    if not text:
        descriptions = app.config.site_description
        text = descriptions.get(app.config.language) or app.config.project
    return shorten(str(text))


def add_metadata(app, pagename, templatename, context, doctree):
    lang = app.config.language
    description = page_description(app, pagename, doctree)
    title = context.get("title") or ""
    if not title and pagename in GENERATED_TITLES:
        title = _(GENERATED_TITLES[pagename])
    title = Markup(str(title or app.config.project)).striptags()
    is_home = pagename == app.config.root_doc
    tags = []
    existing = context.get("metatags", "")
    if 'name="description"' not in existing:
        tags.append(("name", "description", description))
    tags += [
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:type", "website" if is_home else "article"),
        ("property", "og:site_name", app.config.project),
        ("property", "og:locale", OG_LOCALES.get(lang, lang)),
    ]
    tags += [("property", "og:locale:alternate", locale)
             for code, locale in OG_LOCALES.items() if code != lang]
    if app.config.site_url:
        tags.append(("property", "og:url",
                     f"{app.config.site_url}{lang}/{app.builder.get_target_uri(pagename)}"))
    lines = [f'<meta {kind}="{name}" content="{html.escape(str(value), quote=True)}" />'
             for kind, name, value in tags]
    context["metatags"] = existing + "\n    ".join([""] + lines) + "\n"


def setup(app):
    app.add_config_value("site_url", os.environ.get("SITE_URL", ""), "html", types=[str])
    app.add_config_value("site_description", {}, "html", types=[dict])
    app.connect("config-inited", set_base_url, priority=600)
    app.connect("html-page-context", add_metadata)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
