#!/usr/bin/env python3
"""Assemble the bilingual site: _build/site/{en,es}/ and a root index.html.

Copies the HTML output of each language build (_build/<lang>/html) and
nothing else: the execution caches, jupyter_execute/ folders, doctrees and
Sphinx's .buildinfo stay in _build/<lang>. The root index.html sends the
reader to the first of the browser's preferred languages that the site has
(Spanish for es*, English otherwise) and, without JavaScript, shows a plain
link to each language.

For hosting, it also writes:

- ``404.html``: a "page not found" page in both languages. A host serves it
  at whatever address was asked for (``/convref/en/old/page.html``), so its
  links cannot be relative; they are absolute paths from the host's root,
  taken from the path of the site's address (``SITE_URL``, e.g.
  ``https://example.github.io/convref/`` gives ``/convref/en/index.html``),
  with no ``<base>`` and no JavaScript. Limitation: they are right only when
  the site is served at the path of SITE_URL (the default placeholder's path
  is ``/``, the root of a host).
- ``sitemap.xml``: every page of both languages (not the generated index,
  search and module-index pages) with ``xhtml:link rel="alternate"``
  hreflang entries for en, es and x-default (English, as in the pages'
  own hreflang tags). A sitemap needs absolute addresses: they start with
  SITE_URL (``--site-url``, else the ``SITE_URL`` environment variable, else
  the placeholder ``https://example.org/``).
- ``.nojekyll``, so that GitHub Pages publishing from a branch serves the
  ``_static``/``_images`` folders (Jekyll hides names starting with "_").
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
# webpack-macros.html and sbt-webpack-macros.html are Jinja templates that the
# themes ship in their static folder; copied as they are, they are broken pages.
LEFT_OUT = shutil.ignore_patterns(".buildinfo", ".buildinfo.bak", ".doctrees", ".jupyter_cache",
                                  "jupyter_execute", "webpack-macros.html", "sbt-webpack-macros.html")
# The site's public address when SITE_URL says nothing: a placeholder (RFC 2606).
PLACEHOLDER_SITE_URL = "https://example.org/"
# Pages of each language left out of the sitemap: generated, not content.
NOT_IN_SITEMAP = {"genindex.html", "search.html", "py-modindex.html"}
# Each language build's copy of conf/_static/favicon.svg (html_favicon): the pages
# written here point at it too, or a browser would ask the host for /favicon.ico.
FAVICON = "_static/favicon.svg"
# Folders of a language build that hold no pages.
NOT_PAGES = {"_static", "_sources", "_images", "_downloads"}

ROOT_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>convref</title>
  <link rel="icon" href="{default}/{favicon}" type="image/svg+xml">
{alternates}
  <script>
    // The first preferred language of the browser that the site has, else English.
    (function () {{
      var site = {codes};
      var preferred = navigator.languages || [navigator.language || ""];
      var target = "{default}";
      for (var i = 0; i < preferred.length; i++) {{
        var code = String(preferred[i]).toLowerCase().split("-")[0];
        if (site.indexOf(code) !== -1) {{ target = code; break; }}
      }}
      window.location.replace(target + "/index.html");
    }})();
  </script>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 36em; margin: 4em auto; padding: 0 1em; }}
    li {{ margin: 0.5em 0; font-size: 1.25em; }}
  </style>
</head>
<body>
  <h1>convref</h1>
  <ul>
{links}
  </ul>
</body>
</html>
"""


def root_page() -> str:
    alternates = [f'  <link rel="alternate" hreflang="{code}" href="{code}/index.html">' for code in LANGUAGES]
    alternates.append(f'  <link rel="alternate" hreflang="x-default" href="{DEFAULT_LANGUAGE}/index.html">')
    links = [f'    <li><a href="{code}/index.html" hreflang="{code}" lang="{code}">{name}</a></li>'
             for code, name in LANGUAGES.items()]
    codes = "[" + ", ".join(f'"{code}"' for code in LANGUAGES) + "]"
    return ROOT_PAGE.format(alternates="\n".join(alternates), links="\n".join(links), codes=codes,
                            default=DEFAULT_LANGUAGE, favicon=FAVICON)


NOT_FOUND_PAGE = """\
<!DOCTYPE html>
<html lang="{default}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Page not found · Página no encontrada · convref</title>
  <link rel="icon" href="{prefix}{default}/{favicon}" type="image/svg+xml">
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 36em; margin: 4em auto; padding: 0 1em;
           line-height: 1.5; }}
    section + section {{ margin-top: 2.5em; padding-top: 1.5em; border-top: 1px solid #8884; }}
    a {{ font-size: 1.15em; }}
    @media (prefers-color-scheme: dark) {{ body {{ background: #14181e; color: #ced6dd; }} a {{ color: #9ec5fe; }} }}
  </style>
</head>
<body>
  <main>
{sections}
  </main>
</body>
</html>
"""

NOT_FOUND_WORDS = {
    "en": ("Page not found",
           "There is no page at this address: it may have moved, or the link may be mistyped.",
           "Go to the home page in English"),
    "es": ("Página no encontrada",
           "No hay ninguna página en esta dirección: puede que se haya movido o que el enlace "
           "esté mal escrito.",
           "Ir a la página de inicio en español"),
}


def site_url(value: str | None = None) -> str:
    """The site's public address, ending with "/"."""
    url = (value or os.environ.get("SITE_URL") or PLACEHOLDER_SITE_URL).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"SITE_URL {url!r} is not an http(s) address such as https://example.org/convref/")
    return url if url.endswith("/") else url + "/"


def not_found_page(url: str) -> str:
    """The 404 page: links as absolute paths from the host's root (the path of ``url``)."""
    prefix = urlsplit(url).path or "/"
    sections = []
    for code in LANGUAGES:
        heading, text, link = NOT_FOUND_WORDS[code]
        sections.append(
            f'    <section lang="{code}">\n'
            f"      <h1>{html.escape(heading)}</h1>\n"
            f"      <p>{html.escape(text)}</p>\n"
            f'      <p><a href="{html.escape(prefix)}{code}/index.html" hreflang="{code}">'
            f"{html.escape(link)}</a></p>\n"
            f"    </section>")
    return NOT_FOUND_PAGE.format(default=DEFAULT_LANGUAGE, sections="\n".join(sections),
                                 prefix=html.escape(prefix), favicon=FAVICON)


def language_pages(site: Path, code: str) -> list[str]:
    """Paths (relative to site/<code>/, with "/") of the content pages of a language."""
    root = site / code
    pages = []
    for path in root.rglob("*.html"):
        relative = path.relative_to(root)
        if relative.parts[0] in NOT_PAGES or relative.as_posix() in NOT_IN_SITEMAP:
            continue
        pages.append(relative.as_posix())
    return sorted(pages)


def sitemap(site: Path, url: str) -> str:
    """sitemap.xml with hreflang alternates for every page of every language."""
    pages = {code: set(language_pages(site, code)) for code in LANGUAGES}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
             '        xmlns:xhtml="http://www.w3.org/1999/xhtml">']

    def loc(code, page):
        return html.escape(url + quote(f"{code}/{page}"), quote=True)

    for code in LANGUAGES:
        for page in sorted(pages[code]):
            twins = [other for other in LANGUAGES if page in pages[other]]
            lines.append("  <url>")
            lines.append(f"    <loc>{loc(code, page)}</loc>")
            if len(twins) > 1:
                for other in twins:
                    lines.append(f'    <xhtml:link rel="alternate" hreflang="{other}" '
                                 f'href="{loc(other, page)}"/>')
                default = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in twins else code
                lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" '
                             f'href="{loc(default, page)}"/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_hosting_files(site: Path, url: str) -> None:
    (site / "404.html").write_text(not_found_page(url), encoding="utf-8")
    (site / "sitemap.xml").write_text(sitemap(site, url), encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")


def assemble(build: Path, site: Path, url: str | None = None) -> None:
    for code in LANGUAGES:
        html = build / code / "html"
        if not (html / "index.html").is_file():
            raise FileNotFoundError(f"{html}/index.html: no such file (run `make html-{code}` first)")
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    for code in LANGUAGES:
        shutil.copytree(build / code / "html", site / code, ignore=LEFT_OUT)
    (site / "index.html").write_text(root_page(), encoding="utf-8")
    write_hosting_files(site, url or site_url())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, default=ROOT / "_build",
                        help="folder holding <lang>/html (default: _build)")
    parser.add_argument("--site", type=Path, default=None, help="output folder (default: <build>/site)")
    parser.add_argument("--site-url", default=None,
                        help="public address of the site, for sitemap.xml and 404.html "
                             f"(default: $SITE_URL, else {PLACEHOLDER_SITE_URL})")
    args = parser.parse_args(argv)
    site = args.site or args.build / "site"
    try:
        url = site_url(args.site_url)
        assemble(args.build, site, url)
    except (FileNotFoundError, ValueError) as error:
        print(f"assemble_site.py: error: {error}", file=sys.stderr)
        return 2
    print(f"assembled {site}: {', '.join(f'{code}/' for code in LANGUAGES)}, index.html, "
          f"404.html and sitemap.xml for {url}"
          + (" (a placeholder: set SITE_URL to the address the site will have)"
             if url == PLACEHOLDER_SITE_URL else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
