# Clinic — the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-pg test-browser bench bench-quick lint install system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

## Serve the demo clinic on http://127.0.0.1:5000 (SQLite under instance/ unless DATABASE_URL is set).
run: export CLINIC_BASE_URL ?= http://$(HOST):$(PORT)
run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT) --no-reload

## The whole test suite on SQLite, browser tests (headless Chromium) included.
test: install system-deps
	$(BIN)/pytest

## The same suite on PostgreSQL: a fresh database is created and dropped by the test session.
test-pg: install system-deps
	CLINIC_TEST_DATABASE=postgresql $(BIN)/pytest

## Only the browser tests (tests/browser, marked `browser`); CLINIC_SCREENSHOTS=DIR keeps PNGs.
test-browser: install system-deps
	$(BIN)/pytest -m browser

## Generate a clinic of 5,000 clients and measure speed, memory and scale against the floor
## (docs/performance.md); prints a table and writes bench/results.json. On PostgreSQL:
## make bench BENCH_ARGS="--database-url postgresql://postgres@127.0.0.1:5432/postgres"
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## The same at a tenth of the size with fewer repetitions (SQLite unless BENCH_ARGS says).
bench-quick: install
	$(BIN)/python -m bench.run --scale 0.1 $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check bench clinic tests scripts migrations wsgi.py gunicorn.conf.py
	$(BIN)/ruff format --check bench clinic tests scripts wsgi.py gunicorn.conf.py

## Debian packages the browser tests and PDF checks need (Chromium, pdftotext/pdftoppm).
system-deps:
	@if command -v chromium >/dev/null && command -v pdftotext >/dev/null; then \
		echo "chromium and poppler-utils are installed"; \
	else \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium poppler-utils; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
