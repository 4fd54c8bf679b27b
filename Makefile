# One command to set up and build, one to set up and test (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: build test serve check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(PIP) -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

build: $(VENV)/.runtime
	$(BIN)/python build.py build

test: $(VENV)/.dev
	$(BIN)/python -m pytest -q

serve: $(VENV)/.runtime
	$(BIN)/python build.py serve

check: $(VENV)/.runtime
	$(BIN)/python build.py check --strict

# Several minutes: synthetic sites of 100, 1,000 and 5,000 news per language (see README, "Speed").
bench: $(VENV)/.dev
	$(BIN)/python -m bench.run

clean:
	rm -rf output .cache .pytest_cache test-artifacts
