"""Spelling of both languages, checked on Sphinx's doctree by sphinxcontrib-spelling.

The check is Sphinx's spelling builder as conf/_ext/site_spelling sets it up
(hunspell's en_US and es_ES dictionaries through PyEnchant, plus the word lists
in conf/spelling/): ``sphinx-build -M spelling`` on each tree, reusing the
doctrees of the HTML build in _build/<lang>, so nothing is read or executed
again. A word the dictionary and the lists lack fails the test with the page
that has it; fix the page, or add a real term to conf/spelling/.

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
SPELLING_LINE = re.compile(r"^(?P<source>.+?):(?P<line>\d+|None): \((?P<word>[^)]*)\)")
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
                problems.append(f"{page}: unknown word {match['word']!r} ({DICTIONARIES[lang]}), "
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


def test_a_misspelt_spanish_word_is_named_with_its_page(enchant_ready, tmp_path):
    docs = tmp_path / "docs"
    for lang in LANGUAGES:
        (docs / lang).mkdir(parents=True)
        (docs / lang / "figure.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (docs / "es" / "index.md").write_text(SPANISH_PAGE, encoding="utf-8")
    (docs / "en" / "index.md").write_text("# Glossary\n\nEach filter holds one kernel per input channel.\n")
    problems, result = spelling(docs, tmp_path / "_build", "es")
    assert [line.split(", ")[0] for line in problems] == [
        "es/index.html: unknown word 'Glosarrio' (es_ES)",
        "es/index.html: unknown word 'cuadrícla' (es_ES)",
    ], result.stderr
    assert problems[0].endswith("docs/es/index.md:1")
    english, result = spelling(docs, tmp_path / "_build", "en")
    assert english == [], result.stderr
