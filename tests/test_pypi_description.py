"""PYPI.md, the package's description on PyPI, must stay true: its examples print what it says, its commands run."""

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

DESCRIPTION = Path(__file__).resolve().parent.parent / "PYPI.md"
TEXT = DESCRIPTION.read_text(encoding="utf-8")


def _blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", TEXT, flags=re.S)


def test_python_examples_print_what_they_say():
    blocks = _blocks("pycon")
    assert len(blocks) >= 3, "PYPI.md shows three Python examples"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs = {}  # the blocks build on each other, as in one session
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"PYPI.md pycon block {number}", str(DESCRIPTION), 0)
        assert test.examples, f"pycon block {number} holds no example"
        runner.run(test, clear_globs=False)
        globs = test.globs  # DocTest copies the globals it is given
    assert runner.failures == 0, f"{runner.failures} PYPI.md example(s) print something else"


COMMANDS = [line for block in _blocks("bash") for line in block.splitlines() if line.startswith("convref ")]


def test_description_shows_cli_commands():
    assert len(COMMANDS) >= 3


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_commands_run(command):
    # `convref` is the installed script; `python -m convref` runs the same main() from this tree.
    args = shlex.split(command.split("#")[0])
    result = subprocess.run([sys.executable, "-m", "convref", *args[1:]], capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip(), f"{command!r} printed nothing"


def test_description_is_for_people_who_pip_install_it():
    # No build instructions of the repository or the site, no link that is not a real address.
    assert "make " not in TEXT and "sphinx" not in TEXT.lower()
    assert "pip install convref" in TEXT
    assert not re.findall(r"https?://", TEXT), "PYPI.md links to an address the project does not have"
