"""Every page, but the API reference, as a Jupyter notebook in the page's language.

After an HTML build (``build-finished``) this extension writes
``<page>.ipynb`` next to ``<page>.html``, and ``html-page-context`` gives the
page a download link (conf/_templates/notebook-download.html, in the book
theme's article header). The notebook runs top to bottom with convref (and
its ``figures`` extra), PyTorch and IPython: no Sphinx, no myst-nb, no site
package. It is made from what the build already has, without executing
anything again:

- the page's cells, read from its MyST source by myst-nb's own reader;
- the values the page glued, from the notebook myst-nb executed
  (``jupyter_execute/<page>.glue.json``): every ``{glue:text}``/``{glue}``
  role of the prose becomes the text the page shows, and every ``{glue}`` or
  ``{glue:figure}`` directive a code cell that shows the glued table or
  figure again (``glued["key"]``), the figure's caption after it;
- the rest of MyST turned into Jupyter's markdown: ``{doc}``/``{ref}`` link
  to the other notebooks, admonitions become quotes, dropdowns (exercise
  solutions) ``<details>`` blocks, ``{doctest}`` blocks cells that run their
  examples (``run_examples``); a construct without a Jupyter equivalent is
  a warning, so a strict build names the page instead of shipping a notebook
  with MyST in it;
- code cells lose ``from convref_site import ...`` and
  ``from myst_nb import glue``; a first code cell defines, instead, exactly
  what the page imported: the site package's definitions copied from
  conf/convref_site (docstrings dropped, word catalogs cut to the page's
  language), except where conf/_ext/notebook_prelude.py has a notebook's
  version (``page_language`` returns the page's language, ``glue`` keeps
  values in ``glued``). Nothing is written per page by hand.

The files are byte-reproducible: no outputs, cell ids numbered, keys sorted,
no dates or paths of this machine.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
import pkgutil
import posixpath
import pprint
import re
import time
from pathlib import Path

from sphinx.locale import admonitionlabels
from sphinx.util import logging

logger = logging.getLogger(__name__)

CONF_DIR = Path(__file__).resolve().parent.parent
PACKAGE = "convref_site"
STAND_INS = Path(__file__).with_name("notebook_prelude.py")
STAND_INS_MODULE = "notebook_prelude"
# Modules of the build whose imports a notebook drops: what the page takes from
# them, the stand-ins (or the site package's copied definitions) provide.
BUILD_MODULES = {"myst_nb": STAND_INS_MODULE, PACKAGE: PACKAGE}
LANGUAGES = ("en", "es")
ANSWER_TAG = "exercise-answer"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}

FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
LABEL = re.compile(r"^\s*\([^()\s]+\)=\s*$")
EQUATION_LABEL = re.compile(r"^(\s*\$\$)\s*\([^()\s]+\)\s*$")
ROLE = re.compile(r"\{(?P<name>[\w:.-]+)\}`(?P<content>[^`]*)`")
EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)

ADMONITIONS = {"attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip",
               "warning"}
CODE_ROLES = {"py:func", "func", "py:class", "class", "py:meth", "meth", "py:mod", "mod", "py:attr", "attr",
              "py:obj", "obj", "py:data", "data", "py:exc", "exc", "code", "samp", "file", "command",
              "program"}


class NotebookError(Exception):
    """Something on a page that a notebook cannot hold; the build warns with it."""


# -- the prelude: what the page imported from the build, defined again ----------------------

class Definition:
    """A top-level statement of a module: its source, the name it binds and the names it reads."""

    def __init__(self, module, name, source, reads=(), is_import=False):
        self.module, self.name, self.source = module, name, source
        self.reads, self.is_import = set(reads), is_import


def _is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _names_read(node):
    return {sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name)}


def _segment(lines, node):
    """The source of a top-level statement, with the comments just above it and without docstrings."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    while first > 1 and lines[first - 2].lstrip().startswith("#"):
        first -= 1
    dropped, replaced = set(), {}
    for sub in ast.walk(node):
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and _is_docstring(sub.body[0]):
            doc = sub.body[0]
            dropped.update(range(doc.lineno, doc.end_lineno + 1))
            if len(sub.body) == 1:  # the docstring was the whole body
                replaced[doc.lineno] = " " * doc.col_offset + "pass"
    text = "\n".join(replaced.get(number, lines[number - 1]) for number in range(first, node.end_lineno + 1)
                     if number not in dropped or number in replaced)
    try:
        ast.parse(text)
    except SyntaxError:  # a docstring sharing a line with code: keep it
        text = "\n".join(lines[number - 1] for number in range(first, node.end_lineno + 1))
    return text


class Module:
    """The top-level definitions, imports and relative imports of one module's source."""

    def __init__(self, name, source, package=None):
        self.name = name
        self.package = package
        self.definitions = {}  # bound name -> Definition
        self.aliases = {}  # bound name -> (module, name or None for the module itself)
        lines = source.splitlines()
        for node in ast.parse(source).body:
            if _is_docstring(node) or (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
                continue
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package if name == package or node.level > 1 else name.rpartition(".")[0]
                target = f"{base}.{node.module}" if node.module else base
                for alias in node.names:
                    if node.module:
                        self.aliases[alias.asname or alias.name] = (target, alias.name)
                    else:
                        self.aliases[alias.asname or alias.name] = (f"{target}.{alias.name}", None)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    as_part = f" as {alias.asname}" if alias.asname else ""
                    line = (f"import {alias.name}{as_part}" if isinstance(node, ast.Import)
                            else f"from {node.module} import {alias.name}{as_part}")
                    self.definitions[bound] = Definition(name, bound, line, is_import=True)
            else:
                for bound in self._bound(node):
                    if bound != "__all__":
                        self.definitions[bound] = Definition(name, bound, _segment(lines, node), _names_read(node))

    @staticmethod
    def _bound(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return [node.name]
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        return [sub.id for target in targets if target is not None for sub in ast.walk(target)
                if isinstance(sub, ast.Name)]


class Prelude:
    """Writes, for one page, the definitions of what it imported from convref_site and myst_nb."""

    def __init__(self, package_dir=None, stand_ins=STAND_INS):
        package_dir = Path(package_dir or CONF_DIR / PACKAGE)
        self.modules = {}
        for path in sorted(package_dir.glob("*.py")):
            name = PACKAGE if path.stem == "__init__" else f"{PACKAGE}.{path.stem}"
            self.modules[name] = Module(name, path.read_text(encoding="utf-8"), package=PACKAGE)
        self.stand_ins = Module(STAND_INS_MODULE, Path(stand_ins).read_text(encoding="utf-8"))
        self.modules[STAND_INS_MODULE] = self.stand_ins

    def resolve(self, module, name, seen=()):
        """The Definition that ``name`` means in ``module`` (a stand-in replaces the site's), or None."""
        if (module, name) in seen:
            raise NotebookError(f"{module}.{name}: circular import")
        if name in self.stand_ins.definitions and module.startswith(PACKAGE):
            return self.stand_ins.definitions[name]
        scope = self.modules.get(module)
        if scope is None:
            return None
        if name in scope.definitions:
            return scope.definitions[name]
        if name in scope.aliases:
            target, target_name = scope.aliases[name]
            if target_name is None:
                return ("module", target)
            return self.resolve(target, target_name, seen + ((module, name),))
        return None

    def source(self, requests, lang, attributes=None, comment=None, strings=None):
        """The prelude cell's source.

        ``requests`` maps each name the page imported to the module it
        imported it from (``convref_site``, ``convref_site.glossary``,
        ``myst_nb``); ``attributes`` maps an imported module's name to the
        attributes the page reads from it; ``strings`` are the string
        constants of the page's code (the catalog keys it may ask for).
        """
        attributes = attributes or {}
        order, emitted = [], {}

        def visit(definition):
            key = (definition.module, definition.name)
            if definition.name in emitted:
                if emitted[definition.name] != key and emitted[definition.name][0] != key[0] \
                        and not definition.is_import:
                    raise NotebookError(f"{definition.module}.{definition.name} and "
                                        f"{emitted[definition.name][0]}.{definition.name} would share one name")
                return
            emitted[definition.name] = key
            for name in sorted(definition.reads - {definition.name}):
                found = self.resolve(definition.module, name)
                if isinstance(found, Definition):
                    visit(found)
                elif isinstance(found, tuple):
                    raise NotebookError(f"{definition.module}.{definition.name} reads the module {found[1]}")
            order.append(definition)

        namespaces = []
        for name, module in requests.items():
            found = self.resolve(BUILD_MODULES.get(module, module), name)
            if found is None:
                raise NotebookError(f"`from {module} import {name}`: the notebook has no definition of {name}")
            if isinstance(found, tuple):
                members = sorted(attributes.get(name, ()))
                for member in members:
                    definition = self.resolve(found[1], member)
                    if not isinstance(definition, Definition):
                        raise NotebookError(f"{name}.{member}: not a definition of {found[1]}")
                    visit(definition)
                namespaces.append((name, members))
            else:
                visit(found)

        imports = {d.source for d in order if d.is_import} | ({"import types"} if namespaces else set())
        imports = sorted(imports, key=lambda line: (line.startswith("from"), line.lower()))
        # A catalog keeps the phrases that the page's code or the copied definitions name.
        strings = set(strings or ()) | {text for d in order if not d.is_import and self._catalog(d) is None
                                        for text in self._strings_of(d)}
        body = [self._language_specific(d, lang, strings) for d in order if not d.is_import]
        for name, members in namespaces:
            body.append(f"{name} = types.SimpleNamespace({', '.join(f'{m}={m}' for m in members)})")
        parts = ([comment] if comment else []) + ["\n".join(imports)]
        return "\n\n".join(part for part in parts if part) + "\n\n\n" + "\n\n\n".join(body) + "\n"

    def _strings_of(self, definition):
        cache = self.__dict__.setdefault("_string_cache", {})
        key = (definition.module, definition.name)
        if key not in cache:
            cache[key] = _strings(definition.source)
        return cache[key]

    @staticmethod
    def _catalog(definition):
        """The value of a site package's word catalog (see :func:`_is_catalog`), or None."""
        if definition.is_import or not definition.module.startswith(PACKAGE):
            return None
        value = getattr(importlib.import_module(definition.module), definition.name, None)
        return value if _is_catalog(value) else None

    def _language_specific(self, definition, lang, strings):
        """A definition with what differs per page filled in: the page's language, catalogs cut to it."""
        if definition.module == STAND_INS_MODULE and definition.name == "PAGE_LANGUAGE":
            return f"PAGE_LANGUAGE = {lang!r}"
        value = self._catalog(definition)
        if value is not None:
            # words.group(prefix, lang) takes every phrase under a prefix the code names ("interactive_").
            prefixes = tuple(text for text in strings if text.endswith("_") and text.isidentifier())
            one_language = {key: {lang: phrases[lang]} for key, phrases in value.items()
                            if key in strings or key.startswith(prefixes)}
            return f"{definition.name} = " + pprint.pformat(one_language, width=110, sort_dicts=False)
        return definition.source


def _strings(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def _is_catalog(value):
    """A word catalog: a dict of phrases by language, ``{key: {"en": ..., "es": ...}}``."""
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(v, dict) and set(v) == set(LANGUAGES) for v in value.values()))


# -- code cells -------------------------------------------------------------------------------

def build_imports(source):
    """The imports of ``source`` from the build's modules: [(first line, last line, module, names)]."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in BUILD_MODULES:
            found.append((node.lineno, node.end_lineno, node.module, node.names))
        elif isinstance(node, ast.Import) and any(a.name.split(".")[0] in BUILD_MODULES for a in node.names):
            names = ", ".join(a.name for a in node.names)
            raise NotebookError(f"`import {names}`: import names from the site package instead "
                                f"(`from {PACKAGE} import ...`), so that the notebook can define them")
    return found


def without_build_imports(source, requests):
    """``source`` without its imports from the build's modules; what they imported goes into ``requests``."""
    imports = build_imports(source)
    if not imports:
        return source
    drop = set()
    for first, last, module, names in imports:
        for alias in names:
            if alias.asname and alias.asname != alias.name:
                raise NotebookError(f"`from {module} import {alias.name} as {alias.asname}`: "
                                    "a notebook defines the names themselves; import them without `as`")
            requests.setdefault(alias.name, module)
        drop.update(range(first, last + 1))
    lines = [line for number, line in enumerate(source.split("\n"), start=1) if number not in drop]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def bindings(source):
    """Names a cell binds at the top level: name -> the import that binds it, or None for any other binding."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    names = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for a in node.names:
                names[a.asname or a.name.split(".")[0]] = f"import {a.name}" + (f" as {a.asname}" if a.asname else "")
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                if node.module != "__future__":
                    names[a.asname or a.name] = f"from {node.module} import {a.name}" + (
                        f" as {a.asname}" if a.asname else "")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] = None
        else:
            for sub in _walk_own_scope(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names[sub.id] = None
    return names


_OWN_SCOPES = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)


def _walk_own_scope(node):
    """ast.walk without the comprehensions and lambdas, whose names stay inside them."""
    todo = [node]
    while todo:
        current = todo.pop()
        yield current
        todo.extend(child for child in ast.iter_child_nodes(current) if not isinstance(child, _OWN_SCOPES))


def attributes_read(source):
    """The attributes read from each plain name in ``source``: ``glossary.lookup`` -> {"glossary": {"lookup"}}."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            found.setdefault(node.value.id, set()).add(node.attr)
    return found


# -- markdown ---------------------------------------------------------------------------------

class Page:
    """What converting one page's markdown needs to know: its glued values, titles and labels."""

    def __init__(self, docname, lang, glue=None, titles=None, labels=None, notebooks=None):
        self.docname = docname
        self.lang = lang
        self.glue = glue or {}  # key -> output dict (myst-nb's glue.json)
        self.titles = titles or {}  # docname -> title
        self.labels = labels or {}  # label -> (docname, anchor, section title)
        self.notebooks = notebooks if notebooks is not None else set()  # docnames that have a notebook
        self.glued_cells = []  # glue keys shown by a code cell, in order
        self.requests = {}  # name -> module, what the page imports from the build's modules

    def glued_text(self, key, fmt=""):
        from myst_nb.core.variables import format_plain_text

        data = self.glue.get(key)
        if data is None:
            raise NotebookError(f"glue key {key!r} is not glued on this page")
        data = data.get("data", {})
        if "text/markdown" in data and not fmt:
            return data["text/markdown"]
        if "text/plain" not in data:
            raise NotebookError(f"glue key {key!r} has no text")
        return format_plain_text(data["text/plain"], fmt)

    def link(self, docname, anchor=""):
        if docname not in self.notebooks:
            raise NotebookError(f"link to {docname!r}, which has no notebook")
        if docname == self.docname:
            return f"#{anchor}" if anchor else "#"
        target = posixpath.relpath(docname, posixpath.dirname(self.docname) or ".") + ".ipynb"
        return target + (f"#{anchor}" if anchor else "")


def _explicit(content):
    match = EXPLICIT_TARGET.match(content.strip())
    return (match["text"], match["target"]) if match else (None, content.strip())


def convert_role(page, name, content):
    if name in ("glue:text", "glue", "glue:any", "glue:md"):
        key, _, fmt = content.partition(":")
        return page.glued_text(key.strip(), fmt.strip())
    if name == "doc":
        text, target = _explicit(content)
        docname = posixpath.normpath(target.lstrip("/") if target.startswith("/") else
                                     posixpath.join(posixpath.dirname(page.docname), target))
        if docname not in page.titles:
            raise NotebookError(f"{{doc}}`{content}`: no such page")
        return f"[{text or page.titles[docname]}]({page.link(docname)})"
    if name in ("ref", "numref"):
        text, label = _explicit(content)
        if label not in page.labels:
            raise NotebookError(f"{{{name}}}`{content}`: no such label")
        docname, anchor, title = page.labels[label]
        heading_anchor = "" if page.titles.get(docname) == title else title.replace(" ", "-")
        return f"[{text or title}]({page.link(docname, heading_anchor)})"
    if name == "math":
        return f"${content}$"
    if name == "abbr":
        return re.sub(r"\s*\(.*\)$", "", content)
    if name in ("term", "dfn", "guilabel", "menuselection"):
        text, target = _explicit(content)
        return text or target
    if name in CODE_ROLES:
        return f"`{_explicit(content)[0] or content.lstrip('~')}`"
    if name in ("sub", "sup", "kbd"):
        return f"<{name}>{content}</{name}>"
    raise NotebookError(f"the role {{{name}}} has no notebook form")


def convert_inline(page, line):
    return ROLE.sub(lambda match: convert_role(page, match["name"], match["content"]), line)


def _split_options(body):
    """A directive's options and the rest of its body."""
    options, rest = {}, list(body)
    if rest and rest[0].strip() == "---":
        end = next((i for i, line in enumerate(rest[1:], start=1) if line.strip() == "---"), None)
        if end is not None:
            for line in rest[1:end]:
                key, _, value = line.partition(":")
                options[key.strip()] = value.strip()
            rest = rest[end + 1:]
    while rest and OPTION.match(rest[0].strip()):
        match = OPTION.match(rest[0].strip())
        options[match["key"]] = match["value"]
        rest = rest[1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    return options, rest


def _blocks(lines):
    """Split markdown lines into text lines and fenced blocks: [("text", line) | ("fence", info, body, raw)]."""
    out, index = [], 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE_OPEN.match(line)
        if not opening:
            out.append(("text", line))
            index += 1
            continue
        fence = opening["fence"]
        close = next((j for j in range(index + 1, len(lines))
                      if set(lines[j].strip()) == {fence[0]} and len(lines[j].strip()) >= len(fence)), len(lines))
        out.append(("fence", opening["info"].strip(), lines[index + 1:close], lines[index:close + 1]))
        index = close + 1
    return out


SITE_IMPORT_EXAMPLE = re.compile(r"^>>> from (?P<module>(?:convref_site|myst_nb)[\w.]*) import (?P<names>[\w, ]+)$")


def examples_cell(page, lines):
    """A cell that runs a {doctest} block's examples; what they import from the site is passed in."""
    kept, passed = [], []
    for line in lines:
        match = SITE_IMPORT_EXAMPLE.match(line.strip())
        if match:
            for name in (n.strip() for n in match["names"].split(",")):
                page.requests.setdefault(name, match["module"])
                passed.append(name)
        else:
            kept.append(line)
    examples = "\n".join(kept).strip("\n")
    if '"""' in examples or "\\" in examples:
        raise NotebookError("a {doctest} block with triple quotes or backslashes has no notebook form")
    if any(re.match(r"^>>> (from|import) (convref_site|myst_nb)\b", line.strip()) for line in kept):
        raise NotebookError("a {doctest} block imports the site package in a form a notebook cannot replace")
    page.requests.setdefault("run_examples", STAND_INS_MODULE)
    arguments = "".join(f", {name}={name}" for name in passed)
    return f'run_examples("""\n{examples}\n"""{arguments})'


def convert_markdown(page, text):
    """MyST markdown to Jupyter cells: [("markdown", text) | ("code", source)]."""
    cells, current = [], []

    def flush():
        block = "\n".join(current).strip("\n")
        if block.strip():
            cells.append(("markdown", re.sub(r"\n{3,}", "\n\n", block)))
        current.clear()

    def inline_only(lines, where):
        inner = convert_markdown(page, "\n".join(lines))
        if any(kind == "code" for kind, _ in inner):
            raise NotebookError(f"a glued table or figure inside {where} cannot go into a notebook's markdown")
        return "\n\n".join(text for _, text in inner)

    for block in _blocks(text.split("\n")):
        if block[0] == "text":
            line = block[1]
            if LABEL.match(line):
                continue
            line = EQUATION_LABEL.sub(r"\1", line)
            current.append(convert_inline(page, line))
            continue
        _, info, body, raw = block
        directive = DIRECTIVE.match(info)
        if not directive:
            if raw[0].lstrip().startswith(":"):
                current.extend(convert_inline(page, line) for line in raw)  # ::: without a directive is text
            else:
                current.extend(raw)  # a code block: shown as it is
            continue
        name, argument = directive["name"], directive["argument"].strip()
        options, content = _split_options(body)
        if name in ("glue", "glue:any", "glue:figure"):
            flush()
            key = argument.split()[0]
            if key not in page.glue:
                raise NotebookError(f"{{{name}}} {key}: glue key not glued on this page")
            cells.append(("code", f'glued["{key}"]'))
            page.glued_cells.append(key)
            if content:
                current.append(inline_only(content, f"the caption of {{{name}}} {key}"))
        elif name == "admonition" or name in ADMONITIONS:
            title = convert_inline(page, argument) if name == "admonition" else str(admonitionlabels[name])
            inner = inline_only(content, f"{{{name}}}")
            current.append(f"> **{title}**\n>\n" + "\n".join(f"> {line}".rstrip() for line in inner.split("\n")))
        elif name == "dropdown":
            inner = inline_only(content, "{dropdown}")
            summary = convert_inline(page, argument) or "…"
            opened = " open" if "open" in options else ""
            current.append(f"<details{opened}>\n<summary>{summary}</summary>\n\n{inner}\n\n</details>")
        elif name == "toctree":
            if "hidden" in options:
                continue
            entries = [entry.strip() for entry in content if entry.strip()]
            current.append("\n".join(f"- {convert_role(page, 'doc', entry)}" for entry in entries))
        elif name == "doctest":
            if "hide" in options:
                continue
            if set(options) - {"options", "pyversion", "skipif", "no-trim-doctest-flags"}:
                raise NotebookError(f"{{doctest}} options {sorted(options)} have no notebook form")
            flush()
            cells.append(("code", examples_cell(page, content)))
        elif name in ("code-block", "code", "sourcecode"):
            current.extend([f"```{argument}", *content, "```"])
        elif name == "math":
            current.extend(["$$", *content, "$$"])
        elif name == "raw":
            if argument.split()[0:1] == ["html"]:
                current.extend(content)
        else:
            raise NotebookError(f"the directive {{{name}}} has no notebook form")
    flush()
    return cells


# -- the notebook -------------------------------------------------------------------------------

def notebook_for(page, source_text, prelude, comment_for_prelude=None, intro=None, answer_comment=None):
    """The notebook of one page, as an nbformat NotebookNode."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook

    read = read_myst_markdown_notebook(source_text)
    raw_cells, requests, attributes, page_names = [], page.requests, {}, {}
    for cell in read.cells:
        if cell.cell_type == "markdown":
            raw_cells.extend(convert_markdown(page, cell.source))
            continue
        if cell.cell_type != "code":
            continue
        source = without_build_imports(cell.source, requests)
        tags = list(cell.metadata.get("tags", []))
        if ANSWER_TAG in tags and answer_comment:
            source = f"# {answer_comment}\n{source}"
        for name, binding in bindings(source).items():
            # A name bound twice, once by an import and once otherwise, counts as bound otherwise.
            page_names[name] = binding if page_names.get(name, binding) == binding else None
        raw_cells.append(("code", source, tags))

    for cell in raw_cells:
        if cell[0] == "code":
            for name, members in attributes_read(cell[1]).items():
                if name in requests:
                    attributes.setdefault(name, set()).update(members)
    if page.glued_cells:
        requests.setdefault("glued", STAND_INS_MODULE)

    cells = []
    if requests:
        defined = bindings(prelude.source(requests, page.lang, attributes))
        clashes = {name for name, binding in page_names.items()
                   if name in defined and name not in requests and (binding is None or binding != defined[name])}
        if clashes:
            raise NotebookError(f"the page binds {', '.join(sorted(clashes))}, which the notebook's first cell "
                                "defines for the site package's code it copies: rename it on the page")
        strings = {text for c in raw_cells if c[0] == "code" for text in _strings(c[1])}
        prelude_cell = ("code", prelude.source(requests, page.lang, attributes, comment_for_prelude, strings), [])
    else:
        prelude_cell = None

    placed_intro = intro is None
    for kind, *rest in raw_cells:
        if kind == "code" and prelude_cell is not None:
            cells.append(prelude_cell)
            prelude_cell = None
        if kind == "markdown" and not placed_intro:
            heading, _, after = rest[0].partition("\n")
            if heading.startswith("#"):
                cells.append(("markdown", heading))
                cells.append(("markdown", intro))
                if after.strip():
                    cells.append(("markdown", after.strip("\n")))
            else:
                cells.append(("markdown", intro))
                cells.append(("markdown", rest[0]))
            placed_intro = True
            continue
        cells.append((kind, *rest))
    if prelude_cell is not None:
        cells.append(prelude_cell)

    # Cells are written as plain dicts and the notebook validated once: nbformat's new_*_cell
    # validate every cell against the schema, which cost more than the whole conversion.
    notebook = {"cells": [], "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    for number, (kind, source, *more) in enumerate(cells, start=1):
        cell_id = f"cell-{number}"
        if kind == "markdown":
            notebook["cells"].append({"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": source})
        else:
            tags = more[0] if more else []
            # myst-nb's display tags say what the page shows; a notebook shows everything, and a
            # Jupyter tool that honours "remove-cell" would drop cells the notebook needs.
            kept = [tag for tag in tags if not tag.startswith(("remove-", "hide-"))]
            metadata = {"tags": kept} if kept else {}
            if {"hide-input", "remove-input"} & set(tags):
                metadata["jupyter"] = {"source_hidden": True}
            if {"hide-output", "remove-output"} & set(tags):
                metadata.setdefault("jupyter", {})["outputs_hidden"] = True
            notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": cell_id,
                                      "metadata": metadata, "outputs": [], "source": source})
    notebook = nbformat.from_dict(notebook)
    nbformat.validate(notebook)
    return notebook


def notebook_bytes(notebook):
    import nbformat

    return (nbformat.writes(notebook) + "\n").encode("utf-8")


# -- Sphinx ----------------------------------------------------------------------------------

def has_notebook(app, docname):
    return docname in app.env.found_docs and docname not in app.config.notebook_exclude


def _site_word(key, lang, **fields):
    from convref_site import word

    return word(key, lang, **fields)


def _labels(env):
    std = env.domains.standard_domain if hasattr(env.domains, "standard_domain") else env.get_domain("std")
    return {label: (docname, anchor, str(title)) for label, (docname, anchor, title) in std.labels.items()}


def _inputs_digest(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def write_notebooks(app, exception):
    """Write every page's notebook; a page whose inputs did not change since the last build is skipped."""
    if exception is not None or app.builder.format != "html":
        return
    started = time.perf_counter()
    env, lang = app.env, app.config.language
    docnames = sorted(d for d in env.found_docs if has_notebook(app, d))
    titles = {d: env.titles[d].astext() for d in env.found_docs if d in env.titles}
    labels = _labels(env)
    executed = Path(app.outdir).parent / "jupyter_execute"
    # What every notebook depends on besides its page: this converter, the stand-ins, the site package
    # (copied into notebooks, and its words), the titles and labels that links name.
    shared = _inputs_digest(lang, Path(__file__).read_bytes(), STAND_INS.read_bytes(),
                            *(path.read_bytes() for path in sorted((CONF_DIR / PACKAGE).glob("*.py"))),
                            json.dumps([titles, sorted(labels.items()), docnames], sort_keys=True))
    record_file = Path(app.outdir).parent / "notebooks.json"
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    prelude, written = None, 0
    for docname in docnames:
        glue_file = executed / (docname + ".glue.json")
        glue_bytes = glue_file.read_bytes() if glue_file.is_file() else b"{}"
        source = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        target = Path(app.outdir) / (docname + ".ipynb")
        key = _inputs_digest(shared, source, glue_bytes)
        if record.get(docname) == key and target.is_file():
            continue
        prelude = prelude or Prelude()
        page = Page(docname, lang, glue=json.loads(glue_bytes), titles=titles, labels=labels,
                    notebooks=set(docnames))
        try:
            notebook = notebook_for(
                page, source, prelude,
                comment_for_prelude="\n".join(
                    f"# {line}" for line in _site_word("notebook_prelude", lang).split("\n")),
                intro=_site_word("notebook_intro", lang),
                answer_comment=_site_word("exercise_answer_here", lang))
        except NotebookError as error:
            record.pop(docname, None)
            logger.warning("no notebook for this page: %s", error, location=docname, type="notebooks")
            continue
        content = notebook_bytes(notebook)
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        record[docname] = key
        written += 1
    record_file.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    logger.info("notebooks: %d of %d pages converted to Jupyter notebooks in %.2f s", written, len(docnames),
                time.perf_counter() - started)


def add_download_link(app, pagename, templatename, context, doctree):
    if not has_notebook(app, pagename):
        context["notebook_download"] = None
        return
    label = _site_word("notebook_download", app.config.language)
    context["notebook_download"] = {"href": posixpath.basename(pagename) + ".ipynb", "label": label}


def setup(app):
    app.add_config_value("notebook_exclude", ["api"], "html")
    app.connect("html-page-context", add_download_link)
    app.connect("build-finished", write_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
