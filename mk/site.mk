# Hosting and the build benchmark (included by the Makefile).
#
# SITE_URL is the address the site will have, e.g. https://<user>.github.io/convref/.
# tools/assemble_site.py writes it into sitemap.xml and takes the path of its
# 404.html links from it (unset: the placeholder https://example.org/); when set,
# conf/_ext/site_meta.py also gives every page og:url and <link rel="canonical">.
#   make site SITE_URL=https://example.github.io/convref/
ifneq ($(strip $(SITE_URL)),)
export SITE_URL
endif

.PHONY: site bench-build bench-test

site: html
	@echo "==> site: $(SITE) is ready for any static host or file:// (404.html, sitemap.xml for $(or $(strip $(SITE_URL)),the placeholder https://example.org/))"

# Benchmarks, not tests: they work on a scratch copy of the tree and write bench/results/build.json.
bench-build: $(ENV)
	@echo "==> bench-build: clean, no-change, prose-edit and code-edit builds on a scratch copy (a few minutes)"
	@$(PY) bench/bench_build.py

bench-test: $(ENV)
	@echo "==> bench-test: bench-build plus the parts of make test (parity, doctest builds, pytest)"
	@$(PY) bench/bench_build.py --test
