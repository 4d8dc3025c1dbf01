"""Every string the theme and Sphinx show on a Spanish page is Spanish.

The words below are the English interface strings of what builds the site:
Sphinx's HTML theme, writer and search (its JavaScript), the Python domain,
autodoc and napoleon, pydata-sphinx-theme and sphinx-book-theme, sphinx-copybutton,
myst-nb, and this project's templates (conf/_templates) and extensions. Every
built Spanish page (content pages, search.html, genindex.html, py-modindex.html),
and the Spanish half of the site's 404 page, is read: its text and its title,
aria-label, placeholder, alt and tooltip attributes, leaving out code (code, pre,
kbd, samp, math) and anything marked as English (lang="en"). The Spanish words
come from conf/locales/es/LC_MESSAGES/sphinx.po and sphinx.js, the templates in
conf/_templates and conf/_ext/bilingual.py.

A browser pass does the same on what JavaScript writes: the search page's
results and summary, and the copy buttons of a page with code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from _record import CONTEXT, TIMEOUT_MS
from _site import pages_of, parsed

INTERFACE_WORDS = (
    # Sphinx: the basic theme, the HTML writer, the search page and its JavaScript
    "Search", "Search Results", "Searching", "Preparing search", "Search finished", "Your search did not match",
    "Hide Search Matches", "Please activate JavaScript", "Index", "General Index", "Python Module Index",
    "Module Index", "Table of Contents", "Contents", "Previous", "Next", "previous page", "next page",
    "Link to this", "Permalink", "Show Source", "Show source", "This Page", "Quick search", "Created using",
    "Last updated", "Copyright", "Full index on one page", "Symbols", "Navigation",
    # the Python domain, autodoc and napoleon
    "Parameters", "Returns", "Return type", "Raises", "Type", "Yields", "Examples", "Example", "Notes",
    "See also", "Attributes", "Methods", "Keyword Arguments", "Other Parameters", "Warns", "References",
    "Bases", "class in", "in module", "built-in", "Keyword-only parameters", "Positional-only parameter",
    # pydata-sphinx-theme and sphinx-book-theme
    "Skip to main content", "Back to top", "Toggle", "sidebar", "Search the docs", "Search this site", "Light",
    "Dark", "System", "Color mode", "Theme", "On this page", "Site navigation", "Section navigation",
    "Main navigation", "Edit on", "Edit this page", "Download", "Print to PDF", "Fullscreen", "Launch",
    "Source repository", "Open an issue", "By the", "Version warning", "Switch to stable version", "Breadcrumb",
    # sphinx-copybutton and myst-nb
    "Copy", "Copied", "Copy to clipboard", "Failed to copy", "Show code cell", "Hide code cell",
    "Toggle hidden content", "Click to show", "Click to hide",
    # this project's templates and extensions
    "Read in Spanish", "Read in English", "Download this page", "Jupyter notebook", "Page not found",
)
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(INTERFACE_WORDS, key=len, reverse=True))
                     + r")(?![\w-])")
# Spanish field names Sphinx's own catalog gets wrong: «Muestra» is "Raises".
WRONG_FIELD_NAMES = {"Muestra", "Campos", "Type", "Raises"}
ATTRIBUTES = ("title", "aria-label", "aria-description", "placeholder", "alt", "data-tooltip", "value")
CODE = {"code", "pre", "kbd", "samp", "math", "script", "style", "template"}


def english_words(soup: BeautifulSoup) -> list[str]:
    """Each English interface word of a page, as ``'word' in <tag attribute>`` or ``'word' in the text of <tag>``."""
    found = []

    def excluded(element) -> bool:
        chain = [element, *element.parents]
        if any(parent.name in CODE for parent in chain):
            return True
        # The nearest lang attribute decides (the 404 page is <html lang="en"> with a Spanish section).
        lang = next((parent["lang"] for parent in chain if getattr(parent, "get", None) and parent.get("lang")), "es")
        return lang.split("-")[0] == "en"

    for element in soup.find_all(True):
        if excluded(element):
            continue
        for attribute in ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str) and element.name != "meta":
                found += [f"{word!r} in <{element.name} {attribute}>" for word in PATTERN.findall(value)]
        for text in element.find_all(string=True, recursive=False):
            if type(text).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData"):
                continue
            found += [f"{word!r} in the text of <{element.name}>" for word in PATTERN.findall(text)]
    for name in soup.select("dl.field-list > dt"):
        field = name.get_text(" ", strip=True).rstrip(": ").strip()
        if field in WRONG_FIELD_NAMES:
            found.append(f"{field!r} as a field name")
    return found


def spanish_pages(site: Path) -> list[str]:
    return [*pages_of(site, ["es"]), "404.html"]


def test_every_spanish_page_is_read(site):
    pages = spanish_pages(site)
    for page in ("es/index.html", "es/api.html", "es/search.html", "es/genindex.html", "es/py-modindex.html",
                 "404.html"):
        assert page in pages, f"{page}: not among the pages checked"
    assert len(pages) >= 20, pages


def test_no_english_interface_string_on_a_spanish_page(site):
    problems = [f"{page}: {where}" for page in spanish_pages(site) for where in english_words(parsed(site / page))]
    assert not problems, "English interface strings on Spanish pages:\n" + "\n".join(problems[:40])


PLANTS = [
    ('placeholder="Buscar en este sitio…"', 'placeholder="Search this site…"', "'Search this site' in <input placeholder>"),
    ('aria-label="Navegación principal"', 'aria-label="Main navigation"', "'Main navigation' in <nav aria-label>"),
    ("Volver arriba", "Back to top", "'Back to top' in the text of <button>"),
]


@pytest.mark.parametrize("old, new, expected", PLANTS)
def test_an_english_string_planted_on_the_spanish_search_page_is_named(site, tmp_path, old, new, expected):
    text = (site / "es" / "search.html").read_text(encoding="utf-8")
    assert old in text, f"cannot plant: {old!r} is not in es/search.html"
    planted = tmp_path / "search.html"
    planted.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = english_words(BeautifulSoup(planted.read_text(encoding="utf-8"), "html.parser"))
    assert expected in found, found


def test_an_english_string_in_the_spanish_half_of_the_404_page_is_named(site):
    text = (site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Página no encontrada</h1>" in text, "cannot plant: the 404 page has no Spanish heading"
    assert english_words(BeautifulSoup(text, "html.parser")) == [], "the English half is marked lang=\"en\""
    planted = text.replace("<h1>Página no encontrada</h1>", "<h1>Page not found</h1>")
    assert english_words(BeautifulSoup(planted, "html.parser")) == ["'Page not found' in the text of <h1>"]


def test_english_marked_or_in_code_is_not_an_interface_string():
    soup = BeautifulSoup('<p>Busque <span lang="en">Search</span> y <code>Copy</code></p>'
                         '<pre>Returns</pre><dl class="field-list"><dt>Excepciones<span>:</span></dt></dl>'
                         '<dl class="field-list"><dt>Muestra<span>:</span></dt></dl>', "html.parser")
    assert english_words(soup) == ["'Muestra' as a field name"]


# -- what JavaScript writes ------------------------------------------------------------------

SEARCH_DONE_JS = """() => {
  const summary = document.querySelector("#search-results .search-summary");
  return summary !== null && summary.textContent.trim().length > 0;
}"""


@pytest.mark.parametrize("query", ["canal", "xilófono"])
def test_the_spanish_search_page_reports_in_spanish(browser, served_site, query):
    context = browser.new_context(**CONTEXT)
    try:
        tab = context.new_page()
        tab.goto(served_site.url(f"es/search.html?q={query}"))
        tab.wait_for_function(SEARCH_DONE_JS, timeout=TIMEOUT_MS)
        soup = BeautifulSoup(tab.content(), "html.parser")
    finally:
        context.close()
    summary = soup.select_one("#search-results .search-summary").get_text(" ", strip=True)
    assert ("coinciden" in summary or "coincide" in summary), f"es/search.html?q={query}: summary {summary!r}"
    problems = english_words(soup)
    assert not problems, f"es/search.html?q={query} after the search ran:\n" + "\n".join(problems)


def test_the_copy_buttons_of_a_spanish_page_speak_spanish(browser, served_site):
    context = browser.new_context(**CONTEXT)
    try:
        tab = context.new_page()
        tab.goto(served_site.url("es/counting-parameters.html"))
        tab.wait_for_selector("button.copybtn", state="attached", timeout=TIMEOUT_MS)
        soup = BeautifulSoup(tab.content(), "html.parser")
    finally:
        context.close()
    buttons = soup.select("button.copybtn")
    assert buttons and {button.get("data-tooltip") for button in buttons} == {"Copiar"}, \
        {button.get("data-tooltip") for button in buttons}
    problems = english_words(soup)
    assert not problems, "es/counting-parameters.html after its scripts ran:\n" + "\n".join(problems)
