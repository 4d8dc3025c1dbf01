#!/usr/bin/env python3
"""Check that docs/en and docs/es are the same site in two languages.

Both trees must have:

- the same pages (the same relative paths of ``.md`` files);
- byte-identical code: every ``{code-cell}`` and every ``{doctest}``,
  ``{testcode}``, ``{testoutput}``, ``{testsetup}``, ``{testcleanup}`` and
  ``{eval-rst}`` block (the API pages' autodoc directives), options and
  metadata included, in the same order. Words in the page's language
  (captions, alt text, prose around numbers) belong in markdown, for example
  in a ``{glue:figure}`` directive, never in a cell;
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
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE, TRANSLATION = "en", "es"
STAMP_FIELD = "translation_of"
HASH_LENGTH = 12

CODE_DIRECTIVES = {"code-cell", "doctest", "testcode", "testoutput", "testsetup", "testcleanup", "eval-rst"}
FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)$")
LABEL = re.compile(r"^\s*\((?P<name>[^()\s]+)\)=\s*$")
NAME_OPTION = re.compile(r"^\s*:name:\s*(?P<name>\S+)\s*$")
EQUATION_LABEL = re.compile(r"^\s*\$\$\s*\((?P<name>[^()\s]+)\)\s*$")
GLUE_ROLE = re.compile(r"\{glue(?::\w+)?\}`(?P<key>[^`:]+)(?::[^`]*)?`")
FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?\n)---\n", re.DOTALL)


class UsageError(Exception):
    """Wrong arguments or missing files: exit status 2."""


@dataclass
class Page:
    """What two twin pages must share."""

    front_matter: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    glue_keys: set[str] = field(default_factory=set)
    toctree: list[str] = field(default_factory=list)
    translation_of: str | None = None


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
    code_lines: list[str] | None = None  # the code block being collected
    for line in body.split("\n"):
        if stack:
            fence, name = stack[-1]
            closing = line.strip()
            if closing and set(closing) == {fence[0]} and len(closing) >= len(fence):
                stack.pop()
                if code_lines is not None and not stack_has_code(stack):
                    page.code.append("\n".join(code_lines))
                    code_lines = None
                continue
            if code_lines is not None:
                code_lines.append(line)
                continue
            if name == "":
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
                stack.append((opening["fence"], name))
                if name in CODE_DIRECTIVES:
                    code_lines = [line.strip()]
                elif name.startswith("glue:") and directive["argument"]:
                    page.glue_keys.add(directive["argument"].split()[0])
                continue
        for pattern in (LABEL, NAME_OPTION, EQUATION_LABEL):
            match = pattern.match(line)
            if match:
                page.labels.append(match["name"])
        page.glue_keys.update(m["key"].strip() for m in GLUE_ROLE.finditer(line))
    return page


def stack_has_code(stack) -> bool:
    return any(name in CODE_DIRECTIVES for _, name in stack)


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
            problems.append(f"{es_name}: {len(es.code)} code cells/doctest blocks, {en_name} has {len(en.code)}")
        for number, (en_cell, es_cell) in enumerate(zip(en.code, es.code), start=1):
            if en_cell != es_cell:
                first = en_cell.split("\n", 1)[0].lstrip("`~:")
                problems.append(f"{es_name}: code block {number} ({first}) differs from {en_name}; "
                                "code must be byte-identical, words go in markdown")
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
