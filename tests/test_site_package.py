"""The site's package (conf/convref_site): page language, glue and tables.

The glossary has tests/test_glossary.py, the word catalog tests/test_site_words.py.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

import convref
from convref_site import Code, glue_numbers, glue_text, html_table, page_language

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGE = ROOT / "conf" / "convref_site"


# -- page language -------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [(None, "en"), ("", "en"), ("en", "en"), ("es", "es")])
def test_page_language_reads_docs_lang(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("DOCS_LANG", raising=False)
    else:
        monkeypatch.setenv("DOCS_LANG", value)
    assert page_language() == expected


def test_an_unknown_docs_lang_is_an_error_not_english(monkeypatch):
    monkeypatch.setenv("DOCS_LANG", "fr")
    with pytest.raises(ValueError, match="DOCS_LANG must be one of 'en', 'es', got 'fr'"):
        page_language()


# -- html_table ----------------------------------------------------------------------

def test_html_table_formats_numbers_per_language():
    params = sum(p.numel() for p in torch.nn.Conv2d(64, 128, 3).parameters())
    en = html_table(["layer", "parameters"], [["conv", params]], lang="en")
    es = html_table(["capa", "parámetros"], [["conv", params]], lang="es")
    assert f"{params:,}" in en and 'lang="en"' in en
    assert f"{params:,}".replace(",", "\u00a0") in es and 'lang="es"' in es
    assert '<th scope="col" class="num">' in en


def test_html_table_escapes_and_validates():
    table = html_table(["a<b"], [["<script>"]], lang="en")
    assert "<script>" not in table and "a&lt;b" in table
    with pytest.raises(ValueError, match=r"rows\[0\]"):
        html_table(["a", "b"], [[1]], lang="en")
    with pytest.raises(TypeError, match="rows"):
        html_table(["a"], [[object()]], lang="en")
    with pytest.raises(ValueError, match="lang"):
        html_table(["a"], [[1]], lang="de")
    with pytest.raises(ValueError, match="header"):
        html_table([], [], lang="en")
    with pytest.raises(TypeError, match="caption"):
        html_table(["a"], [[1]], caption=3, lang="en")


def test_html_table_cells_code_shapes_and_numeric_columns():
    table = html_table(["layer", "shape", "kernels"], [[Code("Conv2d(3, 4, 3)"), (4, 3, 3, 3), 12],
                                                       ["<b>", (2,), 10104]],
                       caption="Two layers", row_headers=False, lang="es")
    assert "<caption>Two layers</caption>" in table
    assert "<td><code>Conv2d(3, 4, 3)</code></td>" in table and "<td>&lt;b&gt;</td>" in table
    assert "<td>(4, 3, 3, 3)</td>" in table
    # Only the all-number column is right-aligned; no row header when row_headers=False.
    assert '<th scope="col">shape</th>' in table and '<th scope="col" class="num">kernels</th>' in table
    assert '<td class="num">10\u00a0104</td>' in table and 'scope="row"' not in table


def test_html_table_defaults_to_the_page_language(monkeypatch):
    monkeypatch.setenv("DOCS_LANG", "es")
    assert 'lang="es"' in html_table(["n"], [[10104]]) and "10\u00a0104" in html_table(["n"], [[10104]])


# -- glue ----------------------------------------------------------------------------

def test_glued_numbers_paste_as_the_language_writes_them():
    glued = glue_numbers(lang="es", total=10104, small=4536, ratio=0.25)
    pasted = {key: ast.literal_eval(repr(value)) for key, value in glued.items()}
    # myst-nb literal-evaluates the pasted text: it must stay a string, never a tuple.
    assert pasted == {"total": "10\u00a0104", "small": "4536", "ratio": "0.25"}
    assert glue_numbers(lang="en", total=10104)["total"].text == convref.format_number(10104, "en") == "10,104"
    assert glued["total"].value == 10104


def test_glued_numbers_follow_the_page_language(monkeypatch):
    monkeypatch.setenv("DOCS_LANG", "es")
    assert glue_numbers(total=10104)["total"].text == "10\u00a0104"


def test_glue_validates_its_arguments():
    with pytest.raises(ValueError, match="lang must be one of"):
        glue_numbers(lang="de", total=1)
    with pytest.raises(TypeError, match="value must be a real number"):
        glue_numbers(lang="en", shape=(1, 2))
    assert repr(glue_text(shape=(2, 3))["shape"]) == "'(2, 3)'"


# -- the site's package stays beside the library -------------------------------------

def test_convref_never_imports_the_site_package():
    for path in sorted((ROOT / "convref").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] == "convref_site"], path


def test_the_site_package_is_not_in_the_wheel():
    tomllib = pytest.importorskip("tomllib")
    setuptools = pytest.importorskip("setuptools")

    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    packages = setuptools.find_packages(where=str(ROOT), include=find["include"], exclude=find.get("exclude", ()))
    assert "convref" in packages
    assert not [name for name in packages if "convref_site" in name or name.startswith("conf")], packages


def test_the_site_package_imports_without_myst_nb_or_matplotlib():
    # glue.py needs myst-nb only when a page glues; importing the package needs convref alone.
    blocker = ("import sys\n"
               "class Block:\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name.split('.')[0] in ('myst_nb', 'matplotlib', 'IPython'):\n"
               "            raise ImportError(name)\n"
               "sys.meta_path.insert(0, Block())\n"
               "import convref_site, convref_site.glossary, convref_site.words\n"
               "print(convref_site.word('family_standard', 'es'))\n")
    result = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True,
                            env={"PYTHONPATH": str(SITE_PACKAGE.parent), "PATH": ""}, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "estándar"


# -- the build puts the package on the kernels' path (conf/_ext/bilingual.py) ---------

def load_bilingual():
    spec = importlib.util.spec_from_file_location("bilingual", ROOT / "conf" / "_ext" / "bilingual.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_exports_docs_lang_and_conf_on_pythonpath(monkeypatch, tmp_path):
    bilingual = load_bilingual()
    conf = str(ROOT / "conf")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(["/somewhere/else", ""]))
    monkeypatch.delenv("DOCS_LANG", raising=False)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p != conf])
    app = SimpleNamespace(srcdir=str(ROOT / "docs" / "es"))
    bilingual.check_language(app, SimpleNamespace(language="es"))
    assert os.environ["DOCS_LANG"] == "es"
    # conf/ first, the reader's own PYTHONPATH kept after it; sys.path for the doctest builder.
    assert os.environ["PYTHONPATH"].split(os.pathsep) == [conf, "/somewhere/else"]
    assert sys.path[0] == conf
    bilingual.check_language(app, SimpleNamespace(language="es"))      # a second build: no duplicate
    assert os.environ["PYTHONPATH"].split(os.pathsep) == [conf, "/somewhere/else"]
    # What a kernel sees: a fresh interpreter with that environment imports the package.
    result = subprocess.run([sys.executable, "-c", "import convref_site; print(convref_site.page_language())"],
                            capture_output=True, text=True, cwd=tmp_path, env=dict(os.environ), check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "es"


def test_the_build_refuses_a_tree_in_the_wrong_language(monkeypatch, capsys):
    bilingual = load_bilingual()
    monkeypatch.delenv("DOCS_LANG", raising=False)
    with pytest.raises(SystemExit):
        bilingual.check_language(SimpleNamespace(srcdir=str(ROOT / "docs" / "es")), SimpleNamespace(language="en"))
    assert "-D language=es" in capsys.readouterr().err
