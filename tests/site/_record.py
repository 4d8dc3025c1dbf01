"""Every page of the built site opened once in Chromium, and what happened recorded.

The site is served over HTTP on 127.0.0.1 (``SiteServer``, a thread of this
process), and each page is opened in a fresh browser context (cold cache: the
page fetches all it needs, as a first-time reader's browser does). For each
page the record holds:

- ``requests``: every request the page made, as Playwright reports it (URL,
  resource type, failure); Chromium resolves no host but 127.0.0.1
  (``--host-resolver-rules``), so a request to another host fails at once
  instead of waiting on the network, and is still recorded;
- ``fetched``: every file the server answered for the page, with its status.
  The server sees what Playwright does not report, such as the browser's own
  request for ``/favicon.ico``;
- ``errors``: console errors, uncaught exceptions, failed requests;
- ``state``: what the page shows once loaded: ``<html lang>``, images (loaded
  or not, alt text), the article's headings, links, element ids, language
  switcher, ``<link>`` tags, math;
- ``axe``: the violations axe-core (node_modules/axe-core, ``npm ci``) finds.

The tests derive external requests, missing files, broken images, links and
anchors, page weight and the rest from this one record, instead of crawling
the HTML and CSS again. Chromium is Debian's (``/usr/bin/chromium`` or
``$CHROMIUM``), driven by Playwright for Python; no browser is downloaded.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from _site import ROOT

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
    # No host but the test server resolves: a request to another host fails at once.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
CONTEXT = {"viewport": {"width": 1280, "height": 900}, "service_workers": "block"}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 20_000
# What a static host gzip-compresses on the fly; the rest goes out as it is.
COMPRESSED_SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map",
                       ".ttf", ".otf", ".eot", ".ico", ".inv"}

STATE_JS = """
async () => {
  // Images that a theme may load lazily are asked for now, then awaited.
  const images = [...document.images];
  for (const img of images) { img.loading = "eager"; }
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener("load", done, {once: true});
    img.addEventListener("error", done, {once: true});
    setTimeout(done, 5000);
  })));
  const article = document.querySelector("article.bd-article") || document.querySelector("article")
                  || document.querySelector("[role=main]");
  const shown = el => el.checkVisibility ? el.checkVisibility() : el.getBoundingClientRect().width > 0;
  const absolute = href => { try { return new URL(href, document.baseURI).href; } catch (e) { return null; } };
  return {
    lang: document.documentElement.lang,
    title: document.title,
    hasArticle: article !== null,
    images: images.map(img => ({src: img.getAttribute("src"), url: img.currentSrc || img.src,
                                alt: img.getAttribute("alt"), inArticle: article !== null && article.contains(img),
                                complete: img.complete, width: img.naturalWidth})),
    headings: article === null ? [] : [...article.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => {
      const copy = h.cloneNode(true);
      copy.querySelectorAll(".headerlink").forEach(link => link.remove());
      return {level: Number(h.tagName[1]), text: copy.textContent.trim().slice(0, 80)};
    }),
    anchors: [...document.querySelectorAll("a[href], area[href]")].map(a => ({
      href: a.getAttribute("href"), url: absolute(a.getAttribute("href")), hreflang: a.getAttribute("hreflang"),
      switcher: a.classList.contains("language-switcher"), shown: shown(a)})),
    links: [...document.querySelectorAll("link[href]")].map(link => ({
      rel: (link.getAttribute("rel") || "").toLowerCase(), href: link.getAttribute("href"),
      url: absolute(link.getAttribute("href")), hreflang: link.getAttribute("hreflang")})),
    ids: [...document.querySelectorAll("[id]")].map(e => e.id)
           .concat([...document.querySelectorAll("a[name]")].map(a => a.getAttribute("name"))),
    mathContainers: document.querySelectorAll(".math").length,
    containersWithoutMath: [...document.querySelectorAll(".math")].filter(c => !c.querySelector("math"))
                             .map(c => c.textContent.trim().slice(0, 40)),
    maths: [...document.querySelectorAll("math")].map(m => {
      const box = m.getBoundingClientRect();
      return {display: getComputedStyle(m).display, width: box.width, height: box.height, shown: shown(m),
              text: m.textContent.trim().slice(0, 40)};
    }),
  };
}
"""

AXE_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" "))}));
}
"""


@dataclass
class Fetch:
    path: str  # as asked for, decoded, without the query ("/es/_static/basic.css")
    status: int


@dataclass
class PageRecord:
    page: str  # relative to the site: "es/index.html"
    url: str
    requests: list[dict] = field(default_factory=list)
    fetched: list[Fetch] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    state: dict = field(default_factory=dict)
    axe: list[dict] = field(default_factory=list)

    @property
    def lang(self) -> str | None:
        first = self.page.split("/", 1)[0]
        return first if first in ("en", "es") else None

    def files(self, site: Path) -> list[Path]:
        """The files of ``site`` the server sent for this page, each once."""
        paths = dict.fromkeys(fetch.path for fetch in self.fetched if fetch.status == 200)
        return [site / path.lstrip("/") for path in paths if (site / path.lstrip("/")).is_file()]


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_request(self, code="-", size="-"):
        path = unquote(urlsplit(self.path).path)
        self.server.site.fetched.append((self.server.site.visiting, Fetch(path, int(code))))

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A page closed while a file was being sent is no problem of the site.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class SiteServer:
    """A folder served on a free port of 127.0.0.1; every answer logged under the page being visited."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.visiting: str | None = None
        self.fetched: list[tuple[str | None, Fetch]] = []
        self._server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(self.root)))
        self._server.site = self
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.host = urlsplit(self.origin).netloc
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def url(self, page: str) -> str:
        return f"{self.origin}/{page}"

    def page_of(self, url: str) -> str | None:
        """The page of the site that ``url`` names ("es/index.html"), or None for another host."""
        parts = urlsplit(url)
        if parts.netloc != self.host:
            return None
        return unquote(parts.path).lstrip("/")

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


def visit(browser, server: SiteServer, page: str, axe: str | None) -> PageRecord:
    """Open ``page`` in a fresh context of ``browser`` and record what happens."""
    record = PageRecord(page=page, url=server.url(page))
    context = browser.new_context(**CONTEXT)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()

    def on_request(request):
        record.requests.append({"url": request.url, "type": request.resource_type})

    def on_failed(request):
        # ERR_ABORTED: the page moved on while a fetch was under way (a missing
        # file is a 404 below; another host is an external request).
        failure = request.failure or ""
        if server.page_of(request.url) is not None and "ERR_ABORTED" not in failure:
            record.errors.append(f"request failed: {request.url} ({failure})")

    tab.on("request", on_request)
    tab.on("requestfailed", on_failed)
    tab.on("response", lambda response: response.status >= 400 and record.errors.append(
        f"HTTP {response.status} for {response.url}"))
    tab.on("console", lambda message: message.type == "error" and record.errors.append(
        f"console error: {message.text}"))
    tab.on("pageerror", lambda error: record.errors.append(f"uncaught exception: {error}"))
    server.visiting = page
    try:
        tab.goto(record.url, wait_until="load")
        record.state = tab.evaluate(STATE_JS)
        if axe is not None:
            tab.add_script_tag(content=axe)
            record.axe = tab.evaluate(AXE_JS)
    except Exception as error:  # a page that cannot be driven is a problem of that page
        record.errors.append(f"browser: {type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        context.close()
        server.visiting = None
    record.fetched = [fetch for label, fetch in server.fetched if label == page]
    return record


def visit_all(browser, server: SiteServer, pages, axe: str | None) -> dict[str, PageRecord]:
    return {page: visit(browser, server, page, axe) for page in pages}


@functools.lru_cache(maxsize=None)
def transfer_size(path: Path) -> int:
    """Bytes a static host sends for ``path``: gzip level 6 for text formats, as GitHub Pages or nginx do."""
    data = path.read_bytes()
    if path.suffix.lower() in COMPRESSED_SUFFIXES:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def as_json(records: dict[str, PageRecord], site: Path) -> dict:
    """The record as the report _build/reports/site-record.json holds it, with each page's transfer sizes."""
    pages = []
    for record in records.values():
        entry = asdict(record)
        files = {path.relative_to(site).as_posix(): transfer_size(path) for path in record.files(site)}
        entry["transfer_bytes"] = sum(files.values())
        entry["files"] = dict(sorted(files.items(), key=lambda item: -item[1]))
        pages.append(entry)
    return {"site": str(site), "pages": pages}
