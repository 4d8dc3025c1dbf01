"""Hosting files of the site: 404 page, sitemap with hreflang alternates, page metadata.

The first tests check tools/assemble_site.py and conf/_ext/site_meta.py on
small inputs and need no built site; the last ones read the built site.
"""

from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from _site import LANGUAGES, ROOT, load_script

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
GENERATED = {"genindex.html", "search.html", "py-modindex.html"}


assemble_site = load_script("tools/assemble_site.py")
sys.path.insert(0, str(ROOT / "conf" / "_ext"))
site_meta = load_script("conf/_ext/site_meta.py")
light_pages = load_script("conf/_ext/light_pages.py")


def fake_build(tmp_path, pages):
    """_build/<lang>/html with the given {lang: [page paths]}, each a tiny HTML page."""
    build = tmp_path / "_build"
    for lang, names in pages.items():
        for name in names:
            path = build / lang / "html" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f'<html lang="{lang}"><title>{name}</title></html>', encoding="utf-8")
    return build


def sitemap_entries(text):
    root = ET.fromstring(text)
    entries = {}
    for url in root.findall("s:url", SITEMAP_NS):
        loc = url.find("s:loc", SITEMAP_NS).text
        entries[loc] = {link.get("hreflang"): link.get("href")
                        for link in url.findall("xhtml:link", SITEMAP_NS) if link.get("rel") == "alternate"}
    return entries


# -- tools/assemble_site.py --------------------------------------------------------

def test_site_url_comes_from_the_argument_the_environment_or_a_placeholder(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert assemble_site.site_url() == assemble_site.PLACEHOLDER_SITE_URL
    monkeypatch.setenv("SITE_URL", "https://example.github.io/convref")
    assert assemble_site.site_url() == "https://example.github.io/convref/"
    assert assemble_site.site_url("http://docs.example.net/") == "http://docs.example.net/"
    with pytest.raises(ValueError, match="SITE_URL"):
        assemble_site.site_url("example.org/convref")


def test_sitemap_lists_every_page_with_hreflang_alternates(tmp_path):
    build = fake_build(tmp_path, {
        "en": ["index.html", "api.html", "guide/deep.html", "only-en.html", "genindex.html", "search.html",
               "_static/webpack-macros.html", "_sources/index.md.html"],
        "es": ["index.html", "api.html", "guide/deep.html", "genindex.html", "search.html"],
    })
    site = tmp_path / "site"
    assemble_site.assemble(build, site, "https://example.github.io/convref/")
    entries = sitemap_entries((site / "sitemap.xml").read_text(encoding="utf-8"))
    base = "https://example.github.io/convref/"
    assert sorted(entries) == sorted(
        [f"{base}en/{page}" for page in ("index.html", "api.html", "guide/deep.html", "only-en.html")]
        + [f"{base}es/{page}" for page in ("index.html", "api.html", "guide/deep.html")])
    for lang in LANGUAGES:
        assert entries[f"{base}{lang}/guide/deep.html"] == {
            "en": f"{base}en/guide/deep.html", "es": f"{base}es/guide/deep.html",
            "x-default": f"{base}en/guide/deep.html"}
    assert entries[f"{base}en/only-en.html"] == {}, "a page without a twin has no alternates"


def test_404_page_offers_both_languages_from_any_address(tmp_path):
    for url, prefix in (("https://example.org/", "/"), ("https://example.github.io/convref/", "/convref/")):
        page = assemble_site.not_found_page(url)
        links = dict(re.findall(r'<a href="([^"]+)" hreflang="([a-z]{2})"', page))
        assert links == {f"{prefix}en/index.html": "en", f"{prefix}es/index.html": "es"}
        # Served at any depth: no relative link, no <base>, no script, nothing fetched.
        assert "<base" not in page and "<script" not in page
        assert not re.search(r'(src|href)="(?!/)', page)
        assert '<section lang="en">' in page and '<section lang="es">' in page
        assert "Page not found" in page and "Página no encontrada" in page
        assert '<meta name="robots" content="noindex">' in page


def test_assembled_site_has_its_hosting_files_and_no_theme_templates(tmp_path):
    build = fake_build(tmp_path, {lang: ["index.html", "_static/webpack-macros.html"] for lang in LANGUAGES})
    site = tmp_path / "site"
    assert assemble_site.main(["--build", str(build), "--site", str(site),
                               "--site-url", "https://example.org/docs/"]) == 0
    for name in ("index.html", "404.html", "sitemap.xml", ".nojekyll", "en/index.html", "es/index.html"):
        assert (site / name).is_file(), name
    assert not list(site.rglob("webpack-macros.html"))
    assert "https://example.org/docs/es/index.html" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'href="/docs/es/index.html"' in (site / "404.html").read_text(encoding="utf-8")


# -- conf/_ext/site_meta.py and light_pages.py -----------------------------------------

def site_meta_config(lang="es", site_url="", **values):
    from types import SimpleNamespace

    config = SimpleNamespace(language=lang, site_url=site_url, html_baseurl="", ogp_site_url="",
                             ogp_custom_meta_tags=(), ogp_social_cards=None, **values)
    site_meta.configure(None, config)
    return config


def test_sphinxext_opengraph_is_set_up_per_language():
    config = site_meta_config()
    assert config.ogp_custom_meta_tags == ['<meta property="og:locale" content="es_ES" />',
                                           '<meta property="og:locale:alternate" content="en_US" />']
    assert config.ogp_social_cards == {"enable": False}
    assert config.html_baseurl == config.ogp_site_url == ""


def test_og_url_and_canonical_links_come_from_the_site_url():
    config = site_meta_config(lang="en", site_url="https://example.github.io/convref")
    assert config.site_url == "https://example.github.io/convref/"
    assert config.html_baseurl == config.ogp_site_url == "https://example.github.io/convref/en/"


def test_drop_scripts_removes_only_the_named_scripts():
    head = ('<script src="_static/doctools.js?v=1"></script>\n'
            '  <script defer src="../_static/scripts/fontawesome.js?digest=abc"></script>\n'
            '<script src="searchindex.js"></script>\n<script>var inline = 1;</script>\n')
    result = light_pages.drop_scripts(head, "scripts/fontawesome.js", "searchindex.js")
    assert "doctools.js" in result and "var inline" in result
    assert "fontawesome" not in result and "searchindex" not in result


def test_font_awesome_font_faces_are_stripped():
    css = ('a{color:red}@font-face{font-display:block;font-family:Font Awesome\\ 7 Free;'
           'src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff2)}'
           '@font-face{font-family:Other;src:url(other.woff2)}')
    assert light_pages.FONT_AWESOME_FACE.sub("", css) == (
        "a{color:red}@font-face{font-family:Other;src:url(other.woff2)}")


# -- the built site ----------------------------------------------------------------------

def content_pages(site, lang):
    root = site / lang
    return sorted(path for path in root.rglob("*.html")
                  if path.relative_to(root).parts[0] not in assemble_site.NOT_PAGES)


def head_meta(path):
    text = path.read_text(encoding="utf-8")
    head = text[: text.find("</head>")]
    found = {}
    for match in re.finditer(r'<meta (name|property)="([^"]+)" content="([^"]*)"', head):
        found.setdefault(match.group(2), []).append(match.group(3))
    return found


def test_site_has_404_page_and_sitemap(site):
    assert (site / "404.html").is_file()
    entries = sitemap_entries((site / "sitemap.xml").read_text(encoding="utf-8"))
    paths = {re.sub(r"^https?://[^/]+", "", loc) for loc in entries}
    prefix = os.path.commonprefix(sorted(paths)).rsplit("/", 2)[0] + "/"
    for lang in LANGUAGES:
        for page in content_pages(site, lang):
            relative = page.relative_to(site / lang).as_posix()
            if relative in GENERATED:
                continue
            assert f"{prefix}{lang}/{relative}" in paths, f"{lang}/{relative} missing from sitemap.xml"
    for loc, alternates in entries.items():
        assert set(alternates) in ({"en", "es", "x-default"}, set()), loc


def test_every_page_has_description_and_open_graph_tags_in_its_language(site):
    locales = {"en": ("en_US", "es_ES"), "es": ("es_ES", "en_US")}
    descriptions = {}
    for lang in LANGUAGES:
        for page in content_pages(site, lang):
            name = page.relative_to(site / lang).as_posix()
            if name in GENERATED:
                continue  # no source, so nothing to describe: sphinxext-opengraph leaves them out
            where = f"{lang}/{name}"
            meta = head_meta(page)
            for key in ("description", "og:title", "og:description", "og:type", "og:url", "og:locale",
                        "og:locale:alternate", "og:site_name"):
                assert len(meta.get(key, [])) == 1 and meta[key][0].strip(), f"{where}: {key}"
            assert len(meta["description"][0]) <= 200, where
            assert meta["og:description"] == meta["description"], where
            assert (meta["og:locale"][0], meta["og:locale:alternate"][0]) == locales[lang], where
            descriptions[lang, name] = meta["description"][0]
    # The Spanish pages describe themselves in Spanish, not with the English text.
    twins = [name for lang, name in descriptions if lang == "en" and ("es", name) in descriptions]
    assert len(twins) >= 10
    for name in twins:
        assert descriptions["en", name] != descriptions["es", name], name
