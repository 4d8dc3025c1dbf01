"""The glossary's data, and its use: the Spanish pages write the glossary's terms.

Every Spanish page (docs/es/*.md) is
reduced to its running prose: code cells, fenced code, doctest blocks, inline
code, math, roles such as {glue:text}`key`, directive arguments and options
(except :alt: text, which readers hear), labels, link targets and HTML are
removed, and so are passages marked as English (``<span lang="en">…</span>``,
a quotation or a title in the other language, which may span lines). The prose
must not use a variant that the glossary replaces.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from convref_site import glossary
from convref_site.glossary import GLOSSARY, Term, avoided_terms, find_avoided, lookup, to_html

ROOT = Path(__file__).resolve().parent.parent

# Directives whose body is prose (checked); every other fenced block is code or data (skipped).
PROSE_DIRECTIVES = {
    "admonition", "attention", "caution", "danger", "dropdown", "epigraph", "error", "figure",
    "glue:figure", "hint", "important", "margin", "note", "seealso", "sidebar", "tab-item", "tip",
    "topic", "warning", "card", "grid-item-card",
}
# Directives whose argument (the text after the name) is a title readers see.
TITLED_DIRECTIVES = {"admonition", "dropdown", "sidebar", "tab-item", "topic", "card", "grid-item-card"}
SPAN_TAG = re.compile(r"<span\b(?P<attrs>[^>]*)>|</span\s*>")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")


def spanish_pages():
    """The Spanish pages of the site."""
    return sorted((ROOT / "docs" / "es").glob("*.md"))


def _inline_prose(line):
    """Remove the inline markup of one line that is not prose."""
    line = re.sub(r"<!--.*?-->", " ", line)
    # Roles: keep the visible text of cross-references, drop everything else (glue keys, math).
    line = re.sub(r"\{(?:ref|doc|term|numref)\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", line)
    line = re.sub(r"\{[\w:.-]+\}`[^`]*`", " ", line)
    line = re.sub(r"(`+).*?\1", " ", line)                   # inline code, any number of backticks
    line = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", line)      # inline math
    line = re.sub(r"\]\([^)]*\)", "]", line)                  # [text](target): keep the text
    line = re.sub(r"<https?://[^>]*>", " ", line)             # autolinks
    line = re.sub(r"</?[A-Za-z][^>]*>", " ", line)            # HTML tags
    return line


def _without_english(line, spans):
    """``line`` without the text of English spans; ``spans`` (a list, updated) holds the open spans' languages.

    A span without lang keeps the language around it.
    """
    def english():
        return next((lang for lang in reversed(spans) if lang), "es") == "en"

    kept, start = [], 0
    for tag in SPAN_TAG.finditer(line):
        if not english():
            kept.append(line[start:tag.start()])
        start = tag.end()
        if tag["attrs"] is None:
            if spans:
                spans.pop()
        else:
            lang = re.search(r"""\blang=["']([A-Za-z]+)""", tag["attrs"])
            spans.append(lang.group(1).lower() if lang else None)
    if not english():
        kept.append(line[start:])
    return " ".join(kept)


def spanish_prose(markdown):
    """The running prose of a MyST page, one string per source line kept (others blank).

    Examples of what goes: ```{code-cell}```, ```python```, ```{doctest}```,
    ```{math}``` and $$ blocks, option lines (``:name: fig-x``) but not
    ``:alt:``, labels ``(name)=``, the jupytext header, inline code and roles.
    """
    lines = markdown.split("\n")
    kept = []
    stack = []          # open fences: (character, length, is_prose)
    in_math = False
    in_header = bool(lines) and lines[0].strip() == "---"
    spans = []          # languages of the HTML spans open at this point of the prose
    for number, line in enumerate(lines):
        if in_header:
            if number > 0 and line.strip() == "---":
                in_header = False
            kept.append("")
            continue
        fence = FENCE.match(line)
        if fence and not in_math:
            char, length, info = fence["fence"][0], len(fence["fence"]), fence["info"].strip()
            if stack and not info and char == stack[-1][0] and length >= stack[-1][1]:
                stack.pop()
                kept.append("")
                continue
            if not stack or stack[-1][2]:
                name = re.match(r"\{([\w:.-]+)\}\s*(.*)", info)
                is_prose = bool(name) and name.group(1) in PROSE_DIRECTIVES
                stack.append((char, length, is_prose))
                title = name.group(2) if name and name.group(1) in TITLED_DIRECTIVES else ""
                kept.append(_inline_prose(title))
                continue
        if stack and not stack[-1][2]:
            kept.append("")
            continue
        stripped = line.strip()
        if in_math or stripped.startswith("$$"):
            opens = stripped.startswith("$$") and not in_math
            closes = stripped.endswith("$$") and (in_math or len(stripped) > 2)
            in_math = opens and not closes if opens else not closes
            kept.append("")
            continue
        option = re.match(r"\s*:([\w-]+):\s*(.*)", line)
        if option and stack:
            kept.append(_inline_prose(option.group(2)) if option.group(1) == "alt" else "")
            continue
        if re.match(r"^\s*\([\w:.-]+\)=\s*$", line) or re.match(r"^\s*\[[^\]]+\]:\s", line):
            kept.append("")          # a label or a link definition
            continue
        if not line.strip():
            spans.clear()            # a blank line ends the paragraph, and any span left open in it
        kept.append(_inline_prose(_without_english(line, spans)))
    return kept


def avoided_in_page(path):
    """[(line number, variant, preferred term)] for one page."""
    return [(number, variant, preferred)
            for number, text in enumerate(spanish_prose(path.read_text(encoding="utf-8")), start=1)
            for variant, preferred in find_avoided(text)]


# -- The check itself -----------------------------------------------------------------

def test_spanish_pages_exist():
    assert spanish_pages(), "docs/es/*.md holds no Spanish page"


@pytest.mark.parametrize("page", spanish_pages(), ids=lambda p: p.name)
def test_spanish_prose_follows_the_glossary(page):
    found = avoided_in_page(page)
    assert not found, f"{page.relative_to(ROOT)} uses terms the glossary replaces: " + "; ".join(
        f"line {n}: {variant!r} (write {preferred!r})" for n, variant, preferred in found)


def catalog_phrases():
    """(catalog, key, Spanish phrase) of the word catalogs whose phrases the Spanish pages print.

    convref's catalog (figure labels, summaries, the CLI) and the site's (tables,
    exercise hints, the explorer).
    """
    import convref._words
    import convref_site.words

    return [(name, key, phrases["es"]) for name, catalog in (("convref/_words.py", convref._words._WORDS),
                                                              ("conf/convref_site/words.py", convref_site.words.WORDS))
            for key, phrases in catalog.items()]


def catalog_prose(phrase):
    """A catalog phrase without its fields ({kernel}), inline code, HTML tags and code-like words (bias=False)."""
    phrase = re.sub(r"\{[^{}]*\}", " ", phrase)
    phrase = re.sub(r"`[^`]*`|<[^>]+>", " ", phrase)
    return " ".join(word for word in phrase.split() if not re.search(r"[=_()\[\]]", word))


def test_the_catalogs_spanish_phrases_follow_the_glossary():
    assert len(catalog_phrases()) > 200
    found = [f"{name} {key!r}: {variant!r} (write {preferred!r})" for name, key, phrase in catalog_phrases()
             for variant, preferred in find_avoided(catalog_prose(phrase))]
    assert not found, "catalog phrases use terms the glossary replaces: " + "; ".join(found)


def test_catalog_prose_keeps_words_and_drops_fields_and_code():
    assert catalog_prose("Cada {kernel} tiene un kernel y `stride` con bias=False") == "Cada tiene un kernel y con"


# -- The checker cannot pass vacuously --------------------------------------------

PLANTED = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
---

(kernel-page)=
# Una página de prueba

```{code-cell} ipython3
:tags: [remove-cell]
kernel = np.ones((3, 3))   # a kernel with stride 1 and padding 0
```

El argumento `kernel_size` fija el tamaño del núcleo y {glue:text}`stride` es el paso.
La fórmula $\\text{kernel} \\star x$ y el enlace [núcleo](#kernel) no cuentan.

$$
y = \\text{bias} + \\sum_c x_c \\star W_c
$$

```{glue:figure} fig_kernel
:name: fig-kernel-padding
:alt: Cada núcleo de la figura tiene su propio padding.

Cada filtro aplica un kernel distinto a cada canal.
```

```{doctest}
>>> layer.bias
```

```{dropdown} El feature map de cada filtro
Tiene un bias por filtro.
```
"""


def test_planted_sentences_are_caught():
    found = [(variant, preferred) for text in spanish_prose(PLANTED) for variant, preferred in find_avoided(text)]
    assert found == [("padding", "relleno"), ("kernel", "núcleo"), ("feature map", "mapa de características"),
                     ("bias", "sesgo")]


def test_english_passages_marked_as_such_are_not_spanish_prose():
    page = ('Los apuntes lo llaman <span lang="en">the kernel\nof each filter</span>, y aquí hay un kernel.\n'
            '<span lang="en">A <span>nested</span> stride, <span lang="es">un stride español</span></span> y un bias.\n')
    found = [(variant, preferred) for text in spanish_prose(page) for variant, preferred in find_avoided(text)]
    assert found == [("kernel", "núcleo"), ("stride", "paso"), ("bias", "sesgo")]


def test_a_planted_page_fails_the_check(tmp_path):
    page = tmp_path / "planted.md"
    page.write_text("# Prueba\n\nCada filtro tiene un kernel por canal de entrada.\n", encoding="utf-8")
    assert avoided_in_page(page) == [(3, "kernel", "núcleo")]


def test_code_math_options_and_links_are_not_prose():
    prose = " ".join(spanish_prose(PLANTED))
    for hidden in ("kernel_size", "np.ones", "remove-cell", "fig-kernel-padding", "kernel-page", "layer.bias",
                   "#kernel", "\\text"):
        assert hidden not in prose, hidden
    assert "núcleo" in prose and "Una página de prueba" in prose


def test_every_real_page_has_prose():
    for page in spanish_pages():
        assert len(" ".join(spanish_prose(page.read_text(encoding="utf-8"))).split()) > 50, page.name


# -- The glossary's data ---------------------------------------------------------------

def test_entries_are_complete_and_unique():
    assert len(GLOSSARY) >= 20
    for entry in GLOSSARY:
        assert isinstance(entry, Term)
        assert all(isinstance(field, str) and field.strip() == field and field for field in entry[:4]), entry
        assert isinstance(entry.avoid_es, tuple), entry
        assert entry.definition_en.endswith(".") and entry.definition_es.endswith("."), entry
    for language in ("en", "es"):
        terms = [glossary._fold(getattr(entry, language)) for entry in GLOSSARY]
        assert len(terms) == len(set(terms)), language


def test_entries_are_sorted_by_english_term():
    english = [glossary._fold(entry.en) for entry in GLOSSARY]
    assert english == sorted(english)


def test_the_site_terms_are_in_the_glossary():
    pairs = {
        "filter": "filtro", "kernel": "núcleo", "channel": "canal", "input channel": "canal de entrada",
        "feature map": "mapa de características", "stride": "paso", "padding": "relleno",
        "dilation": "dilatación", "bias": "sesgo", "weight": "peso", "grouped convolution": "convolución agrupada",
        "depthwise convolution": "convolución en profundidad", "pointwise convolution": "convolución puntual",
        "separable convolution": "convolución separable", "receptive field": "campo receptivo",
        "cross-correlation": "correlación cruzada", "transposed convolution": "convolución traspuesta",
        "batch": "lote", "layer": "capa", "tensor": "tensor",
    }
    for english, spanish in pairs.items():
        assert lookup(english).es == spanish
        assert lookup(spanish).en == english


def test_no_preferred_term_is_also_avoided():
    avoided = avoided_terms()
    for entry in GLOSSARY:
        assert not find_avoided(entry.es), entry
        assert not find_avoided(entry.definition_es), entry
    assert "kernel" in avoided and "stride" in avoided and "feature map" in avoided


def test_the_words_of_spanish_ml_material_are_avoided():
    # The machine-translated thread (/work/shared/seed) and other Spanish material use these.
    avoided = avoided_terms()
    expected = {"zancada": "paso", "zancadas": "paso", "mapas de entidades": "mapa de características",
                "mapa de activación": "mapa de características", "enredar": "convolucionar",
                "enreda": "convolucionar", "enrollar": "convolucionar", "circunvolución": "convolución",
                "acolchado": "relleno", "librería": "biblioteca", "framework": "biblioteca",
                "marco de trabajo": "biblioteca", "pareja": "par", "invertidos": "voltear", "cortes": "rebanada",
                "invariancia de la traducción": "invariancia ante traslaciones",
                "capa completamente conectada": "capa totalmente conectada"}
    assert {variant: avoided.get(variant) for variant in expected} == expected
    assert find_avoided("cada filtro nuevo se enreda en todos los mapas de entidades con una zancada de 2") == [
        ("enreda", "convolucionar"), ("mapas de entidades", "mapa de características"), ("zancada", "paso")]


def test_the_other_languages_column_carries_lang():
    # Screen readers switch voice and the spelling check switches dictionary on these cells.
    for entry in GLOSSARY:
        assert f'<td lang="en">{entry.en}</td>' in to_html("es"), entry.en
        assert f'<td lang="es">{entry.es}</td>' in to_html("en"), entry.es


def test_english_variants_in_the_spanish_table_carry_lang():
    table = to_html("es")
    for english in ("framework", "flip", "fully connected", "max pooling", "stride", "kernels"):
        assert f'<span lang="en">{english}</span>' in table, english
    for spanish in ("zancada", "librería", "pareja", "acolchado"):
        assert f'<span lang="en">{spanish}</span>' not in table, spanish
        assert spanish in table


def test_find_avoided_matches_whole_words_only():
    assert find_avoided("kernel_size, DepthwiseConv2D, kernels-like y strides") == [("strides", "paso")]
    assert find_avoided("el Feature\nMap") == [("Feature\nMap", "mapa de características")]


def test_lookup_and_find_avoided_validate_arguments():
    with pytest.raises(ValueError, match="term 'convolutional kernel'"):
        lookup("convolutional kernel")
    with pytest.raises(TypeError, match="term must be a string"):
        lookup(3)
    with pytest.raises(TypeError, match="text must be a string"):
        find_avoided(None)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_html_table_lists_every_entry_once(lang):
    table = to_html(lang)
    assert table.count("<tr>") == len(GLOSSARY) + 1
    column = 0 if lang == "en" else 1
    for entry in GLOSSARY:
        assert f"<td>{getattr(entry, 'en' if column == 0 else 'es')}</td>" in table


def test_html_table_language_is_validated():
    with pytest.raises(ValueError, match="lang must be one of"):
        to_html("fr")


@pytest.mark.parametrize("lang, headings", [("en", ["English", "Spanish", "Definition"]),
                                            ("es", ["Español", "Inglés", "Definición", "En lugar de"])])
def test_html_table_headings_are_in_the_page_language(lang, headings):
    table = to_html(lang)
    assert re.findall(r"<th>([^<]*)</th>", table) == headings
    assert f'<table class="convref-glossary" lang="{lang}">' in table
    # Every row has one cell per heading.
    rows = re.findall(r"<tr>(.*?)</tr>", table)[1:]
    assert rows and all(row.count("<td") == len(headings) for row in rows)
