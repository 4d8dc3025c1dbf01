# The checks of the built site one at a time (included by the Makefile). Each is
# a pytest test under tests/site/, and `make test` runs every one of them once.
#
#   make parity              docs/en and docs/es: same pages, code, labels, glue keys, toctrees
#   make spelling            sphinx-build -M spelling on both trees (conf/_ext/site_spelling)
#   make page-weight         each page's transfer size against the budgets
#   make check-reproducible  a clean build, and a second one with empty caches in $(REPRO)
#   make repro               that second build alone

.PHONY: parity spelling page-weight repro check-reproducible $(addprefix spelling-,$(LANGS))

parity: $(ENV)
	@echo "==> parity: docs/en and docs/es have the same pages, code, labels, glue keys and toctrees"
	@$(PY) -m pytest -q tests/site/test_parity.py

# Misspellings are warnings, so the strict options make them fail the build.
$(addprefix spelling-,$(LANGS)): spelling-%: system-test html-%
	@echo "==> spelling-$*: hunspell $(if $(filter es,$*),es_ES,en_US) and conf/spelling/ over docs/$*"
	@rm -rf $(BUILD)/$*/spelling
	@$(call SPHINX,spelling,$*)

spelling: $(addprefix spelling-,$(LANGS))

page-weight: system-test $(ENV) npm-packages html
	@echo "==> page-weight: what each page downloads, gzip-compressed as a static host sends it"
	@$(PY) -m pytest -q tests/site/test_page_weight.py
	@echo "    each page's files and sizes: $(BUILD)/reports/site-record.json"

# Every notebook runs again, in another folder, so that neither the execution
# cache nor an absolute path can make two builds agree by accident.
repro: $(ENV)
	@echo "==> repro: a second clean build, with empty caches, into $(REPRO)"
	@rm -rf $(REPRO)
	@$(MAKE) --no-print-directory -j2 html BUILD=$(REPRO)

check-reproducible: html-clean repro
	@REQUIRE_SITE=1 REPRO_SITE_DIR=$(REPRO)/site $(PY) -m pytest -q tests/site/test_reproducible.py
