"""The stepper and the explorer in the built site, driven in Chromium and checked against convref.

Headless Debian Chromium (/usr/bin/chromium, or $CHROMIUM) through Playwright
for Python, never a downloaded browser; the site (_build/site) served on
127.0.0.1, and opened once from file:// too. Every number a piece shows is
compared with what convref computes for the same layer or example:

- the explorer: random configurations through the address and through the form
  controls, in both languages; every ``data-value`` equals convref's, the error
  cases show one error naming convref's argument and no result;
- the stepper: its output map and each step's partial sums equal
  ``convref.per_channel_maps`` and ``convref.conv2d`` for the page's example,
  with separate and with shared kernels, and swapping red and green changes the
  output with separate kernels only;
- both pieces by keyboard alone, in both languages; axe-core finds no serious
  or critical violation; nothing overflows a 360 px wide screen; no request
  leaves 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import json
import random
import re
import threading
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import numpy as np
import pytest

import convref
from _interactive import LAYER_KINDS, NAMES, convref_answer, random_layer
from _site import ROOT, need

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("en", "es")
SEED = 7321
ADDRESS_CONFIGURATIONS = {"en": 130, "es": 90}
FORM_CONFIGURATIONS = {"en": 14, "es": 10}

from convref_site.interactive import interactive_words

INTERACTIVE_WORDS = {lang: interactive_words(lang) for lang in ("en", "es")}  # noqa: E402


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def origin(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


# `browser` is the session's one Chromium (tests/site/conftest.py, pytest-playwright).


class Watched:
    """A page whose console errors, uncaught exceptions and requests to other hosts are recorded."""

    def __init__(self, context, allowed_scheme_host):
        self.page = context.new_page()
        self.problems = []
        self.page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))

        def on_request(request):
            parts = urlsplit(request.url)
            if (parts.scheme, parts.netloc) != allowed_scheme_host and parts.scheme not in ("data", "blob"):
                self.problems.append(f"request to another host: {request.url}")

        self.page.on("request", on_request)

    def check(self):
        # The root folder has no favicon.ico; a browser asks for it by itself.
        problems = [p for p in self.problems if "favicon" not in p and "404" not in p]
        assert not problems, problems


@pytest.fixture()
def new_page(browser, origin):
    contexts = []

    def make(width=1280, **options):
        context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block", **options)
        context.set_default_timeout(15_000)
        # Nothing may leave the local server.
        host = urlsplit(origin).netloc
        context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc in (host, "")
                      else route.abort("blockedbyclient"))
        contexts.append(context)
        return Watched(context, ("http", host))

    yield make
    for context in contexts:
        context.close()


# -- reading the pieces ----------------------------------------------------------

RESULTS_JS = """
root => Object.fromEntries([...root.querySelectorAll('[data-result]')].map(
  node => [node.dataset.result, {value: node.getAttribute('data-value'), text: node.innerText}]))
"""


def results(page):
    found = page.locator(".convref-explorer").evaluate(RESULTS_JS)
    return {key: (json.loads(item["value"]), item["text"]) for key, item in found.items()}


def page_defaults(page):
    return json.loads(page.locator(".convref-explorer").get_attribute("data-defaults"))


def check_explorer(page, given, lang, defaults):
    """Every data-value of the explorer equals convref's answer for ``given``; returns the answer."""
    expected = convref_answer(given, defaults)
    shown = results(page)
    where = f"{lang} {given}"
    if "error" in expected:
        error = expected["error"]
        assert set(shown) == {"error"}, f"{where}: results left beside the error: {sorted(shown)}"
        value, text = shown["error"]
        assert value["code"] == error["code"], f"{where}: {value} for convref's {error['message']!r}"
        assert value["argument"] in error["arguments"], f"{where}: names {value['argument']}, {error['message']!r}"
        assert value["argument"] in text, f"{where}: the message does not name the argument: {text!r}"
        field = page.locator(f".convref-explorer [name={value['argument']}]")
        assert field.get_attribute("aria-invalid") == "true", where
        return expected
    assert "error" not in shown, f"{where}: the page shows an error that convref does not raise: {shown['error']}"
    for key, name in (("weight-shape", "weight_shape"), ("bias-shape", "bias_shape"),
                      ("output-shape", "output_shape"), ("params", "params"), ("macs", "macs"),
                      ("padding", "padding")):
        assert shown[key][0] == expected[name], f"{where}: {key} {shown[key][0]} != convref's {expected[name]}"
    if "reads" in expected:
        assert shown["reads"][0] == expected["reads"], f"{where}: channels each filter reads"
    # The text is in the page's language and number format.
    assert shown["params"][1].startswith(convref.format_number(expected["params"], lang)), where
    assert shown["macs"][1].startswith(convref.format_number(expected["macs"], lang)), where
    assert shown["pytorch"][0].startswith("torch.nn.Conv2d(") and shown["pytorch"][0] == shown["pytorch"][1].strip()
    return expected


def address(origin, lang, given):
    query = "&".join(f"{name}={quote(text, safe='')}" for name, text in given.items())
    return f"{origin}/{lang}/explorer.html" + (f"?{query}" if query else "")


def configurations(rng, count):
    kinds = [kind for kind, weight in LAYER_KINDS.items() for _ in range(weight)]
    return [(kind, random_layer(rng, kind)) for kind in (rng.choice(kinds) for _ in range(count))]


# -- the explorer ------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorer_configurations_through_the_address(new_page, origin, lang):
    rng = random.Random(SEED + len(lang) + ord(lang[0]))
    watched = new_page()
    page = watched.page
    page.goto(f"{origin}/{lang}/explorer.html")
    defaults = page_defaults(page)
    codes = []
    for _, given in configurations(rng, ADDRESS_CONFIGURATIONS[lang]):
        page.goto(address(origin, lang, given), wait_until="domcontentloaded")
        page.wait_for_selector(".convref-explorer[data-state]")
        expected = check_explorer(page, given, lang, defaults)
        codes.append(expected["error"]["code"] if "error" in expected else None)
    # Both kinds were met: layers convref accepts and layers it refuses, for several reasons.
    assert codes.count(None) >= 0.4 * len(codes) and len(set(codes) - {None}) >= 5, codes
    watched.check()


def fill_form(page, given):
    """Type each argument into its control, as a reader would; bias through the check box."""
    root = page.locator(".convref-explorer")
    for name in NAMES:
        text = given.get(name, "")
        if name == "bias":
            root.locator("[name=bias]").set_checked(text.strip().lower() != "false")
        else:
            root.locator(f"[name={name}]").fill(text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorer_configurations_through_the_form_follow_into_the_address(new_page, origin, lang):
    rng = random.Random(SEED * 3 + ord(lang[1]))
    watched = new_page()
    page = watched.page
    page.goto(f"{origin}/{lang}/explorer.html")
    defaults = page_defaults(page)
    # A bias the form can show: true or false (a wrong bias= comes only from an address).
    chosen = [given for kind, given in configurations(rng, 200)
              if kind != "bad_text" or rng.random() < 0.4][: FORM_CONFIGURATIONS[lang]]
    for given in chosen:
        if given.get("bias", "true").strip().lower() not in ("true", "false"):
            given["bias"] = "false"
        fill_form(page, given)
        expected = check_explorer(page, given, lang, defaults)
        # The address now holds the layer: opening it shows the same results.
        query = dict(parse_qsl(urlsplit(page.url).query, keep_blank_values=True))
        assert set(query) <= set(NAMES)
        assert convref_answer(query, defaults) == expected, (given, page.url)
        other = page.context.new_page()
        other.goto(page.url)
        assert results(other) == results(page), page.url
        other.close()
    watched.check()


def test_explorer_error_then_fix_leaves_no_stale_result(new_page, origin):
    page = new_page().page
    page.goto(f"{origin}/en/explorer.html?in_channels=4&out_channels=6&groups=2")
    assert results(page)["weight-shape"][0] == [6, 2, 3, 3]
    page.locator("[name=groups]").fill("3")
    shown = results(page)
    assert set(shown) == {"error"} and shown["error"][0] == {"argument": "groups", "code": "groups_in"}
    assert page.locator(".convref-explorer [data-result=pytorch]").count() == 0
    page.locator("[name=in_channels]").fill("6")
    shown = results(page)
    assert "error" not in shown and shown["weight-shape"][0] == [6, 2, 3, 3]
    assert page.locator("[name=groups]").get_attribute("aria-invalid") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorer_announces_results_and_errors_in_the_page_language(new_page, origin, lang):
    page = new_page().page
    page.goto(f"{origin}/{lang}/explorer.html")
    words = INTERACTIVE_WORDS[lang]
    status = page.locator(".convref-explorer [aria-live=polite]")
    page.locator("[name=out_channels]").fill("16")
    page.wait_for_function("s => s.textContent.length > 0", arg=status.element_handle())
    text = status.text_content()
    macs = convref.Conv2d(3, 16, 3).macs((3, 32, 32))
    assert convref.format_number(macs, lang) in text and words["status_ok"].split("{")[0] in text
    page.locator("[name=padding]").fill("same")
    page.locator("[name=stride]").fill("2")
    page.wait_for_function("s => s.textContent.includes('same')", arg=status.element_handle())
    assert status.text_content().startswith(words["status_error"].split("{")[0])


def english_only_words():
    """Words of the English catalog that the Spanish one never uses (code spans left out)."""
    def words(catalog):
        text = " ".join(re.sub(r"`[^`]*`|\{\w+\}", " ", value) for value in catalog.values())
        return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}

    return words(INTERACTIVE_WORDS["en"]) - words(INTERACTIVE_WORDS["es"])


SHOWN_TEXT_JS = """
root => {
  const copy = root.cloneNode(true);
  copy.querySelectorAll('code, pre').forEach(node => node.remove());
  return copy.innerText + ' ' + [...root.querySelectorAll('[aria-label]')].map(n => n.getAttribute('aria-label')).join(' ')
    + ' ' + [...root.querySelectorAll('input[placeholder]')].map(n => n.placeholder).join(' ');
}
"""


@pytest.mark.parametrize("piece, query", [("explorer", "?in_channels=8&out_channels=12&groups=4&padding=same&kernel_size=4"),
                                          ("explorer", "?groups=2"), ("stepper", "")])
def test_the_spanish_pieces_show_no_english(new_page, origin, piece, query):
    page = new_page().page
    page.goto(f"{origin}/es/{'explorer' if piece == 'explorer' else 'index'}.html{query}")
    root = page.locator(f".convref-{piece}")
    if piece == "stepper":
        root.locator("input[value=shared]").check()
        root.locator(".cs-swap").click()
    text = root.evaluate(SHOWN_TEXT_JS)
    leaked = sorted(w for w in english_only_words() if re.search(rf"\b{w}\b", text, re.IGNORECASE))
    assert not leaked, f"English on the Spanish page: {leaked}\n{text}"


# -- the stepper ---------------------------------------------------------------------

def stepper_example(page):
    root = page.locator(".convref-stepper")
    example = json.loads(root.get_attribute("data-example"))
    image = np.array(example["input"], dtype=float)
    return root, example, image


def read_step(root):
    return root.evaluate("""root => ({
      position: JSON.parse(root.dataset.position),
      channels: [...root.querySelectorAll('.cs-channel[data-channel]')].map(row => ({
        window: JSON.parse(row.querySelector('.cs-input').dataset.value),
        kernel: JSON.parse(row.querySelector('.cs-kernel').dataset.value),
        products: JSON.parse(row.querySelector('.cs-products').dataset.value),
        sum: JSON.parse(row.querySelector('.cs-sum').dataset.value)})),
      total: JSON.parse(root.querySelector('.cs-total').dataset.total),
      output: JSON.parse(root.querySelector('.cs-total').dataset.value),
      map: JSON.parse(root.querySelector('.cs-map').dataset.value),
      summedWindow: JSON.parse(root.querySelector('[data-summed] .cs-window').dataset.value),
      summedSum: JSON.parse(root.querySelector('[data-summed] .cs-sum').dataset.value),
      summedShown: !root.querySelector('[data-summed]').hidden,
      swapChanges: JSON.parse(root.querySelector('.cs-swap-note').dataset.value),
    })""")


def check_every_step(root, image, kernels, bias, *, shared):
    """Walk all output positions with Next; each step's sums are convref's per-channel maps."""
    weight = np.asarray(kernels, dtype=float)[np.newaxis]
    maps = convref.per_channel_maps(image, weight)[0]  # (channel, H_out, W_out)
    output = convref.conv2d(image, weight, np.array([float(bias)]))[0]
    rows, columns = output.shape
    kh, kw = weight.shape[2:]
    root.locator(".cs-out").first.click()
    for index in range(rows * columns):
        step = read_step(root)
        r, c = divmod(index, columns)
        assert step["position"] == [r, c]
        assert np.array_equal(step["map"], output)
        for channel, shown in enumerate(step["channels"]):
            window = image[channel, r:r + kh, c:c + kw]
            assert np.array_equal(shown["window"], window)
            assert np.array_equal(shown["kernel"], weight[0, channel])
            assert np.array_equal(shown["products"], window * weight[0, channel])
            assert shown["sum"] == maps[channel, r, c], (index, channel)
        assert step["total"] == maps[:, r, c].sum() and step["output"] == output[r, c]
        assert step["summedShown"] == shared
        if shared:
            # One kernel on the summed channels: what the stepper shows beside the sum over channels.
            summed = convref.conv2d(image.sum(axis=0, keepdims=True), weight[:, :1])[0]
            assert step["summedSum"] == summed[r, c] == step["total"]
            assert np.array_equal(step["summedWindow"], image.sum(axis=0)[r:r + kh, c:c + kw])
        root.locator(".cs-next").click()
    assert read_step(root)["position"] == [rows - 1, columns - 1], "Next stops at the last position"
    return output


@pytest.mark.parametrize("lang", LANGUAGES)
def test_stepper_steps_equal_convref_with_separate_and_shared_kernels(new_page, origin, lang):
    watched = new_page()
    page = watched.page
    page.goto(f"{origin}/{lang}/index.html")
    root, example, image = stepper_example(page)
    kernels = np.array(example["kernels"], dtype=float)
    shared = np.array([example["shared_kernel"]] * len(kernels), dtype=float)
    bias = example["bias"]
    swapped_image = image[[1, 0, *range(2, len(image))]]

    assert root.get_attribute("data-mode") == "separate"
    separate_output = check_every_step(root, image, kernels, bias, shared=False)
    root.locator(".cs-swap").click()
    assert root.get_attribute("data-swapped") == "true"
    swapped_separate = check_every_step(root, swapped_image, kernels, bias, shared=False)
    # Separate kernels tell red from green: the swap changes the output.
    assert not np.array_equal(swapped_separate, separate_output)
    assert read_step(root)["swapChanges"] == np.count_nonzero(swapped_separate != separate_output) > 0

    root.locator("input[value=shared]").check()
    assert root.get_attribute("data-mode") == "shared"
    swapped_shared = check_every_step(root, swapped_image, shared, bias, shared=True)
    root.locator(".cs-swap").click()
    assert root.get_attribute("data-swapped") == "false"
    shared_output = check_every_step(root, image, shared, bias, shared=True)
    # One shared kernel cannot tell red from green: the swap changes nothing.
    assert np.array_equal(swapped_shared, shared_output)
    assert read_step(root)["swapChanges"] == 0
    assert root.locator(".cs-swap-note").inner_text() == INTERACTIVE_WORDS[lang]["swap_none"].format(
        total=shared_output.size)
    watched.check()


def test_stepper_follows_an_edited_weight(new_page, origin):
    page = new_page().page
    page.goto(f"{origin}/en/index.html")
    root, example, image = stepper_example(page)
    kernels = np.array(example["kernels"], dtype=float)
    box = root.locator(".cs-channel[data-channel='1'] .cs-weight").nth(4)  # the green kernel's center
    box.fill("7")
    kernels[1, 1, 1] = 7
    expected = convref.conv2d(image, kernels[np.newaxis], np.array([float(example["bias"])]))[0]
    assert np.array_equal(read_step(root)["map"], expected)
    box.fill("1.5")  # not a whole number: refused, and said so
    assert box.get_attribute("aria-invalid") == "true"
    assert np.array_equal(read_step(root)["map"], expected)
    assert root.locator(".cs-weight-message").inner_text().strip()
    root.locator(".cs-reset").click()
    original = convref.conv2d(image, np.array(example["kernels"], dtype=float)[np.newaxis],
                              np.array([float(example["bias"])]))[0]
    assert np.array_equal(read_step(root)["map"], original)


# -- keyboard only ---------------------------------------------------------------------

def tab_to(page, selector, limit=120):
    """Press Tab until the focused element matches ``selector``; fails if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_stepper_by_keyboard_alone(new_page, origin, lang):
    page = new_page().page
    page.goto(f"{origin}/{lang}/index.html")
    root, example, image = stepper_example(page)
    words = INTERACTIVE_WORDS[lang]
    position = lambda: json.loads(root.get_attribute("data-position"))  # noqa: E731
    tab_to(page, ".convref-stepper input[type=radio]")
    page.keyboard.press("ArrowDown")  # radios move with the arrows
    assert root.get_attribute("data-mode") == "shared"
    page.keyboard.press("ArrowUp")
    assert root.get_attribute("data-mode") == "separate"
    tab_to(page, ".convref-stepper .cs-next")
    page.keyboard.press("Enter")
    assert position() == [0, 1]
    page.keyboard.press("ArrowRight")
    assert position() == [0, 2]
    page.keyboard.press("ArrowDown")
    assert position() == [1, 2]
    page.keyboard.press("End")
    assert position() == [2, 2]
    page.keyboard.press("Home")
    assert position() == [0, 0]
    page.keyboard.press("ArrowLeft")
    assert position() == [0, 0]
    tab_to(page, ".convref-stepper .cs-swap")
    page.keyboard.press("Space")
    assert root.get_attribute("data-swapped") == "true"
    assert root.locator(".cs-swap").get_attribute("aria-pressed") == "true"
    # Play and pause with the keyboard.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('cs-play')")
    page.keyboard.press("Enter")
    assert root.locator(".cs-play").inner_text() == words["pause"]
    page.wait_for_function("r => JSON.parse(r.dataset.position).join() !== '0,0'", arg=root.element_handle(),
                           timeout=5000)
    page.keyboard.press("Enter")
    assert root.locator(".cs-play").inner_text() == words["play"]
    # A weight, changed with the arrow keys of its box; then the output map by arrows.
    tab_to(page, ".convref-stepper .cs-weight")
    before = read_step(root)["map"]
    page.keyboard.press("ArrowUp")
    kernels = np.array(example["kernels"], dtype=float)
    kernels[0, 0, 0] += 1
    swapped = image[[1, 0, 2]]
    expected = convref.conv2d(swapped, kernels[np.newaxis], np.array([float(example["bias"])]))[0]
    after = read_step(root)["map"]
    assert np.array_equal(after, expected) and after != before
    tab_to(page, ".convref-stepper .cs-out")
    start = position()
    page.keyboard.press("ArrowRight")
    moved = position()
    assert moved != start or start[1] == 2
    assert page.evaluate("() => document.activeElement.getAttribute('aria-current')") == "true"
    assert root.locator(".cs-where").get_attribute("aria-live") == "polite"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorer_by_keyboard_alone(browser, origin, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.goto(f"{origin}/{lang}/explorer.html")
    defaults = page_defaults(page)
    tab_to(page, ".convref-explorer [name=in_channels]")
    page.keyboard.press("Control+A")
    page.keyboard.type("8")
    page.keyboard.press("Tab")  # out_channels
    page.keyboard.press("ArrowUp")  # 2 -> 3 ...
    page.keyboard.press("ArrowUp")  # ... -> 4
    tab_to(page, ".convref-explorer [name=groups]")
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    tab_to(page, ".convref-explorer [name=bias]")
    page.keyboard.press("Space")
    given = {"in_channels": "8", "out_channels": "4", "groups": "4", "bias": "false"}
    expected = check_explorer(page, given, lang, defaults)
    assert expected["bias_shape"] is None and expected["weight_shape"] == [4, 2, 3, 3]
    assert "groups=4" in page.url and "bias=false" in page.url
    tab_to(page, ".convref-explorer .cx-torch button")
    page.keyboard.press("Enter")
    page.wait_for_function("text => document.querySelector('.cx-torch button').textContent === text",
                           arg=INTERACTIVE_WORDS[lang]["copied"])
    assert page.evaluate("() => navigator.clipboard.readText()") == \
        "torch.nn.Conv2d(8, 4, kernel_size=3, groups=4, bias=False)"
    # The picture of the weights scrolls by keyboard when it is wider than the screen.
    tab_to(page, ".convref-explorer .cx-scroll")
    context.close()


# -- everything together: offline, file://, narrow screens, accessibility, no JavaScript --

@pytest.mark.parametrize("lang", LANGUAGES)
def test_both_pages_work_from_file(browser, site, lang):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto((site / lang / "index.html").as_uri())
    root, example, image = stepper_example(page)
    weight = np.array(example["kernels"], dtype=float)[np.newaxis]
    assert np.array_equal(read_step(root)["map"], convref.conv2d(image, weight, np.array([float(example["bias"])]))[0])
    page.goto((site / lang / "explorer.html").as_uri() + "?in_channels=6&out_channels=6&groups=3&kernel_size=3,5")
    assert results(page)["weight-shape"][0] == [6, 2, 3, 5]
    page.locator("[name=stride]").fill("2")
    assert results(page)["output-shape"][0] == list(convref.Conv2d(6, 6, (3, 5), stride=2, groups=3)
                                                    .output_shape((6, 32, 32)))
    assert not problems, problems
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_name, query", [("index", ""), ("explorer", ""), ("explorer", "?groups=2"),
                                              ("explorer", "?in_channels=64&out_channels=64&groups=64&kernel_size=9")])
def test_usable_on_a_360_pixel_screen(new_page, origin, lang, page_name, query):
    page = new_page(width=360).page
    page.goto(f"{origin}/{lang}/{page_name}.html{query}")
    widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth,
      pieces: [...document.querySelectorAll('.convref-stepper, .convref-explorer')]
        .map(n => n.getBoundingClientRect().right)})""")
    assert widths["page"] <= 360 and widths["pieces"] and max(widths["pieces"]) <= 360, widths


AXE_JS = """
async selector => {
  const result = await axe.run(document.querySelector(selector), {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       targets: v.nodes.map(n => n.target.join(' '))}));
}
"""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_name, query, action", [
    ("index", "", None), ("index", "", "shared-swapped"), ("explorer", "", None),
    ("explorer", "?in_channels=8&out_channels=16&groups=4&padding=same&kernel_size=4", None),
    ("explorer", "?padding=same&stride=2", None)])
def test_axe_finds_no_serious_violation(new_page, origin, lang, page_name, query, action):
    need(AXE.is_file(), f"axe-core is missing ({AXE}): run npm ci")
    page = new_page().page
    page.goto(f"{origin}/{lang}/{page_name}.html{query}")
    if action == "shared-swapped":
        page.locator(".convref-stepper input[value=shared]").check()
        page.locator(".convref-stepper .cs-swap").click()
    page.add_script_tag(path=str(AXE))
    selector = ".convref-stepper" if page_name == "index" else ".convref-explorer"
    violations = page.evaluate(AXE_JS, selector)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_pages_show_the_static_figure_and_the_first_layer(new_page, origin, lang):
    page = new_page(java_script_enabled=False).page
    page.goto(f"{origin}/{lang}/index.html")
    assert page.locator("#fig-channels img, #fig-channels svg").count() >= 1
    page.goto(f"{origin}/{lang}/explorer.html")
    text = page.locator(".convref-explorer").inner_text()
    layer = convref.Conv2d(3, 2, kernel_size=3)
    assert convref.format_number(layer.macs((3, 32, 32)), lang) in text
    assert "(2, 3, 3, 3)" in text and convref.format_number(layer.num_params, lang) in text


def test_print_shows_the_figure_not_the_stepper(new_page, origin):
    page = new_page().page
    page.goto(f"{origin}/en/index.html")
    page.emulate_media(media="print")
    assert not page.locator(".convref-stepper").is_visible()
    assert page.locator("#fig-channels").is_visible()
