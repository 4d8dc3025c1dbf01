"""tools/page_weight.py: what it counts, and that --check names what is over budget.

The budgets themselves (median page <= 400 kB, page <= 800 kB, figure <=
200 kB) are checked on the built site by `make page-weight` / `make site`
and, when a site is built, by the last tests here (skipped without one unless
REQUIRE_SITE=1). Nothing here is timed.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from _site import ROOT, load_script

page_weight = load_script("tools/page_weight.py")


def write(path: Path, content) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@pytest.fixture
def tiny_site(tmp_path):
    site = tmp_path / "site"
    font = bytes(range(256)) * 40  # 10 kB, sent as it is (woff2 is compressed already)
    write(site / "en" / "_static" / "fonts" / "icons.woff2", font)
    write(site / "en" / "_static" / "base.css", "body { margin: 0 }\n" * 50)
    write(site / "en" / "_static" / "theme.css",
          '@import "base.css";\n/* url(commented-out.png) */\n'
          '@font-face { font-family: X; src: url("fonts/icons.woff2") format("woff2"); }\n'
          'h1 { background: url(data:image/png;base64,AAAA) }\n')
    write(site / "en" / "_static" / "app.js", "console.log('x');\n" * 100)
    write(site / "en" / "_images" / "figure.svg", "<svg xmlns='http://www.w3.org/2000/svg'>" + "<g/>" * 500 + "</svg>")
    write(site / "en" / "index.html", """<!DOCTYPE html><html><head>
      <link rel="stylesheet" href="_static/theme.css?digest=1">
      <link rel="preload" as="script" href="_static/app.js?digest=1">
      <link rel="alternate" hreflang="es" href="../es/index.html">
      <script defer src="_static/app.js?digest=1"></script>
      <script src="https://cdn.example.org/never-counted.js"></script>
      </head><body>
      <img src="_images/figure.svg" alt=""><img srcset="_images/figure.svg 1x, _images/figure.svg 2x" alt="">
      <a href="other.html">a link is not a download</a>
      </body></html>""")
    write(site / "en" / "_static" / "webpack-macros.html", '<script src="{{ pathto(x) }}"></script>')
    write(site / "en" / "sub" / "page.html",
          '<html><head><link rel="stylesheet" href="../_static/base.css"></head><body>'
          '<img src="../_images/missing.png" alt=""></body></html>')
    return site


def test_a_page_counts_each_file_it_loads_once_compressed_as_a_host_sends_it(tiny_site):
    site = tiny_site.resolve()
    files, missing = page_weight.page_resources(site / "en" / "index.html", site)
    names = sorted(path.relative_to(site).as_posix() for path in files)
    assert names == ["en/_images/figure.svg", "en/_static/app.js", "en/_static/base.css",
                     "en/_static/fonts/icons.woff2", "en/_static/theme.css", "en/index.html"]
    assert missing == []
    static = site / "en" / "_static"
    assert files[static / "app.js"] == gz((static / "app.js").read_bytes())
    assert files[static / "fonts" / "icons.woff2"] == 10240  # not compressed again
    assert files[site / "en" / "_images" / "figure.svg"] < (site / "en" / "_images" / "figure.svg").stat().st_size


def test_report_has_median_largest_and_figures(tiny_site):
    report = page_weight.measure(tiny_site)
    pages = {page["page"]: page for page in report["pages"]}
    assert set(pages) == {"en/index.html", "en/sub/page.html"}, "files under _static are not pages"
    assert report["largest"]["page"] == "en/index.html"
    assert report["median_bytes"] == (pages["en/index.html"]["bytes"] + pages["en/sub/page.html"]["bytes"]) // 2
    assert [figure["figure"] for figure in report["figures"]] == ["en/_images/figure.svg"]
    assert pages["en/sub/page.html"]["missing"] == ["../_images/missing.png"]


def test_check_names_the_page_and_the_figure_over_budget(tiny_site, capsys):
    assert page_weight.main([str(tiny_site), "--check", "--page-kb", "5", "--figure-kb", "0.01",
                             "--median-kb", "1000"]) == 1
    errors = capsys.readouterr().err
    assert re.search(r"en/index\.html: [\d.]+ kB exceeds the page budget of 5 kB", errors)
    assert "en/_images/figure.svg: figure of" in errors
    assert "en/sub/page.html: references '../_images/missing.png'" in errors
    assert "exceeds the page budget" not in errors.split("en/sub/page.html")[1].split("\n")[0]


def test_check_passes_within_budget(tmp_path, capsys):
    site = tmp_path / "site"
    write(site / "en" / "index.html", "<html><body>light</body></html>")
    assert page_weight.main([str(site), "--check"]) == 0
    assert "every budget met" in capsys.readouterr().out


def test_missing_site_is_an_error(tmp_path):
    assert page_weight.main([str(tmp_path / "nothing")]) == 2


# -- the built site ----------------------------------------------------------------------


def test_built_site_meets_the_page_weight_budgets(site):
    report = page_weight.measure(site)
    assert page_weight.problems(report) == []


def test_no_page_loads_font_awesome(site):
    for page in site.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, page
    for css in site.glob("*/_static/styles/pydata-sphinx-theme.css"):
        assert "fa-solid-900.woff2" not in css.read_text(encoding="utf-8"), css


def test_every_icon_the_pages_use_is_drawn(site):
    """icons.css (tools/make_icons_css.py) draws every Font Awesome icon class a page uses."""
    icons_css = (ROOT / "conf" / "_static" / "icons.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.fa-([a-z0-9-]+)", icons_css.split("::before")[0]))
    modifiers = {"solid", "regular", "brands", "fw", "lg", "xs", "sm", "xl", "2x", "3x", "custom"}
    used = set()
    for page in site.rglob("*.html"):
        if "_static" in page.parts:
            continue
        for classes in re.findall(r'class="([^"]*\bfa-[^"]*)"', page.read_text(encoding="utf-8")):
            used |= {cls[3:] for cls in classes.split() if cls.startswith("fa-")} - modifiers
    assert used, "no icon found: the pages should have the theme's buttons"
    assert used <= drawn, f"icons used but not in icons.css: {sorted(used - drawn)} (run tools/make_icons_css.py --icons ...)"
