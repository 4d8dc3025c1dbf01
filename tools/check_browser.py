#!/usr/bin/env python3
"""Check the built site in a real browser: headless Chromium on 127.0.0.1.

Serves the site (default: _build/site) from a Python http.server thread on a
free port of 127.0.0.1 and drives Debian's Chromium (/usr/bin/chromium, or
$CHROMIUM) with Playwright for Python; Playwright's own browsers are never
downloaded or used. On every page of site/en/ and site/es/:

- load: the page loads with no console error, no uncaught exception and no
  failed or >= 400 response;
- offline: every request goes to 127.0.0.1 (each one is recorded; any other
  host is a problem, and the request is aborted so the check never waits on
  the network);
- math: where the page has math (``.math`` containers, or ``$``/``{math}`` in
  its _sources copy), each container holds a MathML ``<math>`` element that
  Chromium lays out as math (``display: ... math``) with a non-zero size;
- images: every ``<img>`` (SVG included) loads: ``naturalWidth > 0``;
- switcher: clicking the language switcher opens the same page in the other
  language (URL ``/es/<page>`` from ``/en/<page>`` and back) with that
  ``<html lang>``;
- accessibility: axe-core (node_modules/axe-core/axe.min.js, ``npm ci``) finds
  no serious or critical violation (moderate and minor ones are counted in
  the report).

Then the search: search.html?q=... must list the expected pages ("kernel",
"channel" in English; "filtros", "canal" in Spanish; a word of no page
must find nothing), and the root
index.html must send a Spanish-speaking browser to es/ and others to en/.

Prints one line per problem naming the page (``es/index.html: console error:
...``), writes a JSON report (default: _build/reports/browser.json), exits 1
on any problem, 2 on bad input (no site, no Chromium, no Playwright, no
axe-core, a wrong argument).

    python tools/check_browser.py [SITE] [--pages en/index.html ...] [--no-axe] [--no-search]
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_common import (DEFAULT_SITE, LANGUAGES, ROOT, Parser, fail, select_pages,  # noqa: E402
                            site_error)

PROG = "check_browser.py"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--mute-audio"]
FAILING_IMPACTS = {"serious", "critical"}
# (language, query, pages that must be among the results).
SEARCHES = [
    ("en", "kernel", {"index.html", "glossary.html"}),
    ("en", "channel", {"index.html", "glossary.html"}),
    ("es", "filtros", {"index.html", "four-views.html"}),
    ("es", "canal", {"index.html", "glossary.html"}),
    # A word of no page: the search must not list everything.
    ("en", "xylophone", None),
    ("es", "xilófono", None),
]
MIN_SEARCH_RESULTS = 3
SOURCE_MATH = re.compile(r"(?<!\\)\$[^$\s]|\{math\}|\\begin\{")
TIMEOUT_MS = 20_000

PAGE_STATE_JS = """
async () => {
  // Images that a theme may load lazily are asked for now, then awaited.
  const images = [...document.images];
  for (const img of images) { img.loading = "eager"; }
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener("load", done, {once: true});
    img.addEventListener("error", done, {once: true});
    setTimeout(done, 5000);
  })));
  const containers = [...document.querySelectorAll(".math")];
  const maths = [...document.querySelectorAll("math")].map(m => {
    const box = m.getBoundingClientRect();
    const shown = m.checkVisibility ? m.checkVisibility() : box.width > 0;
    return {display: getComputedStyle(m).display, width: box.width, height: box.height, shown,
            text: m.textContent.trim().slice(0, 40)};
  });
  return {
    lang: document.documentElement.lang,
    title: document.title,
    images: images.map(img => ({src: img.getAttribute("src"), complete: img.complete,
                                width: img.naturalWidth})),
    mathContainers: containers.length,
    containersWithoutMath: containers.filter(c => !c.querySelector("math"))
                                     .map(c => c.textContent.trim().slice(0, 40)),
    maths,
  };
}
"""

AXE_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" "))}));
}
"""

SEARCH_DONE_JS = """
() => {
  const summary = document.querySelector("#search-results .search-summary");
  return summary !== null && summary.textContent.trim().length > 0;
}
"""
SEARCH_RESULTS_JS = """
() => [...document.querySelectorAll("#search-results li")]
        .map(li => li.querySelector("a")).filter(a => a).map(a => a.getAttribute("href"))
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A page closed while a file was being sent (the search fetches pages for
        # its summaries): a broken pipe is no problem of the site.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(site: Path):
    """An HTTP server of ``site`` on a free port of 127.0.0.1, in a daemon thread."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def find_chromium(given: str | None) -> str | None:
    """The Chromium to drive: ``given`` (and only it, if given), $CHROMIUM, or Debian's."""
    candidates = [given] if given else [os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                                        shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def page_has_source_math(site: Path, rel: Path) -> bool:
    """Whether the page's source (its _sources copy, if the site keeps one) has math."""
    lang, rest = rel.parts[0], Path(*rel.parts[1:])
    for suffix in (".md.txt", ".txt", ".ipynb.txt", ".rst.txt"):
        source = site / lang / "_sources" / rest.with_suffix(suffix)
        if source.is_file():
            text = source.read_text(encoding="utf-8", errors="replace")
            # Code cells and inline code hold dollar signs that are not math.
            text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
            text = re.sub(r"`[^`\n]*`", "", text)
            return bool(SOURCE_MATH.search(text))
    return False


class Browser:
    """One Chromium, one context; every request recorded, other hosts aborted."""

    def __init__(self, playwright, chromium: str, origin: str):
        self.origin = origin
        self.host = urlsplit(origin).netloc
        # Playwright starts Chromium with a new, empty profile folder of its own
        # (its --user-data-dir), removed when the browser closes.
        self.browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        self.context = self.new_context()

    def new_context(self, **options):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900},
                                           service_workers="block", **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", self._route)
        return context

    def _route(self, route):
        if urlsplit(route.request.url).netloc == self.host or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def close(self):
        self.browser.close()


def watch(page, origin_host):
    """Lists that fill with what the page does: requests, console errors, failures."""
    seen = {"requests": [], "foreign": [], "errors": []}

    def on_request(request):
        seen["requests"].append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != origin_host:
            seen["foreign"].append(request.url)

    def on_console(message):
        if message.type == "error":
            seen["errors"].append(f"console error: {message.text}")

    def on_response(response):
        if response.status >= 400:
            seen["errors"].append(f"HTTP {response.status} for {response.url}")

    def on_failed(request):
        # ERR_ABORTED: the page moved on while a fetch was in flight (the search
        # fetches result pages for its summaries); a missing file is a 404 above.
        if urlsplit(request.url).netloc == origin_host and "ERR_ABORTED" not in (request.failure or ""):
            seen["errors"].append(f"request failed: {request.url} ({request.failure})")

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: seen["errors"].append(f"uncaught exception: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    return seen


def check_page(browser: Browser, site: Path, rel: Path, axe: str | None):
    """(problems, record) for the page ``rel`` of the site."""
    name = rel.as_posix()
    url = f"{browser.origin}/{name}"
    page = browser.context.new_page()
    seen = watch(page, browser.host)
    problems, record = [], {"page": name}
    started = time.monotonic()
    try:
        page.goto(url, wait_until="load")
        state = page.evaluate(PAGE_STATE_JS)
        lang = rel.parts[0] if rel.parts[0] in LANGUAGES else None
        if lang and state["lang"] != lang:
            problems.append(f"<html lang> is {state['lang']!r}, expected {lang!r}")
        for image in state["images"]:
            if not image["complete"] or image["width"] == 0:
                problems.append(f"image {image['src']} did not load (naturalWidth 0)")
        problems += math_problems(state, page_has_source_math(site, rel))
        if axe is not None:
            page.add_script_tag(content=axe)
            violations = page.evaluate(AXE_JS)
            record["axe"] = {v["id"]: {"impact": v["impact"], "nodes": len(v["targets"])} for v in violations}
            for violation in violations:
                if violation["impact"] in FAILING_IMPACTS:
                    targets = ", ".join(violation["targets"][:3])
                    more = f" (+{len(violation['targets']) - 3} more)" if len(violation["targets"]) > 3 else ""
                    problems.append(f"axe {violation['impact']} {violation['id']}: {violation['help']}: "
                                    f"{targets}{more}")
        if lang:
            problems += switcher_problems(page, browser, rel, lang)
        page.wait_for_load_state("load")
    except Exception as error:  # a page that cannot be driven is a problem of that page
        problems.append(f"browser: {type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        page.close()
    problems = ([f"loads {url} from another host" for url in dict.fromkeys(seen["foreign"])]
                + list(dict.fromkeys(seen["errors"])) + problems)
    record.update(requests=len(seen["requests"]), foreign=seen["foreign"],
                  seconds=round(time.monotonic() - started, 2))
    return [f"{name}: {problem}" for problem in problems], record


def math_problems(state, source_has_math: bool):
    problems = []
    if source_has_math and state["mathContainers"] == 0 and not state["maths"]:
        problems.append("the page's source has math but the page shows no <math> element")
    for text in state["containersWithoutMath"]:
        problems.append(f"math not converted to MathML: {text!r}")
    for math in state["maths"]:
        if not math["shown"]:
            continue  # inside a closed <details> or a print-only block
        if "math" not in math["display"]:
            problems.append(f"<math> {math['text']!r} is not rendered as MathML (display: {math['display']})")
        elif math["width"] <= 0 or math["height"] <= 0:
            problems.append(f"<math> {math['text']!r} has no size ({math['width']}x{math['height']})")
    return problems


def switcher_problems(page, browser: Browser, rel: Path, lang: str):
    other = next(code for code in LANGUAGES if code != lang)
    switcher = page.locator(f'a[hreflang="{other}"]:not(link)').filter(visible=True)
    if switcher.count() == 0:
        return [f"no visible language switcher to {other!r}"]
    try:
        with page.expect_navigation(wait_until="load"):
            switcher.first.click()
    except Exception as error:
        return [f"clicking the language switcher failed: {str(error).splitlines()[0]}"]
    twin = Path(other, *rel.parts[1:]).as_posix()
    landed = urlsplit(page.url).path.lstrip("/")
    problems = []
    if landed != twin:
        problems.append(f"the language switcher leads to {landed}, not to the twin page {twin}")
    html_lang = page.evaluate("document.documentElement.lang")
    if html_lang != other:
        problems.append(f"after the language switcher, <html lang> is {html_lang!r}, not {other!r}")
    return problems


def search_problems(browser: Browser):
    problems, record = [], {}
    page = browser.context.new_page()
    seen = watch(page, browser.host)
    try:
        for lang, query, expected in SEARCHES:
            name = f"{lang}/search.html?q={query}"
            page.goto(f"{browser.origin}/{name}", wait_until="load")
            try:
                page.wait_for_function(SEARCH_DONE_JS, timeout=TIMEOUT_MS)
            except Exception:
                problems.append(f"{name}: the search did not finish within {TIMEOUT_MS // 1000} s")
                continue
            hrefs = page.evaluate(SEARCH_RESULTS_JS)
            found = {Path(urlsplit(href).path).name for href in hrefs}
            record[name] = sorted(found)
            if expected is None:
                if found:
                    problems.append(f"{name}: a word of no page finds {', '.join(sorted(found))}")
                continue
            missing = expected - found
            if missing:
                problems.append(f"{name}: the results lack {', '.join(sorted(missing))} "
                                f"(found: {', '.join(sorted(found)) or 'nothing'})")
            if len(found) < MIN_SEARCH_RESULTS:
                problems.append(f"{name}: only {len(found)} result(s), expected at least {MIN_SEARCH_RESULTS}")
    finally:
        page.close()
    problems += [f"search: loads {url} from another host" for url in dict.fromkeys(seen["foreign"])]
    problems += [f"search: {error}" for error in dict.fromkeys(seen["errors"])]
    return problems, record


def root_problems(browser: Browser):
    """The root index.html sends each browser to its language."""
    problems = []
    for locale, lang in (("es-ES", "es"), ("en-US", "en"), ("fr-FR", "en")):
        context = browser.new_context(locale=locale)
        page = context.new_page()
        seen = watch(page, browser.host)
        try:
            page.goto(f"{browser.origin}/index.html")
            page.wait_for_url(re.compile(rf"/{lang}/index\.html$"), timeout=TIMEOUT_MS)
        except Exception:
            problems.append(f"index.html: a {locale} browser is not sent to {lang}/index.html "
                            f"(it is at {urlsplit(page.url).path})")
        finally:
            context.close()
        problems += [f"index.html: loads {url} from another host" for url in dict.fromkeys(seen["foreign"])]
        problems += [f"index.html ({locale}): {error}" for error in dict.fromkeys(seen["errors"])]
    return problems


def run(site: Path, pages: list[Path], chromium: str, axe: str | None, search: bool, root: bool):
    from playwright.sync_api import sync_playwright

    server = serve(site)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    problems, report = [], {"origin": origin, "pages": []}
    try:
        with sync_playwright() as playwright:
            browser = Browser(playwright, chromium, origin)
            try:
                for page in pages:
                    found, record = check_page(browser, site, page.relative_to(site), axe)
                    problems += found
                    report["pages"].append(record)
                if search:
                    found, report["search"] = search_problems(browser)
                    problems += found
                if root:
                    problems += root_problems(browser)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return problems, report


def main(argv=None) -> int:
    parser = Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE,
                        help="the assembled site (default: _build/site)")
    parser.add_argument("--pages", nargs="+", metavar="PAGE",
                        help="only these pages, relative to the site (e.g. es/index.html); "
                             "skips the search and root-page checks")
    parser.add_argument("--no-axe", action="store_true", help="skip the axe-core accessibility run")
    parser.add_argument("--no-search", action="store_true", help="skip the search checks")
    parser.add_argument("--chromium", help="Chromium executable (default: $CHROMIUM or /usr/bin/chromium)")
    parser.add_argument("--axe", type=Path, default=AXE, help="axe.min.js (default: node_modules/axe-core)")
    parser.add_argument("--report", type=Path, default=ROOT / "_build" / "reports" / "browser.json",
                        help="JSON report (default: _build/reports/browser.json)")
    args = parser.parse_args(argv)
    problem = site_error(args.site)
    if problem:
        return fail(PROG, problem)
    args.site = args.site.resolve()
    pages, unknown = select_pages(args.site, args.pages)
    if unknown:
        return fail(PROG, f"no such page in {args.site}: {', '.join(unknown)}")
    chromium = find_chromium(args.chromium)
    if chromium is None:
        return fail(PROG, f"no Chromium at {args.chromium or '/usr/bin/chromium'} "
                          "(Debian: apt-get install chromium; or set CHROMIUM)")
    axe = None
    if not args.no_axe:
        if not args.axe.is_file():
            return fail(PROG, f"{args.axe}: no such file (run `npm ci` at the repository root)")
        axe = args.axe.read_text(encoding="utf-8")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return fail(PROG, "Playwright for Python is not installed (pip install playwright; "
                          "it drives the system Chromium, no browser download)")
    started = time.monotonic()
    problems, report = run(args.site, pages, chromium, axe, search=not (args.no_search or args.pages),
                           root=not args.pages)
    report["seconds"] = round(time.monotonic() - started, 1)
    report["problems"] = problems
    try:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        return fail(PROG, f"cannot write the report {args.report}: {error.strerror}")
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{PROG}: {len(problems)} problem(s) in {args.site} (report: {args.report})", file=sys.stderr)
        return 1
    moderate = sum(len(record.get("axe", {})) for record in report["pages"])
    print(f"{PROG}: {len(pages)} pages of {args.site} in Chromium in {report['seconds']} s: no console "
          f"error, no other host, math and images rendered, switchers lead to the twin page"
          + ("" if axe is None else f", no serious/critical axe violation ({moderate} moderate/minor "
                                     "findings in the report)")
          + ("" if args.no_search or args.pages else "; search finds the expected pages"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
