# `make run`  – set everything up and open the workbench on the seed corpus.
# `make test` – set everything up and run the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= db/workbench.db

.PHONY: run test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the project description changes.
$(VENV)/.stamp-install: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.stamp-install

# Builds the seed corpus only into a database without groups: the first run, or one whose
# build was interrupted (an empty file left behind no longer hides the seeds).
run: install
	$(BIN)/workbench --db $(DB) build --if-empty seeds/
	$(BIN)/workbench --db $(DB) review

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_review.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
