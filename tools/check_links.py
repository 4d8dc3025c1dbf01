#!/usr/bin/env python3
"""Check every link of the built site offline, and list its external links.

Internal links: every ``href``/``src`` of every page (``<a>``, ``<link>``,
``<script>``, ``<img>``, ``<iframe>``, ``<source>``, ...) that is not an
absolute URL must lead to a file of the site (a folder counts if it has an
index.html; root-absolute links, ``/en/``, only in the root 404.html, which a
host serves at any depth), and its ``#fragment``, if any, must be an ``id`` (or ``<a name>``)
of the target page. Query strings (``search.html?q=...``) are ignored.

External links (``http://``, ``https://``, ``//``) are listed, one per line with
the pages that use them, in a report (default:
``_build/reports/external-links.txt``). They must all be plain links a reader
may follow (``<a href>`` or ``<link rel="alternate"/"canonical">``): an external
script, style sheet, image or frame would be needed to read the page, and is a
problem here too.

Prints one line per problem naming the page, exits 1 if there is any, 2 on
bad input (a missing or unbuilt site, a wrong argument).

    python tools/check_links.py [SITE] [--report FILE]
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_common import DEFAULT_SITE, ROOT, Parser, fail, site_error  # noqa: E402

PROG = "check_links.py"
LINK_ATTRIBUTES = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src",
                   "iframe": "src", "frame": "src", "embed": "src", "source": "src", "track": "src",
                   "audio": "src", "video": "src", "object": "data", "input": "src"}
READER_FOLLOWED = {"a", "area"}  # external targets a reader may follow, never fetched by the page
LINK_RELS_FOLLOWED = {"alternate", "canonical", "license", "author", "help", "next", "prev", "search"}
# A host serves its 404 page at any depth of the site, so its links are absolute
# to the site root, which is where they are resolved.
ROOT_ABSOLUTE_OK = {"404.html"}
NOT_CHECKED = re.compile(r"^(mailto|javascript|data|tel|blob):", re.IGNORECASE)


class PageLinks(HTMLParser):
    """The ids and the links of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, rel, url)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        name = LINK_ATTRIBUTES.get(tag)
        if name and attributes.get(name) is not None:
            self.links.append((tag, (attributes.get("rel") or "").lower(), attributes[name].strip()))
        if tag == "img" and attributes.get("srcset"):
            for candidate in attributes["srcset"].split(","):
                if candidate.strip():
                    self.links.append((tag, "", candidate.strip().split()[0]))

    handle_startendtag = handle_starttag


def is_external(url: str) -> bool:
    return url.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE))


def pages_of(site: Path) -> list[Path]:
    """Every HTML page of the site (the themes' _static/*.html are Jinja macros, not pages)."""
    return sorted(path for path in site.rglob("*.html") if "_static" not in path.relative_to(site).parts)


def check(site: Path, pages: list[Path] | None = None):
    """(problems, external links {url: {page, ...}}) for the site."""
    site = site.resolve()
    parsed: dict[Path, PageLinks] = {}

    def links_of(path: Path) -> PageLinks:
        if path not in parsed:
            parser = PageLinks()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            parsed[path] = parser
        return parsed[path]

    problems, external = [], defaultdict(set)
    for page in pages or pages_of(site):
        page = page.resolve()
        name = page.relative_to(site).as_posix()
        for tag, rel, url in links_of(page).links:
            if not url or NOT_CHECKED.match(url):
                continue
            if is_external(url):
                external[url].add(name)
                followed = tag in READER_FOLLOWED or (tag == "link" and set(rel.split()) <= LINK_RELS_FOLLOWED)
                if not followed:
                    problems.append(f"{name}: <{tag}> loads {url} from another host: "
                                    "the page needs it to be read")
                continue
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            if parts.path.startswith("/") and name not in ROOT_ABSOLUTE_OK:
                problems.append(f"{name}: link {url!r} is absolute to the host root, "
                                "which breaks under a prefix or file://")
                continue
            if parts.path.startswith("/"):
                target = (site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_relative_to(site):
                problems.append(f"{name}: link {url!r} leads outside the site")
                continue
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{name}: broken link {url!r}: no file {target.relative_to(site).as_posix()}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in links_of(target).ids:
                problems.append(f"{name}: broken anchor {url!r}: no id {fragment!r} in "
                                f"{target.relative_to(site).as_posix()}")
    return problems, external


def write_report(report: Path, external, site: Path) -> None:
    report.parent.mkdir(parents=True, exist_ok=True)
    hosts = defaultdict(int)
    for url in external:
        hosts[urlsplit(url if not url.startswith("//") else "https:" + url).netloc] += 1
    lines = [f"# External links of {site}: {len(external)} URLs on {len(hosts)} hosts.",
             "# Plain links a reader may follow (documentation of Python, NumPy, PyTorch, sources);",
             "# the site loads nothing from them (tools/check_links.py and tools/check_browser.py).",
             "# Hosts: " + ", ".join(f"{host} ({count})" for host, count in sorted(hosts.items())),
             "# URL<TAB>pages"]
    lines += [f"{url}\t{' '.join(sorted(pages))}" for url, pages in sorted(external.items())]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE,
                        help="the assembled site (default: _build/site)")
    parser.add_argument("--report", type=Path, default=ROOT / "_build" / "reports" / "external-links.txt",
                        help="where to list the external links (default: _build/reports/external-links.txt)")
    args = parser.parse_args(argv)
    problem = site_error(args.site)
    if problem:
        return fail(PROG, problem)
    problems, external = check(args.site)
    try:
        write_report(args.report, external, args.site)
    except OSError as error:
        return fail(PROG, f"cannot write the report {args.report}: {error.strerror}")
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{PROG}: {len(problems)} problem(s) in {args.site}", file=sys.stderr)
        return 1
    print(f"{PROG}: {len(pages_of(args.site))} pages of {args.site}: every internal link and anchor "
          f"resolves; {len(external)} external links listed in {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
