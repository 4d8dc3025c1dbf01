"""Parity: docs/en and docs/es are the same pages, with the same code, in two languages.

The rules and the stamping of translations are tools/parity.py's (a translator
runs ``python tools/parity.py --stamp docs/es/<page>.md``); this runs its
comparison on the real trees, and on small copies with planted breaks (an
English-only edit, a page missing in one language, differing code).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from _site import ROOT, load_script

parity = load_script("tools/parity.py")


def run(*args):
    """tools/parity.py's command line, in this process: (status, stdout, stderr)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = parity.main([str(arg) for arg in args])
    return SimpleNamespace(returncode=status, stdout=out.getvalue(), stderr=err.getvalue())


ENGLISH_INDEX = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

(output-size)=
# How long is a row after a convolution?

```{code-cell} ipython3
:tags: [remove-cell]

import convref
from myst_nb import glue
glue("n_out", convref.output_size(5, kernel=3, stride=2, padding=1), display=False)
```

A 5-pixel row becomes {glue:text}`n_out` pixels.

```{doctest}
>>> import convref
>>> convref.output_size(5, kernel=3, stride=2, padding=1)
3
```

```{toctree}
api
```
"""

SPANISH_INDEX = ENGLISH_INDEX.replace(
    "# How long is a row after a convolution?", "# ¿Cuánto mide una fila tras una convolución?").replace(
    "A 5-pixel row becomes {glue:text}`n_out` pixels.", "Una fila de 5 píxeles pasa a tener {glue:text}`n_out`.")

API = """\
(api)=
# API

```{eval-rst}
.. automodule:: convref.conv
```
"""


@pytest.fixture
def docs(tmp_path):
    """A small pair of trees with every kind of block the check compares, free to edit."""
    tree = tmp_path / "docs"
    for lang, index in (("en", ENGLISH_INDEX), ("es", SPANISH_INDEX)):
        (tree / lang).mkdir(parents=True)
        (tree / lang / "index.md").write_text(index)
        (tree / lang / "api.md").write_text(API)
    stamped = run("--stamp", tree / "es" / "index.md", tree / "es" / "api.md")
    assert stamped.returncode == 0, stamped.stderr
    return tree


def test_the_page_trees_agree():
    assert parity.compare(ROOT / "docs") == []


def test_the_copy_agrees(docs):
    assert run("--docs", docs).returncode == 0


def test_english_only_edit_fails_and_names_the_page_to_update(docs):
    page = docs / "en" / "index.md"
    page.write_text(page.read_text() + "\nOne more English sentence.\n")
    result = run("--docs", docs)
    assert result.returncode == 1
    message = result.stderr.splitlines()[0]
    assert message.startswith("docs/es/index.md: translates an older docs/en/index.md")
    assert f"--stamp {docs / 'es' / 'index.md'}" in message

    # After translating, stamping records the new English version.
    stamped = run("--stamp", docs / "es" / "index.md")
    assert stamped.returncode == 0, stamped.stderr
    assert run("--docs", docs).returncode == 0


def test_whitespace_only_changes_keep_the_stamp(docs):
    page = docs / "en" / "index.md"
    text = page.read_text()
    title = next(line for line in text.splitlines() if line.startswith("# "))
    page.write_text(text.replace(title, title + "   ").replace("\n", "\r\n") + "\r\n\r\n")
    assert run("--docs", docs).returncode == 0


def test_missing_stamp_fails(docs):
    page = docs / "es" / "index.md"
    page.write_text("\n".join(line for line in page.read_text().split("\n")
                              if not line.startswith("translation_of:")))
    result = run("--docs", docs)
    assert result.returncode == 1
    assert "docs/es/index.md: no translation_of field" in result.stderr


def test_code_cells_must_be_identical(docs):
    page = docs / "es" / "index.md"
    text = page.read_text()
    assert "glue(\"n_out\"" in text
    page.write_text(text.replace('glue("n_out"', 'glue("n_salida"'))
    result = run("--docs", docs)
    assert result.returncode == 1
    assert "docs/es/index.md: code block 1 ({code-cell} ipython3) differs" in result.stderr


def test_cell_options_count_as_code(docs):
    page = docs / "es" / "index.md"
    page.write_text(page.read_text().replace(":tags: [remove-cell]", ":tags: [remove-input]", 1))
    assert "code block 1" in run("--docs", docs).stderr


def test_doctest_blocks_must_be_identical(docs):
    page = docs / "es" / "index.md"
    page.write_text(page.read_text().replace("padding=1)\n3\n", "padding=1)\n4\n", 1))
    assert "({doctest}) differs" in run("--docs", docs).stderr


def test_autodoc_blocks_must_be_identical(docs):
    page = docs / "es" / "api.md"
    text = page.read_text()
    assert ".. automodule:: convref.conv\n" in text
    page.write_text(text.replace(".. automodule:: convref.conv\n", ".. automodule:: convref.conv\n   :no-index:\n"))
    assert "docs/es/api.md: code block" in run("--docs", docs).stderr


def test_labels_glue_keys_and_toctree_must_match(docs):
    page = docs / "es" / "index.md"
    text = page.read_text()
    text = text.replace("(output-size)=", "(tamano-de-salida)=")
    text = text.replace("{glue:text}`n_out`", "{glue:text}`n`")
    text = text.replace("\napi\n```", "\napi\nglossary\n```")
    page.write_text(text)
    errors = run("--docs", docs).stderr
    assert "labels" in errors and "tamano-de-salida" in errors
    assert "glue keys differ" in errors and "only in en: ['n_out']" in errors
    assert "toctree entries ['api', 'glossary']" in errors


def test_missing_twin_fails(docs):
    (docs / "en" / "extra.md").write_text("# Extra\n")
    result = run("--docs", docs)
    assert result.returncode == 1
    assert "docs/es/extra.md: missing (docs/en/extra.md has no Spanish twin)" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--docs", "/nonexistent/docs"], "/nonexistent/docs: no such directory"),
    (["--stamp", ROOT / "docs/es/no-such-page.md"], "docs/es/no-such-page.md: no such file"),
    (["--stamp", ROOT / "docs/en/index.md"], "not a page of a docs/es tree"),
    (["--frobnicate"], "unrecognized arguments: --frobnicate"),
])
def test_usage_errors_are_one_line_with_status_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
