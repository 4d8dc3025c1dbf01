"""Shared helpers of the site's quality checks (tools/check_*.py).

- ``Parser``: argparse that reports a wrong argument in one line (no usage
  block) and exits 2, like every other error of these tools.
- ``site_error``: the one-line error for a site folder that is missing or not
  built, or None.
- ``site_pages``: the HTML pages of a language folder (``_static`` holds the
  themes' Jinja macro files, not pages).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE = ROOT / "_build" / "site"
LANGUAGES = ("en", "es")


class Parser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def site_error(site: Path) -> str | None:
    """Why ``site`` is not a built site, in one line, or None."""
    if not site.exists():
        return f"{site}: no such folder (run `make html` first)"
    if not site.is_dir():
        return f"{site}: not a folder"
    missing = [name for name in ("index.html", *(f"{lang}/index.html" for lang in LANGUAGES))
               if not (site / name).is_file()]
    if missing:
        return f"{site}: not a built site, {', '.join(missing)} missing (run `make html` first)"
    return None


def site_pages(site: Path, lang: str) -> list[Path]:
    folder = site / lang
    return sorted(path for path in folder.rglob("*.html")
                  if "_static" not in path.relative_to(folder).parts)


def select_pages(site: Path, names: list[str] | None, langs=LANGUAGES) -> tuple[list[Path], list[str]]:
    """The pages to check: every page of ``langs``, or the ``names`` given (relative to site)."""
    if not names:
        return [page for lang in langs for page in site_pages(site, lang)], []
    pages, unknown = [], []
    for name in names:
        path = site / name
        (pages if path.is_file() and path.suffix == ".html" else unknown).append(path if path.is_file() else name)
    return pages, [str(name) for name in unknown]


def fail(prog: str, message: str, status: int = 2) -> int:
    print(f"{prog}: error: {message}", file=sys.stderr)
    return status
