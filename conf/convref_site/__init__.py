"""The site's own code: what the pages of docs/en and docs/es use besides convref.

Not part of the convref wheel, and convref never imports it: data flows from
convref to this package to the pages. The documentation build puts conf/ on
the notebook kernels' path (``PYTHONPATH``, exported by conf/_ext/bilingual.py),
so that a page imports it by name::

    from convref_site import glue_numbers, html_table, page_language, word
    lang = page_language()

- :func:`page_language` (``language.py``): the language of the page being built.
- :func:`glue_numbers`, :func:`glue_text` (``glue.py``): values glued into the prose.
- :func:`html_table`, :class:`Code` (``tables.py``): tables of computed values.
- ``glossary`` (``glossary.py``): the site's terms in both languages, and their table.
- :func:`word` (``words.py``): the site's word catalog.
- :func:`agreement`, :func:`amount`, :func:`ratio` (``wording.py``): differences
  and ratios worded the same way on every page, in both languages.

Examples
--------
>>> import convref_site
>>> convref_site.word("family_depthwise", "es")
'en profundidad'
"""

from . import glossary
from .glue import glue_numbers, glue_text
from .language import LANGUAGES, page_language
from .tables import Code, html_table
from .words import word
from .wording import agreement, amount, ratio

__all__ = ["LANGUAGES", "page_language", "glue_numbers", "glue_text", "html_table", "Code", "word", "glossary",
           "agreement", "amount", "ratio"]
