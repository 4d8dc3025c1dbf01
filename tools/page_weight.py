#!/usr/bin/env python3
"""Page weight of the assembled site: what a reader downloads to open each page.

For every HTML page of the site (default: _build/site) this adds up the bytes a
typical static host sends for the page and for everything the page makes the
browser load by itself:

- the HTML page;
- ``<link rel="stylesheet">``, ``<link rel="preload"/"modulepreload"/"icon">``,
  ``<script src>``, ``<img src/srcset>``, ``<source src/srcset>``,
  ``<object data>``, ``<video poster>``, ``<image href>`` / ``<use href>``;
- what the style sheets pull in: ``@import`` and ``url(...)`` (fonts, images),
  followed recursively.

Each file counts once per page, however often it is referenced (a script that
is preloaded and then loaded is one download). Sizes are *transfer* sizes:
text formats (HTML, CSS, JS, JSON, SVG, XML, TTF/OTF) gzip-compressed at level
6 as static hosts do (GitHub Pages, Read the Docs, nginx ``gzip on``);
formats that are already compressed (WOFF2, PNG, JPEG, ...) as they are. This
is the cold-cache cost of a page: a reader who opens a second page gets the
shared CSS/JS from the browser cache. 1 kB = 1000 bytes.

Budgets (``--check``): median page <= 400 kB, no page over 800 kB, no figure
(image file under a page's folder: _images/, SVG/PNG/JPEG/GIF/WebP) over
200 kB. ``--check`` prints one line per exceeded budget naming the page or the
figure, and exits 1. References to other hosts are not counted here (they are
tools/check_site.py's business); a reference to a missing file is a problem
under ``--check``.

    python tools/page_weight.py [SITE] [--check] [--json FILE] [--top N] [--page PATH]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import re
import statistics
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
KB = 1000

BUDGET_MEDIAN_KB = 400
BUDGET_PAGE_KB = 800
BUDGET_FIGURE_KB = 200

# What a static host compresses on the fly; the rest goes out as it is.
COMPRESSED_SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt",
                       ".map", ".ttf", ".otf", ".eot", ".ico", ".inv"}
IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}
NOT_PAGES = {"_static", "_sources", "_images", "_downloads"}
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon"}
CSS_REFERENCE = re.compile(
    r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)|url\(\s*(['"]?)(.*?)\2\s*\)""", re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


class ResourceParser(HTMLParser):
    """Collects the URLs an HTML page makes the browser fetch, and its inline styles."""

    ATTRIBUTES = {"script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
                  "object": ("data",), "video": ("poster", "src"), "audio": ("src",),
                  "iframe": ("src",), "embed": ("src",), "input": ("src",), "track": ("src",),
                  "image": ("href", "xlink:href"), "use": ("href", "xlink:href")}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in self.ATTRIBUTES.get(tag, ()):
            value = attributes.get(name)
            if not value:
                continue
            if name == "srcset":
                self.urls += [part.strip().split()[0] for part in value.split(",") if part.strip()]
            else:
                self.urls.append(value)
        if tag == "link" and attributes.get("href"):
            rels = set((attributes.get("rel") or "").lower().split())
            if rels & FETCHING_RELS:
                self.urls.append(attributes["href"])
        if attributes.get("style"):
            self.inline_css.append(attributes["style"])
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def is_local(url: str) -> bool:
    url = url.strip()
    if not url or url.startswith(("#", "//", "data:", "javascript:", "about:", "blob:")):
        return False
    return not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE)


def resolve(url: str, base: Path, site: Path) -> Path | None:
    """The file of the site that ``url``, found in ``base`` (a file), names; None if it is not local."""
    if not is_local(url):
        return None
    path = unquote(urlsplit(url.strip()).path)
    if not path:
        return None
    target = (site / path.lstrip("/")) if path.startswith("/") else (base.parent / path)
    return Path(target.as_posix()).resolve()


@functools.lru_cache(maxsize=None)
def transfer_size(path: Path) -> int:
    """Bytes a static host sends for ``path`` (gzip level 6 for text formats)."""
    data = path.read_bytes()
    if path.suffix.lower() in COMPRESSED_SUFFIXES:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


@functools.lru_cache(maxsize=None)
def css_references(path: Path) -> tuple[str, ...]:
    return tuple(css_urls(path.read_text(encoding="utf-8", errors="replace")))


def css_urls(text: str) -> list[str]:
    text = CSS_COMMENT.sub("", text)
    return [match.group(1) or match.group(3) for match in CSS_REFERENCE.finditer(text)
            if (match.group(1) or match.group(3))]


def page_resources(page: Path, site: Path) -> tuple[dict[Path, int], list[str]]:
    """{file: transfer size} of the page and what it loads, and the missing references."""
    parser = ResourceParser()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    files: dict[Path, int] = {page.resolve(): transfer_size(page.resolve())}
    missing: list[str] = []
    pending = [(url, page) for url in parser.urls]
    pending += [(url, page) for css in parser.inline_css for url in css_urls(css)]
    while pending:
        url, base = pending.pop()
        target = resolve(url, base, site)
        if target is None or target in files:
            continue
        if not target.is_file():
            missing.append(url)
            continue
        files[target] = transfer_size(target)
        if target.suffix.lower() == ".css":
            pending += [(ref, target) for ref in css_references(target)]
    return files, missing


def pages_of(site: Path) -> list[Path]:
    """The HTML pages of the site: not the files of _static/, _sources/ or _images/ folders."""
    return sorted(path for path in site.rglob("*.html") if path.is_file()
                  and not NOT_PAGES & set(path.relative_to(site).parts[:-1]))


def figures_of(site: Path, referenced: set[Path]) -> list[Path]:
    """Image files the pages show: everything in an _images/ folder, and every image a page loads."""
    figures = {path.resolve() for path in site.rglob("*") if path.is_file()
               and "_images" in path.relative_to(site).parts and path.suffix.lower() in IMAGE_SUFFIXES}
    figures |= {path for path in referenced if path.suffix.lower() in IMAGE_SUFFIXES
                and "_static" not in path.relative_to(site.resolve()).parts}
    return sorted(figures)


def measure(site: Path) -> dict:
    site = site.resolve()
    pages = []
    referenced: set[Path] = set()
    for page in pages_of(site):
        files, missing = page_resources(page, site)
        referenced |= set(files)
        breakdown = sorted(((str(path.relative_to(site)), size) for path, size in files.items()),
                           key=lambda item: -item[1])
        pages.append({"page": str(page.relative_to(site)), "bytes": sum(files.values()),
                      "files": len(files), "resources": breakdown, "missing": missing})
    figures = [{"figure": str(path.relative_to(site)), "bytes": transfer_size(path),
                "raw_bytes": path.stat().st_size} for path in figures_of(site, referenced)]
    sizes = [page["bytes"] for page in pages]
    largest = max(pages, key=lambda page: page["bytes"]) if pages else None
    return {
        "site": str(site),
        "pages": pages,
        "figures": figures,
        "median_bytes": int(statistics.median(sizes)) if sizes else 0,
        "largest": {"page": largest["page"], "bytes": largest["bytes"]} if largest else None,
        "largest_figure": max(figures, key=lambda f: f["bytes"]) if figures else None,
        "budgets_kb": {"median": BUDGET_MEDIAN_KB, "page": BUDGET_PAGE_KB, "figure": BUDGET_FIGURE_KB},
    }


def problems(report: dict, median_kb=BUDGET_MEDIAN_KB, page_kb=BUDGET_PAGE_KB,
             figure_kb=BUDGET_FIGURE_KB) -> list[str]:
    found = []
    if not report["pages"]:
        return [f"{report['site']}: no HTML pages (run `make html` first)"]
    if report["median_bytes"] > median_kb * KB:
        found.append(f"median page weight {kb(report['median_bytes'])} exceeds the budget of "
                     f"{median_kb:g} kB")
    for page in report["pages"]:
        if page["bytes"] > page_kb * KB:
            heaviest = ", ".join(f"{name} {kb(size)}" for name, size in page["resources"][:3])
            found.append(f"{page['page']}: {kb(page['bytes'])} exceeds the page budget of {page_kb:g} kB "
                         f"(heaviest: {heaviest})")
        for url in page["missing"]:
            found.append(f"{page['page']}: references {url!r}, which is not in the site")
    for figure in report["figures"]:
        if figure["bytes"] > figure_kb * KB:
            found.append(f"{figure['figure']}: figure of {kb(figure['bytes'])} exceeds the budget of "
                         f"{figure_kb:g} kB")
    return found


def kb(size: int) -> str:
    return f"{size / KB:.1f} kB"


def print_report(report: dict, top: int, page: str | None) -> None:
    pages = sorted(report["pages"], key=lambda p: -p["bytes"])
    if page:
        pages = [p for p in pages if p["page"] == page]
        if not pages:
            raise SystemExit(f"page_weight.py: no page {page!r} in {report['site']}")
        for name, size in pages[0]["resources"]:
            print(f"{size / KB:9.1f} kB  {name}")
        print(f"{pages[0]['bytes'] / KB:9.1f} kB  total of {pages[0]['page']} ({pages[0]['files']} files)")
        return
    print(f"{'kB':>9}  files  page (transfer size: gzip-compressed text, as a static host sends it)")
    for entry in pages[:top] if top else pages:
        print(f"{entry['bytes'] / KB:9.1f}  {entry['files']:5d}  {entry['page']}")
    if top and len(pages) > top:
        print(f"{'':9}  {'':5}  ... {len(pages) - top} lighter pages (--top 0 lists all)")
    largest = report["largest"]
    print(f"{len(pages)} pages: median {kb(report['median_bytes'])} (budget {BUDGET_MEDIAN_KB} kB), "
          f"largest {kb(largest['bytes'])} {largest['page']} (budget {BUDGET_PAGE_KB} kB)")
    if report["largest_figure"]:
        figure = report["largest_figure"]
        print(f"{len(report['figures'])} figures: largest {kb(figure['bytes'])} "
              f"({kb(figure['raw_bytes'])} uncompressed) {figure['figure']} (budget {BUDGET_FIGURE_KB} kB)")
    heaviest = pages[0]
    print(f"heaviest files of {heaviest['page']}: "
          + ", ".join(f"{name} {kb(size)}" for name, size in heaviest["resources"][:5]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "_build" / "site",
                        help="the assembled site (default: _build/site)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1, naming the page or figure, if a budget is exceeded")
    parser.add_argument("--json", type=Path, help="also write the report to this JSON file")
    parser.add_argument("--top", type=int, default=15, help="list the N heaviest pages (0: all)")
    parser.add_argument("--page", help="list the files of one page (a path relative to the site)")
    parser.add_argument("--median-kb", type=float, default=BUDGET_MEDIAN_KB)
    parser.add_argument("--page-kb", type=float, default=BUDGET_PAGE_KB)
    parser.add_argument("--figure-kb", type=float, default=BUDGET_FIGURE_KB)
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"page_weight.py: error: {args.site}: no such folder (run `make html` first)", file=sys.stderr)
        return 2
    report = measure(args.site)
    if not report["pages"]:
        print(f"page_weight.py: error: no HTML pages in {args.site}", file=sys.stderr)
        return 2
    print_report(report, args.top, args.page)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if args.check:
        found = problems(report, args.median_kb, args.page_kb, args.figure_kb)
        for problem in found:
            print(f"page_weight.py: over budget: {problem}", file=sys.stderr)
        if found:
            return 1
        print("page weight: every budget met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
