# Quality gates of the built site as readers meet it (included by the Makefile;
# until then: make -f Makefile -f mk/quality.mk quality).
#
#   make quality             links, spelling, static accessibility, then Chromium + axe-core
#   make check-reproducible  a second clean build must give the same files as $(SITE)
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

# A second clean build, in its own folder (so absolute paths cannot hide in the
# output), compared byte for byte with $(SITE). Under `make test` on a fresh
# checkout (CI) $(SITE) is itself a clean build, so this compares two clean
# builds; on a working tree it also proves that incremental builds equal clean ones.
check-reproducible: html
	@echo "==> check-reproducible: a clean build into $(REPRO) must equal $(SITE) byte for byte"
	@rm -rf $(REPRO)
	@$(MAKE) --no-print-directory -j2 html BUILD=$(REPRO)
	@$(BIN)/python tools/check_reproducible.py $(SITE) $(REPRO)/site
