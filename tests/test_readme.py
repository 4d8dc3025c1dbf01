"""The README must stay true: its examples print what it says, its commands run."""

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
TEXT = README.read_text(encoding="utf-8")


def _blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", TEXT, flags=re.S)


def test_python_examples_print_what_they_say():
    blocks = _blocks("pycon")
    assert blocks, "README.md has no ```pycon example"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README.md pycon block {number}", str(README), 0)
        assert test.examples, f"pycon block {number} holds no example"
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} README example(s) print something else"


CLI_COMMANDS = [line for block in _blocks("bash") for line in block.splitlines()
                if line.startswith("python -m convref")]


def test_readme_shows_cli_commands():
    assert len(CLI_COMMANDS) >= 2


@pytest.mark.parametrize("command", CLI_COMMANDS)
def test_cli_commands_run(command):
    args = shlex.split(command.split("#")[0])
    result = subprocess.run([sys.executable, *args[1:]], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), f"{command!r} printed nothing"


def _map_folders():
    section = TEXT.split("## The map of the project", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [folder for row in rows for folder in re.findall(r"`([^`]+/)`", row.split("|")[1])]


def test_the_map_of_the_project_matches_the_tree():
    root = README.parent
    folders = _map_folders()
    assert folders, "README.md has no map of the project"
    missing = [folder for folder in folders if not (root / folder).is_dir()]
    assert not missing, f"the README's map lists folders that do not exist: {missing}"
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout: the tree's folders are unknown")
    top = {path.split("/", 1)[0] + "/" for path in tracked if "/" in path and not path.startswith(".")}
    packages = {str(path.parent.relative_to(root)) + "/" for path in (root / "convref").rglob("__init__.py")}
    listed = {f for folder in folders for f in (folder, folder.split("/", 1)[0] + "/")}
    unlisted = sorted((top | packages) - listed)
    assert not unlisted, f"folders of the tree that the README's map leaves out: {unlisted}"
