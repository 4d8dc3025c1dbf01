"""What the tests of the built site share: where things are, and what to do when one is missing.

The built site is ``SITE_DIR``, else ``_build/site`` (``make html``); the
second clean build that the reproducibility test compares it with is
``REPRO_SITE_DIR``, else ``_build/repro/site`` (``make repro``). When something
a test needs is missing (a built site, Chromium, axe-core, a dictionary), the
test is skipped under plain ``pytest``, saying why, and fails under ``make
test``, which sets ``REQUIRE_SITE=1`` so that no check passes by being skipped.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import warnings
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("SITE_DIR", ROOT / "_build" / "site"))
REPRO_SITE = Path(os.environ.get("REPRO_SITE_DIR", ROOT / "_build" / "repro" / "site"))
LANGUAGES = ("en", "es")
# Folders of a language build that hold no pages (_static/ has the themes'
# Jinja macro files, *.html that are not pages).
NOT_PAGES = {"_static", "_sources", "_images", "_downloads"}


def need(condition, message):
    """Skip (plain pytest) or fail (make test) when ``condition`` is false."""
    if not condition:
        if os.environ.get("REQUIRE_SITE") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def built_site(site: Path = SITE, make: str = "make html") -> Path:
    need((site / "index.html").is_file() and all((site / lang / "index.html").is_file() for lang in LANGUAGES),
         f"no built site at {site}: run `{make}` first (`make test` does)")
    return site


def pages_of(site: Path, langs=LANGUAGES) -> list[str]:
    """The HTML pages of each language folder, relative to the site (``es/index.html``)."""
    return sorted(path.relative_to(site).as_posix() for lang in langs for path in (site / lang).rglob("*.html")
                  if not NOT_PAGES & set(path.relative_to(site / lang).parts[:-1]))


def load_script(path, name=None):
    """Import the Python file ``path`` (relative to the repository) as a module."""
    path = ROOT / path
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def parsed(path: Path):
    """The page (or SVG) at ``path``, parsed once per test session with BeautifulSoup."""
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # SVG files: their attributes are all we read
        return BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
