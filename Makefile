# Two commands for a fresh machine (Python 3.11 and make present):
#   make run    start the dashboard at http://127.0.0.1:8501 (builds the store if missing)
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= data/kenpo.duckdb

.PHONY: run test build validate bench screenshots

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(STORE): | $(STAMP)
	KENPO_DB=$(STORE) $(BIN)/python -m kenpo build

run: $(STAMP) $(STORE)
	KENPO_DB=$(STORE) $(BIN)/streamlit run app.py

test: $(STAMP)
	$(BIN)/python -m pytest

build: $(STAMP)
	KENPO_DB=$(STORE) $(BIN)/python -m kenpo build

validate: $(STAMP)
	$(BIN)/python -m kenpo validate

bench: $(STAMP)
	$(BIN)/python bench/run.py --readme

screenshots: $(STAMP)
	$(BIN)/python docs/take_screenshots.py
