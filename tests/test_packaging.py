"""The sdist and the wheel build, pass ``twine check``, and hold the package only (no site, no tests)."""

import email.parser
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import convref

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

pytest.importorskip("build")
pytest.importorskip("twine")


def tracked_files():
    """The files a clone has (committed or about to be), not the build output lying in the tree."""
    try:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                                capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs git to list the repository's files")
    return [name for name in listed.decode().split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """Build the sdist from a copy of the repository, and the wheel from the sdist, as ``python -m build`` does."""
    source = tmp_path_factory.mktemp("source")
    for name in tracked_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    # No isolation: the build uses this environment's setuptools (pinned in constraints.txt)
    # instead of downloading one; `build` still checks it satisfies [build-system] requires.
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel


def test_twine_check_passes(dist):
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_the_wheel_holds_convref_only(dist):
    _, wheel = dist
    version = convref.__version__
    assert wheel.name == f"convref-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = email.parser.Parser().parsestr(archive.read(f"convref-{version}.dist-info/METADATA").decode())
        entry_points = archive.read(f"convref-{version}.dist-info/entry_points.txt").decode()
    assert {name.split("/")[0] for name in names} == {"convref", f"convref-{version}.dist-info"}
    assert not [name for name in names if "convref_site" in name or name.startswith(("conf/", "tests/", "docs/"))]
    modules = {name for name in names if name.startswith("convref/")}
    assert {"convref/__init__.py", "convref/cli.py", "convref/layers/summary.py", "convref/figures/__init__.py"} <= modules
    assert modules == {path.relative_to(ROOT).as_posix() for path in (ROOT / "convref").rglob("*.py")}
    assert f"convref-{version}.dist-info/licenses/LICENSE" in names
    assert "convref = convref.cli:main" in entry_points
    # The metadata PyPI shows.
    assert metadata["Version"] == version
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().strip() == (ROOT / "PYPI.md").read_text(encoding="utf-8").strip()
    assert metadata["Requires-Python"] == ">=3.10"
    assert metadata.get_all("Requires-Dist")[0] == "numpy>=1.24"
    assert "figures" in metadata.get_all("Provides-Extra")
    classifiers = metadata.get_all("Classifier")
    assert "Intended Audience :: Education" in classifiers and "Operating System :: OS Independent" in classifiers
    assert metadata["Keywords"] and "convolution" in metadata["Keywords"]
    # No invented address: the project has none yet.
    assert metadata.get_all("Project-URL") is None and metadata["Home-page"] is None


def test_the_sdist_holds_no_tests_that_cannot_run(dist):
    sdist, _ = dist
    top = f"convref-{convref.__version__}"
    with tarfile.open(sdist) as archive:
        names = [name.removeprefix(top + "/") for name in archive.getnames()]
    assert not [name for name in names if name.startswith(("tests", "conf", "docs", "tools", "bench", "mk"))]
    assert {"LICENSE", "PYPI.md", "pyproject.toml", "PKG-INFO", "convref/__init__.py"} <= set(names)
    assert not [name for name in names if name.endswith((".pyc", ".ipynb"))]


def test_the_wheel_runs_on_its_own(dist, tmp_path):
    """Installed from the wheel alone (not this tree), the package imports and its command line answers."""
    _, wheel = dist
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run([sys.executable, "-c", "import convref; print(convref.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path, env=env, timeout=60)
    assert Path(probe.stdout.strip()).is_relative_to(target), probe.stdout + probe.stderr
    result = subprocess.run([sys.executable, "-m", "convref", "--version"], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=60)
    assert result.stdout == f"convref {convref.__version__}\n"
    assert (target / "bin" / "convref").exists()


def test_the_version_is_written_in_one_place():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "convref._version.__version__"}
    assert convref.__version__ not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    # Written once in the sources too: the package and the command line import it.
    written = [path.relative_to(ROOT).as_posix() for path in (ROOT / "convref").rglob("*.py")
               if f'"{convref.__version__}"' in path.read_text(encoding="utf-8")]
    assert written == ["convref/_version.py"]


def test_the_build_asks_for_a_setuptools_that_knows_license_expressions():
    # `license = "MIT"` (an SPDX expression) and `license-files` need setuptools 77 or later.
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]
    assert PYPROJECT["project"]["license"] == "MIT" and PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert PYPROJECT["project"]["readme"] == "PYPI.md"


def test_build_output_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored
