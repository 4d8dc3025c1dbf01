"""The pages of the built site say what they must, in their language.

What the site holds, the root page, figure text and interface words in the
page's language, MathML instead of MathJax, glued numbers in the prose, the
seed's worked examples as each language writes numbers.
"""

from __future__ import annotations

import re

import pytest

from _site import parsed


def page(site, path):
    return parsed(site / path)


def test_the_site_holds_nothing_but_the_site(site):
    names = {path.name for path in site.rglob("*")}
    assert not names & {".jupyter_cache", "jupyter_execute", ".doctrees", "doctrees", ".buildinfo",
                        "ipython", "convref-fingerprint.txt"}
    assert sorted(path.name for path in site.iterdir()) == [".nojekyll", "404.html", "en", "es", "index.html",
                                                             "sitemap.xml"]


def test_the_root_page_links_both_languages_without_javascript(site):
    root = page(site, "index.html")
    links = {a["hreflang"]: a["href"] for a in root.find_all("a")}
    assert links == {"en": "en/index.html", "es": "es/index.html"}
    assert all((site / href).is_file() for href in links.values())
    script = root.find("script").string
    assert "navigator.languages" in script and '"es"' in script


def test_switchers_lead_to_the_twin_page(site):
    for lang, other, label in (("en", "es", "Read in Spanish"), ("es", "en", "Leer en inglés")):
        switcher = page(site, f"{lang}/api.html").select_one("a.language-switcher")
        assert switcher["href"] == f"../{other}/api.html"
        assert switcher["title"] == label
        assert switcher.find("span", lang=other) is not None


def figure_text(site, lang):
    """Every text of the SVG figures that the language's index page shows."""
    index = page(site, f"{lang}/index.html")
    images = [img["src"] for img in index.select("figure img") if img["src"].endswith(".svg")]
    assert images, f"{lang}/index.html shows no SVG figure"
    return " ".join(" ".join(parsed(site / lang / src).stripped_strings) for src in images)


def test_spanish_pages_show_spanish_figure_text(site):
    english, spanish = figure_text(site, "en"), figure_text(site, "es")
    assert "input" in english and "kernel" in english
    assert "entrada" in spanish and "núcleo" in spanish
    assert not re.search(r"\b(input|kernel|output)\b", spanish)


def test_math_is_mathml_without_mathjax(site):
    for lang in ("en", "es"):
        # four-views.html shows a displayed equation, index.html inline math.
        assert page(site, f"{lang}/four-views.html").select_one("div.math > math[display=block]") is not None
        assert page(site, f"{lang}/index.html").select_one("span.math > math[display=inline]") is not None
        for html in sorted((site / lang).glob("*.html")):
            scripts = [(script.get("src") or "") + (script.string or "") for script in page(site, f"{lang}/{html.name}").find_all("script")]
            assert not [script for script in scripts if "mathjax" in script.lower()], html


def test_glued_numbers_reach_the_prose(site):
    for lang in ("en", "es"):
        pasted = [span.get_text() for span in page(site, f"{lang}/index.html").select("span.pasted-text")]
        assert pasted and all(text.strip() for text in pasted)


def test_spanish_interface_strings(site):
    index = page(site, "es/index.html")
    assert index.select_one("button.primary-toggle[title]")["title"] == "Mostrar u ocultar la barra lateral principal"
    assert index.select_one("input[type=search]")["placeholder"] == "Buscar en este sitio…"
    links = index.select("h1 > a.headerlink, h2 > a.headerlink")
    assert links and all(link["title"] == "Enlace a este título" for link in links)


# -- the seed's worked examples reach the pages, as each language writes numbers -----

def _seed_numbers():
    """(page, value) pairs the site promises, computed by convref (not copied)."""
    import numpy as np

    import convref
    from convref import models

    layer = convref.Conv2d(5, 56, kernel_size=4)
    keras = [convref.Conv2d(3, 32, 5, padding="same", bias=False),
             convref.Conv2d(32, 17, 3, padding="same", bias=False),
             convref.Conv2d(17, 13, 3, padding="same", bias=False),
             convref.Conv2d(13, 7, 3, padding="same", bias=False)]
    alexnet = convref.Conv2d(3, 96, kernel_size=11, stride=4)
    resnet50 = models.resnet50(keras=True)
    x = np.arange(18.0).reshape(1, 2, 3, 3)
    w = np.array([[0.25, 0.5], [1.0, 2.0]])[:, :, None, None] * np.ones((2, 2))
    first = convref.conv2d(x, w)
    second = convref.conv2d(first, w)
    counting = [layer.num_kernels, layer.num_params - 56, layer.num_params,
                *(m.num_params for m in keras), sum(m.num_params for m in keras),
                alexnet.num_params, convref.unshared_params(alexnet, (3, 227, 227)),
                models.vgg16().num_params, models.resnet18().num_params,
                resnet50.num_params + resnet50.num_nontrainable]
    return ([("counting-parameters.html", n) for n in counting]
            + [("step-by-step.html", int(v)) for v in (*second.ravel(), *first[0, 0].ravel())])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_seed_numbers_appear_formatted_for_the_language(site, lang):
    from convref import format_number

    missing = []
    for name, value in _seed_numbers():
        text = parsed(site / lang / name).get_text()
        if format_number(value, lang) not in text:
            missing.append(f"{lang}/{name}: {format_number(value, lang)!r}")
    assert not missing, "numbers missing from the pages: " + ", ".join(missing)


def test_no_glued_number_is_split_into_a_tuple(site):
    # myst-nb literal-evaluates pasted text: "4,536" once became "(4, 536)".
    for html in sorted(site.glob("*/*.html")):
        for span in parsed(html).select("span.pasted-text"):
            assert not re.fullmatch(r"\(\d{1,3}, \d{3}(, \d{3})*\)", span.get_text()), (html, span.get_text())
