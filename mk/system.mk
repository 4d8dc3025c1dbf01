# What the checks of the built site need from outside PyPI (included by the Makefile).
#
# Debian packages, installed by `make test` when missing (mk/system-packages.sh):
# Chromium for the browser tests (driven by Playwright for Python; no browser is
# downloaded), libenchant with hunspell's US English and Spanish dictionaries for
# the spelling check (PyEnchant), and Node.js's npm when there is none, for axe-core.
SYSTEM_PACKAGES := chromium hunspell hunspell-en-us hunspell-es libenchant-2-2 \
                   $(if $(shell command -v npm 2>/dev/null),,nodejs npm)
AXE_JS := node_modules/axe-core/axe.min.js

.PHONY: system-test npm-packages

system-test:
	@sh mk/system-packages.sh $(SYSTEM_PACKAGES)

# npm ci installs exactly package-lock.json into node_modules/ (git-ignored).
$(AXE_JS): package.json package-lock.json
	@echo "==> npm ci: axe-core for the accessibility checks"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

npm-packages: $(AXE_JS)
