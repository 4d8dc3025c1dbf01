"""Load the interactive pieces' script and style sheet on the pages that hold one.

A page holds the stepper or the explorer when a code cell displayed
``convref_site.interactive.stepper_html`` or ``explorer_html``; the files
(conf/_static/interactive/) are added to that page's head only, so the other
pages stay as light as they were. Classic deferred scripts, not modules:
Chromium refuses module scripts from file://.
"""

from __future__ import annotations

MARKERS = ('class="convref-stepper"', 'class="convref-explorer"')


def add_assets(app, pagename, templatename, context, doctree):
    if not any(marker in context.get("body", "") for marker in MARKERS):
        return
    app.add_css_file("interactive/convref-interactive.css")
    app.add_js_file("interactive/convref-arith.js", loading_method="defer")
    app.add_js_file("interactive/convref-interactive.js", loading_method="defer")


def setup(app):
    app.connect("html-page-context", add_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
