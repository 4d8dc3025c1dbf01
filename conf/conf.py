"""The one Sphinx configuration for both language trees.

Build a language with::

    sphinx-build -M html docs/<lang> _build/<lang> -c conf -D language=<lang>

Every path below is built from this file's folder, because Sphinx resolves
relative paths against the source tree (docs/en or docs/es), not against conf/.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

CONF_DIR = Path(__file__).parent.resolve()
sys.path.insert(0, str(CONF_DIR / "_ext"))

# Sphinx honours SOURCE_DATE_EPOCH but crashes on an empty value; an empty
# variable means "not set".
if not os.environ.get("SOURCE_DATE_EPOCH", "x").strip():
    del os.environ["SOURCE_DATE_EPOCH"]

# -- Project -------------------------------------------------------------------
project = "convref"
language = "en"  # always overridden by -D language=<lang>; bilingual.py checks it
# Words of the project itself, per language; set_project_words() picks them once
# -D language=<lang> has been applied. No year: two builds give the same bytes.
PROJECT_WORDS = {
    "en": {"author": "the convref authors", "copyright": "the convref authors"},
    "es": {"author": "los autores de convref", "copyright": "los autores de convref"},
}
author = PROJECT_WORDS["en"]["author"]
copyright = PROJECT_WORDS["en"]["copyright"]

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx_copybutton",
    "sphinx_design",
    "mathml",  # conf/_ext/mathml.py: TeX to MathML at build time, no MathJax
    "bilingual",  # conf/_ext/bilingual.py: language guard, DOCS_LANG and conf/ on PYTHONPATH, switcher
    "notebook_env",  # conf/_ext/notebook_env.py: SVG figures, cache invalidation
    "light_pages",  # conf/_ext/light_pages.py: no Font Awesome script/fonts, search scripts on search.html only
    "site_meta",  # conf/_ext/site_meta.py: sphinxext-opengraph set up per language; og:url/canonical from SITE_URL
    "site_spelling",  # conf/_ext/site_spelling/: sphinxcontrib-spelling per language (sphinx-build -M spelling)
    "interactive_assets",  # conf/_ext/interactive_assets.py: the stepper's and explorer's JS/CSS on their pages
    "notebooks",  # conf/_ext/notebooks.py: every page but the API reference as a Jupyter notebook, linked
    "api_translation",  # conf/_ext/api_translation.py: the Spanish API page's docstrings from locales/es/.../api.po
]

exclude_patterns = ["_build", "**.ipynb_checkpoints", ".DS_Store"]
templates_path = [str(CONF_DIR / "_templates")]
html_static_path = [str(CONF_DIR / "_static")]
html_css_files = ["convref.css", "icons.css"]  # icons.css: tools/make_icons_css.py
locale_dirs = [str(CONF_DIR / "locales")]  # Sphinx compiles sphinx.po to .mo itself
# Figures are not numbered: pages are read one at a time, and a site-wide count
# ("Figure 22" on a page with two figures) only confuses.
numfig = False
nitpicky = True

# -- MyST and notebooks -------------------------------------------------------------
# No "amsmath": it gives unlabeled environments random ids (uuid4), which
# would make two builds differ; \begin{align} works inside $$ ... $$.
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3
nb_execution_mode = "cache"
nb_execution_raise_on_error = True
nb_execution_timeout = 120
# nb_execution_cache_path stays at its default, <outdir>/../.jupyter_cache, that is
# _build/<lang>/.jupyter_cache: one cache per language, shared by the html and
# doctest builders of that language, outside the site. notebook_env.py empties
# it when the code of convref or conf/convref_site changes (docstrings and comments
# aside), which jupyter-cache (keyed on code cells only) cannot see.
nb_merge_streams = True

# -- Doctest ------------------------------------------------------------------------
# The doctest builder runs the pages' {doctest}/{testcode} blocks only. The
# ">>>" examples that autodoc copies from convref's docstrings need their
# module's namespace; pytest --doctest-modules runs those.
doctest_test_doctest_blocks = ""

# -- Math -------------------------------------------------------------------------
html_math_renderer = "mathml"

# -- API docs ----------------------------------------------------------------------
autodoc_default_options = {"members": True}
autodoc_typehints = "none"
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
# numpydoc types such as "ndarray, shape (N, in_channels, H, W)" or
# "int, optional" stay text: linking each comma-separated word would make
# broken links. Objects named with roles in docstrings are linked.
napoleon_use_param = False
napoleon_use_rtype = False
napoleon_preprocess_types = False

# Inventories are shipped in conf/inventories (tools/make_inventories.py):
# the build never fetches anything.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", str(CONF_DIR / "inventories" / "python.inv")),
    "numpy": ("https://numpy.org/doc/stable/", str(CONF_DIR / "inventories" / "numpy.inv")),
    "torch": ("https://docs.pytorch.org/docs/stable/", str(CONF_DIR / "inventories" / "torch.inv")),
    "matplotlib": ("https://matplotlib.org/stable/", str(CONF_DIR / "inventories" / "matplotlib.inv")),
}

# -- HTML ---------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "convref"
html_copy_source = True
html_show_sphinx = False
html_last_updated_fmt = None
html_theme_options = {
    "article_header_end": ["language-switcher.html", "notebook-download.html", "article-header-buttons.html"],
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
copybutton_exclude = ".linenos, .gp, .go"
html_favicon = "_static/favicon.svg"  # relative to conf/; no page asks the host for /favicon.ico


def set_project_words(app, config):
    for name, value in PROJECT_WORDS.get(config.language, PROJECT_WORDS["en"]).items():
        config[name] = value


def setup(app):
    app.connect("config-inited", set_project_words)
