# Every target bootstraps its own virtual environment in .venv from
# constraints.txt, so `make html` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_INSTALL := $(BIN)/pip install --quiet --constraint constraints.txt

.DEFAULT_GOAL := help
.PHONY: help venv test pytest bench clean

help:
	@echo "make html   build the site in both languages into _build/site"
	@echo "make test   run every test (what CI runs)"
	@echo "make bench  time convref's fast conv2d against torch"
	@echo "make clean  remove build output (keeps .venv)"

$(STAMP): pyproject.toml constraints.txt
	@echo "==> creating $(VENV) and installing convref with its docs and test extras"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(PIP_INSTALL) --editable ".[docs,test]"
	@touch $@

venv: $(STAMP)

pytest: $(STAMP)
	@echo "==> pytest: unit, property and doctests of convref"
	@$(BIN)/python -m pytest -q

test: pytest

bench: $(STAMP)
	@echo "==> benchmark: convref conv2d(method='fast') against torch"
	@$(BIN)/python bench/bench_conv2d.py

clean:
	rm -rf _build .pytest_cache .hypothesis
