"""Spelling of the pages, read from Sphinx's doctree by sphinxcontrib-spelling.

    sphinx-build -M spelling docs/<lang> _build/<lang> -c conf -D language=<lang>

(``make spelling``; tests/site/test_spelling.py runs it for both languages). Each
language is checked with its hunspell dictionary through PyEnchant (Debian:
libenchant-2-2, hunspell-en-us, hunspell-es) plus the project's reviewed word
lists, conf/spelling/common.txt and conf/spelling/<lang>.txt. Code, math,
glued values and the text cells print are not prose and are not checked.

What this adds to sphinxcontrib-spelling, each for a reason the library does not cover:

- the dictionary and word lists follow ``-D language``;
- notebook outputs are chosen for the spelling builder as for HTML, so a glued
  figure reaches the doctree as an image, with its alt text;
- alt texts are checked: readers of screen readers hear them, but they are
  attributes, and the library reads text nodes only;
- on the Spanish site, the API page's docstrings are checked in Spanish where
  the API catalog translated them (conf/_ext/api_translation.py) and left out
  elsewhere (signatures, parameter names, text that is only code);
- text inside a raw ``<span lang="en">…</span>`` of a Spanish page (or
  ``<span lang="es">`` of an English one) is checked with the other
  language's dictionary and word lists (conf/spelling/common.txt and
  conf/spelling/<other>.txt), whatever inline markup (emphasis, a link) lies
  between the two tags; its misspellings are reported like the others;
- text inside inline markup (emphasis, strong emphasis, a link's text) is
  checked: sphinxcontrib-spelling reads only text whose parent is a paragraph,
  a title, a caption, a list item or a term;
- glued HTML (the glossary's table, the pages' tables) is raw HTML, which
  sphinxcontrib-spelling never reads: its text is checked too, each part with
  the dictionary of its ``lang`` attribute (code elements left out);
- names of code written in prose (conv2d, C_in, np.einsum), single letters
  (k, H) and typographic apostrophes (convref’s) are handled by
  ``site_spelling.filters.CodeAndNames``.

Loading this extension does not need PyEnchant: only the spelling builder does.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
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
        # autodoc's entries are English unless the API catalog translated them
        # (conf/_ext/api_translation.py): a translated message is Spanish prose and is
        # checked in Spanish; signatures, parameter names and untranslated text (code:
        # a bare type, a default) are not prose in either language.
        for entry in doctree.findall(addnodes.desc):
            for text in entry.findall(nodes.Text):
                if not _translated_prose(text, entry):
                    ignore(text)
        for text in doctree.findall(nodes.Text):
            if "docstring of " in (get_source_line(text)[0] or "") and not _translated_prose(text, doctree):
                ignore(text)
    mark_languages(doctree, lang)
    for raw in list(doctree.findall(nodes.raw)):
        if raw.get("format") == "html" and not isinstance(raw.parent, nodes.TextElement):
            add_html_text(raw, lang)


def _translated_prose(text, top):
    """Whether ``text`` lies in a message the catalog translated, outside a signature or a parameter's name.

    A docstring's italics are its parameters' types (``int o tupla de int``,
    ``{'same', 'valid'}``): code with a few words around it, left out too.
    """
    translated = False
    node = text.parent
    while node is not None and node is not top:
        if isinstance(node, (addnodes.desc_signature, nodes.strong, addnodes.literal_strong, nodes.emphasis)):
            return False
        translated = translated or bool(node.get("translated"))
        node = node.parent
    return translated


# Elements whose text is not prose: code, math, and text that is already raw.
NOT_PROSE = (nodes.literal, nodes.math, nodes.raw, nodes.FixedTextElement, nodes.comment, nodes.substitution_definition)


def _blocks(doctree):
    """The outermost text elements (paragraphs, titles, captions, terms…): spans do not cross them."""
    for element in doctree.findall(nodes.TextElement):
        if isinstance(element, (nodes.Inline, *NOT_PROSE)):
            continue
        parent = element.parent
        while parent is not None and not isinstance(parent, nodes.TextElement):
            parent = parent.parent
        if parent is None:
            yield element


# The parents whose text sphinxcontrib-spelling reads (SpellingBuilder.TEXT_NODES): text
# inside emphasis, strong emphasis or a link it skips; this extension reads that too.
READ_BY_SPHINXCONTRIB = {"block_quote", "caption", "paragraph", "list_item", "term", "definition_list_item", "title"}


def mark_languages(doctree, lang):
    """Give every text node between a raw ``<span lang="xx">`` and its ``</span>`` the language xx.

    MyST writes each inline HTML tag as its own raw node, so the words of a span are
    the text nodes met, in document order, after the opening tag and before the
    matching closing one (spans may nest; a ``<span>`` without lang keeps the
    language around it). A text node in a language other than the page's is left
    out of the page's check and checked with its own language's dictionary
    (``SiteSpellingBuilder``); so is the text of inline markup (emphasis, links),
    which sphinxcontrib-spelling leaves out, in the page's language or another.
    """
    for block in _blocks(doctree):
        stack = []      # the language of each open span, None for a span without lang
        for node in block.findall(include_self=False):
            if isinstance(node, nodes.raw):
                tag = node.astext()
                opening = SPAN_OPEN.match(tag)
                if opening:
                    stack.append(opening.group(1).split("-")[0].lower())
                elif re.match(r"^\s*<span\b[^>]*>\s*$", tag):
                    stack.append(None)
                elif SPAN_CLOSE.match(tag) and stack:
                    stack.pop()
                continue
            if not isinstance(node, nodes.Text):
                continue
            if getattr(node, "spellingIgnore", False):
                continue
            if any(_not_prose(ancestor) for ancestor in _ancestors(node, block)):
                continue
            here = next((code for code in reversed(stack) if code), lang)
            if here == lang and node.parent.tagname in READ_BY_SPHINXCONTRIB:
                continue    # sphinxcontrib-spelling reads it with the page's dictionary
            ignore(node)
            if here in DICTIONARIES:
                node.spelling_language = here


def _not_prose(element):
    # A glued value ({glue:text}) is computed, not written: a shape such as (None, 28, 28, 32).
    return isinstance(element, NOT_PROSE) or "pasted-text" in element.get("classes", ())


def _ancestors(node, block):
    parent = node.parent
    while parent is not None and parent is not block:
        yield parent
        parent = parent.parent


class _HTMLText(HTMLParser):
    """(language, text) of every run of text in an HTML fragment, code left out."""

    SKIPPED = {"code", "pre", "kbd", "samp", "script", "style", "math", "svg"}
    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source"}

    def __init__(self, lang):
        super().__init__(convert_charrefs=True)
        self.stack = [(None, lang, False)]  # (tag, language, skipped)
        self.runs = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        _, lang, skipped = self.stack[-1]
        lang = (dict(attrs).get("lang") or lang).split("-")[0].lower()
        self.stack.append((tag, lang, skipped or tag in self.SKIPPED))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        _, lang, skipped = self.stack[-1]
        if data.strip() and not skipped:
            if self.runs and self.runs[-1][0] == lang:
                self.runs[-1] = (lang, self.runs[-1][1] + " " + data)
            else:
                self.runs.append((lang, data))


def add_html_text(raw, lang):
    """Put the text of a raw HTML block (a glued table) where the spelling builder reads it.

    Each run becomes a paragraph after the raw node, at its source line; runs in
    another language are marked for that language's dictionary.
    """
    parser = _HTMLText(lang)
    parser.feed(raw.astext())
    parser.close()
    source, line = get_source_line(raw)
    position = raw.parent.index(raw) + 1
    for here, text in parser.runs:
        if here not in DICTIONARIES:
            continue
        paragraph = nodes.paragraph("", text)
        paragraph.source, paragraph.line = source, line
        if here != lang:
            for node in paragraph.findall(nodes.Text):
                ignore(node)
                node.spelling_language = here
        raw.parent.insert(position, paragraph)
        position += 1


def spelling_builder():
    """sphinxcontrib-spelling's builder, plus a check of the other language's passages.

    Defined when the extension loads; the module it subclasses imports without PyEnchant.
    """
    from sphinxcontrib.spelling import builder as spelling

    class SiteSpellingBuilder(spelling.SpellingBuilder):
        """Checks each text node marked ``spelling_language`` with that language's dictionary."""

        def init(self):
            super().init()
            from sphinxcontrib.spelling import checker, filters

            from enchant.tokenize import EmailFilter

            tokenizer_filters = [filters.ContractionFilter, EmailFilter,
                                 *self._load_filter_classes(self.config.spelling_filters)]
            self.checkers = {}
            for lang, tag in DICTIONARIES.items():
                if lang == self.config.language:
                    self.checkers[lang] = self.checker
                    continue
                self.checkers[lang] = checker.SpellingChecker(
                    lang=tag, tokenizer_lang=self.config.tokenizer_lang, suggest=self.config.spelling_show_suggestions,
                    word_list_filename=combined_word_list(lang, self.outdir), filters=tokenizer_filters,
                    context_line=self.config.spelling_show_whole_line)

        def _find_misspellings(self, docname, doctree):
            yield from super()._find_misspellings(docname, doctree)
            excluded = spelling.Matcher(self.config.spelling_exclude_patterns)
            if excluded(self.env.doc2path(docname, None)):
                return
            for node in doctree.findall(nodes.Text):
                lang = getattr(node, "spelling_language", None)
                if lang not in self.checkers:
                    continue
                source, line = get_source_line(node)
                source = spelling.osutil.relpath(source) if source is not None else "<unknown>"
                for word, _, context, offset in self.checkers[lang].check(node.astext()):
                    lineno = line + offset if line is not None else None
                    # Worded as sphinxcontrib-spelling's own, with the dictionary named.
                    message = f"{source}:{lineno}: Spell check ({DICTIONARIES[lang]}): {spelling.red(word)}: {context}."
                    if self.config.spelling_warning:
                        spelling.logger.warning(message)
                    else:
                        spelling.logger.info(message)
                    yield f"{source}:{lineno}: ({word})  {context} [{DICTIONARIES[lang]}]\n"

    return SiteSpellingBuilder


def combined_word_list(lang, outdir):
    """One file with the word lists of ``lang`` (common.txt and <lang>.txt), as PyEnchant reads one."""
    target = Path(outdir) / f"words-{lang}.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    parts = [(WORD_LISTS / name).read_text(encoding="utf-8") for name in ("common.txt", f"{lang}.txt")]
    target.write_text("\n".join(part.rstrip("\n") for part in parts) + "\n", encoding="utf-8")
    return str(target)


def setup(app):
    app.setup_extension("sphinxcontrib.spelling")
    app.add_builder(spelling_builder(), override=True)
    app.connect("config-inited", configure)
    app.connect("doctree-resolved", prepare_doctree)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
