# `make html` and `make test` set everything up by themselves on a fresh Debian or
# Ubuntu machine with Python 3.11: a virtual environment in .venv with every Python
# package pinned in constraints.txt, and, for `make test`, the Debian packages and
# the npm package the checks of the built site need (mk/system.mk).
#
# NO_VENV=1 builds and tests in the Python environment that is active instead
# (conda, a venv of your own): the Makefile creates and installs nothing in it;
# install the project once with  pip install -e ".[docs,test]" -c constraints.txt
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
ifeq ($(NO_VENV),1)
PY := $(PYTHON)
ENV := env-check
else
PY := $(VENV)/bin/python
ENV := $(STAMP)
endif

LANGS := en es
BUILD := _build
SITE := $(BUILD)/site
REPRO := $(BUILD)/repro
PORT ?= 8000
# Strict: a warning (broken reference, failed notebook cell, ...) fails the build.
SPHINXOPTS ?= -n -W --keep-going
# Sphinx pickles its environment even when -W fails the build, and the next run
# finds nothing out of date and "succeeds" without showing the warnings again:
# after a failure, drop the pickle so the next build reads every page again
# (executed notebooks still come from the cache).
SPHINX = $(PY) -m sphinx -M $(1) docs/$(2) $(BUILD)/$(2) -c conf -D language=$(2) $(SPHINXOPTS) \
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

# mk/system.mk: Debian packages and npm; mk/checks.mk: the checks of the built
# site one by one, spelling, the second clean build; mk/site.mk: hosting, benchmarks.
include $(wildcard mk/*.mk)
.PHONY: help venv env-check test pytest html html-clean check clean serve bench doctest \
        $(addprefix html-,$(LANGS)) $(addprefix doctest-,$(LANGS)) $(addprefix preview-,$(LANGS))

help:
	@echo "make html        build the site in both languages into $(SITE) (make -j2 html: side by side)"
	@echo "make html-en     one language into $(BUILD)/en/html (html-es: Spanish)"
	@echo "make preview-en  a live-reloading build of docs/en at http://127.0.0.1:$(PORT)/ (preview-es: Spanish)"
	@echo "make serve       serve $(SITE) at http://127.0.0.1:$(PORT)/"
	@echo "make test        everything CI runs: a clean build, page doctests, a second clean build, pytest once"
	@echo "make check       the checks of the built site (tests/site) on the current build"
	@echo "make parity      docs/en and docs/es are the same pages with the same code"
	@echo "make spelling    sphinxcontrib-spelling (hunspell en_US/es_ES) over both trees"
	@echo "make api-catalog after a docstring changes: its messages into conf/locales/es/LC_MESSAGES/api.po, to translate"
	@echo "make page-weight each page's transfer size against the budgets"
	@echo "make check-reproducible   a clean build and a second one in $(REPRO) must be byte-identical"
	@echo "make doctest     the doctests of the pages and of convref"
	@echo "make site        the site folder for any static host (SITE_URL=https://...)"
	@echo "make bench       time convref's fast conv2d against torch (bench-build, bench-test: build times)"
	@echo "make clean       remove build output and notebook execution caches (keeps .venv)"
	@echo "NO_VENV=1        with any target: use the active Python environment instead of .venv"

$(STAMP): pyproject.toml constraints.txt
	@echo "==> creating $(VENV) and installing convref with its docs and test extras (constraints.txt)"
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || sh mk/system-packages.sh $(VENV_PACKAGE)
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/python -m pip install --quiet --upgrade pip
	@$(VENV)/bin/python -m pip install --quiet --constraint constraints.txt --editable ".[docs,test]"
	@touch $@

# Debian and Ubuntu ship venv's pip bootstrap separately (python3.11-venv).
VENV_PACKAGE = python$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv

venv: $(ENV)

# NO_VENV=1: the active environment must hold the project and its extras already.
env-check:
	@$(PY) -c 'import importlib.metadata as md, sys; have = {d.metadata["Name"].lower().replace("_", "-") for d in md.distributions()}; \
	m = [n for n in sys.argv[1:] if n not in have]; \
	m and sys.exit("make: %s lacks %s: run  pip install -e \".[docs,test]\" -c constraints.txt" % (sys.executable, ", ".join(m)))' \
	convref sphinx myst-nb sphinxext-opengraph sphinxcontrib-spelling sphinx-autobuild sphinx-intl pytest pytest-playwright

# One language: notebooks execute (once per change, cached in _build/<lang>/.jupyter_cache)
# and Sphinx prints a line per notebook.
$(addprefix html-,$(LANGS)): html-%: $(ENV)
	@echo "==> html-$*: building docs/$* (executing changed notebooks) into $(BUILD)/$*/html"
	@$(call SPHINX,html,$*)

html: $(addprefix html-,$(LANGS))
	@echo "==> html: assembling $(SITE) (en/, es/ and a root index.html that picks the reader's language)"
	@$(PY) tools/assemble_site.py --build $(BUILD) --site $(SITE)

# A build from a fresh Sphinx environment, the execution caches kept: an incremental
# build differs from a clean one in ways that are Sphinx's (the search index drops
# the general-index entries of unchanged pages; myst-nb's style sheet link gains a
# ?v= query on generated pages), so the reproducibility check compares clean builds.
html-clean: $(ENV)
	@echo "==> html-clean: removing $(foreach lang,$(LANGS),$(BUILD)/$(lang)/html $(BUILD)/$(lang)/doctrees) (execution caches kept)"
	@rm -rf $(SITE) $(foreach lang,$(LANGS),$(BUILD)/$(lang)/html $(BUILD)/$(lang)/doctrees)
	@$(MAKE) --no-print-directory -j2 html

# The doctest builder shares the language's doctrees and execution cache with
# its html build, so it runs after it rather than beside it.
$(addprefix doctest-,$(LANGS)): doctest-%: html-%
	@echo "==> doctest-$*: the {doctest} blocks of docs/$*"
	@$(call SPHINX,doctest,$*)

doctest: $(addprefix doctest-,$(LANGS))
	@echo "==> doctest: the examples in convref's docstrings (pytest --doctest-modules)"
	@$(PY) -m pytest -q convref

# For people writing pages: rebuilds on every save in docs/<lang>, conf/ or convref/
# and reloads the browser; warnings are shown, not fatal. Links to the other
# language lead nowhere here (only one language is built).
$(addprefix preview-,$(LANGS)): preview-%: $(ENV)
	@echo "==> preview-$*: docs/$* at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	@$(PY) -m sphinx_autobuild docs/$* $(BUILD)/$*/html -d $(BUILD)/$*/doctrees -c conf -D language=$* -n \
		--watch conf --watch convref --host 127.0.0.1 --port $(PORT)

# Everything, each check once: a clean build of both languages (execution cache
# kept) and the pages' doctests (-o: the html builds just made are not asked again); a second clean build with empty caches in
# $(REPRO) for the reproducibility check; then pytest, once, over the library's
# tests, convref's doctests and the checks of the built site (tests/site), which
# fail rather than skip when something they need is missing (REQUIRE_SITE=1).
test: system-test $(ENV) npm-packages
	@$(MAKE) --no-print-directory html-clean
	@$(MAKE) --no-print-directory -j2 $(addprefix doctest-,$(LANGS)) $(addprefix -o html-,$(LANGS))
	@$(MAKE) --no-print-directory repro
	@echo "==> pytest: convref against torch, doctests, and the checks of the built site"
	@REQUIRE_SITE=1 REPRO_SITE_DIR=$(REPRO)/site $(PY) -m pytest -q

# pytest alone, on whatever is built (tests of the built site skip without it).
pytest: $(ENV)
	@$(PY) -m pytest -q

check: system-test $(ENV) npm-packages html
	@echo "==> check: the built site as readers meet it (tests/site)"
	@$(PY) -m pytest -q tests/site

serve: html
	@echo "==> serve: $(SITE) at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	@$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory $(SITE)

bench: $(ENV)
	@echo "==> benchmark: convref conv2d(method='fast') against torch"
	@$(PY) bench/bench_conv2d.py

clean:
	@echo "==> clean: build output, site, notebook execution caches and compiled catalogs"
	rm -rf $(BUILD) .pytest_cache .hypothesis
	rm -f conf/locales/*/LC_MESSAGES/*.mo
