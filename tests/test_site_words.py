"""The site's word catalog (conf/convref_site/words.py) and the pages that use it."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from convref_site import LANGUAGES, word
from convref_site.words import WORDS, fields

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGE = ROOT / "conf" / "convref_site"
INTERACTIVE_JS = ROOT / "conf" / "_static" / "interactive"
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def pages():
    return sorted(path for lang in LANGUAGES for path in (ROOT / "docs" / lang).glob("*.md"))


def code_cells(path):
    return CODE_CELL.findall(path.read_text(encoding="utf-8"))


def users():
    """Every page's code, every module of the site package but the catalog, and the build's extensions
    (conf/_ext, e.g. the notebooks' words): name -> text."""
    found = {str(path.relative_to(ROOT)): "\n".join(code_cells(path)) for path in pages()}
    found.update({str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
                  for path in sorted(SITE_PACKAGE.glob("*.py")) if path.name != "words.py"})
    found.update({str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
                  for path in [*sorted(INTERACTIVE_JS.glob("*.js")), *sorted((ROOT / "conf" / "_ext").glob("*.py"))]})
    return found


def format_fields(template):
    """(name, format spec, conversion) of every field: "{x:.3g}" and "{x}" are not the same field."""
    return sorted((name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template)
                  if name is not None)


def test_the_catalog_is_not_empty_and_the_pages_exist():
    assert len(WORDS) > 20
    assert len(pages()) >= 2 * 12


@pytest.mark.parametrize("key", sorted(WORDS))
def test_both_languages_have_the_key_and_the_same_fields(key):
    phrases = WORDS[key]
    assert sorted(phrases) == sorted(LANGUAGES), key
    en, es = (phrases[lang] for lang in ("en", "es"))
    assert all(isinstance(p, str) and p and p == p.strip() for p in (en, es)), key
    assert format_fields(en) == format_fields(es), f"{key}: {en!r} and {es!r} take different fields"


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_key_is_used_by_a_page_or_a_site_module(key):
    quoted = re.compile(rf"""["']{re.escape(key)}["']""")
    if key.startswith("interactive_"):  # the JavaScript reads w.<name> or w[`arg_${name}`]; see words.group
        name = key[len("interactive_"):]
        built = {prefix for text in users().values() for prefix in re.findall(r"`(\w+)\$\{", text)}
        if any(name.startswith(prefix) for prefix in built):
            return
        quoted = re.compile(rf"""\b(w|words)\.{re.escape(name)}\b|["']{re.escape(name)}["']""")
    assert any(quoted.search(text) for text in users().values()), \
        f"{key!r} is in conf/convref_site/words.py but no page or site module uses it"


def test_every_word_a_page_or_module_asks_for_is_in_the_catalog():
    asked = {(name, key) for name, text in users().items()
             for key in re.findall(r"""\bword\(\s*["'](\w+)["']""", text)}
    assert asked, "no page calls word(): the pattern no longer matches the pages"
    unknown = sorted(f"{name}: {key!r}" for name, key in asked if key not in WORDS)
    assert not unknown, "unknown words: " + ", ".join(unknown)


@pytest.mark.parametrize("page", pages(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_code_cell_chooses_its_words_by_language(page):
    # Words chosen by language belong in the catalog: a dict keyed by "es" or a test
    # of the language inside a cell is how they used to hide in pages.
    patterns = [r"""["']es["']\s*:""", r"""\b(?:lang|LANG)\s*[!=]=""", r"""[!=]=\s*(?:lang|LANG)\b""",
                r"""\}\s*\[\s*(?:lang|LANG)\s*\]"""]
    found = [(pattern, cell.strip().splitlines()[0]) for cell in code_cells(page) for pattern in patterns
             if re.search(pattern, cell)]
    assert not found, f"{page.relative_to(ROOT)}: a code cell picks words by language: {found}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_fills_in_both_languages(lang):
    for key, phrases in WORDS.items():
        values = {name: f"<{name}>" for name in fields(phrases[lang])}
        text = word(key, lang, **values)
        assert "{" not in text and "}" not in text, (key, text)
        assert all(f"<{name}>" in text for name in values), (key, text)


def test_the_languages_differ_where_they_should():
    same = sorted(key for key, phrases in WORDS.items() if phrases["en"] == phrases["es"])
    assert not same, f"the same in both languages (leave such text out of the catalog): {same}"


def test_word_names_what_is_wrong():
    with pytest.raises(ValueError, match="key must be one of the site's words.*'no_such_word'"):
        word("no_such_word", "en")
    with pytest.raises(ValueError, match="lang must be one of 'en', 'es', got 'fr'"):
        word("family_standard", "fr")
    with pytest.raises(ValueError, match="lang must be one of"):
        word("family_standard", None)
    with pytest.raises(ValueError, match="missing: groups"):
        word("family_grouped", "en")
    with pytest.raises(ValueError, match="unknown: group"):
        word("family_grouped", "en", groups=2, group=3)
    with pytest.raises(ValueError, match="takes no fields; unknown: n"):
        word("family_standard", "en", n=1)


def test_the_catalog_is_read_only():
    with pytest.raises(TypeError):
        WORDS["family_standard"] = {"en": "x", "es": "y"}
    with pytest.raises(TypeError):
        WORDS["family_standard"]["en"] = "x"


def convref_calls_without_lang(code):
    """Calls of a convref figure (``*_figure``) or summary in ``code`` that do not pass ``lang=``."""
    tree = ast.parse("\n".join(line for line in code.splitlines() if not line.startswith(":")))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    named = [(node, node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", ""))
             for node in calls]
    # convref.summary() prints words; Keras's model.summary() is another function of that name.
    wanted = [(node, name) for node, name in named if name.endswith("_figure") or (
        name == "summary" and (isinstance(node.func, ast.Name)
                               or getattr(node.func.value, "id", None) == "convref"))]
    return len(wanted), [f"line {node.lineno}: {name}()" for node, name in wanted
                         if not any(keyword.arg == "lang" for keyword in node.keywords)]


@pytest.mark.parametrize("page", pages(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_convref_figure_and_summary_call_passes_the_page_language(page):
    # convref draws English unless told otherwise: a call without lang= would put
    # English words on a Spanish page.
    _, missing = convref_calls_without_lang("\n".join(code_cells(page)))
    assert not missing, f"{page.relative_to(ROOT)}: no lang= in " + ", ".join(missing)


def test_the_lang_check_sees_a_call_without_lang():
    count, missing = convref_calls_without_lang(
        "fig = channels_figure(x, w, lang=lang)\ntable = convref.summary(model, (3, 8, 8))\nf(x)\n"
        "keras_model.summary(print_fn=print)\n")
    assert count == 2 and missing == ["line 2: summary()"]
    pages_calls = sum(convref_calls_without_lang("\n".join(code_cells(page)))[0] for page in pages())
    assert pages_calls > 40, "the pages' figure calls are no longer found"
