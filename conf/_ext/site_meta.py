"""Description and Open Graph tags of every page, in the page's language.

sphinxext-opengraph writes them: ``<meta name="description">``, ``og:title``,
``og:description`` (the page's first words of prose, at most 200 characters),
``og:type``, ``og:site_name`` and ``og:url``. This extension loads it and sets it
up for the two language trees:

- the site's public address (``SITE_URL`` in the environment, e.g.
  ``https://example.github.io/convref/``, or ``-D site_url=...``) gives each
  page an absolute ``og:url`` and ``<link rel="canonical">`` (Sphinx's
  html_baseurl), both under ``<site_url><lang>/``. Without it, og:url is the
  page's relative address and there is no canonical link;
- no generated preview images (sphinxext-opengraph's social cards): they would
  cost a matplotlib run and a PNG per page;
- ``og:locale`` and ``og:locale:alternate`` (``en_US``/``es_ES``), the one thing
  written by hand here: sphinxext-opengraph has no locale tags.

Pages that Sphinx generates without a source (search, general index) get no
tags: sphinxext-opengraph describes documents, and those pages have none.
"""

from __future__ import annotations

import os

OG_LOCALES = {"en": "en_US", "es": "es_ES"}


def normalize_site_url(url: str) -> str:
    url = (url or "").strip()
    return url if not url or url.endswith("/") else url + "/"


def configure(app, config):
    lang = config.language
    config.site_url = normalize_site_url(config.site_url)
    if config.site_url:
        language_root = f"{config.site_url}{lang}/"
        config.html_baseurl = config.html_baseurl or language_root
        config.ogp_site_url = config.ogp_site_url or language_root
    config.ogp_social_cards = {"enable": False}
    # sphinxext-opengraph has no locale setting; its custom tags go on every page.
    config.ogp_custom_meta_tags = [
        *config.ogp_custom_meta_tags,
        f'<meta property="og:locale" content="{OG_LOCALES.get(lang, lang)}" />',
        *(f'<meta property="og:locale:alternate" content="{locale}" />'
          for code, locale in OG_LOCALES.items() if code != lang),
    ]


def setup(app):
    app.setup_extension("sphinxext.opengraph")
    app.add_config_value("site_url", os.environ.get("SITE_URL", ""), "html", types=[str])
    app.connect("config-inited", configure, priority=600)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
