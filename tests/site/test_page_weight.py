"""Page weight: what a reader's browser downloads to open each page, against the budgets.

Derived from the record of every page (conftest.site_record): the files the
server sent while Chromium opened the page, in a fresh context (a cold cache,
as for a first visit), each file counted once, at the size a static host sends
it (_record.transfer_size: gzip level 6 for text formats). The favicon and the
fonts count when the browser asks for them, as it does.

Budgets: the median page at most 400 kB, any page at most 800 kB, any figure
(an image a page shows, not the theme's icons in _static/) at most 200 kB.
Each page's files and sizes are in _build/reports/site-record.json.
"""

from __future__ import annotations

import re
import statistics
from pathlib import PurePosixPath

from _record import transfer_size
from _site import ROOT, pages_of

KB = 1000
BUDGET_MEDIAN_KB = 400
BUDGET_PAGE_KB = 800
BUDGET_FIGURE_KB = 200
IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}


def page_weights(records, site) -> dict[str, dict]:
    """{page: {file relative to the site: transfer size}} from the record."""
    return {name: {path.relative_to(site).as_posix(): transfer_size(path) for path in record.files(site)}
            for name, record in records.items()}


def budget_problems(records, site, median_kb=BUDGET_MEDIAN_KB, page_kb=BUDGET_PAGE_KB,
                    figure_kb=BUDGET_FIGURE_KB) -> list[str]:
    weights = page_weights(records, site)
    totals = {name: sum(files.values()) for name, files in weights.items()}
    problems = []
    median = statistics.median(totals.values())
    if median > median_kb * KB:
        problems.append(f"the median page weighs {median / KB:.1f} kB, over the budget of {median_kb} kB")
    figures = {}
    for name, files in weights.items():
        if totals[name] > page_kb * KB:
            heaviest = ", ".join(f"{path} {size / KB:.1f} kB" for path, size in sorted(
                files.items(), key=lambda item: -item[1])[:3])
            problems.append(f"{name}: {totals[name] / KB:.1f} kB, over the page budget of {page_kb} kB "
                            f"(heaviest: {heaviest})")
        for path, size in files.items():
            if PurePosixPath(path).suffix.lower() in IMAGE_SUFFIXES and "_static" not in PurePosixPath(path).parts:
                figures.setdefault(path, (size, name))
    for path, (size, name) in sorted(figures.items()):
        if size > figure_kb * KB:
            problems.append(f"{path}: figure of {size / KB:.1f} kB (on {name}), over the budget of {figure_kb} kB")
    return problems


# -- the built site ----------------------------------------------------------------------

def test_every_page_is_within_the_weight_budgets(site_record, site):
    assert budget_problems(site_record, site) == []


def test_the_weights_count_what_a_page_loads(site_record, site):
    weights = page_weights(site_record, site)
    index = weights["en/index.html"]
    assert "en/index.html" in index and any(path.endswith(".css") for path in index)
    assert any(path.startswith("en/_images/") for path in index), "the first page shows figures"
    assert "en/_static/favicon.svg" in index, "the browser asks for the favicon, and it counts"
    assert 50 * KB < sum(index.values()) < BUDGET_PAGE_KB * KB


def test_text_is_counted_compressed_and_fonts_as_they_are(tmp_path):
    text, font = tmp_path / "a.css", tmp_path / "a.woff2"
    text.write_text("body { margin: 0 }\n" * 500)
    font.write_bytes(bytes(range(256)) * 40)
    assert transfer_size(text) < text.stat().st_size / 10
    assert transfer_size(font) == 10240


def test_no_page_loads_font_awesome(site_record, site):
    """conf/_ext/light_pages.py drops the theme's Font Awesome script and fonts (790 kB a page)."""
    for name, record in site_record.items():
        assert not [fetch.path for fetch in record.fetched if "fontawesome" in fetch.path
                    or "/webfonts/fa-" in fetch.path], name
    for css in site.glob("*/_static/styles/pydata-sphinx-theme.css"):
        assert "fa-solid-900.woff2" not in css.read_text(encoding="utf-8"), css


# -- planted defects: each check fails and names the page --------------------------------

def test_a_figure_over_budget_is_named(planted):
    found = budget_problems(planted.record, planted.site)
    assert len(found) == 1 and found[0].startswith(f"{planted.heavy_figure}: figure of "), found
    assert f"(on {planted.heavy_page}), over the budget of 200 kB" in found[0]


def test_a_page_and_the_median_over_budget_are_named(site_record, site):
    found = budget_problems(site_record, site, median_kb=1, page_kb=1)
    assert found[0].startswith("the median page weighs")
    assert any(line.startswith("es/index.html: ") and "over the page budget of 1 kB (heaviest: " in line
               for line in found), found


def test_every_icon_the_pages_use_is_drawn(site):
    """icons.css (tools/make_icons_css.py) draws every Font Awesome icon class a page uses."""
    icons_css = (ROOT / "conf" / "_static" / "icons.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.fa-([a-z0-9-]+)", icons_css.split("::before")[0]))
    modifiers = {"solid", "regular", "brands", "fw", "lg", "xs", "sm", "xl", "2x", "3x", "custom"}
    used = set()
    for name in pages_of(site):
        for classes in re.findall(r'class="([^"]*\bfa-[^"]*)"', (site / name).read_text(encoding="utf-8")):
            used |= {cls[3:] for cls in classes.split() if cls.startswith("fa-")} - modifiers
    assert used, "no icon found: the pages should have the theme's buttons"
    assert used <= drawn, (f"icons used but not in icons.css: {sorted(used - drawn)} "
                           "(run tools/make_icons_css.py --icons ...)")
