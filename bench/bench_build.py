"""Time the documentation build on this machine: clean, no-change and incremental rebuilds.

A benchmark, not a test: run it with ``make bench-build`` (or
``python bench/bench_build.py``). It never touches the working tree: it copies
the repository (without .git, .venv, _build and node_modules) into a scratch
folder, links the repository's .venv into it, puts the copy first on
PYTHONPATH (so Sphinx and the notebook kernels import the copy's convref, not
the working tree's through the editable install), and runs the Makefile's own
targets there, in this order:

1. clean build of each language in turn (``make html-en``, then ``make
   html-es``, then the assembly of the site), from an empty ``_build``: what
   each language costs, the first with every import cold, the second after it;
2. the same pages with the execution caches kept but the HTML and doctrees
   removed (``make -j2 html``): the build without notebook execution, so the
   difference with (3) is what execution costs;
3. clean build of both languages in parallel (``make -j2 html``), from an empty
   ``_build``: the budgeted figure (<= 150 s on 2 cores);
4. ``make -j2 html`` again with nothing changed (budget: <= 5 s);
5. after a prose edit on one English page (a sentence added under its title;
   budget: <= 20 s): the page is read again but its notebook comes from the
   execution cache;
6. after a code edit on the same page in both languages (a line added to its
   first code cell, as the parity check requires): that notebook runs again,
   once per language.

With ``--test`` it also times the parts of ``make test`` (budget: <= 15 min on
2 cores), as CI runs them, serially: ``make parity``, the clean serial build of
(1), ``make doctest-en doctest-es`` and ``make pytest REQUIRE_SITE=1``.

The notebook execution time is what myst-nb reports ("Executed notebook in
N seconds", one line per executed notebook), summed per language. Figures
are printed and written to bench/results/build.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "build.json"
LANGS = ("en", "es")
BUDGETS = {"clean_parallel": 150.0, "no_change": 5.0, "prose_edit": 20.0, "make_test": 900.0}
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "_build", "node_modules", ".pytest_cache",
                                    ".hypothesis", "__pycache__", "results", "_drafts", "*.egg-info")
EXECUTED = re.compile(r"(?:docs/(?P<lang>[a-z]{2})/(?P<page>[^\s:]+?)(?:\.md|\.ipynb)?\b.*?)?"
                      r"Executed notebook in (?P<seconds>[\d.]+) seconds")
CODE_CELL = re.compile(r"^```\{code-cell\}.*$", re.MULTILINE)


class Run:
    """One timed command: wall time, CPU time of the processes it started, and its output."""

    def __init__(self, name, seconds, cpu, output, returncode, load=None):
        self.name, self.seconds, self.cpu, self.output, self.returncode = (
            name, seconds, cpu, output, returncode)
        self.load = load  # 1-minute load average at the end: above the CPU count, others were busy too

    def executed(self):
        """{lang: [(page, seconds), ...]} of the notebooks executed during the run."""
        found = {}
        for line in self.output.splitlines():
            match = EXECUTED.search(line)
            if match:
                lang = match.group("lang") or "?"
                found.setdefault(lang, []).append((match.group("page") or "?", float(match.group("seconds"))))
        return found

    def as_dict(self):
        executed = self.executed()
        return {"seconds": round(self.seconds, 2), "cpu_seconds": round(self.cpu, 2),
                "returncode": self.returncode, "load_average_1min": self.load,
                "executed_notebooks": {lang: len(pages) for lang, pages in executed.items()},
                "execution_seconds": {lang: round(sum(s for _, s in pages), 2)
                                      for lang, pages in executed.items()}}


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(name, command, cwd, env, log_dir, verbose, may_fail=False):
    print(f"--> {name}: {' '.join(command)}", flush=True)
    cpu0, start = children_cpu(), time.perf_counter()
    process = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    seconds, cpu = time.perf_counter() - start, children_cpu() - cpu0
    (log_dir / f"{name}.log").write_text(process.stdout, encoding="utf-8")
    if verbose:
        print(process.stdout)
    load = round(os.getloadavg()[0], 2)
    result = Run(name, seconds, cpu, process.stdout, process.returncode, load)
    executed = result.executed()
    notebooks = ", ".join(f"{len(pages)} {lang} notebooks executed ({sum(s for _, s in pages):.1f} s)"
                          for lang, pages in sorted(executed.items()))
    print(f"    {seconds:7.1f} s wall, {cpu:7.1f} s CPU, load {load:.1f}"
          f"{'; ' + notebooks if notebooks else ''}", flush=True)
    if process.returncode != 0 and may_fail:
        print(f"    FAILED (exit {process.returncode}): the time is still recorded; log in "
              f"{log_dir / (name + '.log')}", flush=True)
    elif process.returncode != 0:
        tail = "\n".join(process.stdout.splitlines()[-25:])
        raise SystemExit(f"bench_build.py: {name} failed (exit {process.returncode}); log in "
                         f"{log_dir / (name + '.log')}:\n{tail}")
    return result


def source_date_epoch(root):
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.strip()
        return out or None
    except (OSError, subprocess.CalledProcessError):
        return None


def scratch_copy(source, where):
    """Copy the repository into ``where``/convref and link its virtual environment."""
    venv = source / ".venv"
    if not (venv / "bin" / "sphinx-build").exists():
        raise SystemExit(f"bench_build.py: {venv} has no sphinx-build: run `make venv` first")
    tree = where / "convref"
    shutil.copytree(source, tree, ignore=NOT_COPIED, symlinks=True)
    (tree / ".venv").symlink_to(venv.resolve(), target_is_directory=True)
    return tree


def pick_page(tree, page):
    """The English page to edit: ``page``, else the one with the most code cells (not index/api)."""
    if page:
        path = tree / "docs" / "en" / (page if page.endswith(".md") else page + ".md")
        if not path.is_file():
            raise SystemExit(f"bench_build.py: no page {path}")
        return path.stem
    counts = {path.stem: len(CODE_CELL.findall(path.read_text(encoding="utf-8")))
              for path in (tree / "docs" / "en").glob("*.md")}
    candidates = {name: n for name, n in counts.items() if name not in ("index", "api") and n} or counts
    return max(sorted(candidates), key=lambda name: candidates[name])


def prose_edit(path):
    """Add a sentence as a new paragraph under the page's title."""
    lines = path.read_text(encoding="utf-8").split("\n")
    title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    lines[title + 1:title + 1] = ["", "This sentence was added by bench/bench_build.py.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def code_edit(path):
    """Add an assignment as the first line of the page's first code cell (after its options)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if CODE_CELL.match(line))
    body = start + 1
    if lines[body].strip() == "---":  # options as a YAML block
        body = lines.index("---", body + 1) + 1
    while lines[body].startswith(":"):  # options as :key: value lines
        body += 1
    lines.insert(body, "_bench_build_edit = 1")
    path.write_text("\n".join(lines), encoding="utf-8")


def verdict(value, budget):
    return f"within budget ({budget:.0f} s)" if value <= budget else f"OVER BUDGET ({budget:.0f} s)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="repository to copy (default: this one)")
    parser.add_argument("--jobs", type=int, default=2, help="make -j for the parallel builds (default: 2)")
    parser.add_argument("--page", help="English page to edit (default: the one with most code cells)")
    parser.add_argument("--test", action="store_true", help="also time the parts of `make test`")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"results file (default: {RESULTS})")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy and print its path")
    parser.add_argument("--check", action="store_true", help="exit 1 if a figure is over its budget")
    parser.add_argument("--verbose", action="store_true", help="print the output of every command")
    args = parser.parse_args(argv)

    source = args.source.resolve()
    where = Path(tempfile.mkdtemp(prefix="convref-bench-build-"))
    make = ["make", "--no-print-directory", "-o", ".venv/.installed"]
    parallel = make + [f"-j{args.jobs}", "html"]
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    epoch = source_date_epoch(source)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    results = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                           "python": platform.python_version(), "jobs": args.jobs}}
    runs = {}
    try:
        tree = scratch_copy(source, where)
        # The kernels and Sphinx import the scratch copy's convref, not the editable
        # install's (the working tree, which may change while the benchmark runs).
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))
        logs = where / "logs"
        logs.mkdir()
        page = pick_page(tree, args.page)
        results["edited_page"] = page
        pages = {lang: len(list((tree / "docs" / lang).glob("*.md"))) for lang in LANGS}
        results["pages"] = pages
        print(f"scratch copy: {tree} ({pages['en']} + {pages['es']} pages); edited page: {page}")

        def step(name, command, may_fail=False):
            runs[name] = run(name, command, tree, env, logs, args.verbose, may_fail)
            return runs[name]

        build = tree / "_build"
        if args.test:
            step("test_parity", make + ["parity"], may_fail=True)
        # 1. each language alone, one after the other, from nothing (as `make html` does).
        shutil.rmtree(build, ignore_errors=True)
        for lang in LANGS:
            step(f"clean_{lang}", make + [f"html-{lang}"])
        step("assemble", [str(tree / ".venv" / "bin" / "python"), "tools/assemble_site.py",
                          "--build", "_build", "--site", "_build/site"])
        if args.test:
            step("test_doctest", make + [f"doctest-{lang}" for lang in LANGS], may_fail=True)
            step("test_pytest", make + ["pytest", "REQUIRE_SITE=1"], may_fail=True)
        # 2. warm execution cache, no HTML: everything but notebook execution.
        for lang in LANGS:
            for sub in ("html", "doctrees", "jupyter_execute"):
                shutil.rmtree(build / lang / sub, ignore_errors=True)
        step("clean_warm_cache", parallel)
        # 3. both languages in parallel from nothing.
        shutil.rmtree(build, ignore_errors=True)
        step("clean_parallel", parallel)
        # 4-6. rebuilds.
        step("no_change", parallel)
        prose_edit(tree / "docs" / "en" / f"{page}.md")
        step("prose_edit", parallel)
        for lang in LANGS:
            code_edit(tree / "docs" / lang / f"{page}.md")
        step("code_edit", parallel)
    finally:
        if args.keep:
            print(f"kept the scratch copy: {where}")
        else:
            shutil.rmtree(where, ignore_errors=True)

    results["runs"] = {name: r.as_dict() for name, r in runs.items()}
    seq = {lang: runs[f"clean_{lang}"] for lang in LANGS}
    exec_seconds = {lang: sum(s for _, s in seq[lang].executed().get(lang, [])) for lang in LANGS}
    first, second = LANGS
    summary = {
        "clean_parallel_s": round(runs["clean_parallel"].seconds, 1),
        "clean_sequential_s": round(sum(r.seconds for r in seq.values()) + runs["assemble"].seconds, 1),
        "clean_per_language_s": {lang: round(r.seconds, 1) for lang, r in seq.items()},
        "clean_per_language_cpu_s": {lang: round(r.cpu, 1) for lang, r in seq.items()},
        "clean_parallel_cpu_s": round(runs["clean_parallel"].cpu, 1),
        "max_load_average_1min": max(r.load for r in runs.values()),
        "execution_per_language_s": {lang: round(s, 1) for lang, s in exec_seconds.items()},
        "without_execution_per_language_s": {lang: round(seq[lang].seconds - exec_seconds[lang], 1)
                                             for lang in LANGS},
        "second_language_ratio": round(seq[second].seconds / seq[first].seconds, 2),
        "second_language_cpu_ratio": round(seq[second].cpu / seq[first].cpu, 2),
        "second_language_marginal_parallel_s": round(runs["clean_parallel"].seconds - seq[first].seconds, 1),
        "clean_warm_cache_s": round(runs["clean_warm_cache"].seconds, 1),
        "execution_share_of_clean_parallel": round(
            1 - runs["clean_warm_cache"].seconds / runs["clean_parallel"].seconds, 2),
        "no_change_s": round(runs["no_change"].seconds, 1),
        "prose_edit_s": round(runs["prose_edit"].seconds, 1),
        "code_edit_s": round(runs["code_edit"].seconds, 1),
    }
    if args.test:
        parts = {"parity": runs["test_parity"].seconds,
                 "html (clean, serial, both languages + assembly)": summary["clean_sequential_s"],
                 "doctest-en + doctest-es": runs["test_doctest"].seconds,
                 "pytest (with site tests)": runs["test_pytest"].seconds}
        summary["make_test_parts_s"] = {name: round(s, 1) for name, s in parts.items()}
        summary["make_test_s"] = round(sum(parts.values()), 1)
        summary["make_test_failed_parts"] = [name for name in ("test_parity", "test_doctest", "test_pytest")
                                             if runs[name].returncode != 0]
    results["summary"] = summary
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")

    over = []

    def line(label, value, budget_key=None):
        text = f"{label:<58} {value:7.1f} s"
        if budget_key:
            text += "  " + verdict(value, BUDGETS[budget_key])
            if value > BUDGETS[budget_key]:
                over.append(label)
        print(text)

    print(f"\nbuild benchmark on {os.cpu_count()} CPUs, make -j{args.jobs} "
          f"({pages['en']} + {pages['es']} pages); highest 1-minute load average "
          f"{summary['max_load_average_1min']:.1f}"
          + (" (other work shared the CPUs: wall times are inflated, CPU times are not)"
             if summary["max_load_average_1min"] > (os.cpu_count() or 1) + 0.5 else ""))
    line("clean build, both languages in parallel (make -j2 html)", summary["clean_parallel_s"], "clean_parallel")
    line("  CPU time of that build (all processes)", summary["clean_parallel_cpu_s"])
    line("clean build, one language after the other (make html)", summary["clean_sequential_s"])
    for lang in LANGS:
        line(f"  {lang} alone (html-{lang})", summary["clean_per_language_s"][lang])
        line("    its CPU time", summary["clean_per_language_cpu_s"][lang])
        line(f"    notebook execution ({len(seq[lang].executed().get(lang, []))} notebooks)",
             summary["execution_per_language_s"][lang])
        line("    everything else (reading, writing, assets)", summary["without_execution_per_language_s"][lang])
    print(f"{'  second language / first language (wall)':<58} {summary['second_language_ratio']:7.2f}")
    print(f"{'  second language / first language (CPU)':<58} {summary['second_language_cpu_ratio']:7.2f}")
    print(f"{'  with make -j2: second language adds to the first (wall)':<58} "
          f"{summary['second_language_marginal_parallel_s']:7.1f} s")
    line("clean build with a warm execution cache (no execution)", summary["clean_warm_cache_s"])
    print(f"{'  share of the clean parallel build spent executing':<58} "
          f"{100 * summary['execution_share_of_clean_parallel']:6.0f} %")
    line("rebuild, nothing changed", summary["no_change_s"], "no_change")
    line(f"rebuild after a prose edit ({page}, en)", summary["prose_edit_s"], "prose_edit")
    line(f"rebuild after a code edit ({page}, en + es)", summary["code_edit_s"])
    if args.test:
        for name, seconds in summary["make_test_parts_s"].items():
            line(f"  make test: {name}", seconds)
        line("make test (sum of its parts, serial as in CI)", summary["make_test_s"], "make_test")
        if summary["make_test_failed_parts"]:
            print(f"  (failed: {', '.join(summary['make_test_failed_parts'])}; see the logs)")
    print(f"results written to {args.json}")
    if over:
        print("over budget: " + "; ".join(over))
        return 1 if args.check else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
