#!/usr/bin/env python3
"""Assemble the bilingual site: _build/site/{en,es}/ and a root index.html.

Copies the HTML output of each language build (_build/<lang>/html) and
nothing else: the execution caches, jupyter_execute/ folders, doctrees and
Sphinx's .buildinfo stay in _build/<lang>. The root index.html sends the
reader to the first of the browser's preferred languages that the site has
(Spanish for es*, English otherwise) and, without JavaScript, shows a plain
link to each language.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
LEFT_OUT = shutil.ignore_patterns(".buildinfo", ".buildinfo.bak", ".doctrees", ".jupyter_cache",
                                  "jupyter_execute")

ROOT_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>convref</title>
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
                            default=DEFAULT_LANGUAGE)


def assemble(build: Path, site: Path) -> None:
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, default=ROOT / "_build",
                        help="folder holding <lang>/html (default: _build)")
    parser.add_argument("--site", type=Path, default=None, help="output folder (default: <build>/site)")
    args = parser.parse_args(argv)
    site = args.site or args.build / "site"
    try:
        assemble(args.build, site)
    except FileNotFoundError as error:
        print(f"assemble_site.py: error: {error}", file=sys.stderr)
        return 2
    print(f"assembled {site}: {', '.join(f'{code}/' for code in LANGUAGES)} and index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
