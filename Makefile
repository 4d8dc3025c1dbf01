# Every target bootstraps its own virtual environment in .venv from
# constraints.txt, so `make html` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_INSTALL := $(BIN)/pip install --quiet --constraint constraints.txt

LANGS := en es
BUILD := _build
SITE := $(BUILD)/site
PORT ?= 8000
# Strict: a warning (broken reference, failed notebook cell, ...) fails the build.
SPHINXOPTS ?= -n -W --keep-going
# Sphinx pickles its environment even when -W fails the build, and the next run
# finds nothing out of date and "succeeds" without showing the warnings again:
# after a failure, drop the pickle so the next build reads every page again
# (executed notebooks still come from the cache).
SPHINX = $(BIN)/sphinx-build -M $(1) docs/$(2) $(BUILD)/$(2) -c conf -D language=$(2) $(SPHINXOPTS) \
	|| { rm -f $(BUILD)/$(2)/doctrees/environment.pickle; exit 1; }

# Reproducible dates; Sphinx crashes on an empty SOURCE_DATE_EPOCH, so export it
# only when it has a value.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
else
unexport SOURCE_DATE_EPOCH
endif

.DEFAULT_GOAL := help

# Further targets: mk/site.mk (hosting, page weight, build benchmark),
# mk/quality.mk (browser, accessibility, spelling, links, reproducibility).
include $(wildcard mk/*.mk)
.PHONY: help venv test pytest bench clean html check parity doctest serve \
        $(addprefix html-,$(LANGS)) $(addprefix doctest-,$(LANGS))

help:
	@echo "make html     build the site in both languages into _build/site (make -j2 html: in parallel)"
	@echo "make html-en  build one language into _build/en/html (html-es: Spanish)"
	@echo "make serve    serve _build/site at http://127.0.0.1:$(PORT)/"
	@echo "make parity   check that docs/en and docs/es are the same pages and code"
	@echo "make doctest  run the doctests of the pages and of convref"
	@echo "make check    parity, strict build and offline/language-link checks of the site"
	@echo "make test     run every test (what CI runs), including the two checks below"
	@echo "make quality  the built site in Chromium (axe-core, search, switcher), spelling, links, alt texts"
	@echo "make check-reproducible   two clean builds must give byte-identical sites"
	@echo "make bench    time convref's fast conv2d against torch"
	@echo "make site     the site folder for any static host (404 page, sitemap.xml), with a page-weight check"
	@echo "make page-weight   each page's transfer size against the budgets"
	@echo "make bench-build   time clean, no-change, prose-edit and code-edit builds (bench-test: parts of make test)"
	@echo "make clean    remove build output and notebook execution caches (keeps .venv)"

$(STAMP): pyproject.toml constraints.txt
	@echo "==> creating $(VENV) and installing convref with its docs and test extras"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(PIP_INSTALL) --editable ".[docs,test]"
	@touch $@

venv: $(STAMP)

# Site tests (tests/test_site.py) skip without a built site unless REQUIRE_SITE=1.
pytest: $(STAMP)
	@echo "==> pytest: unit, property and doctests of convref$(if $(REQUIRE_SITE), and checks of the built site)"
	@REQUIRE_SITE=$(REQUIRE_SITE) $(BIN)/python -m pytest -q

# pytest runs after the site is built, so that its site tests run for real;
# it also runs convref's doctests (--doctest-modules), the other half of `make doctest`.
# The two languages build side by side (-j2) even under a plain `make test`; then
# pytest (with the site tests), the checks of the site as readers meet it
# (mk/quality.mk), and two more clean builds that must give identical files.
test: $(STAMP)
	@$(MAKE) --no-print-directory -j2 parity $(addprefix doctest-,$(LANGS)) html npm-packages
	@$(MAKE) --no-print-directory pytest REQUIRE_SITE=1
	@$(MAKE) --no-print-directory quality
	@$(MAKE) --no-print-directory check-reproducible

# One language: notebooks execute (once per change, cached in _build/<lang>/.jupyter_cache)
# and Sphinx prints a line per notebook.
$(addprefix html-,$(LANGS)): html-%: $(STAMP)
	@echo "==> html-$*: building docs/$* (executing changed notebooks) into $(BUILD)/$*/html"
	@$(call SPHINX,html,$*)

html: $(addprefix html-,$(LANGS))
	@echo "==> html: assembling $(SITE) (en/, es/ and a root index.html that picks the reader's language)"
	@$(BIN)/python tools/assemble_site.py --build $(BUILD) --site $(SITE)

# The doctest builder shares the language's doctrees and execution cache with
# its html build, so it runs after it rather than beside it.
$(addprefix doctest-,$(LANGS)): doctest-%: html-%
	@echo "==> doctest-$*: the {doctest} blocks of docs/$*"
	@$(call SPHINX,doctest,$*)

doctest: $(addprefix doctest-,$(LANGS))
	@echo "==> doctest: the examples in convref's docstrings (pytest --doctest-modules)"
	@$(BIN)/python -m pytest -q convref

parity: $(STAMP)
	@echo "==> parity: docs/en and docs/es have the same pages, code, labels, glue keys and toctrees"
	@$(BIN)/python tools/parity.py

check: parity html
	@echo "==> check: nothing in $(SITE) is fetched from another host; every language link resolves"
	@$(BIN)/python tools/check_site.py $(SITE)

serve: html
	@echo "==> serve: $(SITE) at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	@$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(SITE)

bench: $(STAMP)
	@echo "==> benchmark: convref conv2d(method='fast') against torch"
	@$(BIN)/python bench/bench_conv2d.py

clean:
	@echo "==> clean: build output, site, notebook execution caches and compiled catalogs"
	rm -rf $(BUILD) .pytest_cache .hypothesis
	rm -f conf/locales/*/LC_MESSAGES/*.mo
