# The Spanish API page's catalog (included by the Makefile).
#
# convref's docstrings reach the Spanish API page through
# conf/locales/es/LC_MESSAGES/api.po (conf/_ext/api_translation.py). After a
# docstring changes, `make api-catalog` writes the page's docstring messages
# as a template (the apipot builder) and merges it into the catalog with
# sphinx-intl: a new or changed message comes in empty or fuzzy, and the
# Spanish build (so `make test`) fails, naming it, until it is translated.

.PHONY: api-catalog

api-catalog: $(ENV)
	@echo "==> api-catalog: the docstring messages of docs/es/api.md into conf/locales/es/LC_MESSAGES/api.po"
	@rm -rf $(BUILD)/es/apipot
	@$(PY) -m sphinx -M apipot docs/es $(BUILD)/es -c conf -D language=es -q
	@$(PY) -m sphinx_intl update --pot-dir $(BUILD)/es/apipot --locale-dir conf/locales --language es \
		--no-obsolete --jobs 1
