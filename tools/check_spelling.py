#!/usr/bin/env python3
"""Spell-check the text that readers of the built site see, with hunspell.

Each page of site/<lang>/ is checked with the dictionary of its language
(en: en_US, es: es_ES, Debian's hunspell-en-us and hunspell-es) plus the
project's reviewed word lists in tools/spelling/ (common.txt for both
languages, en.txt, es.txt).

What is checked: the text of the page's <body> and the alt, title,
aria-label and placeholder attributes that readers and screen readers meet.

What is left out: code (code, pre, kbd, samp, tt, .highlight, API signatures),
math (math, .math), glued numbers (span.pasted-text), scripts and styles, the
entry tables of the generated indexes (object names), URLs and e-mail
addresses, single letters (symbols such as k, H, W), and any token with a
digit, an underscore or a dot inside (conv2d, 3x3, C_in, np.einsum): those are
names and numbers, not words.

Language of a part: an element's ``lang`` attribute picks the dictionary for
its text (the switcher's "English" on Spanish pages). The API reference
documents convref with its English docstrings on both sites ("Las
descripciones están en inglés"), so autodoc's output is checked as English on
every site: ``dl.py`` objects, and each module's docstring, that is an element
whose id starts with ``module-`` and the elements after it in its parent. A
docstring word passes if en_US or es_ES knows it: docstrings quote Spanish
terms («núcleo»), and on the Spanish site their section names are partly
translated by Sphinx (Parámetros, Ejemplos) and partly not (Type). Permalink
titles and other attributes are checked in the page's language.

English is checked with en_US: the site writes American English, as PyTorch
and NumPy do (color, gray, labeled, neighbor).

A word unknown to both the dictionary and the word lists is a problem:
``es/index.html: unknown word 'filtross' (es_ES)``, one line per page and word;
exit status 1. Fix the text; add a word to tools/spelling/ only if it is a real
term (a name, a technical word) that the dictionary lacks. A list entry in
lower case also accepts the word capitalised; other entries match exactly.
Entries that no page uses are reported (not an error) with --unused.

    python tools/check_spelling.py [SITE] [--pages es/index.html ...] [--unused]
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import warnings
from collections import defaultdict
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, XMLParsedAsHTMLWarning

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_common import DEFAULT_SITE, LANGUAGES, Parser, fail, select_pages, site_error  # noqa: E402

PROG = "check_spelling.py"
DICTIONARIES = {"en": "en_US", "es": "es_ES"}
WORDS_DIR = Path(__file__).resolve().parent / "spelling"
SKIPPED_TAGS = {"script", "style", "noscript", "template", "code", "pre", "kbd", "samp", "tt", "math",
                "svg", "var"}
# Code and names: highlighted code, math, glued values, signatures of API objects,
# and the entry tables of the generated indexes (genindex, py-modindex), which list
# object names and glossary terms rather than prose.
SKIPPED_CLASSES = {"highlight", "math", "pasted-text", "pre", "sig", "sig-param", "indextable",
                   "modindextable", "genindextable"}
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+|\S+@\S+\.\w+", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# A chunk (between spaces) that names code rather than words: digits, underscores,
# dotted names (np.einsum), calls, paths, operators.
CODE_LIKE = re.compile(r"[\d_]|[^\W\d_]\.[^\W\d_]|[()\[\]{}=<>/\\|*^~#$`]")


def word_list(lang: str) -> set[str]:
    words = set()
    for name in ("common.txt", f"{lang}.txt"):
        path = WORDS_DIR / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.split("#", 1)[0].strip().replace("’", "'")
                if line:
                    words.add(line)
    return words


def listed(word: str, words: set[str]) -> str | None:
    """The word-list entry that accepts ``word``, or None."""
    if word in words:
        return word
    lower = word.lower()
    if lower in words and (word == lower.capitalize() or word == word.upper()):
        return lower
    return None


def words_of(text: str) -> list[str]:
    words = []
    for chunk in URL.sub(" ", text).split():
        chunk = chunk.strip(".,;:!?¡¿«»“”\"'‘’()[]…—–-")
        if not chunk or CODE_LIKE.search(chunk):
            continue
        words += [word.replace("’", "'") for word in WORD.findall(chunk)]
    # Single letters are symbols (k, H, W) or one-letter words (a, y, o): not checked.
    return [word for word in words if len(word) > 1]


def skipped(tag) -> bool:
    if tag.name in SKIPPED_TAGS:
        return True
    return bool(SKIPPED_CLASSES & set(tag.get("class") or []))


def autodoc_parts(soup) -> set[int]:
    """ids (Python id()) of the elements that autodoc wrote: English docstrings."""
    parts = set()
    for dl in soup.select("dl.py"):
        parts.add(id(dl))
    for start in soup.find_all(id=re.compile(r"^module-")):
        parts.add(id(start))
        for sibling in start.find_next_siblings():
            parts.add(id(sibling))
    return parts


DOCSTRING = "docstring"  # English text that may quote Spanish terms (convref is bilingual)


def page_text(soup, page_lang: str) -> dict[str, list[str]]:
    """The page's visible words by language: {lang: [text, ...]}."""
    english = autodoc_parts(soup)
    texts = defaultdict(list)

    def walk(tag, lang):
        if skipped(tag):
            return
        if id(tag) in english:
            lang = DOCSTRING
        if tag.get("lang"):
            lang = tag["lang"].split("-")[0].lower()
        for attribute in ATTRIBUTES:
            if tag.get(attribute):
                # Permalink titles and labels are the theme's, in the page's language.
                texts[page_lang if lang == DOCSTRING else lang].append(str(tag[attribute]))
        for child in tag.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, CDATA or doctype
                    texts[lang].append(str(child))
            elif child.name:
                walk(child, lang)

    if soup.body is not None:
        walk(soup.body, page_lang)
    if soup.title is not None and soup.title.string:
        texts[page_lang].append(soup.title.string)
    return texts


def parse(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")


def hunspell_unknown(words: set[str], lang: str) -> set[str]:
    """The ``words`` that hunspell's dictionary for ``lang`` does not know."""
    if not words:
        return set()
    result = subprocess.run(["hunspell", "-d", DICTIONARIES[lang], "-i", "utf-8", "-l"],
                            input="\n".join(sorted(words)) + "\n", capture_output=True,
                            text=True, encoding="utf-8")
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[0] if result.stderr.strip()
                           else f"hunspell exited with status {result.returncode}")
    return set(result.stdout.split())


def missing_dictionaries() -> list[str]:
    """Dictionaries hunspell cannot load (Debian: hunspell-en-us, hunspell-es)."""
    result = subprocess.run(["hunspell", "-D"], input="", capture_output=True, text=True)
    available = result.stdout + result.stderr
    return [name for name in DICTIONARIES.values()
            if not re.search(rf"/{name}(\.aff)?\s*$", available, re.MULTILINE)]


def check(site: Path, pages: list[Path]):
    """(problems, used list entries) for ``pages`` of ``site``."""
    by_lang = defaultdict(lambda: defaultdict(set))  # lang -> word -> pages
    for page in pages:
        rel = page.relative_to(site)
        page_lang = rel.parts[0] if rel.parts[0] in LANGUAGES else "en"
        for lang, texts in page_text(parse(page), page_lang).items():
            lang = lang if lang in DICTIONARIES or lang == DOCSTRING else page_lang
            for text in texts:
                for word in words_of(text):
                    by_lang[lang][word].add(rel.as_posix())
    problems, used = [], set()
    for lang, occurrences in sorted(by_lang.items()):
        # Docstrings are English and quote Spanish terms ("núcleo", the RAE's
        # "Diccionario panhispánico de dudas"): a word either dictionary knows is fine.
        langs = ["en", "es"] if lang == DOCSTRING else [lang]
        words = set().union(*(word_list(code) for code in langs))
        unknown = set.intersection(*(hunspell_unknown(set(occurrences), code) for code in langs))
        for word in sorted(occurrences):
            entry = listed(word, words)
            if entry:
                used.update((code, entry) for code in langs)
                continue
            if word in unknown:
                problems += [f"{page}: unknown word {word!r} ({'+'.join(DICTIONARIES[code] for code in langs)})"
                             for page in sorted(occurrences[word])]
    return sorted(problems), used


def unused_entries(used) -> list[str]:
    lines = []
    for name in ("common.txt", *(f"{lang}.txt" for lang in DICTIONARIES)):
        langs = DICTIONARIES if name == "common.txt" else [name[:-4]]
        path = WORDS_DIR / name
        if not path.is_file():
            continue
        entries = {line.split("#", 1)[0].strip().replace("’", "'") for line in path.read_text(encoding="utf-8").splitlines()}
        for entry in sorted(entries - {""}):
            if not any((lang, entry) in used for lang in langs):
                lines.append(f"tools/spelling/{name}: {entry!r} is used by no page")
    return lines


def main(argv=None) -> int:
    parser = Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE,
                        help="the assembled site (default: _build/site)")
    parser.add_argument("--pages", nargs="+", metavar="PAGE",
                        help="only these pages, relative to the site (e.g. es/index.html)")
    parser.add_argument("--unused", action="store_true", help="also list word-list entries no page uses")
    args = parser.parse_args(argv)
    if shutil.which("hunspell") is None:
        return fail(PROG, "hunspell not found (Debian: apt-get install hunspell hunspell-en-us hunspell-es)")
    missing = missing_dictionaries()
    if missing:
        return fail(PROG, f"hunspell has no {', '.join(missing)} dictionary "
                          "(Debian: apt-get install hunspell-en-us hunspell-es)")
    problem = site_error(args.site)
    if problem:
        return fail(PROG, problem)
    pages, unknown = select_pages(args.site, args.pages)
    if unknown:
        return fail(PROG, f"no such page in {args.site}: {', '.join(unknown)}")
    try:
        problems, used = check(args.site, pages)
    except RuntimeError as error:
        return fail(PROG, f"hunspell failed: {error}")
    for line in problems:
        print(line, file=sys.stderr)
    if args.unused:
        for line in unused_entries(used):
            print(line)
    if problems:
        print(f"{PROG}: {len(problems)} unknown word(s) in {args.site}: fix the text, or add a real "
              "term to tools/spelling/", file=sys.stderr)
        return 1
    print(f"{PROG}: {len(pages)} pages of {args.site}: every word is in the "
          f"{'/'.join(DICTIONARIES.values())} dictionary "
          "or tools/spelling/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
