"""The Spanish API reference: convref's docstrings through conf/locales/es/LC_MESSAGES/api.po.

conf/_ext/api_translation.py warns (an error under the builds' -W) on every
docstring message of the Spanish API page that the catalog lacks, leaves
untranslated or fuzzy, copies verbatim, cannot apply, or whose code,
references or emphasis it changes, and on entries the page no longer has. Here:

- the mechanism, on a small Sphinx project with a planted catalog (each kind of
  defect named in the build's warnings; a complete catalog builds cleanly; the
  apipot template holds the docstrings' words and nothing else);
- the project's catalog itself (no fuzzy, empty or obsolete entry);
- the built site: no docstring paragraph of the English API page is left,
  word for word, on the Spanish one, and its field names are Spanish.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from _site import ROOT, parsed

CATALOG = ROOT / "conf" / "locales" / "es" / "LC_MESSAGES" / "api.po"

MODULE = '''\
"""Scaling numbers, the toy module's docstring."""


def scale(x, factor=2):
    """Multiply ``x`` by a factor.

    The factor is a whole number.

    Parameters
    ----------
    x : float
        The value to scale.
    factor : int, optional
        How many times.

    Returns
    -------
    float
        The scaled value.

    Raises
    ------
    ValueError
        If ``factor`` is negative.

    Examples
    --------
    Does scaling by 3 triple the value?

    >>> scale(2.0, 3)
    6.0
    """
    return x * factor
'''

CONF = '''\
import sys
sys.path[:0] = [{ext!r}, {here!r}]
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "api_translation"]
language = "es"
locale_dirs = [{locales!r}]
napoleon_use_param = False
napoleon_use_rtype = False
root_doc = "api"
source_suffix = {{".md": "markdown"}}
'''

PAGE = """\
# Referencia

Texto de la página, que no pasa por el catálogo.

```{eval-rst}
.. automodule:: toymod
   :no-members:

.. autofunction:: toymod.scale
```
"""

# The docstring's messages, as Sphinx extracts them, with their Spanish.
SPANISH = {
    "Scaling numbers, the toy module's docstring.": "Escalar números, la docstring del módulo de juguete.",
    "Multiply ``x`` by a factor.": "Multiplica ``x`` por un factor.",
    "The factor is a whole number.": "El factor es un número entero.",
    "**x** (*float*) -- The value to scale.": "**x** (*float*) -- El valor que se escala.",
    "**factor** (*int, optional*) -- How many times.": "**factor** (*int, opcional*) -- Cuántas veces.",
    "*float* -- The scaled value.": "*float* -- El valor escalado.",
    "If ``factor`` is negative.": "Si ``factor`` es negativo.",
    "Does scaling by 3 triple the value?": "¿Triplica el valor una escala de 3?",
}


def toy_project(tmp_path: Path, entries: dict[str, str], fuzzy=(), obsolete=()) -> Path:
    src = tmp_path / "src"
    (src / "locales" / "es" / "LC_MESSAGES").mkdir(parents=True)
    (src / "toymod.py").write_text(MODULE, encoding="utf-8")
    (src / "conf.py").write_text(CONF.format(ext=str(ROOT / "conf" / "_ext"), here=str(src),
                                             locales=str(src / "locales")), encoding="utf-8")
    (src / "api.md").write_text(PAGE, encoding="utf-8")
    catalog = Catalog(locale="es")
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    for msgid in obsolete:
        catalog.obsolete[msgid] = catalog._messages.pop(msgid)
    with open(src / "locales" / "es" / "LC_MESSAGES" / "api.po", "wb") as f:
        write_po(f, catalog)
    return src


def sphinx(src: Path, builder: str = "html"):
    out = src.parent / builder
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-q",
                           str(src), str(out), "-d", str(src.parent / "doctrees")],
                          capture_output=True, text=True, timeout=300), out


def test_a_complete_catalog_gives_a_spanish_page_and_a_clean_build(tmp_path):
    src = toy_project(tmp_path, SPANISH)
    result, out = sphinx(src)
    assert result.returncode == 0, result.stderr
    text = (out / "api.html").read_text(encoding="utf-8")
    for msgid, msgstr in SPANISH.items():
        english = re.sub(r"``|\*", "", msgid.split(" -- ")[-1])
        assert english not in text, f"English left on the page: {english!r}"
    assert "El valor que se escala." in text and "¿Triplica el valor una escala de 3?" in text
    assert "&gt;&gt;&gt;" in text and "scale" in text, "the doctest stays as it is"


def test_each_planted_defect_fails_the_build_and_is_named(tmp_path):
    entries = dict(SPANISH)
    del entries["If ``factor`` is negative."]  # missing: as after a docstring edit
    entries["How many times."] = "Cuántas veces."  # stale: the page has no such message
    entries["**factor** (*int, optional*) -- How many times."] = ""  # untranslated
    entries["Multiply ``x`` by a factor."] = "Multiply ``x`` by a factor."  # copied, not translated
    entries["The value, scaled."] = "El valor, escalado."  # obsolete (#~)
    src = toy_project(tmp_path, entries, fuzzy=("**x** (*float*) -- The value to scale.",),
                      obsolete=("The value, scaled.",))
    result, _ = sphinx(src)
    assert result.returncode != 0, "a defective catalog must fail the build under -W"
    log = " ".join(result.stderr.split())
    where = f"{src}/toymod.py: docstring of toymod.scale"
    expected = [
        f"docstring message missing from the catalog (run `make api-catalog`), {where}: 'If ``factor`` is negative.'",
        f"fuzzy entry (check the translation, then remove the fuzzy flag), {where}: "
        "'**x** (*float*) -- The value to scale.'",
        f"untranslated entry, {where}: '**factor** (*int, optional*) -- How many times.'",
        f"entry copied, not translated, {where}: 'Multiply ``x`` by a factor.'",
        "entry for a message the page no longer has (run `make api-catalog`): 'How many times.'",
        "obsolete entry (run `make api-catalog`): 'The value, scaled.'",
    ]
    for line in expected:
        assert line in log, f"the build does not say: {line}\n{result.stderr}"
    assert log.count("[api_translation]") == len(expected), result.stderr


def test_a_translation_that_is_not_one_paragraph_is_named(tmp_path):
    entries = dict(SPANISH)
    entries["The factor is a whole number."] = "- El factor es un número entero."  # a list in MyST
    result, _ = sphinx(toy_project(tmp_path, entries))
    assert result.returncode != 0
    assert "Sphinx could not apply the translation" in result.stderr and "The factor is a whole number." \
        in result.stderr, result.stderr


def test_a_translation_that_loses_code_or_gains_emphasis_is_named(tmp_path):
    entries = dict(SPANISH)
    entries["Multiply ``x`` by a factor."] = "Multiplica x por un factor."  # the code is gone
    entries["The factor is a whole number."] = "El factor*es*un número entero."  # MyST emphasis
    result, _ = sphinx(toy_project(tmp_path, entries))
    assert result.returncode != 0
    log = " ".join(result.stderr.split())
    assert "the translation changes the code, references or emphasis" in log, result.stderr
    assert "{'literal': 1} became {}" in log and "'Multiply ``x`` by a factor.'" in log, result.stderr
    assert "{} became {'emphasis': 1}" in log and "'The factor is a whole number.'" in log, result.stderr


def test_the_template_holds_the_docstrings_words_only(tmp_path):
    src = toy_project(tmp_path, SPANISH)
    result, out = sphinx(src, "apipot")
    assert result.returncode == 0, result.stderr
    with open(out / "api.pot", "rb") as f:
        template = [m.id for m in read_po(f) if m.id]
    # Not the page's own prose, not the signature, the field names or the doctest.
    assert template == list(SPANISH), template


# -- the project's catalog -------------------------------------------------------------------

def test_the_catalog_has_no_fuzzy_empty_or_obsolete_entry():
    with CATALOG.open("rb") as f:
        catalog = read_po(f, locale="es")
    entries = [m for m in catalog if m.id]
    assert len(entries) > 400, f"{CATALOG}: {len(entries)} entries: the catalog lost most of convref's docstrings"
    bad = [f"fuzzy: {m.id[:70]!r}" for m in entries if m.fuzzy]
    bad += [f"untranslated: {m.id[:70]!r}" for m in entries if not m.string.strip()]
    bad += [f"obsolete: {msgid[:70]!r}" for msgid in catalog.obsolete]
    assert not bad, f"{CATALOG.relative_to(ROOT)}:\n" + "\n".join(bad)


# -- the built site ---------------------------------------------------------------------------

def docstring_texts(path: Path) -> list[str]:
    """The paragraphs and table cells of an API page's article that hold words, code removed.

    The page's own prose differs between the languages anyway, so any paragraph found
    word for word on both pages is a docstring (of a function, a class or a module)
    left untranslated.
    """
    texts = []
    for node in parsed(path).select("article p, article td, article th"):
        if node.find_parent("pre") is not None:
            continue
        clone = copy.copy(node)
        for code in clone.find_all(["code", "pre"]):
            code.decompose()
        text = " ".join(clone.get_text(" ").split())
        words = [token for token in text.split() if re.fullmatch(r"[(«\"]?[A-Za-zÀ-ÿ]{2,}[)»\",.;:?]*", token)]
        if len(words) >= 3:  # words, not a name, a type or a shape
            texts.append(text)
    return texts


def english_left(en_page: Path, es_page: Path) -> list[str]:
    spanish = set(docstring_texts(es_page))
    return sorted({text for text in docstring_texts(en_page) if text in spanish})


def test_no_english_docstring_is_left_on_the_spanish_api_page(site):
    english = set(docstring_texts(site / "en" / "api.html"))
    assert len(english) > 300, f"en/api.html: only {len(english)} docstring paragraphs found: is the page complete?"
    left = english_left(site / "en" / "api.html", site / "es" / "api.html")
    assert not left, "es/api.html: docstring text still in English:\n" + "\n".join(left[:20])


# The first paragraph of convref's module docstring (after the page's own), and of conv2d's.
PLANTED = [("article section#api > p:nth-of-type(2)", "reference convolutions in NumPy"),
           ("article dl.py > dd > p", "2-D convolution layer")]


@pytest.mark.parametrize("selector, words", PLANTED)
def test_an_english_paragraph_planted_on_the_spanish_page_is_found(site, tmp_path, selector, words):
    en, es = site / "en" / "api.html", site / "es" / "api.html"
    english, spanish = parsed(en).select_one(selector), parsed(es).select_one(selector)
    assert words in english.get_text(), f"en/api.html: {selector} is not the paragraph meant: {english.get_text()!r}"
    text = es.read_text(encoding="utf-8")
    assert spanish.decode() in text, f"cannot plant: {selector} of es/api.html is not found as parsed"
    planted = tmp_path / "api.html"
    planted.write_text(text.replace(spanish.decode(), english.decode(), 1), encoding="utf-8")
    left = english_left(en, planted)
    assert any(words in text for text in left), left


SPANISH_FIELDS = {"Parámetros", "Devuelve", "Excepciones", "Tipo", "Tipo de retorno", "Produce",
                  "Otros parámetros", "Advertencias", "Argumentos por nombre", "Variables", "Recibe"}
SPANISH_RUBRICS = {"Ejemplos", "Ejemplo", "Notas", "Referencias"}


def test_the_spanish_api_page_names_its_fields_in_spanish(site):
    soup = parsed(site / "es" / "api.html")
    fields = {" ".join(dt.get_text(" ").replace(":", " ").split()) for dt in soup.select("article dl.field-list > dt")}
    rubrics = {p.get_text(strip=True) for p in soup.select("article p.rubric")}
    assert {"Parámetros", "Devuelve", "Excepciones", "Tipo"} <= fields, fields
    assert fields <= SPANISH_FIELDS, f"es/api.html: field names not in Spanish: {sorted(fields - SPANISH_FIELDS)}"
    assert rubrics <= SPANISH_RUBRICS, f"es/api.html: rubrics not in Spanish: {sorted(rubrics - SPANISH_RUBRICS)}"
