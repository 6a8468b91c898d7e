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

.PHONY: run test install install-test lock chromium java migrate demo serve lint messages catalogs clean bench cluster cluster-down test-cluster

# Python packages come from the lock only (requirements/, written by `make lock` from pyproject.toml):
# exact versions, each with the sha256 of every file of it, pip itself included, so pip installs nothing
# that is not hashed there (--require-hashes). --no-deps: the lock is complete, and `pip check` says so.
# The venv's own pip (ensurepip's) is not upgraded from the index: the lock's pip replaces it.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes --no-deps

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install python3.11 (or run make PYTHON=/path/to/python3.11)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The project itself is not installed: it has no package to install (pyproject.toml: packages = []).
# A venv made before the lock had it as an editable install, which is taken out.
$(VENV)/.installed: requirements/base.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements/base.txt
	@if $(BIN)/python -m pip show --quiet public-control-map >/dev/null 2>&1; then \
		$(BIN)/python -m pip uninstall --quiet --yes public-control-map; fi
	$(BIN)/python -m pip check
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(PIP_INSTALL) -r requirements/test.txt
	$(BIN)/python -m pip check
	touch $@

install: $(VENV)/.installed

# Refresh the lock after a change to the dependencies in pyproject.toml: pip-compile keeps every pin that
# still fits and resolves only what changed.
#   make lock UPGRADE=django          that package (or several: UPGRADE="django pillow") to its newest
#                                     allowed version, wherever it is pinned
#   make lock UPGRADE=all             every package
# pip-tools runs from a throwaway venv, installed by hash from requirements/tools.txt (which this refreshes
# too), never from the project's venv. test.txt is constrained by base.txt: the same version of each.
LOCK_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" "$$tmp/bin/pip-compile" --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
# The upgrade options for one lock file: --upgrade-package only for the packages it pins (pip-compile would
# add any other to it).
lock_upgrade = $(if $(filter all,$(UPGRADE)),--upgrade,$(foreach p,$(UPGRADE),$(if \
	$(shell grep -qi "^$$(echo $(p) | tr _. --)==" $(1) && echo y),--upgrade-package $(p))))
lock:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install python3.11 (or run make PYTHON=/path/to/python3.11)."; exit 1; }
	@for p in $(UPGRADE); do [ "$$p" = all ] || grep -qi "^$$(echo $$p | tr _. --)==" requirements/*.txt || \
		{ echo "make lock: $$p is pinned nowhere in requirements/ (a new dependency needs no UPGRADE)."; exit 1; }; done
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && \
	"$$tmp/bin/python" -m pip install --quiet --require-hashes --no-deps -r requirements/tools.txt && \
	echo "pip-compile: requirements/base.txt" && \
	$(LOCK_COMPILE) $(call lock_upgrade,requirements/base.txt) -o requirements/base.txt \
		pyproject.toml requirements/pip.in && \
	echo "pip-compile: requirements/test.txt" && \
	$(LOCK_COMPILE) $(call lock_upgrade,requirements/test.txt) --extra test -c requirements/base.txt \
		-o requirements/test.txt pyproject.toml requirements/pip.in && \
	echo "pip-compile: requirements/tools.txt" && \
	$(LOCK_COMPILE) $(call lock_upgrade,requirements/tools.txt) -o requirements/tools.txt requirements/tools.in

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
