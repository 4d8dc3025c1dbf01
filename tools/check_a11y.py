#!/usr/bin/env python3
"""Accessibility of the built site's content, read from the files (no browser).

tools/check_browser.py runs axe-core in Chromium on every page; this checks
what axe cannot judge, on every page of site/en/ and site/es/:

- text alternatives: every ``<img>`` in the article has a non-empty ``alt``,
  written in the page's language: a Spanish alt has Spanish function words
  (de, la, el, ...) and more of them than English ones, and the other way
  round (an alt with no function words at all, a bare name, is not judged);
- headings: the article's headings go down one level at a time (an h2 may be
  followed by an h3, never by an h4), it has one h1, and it starts with it;
- figures do not rely on color alone: every SVG figure that an article
  shows has text labels (non-empty ``<text>`` elements), so channel slices
  are named, not only colored.

Prints one line per problem naming the page, exits 1 if there is any, 2 on
bad input.

    python tools/check_a11y.py [SITE] [--pages es/index.html ...]
"""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_common import DEFAULT_SITE, LANGUAGES, Parser, fail, select_pages, site_error  # noqa: E402

PROG = "check_a11y.py"
STOPWORDS = {
    "en": {"the", "of", "and", "a", "an", "in", "is", "are", "to", "with", "for", "each", "one", "on",
           "its", "as", "by", "at", "from", "that", "this", "per", "every", "shows", "which", "into"},
    "es": {"el", "la", "los", "las", "de", "del", "y", "un", "una", "en", "es", "son", "con", "por",
           "para", "cada", "que", "al", "se", "su", "sus", "muestra", "como", "sobre"},
}
WORD = re.compile(r"[^\W\d_]+")
HEADING = re.compile(r"^h([1-6])$")


def parse(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")


def article_of(soup):
    return soup.select_one("article.bd-article") or soup.find("article") or soup.find(attrs={"role": "main"})


def alt_language_problem(alt: str, lang: str) -> str | None:
    words = [word.lower() for word in WORD.findall(alt)]
    counts = {code: sum(word in STOPWORDS[code] for word in words) for code in STOPWORDS}
    other = next(code for code in LANGUAGES if code != lang)
    if counts[lang] == 0 and counts[other] == 0:
        return None  # a name or a formula: no evidence either way
    if counts[lang] <= counts[other]:
        return (f"has {counts[other]} {other!r} and {counts[lang]} {lang!r} function words: "
                f"not written in {lang!r}")
    return None


def svg_has_text_labels(svg_path: Path) -> bool:
    # convref's figures keep text as text (matplotlib's svg.fonttype "none"): real
    # <text> elements, which readers can select and search, not glyph outlines.
    text = svg_path.read_text(encoding="utf-8", errors="replace")
    return bool(re.search(r"<text\b[^>]*>\s*[^<\s]", text))


def page_problems(site: Path, page: Path) -> list[str]:
    name = page.relative_to(site).as_posix()
    lang = page.relative_to(site).parts[0]
    soup = parse(page)
    article = article_of(soup)
    if article is None:
        return []  # not a content page (the root redirect, the 404 page)
    problems = []
    for img in article.find_all("img"):
        src = img.get("src", "")
        alt = (img.get("alt") or "").strip()
        if not alt:
            problems.append(f"{name}: image {src} has no text alternative (alt)")
            continue
        if lang in LANGUAGES:
            wrong = alt_language_problem(alt, lang)
            if wrong:
                problems.append(f"{name}: the alt text of {src} {wrong}: {alt[:60]!r}")
        target = urlsplit(src)
        if src.endswith(".svg") and not target.scheme and not target.netloc:
            svg = (page.parent / unquote(target.path)).resolve()
            if svg.is_file() and not svg_has_text_labels(svg):
                problems.append(f"{name}: figure {src} has no text labels: color would be the only "
                                "carrier of meaning")
    headings = [(int(HEADING.match(tag.name).group(1)), tag.get_text(" ", strip=True))
                for tag in article.find_all(HEADING)]
    if headings:
        if headings[0][0] != 1:
            problems.append(f"{name}: the first heading is h{headings[0][0]} {headings[0][1]!r}, not h1")
        ones = sum(level == 1 for level, _ in headings)
        if ones > 1:
            problems.append(f"{name}: {ones} h1 headings, expected 1")
        for (before, _), (level, text) in zip(headings, headings[1:]):
            if level > before + 1:
                problems.append(f"{name}: heading h{level} {text!r} follows h{before}: skips a level")
    return problems


def main(argv=None) -> int:
    parser = Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE,
                        help="the assembled site (default: _build/site)")
    parser.add_argument("--pages", nargs="+", metavar="PAGE",
                        help="only these pages, relative to the site (e.g. es/index.html)")
    args = parser.parse_args(argv)
    problem = site_error(args.site)
    if problem:
        return fail(PROG, problem)
    pages, unknown = select_pages(args.site, args.pages)
    if unknown:
        return fail(PROG, f"no such page in {args.site}: {', '.join(unknown)}")
    problems = [line for page in pages for line in page_problems(args.site, page)]
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{PROG}: {len(problems)} problem(s) in {args.site}", file=sys.stderr)
        return 1
    images = sum(len(article.find_all("img")) for page in pages
                 if (article := article_of(parse(page))) is not None)
    print(f"{PROG}: {len(pages)} pages of {args.site}: {images} images with alt text in the page's "
          "language, figures labeled with text, headings in order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
