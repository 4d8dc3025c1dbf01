# Quality gates of the built site as readers meet it (included by the Makefile;
# until then: make -f Makefile -f mk/quality.mk quality).
#
#   make quality             links, spelling, static accessibility, then Chromium + axe-core
#   make check-reproducible  two clean builds in other folders must give identical files
#
# Needs Debian's chromium, hunspell, hunspell-en-us and hunspell-es (.ci/run installs
# them), Playwright for Python (the test extra) and axe-core from npm (npm ci, here).
# Reports land in $(BUILD)/reports.

AXE_JS := node_modules/axe-core/axe.min.js
REPORTS := $(BUILD)/reports
REPRO := _build/repro

.PHONY: quality check-links check-spelling check-a11y check-browser check-reproducible npm-packages

# npm ci installs exactly package-lock.json into node_modules/ (git-ignored).
$(AXE_JS): package.json package-lock.json
	@echo "==> npm ci: axe-core for the accessibility checks"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

npm-packages: $(AXE_JS)

quality: check-links check-spelling check-a11y check-browser
	@echo "==> quality: every check passed (reports in $(REPORTS))"

check-links: html
	@echo "==> check-links: every internal link and anchor of $(SITE) resolves; external links listed"
	@$(BIN)/python tools/check_links.py $(SITE) --report $(REPORTS)/external-links.txt

check-spelling: html
	@echo "==> check-spelling: hunspell en_US/es_ES and tools/spelling/ over the text of $(SITE)"
	@$(BIN)/python tools/check_spelling.py $(SITE)

check-a11y: html
	@echo "==> check-a11y: alt texts in the page's language, labeled figures, heading order"
	@$(BIN)/python tools/check_a11y.py $(SITE)

check-browser: html $(AXE_JS)
	@echo "==> check-browser: every page in headless Chromium (console, hosts, math, images, switcher, axe, search)"
	@$(BIN)/python tools/check_browser.py $(SITE) --report $(REPORTS)/browser.json

# Two clean builds, each in its own folder (so absolute paths cannot hide in the
# output), compared byte for byte. Not against $(SITE): an incremental Sphinx
# build differs from a clean one in ways that are Sphinx's, not ours (the search
# index drops the general-index entries of unchanged pages; myst-nb's stylesheet
# link gains a ?v= query on generated pages).
check-reproducible: $(STAMP)
	@echo "==> check-reproducible: two clean builds into $(REPRO)1 and $(REPRO)2, compared byte for byte"
	@rm -rf $(REPRO)1 $(REPRO)2
	@$(MAKE) --no-print-directory -j2 html BUILD=$(REPRO)1
	@$(MAKE) --no-print-directory -j2 html BUILD=$(REPRO)2
	@$(BIN)/python tools/check_reproducible.py $(REPRO)1/site $(REPRO)2/site
