# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DRAFTS := drafts/open-brief-mobilisatie.yaml drafts/kamervragen-mobilisatie.yaml

.PHONY: run export test install install-test lint bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The main job: the TUI on the example campaign (this repository is its workspace).
run: install
	$(BIN)/pleitbrief

# Headless: export both example drafts to Word and Markdown.
export: install
	@for draft in $(DRAFTS); do for format in docx md; do $(BIN)/pleitbrief export $$draft --to $$format || exit $$?; done; done

test: install-test
	$(BIN)/python -m pytest -n auto -q

lint: install-test
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports

# pleitbrief against pandoc --citeproc, side by side (see docs/performance.md)
bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
