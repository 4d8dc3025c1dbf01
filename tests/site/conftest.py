"""Fixtures of the tests of the built site.

- ``site``: the built site (``_build/site``, see _site.py for when it is missing);
- ``served_site``: it, over HTTP on 127.0.0.1 (a ``_record.SiteServer``);
- ``browser``: one headless Debian Chromium for the whole session
  (pytest-playwright's fixture, launched with the executable and flags below;
  its ``page`` fixture works too);
- ``site_record``: every page opened once in that browser, with what it fetched,
  logged and showed (``_record.PageRecord``); written to
  ``_build/reports/site-record.json``;
- ``planted``: a copy of the built site with one planted defect per check, and
  its record: each check must fail on it with a message naming the page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from _record import AXE, CHROMIUM, CHROMIUM_ARGS, CONTEXT, SiteServer, as_json, visit_all
from _site import ROOT, SITE, built_site, need, pages_of

REPORT = ROOT / "_build" / "reports" / "site-record.json"


@pytest.fixture(scope="session")
def site():
    return built_site()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    need(Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK),
         f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **CONTEXT}


@pytest.fixture(scope="session")
def axe_source():
    need(AXE.is_file(), f"{AXE.relative_to(ROOT)}: no such file (run `npm ci`; `make test` does)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def served_site(site):
    server = SiteServer(site)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def site_record(browser, served_site, site, axe_source):
    """{page: PageRecord} for every page of both languages and the 404 page."""
    records = visit_all(browser, served_site, [*pages_of(site), "404.html"], axe_source)
    if site.resolve() == SITE.resolve():
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(json.dumps(as_json(records, site), indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    return records


# -- planted defects ---------------------------------------------------------------------

def plant(site: Path, page: str, old: str, new: str, count: int = 1) -> None:
    path = site / page
    text = path.read_text(encoding="utf-8")
    assert old in text, f"cannot plant into {page}: {old!r} is not in it"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def article_images(site: Path, page: str) -> list[tuple[str, str]]:
    """(src, alt) of the <img> tags in the article of ``page``, in order."""
    text = (site / page).read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    return [(re.search(r'\bsrc="([^"]*)"', tag).group(1), (re.search(r'\balt="([^"]*)"', tag) or [None, None])[1])
            for tag in re.findall(r"<img\b[^>]*>", article)]


def first_page_with_images(site: Path, lang: str, count: int) -> str:
    return next(page for page in pages_of(site, [lang]) if len(article_images(site, page)) >= count)


@pytest.fixture(scope="session")
def planted(site, tmp_path_factory, browser, axe_source):
    """A copy of the site with one defect per check, and the record of the pages that hold them."""
    copy = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(site, copy)
    p = SimpleNamespace(site=copy)

    p.external = "es/gradients.html"  # an external script
    plant(copy, p.external, "</head>", '<script src="https://cdn.example.org/tracker.js"></script></head>')

    p.exception = "en/output-size.html"  # a script that throws
    plant(copy, p.exception, "</body>", "<script>undefinedFunction();</script></body>")

    p.broken_image = first_page_with_images(copy, "en", 1)  # an image that is not there, without alt
    src, alt = article_images(copy, p.broken_image)[0]
    plant(copy, p.broken_image, f'src="{src}"', 'src="_images/missing.svg"')
    plant(copy, p.broken_image, f'alt="{alt}"', "")

    p.alt_page = first_page_with_images(copy, "es", 2)  # an English alt and an unlabeled figure on a Spanish page
    (_, first_alt), (p.unlabeled_figure, _) = article_images(copy, p.alt_page)[:2]
    plant(copy, p.alt_page, f'alt="{first_alt}"',
          'alt="One row per input channel, each with its own kernel and the sum of the results"')
    svg = copy / "es" / p.unlabeled_figure
    svg.write_text(svg.read_text(encoding="utf-8").replace("<text", "<desc").replace("</text>", "</desc>"),
                   encoding="utf-8")

    p.skipped_heading = "es/index.html"  # an h2 turned into an h4
    text = (copy / p.skipped_heading).read_text(encoding="utf-8")
    article = text.index("<article")
    h2 = text.index("<h2", article)
    end = text.index("</h2>", h2)
    (copy / p.skipped_heading).write_text(text[:h2] + "<h4" + text[h2 + 3:end] + "</h4>" + text[end + 5:],
                                          encoding="utf-8")

    p.broken_anchor = "en/glossary.html"  # a link to an id that does not exist
    plant(copy, p.broken_anchor, 'href="index.html', 'href="index.html#no-such-anchor-')

    p.no_twin = "es/layouts.html"  # a page missing in one language
    (copy / p.no_twin).unlink()

    p.heavy_page = "en/index.html"  # a figure over the page-weight budget
    heavy_src = article_images(copy, p.heavy_page)[0][0]
    p.heavy_figure = f"en/{heavy_src}"
    noise = os.urandom(300_000).hex()  # hex of random bytes: gzip cannot shrink it below 200 kB
    figure = copy / p.heavy_figure
    figure.write_text(figure.read_text(encoding="utf-8").replace("</svg>", f"<!-- {noise} --></svg>"),
                      encoding="utf-8")

    p.no_icon = "en/api.html"  # no <link rel="icon">: the browser asks for /favicon.ico
    plant(copy, p.no_icon, '<link rel="icon" href="_static/favicon.svg"/>', "")

    pages = sorted({p.external, p.exception, p.broken_image, p.alt_page, p.skipped_heading, p.broken_anchor,
                    "en/index.html", "en/layouts.html", p.heavy_page, p.no_icon})
    server = SiteServer(copy)
    try:
        p.record = visit_all(browser, server, pages, axe_source)
    finally:
        server.stop()
    return p
