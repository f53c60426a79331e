# Two commands for a fresh machine (Python 3.11 and make present):
#   make run    start the dashboard at http://127.0.0.1:8501 (builds the store if missing)
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The store that run and build use: KENPO_DB from the environment when set (the path the
# dashboard shows on its error page), else data/kenpo.duckdb; `make build STORE=path` overrides both.
STORE ?= $(or $(KENPO_DB),data/kenpo.duckdb)

.PHONY: run test build validate bench screenshots

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# Rebuilt by `make run` when missing, and when a data/ or sql/ file is newer than it (after a pull).
$(STORE): $(wildcard data/*.csv sql/*/*.sql) | $(STAMP)
	KENPO_DB=$(STORE) $(BIN)/python -m kenpo build

run: $(STAMP) $(STORE)
	KENPO_DB=$(STORE) $(BIN)/streamlit run server.py

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

build: $(STAMP)
	KENPO_DB=$(STORE) $(BIN)/python -m kenpo build

validate: $(STAMP)
	$(BIN)/python -m kenpo validate

bench: $(STAMP)
	$(BIN)/python bench/run.py --readme

screenshots: $(STAMP)
	$(BIN)/python docs/take_screenshots.py
