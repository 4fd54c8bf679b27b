# One command to set up and build, one to set up and test (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test serve check clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

build: $(BIN)/.installed
	$(BIN)/python build.py build

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

serve: $(BIN)/.installed
	$(BIN)/python build.py serve

check: $(BIN)/.installed
	$(BIN)/python build.py check --strict

clean:
	rm -rf output .cache .pytest_cache test-artifacts
