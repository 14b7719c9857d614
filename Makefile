# EnviroBuyer: `make run` serves the app, `make test` runs every test.
# Only Python 3.11+ and make are needed; everything else goes into .venv/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1

APP_STAMP := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed
BROWSER_STAMP := tests/browser/node_modules/.installed

.PHONY: run test lint format install install-test translations browser-deps bench clean

run: install translations
	$(BIN)/enviro-buyer serve --host $(HOST) --port $(PORT)

test: install-test translations browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

install: $(APP_STAMP)

install-test: $(TEST_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "EnviroBuyer needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(APP_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(APP_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Compiled catalogues are build output: made from the .po files at every install.
translations: install
	$(BIN)/pybabel compile -d translations

# axe-core for the accessibility checks, pinned in tests/browser/package-lock.json.
# Without npm the browser tests are skipped with a reason that says how to install it.
browser-deps:
	@if command -v npm >/dev/null 2>&1; then \
		[ -f $(BROWSER_STAMP) ] && [ $(BROWSER_STAMP) -nt tests/browser/package-lock.json ] || \
		(npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $(BROWSER_STAMP)); \
	else echo "npm not found: accessibility checks will be skipped (install Node.js and npm)"; fi

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-test translations
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache test-artifacts
