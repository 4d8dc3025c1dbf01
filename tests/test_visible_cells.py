"""The code a reader sees runs on its own.

For every page of both languages, the code cells whose source the reader can
see (every cell but those tagged ``remove-cell`` or ``remove-input``; a
``hide-input`` or ``hide-cell`` cell is folded, not removed, so it counts)
run in order in a fresh Python process after nothing but::

    import numpy as np
    import torch
    import convref

A visible cell that needs a name defined by a hidden cell, or an import made
in a hidden cell, fails here, naming the page and the cell.

The site's own package (``conf/convref_site``) is importable, as it is in
the page's downloadable notebook, whose first cell defines what the page
imports from it (conf/_ext/notebooks.py): a visible cell may print with the
site's word catalog, ``from convref_site import page_language, word``, as
long as that import is itself visible. The process runs in the page's
language (``DOCS_LANG``, as the build and the notebook set it), so the
Spanish pages' cells print with the Spanish catalog.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "es")
HIDDEN_SOURCE = {"remove-cell", "remove-input"}
PRELUDE = "import numpy as np\nimport torch\nimport convref\n"

FENCE = re.compile(r"^(?P<fence>`{3,})\{code-cell\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.DOTALL | re.MULTILINE)
TAGS = re.compile(r"^\s*:?tags:\s*\[(?P<tags>[^\]]*)\]\s*$")

# Runs in the fresh process: the cells arrive as JSON on stdin; the first one
# that raises is reported as JSON on stdout, with its traceback.
RUNNER = r"""
import json, sys, traceback
cells = json.load(sys.stdin)
namespace = {"__name__": "__main__"}
exec(compile(cells["prelude"], "<prelude>", "exec"), namespace)
for number, source in cells["cells"]:
    try:
        exec(compile(source, f"<cell {number}>", "exec"), namespace)
    except BaseException:
        print(json.dumps({"cell": number, "error": traceback.format_exc(limit=6)}))
        sys.exit(1)
print(json.dumps({"cell": None}))
"""


def pages():
    return sorted(path for lang in LANGUAGES for path in (ROOT / "docs" / lang).glob("*.md"))


def code_cells(text):
    """(number, tags, source) of every code cell of a MyST notebook page, numbered from 1."""
    cells = []
    for number, match in enumerate(FENCE.finditer(text), start=1):
        lines = match["body"].split("\n")
        tags, start = set(), 0
        if lines and lines[0].strip() == "---":          # a YAML block of options
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
            options, start = lines[1:end], end + 1
        else:                                             # ":key: value" lines
            options = []
            while start < len(lines) and lines[start].startswith(":"):
                options.append(lines[start])
                start += 1
        for option in options:
            found = TAGS.match(option)
            if found:
                tags |= {tag.strip().strip("'\"") for tag in found["tags"].split(",") if tag.strip()}
        cells.append((number, tags, "\n".join(lines[start:])))
    return cells


def visible_cells(text):
    """The cells whose source the reader can see, as (number, source)."""
    return [(number, source) for number, tags, source in code_cells(text) if not tags & HIDDEN_SOURCE]


def reader_environment(lang="en"):
    """This environment with the site's package on the path, in the page's language ``lang``."""
    environment = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0", DOCS_LANG=lang)
    site_package = str(ROOT / "conf")
    kept = [entry for entry in environment.get("PYTHONPATH", "").split(os.pathsep)
            if entry and Path(entry).resolve() != Path(site_package).resolve()]
    environment["PYTHONPATH"] = os.pathsep.join([site_package, *kept])
    return environment


def run_cells(cells, tmp_path, lang="en"):
    payload = json.dumps({"prelude": PRELUDE, "cells": cells})
    result = subprocess.run([sys.executable, "-c", RUNNER], input=payload, capture_output=True, text=True,
                            cwd=tmp_path, env=reader_environment(lang), timeout=900)
    lines = [line for line in result.stdout.splitlines() if line.startswith('{"cell"')]
    if not lines:
        return {"cell": "?", "error": result.stderr[-3000:] or "the process printed no report"}
    return json.loads(lines[-1])


@pytest.mark.parametrize("page", pages(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_visible_cells_of_a_page_run_on_their_own(page, tmp_path):
    cells = visible_cells(page.read_text(encoding="utf-8"))
    report = run_cells(cells, tmp_path, lang=page.parent.name)
    if report["cell"] is not None:
        source = dict(cells).get(report["cell"], "")
        first = next((line for line in source.splitlines() if line.strip()), "")
        pytest.fail(f"{page.relative_to(ROOT)}: visible code cell {report['cell']} ({first.strip()!r}) raises "
                    f"when the page's visible cells run alone after numpy, torch and convref:\n{report['error']}",
                    pytrace=False)


# -- the test's own machinery ------------------------------------------------------------

PAGE = """\
# A page

```{code-cell} ipython3
:tags: [remove-cell]

hidden = 1
```

```{code-cell} ipython3
---
tags: [hide-input]
---
shown = 2
```

````{code-cell} ipython3
:tags: [remove-input, hide-output]

also_hidden = 3
````

```{code-cell} ipython3
print(shown)
```
"""


def test_cells_are_found_with_their_tags_and_numbers():
    cells = code_cells(PAGE)
    assert [(number, sorted(tags)) for number, tags, _ in cells] == [
        (1, ["remove-cell"]), (2, ["hide-input"]), (3, ["hide-output", "remove-input"]), (4, [])]
    assert [source.strip() for _, source in visible_cells(PAGE)] == ["shown = 2", "print(shown)"]


def test_a_visible_cell_that_needs_a_hidden_name_fails(tmp_path):
    report = run_cells([(1, "x = np.arange(3)"), (2, "print(undefined_by_any_visible_cell)")], tmp_path)
    assert report["cell"] == 2 and "NameError" in report["error"]


def test_the_site_package_takes_a_visible_import(tmp_path):
    # Its names are not in the prelude: a visible cell that uses one without importing it fails...
    report = run_cells([(1, "print(word('stages_total', 'es'))")], tmp_path)
    assert report["cell"] == 1 and "NameError" in report["error"]
    # ...and with the import, it runs in the page's language.
    cells = [(1, "from convref_site import page_language, word"),
             (2, "assert page_language() == 'es' and word('stages_total', page_language()) == 'total de la red'")]
    assert run_cells(cells, tmp_path, lang="es") == {"cell": None}


def test_cells_that_only_use_the_prelude_pass(tmp_path):
    report = run_cells([(1, "y = convref.conv2d(np.ones((1, 3, 3)), np.ones((1, 1, 2, 2)))"),
                        (2, "assert torch.is_tensor(torch.from_numpy(y))")], tmp_path)
    assert report == {"cell": None}


def test_every_page_has_visible_code_or_is_a_reference_page():
    # A page with no visible cell at all passes trivially; only the API pages may.
    silent = [page.relative_to(ROOT).as_posix() for page in pages()
              if not visible_cells(page.read_text(encoding="utf-8"))]
    assert set(silent) <= {"docs/en/api.md", "docs/es/api.md"}, silent
