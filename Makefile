# The two commands a newcomer needs are `make run` and `make test`.
# Everything is installed into .venv; the system Python is only used to create it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIPENV_VERSION := 2026.10.3
PORT ?= 8000

# pipenv: use ./.venv, never ask, never spin, stay quiet.
export PIPENV_VENV_IN_PROJECT := 1
export PIPENV_YES := 1
export PIPENV_NOSPIN := 1
export PIPENV_VERBOSITY := -1
export PIPENV_IGNORE_VIRTUALENVS := 1

INSTALLED := $(VENV)/.installed

.PHONY: install run test check lint lock accuracy screenshot bench clean

install: $(INSTALLED)

$(BIN)/pipenv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pipenv==$(PIPENV_VERSION)"

$(INSTALLED): Pipfile.lock | $(BIN)/pipenv
	$(BIN)/pipenv sync --dev
	touch $@

# Serve exactly what the platform runs: the Procfile's web command.
run: install
	PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" sh -c "$$(sed -n 's/^web: //p' Procfile)"

# The whole suite, the browser tests too, spread over the machine's cores (pytest-xdist;
# JOBS=0 runs it in this one process). Each worker starts its own servers and browser.
JOBS ?= auto

test: install lint
	$(BIN)/python -m pytest -n $(JOBS)

# The fast loop while developing: lint and the tests that start no server or browser
# (those marked "server", all under tests/e2e).
check: install lint
	$(BIN)/python -m pytest -n $(JOBS) -m "not server"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# How far positions are from JPL's DE421, body by body (a report, not a test).
accuracy: install
	$(BIN)/python -m tests.support.reference

# Requests/s, latency and memory against the stack's own ceiling (bench/RESULTS.md).
# Uses wrk if installed (apt-get install wrk), else a slower Python load generator.
bench: install
	$(BIN)/python -m bench.run

# The gallery (docs/gallery/, docs/development.md) and the README's pictures from it.
screenshot: install
	$(BIN)/python -m scripts.screenshot

# Re-lock after editing the Pipfile. pipenv writes the package index it used
# into the lock; the repository must not name one, so strip it again.
lock: | $(BIN)/pipenv
	$(BIN)/pipenv lock
	$(BIN)/python scripts/strip_lock_sources.py Pipfile.lock
	$(BIN)/pipenv sync --dev
	touch $(INSTALLED)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
