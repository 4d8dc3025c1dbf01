"""What site_spelling needs from PyEnchant; imported by the spelling builder only (it needs libenchant)."""

from __future__ import annotations

import re

import enchant
from enchant.tokenize import Filter, en

from site_spelling import DICTIONARIES

# Debian's enchant.ordering sends en_US to aspell when aspell-en is installed;
# the site is checked with hunspell's dictionaries in both languages. This module is
# imported while the spelling builder starts, before it opens its dictionary.
for _tag in DICTIONARIES.values():
    enchant._broker.set_ordering(_tag, "hunspell")

# A chunk between spaces that names code rather than words: digits,
# underscores, dotted names (np.einsum), calls, paths, operators.
CODE_LIKE = re.compile(r"[\d_]|[^\W\d_]\.[^\W\d_]|[()\[\]{}=<>/\\|*^~#$`]")
APOSTROPHES = str.maketrans({"’": "'"})


class CodeAndNames(Filter):
    """Skip code-like chunks; split the rest into words of two letters or more."""

    def _skip(self, word):
        return bool(CODE_LIKE.search(word))

    def _split(self, word):
        # PyEnchant's tokenizer would cut "convref’s" at the typographic apostrophe
        # and keep single letters, which are symbols here (k, H, W).
        return iter([(token, pos) for token, pos in en.tokenize(word.translate(APOSTROPHES)) if len(token) > 1])
