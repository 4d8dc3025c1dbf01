"""Links of the built site: every internal link and anchor resolves; both languages have every page.

Read from the record of every page (conftest.site_record): the links and ids
are those of the page as Chromium parsed it, and each link's address is the
one the browser resolved. Links to other hosts are plain links a reader may
follow (test_browser.py checks that no page fetches anything from one).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from _site import LANGUAGES, pages_of

NOT_CHECKED = re.compile(r"^(mailto|javascript|data|tel|blob):", re.IGNORECASE)
# A host serves its 404 page at any address, so its links are absolute from the
# site's root; anywhere else such a link breaks under a prefix or from file://.
ROOT_ABSOLUTE_OK = {"404.html"}
NAMES = {"en": "English", "es": "Spanish"}


def target_of(site, page: str) -> str:
    """The file of the site a link to ``page`` opens (a folder opens its index.html)."""
    return f"{page.rstrip('/')}/index.html".lstrip("/") if (site / page).is_dir() else page


def link_problems(records, site, host: str) -> list[str]:
    ids = {name: set(record.state["ids"]) for name, record in records.items() if record.state}
    problems = []
    for name, record in records.items():
        for link in [*record.state.get("anchors", []), *record.state.get("links", [])]:
            href = (link["href"] or "").strip()
            parts = urlsplit(link["url"] or "")
            if not href or NOT_CHECKED.match(href) or parts.netloc != host:
                continue
            if href.startswith("/") and name not in ROOT_ABSOLUTE_OK:
                problems.append(f"{name}: link {href!r} is absolute to the host's root, "
                                "which breaks under a prefix or from file://")
                continue
            target = target_of(site, unquote(parts.path).lstrip("/"))
            if not (site / target).is_file():
                problems.append(f"{name}: broken link {href!r}: no file {target}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target in ids and fragment not in ids[target]:
                problems.append(f"{name}: broken anchor {href!r}: no id {fragment!r} in {target}")
    return problems


def language_problems(records, site, host: str) -> list[str]:
    """Each page says its language, has one switcher to the other, and hreflang alternates that resolve."""
    problems = []
    for name, record in records.items():
        lang = record.lang
        if lang is None or not record.state:
            continue
        other = next(code for code in LANGUAGES if code != lang)
        if record.state["lang"] != lang:
            problems.append(f"{name}: <html lang> is {record.state['lang']!r}, not {lang!r}")
        switchers = [anchor for anchor in record.state["anchors"] if anchor["switcher"]]
        if len(switchers) != 1:
            problems.append(f"{name}: {len(switchers)} language switchers, expected 1")
        links = [(f"switcher to {switcher['hreflang']!r}", switcher) for switcher in switchers]
        alternates = {link["hreflang"]: link for link in record.state["links"]
                      if link["rel"] == "alternate" and link["hreflang"]}
        if set(alternates) != {*LANGUAGES, "x-default"}:
            problems.append(f"{name}: hreflang alternates {sorted(alternates)}, "
                            f"expected {sorted({*LANGUAGES, 'x-default'})}")
        links += [(f"hreflang={code} link", link) for code, link in alternates.items()]
        for what, link in links:
            parts = urlsplit(link["url"] or "")
            target = target_of(site, unquote(parts.path).lstrip("/"))
            if parts.netloc != host or not (site / target).is_file():
                problems.append(f"{name}: {what} {link['href']!r} does not lead to a page of the site")
        for switcher in switchers:
            target = unquote(urlsplit(switcher["url"] or "").path).lstrip("/")
            if switcher["hreflang"] != other or not target.startswith(f"{other}/"):
                problems.append(f"{name}: the switcher leads to {target!r} (hreflang {switcher['hreflang']!r}), "
                                f"not into {other}/")
            elif not switcher["shown"]:
                problems.append(f"{name}: the language switcher is not visible")
    return problems


def missing_twins(site) -> list[str]:
    pages = {lang: {page.split("/", 1)[1] for page in pages_of(site, [lang])} for lang in LANGUAGES}
    problems = []
    for lang in LANGUAGES:
        for other in LANGUAGES:
            problems += [f"{other}/{page}: missing ({lang}/{page} has no {NAMES[other]} twin)"
                         for page in sorted(pages[lang] - pages[other])]
    return problems


# -- the built site ----------------------------------------------------------------------

def test_every_internal_link_and_anchor_resolves(site_record, site, served_site):
    assert link_problems(site_record, site, served_site.host) == []


def test_every_page_has_its_language_a_switcher_and_alternates(site_record, site, served_site):
    assert language_problems(site_record, site, served_site.host) == []


def test_every_page_exists_in_both_languages(site):
    assert missing_twins(site) == []


def test_the_links_checked_include_anchors_into_other_pages(site_record, served_site):
    anchors = [anchor for record in site_record.values() for anchor in record.state["anchors"]
               if urlsplit(anchor["url"] or "").fragment and served_site.page_of(anchor["url"])]
    assert len(anchors) > 100


# -- planted defects: each check fails and names the page --------------------------------

def planted_host(planted):
    return urlsplit(next(iter(planted.record.values())).url).netloc


def test_a_broken_anchor_and_a_link_to_a_missing_page_are_named(planted):
    found = link_problems(planted.record, planted.site, planted_host(planted))
    assert any(line.startswith(f"{planted.broken_anchor}: broken anchor 'index.html#no-such-anchor-")
               and line.endswith("in en/index.html") for line in found), found
    assert any(line.startswith(f"en/layouts.html: broken link '../{planted.no_twin}'") for line in found), found


def test_a_page_missing_in_one_language_is_named(planted):
    assert missing_twins(planted.site) == [f"{planted.no_twin}: missing (en/layouts.html has no Spanish twin)"]
    found = language_problems(planted.record, planted.site, planted_host(planted))
    assert "en/layouts.html: switcher to 'es' '../es/layouts.html' does not lead to a page of the site" in found, \
        found
