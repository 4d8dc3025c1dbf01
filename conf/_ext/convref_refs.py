"""Python cross-references of the API page: flat convref names and literal types.

The API page documents each function where it is defined
(``convref.conv.conv2d``), module by module; readers and docstrings also use
the flat name that ``import convref`` offers (``convref.conv2d``). When a
Python cross-reference to a ``convref.`` name finds no target, this imports
the name, takes the object's defining module and qualified name, and resolves
the reference to that documented name instead. A name that imports to nothing
documented stays a broken reference (a warning under ``-n``).

numpydoc writes a choice of values as a type, ``lang : {"en", "es"}``. In an
Attributes section napoleon hands that to the Python domain as a type, which
splits it into the "classes" ``{"en"`` and ``"es"}``. Fragments that are
literals (quoted strings, numbers, braces) are shown as text, not links;
any other unknown name still warns.
"""

from __future__ import annotations

import importlib
import re

LITERAL_FRAGMENT = re.compile(r"""^[{\s]*("[^"]*"|'[^']*'|-?\d+(\.\d+)?|None|True|False)?[}\s]*$""")


def import_dotted(name):
    """The object that the dotted ``name`` refers to, or None."""
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for attribute in parts[split:]:
                obj = getattr(obj, attribute)
        except AttributeError:
            return None
        return obj
    return None


def defining_name(obj):
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if module and qualname:
        return f"{module}.{qualname}"
    return None


def resolve(app, env, node, contnode):
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py":
        return None
    if node.get("reftype") == "class" and LITERAL_FRAGMENT.match(target):
        return contnode
    if not target.startswith("convref."):
        return None
    canonical = defining_name(import_dotted(target))
    if canonical is None or canonical == target:
        return None
    domain = env.get_domain("py")
    if canonical not in domain.objects:
        return None
    node = node.deepcopy()
    node["reftarget"] = canonical
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"],
                               canonical, node, contnode)


def setup(app):
    app.connect("missing-reference", resolve)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
