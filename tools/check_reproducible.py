#!/usr/bin/env python3
"""Compare two builds of the site byte for byte: a reproducible build gives the same files.

    python tools/check_reproducible.py _build/repro1/site _build/repro2/site

Every file of both trees is compared (HTML, SVG and PNG figures, search index,
inventories, static files). Prints the files that exist in one tree only and
the first differing files (with the first differing line for text files),
exits 1 if the trees differ, 2 on bad input. `make check-reproducible` builds
the site twice, from clean, into two folders and runs this.
"""

from __future__ import annotations

import difflib
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_common import Parser, fail  # noqa: E402

PROG = "check_reproducible.py"
TEXT = {".html", ".svg", ".js", ".css", ".txt", ".xml", ".json", ".md"}


def files_of(root: Path) -> dict[str, Path]:
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*")) if path.is_file()}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def first_difference(a: Path, b: Path) -> str:
    if a.suffix not in TEXT:
        return f"{a.stat().st_size} and {b.stat().st_size} bytes"
    left = a.read_text(encoding="utf-8", errors="replace").splitlines()
    right = b.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, (x, y) in enumerate(zip(left, right), start=1):
        if x != y:
            return f"line {number}: {x.strip()[:100]!r} != {y.strip()[:100]!r}"
    return f"{len(left)} and {len(right)} lines"


def compare(first: Path, second: Path, show: int = 20) -> list[str]:
    one, two = files_of(first), files_of(second)
    problems = [f"only in {first}: {name}" for name in sorted(one.keys() - two.keys())]
    problems += [f"only in {second}: {name}" for name in sorted(two.keys() - one.keys())]
    differing = [name for name in sorted(one.keys() & two.keys()) if digest(one[name]) != digest(two[name])]
    for name in differing[:show]:
        problems.append(f"differs: {name}: {first_difference(one[name], two[name])}")
    if len(differing) > show:
        problems.append(f"... and {len(differing) - show} more differing files")
    return problems


def main(argv=None) -> int:
    parser = Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path, help="one built site")
    parser.add_argument("second", type=Path, help="the other built site")
    args = parser.parse_args(argv)
    for tree in (args.first, args.second):
        if not (tree / "index.html").is_file():
            return fail(PROG, f"{tree}: not a built site (no index.html)")
    problems = compare(args.first, args.second)
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{PROG}: the two builds differ ({len(problems)} problem(s)): the build is not reproducible",
              file=sys.stderr)
        return 1
    count = len(files_of(args.first))
    print(f"{PROG}: {args.first} and {args.second}: {count} files, byte-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
