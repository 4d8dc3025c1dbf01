"""The built site in Chromium: offline, no errors, images and math rendered, search and language choice work.

Each check reads the one record of every page (conftest.site_record) and names
the page in its message; a copy of the site with planted defects
(conftest.planted) shows that each check fails when it must.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from _record import TIMEOUT_MS, SiteServer
from _site import LANGUAGES

# <link rel> values a browser follows only when a reader asks (or never): not fetches.
LINK_RELS_NOT_FETCHED = {"alternate", "canonical", "license", "author", "help", "next", "prev", "search",
                         "index", "top", "up"}
SOURCE_MATH = re.compile(r"(?<!\\)\$[^$\s]|\{math\}|\\begin\{")


def external_requests(records, server_host: str) -> list[str]:
    """Requests to another host, and <link> tags that make the browser connect to one."""
    problems = []
    for name, record in records.items():
        for url in dict.fromkeys(request["url"] for request in record.requests):
            parts = urlsplit(url)
            if parts.scheme not in ("data", "blob", "about") and parts.netloc != server_host:
                problems.append(f"{name}: fetches {url} from another host")
        for link in record.state.get("links", []):
            host = urlsplit(link["url"] or "").netloc
            if host and host != server_host and not set(link["rel"].split()) <= LINK_RELS_NOT_FETCHED:
                problems.append(f"{name}: <link rel={link['rel']}> makes the browser fetch or connect to {link['url']}")
    return problems


def errors(records) -> list[str]:
    """Console errors, uncaught exceptions and failed requests of the site's own files."""
    return [f"{name}: {error}" for name, record in records.items() for error in dict.fromkeys(record.errors)]


def missing_files(records) -> list[str]:
    """Files a page asks the server for that the site does not have (a missing favicon.ico included)."""
    return [f"{name}: asks for {fetch.path}, which is not in the site (HTTP {fetch.status})"
            for name, record in records.items() for fetch in record.fetched if fetch.status >= 400]


def broken_images(records) -> list[str]:
    return [f"{name}: image {image['src']} did not load (naturalWidth 0)"
            for name, record in records.items() for image in record.state.get("images", [])
            if not image["complete"] or image["width"] == 0]


def source_has_math(site: Path, page: str) -> bool:
    """Whether the page's source (its _sources copy) has math outside code."""
    lang, _, rest = page.partition("/")
    if lang not in LANGUAGES:
        return False  # the 404 page, written by tools/assemble_site.py
    for suffix in (".md.txt", ".txt", ".ipynb.txt", ".rst.txt"):
        source = site / lang / "_sources" / Path(rest).with_suffix(suffix)
        if source.is_file():
            text = source.read_text(encoding="utf-8", errors="replace")
            text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # code holds dollar signs that are not math
            text = re.sub(r"`[^`\n]*`", "", text)
            return bool(SOURCE_MATH.search(text))
    return False


def math_problems(records, site: Path) -> list[str]:
    problems = []
    for name, record in records.items():
        state = record.state
        if not state:
            continue
        if source_has_math(site, name) and state["mathContainers"] == 0 and not state["maths"]:
            problems.append(f"{name}: the page's source has math but the page shows no <math> element")
        problems += [f"{name}: math not converted to MathML: {text!r}" for text in state["containersWithoutMath"]]
        for math in state["maths"]:
            if not math["shown"]:
                continue  # inside a closed <details> or a print-only block
            if "math" not in math["display"]:
                problems.append(f"{name}: <math> {math['text']!r} is not laid out as math "
                                f"(display: {math['display']})")
            elif math["width"] <= 0 or math["height"] <= 0:
                problems.append(f"{name}: <math> {math['text']!r} has no size")
    return problems


# -- the built site ----------------------------------------------------------------------

def test_no_page_fetches_anything_from_another_host(site_record, served_site):
    assert external_requests(site_record, served_site.host) == []


def test_no_page_logs_an_error(site_record):
    assert errors(site_record) == []


def test_no_page_asks_for_a_file_the_site_lacks(site_record):
    assert missing_files(site_record) == []


def test_every_image_loads(site_record):
    assert broken_images(site_record) == []


def test_math_is_rendered_as_mathml(site_record, site):
    assert math_problems(site_record, site) == []


def test_every_page_has_the_favicon(site_record, site):
    for name, record in site_record.items():
        icons = [link for link in record.state["links"] if "icon" in link["rel"].split()]
        assert icons, f"{name}: no <link rel=icon>"
        assert any(site.joinpath(urlsplit(icon["url"]).path.lstrip("/")).is_file() for icon in icons), name


def test_the_record_covers_every_page(site_record, site):
    """The checks above are only as good as the record: every page was opened and fetched something."""
    assert {"en/index.html", "es/index.html", "404.html"} <= set(site_record)
    for name, record in site_record.items():
        assert record.state.get("lang"), f"{name}: not loaded"
        assert any(fetch.path == f"/{name}" and fetch.status == 200 for fetch in record.fetched), name
        assert record.axe is not None


@pytest.mark.parametrize("page", ["index.html", "api.html"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_clicking_the_language_switcher_opens_the_twin_page(browser, served_site, lang, page):
    other = next(code for code in LANGUAGES if code != lang)
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(served_site.url(f"{lang}/{page}"))
        switcher = tab.locator(f'a.language-switcher[hreflang="{other}"]').filter(visible=True)
        assert switcher.count() == 1, f"{lang}/{page}: no visible language switcher to {other!r}"
        with tab.expect_navigation(wait_until="load"):
            switcher.first.click()
        assert served_site.page_of(tab.url) == f"{other}/{page}"
        assert tab.evaluate("document.documentElement.lang") == other
    finally:
        context.close()


# (language, query, pages that must be among the results; None: a word of no page finds nothing).
SEARCHES = [
    ("en", "kernel", {"index.html", "glossary.html"}),
    ("en", "channel", {"index.html", "glossary.html"}),
    ("es", "filtros", {"index.html", "four-views.html"}),
    ("es", "canal", {"index.html", "glossary.html"}),
    ("en", "xylophone", None),
    ("es", "xilófono", None),
]
SEARCH_DONE_JS = """() => {
  const summary = document.querySelector("#search-results .search-summary");
  return summary !== null && summary.textContent.trim().length > 0;
}"""
SEARCH_RESULTS_JS = """() => [...document.querySelectorAll("#search-results li a")].map(a => a.getAttribute("href"))"""


@pytest.mark.parametrize("lang, query, expected", SEARCHES)
def test_search_finds_the_pages_about_a_word(page, served_site, lang, query, expected):
    page.goto(served_site.url(f"{lang}/search.html?q={query}"))
    page.wait_for_function(SEARCH_DONE_JS, timeout=TIMEOUT_MS)
    found = {Path(urlsplit(href).path).name for href in page.evaluate(SEARCH_RESULTS_JS)}
    if expected is None:
        assert not found, f"{lang}/search.html?q={query}: a word of no page finds {sorted(found)}"
    else:
        assert expected <= found and len(found) >= 3, f"{lang}/search.html?q={query} finds {sorted(found)}"


@pytest.mark.parametrize("locale, lang", [("es-ES", "es"), ("en-US", "en"), ("fr-FR", "en")])
def test_the_root_page_sends_each_browser_to_its_language(browser, served_site, locale, lang):
    context = browser.new_context(locale=locale)
    try:
        tab = context.new_page()
        hosts = []
        tab.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
        tab.goto(served_site.url("index.html"))
        tab.wait_for_url(re.compile(rf"/{lang}/index\.html$"), timeout=TIMEOUT_MS)
        assert set(hosts) == {served_site.host}
    finally:
        context.close()


# -- planted defects: each check fails and names the page --------------------------------

def planted_server_host(planted):
    return urlsplit(next(iter(planted.record.values())).url).netloc


def test_an_external_script_is_named(planted):
    found = external_requests(planted.record, planted_server_host(planted))
    assert found == [f"{planted.external}: fetches https://cdn.example.org/tracker.js from another host"]


def test_an_uncaught_exception_and_a_missing_image_are_named(planted):
    found = errors(planted.record)
    assert any(line.startswith(f"{planted.exception}: uncaught exception:") and "undefinedFunction" in line
               for line in found), found
    assert any(line.startswith(f"{planted.broken_image}: HTTP 404 for ") for line in found), found
    assert broken_images(planted.record) == [
        f"{planted.broken_image}: image _images/missing.svg did not load (naturalWidth 0)"]


def test_a_missing_favicon_and_a_missing_image_are_named(planted):
    found = missing_files(planted.record)
    lang = planted.broken_image.split("/")[0]
    assert f"{planted.no_icon}: asks for /favicon.ico, which is not in the site (HTTP 404)" in found, found
    assert f"{planted.broken_image}: asks for /{lang}/_images/missing.svg, which is not in the site (HTTP 404)" \
        in found, found
    assert len(found) == 2, found


def test_a_server_names_the_page_of_a_url(tmp_path):
    server = SiteServer(tmp_path)
    try:
        assert server.page_of(server.url("es/a%20b.html?q=1")) == "es/a b.html"
        assert server.page_of("https://example.org/es/index.html") is None
    finally:
        server.stop()
