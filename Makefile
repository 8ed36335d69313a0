# migralex: the two first commands on a fresh machine are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit docs bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: create .venv, install, and start the main job on the embedded SQLite default
run: $(STAMP)
	$(BIN)/migralex serve --demo

## test: ruff, mypy --strict on src/, then the whole pytest suite
test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src

unit: $(STAMP)
	$(BIN)/pytest

## docs: regenerate docs/rules/*.md from the rule packs
docs: $(STAMP)
	$(BIN)/migralex docs --out docs/rules

## bench: the engine benchmark (installs openfisca-core, a bench-only extra)
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/engine.py --out benchmarks/results/engine.md
	$(BIN)/python benchmarks/render_results.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
