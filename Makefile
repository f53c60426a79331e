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

.PHONY: run test build validate bench screenshots serve-shared publish loadtest

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# Rebuilt by `make run` when missing, and when a data/ or sql/ file is newer than it (after a pull).
$(STORE): $(wildcard data/*.csv sql/*/*.sql) | $(STAMP)
	KENPO_DB=$(STORE) $(BIN)/python -m kenpo build

run: $(STAMP) $(STORE)
	KENPO_DB=$(STORE) $(BIN)/streamlit run server.py

# Several users on one address: REPLICAS Streamlit processes behind Debian's nginx (docs/deploy.md).
REPLICAS ?= 2
LISTEN ?= 127.0.0.1:8080
serve-shared: $(STAMP) $(STORE)
	$(BIN)/python deploy/serve_shared.py --replicas $(REPLICAS) --listen $(LISTEN) --store $(STORE)

# Rebuild the store from data/ into a temporary file beside it and rename it into place: every
# running replica reads the new store at its next page run (docs/deploy.md, Publishing a store).
# FROM=path publishes a store built elsewhere (checked, copied beside the store, renamed).
publish: $(STAMP)
	$(BIN)/python deploy/publish.py --store $(STORE) $(if $(FROM),--from $(FROM))

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

# Capacity: simulated users changing filters against one server, then through nginx with 1 and 2
# replicas (about 13 minutes; writes bench/results/loadtest.md and the tables in docs/deploy.md).
loadtest: $(STAMP) $(STORE)
	$(BIN)/python bench/loadtest.py --docs --store $(STORE)

screenshots: $(STAMP)
	$(BIN)/python docs/take_screenshots.py
