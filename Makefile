# Obeya: `make demo` starts the app on the demo data; `make test` runs every test.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
CHROMIUM ?= /usr/bin/chromium
# Tests run in parallel (pytest-xdist), one worker per core up to four: `make test WORKERS=0`
# runs them in one process.
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider -q -n $(WORKERS) --maxprocesses 4
export OBEYA_VAR_DIR ?= $(CURDIR)/var

.PHONY: demo test test-fast lint format messages compilemessages install install-test system-deps browser-deps serve clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

install: $(VENV)/.installed compilemessages
install-test: $(VENV)/.installed-test compilemessages

## Compile the French and English catalogues (.po -> .mo) with GNU gettext's msgfmt.
compilemessages: system-deps
	cd src/obeya && ../../$(BIN)/python -m django compilemessages --ignore '.venv' -v 0 --settings obeya.site.settings

## What a fresh Debian machine lacks: gettext (msgfmt) for the catalogues, Chromium for the
## browser tests. Installed with apt-get when running as root; otherwise say what to install.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; exit 1; fi; fi

browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else echo "Please install Debian's chromium (sudo apt-get install chromium)"; exit 1; fi; fi

## Start the app on the demo data: http://$(HOST):$(PORT)
demo: install
	$(BIN)/obeya demo
	$(BIN)/obeya serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/obeya serve --host $(HOST) --port $(PORT)

## Every test, browser journeys included, then the linter.
test: install-test browser-deps
	$(BIN)/ruff check src tests $(wildcard bench)
	$(PYTEST)

## The same without the browser journeys.
test-fast: install-test
	$(BIN)/ruff check src tests $(wildcard bench)
	$(PYTEST) -m "not e2e"

lint: install-test
	$(BIN)/ruff check src tests $(wildcard bench)

format: install-test
	$(BIN)/ruff format src tests $(wildcard bench)
	$(BIN)/ruff check --fix src tests $(wildcard bench)

## Refresh the catalogues from the source after changing strings; then translate the new
## entries (tests/web/test_i18n.py fails while one is missing). No djangojs catalogue: the
## project's JavaScript has no translatable strings.
messages: install
	cd src/obeya && ../../$(BIN)/python -m django makemessages -l fr -l en --no-location --ignore '.venv' --settings obeya.site.settings

## Side-by-side comparisons with the peers (PM4Py), printing times and ratios; not tests.
$(VENV)/.installed-bench: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[bench]'
	@touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/bench_vsm.py
	$(BIN)/python bench/bench_flow.py --events 1M 4M
	$(BIN)/python bench/bench_flow.py --events 10M --no-pm4py
	$(BIN)/python bench/bench_simulation.py
	$(BIN)/python bench/bench_spc.py
	$(BIN)/python bench/bench_kpi_page.py

clean:
	rm -rf $(VENV) var/static
