"""The library's word catalog: both languages for every phrase, the same fields, every phrase used."""

import ast
from pathlib import Path

import pytest

import convref
from convref import _words

ROOT = Path(convref.__file__).parent


def source_trees():
    """(path, ast) of every convref module but the catalog itself."""
    return [(path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
            for path in sorted(ROOT.rglob("*.py")) if path.name != "_words.py"]


def string_constants():
    return {node.value for _, tree in source_trees() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


@pytest.mark.parametrize("key", sorted(_words._WORDS))
def test_every_phrase_has_both_languages_and_the_same_fields(key):
    phrases = _words._WORDS[key]
    assert set(phrases) == set(_words.LANGUAGES)
    assert all(phrases[lang].strip() for lang in _words.LANGUAGES)
    assert _words.fields(phrases["en"]) == _words.fields(phrases["es"]), key


def test_every_phrase_is_used_somewhere():
    # Keys are written out in full where they are used (no f-strings), so this finds them all.
    unused = sorted(set(_words._WORDS) - string_constants())
    assert not unused, f"phrases no module asks for (use them or drop them): {unused}"


def test_every_word_call_asks_for_a_phrase_that_exists():
    asked = []
    for path, tree in source_trees():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "word"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                asked.append((path.relative_to(ROOT).as_posix(), node.args[0].value))
    assert len(asked) > 50  # the CLI, the summary and the figures all ask
    unknown = [(path, key) for path, key in asked if key not in _words._WORDS]
    assert not unknown, unknown


def test_a_phrase_takes_exactly_its_fields():
    assert _words.word("training.class", "es", k=2) == "clase 2"
    with pytest.raises(ValueError, match=r"fields \['k'\], got \[\]"):
        _words.word("training.class", "es")
    with pytest.raises(ValueError, match=r"got \['k', 'n'\]"):
        _words.word("training.class", "es", k=2, n=3)


@pytest.mark.parametrize("value, en, es", [
    (0, "0", "0"), (999, "999", "999"), (4536, "4,536", "4536"), (-4536, "-4,536", "-4536"),
    (10104, "10,104", "10\u00a0104"), (25_557_032, "25,557,032", "25\u00a0557\u00a0032"),
])
def test_counts_group_thousands_as_each_language_does(value, en, es):
    assert convref.format_count(value, "en") == en == f"{value:,}"
    assert convref.format_count(value, "es") == es
    assert convref.format_number(value, "es") == es
    assert convref.format_number(float(value), "en") == en
