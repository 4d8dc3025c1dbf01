"""conf/: a tree built under the wrong language stops at once with a one-line error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from _site import ROOT


def sphinx_build(tree, tmp_path, *options):
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "html", str(ROOT / "docs" / tree), str(tmp_path / "build"),
         "-c", str(ROOT / "conf"), "-q", *options],
        capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("tree, language", [("es", "en"), ("en", "es")])
def test_wrong_language_is_refused(tmp_path, tree, language):
    result = sphinx_build(tree, tmp_path, "-D", f"language={language}")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: docs/{tree} is the {tree!r} tree but the build language is "
                                     f"{language!r}: build it with -D language={tree}")
    assert not (tmp_path / "build" / "html" / "index.html").exists()


def test_the_spanish_tree_needs_the_language_option(tmp_path):
    result = sphinx_build("es", tmp_path)
    assert result.returncode == 2
    assert "build it with -D language=es" in result.stderr
