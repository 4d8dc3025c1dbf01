"""convref imports with NumPy alone, and no two of its modules import each other.

The NumPy-only check runs every module's import in a fresh interpreter whose
``sys.meta_path`` refuses every top-level package but numpy, convref and the
standard library: what a ``pip install convref`` without extras would see.
The import graph is read from the sources with ``ast``, so imports deferred
into functions count as much as those at the top of a module.
"""

import ast
import json
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import convref

FIGURES_EXTRA = 'pip install "convref[figures]"'

BLOCKED_IMPORTS = textwrap.dedent('''
    import importlib, json, sys

    startup = set(sys.modules)
    allowed = {"numpy", "convref"} | set(sys.stdlib_module_names)


    class OnlyNumpy:
        """Refuse every top-level package but numpy, convref and the standard library."""

        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in allowed:
                return None
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: NumPy only)", name=name)


    sys.meta_path.insert(0, OnlyNumpy())
    results = {}
    for name in json.loads(sys.argv[1]):
        try:
            importlib.import_module(name)
        except Exception as error:
            results[name] = [type(error).__name__, str(error)]
        else:
            results[name] = None
    loaded = sorted({name.partition(".")[0] for name in set(sys.modules) - startup})
    print(json.dumps({"results": results, "loaded": loaded}))
''')


def convref_modules():
    """Every module of convref, as pkgutil finds them (here, where the extras are installed)."""
    def refuse(name):
        raise ImportError(f"walk_packages could not import the package {name}")

    names = ["convref"] + [info.name for info in pkgutil.walk_packages(convref.__path__, "convref.", onerror=refuse)]
    return sorted(names)


def is_figures(name):
    return name == "convref.figures" or name.startswith("convref.figures.")


def test_every_module_imports_with_numpy_alone():
    names = convref_modules()
    assert any(is_figures(name) for name in names) and "convref.layers.conv" in names, names
    run = subprocess.run([sys.executable, "-c", BLOCKED_IMPORTS, json.dumps(names)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    results = report["results"]
    assert sorted(results) == names
    failed = {name: error for name, error in results.items() if error is not None and not is_figures(name)}
    assert not failed, f"modules that need more than NumPy: {failed}"
    for name in filter(is_figures, names):
        error = results[name]
        assert error is not None and error[0] == "ImportError", f"{name} imported without matplotlib: {error}"
        assert FIGURES_EXTRA in error[1], f"{name}: {error[1]}"
    assert set(report["loaded"]) <= {"numpy", "convref"} | set(sys.stdlib_module_names), report["loaded"]


# --------------------------------------------------------------------------
# The import graph


ROOT = Path(convref.__file__).parent


def module_files():
    """Module name -> source file, for every .py file of the package."""
    files = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


def import_targets(node, module, is_package, files):
    """The convref modules (or other dotted names) one import statement loads, relative imports resolved."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = module if is_package else module.rpartition(".")[0]
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[:len(parts) - (node.level - 1)])
        base = f"{base}.{node.module}" if node.module else base
    else:
        base = node.module
    # "from . import x" loads the submodule x when there is one, else takes a name from the module.
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base for alias in node.names]


def import_graph():
    """Module -> the convref modules it imports anywhere in its source (functions included)."""
    files = module_files()
    graph = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for target in import_targets(node, name, path.name == "__init__.py", files):
                # "import a.b.c" loads the module a.b.c; what is not convref is ignored.
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def find_cycle(graph):
    """One import loop as a list of modules [a, b, ..., a], or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == "open":
                return stack[stack.index(successor):] + [successor]
            if successor not in state:
                cycle = visit(successor)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_cycle_finder_finds_loops():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"d": {"b"}, "a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_top_level_deferred_and_relative_imports(graph):
    assert "convref.conv" in graph["convref.grad"]              # from .conv import ...
    assert "convref._checks" in graph["convref.arithmetic"]     # from . import _checks (a submodule)
    assert "convref.layers.conv" in graph["convref.layers.counting"]
    assert "convref.layers" in graph["convref.models"]          # from .layers import Conv2d (a name)
    files = module_files()
    tree = ast.parse("def f():\n    from .. import _checks, models\n    from . import conv, nothing\n"
                     "    import convref.conv\n")
    targets = [import_targets(node, "convref.layers.summary", False, files) for node in ast.walk(tree)
               if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert targets == [["convref._checks", "convref.models"], ["convref.layers.conv", "convref.layers"],
                       ["convref.conv"]]


def test_no_two_modules_import_each_other(graph):
    cycle = find_cycle(graph)
    assert cycle is None, "import loop: " + " -> ".join(cycle)


def test_submodules_do_not_import_the_package(graph):
    # A submodule importing "convref" itself closes a loop through the package's __init__.
    importers = sorted(name for name, targets in graph.items() if "convref" in targets)
    assert not importers, f"these modules import the package convref instead of a submodule: {importers}"
