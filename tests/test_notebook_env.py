"""When the execution caches expire (conf/_ext/notebook_env.py).

Editing a docstring or a comment of convref or of the site package must keep
both languages' executed notebooks; an edit that can change what a page
computes must empty them.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import shutil
import tokenize
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_extension():
    spec = importlib.util.spec_from_file_location("notebook_env", ROOT / "conf" / "_ext" / "notebook_env.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


notebook_env = load_extension()


@pytest.fixture
def packages(tmp_path):
    """Copies of convref and of the site package, free to edit."""
    roots = []
    for source in (ROOT / "convref", ROOT / "conf" / "convref_site"):
        target = tmp_path / source.name
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        roots.append(target)
    return roots


def python_files(roots):
    return [path for root in roots for path in sorted(root.rglob("*.py"))]


def document_more(source):
    """``source`` with longer docstrings and more comments and blank lines, and the same code."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    # Inside every docstring of more than one line, one more line (from the bottom up,
    # so that the line numbers still to visit stay right).
    docstrings = [node.body[0].value for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str)]
    for doc in sorted(docstrings, key=lambda d: d.lineno, reverse=True):
        if doc.end_lineno > doc.lineno:
            lines.insert(doc.lineno, "    One more line of documentation.\n")
    return "# A comment before everything.\n\n" + "".join(lines) + "\n\n# A comment at the end.\n"


def change_first_number(source):
    """``source`` with its first number literal (always code, never a docstring) changed."""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NUMBER:
            lines = source.splitlines(keepends=True)
            row, col = token.start
            line = lines[row - 1]
            lines[row - 1] = line[:col] + f"({token.string} + 1)" + line[token.end[1]:]
            return "".join(lines)
    return None


def test_a_docstring_or_comment_edit_keeps_the_fingerprint(packages):
    before = notebook_env.fingerprint(packages)
    files = python_files(packages)
    lengthened = 0
    for path in files:
        source = path.read_text(encoding="utf-8")
        edited = document_more(source)
        docstrings = [ast.get_docstring(node, clean=False) for node in ast.walk(ast.parse(edited))
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
        lengthened += sum("One more line of documentation." in (doc or "") for doc in docstrings)
        path.write_text(edited, encoding="utf-8")
        assert notebook_env.fingerprint(packages) == before, f"documenting {path.name} changed the fingerprint"
    # The edits were real: dozens of docstrings, in every module, got longer.
    assert len(files) > 10 and lengthened > 50


def test_a_code_edit_changes_the_fingerprint(packages):
    changed = 0
    for path in python_files(packages):
        source = path.read_text(encoding="utf-8")
        edited = change_first_number(source)
        if edited is None:
            continue
        before = notebook_env.fingerprint(packages)
        path.write_text(edited, encoding="utf-8")
        assert notebook_env.fingerprint(packages) != before, f"a code edit in {path.name} kept the fingerprint"
        changed += 1
    assert changed > 10


def test_a_word_a_page_prints_changes_the_fingerprint(packages):
    words = packages[1] / "words.py"
    before = notebook_env.fingerprint(packages)
    words.write_text(words.read_text(encoding="utf-8").replace('"en": "', '"en": "an edited ', 1), encoding="utf-8")
    assert notebook_env.fingerprint(packages) != before


def test_a_new_module_changes_the_fingerprint(packages):
    before = notebook_env.fingerprint(packages)
    (packages[1] / "extra.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert notebook_env.fingerprint(packages) != before


def test_the_kernel_profile_is_part_of_the_key(packages, monkeypatch):
    before = notebook_env.fingerprint(packages)
    monkeypatch.setattr(notebook_env, "KERNEL_CONFIG", notebook_env.KERNEL_CONFIG + "c.Extra = 1\n")
    assert notebook_env.fingerprint(packages) != before


def test_a_string_that_is_not_a_docstring_is_code():
    # Only the first statement of a module, class or function is its docstring.
    plain = notebook_env.code_text('x = 1\n"not a docstring"\n')
    assert notebook_env.code_text('x = 1\n"another string"\n') != plain
    assert notebook_env.code_text('def f():\n    return "a"\n') != notebook_env.code_text('def f():\n    return "b"\n')
    assert notebook_env.code_text('def f():\n    "doc"\n') == notebook_env.code_text("def f():\n    pass\n")


def test_source_that_does_not_parse_counts_every_edit():
    assert notebook_env.code_text("def (:\n") != notebook_env.code_text("def (: # comment\n")


def test_the_cache_is_emptied_only_when_the_fingerprint_changes(tmp_path, monkeypatch):
    build = tmp_path / "_build" / "en"
    cache = build / ".jupyter_cache"
    app = SimpleNamespace(outdir=str(build / "html"))
    config = SimpleNamespace(nb_execution_cache_path="", convref_fingerprint="")
    monkeypatch.delenv("IPYTHONDIR", raising=False)

    keys = iter(["aaaa", "aaaa", "bbbb"])
    monkeypatch.setattr(notebook_env, "fingerprint", lambda: next(keys))
    cache.mkdir(parents=True)
    (cache / "executed.ipynb").write_text("{}")
    notebook_env.prepare_kernels(app, config)          # no stamp yet: the cache may be stale
    assert not cache.exists() and (build / "convref-fingerprint.txt").read_text() == "aaaa"

    cache.mkdir()
    (cache / "executed.ipynb").write_text("{}")
    notebook_env.prepare_kernels(app, config)          # same code: the cache stays
    assert (cache / "executed.ipynb").is_file() and config.convref_fingerprint == "aaaa"

    notebook_env.prepare_kernels(app, config)          # changed code: the cache goes
    assert not cache.exists() and (build / "convref-fingerprint.txt").read_text() == "bbbb"
    assert (build / "ipython" / "profile_default" / "ipython_kernel_config.py").read_text() \
        == notebook_env.KERNEL_CONFIG
