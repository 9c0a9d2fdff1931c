# Two commands: `make run` (the whole system on embedded defaults) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist; each has its own test database): the integration tests
# mostly wait on workers, mail and browsers, so two halve the run on this 2-core machine.
PYTEST_WORKERS ?= 2
# The address in digests and calendar links: where `make run` serves, unless set.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install install-prod lock run test lint setup browser site-url bench

# Development and tests: the test lock (runtime pins plus the test tools).
$(VENV)/.installed: requirements-test.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.lock
	touch $@

install: $(VENV)/.installed

# Production: the runtime lock only, no test tools.
install-prod:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock

# Regenerate both locks from pyproject.toml with uv, from PyPI. Pins already in a
# lock are kept unless pyproject.toml needs otherwise (`make lock UPGRADE=1` lifts
# them all); the test lock is constrained to the runtime pins, so the two agree.
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 \
	--index-url https://pypi.org/simple $(if $(UPGRADE),--upgrade)
lock: install
	$(UV_COMPILE) pyproject.toml -o requirements.lock
	$(UV_COMPILE) pyproject.toml --extra test -c requirements.lock -o requirements-test.lock

# The settings default to production; the local run is development by choice.
setup run: export DEBUG ?= true
setup run site-url: export SITE_URL := $(SITE_URL)

# Print the SITE_URL `make run` would use (tests/tracker/test_digest_layout.py).
site-url:
	@echo "$$SITE_URL"

# Migrate, load the seed articles and claims, create the demo users, flag what is due.
setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_seed
	$(PY) manage.py create_demo_users
	$(PY) manage.py flag_due  # also starts the clock /healthz watches

# Ctrl-C stops web, worker and beat: honcho, given time for the worker's warm
# shutdown (scripts/run-procfile). make itself still reports the interrupt.
run: setup
	HOST=$(HOST) PORT=$(PORT) exec $(PY) scripts/run-procfile -f Procfile

# Debian's Chromium for the Playwright tests (Playwright's own browser download
# needs the internet, which this machine does not have).
browser:
	@command -v chromium >/dev/null || scripts/install-chromium

test: install browser
	$(VENV)/bin/ruff check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

# The benchmark (docs/benchmarks.md): a scratch PostgreSQL database beside DATABASE_URL's,
# 1M claims unless told, e.g. `make bench BENCH_ARGS="--claims 100000"`.
bench: export DEBUG ?= true
bench: install
	$(PY) manage.py bench $(BENCH_ARGS)
