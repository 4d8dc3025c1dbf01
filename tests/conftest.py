"""Shared test settings.

Hypothesis runs derandomized, so CI sees the same examples on every run; set
HYPOTHESIS_PROFILE=explore to search with fresh random examples locally.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

import pytest

from _site import built_site


@pytest.fixture(scope="module")
def site():
    """The assembled site (_build/site); see tests/_site.py for when it is missing."""
    return built_site()
