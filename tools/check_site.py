#!/usr/bin/env python3
"""Check the assembled site (_build/site) as a reader's browser would meet it.

- offline: no page, style sheet or SVG makes the browser fetch anything from
  another host (scripts, styles, fonts, images, frames, media, preloads,
  CSS url()/@import). Plain ``<a href>`` links to other sites are fine: they
  are only followed when clicked; so are ``<link rel="alternate">`` tags.
- languages: every page of site/<lang>/ has ``<html lang="<lang>">``, a
  language switcher, and hreflang alternates; every switcher and alternate
  link resolves to an existing file of the site.

Prints one line per problem and exits 1 if there is any, 2 if the site is missing.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "es")

# Attributes through which a browser fetches a resource by itself.
FETCHING_ATTRIBUTES = {
    "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "frame": ["src"],
    "embed": ["src"], "object": ["data"], "audio": ["src"], "video": ["src", "poster"],
    "source": ["src", "srcset"], "track": ["src"], "input": ["src"], "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"], "feimage": ["href", "xlink:href"],
}
# <link rel=...> values that make the browser fetch (or connect to) the href.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                 "prefetch", "preconnect", "dns-prefetch", "prerender", "manifest", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> BeautifulSoup:
    """The parsed page (or SVG) at ``path``, parsed once per run."""
    with warnings.catch_warnings():
        # SVG files are read with the HTML parser too: attributes are all we need.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")


def is_external(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE))


def srcset_urls(value: str):
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def external_fetches_in_html(soup):
    """(what, url) for each resource of ``soup`` (HTML or SVG, parsed or text) fetched from another host."""
    if isinstance(soup, str):
        soup = BeautifulSoup(soup, "html.parser")
    found = []
    for tag in soup.find_all(True):
        name = tag.name.lower()
        for attribute in FETCHING_ATTRIBUTES.get(name, []):
            value = tag.get(attribute)
            if not value:
                continue
            urls = srcset_urls(value) if attribute == "srcset" else [value]
            found += [(f"<{name} {attribute}>", url) for url in urls if is_external(url)]
        if name == "link" and tag.get("href") and is_external(tag["href"]):
            rels = {rel.lower() for rel in tag.get("rel") or []}
            if rels & FETCHING_RELS or not rels:
                found.append((f"<link rel={' '.join(sorted(rels))}>", tag["href"]))
        if tag.get("style"):
            found += [("style attribute", url) for url in css_urls(tag["style"]) if is_external(url)]
        if name == "style" and tag.string:
            found += [("<style>", url) for url in css_urls(tag.string) if is_external(url)]
    return found


def css_urls(text: str):
    return [a or b for a, b in CSS_URL.findall(text)]


def offline_problems(site: Path):
    problems = []
    for path in sorted(site.rglob("*")):
        if path.suffix in {".html", ".svg"}:
            fetched = external_fetches_in_html(parsed(path))
        elif path.suffix == ".css":
            fetched = [("css url()", url) for url in css_urls(path.read_text(encoding="utf-8", errors="replace"))
                       if is_external(url)]
        else:
            continue
        problems += [f"{path.relative_to(site)}: {what} fetches {url} from another host" for what, url in fetched]
    return problems


def resolve(page: Path, href: str, site: Path) -> Path | None:
    """The file ``href`` (relative, from ``page``) points at, if it is inside the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    return target if target.is_relative_to(site.resolve()) else None


def language_problems(site: Path):
    problems = []
    for lang in LANGUAGES:
        # _static/ holds the themes' Jinja macro files (*.html), not pages.
        pages = sorted(path for path in (site / lang).rglob("*.html")
                       if "_static" not in path.relative_to(site / lang).parts)
        if not pages:
            problems.append(f"{lang}/: no pages")
        for page in pages:
            name = page.relative_to(site)
            soup = parsed(page)
            if soup.html is None or soup.html.get("lang") != lang:
                problems.append(f"{name}: <html lang> is {soup.html and soup.html.get('lang')!r}, not {lang!r}")
            switchers = soup.select("a.language-switcher")
            if len(switchers) != 1:
                problems.append(f"{name}: {len(switchers)} language switchers, expected 1")
            links = [("switcher", a.get("href", "")) for a in switchers]
            alternates = {link.get("hreflang"): link.get("href", "")
                          for link in soup.find_all("link", rel="alternate") if link.get("hreflang")}
            if set(alternates) != {*LANGUAGES, "x-default"}:
                problems.append(f"{name}: hreflang alternates {sorted(alternates)}, "
                                f"expected {sorted({*LANGUAGES, 'x-default'})}")
            links += [(f"hreflang={code}", href) for code, href in alternates.items()]
            for what, href in links:
                target = resolve(page, href, site)
                if target is None or not target.is_file():
                    problems.append(f"{name}: {what} link {href!r} does not lead to a page of the site")
            for switcher in switchers:
                other = switcher.get("hreflang")
                target = resolve(page, switcher.get("href", ""), site)
                if other == lang or other not in LANGUAGES:
                    problems.append(f"{name}: switcher hreflang is {other!r}")
                elif target is not None and not target.is_relative_to((site / other).resolve()):
                    problems.append(f"{name}: switcher leads to {target}, outside {other}/")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "_build" / "site",
                        help="the assembled site (default: _build/site)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"check_site.py: error: {args.site}/index.html: no such file (run `make html`)", file=sys.stderr)
        return 2
    problems = offline_problems(args.site) + language_problems(args.site)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check_site.py: {len(problems)} problem(s) in {args.site}", file=sys.stderr)
        return 1
    count = sum(1 for path in args.site.rglob("*.html") if "_static" not in path.parts)
    print(f"check_site.py: {count} pages of {args.site} load nothing from other hosts; "
          "every language link resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
