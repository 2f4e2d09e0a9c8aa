# The two commands the README documents:
#   make demo   build the example warehouse (creates .venv on first use)
#   make test   run the test suite        (creates .venv on first use)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
WAREHOUSE ?= akhbar.duckdb

.PHONY: demo test lint venv clean

venv: $(VENV)/.installed

# torch is pinned to the CPU build before camel-tools pulls it in: an unpinned torch
# resolves to a CUDA build of several GB.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: venv
	$(BIN)/akhbar run examples/corpus --warehouse $(WAREHOUSE)

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) $(WAREHOUSE) $(WAREHOUSE).wal
