"""The environment notebook kernels run in, and when their cached outputs expire.

Kernels are subprocesses of the build and inherit its environment. This
extension, on ``config-inited``:

- writes an IPython profile into ``_build/<lang>/ipython`` and points
  ``IPYTHONDIR`` at it, so that every kernel emits matplotlib figures as SVG
  only, without a date in the SVG metadata (with convref.figures' fixed
  ``svg.hashsalt``, two builds give identical files), and sends printed text
  once per cell, so that timing cannot split a printed line. The profile lives in the
  build folder because IPython writes its history and runtime files there.
- empties the language's execution cache when convref's sources, the site
  package's (conf/convref_site) or that profile changed since the cache was filled. jupyter-cache keys a notebook on
  its code cells only, so without this a change to a convref figure would
  never reach the pages. The fingerprint is also a config value that Sphinx
  compares between builds, so the pages are read again when it changes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

KERNEL_CONFIG = """\
# Written by conf/_ext/notebook_env.py for the documentation build.
c.InlineBackend.figure_formats = {"svg"}
c.InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
# ipykernel sends printed text every 0.2 s, so one print can arrive in two pieces,
# and myst-nb joins pieces with a newline: the page's output would depend on timing.
# The kernel flushes at the end of each cell anyway.
c.IPKernelApp.exec_lines = ["import sys as _sys", "_sys.stdout.flush_interval = _sys.stderr.flush_interval = 3600.0"]
"""


def convref_sources():
    """convref's Python files, found without importing convref."""
    spec = importlib.util.find_spec("convref")
    if spec is None or not spec.submodule_search_locations:
        return None, []
    root = Path(list(spec.submodule_search_locations)[0])
    return root, sorted(root.rglob("*.py"))


# The site package the page cells import (conf/convref_site): its words and
# HTML reach the pages only through executed cells, like convref's figures.
SITE_PACKAGE = Path(__file__).resolve().parent.parent / "convref_site"


def fingerprint():
    digest = hashlib.sha256(KERNEL_CONFIG.encode())
    root, sources = convref_sources()
    for path in sources:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sorted(SITE_PACKAGE.rglob("*.py")):
        digest.update(b"site/" + path.relative_to(SITE_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def prepare_kernels(app, config):
    build_root = Path(app.outdir).parent  # _build/<lang> under sphinx-build -M
    profile = build_root / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    kernel_config = profile / "ipython_kernel_config.py"
    if not kernel_config.is_file() or kernel_config.read_text() != KERNEL_CONFIG:
        kernel_config.write_text(KERNEL_CONFIG)
    os.environ["IPYTHONDIR"] = str(profile.parent)

    config.convref_fingerprint = fingerprint()
    cache = Path(config.nb_execution_cache_path or build_root / ".jupyter_cache")
    stamp = build_root / "convref-fingerprint.txt"
    if stamp.is_file() and stamp.read_text() == config.convref_fingerprint:
        return
    if cache.exists():
        logger.info("convref or the kernel setup changed: emptying the execution cache %s", cache)
        shutil.rmtree(cache)
    stamp.write_text(config.convref_fingerprint)


def setup(app):
    app.add_config_value("convref_fingerprint", "", "env")
    app.connect("config-inited", prepare_kernels, priority=200)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
