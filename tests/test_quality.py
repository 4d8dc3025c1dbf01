"""The site's quality checks (tools/check_*.py) catch what they must, and fail cleanly on bad input.

Each planted break goes into a temporary copy of the built site, never into
docs/: an external script, a missing alt text, a misspelt Spanish word, a
broken anchor, a skipped heading level, an unlabeled figure. Each check
must fail with a line that names the broken page.

The tests that read the built site skip without one, unless REQUIRE_SITE=1
(`make test` builds it first); the browser test also needs Chromium and
Playwright, and the spelling tests hunspell with its en_US and es_ES
dictionaries (.ci/run installs them).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

import pytest

from _site import ROOT, SITE, load_script, need
TOOLS = ["check_links.py", "check_spelling.py", "check_a11y.py", "check_browser.py"]


def load(name):
    return load_script(f"tools/{name}.py")


def run_tool(name, *args):
    return subprocess.run([sys.executable, str(ROOT / "tools" / name), *map(str, args)],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory):
    need((SITE / "index.html").is_file(), f"no built site at {SITE}: run `make html` first")
    copy = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(SITE, copy)
    return copy


def plant(site, page, old, new, count=1):
    path = site / page
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {page}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def hunspell_ready():
    return shutil.which("hunspell") is not None and not load("check_spelling").missing_dictionaries()


# -- bad input: one clear line, a non-zero status ------------------------------------

@pytest.mark.parametrize("tool", TOOLS + ["check_site.py"])
def test_a_missing_site_is_one_line_and_status_2(tool, tmp_path):
    result = run_tool(tool, tmp_path / "nowhere")
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "nowhere" in result.stderr and "make html" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("tool", TOOLS)
def test_an_unbuilt_site_is_one_line_and_status_2(tool, tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text("<html></html>")
    result = run_tool(tool, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a built site" in lines[0] and "es/index.html" in lines[0], lines


@pytest.mark.parametrize("tool", TOOLS + ["check_reproducible.py"])
def test_a_wrong_argument_is_one_line_and_status_2(tool):
    args = ["a", "b"] if tool == "check_reproducible.py" else []
    result = run_tool(tool, *args, "--no-such-option")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--no-such-option" in lines[0] and lines[0].startswith(tool), lines


def test_check_reproducible_needs_two_built_sites(tmp_path):
    result = run_tool("check_reproducible.py", tmp_path / "a", tmp_path / "b")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_page_is_one_line_and_status_2(site_copy):
    result = run_tool("check_a11y.py", site_copy, "--pages", "es/missing.html")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"check_a11y.py: error: no such page in {site_copy}: es/missing.html"]


def test_the_browser_check_without_chromium_is_one_line(site_copy, tmp_path):
    result = run_tool("check_browser.py", site_copy, "--chromium", tmp_path / "no-chromium")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"check_browser.py: error: no Chromium at {tmp_path / 'no-chromium'} "
        "(Debian: apt-get install chromium; or set CHROMIUM)"]


def test_the_browser_check_without_axe_core_is_one_line(site_copy, tmp_path):
    result = run_tool("check_browser.py", site_copy, "--axe", tmp_path / "axe.min.js",
                      "--chromium", sys.executable)  # passes the Chromium check; axe-core is next
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"check_browser.py: error: {tmp_path / 'axe.min.js'}: no such file (run `npm ci` at the repository root)"]


# -- reproducibility ---------------------------------------------------------------------

def test_check_reproducible_names_the_differing_files(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "en").mkdir(parents=True)
        (tmp_path / name / "index.html").write_text("<html>same</html>\n")
        (tmp_path / name / "en" / "page.html").write_text(f"<p>built</p>\n<p>{name}</p>\n")
    (tmp_path / "a" / "en" / "only-a.svg").write_text("<svg/>")
    result = run_tool("check_reproducible.py", tmp_path / "a", tmp_path / "b")
    assert result.returncode == 1
    assert "differs: en/page.html: line 2" in result.stderr
    assert "only in" in result.stderr and "en/only-a.svg" in result.stderr
    same = run_tool("check_reproducible.py", tmp_path / "a", tmp_path / "a")
    assert same.returncode == 0 and "byte-identical" in same.stdout


# -- the glossary marks the language of its other-language terms ------------------------

def test_glossary_table_marks_other_language_terms():
    from convref_site.glossary import to_html

    spanish, english = to_html("es"), to_html("en")
    assert '<td lang="en">kernel</td>' in spanish and '<span lang="en">kernels</span>' in spanish
    assert "<span lang=\"en\">transpuesta</span>" not in spanish
    assert '<td lang="es">núcleo</td>' in english


# -- planted breaks: each check fails and names the page ---------------------------------

def test_links_find_a_broken_anchor_and_an_external_script(site_copy, tmp_path):
    plant(site_copy, "en/glossary.html", 'href="index.html', 'href="index.html#no-such-anchor-', 1)
    report = tmp_path / "external.txt"
    result = run_tool("check_links.py", site_copy, "--report", report)
    assert result.returncode == 1
    assert "en/glossary.html: broken anchor 'index.html#no-such-anchor-" in result.stderr
    assert report.is_file() and report.read_text().startswith("# External links")


def test_links_pass_on_the_real_site(tmp_path):
    need((SITE / "index.html").is_file(), f"no built site at {SITE}")
    result = run_tool("check_links.py", SITE, "--report", tmp_path / "external.txt")
    assert result.returncode == 0, result.stderr


def test_spelling_finds_a_misspelt_spanish_word(site_copy):
    need(hunspell_ready(), "hunspell with en_US and es_ES dictionaries is not installed")
    plant(site_copy, "es/glossary.html", "<h1>", "<h1>Glosarrio de ")
    result = run_tool("check_spelling.py", site_copy, "--pages", "es/glossary.html", "en/glossary.html")
    assert result.returncode == 1
    assert "es/glossary.html: unknown word 'Glosarrio' (es_ES)" in result.stderr
    assert "en/glossary.html" not in result.stderr


def test_spelling_passes_on_the_real_site():
    need((SITE / "index.html").is_file(), f"no built site at {SITE}")
    need(hunspell_ready(), "hunspell with en_US and es_ES dictionaries is not installed")
    result = run_tool("check_spelling.py", SITE)
    assert result.returncode == 0, result.stderr


def test_spelling_text_rules():
    spelling = load("check_spelling")
    words = spelling.words_of("Conv2d(3, 2) y np.einsum C_in https://example.org/x k×k convref’s «núcleo»")
    assert words == ["convref's", "núcleo"]
    from bs4 import BeautifulSoup

    soup = BeautifulSoup('<body><p>Hola <span lang="en">world</span> <code>xx</code></p>'
                         '<p id="module-x">Docstring text</p><p>more docs</p></body>', "html.parser")
    texts = spelling.page_text(soup, "es")
    assert " ".join(texts["es"]).split() == ["Hola"]
    assert texts["en"] == ["world"]
    assert " ".join(texts[spelling.DOCSTRING]).split() == ["Docstring", "text", "more", "docs"]


def test_a11y_finds_missing_alt_skipped_heading_english_alt_and_unlabeled_figure(site_copy):
    a11y = load("check_a11y")
    page = site_copy / "es" / "family.html"
    soup = a11y.parse(page)
    images = a11y.article_of(soup).find_all("img")
    assert len(images) >= 2, "family should show at least two figures"
    first, second = images[0]["alt"], images[1]["alt"]
    plant(site_copy, "es/family.html", f'alt="{first}"', 'alt=""')
    plant(site_copy, "es/family.html", f'alt="{second}"',
          'alt="One row per input channel, each with its own kernel and the sum of the results"')
    index = site_copy / "es" / "index.html"
    text = index.read_text(encoding="utf-8")
    article = text.index("<article")
    first_h2 = text.index("<h2>", article)
    index.write_text(text[:first_h2] + "<h4>" + text[first_h2 + 4:], encoding="utf-8")
    svg = site_copy / "es" / images[1]["src"]
    svg.write_text(svg.read_text().replace("<text", "<desc").replace("</text>", "</desc>"))
    result = run_tool("check_a11y.py", site_copy, "--pages", "es/family.html", "es/index.html")
    assert result.returncode == 1
    assert f"es/family.html: image {images[0]['src']} has no text alternative (alt)" in result.stderr
    assert "es/family.html: the alt text of" in result.stderr and "not written in 'es'" in result.stderr
    assert f"es/family.html: figure {images[1]['src']} has no text labels" in result.stderr
    assert "es/index.html: heading h4" in result.stderr and "skips a level" in result.stderr


def test_a11y_passes_on_the_real_site():
    need((SITE / "index.html").is_file(), f"no built site at {SITE}")
    result = run_tool("check_a11y.py", SITE)
    assert result.returncode == 0, result.stderr


def test_browser_finds_an_external_script_a_missing_alt_and_a_broken_image(site_copy):
    browser = load("check_browser")
    need(browser.find_chromium(None) is not None, "no Chromium (Debian: apt-get install chromium)")
    need(importlib.util.find_spec("playwright") is not None, "Playwright for Python is not installed")
    need(browser.AXE.is_file(), "axe-core is not installed (npm ci)")
    plant(site_copy, "es/gradients.html", "</head>",
          '<script src="https://cdn.example.org/tracker.js"></script></head>')
    page = site_copy / "en" / "shared-kernel.html"
    src = load("check_a11y").article_of(load("check_a11y").parse(page)).find("img")["src"]
    text = page.read_text(encoding="utf-8")
    start = text.index(f'src="{src}"')
    tag_start, tag_end = text.rindex("<img", 0, start), text.index(">", start)
    tag = text[tag_start:tag_end + 1]
    broken = tag.replace(f'src="{src}"', 'src="_images/missing.svg"')
    broken = broken.replace(broken[broken.index(' alt="'):broken.index('"', broken.index(' alt="') + 6) + 1], "")
    page.write_text(text.replace(tag, broken, 1), encoding="utf-8")
    result = run_tool("check_browser.py", site_copy, "--pages", "es/gradients.html", "en/shared-kernel.html",
                      "--report", site_copy.parent / "browser.json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "es/gradients.html: loads https://cdn.example.org/tracker.js from another host" in result.stderr
    assert "en/shared-kernel.html: image _images/missing.svg did not load" in result.stderr
    assert "en/shared-kernel.html: axe critical image-alt" in result.stderr
    assert "en/shared-kernel.html: HTTP 404" in result.stderr
