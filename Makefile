# Fellowship: `make demo` serves the demo program, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
# The suite runs on every core with pytest-xdist, one test file per worker at a time (a file
# loads its demo once); `make test XDIST=` runs it in one process.
XDIST ?= -n auto --dist loadfile

.DEFAULT_GOAL := help
.PHONY: help venv demo test test-fast test-postgres lint format chromium clean bench-placement bench-reports

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(BIN)/.installed ## Create .venv with the project and its test tools installed

demo: venv ## Build the environment, load the demo program and serve it on 127.0.0.1:$(PORT)
	PORT=$(PORT) $(BIN)/fellowship demo

chromium: ## Install Debian's Chromium for the browser tests (if it is not there)
	@test -x $(CHROMIUM) || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

test: venv chromium ## Run the whole suite (SQLite, headless Chromium included)
	$(BIN)/pytest $(XDIST)

test-fast: venv ## Run the suite without the browser tests
	$(BIN)/pytest $(XDIST) -m 'not browser'

test-postgres: venv chromium ## Run the suite on PostgreSQL (DATABASE_URL, default 127.0.0.1:5432)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fellowship} $(BIN)/pytest $(XDIST) --create-db

lint: venv ## ruff check and format check; import-linter's contracts (the layers)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench-placement: venv ## Placement engine vs a textbook loop and matching 1.4.3 (a few minutes)
	$(BIN)/pip install --quiet 'matching==1.4.3'
	$(BIN)/python bench/placement.py

bench-reports: venv ## NIH Tables 8 and 5 for 200 trainees over 15 years (about a minute)
	$(BIN)/python bench/reports.py

clean: ## Remove the environment and the local database
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
