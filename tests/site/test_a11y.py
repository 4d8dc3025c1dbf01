"""Accessibility of the built site: axe-core on every page, and what axe cannot judge.

axe-core runs in Chromium on every page (conftest.site_record). No serious or
critical violation is allowed; of the others, those about the order and
presence of headings are. What axe cannot judge is checked here from the same
record: that alt texts are written in the page's language, that a page has one
title, and that figures name what they show in text, not in color alone.

Automated checks find only part of what makes a page hard to use; they are
the floor, not the goal.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from _site import LANGUAGES

FAILING_IMPACTS = {"serious", "critical"}
# Best-practice rules of axe (moderate) that the site keeps anyway.
FAILING_RULES = {"heading-order", "page-has-heading-one", "empty-heading"}
# Function words: no library tells the language of a one-sentence alt text offline
# reliably, but these words do.
FUNCTION_WORDS = {
    "en": {"the", "of", "and", "a", "an", "in", "is", "are", "to", "with", "for", "each", "one", "on",
           "its", "as", "by", "at", "from", "that", "this", "per", "every", "shows", "which", "into"},
    "es": {"el", "la", "los", "las", "de", "del", "y", "un", "una", "en", "es", "son", "con", "por",
           "para", "cada", "que", "al", "se", "su", "sus", "muestra", "como", "sobre"},
}
WORD = re.compile(r"[^\W\d_]+")


def axe_problems(records) -> list[str]:
    problems = []
    for name, record in records.items():
        for violation in record.axe:
            if violation["impact"] in FAILING_IMPACTS or violation["id"] in FAILING_RULES:
                targets = violation["targets"]
                more = f" (+{len(targets) - 3} more)" if len(targets) > 3 else ""
                problems.append(f"{name}: axe {violation['impact']} {violation['id']}: {violation['help']}: "
                                f"{', '.join(targets[:3])}{more}")
    return problems


def language_of_alt_problem(alt: str, lang: str) -> str | None:
    words = [word.lower() for word in WORD.findall(alt)]
    counts = {code: sum(word in FUNCTION_WORDS[code] for word in words) for code in FUNCTION_WORDS}
    other = next(code for code in LANGUAGES if code != lang)
    if counts[lang] == 0 and counts[other] == 0:
        return None  # a name or a formula: no evidence either way
    if counts[lang] <= counts[other]:
        return f"has {counts[other]} {other!r} and {counts[lang]} {lang!r} function words: not written in {lang!r}"
    return None


def alt_text_problems(records) -> list[str]:
    problems = []
    for name, record in records.items():
        for image in record.state.get("images", []):
            if not image["inArticle"]:
                continue
            alt = (image["alt"] or "").strip()
            if not alt:
                problems.append(f"{name}: image {image['src']} has no text alternative (alt)")
            elif record.lang and (wrong := language_of_alt_problem(alt, record.lang)):
                problems.append(f"{name}: the alt text of {image['src']} {wrong}: {alt[:60]!r}")
    return problems


def title_problems(records) -> list[str]:
    # axe-core allows several h1 elements; a page of this site has one title, first.
    problems = []
    for name, record in records.items():
        headings = record.state.get("headings", [])
        if not headings:
            continue
        if headings[0]["level"] != 1:
            problems.append(f"{name}: the first heading is h{headings[0]['level']} {headings[0]['text']!r}, not h1")
        if (ones := sum(heading["level"] == 1 for heading in headings)) > 1:
            problems.append(f"{name}: {ones} h1 headings, expected 1")
    return problems


def svg_has_text_labels(path: Path) -> bool:
    # convref's figures keep text as <text> elements (svg.fonttype "none"), which
    # readers can select and search; glyph outlines would leave color as the only label.
    return bool(re.search(r"<text\b[^>]*>\s*[^<\s]", path.read_text(encoding="utf-8", errors="replace")))


def unlabeled_figures(records, site: Path) -> list[str]:
    problems = []
    for name, record in records.items():
        for image in record.state.get("images", []):
            path = unquote(urlsplit(image["url"]).path).lstrip("/")
            if image["inArticle"] and path.endswith(".svg") and (site / path).is_file() \
                    and not svg_has_text_labels(site / path):
                problems.append(f"{name}: figure {image['src']} has no text labels: "
                                "color would be the only carrier of meaning")
    return problems


# -- the built site ----------------------------------------------------------------------

def test_axe_finds_no_serious_violation_and_no_heading_problem(site_record):
    assert axe_problems(site_record) == []


def test_every_image_has_an_alt_text_in_the_page_language(site_record):
    assert alt_text_problems(site_record) == []


def test_every_page_has_one_title_first(site_record):
    assert title_problems(site_record) == []


def test_figures_are_labeled_with_text(site_record, site):
    assert unlabeled_figures(site_record, site) == []


def test_the_site_has_figures_to_judge(site_record):
    images = [image for record in site_record.values() for image in record.state["images"] if image["inArticle"]]
    assert len(images) >= 10, "the record should hold the figures of the pages"


# -- planted defects: each check fails and names the page --------------------------------

def test_a_missing_alt_and_an_english_alt_are_named(planted):
    found = alt_text_problems(planted.record)
    assert f"{planted.broken_image}: image _images/missing.svg has no text alternative (alt)" in found, found
    assert any(line.startswith(f"{planted.alt_page}: the alt text of ") and "not written in 'es'" in line
               for line in found), found
    assert len(found) == 2, found


def test_axe_names_the_image_without_alt_and_the_skipped_heading(planted):
    found = axe_problems(planted.record)
    assert any(line.startswith(f"{planted.broken_image}: axe critical image-alt") for line in found), found
    assert any(line.startswith(f"{planted.skipped_heading}: axe moderate heading-order") for line in found), found


def test_a_figure_without_text_labels_is_named(planted):
    assert unlabeled_figures(planted.record, planted.site) == [
        f"{planted.alt_page}: figure {planted.unlabeled_figure} has no text labels: "
        "color would be the only carrier of meaning"]


def test_a_second_title_is_named():
    from _record import PageRecord

    record = PageRecord(page="es/x.html", url="", state={"headings": [
        {"level": 2, "text": "Antes"}, {"level": 1, "text": "Uno"}, {"level": 1, "text": "Dos"}]})
    assert title_problems({"es/x.html": record}) == [
        "es/x.html: the first heading is h2 'Antes', not h1", "es/x.html: 2 h1 headings, expected 1"]
