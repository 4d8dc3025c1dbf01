"""Spelling of both languages, checked on Sphinx's doctree by sphinxcontrib-spelling.

The check is Sphinx's spelling builder as conf/_ext/site_spelling sets it up
(hunspell's en_US and es_ES dictionaries through PyEnchant, plus the word lists
in conf/spelling/): ``sphinx-build -M spelling`` on each tree, reusing the
doctrees of the HTML build in _build/<lang>, so nothing is read or executed
again. A word the dictionary and the lists lack fails the test with the page
that has it; fix the page, or add a real term to conf/spelling/. A passage marked
as the other language (``<span lang="en">`` on a Spanish page, a glossary cell's
lang attribute) is checked with that language's dictionary, and its unknown words
fail the same way, naming that dictionary.

Needs Debian's libenchant-2-2, hunspell-en-us and hunspell-es (``make test``
installs them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from _site import LANGUAGES, ROOT, need

DICTIONARIES = {"en": "en_US", "es": "es_ES"}
SPELLING_LINE = re.compile(r"^(?P<source>.+?):(?P<line>\d+|None): \((?P<word>[^)]*)\).*?(?:\[(?P<dictionary>\w+)\])?$")
APT = "apt-get install libenchant-2-2 hunspell-en-us hunspell-es"


@pytest.fixture(scope="module")
def enchant_ready():
    try:
        import enchant
    except ImportError as error:  # PyEnchant finds no libenchant
        need(False, f"PyEnchant cannot load libenchant ({error}); Debian: {APT}")
    missing = [tag for tag in DICTIONARIES.values() if not enchant.dict_exists(tag)]
    need(not missing, f"no {', '.join(missing)} dictionary for enchant; Debian: {APT}")
    sys.path.insert(0, str(ROOT / "conf" / "_ext"))
    yield
    sys.path.remove(str(ROOT / "conf" / "_ext"))


def spelling(docs, build, lang) -> tuple[list[str], subprocess.CompletedProcess]:
    """(unknown words, one line each naming the page, and the build's result) of docs/<lang>."""
    output = build / lang / "spelling"
    shutil.rmtree(output, ignore_errors=True)  # the builder writes a file per page with a mistake, never removes one
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "spelling", str(docs / lang), str(build / lang), "-c",
         str(ROOT / "conf"), "-D", f"language={lang}", "-q", "--keep-going"],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    problems = []
    for report in sorted(output.rglob("*.spelling")):
        page = f"{lang}/{report.relative_to(output).with_suffix('.html').as_posix()}"
        for line in report.read_text(encoding="utf-8").splitlines():
            match = SPELLING_LINE.match(line)
            if match:
                # A passage marked as the other language names the dictionary that checked it.
                dictionary = match["dictionary"] or DICTIONARIES[lang]
                problems.append(f"{page}: unknown word {match['word']!r} ({dictionary}), "
                                f"{match['source']}:{match['line']}")
    return problems, result


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_word_is_in_the_dictionary_or_the_word_lists(enchant_ready, lang):
    build = ROOT / "_build"
    need((build / lang / "doctrees" / "environment.pickle").is_file(),
         f"no doctrees in _build/{lang}: run `make html` first (`make test` does)")
    problems, result = spelling(ROOT / "docs", build, lang)
    assert problems == [], "fix the page, or add a real term to conf/spelling/"
    assert result.returncode == 0, result.stderr[-3000:]
    assert "misspelled" not in result.stderr


def test_the_filter_leaves_out_code_symbols_and_reads_typographic_apostrophes(enchant_ready):
    from enchant.tokenize import get_tokenizer
    from site_spelling.filters import CodeAndNames

    tokenize = get_tokenizer("en_US", filters=[CodeAndNames])
    words = [word for word, _ in tokenize("Conv2d(3, 2) y np.einsum C_in k×k convref’s «núcleo» CS231n")]
    assert words == ["convref's", "núcleo"]


# -- planted defects: a scratch Sphinx project with this site's configuration ----------

SPANISH_PAGE = """\
# Glosarrio de términos

Cada filtro guarda un núcleo por canal de entrada. Pruébelo con `conv2d` y $k \\times k$.

Según un hilo de <span lang="en">Artificial Intelligence Stack Exchange</span>, cada filtro suma.

```python
xyzzy = "no es prosa"
```

![Una cuadrícla de números](figure.svg)
"""

ENGLISH_PAGE = "# Glossary\n\nEach filter holds one kernel per input channel.\n"


def scratch_project(tmp_path, spanish=SPANISH_PAGE, english=ENGLISH_PAGE):
    docs = tmp_path / "docs"
    for lang in LANGUAGES:
        (docs / lang).mkdir(parents=True)
        (docs / lang / "figure.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (docs / "es" / "index.md").write_text(spanish, encoding="utf-8")
    (docs / "en" / "index.md").write_text(english, encoding="utf-8")
    return docs


def words(problems):
    return [line.split(", ")[0] for line in problems]


def test_a_misspelt_spanish_word_is_named_with_its_page(enchant_ready, tmp_path):
    docs = scratch_project(tmp_path)
    problems, result = spelling(docs, tmp_path / "_build", "es")
    assert words(problems) == [
        "es/index.html: unknown word 'Glosarrio' (es_ES)",
        "es/index.html: unknown word 'cuadrícla' (es_ES)",
    ], result.stderr
    assert problems[0].endswith("docs/es/index.md:1")
    assert "WARNING" in result.stderr and "Glosarrio" in result.stderr, "a misspelling warns, which fails -W"
    english, result = spelling(docs, tmp_path / "_build", "en")
    assert english == [], result.stderr


# A Spanish page quoting English: correct English words pass only because the English
# dictionary reads them (es_ES knows neither "weights" nor "shared"); the misspelled ones
# (one inside emphasis, one inside a link, one in a span that starts a line) fail with
# en_US named; Spanish inside a nested <span lang="es"> is Spanish again.
SPANISH_QUOTING_ENGLISH = """\
# Pesos compartidos

Los apuntes dicen <span lang="en">"the weights are shared across positions"</span> y lo repiten.

Otra cita: <span lang="en">the *wieghts* of a [filtter](https://example.org) differ,
unlike <span lang="es">los núcleos</span> here</span>, y sigue la prosa.

<span lang="en">Each chanel</span> tiene su mapa.
"""

ENGLISH_QUOTING_SPANISH = """\
# Shared weights

The Spanish site writes <span lang="es">«compartición de pesos»</span> for weight sharing.

A misspelled quotation: <span lang="es">el *nucleo* de cada cannal</span>.
"""


def test_a_passage_in_the_other_language_is_checked_with_its_dictionary(enchant_ready, tmp_path):
    docs = scratch_project(tmp_path, spanish=SPANISH_QUOTING_ENGLISH, english=ENGLISH_QUOTING_SPANISH)
    problems, result = spelling(docs, tmp_path / "_build", "es")
    assert words(problems) == [
        "es/index.html: unknown word 'wieghts' (en_US)",
        "es/index.html: unknown word 'filtter' (en_US)",
        "es/index.html: unknown word 'chanel' (en_US)",
    ], result.stderr
    assert re.search(r"WARNING.*en_US.*wieghts", result.stderr), "a misspelling in English warns, which fails -W"
    problems, result = spelling(docs, tmp_path / "_build", "en")
    assert words(problems) == [
        "en/index.html: unknown word 'nucleo' (es_ES)",
        "en/index.html: unknown word 'cannal' (es_ES)",
    ], result.stderr


def test_correct_english_in_a_spanish_page_passes_only_when_marked(enchant_ready, tmp_path):
    marked = "# Pesos\n\nLos apuntes dicen <span lang=\"en\">the weights are shared</span>.\n"
    docs = scratch_project(tmp_path, spanish=marked)
    problems, result = spelling(docs, tmp_path / "_build", "es")
    assert problems == [] and "WARNING" not in result.stderr, result.stderr
    unmarked = tmp_path / "unmarked"
    docs = scratch_project(unmarked, spanish=marked.replace('<span lang="en">', "").replace("</span>", ""))
    problems, result = spelling(docs, unmarked / "_build", "es")
    assert words(problems) == ["es/index.html: unknown word 'the' (es_ES)",
                               "es/index.html: unknown word 'weights' (es_ES)",
                               "es/index.html: unknown word 'shared' (es_ES)"], result.stderr


GLUED_TABLE = """\
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
# Tabla

```{code-cell} ipython3
from IPython.display import HTML
from myst_nb import glue
glue("shape", "(Nonne, 28)", display=False)
HTML('<table lang="es"><tr><td>núcleo</td><td lang="en">kernnel</td><td><code>xyzzy</code></td>'
     '<td>cuadrícla</td></tr></table>')
```

Un valor pegado no es prosa: {glue:text}`shape`.
"""


def test_glued_html_tables_are_checked_by_their_lang_attributes(enchant_ready, tmp_path):
    # ...and a glued value ({glue:text}, "Nonne") is computed, not prose: it is not checked.
    docs = scratch_project(tmp_path, spanish=GLUED_TABLE)
    build = tmp_path / "_build"
    html = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "html", str(docs / "es"), str(build / "es"), "-c", str(ROOT / "conf"),
         "-D", "language=es", "-q"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert html.returncode == 0, html.stderr[-3000:]
    problems, result = spelling(docs, build, "es")
    # The page's language first, then the other one (the order the builder checks them in).
    assert words(problems) == ["es/index.html: unknown word 'cuadrícla' (es_ES)",
                               "es/index.html: unknown word 'kernnel' (en_US)"], result.stderr


def test_words_inside_emphasis_and_link_texts_are_checked(enchant_ready, tmp_path):
    # sphinxcontrib-spelling alone reads only text whose parent is a paragraph (or a title…).
    page = "# Énfasis\n\nCada filtro tiene un *nucleo* por canal y **cuatro** [enlaces rotos](https://example.org/x).\n"
    docs = scratch_project(tmp_path, spanish=page.replace("rotos", "rottos"))
    problems, result = spelling(docs, tmp_path / "_build", "es")
    assert words(problems) == ["es/index.html: unknown word 'nucleo' (es_ES)",
                               "es/index.html: unknown word 'rottos' (es_ES)"], result.stderr
