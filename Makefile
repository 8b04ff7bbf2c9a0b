# The commands a newcomer needs. Each target sets up what it uses.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
PORT   ?= 8501
REPLICAS ?= 2
SERVE_PORT ?= 8080

.PHONY: run serve load test test-fast bench setup setup-dev assets browser proxy validate lint audit clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime assets

## make assets: Leaflet, its cluster plugin and supercluster from the npm registry, served by the app from static/vendor/
static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	rm -rf static/vendor && mkdir -p static/vendor
	cp -r node_modules/leaflet/dist static/vendor/leaflet
	cp -r node_modules/leaflet.markercluster/dist static/vendor/markercluster
	mkdir -p static/vendor/supercluster && cp node_modules/supercluster/dist/supercluster.min.js static/vendor/supercluster/
	touch $@

assets: static/vendor/.installed

setup-dev: $(VENV)/.dev

## make run: set up and start the app on the bundled data (MAPAPP_DATA=DIR for other data)
run: setup
	$(PY) -m mapui.server --server.port $(PORT) --server.headless true

## make serve: nginx (a child process, config in a temporary folder) in front of REPLICAS copies of the
## app, with session affinity, health checks, cached static files and security headers (deploy/README.md)
serve: setup proxy
	$(PY) scripts/serve.py --replicas $(REPLICAS) --port $(SERVE_PORT)

## make test: set up and run every test, the browser tests included (CI runs this)
test: setup-dev assets browser proxy
	$(PY) -m ruff check .
	$(PY) -m pytest -m "browser or not browser"

## make test-fast: the linter and every test that needs no browser
test-fast: setup-dev
	$(PY) -m ruff check .
	$(PY) -m pytest

## make bench: measure build time, bytes, slider cost and memory against references; writes docs/performance.md
bench: setup-dev assets browser
	$(PY) scripts/bench.py

## make browser: install Debian's Chromium when it is missing (never `playwright install`)
browser:
	@bash scripts/setup-browser.sh

## make proxy: install Debian's nginx when it is missing (for `make serve` and the proxy tests)
proxy:
	@bash scripts/setup-proxy.sh

## make audit: check the pinned Python (pip-audit) and npm packages for known vulnerabilities; fails on
## one not accepted in audit-accepted.txt, and fails (never passes) when a database cannot be reached.
## Not part of `make test`: neither database answers from this project's machines (see scripts/audit.py).
audit: setup-dev assets
	$(PY) scripts/audit.py

validate: setup
	$(PY) -m mapapp validate

lint: setup-dev
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache .ruff_cache test-artifacts
