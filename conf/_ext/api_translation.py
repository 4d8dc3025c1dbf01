"""The Spanish API reference: convref's docstrings through a gettext catalog.

The API page exists in both trees with its own prose, but autodoc copies the
docstrings, which are English, into both. On the Spanish build Sphinx's own
internationalisation translates them: Sphinx applies the catalog
``conf/locales/es/LC_MESSAGES/api.po`` (domain ``api``, the page's name) to
the page ``api`` and to no other page, because no other page has a catalog
(glue inside translated paragraphs would be lost: FIELD-NOTES).

This extension keeps that catalog honest:

- a transform that runs just before Sphinx's ``Locale`` transform records the
  original messages of the docstrings on the page: the translatable text
  inside autodoc's ``desc_content`` nodes and of the modules' docstrings
  (automodule), found with the same function
  Sphinx uses to look messages up (``extract_messages``), so the catalog's
  msgids are exactly what Sphinx looks for. Field names and rubrics
  (Parámetros, Ejemplos...) are left out: napoleon writes them in the build
  language from Sphinx's catalog (conf/locales/es/LC_MESSAGES/sphinx.po
  fixes the ones Sphinx gets wrong). Literal and doctest blocks, signatures
  and inline code are not translatable nodes, so they never reach the catalog;
  nor do math blocks and text that is code alone (``"fast"``, a type ``int``);
- every build of such a page then warns (an error under ``-W``) for each
  docstring message missing from the catalog, each untranslated, fuzzy or
  verbatim (msgstr == msgid) entry, each entry the page no longer has, each
  translation Sphinx could not apply, and each that changes the message's
  code, references or emphasis (reST syntax read as MyST), naming the message;
- the ``apipot`` builder writes those messages as ``<outdir>/api.pot``;
  ``make api-catalog`` runs it and merges the template into the catalog with
  ``sphinx-intl update`` (new messages come in empty or fuzzy: work to do).

Translations are parsed by the page's own parser (MyST), as Sphinx does for
any translated message: write roles as ``{func}`conv2d``` and literals as
````code````, not in reST syntax.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import LITERAL_TYPE_NODES, extract_messages

logger = logging.getLogger(__name__)

CONF_DIR = Path(__file__).resolve().parent.parent
ROOT = CONF_DIR.parent
# Language -> the pages whose docstrings go through a catalog of their own name.
TRANSLATED_PAGES = {"es": ("api",)}


def catalog_path(app, docname: str) -> Path:
    """The page's catalog in the first of ``locale_dirs`` (conf/locales; a test's own folder)."""
    return Path(app.srcdir, app.config.locale_dirs[0], app.config.language, "LC_MESSAGES", f"{docname}.po")


def shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def translated_page(app_or_env, docname: str) -> bool:
    return docname in TRANSLATED_PAGES.get(app_or_env.config.language, ())


def where(node) -> str:
    """``convref/conv.py: docstring of convref.conv.conv2d``: where a message comes from."""
    source = node.source or ""
    path, _sep, rest = source.partition(":docstring of ")
    try:
        path = Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        pass
    return f"{path}: docstring of {rest}" if rest else path


IDENTIFIER = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def only_code(node, msg: str) -> bool:
    """True for text that is code, not words: inline literals and names alone (``"fast"``,
    ``**volume** (*array_like*) -- ``(D, H, W)``.``, ``*int* -- ``n + 1````), or, in a
    field, a type that is one name (``int``, ``numpy.ndarray``, ``Summary``)."""
    words = re.sub(r"\*{1,2}[\w.\\]+\*{1,2}", "", re.sub(r"``.+?``", "", msg, flags=re.S))
    if not re.sub(r"[\s()\-,.;:]", "", words):
        return True
    in_field = any(isinstance(parent, nodes.field_body) for parent in _ancestors(node))
    return in_field and IDENTIFIER.fullmatch(node.astext().strip(" *-\u2013\n")) is not None


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def docstring_messages(doctree):
    """(node, msgid) of the docstrings' words, in page order, each node once.

    Left out: field names and rubrics (napoleon writes them in the build's
    language), math and other literal nodes, text that is code (only_code),
    and a field's whole body when it holds paragraphs or a list: Sphinx
    translates those one by one, never the body as a whole.
    """
    inside = set()
    for content in doctree.findall(addnodes.desc_content):
        inside.update(id(node) for node in content.findall(nodes.Element))
    for node, msg in extract_messages(doctree):
        # A module's docstring (automodule) is no desc node: its text is known by its source.
        if id(node) not in inside and ":docstring of " not in (node.source or ""):
            continue
        if isinstance(node, (nodes.field_name, nodes.rubric, *LITERAL_TYPE_NODES)):
            continue
        if any(isinstance(inner, nodes.Body) for inner in node.findall(include_self=False)):
            continue
        if not only_code(node, msg):
            yield node, msg


class CollectDocstringMessages(SphinxTransform):
    """Record the docstrings' original messages before ``Locale`` (priority 20) replaces them."""

    default_priority = 19

    def apply(self, **kwargs):
        docname = self.env.current_document.docname
        if translated_page(self.env, docname):
            self.document["api_translation_nodes"] = [(node, msg, markup(node))
                                                      for node, msg in docstring_messages(self.document)]


MARKUP = (nodes.literal, addnodes.pending_xref, nodes.reference, nodes.strong, nodes.emphasis, nodes.math)


def markup(node) -> dict[str, int]:
    """How many pieces of code, references and emphasis a message holds: a translation keeps them.

    A translation written in reST rather than MyST (``:func:`x```, or ``C*kH*kW``
    inside ``*...*``, which MyST reads as emphasis) changes these counts.
    """
    counts: dict[str, int] = {}
    for inner in node.findall(lambda n: isinstance(n, MARKUP), include_self=False):
        counts[type(inner).__name__] = counts.get(type(inner).__name__, 0) + 1
    return counts


class CheckDocstringTranslation(SphinxTransform):
    """After ``Locale``: keep which messages Sphinx translated, for the check.

    Also gives the attributes' "Type" field its name in the build's language:
    napoleon writes an attribute's type as a ``:type:`` field that the Python
    domain cannot attach to anything, so it shows the field's own name, title-cased,
    in English on every page (Sphinx's "Type" is in conf/locales/es/.../sphinx.po).
    This runs after ``Locale`` but before the Python domain resolves references.
    """

    default_priority = 21

    def apply(self, **kwargs):
        for content in self.document.findall(addnodes.desc_content):
            for name in content.findall(nodes.field_name):
                if name.astext() == "Type":
                    name[:] = [nodes.Text(_("Type"))]
                    # A translated type ({class}`tuple` de {class}`int`) links its names
                    # as code; the Python domain links them as plain text: keep its look.
                    for xref in name.parent[1].findall(addnodes.pending_xref):
                        if len(xref) == 1 and isinstance(xref[0], nodes.literal):
                            xref[:] = [nodes.Text(xref[0].astext())]
        pairs = self.document.attributes.pop("api_translation_nodes", None)
        if pairs is None:
            return
        messages = {}
        for node, msg, original in pairs:
            entry = messages.setdefault(msg, {"where": where(node), "applied": True, "markup": None})
            entry["applied"] = entry["applied"] and bool(node.get("translated"))
            if node.get("translated") and markup(node) != original:
                entry["markup"] = (original, markup(node))
        store(self.env)[self.env.current_document.docname] = messages


def store(env) -> dict:
    if not hasattr(env, "api_translation"):
        env.api_translation = {}
    return env.api_translation


def purge(app, env, docname):
    store(env).pop(docname, None)


def merge(app, env, docnames, other):
    """Parallel reading: the pages read by another process bring their messages."""
    store(env).update({docname: messages for docname, messages in store(other).items() if docname in docnames})


def short(msg: str, width: int = 70) -> str:
    msg = " ".join(msg.split())
    return repr(msg if len(msg) <= width else msg[:width - 1] + "…")


def problems(path: Path, lang: str, messages: dict) -> list[str]:
    """What is wrong with the catalog at ``path`` against the page's messages, one line each."""
    name = shown(path)
    if not path.is_file():
        return [f"{name}: no such catalog; run `make api-catalog` and translate it"]
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    found = []
    entries = {m.id: m for m in catalog if m.id}
    for msg, info in messages.items():
        entry = entries.get(msg)
        if entry is None:
            found.append(f"{name}: docstring message missing from the catalog (run `make api-catalog`), "
                         f"{info['where']}: {short(msg)}")
        elif entry.fuzzy:
            found.append(f"{name}: fuzzy entry (check the translation, then remove the fuzzy flag), "
                         f"{info['where']}: {short(msg)}")
        elif not entry.string or not entry.string.strip():
            found.append(f"{name}: untranslated entry, {info['where']}: {short(msg)}")
        elif entry.string == msg:  # code-only text never reaches the catalog (only_code)
            found.append(f"{name}: entry copied, not translated, {info['where']}: {short(msg)}")
        elif not info["applied"]:
            found.append(f"{name}: Sphinx could not apply the translation (it must parse as one MyST "
                         f"paragraph, with the same references), {info['where']}: {short(msg)}")
        elif info.get("markup"):
            before, after = info["markup"]
            found.append(f"{name}: the translation changes the code, references or emphasis "
                         f"(MyST syntax: {{func}}`name`, ``code``, \\* for a star), {before} became {after}, "
                         f"{info['where']}: {short(msg)}")
    for msg in entries:
        if msg not in messages:
            found.append(f"{name}: entry for a message the page no longer has "
                         f"(run `make api-catalog`): {short(msg)}")
    for msg in catalog.obsolete:
        found.append(f"{name}: obsolete entry (run `make api-catalog`): {short(msg)}")
    return found


def check(app, env):
    if app.builder.name == ApiPotBuilder.name:
        return
    for docname, messages in sorted(store(env).items()):
        if not translated_page(app, docname):
            continue
        for problem in problems(catalog_path(app, docname), app.config.language, messages):
            logger.warning(problem, type="api_translation", location=docname)


class ApiPotBuilder(Builder):
    """Write the docstring messages of each translated page as ``<outdir>/<page>.pot``."""

    name = "apipot"
    epilog = "The templates are in %(outdir)s; `make api-catalog` merges them into conf/locales."
    allow_parallel = False

    def get_outdated_docs(self):
        return []

    def get_target_uri(self, docname, typ=None):
        return ""

    def prepare_writing(self, docnames):
        pass

    def write_documents(self, docnames):
        pass  # the messages were recorded while reading; no page is resolved or written

    def write_doc(self, docname, doctree):
        pass

    def finish(self):
        pages = store(self.env)
        for docname in TRANSLATED_PAGES.get(self.config.language, ()):
            if docname not in pages:
                logger.warning("no docstring messages recorded for %s: is it a page of this tree?", docname)
                continue
            # A fixed date: the template, and the catalog's header, change only with the messages.
            catalog = Catalog(project=self.config.project, creation_date=_fixed_date(), charset="utf-8",
                              fuzzy=False, header_comment=HEADER, copyright_holder="the convref authors",
                              version="", language_team="es")
            for msg, info in pages[docname].items():
                catalog.add(msg, auto_comments=[info["where"]])
            os.makedirs(self.outdir, exist_ok=True)
            with open(Path(self.outdir) / f"{docname}.pot", "wb") as f:
                write_po(f, catalog, width=76, omit_header=False)
            logger.info("%s: %d docstring messages", Path(self.outdir) / f"{docname}.pot", len(catalog))


HEADER = """\
# convref's docstrings as the Spanish API page shows them: one entry
# per paragraph, list item or field of a docstring, as Sphinx extracts
# it. Written by `make api-catalog` (conf/_ext/api_translation.py).
# Translate the empty and fuzzy entries in MyST syntax:
# {func}`convref.conv2d`, ``code``. Glossary (docs/es/glossary.md):
# núcleo (kernel), canal, paso (stride), relleno (padding), dilatación,
# grupos, mapa de características (feature map)."""


def _fixed_date():
    from datetime import datetime, timezone

    return datetime(2000, 1, 1, tzinfo=timezone.utc)


def setup(app):
    app.add_transform(CollectDocstringMessages)
    app.add_transform(CheckDocstringTranslation)
    app.add_builder(ApiPotBuilder)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-check-consistency", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
