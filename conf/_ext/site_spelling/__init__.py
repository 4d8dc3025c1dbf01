"""Spelling of the pages, read from Sphinx's doctree by sphinxcontrib-spelling.

    sphinx-build -M spelling docs/<lang> _build/<lang> -c conf -D language=<lang>

(``make spelling``; tests/site/test_spelling.py runs it for both languages). Each
language is checked with its hunspell dictionary through PyEnchant (Debian:
libenchant-2-2, hunspell-en-us, hunspell-es) plus the project's reviewed word
lists, conf/spelling/common.txt and conf/spelling/<lang>.txt. Code, math, glued
values, cell outputs and link texts are not prose and are not checked
(sphinxcontrib-spelling reads the text of paragraphs, titles, captions, list
items and terms only).

What this adds to sphinxcontrib-spelling, each for a reason the library does not cover:

- the dictionary and word lists follow ``-D language``;
- notebook outputs are chosen for the spelling builder as for HTML, so a glued
  figure reaches the doctree as an image, with its alt text;
- alt texts are checked: readers of screen readers hear them, but they are
  attributes, and the library reads text nodes only;
- on the Spanish site, convref's English docstrings (the API page) are left
  out: the English build checks the same text with the English dictionary;
- text inside a raw ``<span lang="en">`` of a Spanish page is left out: it is
  a quotation in the other language (a title, a site's name);
- names of code written in prose (conv2d, C_in, np.einsum), single letters
  (k, H) and typographic apostrophes (convref’s) are handled by
  ``site_spelling.filters.CodeAndNames``.

Loading this extension does not need PyEnchant: only the spelling builder does.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from docutils.utils import get_source_line

WORD_LISTS = Path(__file__).resolve().parent.parent.parent / "spelling"
DICTIONARIES = {"en": "en_US", "es": "es_ES"}
SPAN_OPEN = re.compile(r'^\s*<span\b[^>]*\blang="([A-Za-z-]+)"[^>]*>\s*$')
SPAN_CLOSE = re.compile(r"^\s*</span>\s*$")


def configure(app, config):
    lang = config.language
    config.spelling_lang = DICTIONARIES.get(lang, DICTIONARIES["en"])
    config.spelling_word_list_filename = [str(WORD_LISTS / "common.txt"), str(WORD_LISTS / f"{lang}.txt")]
    config.spelling_filters = ["site_spelling.filters.CodeAndNames"]
    config.spelling_warning = True  # a misspelling fails a strict (-W) build
    config.spelling_show_suggestions = False
    # The word lists say what is right; guesses from camel case, Python's
    # builtins, importable modules or git authors would hide misspellings.
    config.spelling_ignore_wiki_words = False
    config.spelling_ignore_python_builtins = False
    config.spelling_ignore_importable_modules = False
    config.spelling_ignore_contributor_names = False
    config.spelling_ignore_pypi_package_names = False  # would ask PyPI
    from myst_nb.core.render import base_render_priority

    config.nb_mime_priority_overrides = [
        *config.nb_mime_priority_overrides,
        *(("spelling", mime, priority) for mime, priority in base_render_priority()["html"].items()),
    ]


def ignore(text_node):
    text_node.spellingIgnore = True  # the attribute sphinxcontrib-spelling's :spelling:ignore: role sets


def prepare_doctree(app, doctree, docname):
    if app.builder.name != "spelling":
        return
    lang = app.config.language
    for image in list(doctree.findall(nodes.image)):
        if image.get("alt"):
            paragraph = nodes.paragraph("", image["alt"])
            paragraph.source, paragraph.line = get_source_line(image)
            image.parent.insert(image.parent.index(image) + 1, paragraph)
    if lang != "en":
        # autodoc's entries (signatures and docstrings) are English on every site; the
        # source line of some of their text (inherited members, fields) is the page's own.
        for entry in doctree.findall(addnodes.desc):
            for text in entry.findall(nodes.Text):
                ignore(text)
        for text in doctree.findall(nodes.Text):
            if "docstring of " in (get_source_line(text)[0] or ""):
                ignore(text)
    for raw in list(doctree.findall(nodes.raw)):
        match = SPAN_OPEN.match(raw.astext())
        if not match or match.group(1).split("-")[0].lower() == lang:
            continue
        for sibling in raw.parent.children[raw.parent.index(raw) + 1:]:
            if isinstance(sibling, nodes.raw) and SPAN_CLOSE.match(sibling.astext()):
                break
            for text in sibling.findall(nodes.Text):
                ignore(text)


def setup(app):
    app.setup_extension("sphinxcontrib.spelling")
    app.connect("config-inited", configure)
    app.connect("doctree-resolved", prepare_doctree)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
