# `make run`  – set everything up and open the workbench on the seed corpus.
# `make test` – set everything up and run the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= db/workbench.db
# Every library at the version the project was last tested with (`make lock` refreshes it
# from the ranges in pyproject.toml).
LOCK := requirements.lock

.PHONY: run test lint install lock bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the project description or the lock changes.
$(VENV)/.stamp-install: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra ray --python-version 3.11 --quiet -o $(LOCK)

install: $(VENV)/.stamp-install

# Builds the seed corpus only into a database without groups: the first run, or one whose
# build was interrupted (an empty file left behind no longer hides the seeds).
run: install
	$(BIN)/workbench --db $(DB) build --if-empty seeds/
	$(BIN)/workbench --db $(DB) review

# ruff, then mypy ([tool.mypy] in pyproject.toml: all of workbench/, strict on db and review;
# its cache in .mypy_cache makes a second run take a second or two)
lint: install
	$(BIN)/ruff check workbench tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_review.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
