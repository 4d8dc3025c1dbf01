#!/usr/bin/env python3
"""Check that docs/en and docs/es are the same site in two languages.

Both trees must have:

- the same pages (the same relative paths of ``.md`` files);
- the same code: every ``{code-cell}``, every ``{doctest}``, ``{testcode}``,
  ``{testoutput}``, ``{testsetup}``, ``{testcleanup}`` and ``{eval-rst}``
  block (the API pages' autodoc directives) and every plain code block a
  reader copies (fences of ``python``, ``bash``...), in the same order.
  A block's opening line and its options or metadata (``:tags:``, a
  ``---`` YAML block, ``:options:``) must be byte-identical; its code is
  compared with its comments removed, because comments are written in the
  page's language:

  * Python (code cells, ``{testcode}`` and friends, ``python`` fences) is
    compared token by token with :mod:`tokenize`: the same names, numbers,
    strings, operators and indentation; comments, blank lines and the spacing
    inside a line do not count. Code that does not tokenize is reported.
  * Doctest blocks (``{doctest}``, ``pycon`` fences) are read with
    :class:`doctest.DocTestParser`: each example's source as Python above,
    its ``# doctest:`` directives and its expected output exactly.
  * Shell blocks (``bash``, ``sh``, ``shell`` fences) are compared word by
    word with :mod:`shlex` (quotes kept); an unquoted word that starts with
    ``#`` begins a comment, as in the shell. ``--lang en`` on an English page
    and ``--lang es`` on a Spanish one are the page's language, and count as
    the same words.
  * Everything else (``{eval-rst}``, ``{testoutput}``, ``text`` fences...) is
    compared byte for byte.

  Printed words in the page's language come from the site's catalog at run
  time (``word(...)``), never from the code; words for the reader's eyes
  (captions, alt text, prose around numbers) belong in markdown, for example
  in a ``{glue:figure}`` directive;
- the same notebook front matter, except the Spanish page's
  ``translation_of`` field;
- the same labels: ``(name)=`` targets, ``:name:`` options and equation labels
  (``$$ ... $$ (label)``);
- the same glue keys used by ``{glue}``/``{glue:text}``/... roles and
  ``{glue:figure}``/``{glue:math}``/... directives (as sets: sentences may
  order them differently);
- the same toctree entries (documents, in order; entry titles may differ).

And every Spanish page records which version of its English twin it
translates: ``translation_of: <hash>`` in its front matter, the first 12 hex
digits of the SHA-256 of the English page's normalized text (line endings
``\\n``, trailing spaces and trailing blank lines removed). After translating
an English change, record it with::

    python tools/parity.py --stamp docs/es/<page>.md

Exit status: 0 when the trees agree, 1 when they do not (one line per
problem), 2 on wrong arguments or missing files.
"""

from __future__ import annotations

import argparse
import doctest
import hashlib
import io
import re
import shlex
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE, TRANSLATION = "en", "es"
STAMP_FIELD = "translation_of"
HASH_LENGTH = 12

CODE_DIRECTIVES = {"code-cell", "doctest", "testcode", "testoutput", "testsetup", "testcleanup", "eval-rst"}
# How the body of a block is compared, by directive or by a plain fence's language.
PYTHON_BLOCKS = {"code-cell", "testcode", "testsetup", "testcleanup", "python", "py", "python3", "ipython3"}
DOCTEST_BLOCKS = {"doctest", "pycon"}
SHELL_BLOCKS = {"bash", "sh", "shell"}
LANGUAGE_OPTION = "--lang"
FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)$")
LABEL = re.compile(r"^\s*\((?P<name>[^()\s]+)\)=\s*$")
NAME_OPTION = re.compile(r"^\s*:name:\s*(?P<name>\S+)\s*$")
EQUATION_LABEL = re.compile(r"^\s*\$\$\s*\((?P<name>[^()\s]+)\)\s*$")
GLUE_ROLE = re.compile(r"\{glue(?::\w+)?\}`(?P<key>[^`:]+)(?::[^`]*)?`")
FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?\n)---\n", re.DOTALL)


class UsageError(Exception):
    """Wrong arguments or missing files: exit status 2."""


class CodeError(Exception):
    """A block whose code cannot be read as its language: ``line`` is its line in the block's body."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclass
class Block:
    """One block of code on a page: its opening fence, options and body as written."""

    opening: str                 # the opening fence line, stripped
    kind: str                    # the directive ("code-cell", "doctest", ...) or a plain fence's language
    line: int                    # the line of the opening fence in the page (from 1)
    body: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """How a message names the block: ``{code-cell} ipython3``, ``python``."""
        return self.opening.lstrip("`~:") or "plain code"

    def split_options(self) -> tuple[list[str], list[str], int]:
        """(option lines, code lines, line of the code's first line in the page).

        Options are a directive's leading ``:key: value`` lines or a ``---``
        YAML block; a plain fence has none.
        """
        lines, start = self.body, 0
        if self.kind in CODE_DIRECTIVES:
            if lines and lines[0].strip() == "---":
                end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
                if end is not None:
                    start = end + 1
            else:
                while start < len(lines) and lines[start].lstrip().startswith(":"):
                    start += 1
        return lines[:start], lines[start:], self.line + 1 + start

    def code(self) -> str:
        return "\n".join(self.split_options()[1])

    def compared(self, language: str) -> tuple:
        """What must agree between the twins: options exactly, code without its comments.

        ``language`` is the page's (``en`` or ``es``). Raises CodeError when
        the code does not tokenize.
        """
        options, code, _ = self.split_options()
        return (self.opening, tuple(options), tuple(item for item, _ in comparable(self.kind, "\n".join(code), language)))

    def comments(self) -> list[tuple[int, str]]:
        """(line in the page, text without the ``#``) of every comment in the block's code."""
        _, code, first = self.split_options()
        return [(first + line - 1, text) for line, text in code_comments(self.kind, "\n".join(code))]


@dataclass
class Page:
    """What two twin pages must share."""

    front_matter: list[str] = field(default_factory=list)
    code: list[Block] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    glue_keys: set[str] = field(default_factory=set)
    toctree: list[str] = field(default_factory=list)
    translation_of: str | None = None


# -- code without its comments ---------------------------------------------------------

def python_tokens(source: str, first_line: int = 1):
    """The tokens of ``source`` that are code, as ((type, string), line).

    Comments, blank lines (``NL``) and the spacing between tokens are not
    code; indentation is (``INDENT`` carries its whitespace).
    """
    tokens = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING):
                continue
            line = first_line + token.start[0] - 1
            if token.type == tokenize.ERRORTOKEN and not token.string.isspace():
                raise CodeError(f"does not tokenize as Python: unexpected {token.string!r}", line)
            if token.type == tokenize.ERRORTOKEN:
                continue
            string = "" if token.type in (tokenize.NEWLINE, tokenize.DEDENT, tokenize.ENDMARKER) else token.string
            tokens.append(((tokenize.tok_name[token.type], string), line))
    except tokenize.TokenError as error:
        message, (row, _) = error.args
        if message == "EOF in multi-line statement":
            message = "a bracket is never closed (EOF in multi-line statement)"
        raise CodeError(f"does not tokenize as Python: {message}", first_line + row - 1) from None
    except (IndentationError, SyntaxError) as error:
        raise CodeError(f"does not tokenize as Python: {error.msg}", first_line + (error.lineno or 1) - 1) from None
    return tokens


def python_comments(source: str, first_line: int = 1) -> list[tuple[int, str]]:
    try:
        return [(first_line + token.start[0] - 1, token.string[1:].strip())
                for token in tokenize.generate_tokens(io.StringIO(source).readline)
                if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return []


def doctest_examples(source: str):
    try:
        return doctest.DocTestParser().parse(source)
    except ValueError as error:
        line = re.match(r"line (\d+) of the docstring for \S+ ", str(error))
        reason = str(error)[line.end():] if line else str(error)
        raise CodeError(f"is not a valid doctest: {reason}", int(line[1]) if line else 1) from None


def doctest_tokens(source: str):
    """Each example's code tokens, ``# doctest:`` directives and expected output; text between examples."""
    items = []
    for part in doctest_examples(source):
        if isinstance(part, str):
            if part.strip():
                items.append((("text", part.strip()), 1))
            continue
        line = part.lineno + 1
        items.extend(python_tokens(part.source, line))
        items.append((("options", tuple(sorted(part.options.items()))), line))
        items.append((("want", part.want), line))
    return items


def doctest_comments(source: str) -> list[tuple[int, str]]:
    comments = []
    for part in doctest_examples(source):
        if not isinstance(part, str):
            comments.extend((line, text) for line, text in python_comments(part.source, part.lineno + 1)
                            if not text.startswith("doctest:"))
    return comments


def shell_lines(source: str):
    """(line, words, comment) of each logical line; a backslash at the end of a line continues it."""
    logical, start, pending = [], 1, ""
    for number, line in enumerate(source.split("\n"), start=1):
        if not pending:
            start = number
        if line.endswith("\\") and not line.endswith("\\\\"):
            pending += line[:-1] + " "
            continue
        logical.append((start, pending + line))
        pending = ""
    if pending:
        logical.append((start, pending))
    result = []
    for line, text in logical:
        lexer = shlex.shlex(text, posix=False)
        lexer.whitespace_split, lexer.commenters = True, ""
        try:
            words = list(lexer)
        except ValueError as error:
            raise CodeError(f"does not read as a shell line: {str(error).lower()}", line) from None
        # An unquoted word starting with # begins a comment (a quoted one starts with its quote).
        cut = next((i for i, word in enumerate(words) if word.startswith("#")), len(words))
        comment = text[text.index(words[cut]):].lstrip("#").strip() if cut < len(words) else None
        result.append((line, words[:cut], comment))
    return result


def shell_tokens(source: str, language: str):
    items = []
    for line, words, _ in shell_lines(source):
        for i, word in enumerate(words):
            if i and words[i - 1] == LANGUAGE_OPTION and word == language:
                word = "<the page's language>"
            items.append((("word", word), line))
        if words:
            items.append((("end of line", ""), line))
    return items


def comparable(kind: str, source: str, language: str):
    """The items of a block's code that must agree between twins, as (item, line in the code)."""
    if kind in PYTHON_BLOCKS:
        return python_tokens(source)
    if kind in DOCTEST_BLOCKS:
        return doctest_tokens(source)
    if kind in SHELL_BLOCKS:
        return shell_tokens(source, language)
    return [(("line", line), number) for number, line in enumerate(source.rstrip("\n").split("\n"), start=1)]


def code_comments(kind: str, source: str) -> list[tuple[int, str]]:
    """(line in the code, text) of the comments of a block's code; none for blocks compared byte for byte."""
    if kind in PYTHON_BLOCKS:
        return python_comments(source)
    if kind in DOCTEST_BLOCKS:
        return doctest_comments(source)
    if kind in SHELL_BLOCKS:
        try:
            return [(line, comment) for line, _, comment in shell_lines(source) if comment]
        except CodeError:
            return []
    return []


def normalize(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).rstrip("\n") + "\n"


def page_hash(path: Path) -> str:
    return hashlib.sha256(normalize(path.read_text(encoding="utf-8")).encode()).hexdigest()[:HASH_LENGTH]


def split_front_matter(text: str):
    """(front matter lines, rest of the page); the lines exclude the --- fences."""
    match = FRONT_MATTER.match(text)
    if not match:
        return [], text
    return match["body"].splitlines(), text[match.end():]


def parse(text: str) -> Page:
    page = Page()
    front, body = split_front_matter(text.replace("\r\n", "\n"))
    for line in front:
        if line.startswith(STAMP_FIELD + ":"):
            page.translation_of = line.split(":", 1)[1].strip() or None
        else:
            page.front_matter.append(line)

    # Open fences, innermost last: (fence, directive name, or "" for a plain
    # code block, whose content is not markup).
    stack: list[tuple[str, str]] = []
    block: Block | None = None  # the code block being collected
    offset = text.replace("\r\n", "\n").count("\n") - body.count("\n")  # lines of front matter
    for number, line in enumerate(body.split("\n"), start=offset + 1):
        if stack:
            fence, name = stack[-1]
            closing = line.strip()
            if closing and set(closing) == {fence[0]} and len(closing) >= len(fence):
                stack.pop()
                if block is not None and len(stack) == block_depth:
                    page.code.append(block)
                    block = None
                continue
            if block is not None:
                block.body.append(line)
                continue
            if name == "toctree":
                entry = line.strip()
                if entry and not entry.startswith(":"):
                    page.toctree.append(re.sub(r"^.*<(.+)>$", r"\1", entry))
                continue
        opening = FENCE_OPEN.match(line)
        if opening:
            directive = DIRECTIVE.match(opening["info"].strip())
            if directive or opening["fence"][0] != ":":  # ::: without a directive is text
                name = directive["name"] if directive else ""
                block_depth = len(stack)
                stack.append((opening["fence"], name))
                if name in CODE_DIRECTIVES:
                    block = Block(line.strip(), name, number)
                elif not directive:  # a plain code block: its language is the info string's first word
                    block = Block(line.strip(), (opening["info"].split() or [""])[0].lower(), number)
                elif name.startswith("glue:") and directive["argument"]:
                    page.glue_keys.add(directive["argument"].split()[0])
                continue
        for pattern in (LABEL, NAME_OPTION, EQUATION_LABEL):
            match = pattern.match(line)
            if match:
                page.labels.append(match["name"])
        page.glue_keys.update(m["key"].strip() for m in GLUE_ROLE.finditer(line))
    return page


def pages(tree: Path) -> set[str]:
    return {path.relative_to(tree).as_posix() for path in tree.rglob("*.md")
            if not any(part.startswith((".", "_")) for part in path.relative_to(tree).parts)}


def shown(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def stamp_command(docs: Path, relative: str) -> str:
    return f"python tools/parity.py --stamp {shown(docs / TRANSLATION / relative)}"


def compare(docs: Path) -> list[str]:
    """Every disagreement between the trees, one line each."""
    en_tree, es_tree = docs / SOURCE, docs / TRANSLATION
    for tree in (en_tree, es_tree):
        if not tree.is_dir():
            raise UsageError(f"{tree}: no such directory")
    problems = []
    en_pages, es_pages = pages(en_tree), pages(es_tree)
    for missing in sorted(en_pages - es_pages):
        problems.append(f"docs/{TRANSLATION}/{missing}: missing (docs/{SOURCE}/{missing} has no Spanish twin)")
    for missing in sorted(es_pages - en_pages):
        problems.append(f"docs/{SOURCE}/{missing}: missing (docs/{TRANSLATION}/{missing} has no English twin)")

    for relative in sorted(en_pages & es_pages):
        en_path, es_path = en_tree / relative, es_tree / relative
        en, es = parse(en_path.read_text(encoding="utf-8")), parse(es_path.read_text(encoding="utf-8"))
        en_name, es_name = f"docs/{SOURCE}/{relative}", f"docs/{TRANSLATION}/{relative}"

        if en.translation_of is not None:
            problems.append(f"{en_name}: has a {STAMP_FIELD} field; only the Spanish page records one")
        if en.front_matter != es.front_matter:
            problems.append(f"{es_name}: front matter differs from {en_name} (only {STAMP_FIELD} may differ)")
        if len(en.code) != len(es.code):
            problems.append(f"{es_name}: {len(es.code)} code blocks, {en_name} has {len(en.code)}")
        for number, (en_block, es_block) in enumerate(zip(en.code, es.code), start=1):
            problems.extend(compare_blocks(number, en_block, en_name, es_block, es_name))
        if en.labels != es.labels:
            problems.append(f"{es_name}: labels {es.labels} differ from {en_name}'s {en.labels}")
        if en.glue_keys != es.glue_keys:
            only_en, only_es = sorted(en.glue_keys - es.glue_keys), sorted(es.glue_keys - en.glue_keys)
            problems.append(f"{es_name}: glue keys differ from {en_name} "
                            f"(only in en: {only_en}, only in es: {only_es})")
        if en.toctree != es.toctree:
            problems.append(f"{es_name}: toctree entries {es.toctree} differ from {en_name}'s {en.toctree}")

        expected = page_hash(en_path)
        how = (f"translate the change into {es_name}, then run "
               f"`{stamp_command(docs, relative)}`")
        if es.translation_of is None:
            problems.append(f"{es_name}: no {STAMP_FIELD} field in its front matter; {how}")
        elif es.translation_of != expected:
            problems.append(f"{es_name}: translates an older {en_name} "
                            f"({STAMP_FIELD}: {es.translation_of}, current: {expected}); {how}")
    return problems


def compare_blocks(number: int, en: Block, en_name: str, es: Block, es_name: str) -> list[str]:
    """How two twin code blocks (number ``number`` on their pages) disagree: no line when they agree."""
    keys, problems = {}, []
    for lang, block, name in ((SOURCE, en, en_name), (TRANSLATION, es, es_name)):
        try:
            keys[lang] = block.compared(lang)
        except CodeError as error:
            _, _, first = block.split_options()
            problems.append(f"{name}: code block {number} ({block.title}, line {block.line}) {error} "
                            f"(line {first + error.line - 1})")
    if problems:
        return problems
    if keys[SOURCE] == keys[TRANSLATION]:
        return []
    return [f"{es_name}: code block {number} ({es.title}, line {es.line}) differs from {en_name} "
            f"({first_difference(en, es)}); only comments may differ, "
            "printed words come from the site's catalog and prose goes in markdown"]


def first_difference(en: Block, es: Block) -> str:
    """Where two blocks whose compared forms differ part ways, for a reader of the message."""
    en_options, _, en_first = en.split_options()
    es_options, _, es_first = es.split_options()
    if en.opening != es.opening:
        return f"opening {es.opening!r}, {SOURCE} has {en.opening!r}"
    if en_options != es_options:
        return f"options {[o.strip() for o in es_options]}, {SOURCE} has {[o.strip() for o in en_options]}"
    en_items = comparable(en.kind, en.code(), SOURCE)
    es_items = comparable(es.kind, es.code(), TRANSLATION)
    for (en_item, en_line), (es_item, es_line) in zip(en_items, es_items):
        if en_item != es_item:
            return (f"line {es_first + es_line - 1} has {shown_item(es_item)}, "
                    f"line {en_first + en_line - 1} of {SOURCE} has {shown_item(en_item)}")
    if len(es_items) > len(en_items):
        item, line = es_items[len(en_items)]
        return f"line {es_first + line - 1} has {shown_item(item)} more"
    item, line = en_items[len(es_items)]
    return f"it ends where line {en_first + line - 1} of {SOURCE} has {shown_item(item)}"


def shown_item(item) -> str:
    kind, value = item
    if kind in ("NEWLINE", "end of line"):
        return "the end of a line"
    if kind in ("INDENT", "DEDENT"):
        return "a change of indentation"
    if kind == "want":
        return f"expected output {value!r}"
    if kind == "options":
        names = {flag: name for name, flag in doctest.OPTIONFLAGS_BY_NAME.items()}
        return "doctest directives " + (", ".join(("+" if on else "-") + names.get(flag, str(flag))
                                                  for flag, on in value) or "none")
    return repr(value)


def stamp(path: Path) -> str:
    """Record in the Spanish page ``path`` the hash of its English twin."""
    path = path.resolve()
    if not path.is_file():
        raise UsageError(f"{shown(path)}: no such file")
    for es_tree in path.parents:
        if es_tree.name == TRANSLATION and (es_tree.parent / SOURCE).is_dir():
            break
    else:
        raise UsageError(f"{shown(path)}: not a page of a docs/{TRANSLATION} tree "
                         "(only Spanish pages are stamped)")
    twin = es_tree.parent / SOURCE / path.relative_to(es_tree)
    if not twin.is_file():
        raise UsageError(f"{shown(twin)}: no such file (the English twin of {shown(path)})")
    digest = page_hash(twin)
    text = path.read_text(encoding="utf-8")
    line = f"{STAMP_FIELD}: {digest}"
    match = FRONT_MATTER.match(text)
    if match is None:
        text = f"---\n{line}\n---\n" + text
    else:
        body = match["body"]
        field_line = re.compile(rf"^{STAMP_FIELD}:.*$", re.MULTILINE)
        body = field_line.sub(line, body) if field_line.search(body) else body + line + "\n"
        text = f"---\n{body}---\n" + text[match.end():]
    path.write_text(text, encoding="utf-8")
    return f"{shown(path)}: {line}"


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line instead of argparse's usage block
        raise UsageError(f"{message} (see --help)")


def main(argv=None) -> int:
    parser = Parser(prog="parity.py", description=__doc__.split("\n\n")[0],
                    formatter_class=argparse.RawDescriptionHelpFormatter,
                    epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--docs", type=Path, default=ROOT / "docs",
                        help="folder holding the en/ and es/ trees to check (default: docs)")
    parser.add_argument("--stamp", nargs="+", type=Path, metavar="PAGE",
                        help="record in these Spanish pages the version of the English page they translate")
    try:
        args = parser.parse_args(argv)
        docs = args.docs.resolve()
        if not docs.is_dir():
            raise UsageError(f"{args.docs}: no such directory")
        if args.stamp:
            for page in args.stamp:
                print(stamp(page))
            return 0
        problems = compare(docs)
    except UsageError as error:
        print(f"parity.py: error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"parity.py: {len(problems)} problem(s) between docs/{SOURCE} and docs/{TRANSLATION}",
              file=sys.stderr)
        return 1
    print(f"parity.py: docs/{SOURCE} and docs/{TRANSLATION} agree ({len(pages(docs / SOURCE))} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
