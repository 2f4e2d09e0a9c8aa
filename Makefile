# The two commands the README documents:
#   make demo   build the example warehouse (creates .venv on first use)
#   make test   run the test suite        (creates .venv on first use)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
WAREHOUSE ?= akhbar.duckdb

.PHONY: demo test lint venv clean

venv: $(VENV)/.installed

# camel-tools without its dependencies: akhbar needs its normalisers, tokenizer and
# morphology (their small needs are akhbar's own dependencies), not the torch and
# transformers its NER pulls in (several GB; the camel-ner extra, see the README).
CAMEL_TOOLS := camel-tools==1.6.0

$(VENV)/.installed: pyproject.toml
	@echo "== creating $(VENV) (about 2 minutes, ~1 GB; pip shows its progress)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --progress-bar on --no-deps '$(CAMEL_TOOLS)'
	$(BIN)/pip install --progress-bar on -e '.[dev]'
	touch $@

demo: venv
	$(BIN)/akhbar run examples/corpus --warehouse $(WAREHOUSE)

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# everything `make demo` writes beside the warehouse, and the venv
STEM := $(basename $(WAREHOUSE))
clean:
	rm -rf $(VENV) $(WAREHOUSE) $(WAREHOUSE).wal $(WAREHOUSE).run $(WAREHOUSE).tmp \
		$(STEM)-gx $(STEM)-cache $(STEM)-report.html
