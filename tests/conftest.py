"""Shared test settings.

Hypothesis runs derandomized, so CI sees the same examples on every run; set
HYPOTHESIS_PROFILE=explore to search with fresh random examples locally.
The fixtures of the tests of the built site are in tests/site/conftest.py.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
