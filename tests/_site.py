"""What the tests of the built site and its tools share.

Where the built site is (``SITE_DIR``, else ``_build/site``), how to load a
script of tools/ or conf/_ext/ as a module, and what to do when something a
test needs is missing: skip, saying why, under plain ``pytest``; fail under
``make test``, which sets ``REQUIRE_SITE=1`` so that no site test passes by
being skipped.
"""

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("SITE_DIR", ROOT / "_build" / "site"))


def load_script(path, name=None):
    """Import the Python file ``path`` (relative to the repository) as a module."""
    path = ROOT / path
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def need(condition, message):
    """Skip (plain pytest) or fail (make test) when ``condition`` is false."""
    if not condition:
        if os.environ.get("REQUIRE_SITE") == "1":
            pytest.fail(message)
        pytest.skip(message)


def built_site():
    need((SITE / "index.html").is_file(), f"no built site at {SITE}: run `make html` first (`make test` does)")
    return SITE
