"""A reproducible build: a second clean build, in another folder, gives the same bytes.

``make test`` builds the site from clean into _build/site (notebook outputs may
come from the execution cache), then once more into _build/repro/site with
empty caches (``make repro``: every notebook runs again, and absolute paths
cannot hide in the output). This compares the two, every file: HTML, figures,
search index, inventories, static files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from _site import REPRO_SITE, built_site

TEXT = {".html", ".svg", ".js", ".css", ".txt", ".xml", ".json", ".md"}
SHOWN = 20


def files_of(root: Path) -> dict[str, Path]:
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*")) if path.is_file()}


def first_difference(a: Path, b: Path) -> str:
    if a.suffix not in TEXT:
        return f"{a.stat().st_size} and {b.stat().st_size} bytes"
    left = a.read_text(encoding="utf-8", errors="replace").splitlines()
    right = b.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, (x, y) in enumerate(zip(left, right), start=1):
        if x != y:
            return f"line {number}: {x.strip()[:100]!r} != {y.strip()[:100]!r}"
    return f"{len(left)} and {len(right)} lines"


def differences(first: Path, second: Path) -> list[str]:
    one, two = files_of(first), files_of(second)
    problems = [f"only in {first}: {name}" for name in sorted(one.keys() - two.keys())]
    problems += [f"only in {second}: {name}" for name in sorted(two.keys() - one.keys())]
    differing = [name for name in sorted(one.keys() & two.keys())
                 if hashlib.sha256(one[name].read_bytes()).digest() != hashlib.sha256(two[name].read_bytes()).digest()]
    problems += [f"differs: {name}: {first_difference(one[name], two[name])}" for name in differing[:SHOWN]]
    if len(differing) > SHOWN:
        problems.append(f"... and {len(differing) - SHOWN} more differing files")
    return problems


def test_a_second_clean_build_gives_the_same_files(site):
    repro = built_site(REPRO_SITE, make="make repro")
    assert differences(site, repro) == [], "the build is not reproducible"
    assert len(files_of(site)) > 100


def test_a_difference_is_named(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "en").mkdir(parents=True)
        (tmp_path / name / "index.html").write_text("<html>same</html>\n")
        (tmp_path / name / "en" / "page.html").write_text(f"<p>built</p>\n<p>{name}</p>\n")
    (tmp_path / "a" / "en" / "only-a.svg").write_text("<svg/>")
    assert differences(tmp_path / "a", tmp_path / "b") == [
        f"only in {tmp_path / 'a'}: en/only-a.svg",
        "differs: en/page.html: line 2: '<p>a</p>' != '<p>b</p>'",
    ]
    assert differences(tmp_path / "a", tmp_path / "a") == []
