"""Every page's notebook (conf/_ext/notebooks.py): downloadable, and runnable where the site's tools are not.

The first tests need no built site: they check the conversion itself (glued
values become text, MyST becomes Jupyter markdown, the site helpers a page
imports are copied into the notebook, a construct a notebook cannot hold is
refused). The others read the built site (``make html``; ``make test`` builds
it and sets REQUIRE_SITE=1) and run every notebook of both languages, top to
bottom, in a fresh kernel of a virtual environment that holds only what a
reader installs: convref from this checkout (with its ``figures`` extra),
PyTorch, ipykernel, and Keras if a notebook imports it. No Sphinx, no myst-nb,
no conf/ on the path. The environment is kept in _build/notebook-env between
runs, recreated when its requirements change, and convref is reinstalled from
the checkout every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _site import ROOT, SITE, load_script, need

notebooks = load_script("conf/_ext/notebooks.py", "notebooks_extension")

LANGUAGES = ("en", "es")
EXCLUDED = {"api"}  # the API reference has no notebook (notebooks.py's notebook_exclude)
ENV = ROOT / "_build" / "notebook-env"
CELL_TIMEOUT = 600


def page(docname="page", lang="en", glue=None, **more):
    glue = {key: {"data": {"text/plain": repr(value)}} for key, value in (glue or {}).items()}
    return notebooks.Page(docname, lang, glue=glue, **more)


def markdown(cells):
    return "\n\n".join(text for kind, text in cells if kind == "markdown")


# -- the conversion (no built site needed) ----------------------------------------------------

def test_glued_values_become_the_text_the_page_shows():
    cells = notebooks.convert_markdown(page(glue={"n": "4,536", "ratio": 0.123456}),
                                       "It holds {glue:text}`n` weights, {glue:text}`ratio:.2f` of them.")
    assert markdown(cells) == "It holds 4,536 weights, 0.12 of them."


def test_names_inside_comprehensions_are_not_bound_by_the_cell():
    # {lang: ... for lang in LANGUAGES} binds only the dictionary: the page may still bind lang.
    assert notebooks.bindings("words = {lang: 1 for lang in LANGUAGES}\nfirst = [x for x in words]") == \
        {"words": None, "first": None}
    assert notebooks.bindings("for lang in LANGUAGES:\n    pass") == {"lang": None}


def test_glued_figures_and_tables_become_cells_that_show_them_with_their_caption():
    source = "Before.\n\n```{glue:figure} fig\n:alt: A figure.\n:name: fig-x\n\nThe caption, {glue:text}`n`.\n```\n"
    cells = notebooks.convert_markdown(page(glue={"n": "3", "fig": "<Figure>"}), source)
    assert cells == [("markdown", "Before."), ("code", 'glued["fig"]'), ("markdown", "The caption, 3.")]


def test_myst_becomes_jupyter_markdown():
    source = "\n".join([
        "(label)=", "# Title", "", "See {doc}`other` and {ref}`the part <part>`.", "",
        "$$", "x = 1", "$$ (eq-x)", "",
        "```{admonition} In short", ":class: tip", "", "Text.", "```", "",
        "```{dropdown} Solution", "It is {glue:text}`n`.", "```", "",
        "```{toctree}", ":hidden:", "", "other", "```", "",
        "```python", "print(1)  # {glue:text}`n` stays code", "```",
    ])
    converted = markdown(notebooks.convert_markdown(page(
        glue={"n": "7"}, titles={"page": "Title", "other": "Other page"},
        labels={"part": ("other", "part", "A part")}, notebooks={"page", "other"}), source))
    assert "(label)=" not in converted and "{" not in converted.replace("{glue:text}`n` stays", "")
    assert "[Other page](other.ipynb)" in converted
    assert "[the part](other.ipynb#A-part)" in converted
    assert "$$\nx = 1\n$$" in converted
    assert "> **In short**\n>\n> Text." in converted
    assert "<details>\n<summary>Solution</summary>\n\nIt is 7.\n\n</details>" in converted
    assert "print(1)  # {glue:text}`n` stays code" in converted


@pytest.mark.parametrize("source", ["```{eval-rst}\n.. autofunction:: convref.conv2d\n```",
                                    "{glue:text}`missing`", "{cite}`paper`", "```{figure} a.png\n```"])
def test_what_a_notebook_cannot_hold_is_refused(source):
    with pytest.raises(notebooks.NotebookError):
        notebooks.convert_markdown(page(), source)


def test_doctest_blocks_become_cells_that_check_their_examples():
    cells = notebooks.convert_markdown(page(), "```{doctest}\n>>> 1 + 1\n2\n```")
    assert cells == [("code", 'run_examples("""\n>>> 1 + 1\n2\n""")')]


PAGE = """\
---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
---

# Title

```{code-cell} ipython3
:tags: [remove-cell]

from convref_site import glue_numbers, html_table, page_language, word
from convref_site.exercises import check
from myst_nb import glue

lang = page_language()
glue_numbers(n=3)
```

It has {glue:text}`n` rows.

```{code-cell} ipython3
:tags: [remove-cell, exercise-answer]

answer = None
```

```{code-cell} ipython3
check(answer, 3, hint="exercise_hint_params", lang=lang)
glue("table", html_table([word("parts_word", lang)], [["a"]], lang=lang), display=False)
```

```{glue} table
```

```{doctest}
>>> from convref_site.glossary import lookup
>>> lookup("sesgo").en
'bias'
```
"""


def converted(lang, source=PAGE):
    the_page = page("page", lang, glue={"n": "3", "table": "<table>"}, titles={"page": "Title"}, notebooks={"page"})
    return notebooks.notebook_for(the_page, source, notebooks.Prelude(), intro="Intro.",
                                  answer_comment="Your answer here")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_notebook_runs_without_the_site_package_and_speaks_the_page_language(lang, tmp_path):
    notebook = converted(lang)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert not any("convref_site import" in source or "myst_nb" in source for source in code[1:])
    assert code[2].startswith("# Your answer here\n")
    assert f"PAGE_LANGUAGE = {lang!r}" in code[0]
    # Run the cells as a script in a Python that cannot import the build's packages.
    script = tmp_path / "notebook.py"
    blocker = ("import sys\nclass Blocker:\n    def find_spec(self, name, path=None, target=None):\n"
               "        if name.split('.')[0] in ('convref_site', 'myst_nb', 'sphinx'):\n"
               "            raise ImportError(f'{name} is not for notebooks')\n"
               "sys.meta_path.insert(0, Blocker())\nsys.path = [p for p in sys.path if not p.endswith('conf')]\n")
    script.write_text(blocker + "\n\n".join(code) + "\nprint(glued['table'])\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "DOCS_LANG")}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    unanswered = {"en": "No answer yet", "es": "Aún no hay respuesta"}[lang]
    assert unanswered in result.stdout
    assert {"en": "<th scope=\"col\">Word</th>", "es": "<th scope=\"col\">Palabra</th>"}[lang] in result.stdout
    assert ">>> lookup(\"sesgo\").en\n'bias'" in result.stdout


def test_notebooks_are_byte_reproducible():
    assert notebooks.notebook_bytes(converted("en")) == notebooks.notebook_bytes(converted("en"))
    text = notebooks.notebook_bytes(converted("es")).decode()
    assert str(ROOT) not in text and '"id": "cell-1"' in text


def test_a_page_that_rebinds_a_copied_helper_name_is_refused():
    source = PAGE.replace("lang = page_language()", "lang = page_language()\nhtml = 'text'")
    with pytest.raises(notebooks.NotebookError, match="html"):
        converted("en", source)


# -- the built site ------------------------------------------------------------------------------

def pages(lang):
    return sorted(p.stem for p in (ROOT / "docs" / lang).glob("*.md") if p.stem not in EXCLUDED)


def site_notebooks():
    return sorted(SITE.glob("*/*.ipynb")) if SITE.is_dir() else []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_but_the_api_reference_links_its_notebook(site, lang):
    for name in pages(lang):
        notebook = site / lang / f"{name}.ipynb"
        assert notebook.is_file(), f"{lang}/{name}.html has no notebook {notebook.name}"
        html = (site / lang / f"{name}.html").read_text(encoding="utf-8")
        assert re.search(rf'<a class="btn btn-sm notebook-download" href="{re.escape(name)}\.ipynb" download', html), \
            f"{lang}/{name}.html does not link {name}.ipynb"
    for name in EXCLUDED:
        assert not (site / lang / f"{name}.ipynb").exists()
        assert "notebook-download" not in (site / lang / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notebooks_hold_no_myst_and_need_no_site_package(site, lang):
    for path in sorted((site / lang).glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        assert notebook["metadata"]["kernelspec"]["name"] == "python3"
        for cell in notebook["cells"]:
            source = "".join(cell["source"])
            where = f"{lang}/{path.name}, cell {cell['id']}"
            if cell["cell_type"] == "markdown":
                prose = re.sub(r"```.*?```", "", source, flags=re.DOTALL)  # code blocks show code as it is
                assert not re.search(r"\{[\w:.-]+\}`", prose), f"{where}: a MyST role is left: {source[:200]}"
                assert not re.search(r"^(```|:::)\{", source, re.MULTILINE), f"{where}: a MyST directive is left"
            else:
                assert "outputs" in cell and cell["outputs"] == [], f"{where}: outputs were kept"
                assert not re.search(r"^\s*(from|import) (convref_site|myst_nb|sphinx)\b", source, re.MULTILINE), \
                    f"{where}: imports a package of the build"


def test_notebooks_are_in_the_page_language(site):
    for lang, intro in (("en", "This notebook is a page"), ("es", "Este cuaderno es una página")):
        for path in sorted((site / lang).glob("*.ipynb")):
            notebook = json.loads(path.read_text(encoding="utf-8"))
            text = json.dumps(notebook, ensure_ascii=False)
            assert intro in text, f"{lang}/{path.name}: not introduced in its language"
            assert f"PAGE_LANGUAGE = '{lang}'" in text or "page_language" not in text, path


# -- running them ------------------------------------------------------------------------------

def requirements(paths):
    """What a reader installs for these notebooks: convref's figures extra, torch, a kernel, Keras if used."""
    wanted = ["numpy", "matplotlib", "torch==2.13.0", "ipykernel"]
    if any(re.search(r"^\s*(import|from) keras\b", path.read_text(encoding="utf-8"), re.MULTILINE)
           for path in paths):
        wanted.append("keras")
    return wanted


def clean_environment(paths):
    """A virtual environment without the site's packages, with convref installed from this checkout."""
    python = ENV / "bin" / "python"
    wanted = requirements(paths)
    key = hashlib.sha256(json.dumps([wanted, (ROOT / "constraints.txt").read_text(),
                                     sys.version]).encode()).hexdigest()
    stamp = ENV / "requirements.sha256"
    if not (python.is_file() and stamp.is_file() and stamp.read_text() == key):
        shutil.rmtree(ENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(ENV)], check=True)
        # The constraints pin every version, torch to the CPU build on this machine's disk.
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--constraint",
                        str(ROOT / "constraints.txt"), *wanted], check=True)
        stamp.write_text(key)
    # convref as a reader installs it: built from a copy of the package, so the checkout gets no build/.
    package = ENV / "convref-source"
    shutil.rmtree(package, ignore_errors=True)
    package.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "PYPI.md"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, package / name)
    shutil.copytree(ROOT / "convref", package / "convref", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall",
                    str(package)], check=True)
    for forbidden in ("sphinx", "myst_nb", "convref_site", "jupyter_cache"):
        found = subprocess.run([str(python), "-c", f"import {forbidden}"], capture_output=True, cwd=ENV)
        assert found.returncode != 0, f"the clean environment can import {forbidden}"
    kernels = ENV / "share" / "jupyter"
    subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(ENV), "--name",
                    "convref-clean", "--display-name", "convref (clean)"], check=True, capture_output=True)
    return kernels


@pytest.fixture(scope="module")
def clean_kernel(site):
    paths = site_notebooks()
    need(paths, f"no notebooks in {SITE}: run `make html` first")
    return clean_environment(paths)


# After the notebook's own cells: every exercise check of the page must accept convref's answer and
# refuse each listed mistake with that mistake's hint (a check that cannot fail is no check).
CHECK_THE_CHECKS = """
if "checked" in globals():
    for expected, hint, mistakes, lang in checked:
        right, message = verdict(expected, expected, hint=hint, mistakes=mistakes, lang=lang)
        assert right is True, message
        for key, wrong in mistakes.items():
            right, message = verdict(wrong, expected, hint=hint, mistakes=mistakes, lang=lang)
            assert right is False and word(key, lang) in message, (key, wrong, message)
    print(f"exercise checks: {len(checked)}")
"""


@pytest.mark.parametrize("path", site_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_notebook_runs_top_to_bottom_in_a_clean_environment(path, clean_kernel, tmp_path):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    has_exercises = any("exercise-answer" in cell.metadata.get("tags", []) for cell in notebook.cells)
    notebook.cells.append(nbformat.v4.new_code_cell(CHECK_THE_CHECKS, id="test-checks"))
    # The kernel sees neither the build's variables nor conf/ on its path; it starts in an empty folder.
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "DOCS_LANG", "IPYTHONDIR", "VIRTUAL_ENV", "JUPYTER_PATH")}
    env["PATH"] = f"{ENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    os.environ["JUPYTER_PATH"] = str(clean_kernel)
    try:
        client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="convref-clean",
                                resources={"metadata": {"path": str(tmp_path)}})
        client.execute(env=env, cwd=str(tmp_path))
    except CellExecutionError as error:
        failed = next((cell for cell in notebook.cells if cell.cell_type == "code"
                       and any(o.get("output_type") == "error" for o in cell.get("outputs", []))), None)
        where = f"cell {failed.id} ({failed.source.splitlines()[0] if failed.source else ''})" if failed else "a cell"
        pytest.fail(f"{path.parent.name}/{path.name}: {where} failed:\n{error}"[:6000], pytrace=False)
    finally:
        os.environ.pop("JUPYTER_PATH", None)
    last = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    if has_exercises:
        assert "exercise checks:" in last and "exercise checks: 0" not in last, \
            f"{path.parent.name}/{path.name}: has exercise cells but no check ran"
