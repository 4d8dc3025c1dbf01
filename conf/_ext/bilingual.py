"""Two parallel page trees, one configuration: docs/en and docs/es.

- Refuses to build a tree under the wrong language (docs/es with
  ``-D language=en`` is a configuration error, not a silently English site).
- Exports ``DOCS_LANG`` so that notebook kernels, which inherit the build's
  environment, draw their figures in the page's language
  (:func:`convref.figures.page_language` reads it).
- Gives every page a link to the same page in the other language, relative
  (``"../" * depth``) so it works from ``file://`` and under any host prefix,
  and ``<link rel="alternate" hreflang>`` tags in the page's head. The site
  puts each language in a sibling folder: ``site/en/...`` and ``site/es/...``.
- Translates the search field's placeholder, which the book theme leaves in
  English (the Spanish words are in conf/locales/es/LC_MESSAGES/sphinx.po).
- Writes myst-nb's "Show code cell source" summaries of hidden cells in the
  page's language, without myst-nb's English ``aria-label="Toggle hidden
  content"``: the summary's visible text is its accessible name (an aria-label
  that differs from the visible text is an axe violation, and was English on
  Spanish pages).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from markupsafe import escape
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx.locale import _

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"  # x-default, and where a browser of neither language goes

# Words of the switcher, in the language of the page that shows them.
SWITCHER = {
    "en": {"other": "es", "label": "Read in Spanish", "name": "Español"},
    "es": {"other": "en", "label": "Leer en inglés", "name": "English"},
}

# Pages every HTML build generates without a source file.
GENERATED_PAGES = {"genindex", "search", "py-modindex"}


def check_language(app, config):
    """Stop the build unless the source tree's folder name is the build language.

    The error is one line on stderr and exit status 2: raised as a SphinxError
    it would be buried in Sphinx 9's crash report ("please open an issue").
    """
    tree = Path(app.srcdir).name
    if tree not in LANGUAGES:
        problem = (f"the source tree {app.srcdir} is not one of docs/{{{','.join(LANGUAGES)}}}")
    elif config.language != tree:
        problem = (f"docs/{tree} is the {tree!r} tree but the build language is "
                   f"{config.language!r}: build it with -D language={tree}")
    else:
        os.environ["DOCS_LANG"] = config.language
        # Kernels inherit the environment: with conf/ on their path, page cells
        # import the site package (conf/convref_site).
        conf_dir = str(Path(__file__).resolve().parent.parent)
        paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        if conf_dir not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join([conf_dir, *paths])
        return
    print(f"error: {problem}", file=sys.stderr)
    raise SystemExit(2)


def twin_exists(app, pagename, lang):
    if pagename in GENERATED_PAGES:
        return True
    twin_dir = Path(app.srcdir).parent / lang
    return any((twin_dir / (pagename + suffix)).is_file() for suffix in app.config.source_suffix)


def add_language_links(app, pagename, templatename, context, doctree):
    """Put the switcher's link and the hreflang tags into the page's context."""
    lang = app.config.language
    words = SWITCHER[lang]
    other = words["other"]
    # From site/<lang>/<pagename>.html up to site/: one level per folder of the
    # page name, plus the language folder.
    to_site_root = "../" * (pagename.count("/") + 1)
    target = app.builder.get_target_uri(pagename)

    def href(in_lang):
        if in_lang != lang and not twin_exists(app, pagename, in_lang):
            return f"{to_site_root}{in_lang}/{app.builder.get_target_uri(app.config.root_doc)}"
        return f"{to_site_root}{in_lang}/{target}"

    context["language_switcher"] = {
        "href": href(other),
        "hreflang": other,
        "label": words["label"],
        "name": words["name"],
    }
    alternates = [
        f'<link rel="alternate" hreflang="{code}" href="{href(code)}" />' for code in LANGUAGES
    ]
    alternates.append(
        f'<link rel="alternate" hreflang="x-default" href="{href(DEFAULT_LANGUAGE)}" />')
    context["metatags"] = context.get("metatags", "") + "\n    ".join([""] + alternates) + "\n"


def translate_search_field(app, pagename, templatename, context, doctree):
    """sphinx-book-theme's search placeholder ("Search...") stays English in Spanish."""
    context["theme_search_bar_text"] = str(_("Search this site…"))


def visit_hidden_cell(self, node):
    """myst-nb's ``<details>`` of a hidden cell, its prompts translated, no aria-label."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(_(node["prompt_show"]))}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(_(node["prompt_hide"]))}</p>\n')
    self.body.append("</summary>\n")


def setup(app):
    # After myst_nb (listed before this extension), whose visitor this replaces.
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    app.connect("config-inited", check_language, priority=100)
    app.connect("html-page-context", add_language_links)
    # After sphinx-book-theme's own handler (priority 500), which sets the text.
    app.connect("html-page-context", translate_search_field, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
