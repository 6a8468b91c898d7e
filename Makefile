# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
# Test workers (pytest-xdist): each has its own test database, demo and browser.
TEST_WORKERS ?= 2

.PHONY: run test install install-test chromium java migrate demo serve lint messages catalogs clean bench cluster cluster-down test-cluster

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install python3.11 (or run make PYTHON=/path/to/python3.11)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# The Nu Html Checker (tests/test_html_valid.py): vnu-jar from package-lock.json, run on the machine's Java.
# --ignore-scripts: its postinstall would only look for a Java, or download one, which we never use.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the HTML checker: install Node.js and npm (Debian: apt-get install npm)."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install-test: $(VENV)/.installed-test node_modules/.installed chromium java

chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM)."; \
		echo "Install it as root (Debian/Ubuntu: sudo apt-get install chromium), or set CHROMIUM=/path/to/chromium."; \
		exit 1; \
	fi

java:
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's Java runtime for the HTML checker..."; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless >/dev/null; }; \
	else \
		echo "The HTML checker (tests/test_html_valid.py) needs Java 11 or later on the PATH."; \
		echo "Install it as root (Debian/Ubuntu: sudo apt-get install default-jre-headless)."; \
		exit 1; \
	fi

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# Links in e-mails point at the address served (unless PORTAL_PUBLIC_URL is set already).
PUBLIC_URL = PORTAL_PUBLIC_URL=$${PORTAL_PUBLIC_URL:-http://$(HOST):$(PORT)}

serve:
	$(PUBLIC_URL) $(MANAGE) runserver $(HOST):$(PORT)

run: demo
	$(MANAGE) create_admin
	$(MANAGE) create_demo_staff
	@echo "Serving the portal on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(PUBLIC_URL) $(MANAGE) runserver $(HOST):$(PORT)

test: install-test
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Rebuild the translation catalogues from the sources, then compile them (both are committed).
messages: install
	$(MANAGE) makemessages --no-obsolete --no-location -l ru -l kk -l en -i ".venv/*" -i "static/*" -i "tests/*" -i "node_modules/*"
	$(MANAGE) compilemessages --ignore=.venv

catalogs: install
	$(MANAGE) compilemessages --ignore=.venv

# Figures, not tests. The speed benchmark serves the site with production settings on SQLite and PostgreSQL,
# demo and 100,000 issues, and through the cluster, and writes .bench/results.md. One part of it:
# make bench BENCH_ARGS="--db sqlite --size demo --skip-cluster --quick" (see its --help).
bench: install-test
	$(BIN)/pytest tests/perf -s -o addopts=""
	$(BIN)/python tests/perf/photo_benchmark.py
	$(BIN)/python tests/perf/submission_benchmark.py
	$(BIN)/python tests/perf/speed_benchmark.py $(BENCH_ARGS)

# The production topology on this machine: Varnish at 127.0.0.1:8090 in front of two gunicorn nodes
# (8001, 8002), the task worker, scheduled publishing, SeaweedFS, PostgreSQL and Redis (deploy/cluster.py).
cluster: install-test
	$(BIN)/python deploy/cluster.py up

cluster-down:
	$(BIN)/python deploy/cluster.py down

# The fault tests: the cluster against a PostgreSQL and a Redis of their own (tests/cluster/).
test-cluster: install-test
	$(BIN)/pytest tests/cluster -o addopts="-p no:cacheprovider --strict-markers" -s $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) static node_modules
