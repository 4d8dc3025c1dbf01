"""Parity: docs/en and docs/es are the same pages, with the same code, in two languages.

The rules and the stamping of translations are tools/parity.py's (a translator
runs ``python tools/parity.py --stamp docs/es/<page>.md``); this runs its
comparison on the real trees, and on small copies with planted breaks (an
English-only edit, a page missing in one language, code that differs in a
number, a name or a string while its comments are translated, code that does
not tokenize). It also checks that the comments of the Spanish code are not
the English ones left in place.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from _site import ROOT, load_script, need

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
# a stride of 2 skips every other position
glue("n_out", convref.output_size(5, kernel=3, stride=2, padding=1), display=False)
marker = "# is code"  # a hash inside a string is no comment
```

A 5-pixel row becomes {glue:text}`n_out` pixels.

```{doctest}
>>> import convref
>>> convref.output_size(5, kernel=3, stride=2, padding=1)   # padding keeps the edges
3
```

Try it:

```python
import torch
x = torch.zeros(1, 3, 6, 6)                  # batch, channels, height, width
print(torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)(x).shape)   # torch.Size([1, 8, 3, 3])
```

```bash
python -m convref layer --input 9x9x5 --filters 56 --kernel 4 --lang en   # one layer, explained
```

```{toctree}
api
```
"""

# The Spanish twin: prose and comments translated, a comment moved to its own
# line and the spacing before another changed; the code is the same.
SPANISH_INDEX = ENGLISH_INDEX.replace(
    "# How long is a row after a convolution?", "# ¿Cuánto mide una fila tras una convolución?").replace(
    "A 5-pixel row becomes {glue:text}`n_out` pixels.", "Una fila de 5 píxeles pasa a tener {glue:text}`n_out`.").replace(
    "# a stride of 2 skips every other position", "# un paso de 2 se salta una posición de cada dos").replace(
    "# a hash inside a string is no comment", "# una almohadilla dentro de una cadena no es un comentario").replace(
    "   # padding keeps the edges", " # el relleno conserva los bordes").replace(
    "x = torch.zeros(1, 3, 6, 6)                  # batch, channels, height, width",
    "# lote, canales, alto, ancho\nx = torch.zeros(1, 3, 6, 6)").replace(
    "--lang en   # one layer, explained", "--lang es   # una capa, explicada").replace("Try it:", "Pruébelo:")

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


def test_translated_comments_are_not_differences(docs):
    # The copy's Spanish comments really are other text than the English ones.
    en, es = (parity.parse((docs / lang / "index.md").read_text()) for lang in ("en", "es"))
    en_comments = [text for block in en.code for _, text in block.comments()]
    es_comments = [text for block in es.code for _, text in block.comments()]
    assert len(en_comments) == len(es_comments) == 6
    assert set(en_comments) & set(es_comments) == {"torch.Size([1, 8, 3, 3])"}, (en_comments, es_comments)
    # A comment added, removed or rewritten in one tree only is still no difference.
    page = docs / "es" / "index.md"
    page.write_text(page.read_text().replace("import torch\n", "import torch  # PyTorch, para comparar\n"))
    result = run("--docs", docs)
    assert result.returncode == 0, result.stderr


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


@pytest.mark.parametrize("old, new, block", [
    # a number, a name, a string in a code cell, the string holding a "#"
    ("stride=2, padding=1), display", "stride=3, padding=1), display", "1 ({code-cell} ipython3, line 16)"),
    ("from myst_nb import glue", "from myst_nb import glue as pegar", "1 ({code-cell} ipython3, line 16)"),
    ('glue("n_out"', 'glue("n_salida"', "1 ({code-cell} ipython3, line 16)"),
    ('"# is code"', '"# es código"', "1 ({code-cell} ipython3, line 16)"),
    # the indentation of a line is code
    ("from myst_nb import glue\n", "if True:\n    from myst_nb import glue\n", "1 ({code-cell} ipython3, line 16)"),
    # a doctest's source and its expected output
    ("kernel=3, stride=2, padding=1) #", "kernel=3, stride=1, padding=1) #", "2 ({doctest}, line 28)"),
    ("bordes\n3\n", "bordes\n4\n", "2 ({doctest}, line 28)"),
    # the plain blocks a reader copies: Python and shell
    ("torch.zeros(1, 3, 6, 6)", "torch.zeros(1, 3, 6, 7)", "3 (python, line 36)"),
    ("print(torch.nn", "print(torch.nn.functional", "3 (python, line 36)"),
    ("--filters 56", "--filters 57", "4 (bash, line 43)"),
    ("--lang es   #", "--lang en   #", "4 (bash, line 43)"),  # the page's language is es on the Spanish page
])
def test_any_change_to_the_code_but_its_comments_fails_naming_the_page(docs, old, new, block):
    page = docs / "es" / "index.md"
    text = page.read_text()
    assert old in text, old
    page.write_text(text.replace(old, new, 1))
    result = run("--docs", docs)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"docs/es/index.md: code block {block} differs from docs/en/index.md ("), result.stderr
    assert len(lines) == 2 and lines[1] == "parity.py: 1 problem(s) between docs/en and docs/es", result.stderr


def test_the_message_says_where_the_code_parts_ways(docs):
    page = docs / "es" / "index.md"
    page.write_text(page.read_text().replace('glue("n_out"', 'glue("n_salida"'))
    message = run("--docs", docs).stderr.splitlines()[0]
    assert "(line 22 has '\"n_salida\"', line 21 of en has '\"n_out\"')" in message, message


def test_a_comment_marker_inside_a_shell_string_is_not_a_comment(docs):
    page = docs / "en" / "index.md"
    page.write_text(page.read_text().replace("--kernel 4 --lang en", "--kernel 4 --title '# not a comment' --lang en"))
    run("--stamp", docs / "es" / "index.md")
    assert "code block 4 (bash, line 43) differs" in run("--docs", docs).stderr


def test_a_doctest_directive_is_code_not_a_comment(docs):
    page = docs / "es" / "index.md"
    page.write_text(page.read_text().replace("# el relleno conserva los bordes", "# doctest: +ELLIPSIS"))
    errors = run("--docs", docs).stderr
    assert "code block 2 ({doctest}, line 28) differs" in errors and "doctest directives" in errors, errors


@pytest.mark.parametrize("old, new, message", [
    ('glue("n_out", ', 'glue("n_out, ', "code block 1 ({code-cell} ipython3, line 16) does not tokenize as Python: "
     "unexpected '\"' (line 22)"),
    ("display=False)", "display=False", "code block 1 ({code-cell} ipython3, line 16) does not tokenize as Python: "
     "a bracket is never closed (EOF in multi-line statement) (line 24)"),
    ("from myst_nb import glue\n", "if True:\n        import os\n    from myst_nb import glue\n",
     "code block 1 ({code-cell} ipython3, line 16) does not tokenize as Python: unindent does not match any outer "
     "indentation level (line 22)"),
    (">>> import convref\n", ">>>import convref\n", "code block 2 ({doctest}, line 28) is not a valid doctest: "
     "lacks blank after >>>: '>>>import convref' (line 29)"),
    ("--kernel 4 --lang es", "--kernel '4 --lang es", "code block 4 (bash, line 43) does not read as a shell line: "
     "no closing quotation (line 44)"),
])
def test_code_that_does_not_tokenize_is_reported_naming_page_block_and_line(docs, old, new, message):
    page = docs / "es" / "index.md"
    text = page.read_text()
    assert old in text, old
    page.write_text(text.replace(old, new, 1))
    result = run("--docs", docs)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(f"docs/es/index.md: {message}"), result.stderr
    assert "Traceback" not in result.stderr


def test_cell_options_count_as_code(docs):
    page = docs / "es" / "index.md"
    page.write_text(page.read_text().replace(":tags: [remove-cell]", ":tags: [remove-input]", 1))
    errors = run("--docs", docs).stderr
    assert "code block 1 ({code-cell} ipython3, line 16) differs" in errors, errors
    assert "options [':tags: [remove-input]'], en has [':tags: [remove-cell]']" in errors, errors


def test_doctest_blocks_must_be_identical(docs):
    page = docs / "es" / "index.md"
    page.write_text(page.read_text().replace("bordes\n3\n", "bordes\n4\n", 1))
    errors = run("--docs", docs).stderr
    assert "({doctest}, line 28) differs" in errors and "expected output '4\\n'" in errors, errors


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


# -- the Spanish code speaks Spanish -----------------------------------------------------

def natural_words(comment: str, code: str) -> list[str]:
    """The words of ``comment`` that are written language, not code.

    A word is a run of three or more letters written as words are (all
    lower case, or one capital first: ``rounding``, ``Channels``), that is
    not part of a name (``n_per_class``, ``Conv3d``), not a call, an
    attribute, an index or a keyword argument (``tensor(0.)``,
    ``torch.Size``, ``cos[o, c]``, ``groups=C``), not in a path or in quotes
    (``conf/_static/``, ``"same"``), not a Python keyword (``False``) and not
    a name the block's code uses. Symbols (``HWIO``, ``C_in``, ``kH``,
    ``3×3``) and numbers are not words.
    """
    import io
    import keyword
    import re
    import tokenize

    try:
        used = {t.string for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type == tokenize.NAME}
    except (tokenize.TokenError, SyntaxError):
        used = set()
    quoted = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"|«[^»]*»', comment)]
    words = []
    for match in re.finditer(r"[^\W\d_]\w*", comment):
        name, before, after = match[0], comment[:match.start()][-1:], comment[match.end():].lstrip()[:1]
        shaped_like_a_word = name.isalpha() and len(name) >= 3 and (name.islower() or name[1:].islower())
        in_quotes = any(start < match.start() < end for start, end in quoted if comment[start] == '"')
        if (shaped_like_a_word and not keyword.iskeyword(name) and name not in used and not in_quotes
                and after not in ("(", ".", "[", "=", "/") and before not in (".", "/")):
            words.append(name)
    return words


def is_only_code(comment: str, code: str) -> bool:
    """Whether ``comment`` holds no words (``natural_words``): only printed values, symbols and names.

    So ``# (8, 8, 8)``, ``# [2. 3. 4.]``, ``# (C_out, C_in·k·k)`` and
    ``# torch.Size([1, 8, 3, 3])`` are code; ``# rounding only``,
    ``# non-zero`` and ``# VGG16's block 4`` hold words.
    """
    return not natural_words(comment, code)


def english_comments(docs: Path) -> list[str]:
    """The comments of docs/es code left as they are in docs/en, one line each.

    The rule: a comment in a code block of a Spanish page may be
    byte-identical to a comment of the same block (same number on the page)
    of its English twin only when it holds no words (``is_only_code``):
    printed values and names read the same in both languages, a sentence
    does not. A comment that holds words and is the English one is a comment
    nobody translated.
    """
    found = []
    for es_path in sorted((docs / "es").glob("*.md")):
        en_path = docs / "en" / es_path.name
        if not en_path.is_file():
            continue
        en, es = parity.parse(en_path.read_text(encoding="utf-8")), parity.parse(es_path.read_text(encoding="utf-8"))
        for number, (en_block, es_block) in enumerate(zip(en.code, es.code), start=1):
            english = {text for _, text in en_block.comments()}
            for line, text in es_block.comments():
                if text in english and not is_only_code(text, es_block.code()):
                    found.append(f"docs/es/{es_path.name}:{line}: code block {number} keeps the English "
                                 f"comment {text!r}")
    return found


def test_the_spanish_pages_code_comments_are_not_english():
    found = english_comments(ROOT / "docs")
    assert not found, f"{len(found)} comment(s) of docs/es code not translated:\n" + "\n".join(found)


def test_an_english_comment_left_on_a_spanish_page_is_found(docs):
    assert english_comments(docs) == []
    page = docs / "es" / "index.md"
    page.write_text(page.read_text().replace("# un paso de 2 se salta una posición de cada dos",
                                             "# a stride of 2 skips every other position"))
    assert english_comments(docs) == [
        "docs/es/index.md:21: code block 1 keeps the English comment 'a stride of 2 skips every other position'"]


@pytest.mark.parametrize("comment, code_only", [
    ("torch.Size([2, 3, 3, 3])", True), ("False", True), ("(8, 8, 8)", True), ("[2. 3. 4.]", True),
    ("tensor([[[0., 1., 2.]]])", True), ("0.5 0.5", True), ("128*64*3*3 + 128", True), ("x, y", True),
    ("rounding only", False), ("non-zero", False), ("VGG16's block 4", False), ("about 1e-7: rounding", False),
    ("channel 1 is all zeros", False), ("3×3", True), ("(C_in, C_out, kH, kW)", True), ("HWIO", True),
    ("(N, H', W', C, kH, kW)", True), ("Conv3d(3, 2, 3): (C_out, C_in, kD, kH, kW)", True), ("multiplier 2", False),
    ("(filter, channel, row, column)", False), ("y, the output", False), ("cos[o, c, d]: cosine", False),
    ("cos[o, c, d]", True), ('"same" padding', False), ('"same"', True), ("conf/_static/interactive/", True),
    ("groups=C", True), ("n_per_class images", False), ("n_per_class", True),
])
def test_what_counts_as_a_comment_without_words(comment, code_only):
    assert is_only_code(comment, "x = y = 1") is code_only


SPELLING_SETUP = "apt-get install libenchant-2-2 hunspell-en-us hunspell-es"


def english_words(docs: Path, spanish, english) -> list[str]:
    """The words of docs/es code comments that are English and not Spanish, one line per comment.

    The rule: every word of a Spanish page's comment (``natural_words``:
    names, symbols, code and quoted strings left out) must be a Spanish word,
    or else not an English one: a word that the ``es_ES`` dictionary rejects
    and the ``en_US`` one accepts is English left in the Spanish code, even
    when its comment differs from the English page's.
    """
    found = []
    for es_path in sorted((docs / "es").glob("*.md")):
        for number, block in enumerate(parity.parse(es_path.read_text(encoding="utf-8")).code, start=1):
            for line, text in block.comments():
                english_only = [w for w in natural_words(text, block.code())
                                if not spanish.check(w) and not spanish.check(w.lower()) and english.check(w)]
                if english_only:
                    found.append(f"docs/es/{es_path.name}:{line}: code block {number}: English word(s) "
                                 f"{english_only} in the comment {text!r}")
    return found


@pytest.fixture(scope="module")
def dictionaries():
    try:
        import enchant
    except ImportError as error:  # PyEnchant finds no libenchant
        need(False, f"PyEnchant cannot load libenchant ({error}); Debian: {SPELLING_SETUP}")
    missing = [tag for tag in ("es_ES", "en_US") if not enchant.dict_exists(tag)]
    need(not missing, f"no {', '.join(missing)} dictionary for enchant; Debian: {SPELLING_SETUP}")
    return enchant.Dict("es_ES"), enchant.Dict("en_US")


def test_the_spanish_pages_code_comments_hold_no_english_words(dictionaries):
    found = english_words(ROOT / "docs", *dictionaries)
    assert not found, f"{len(found)} comment(s) of docs/es code with English words:\n" + "\n".join(found)


def test_an_english_word_in_a_rewritten_comment_is_found(docs, dictionaries):
    assert english_words(docs, *dictionaries) == []
    page = docs / "es" / "index.md"
    page.write_text(page.read_text().replace("# un paso de 2 se salta una posición de cada dos",
                                             "# un paso de 2 skips every other position"))
    assert english_words(docs, *dictionaries) == [
        "docs/es/index.md:21: code block 1: English word(s) ['skips', 'every', 'other', 'position'] in the "
        "comment 'un paso de 2 skips every other position'"]
