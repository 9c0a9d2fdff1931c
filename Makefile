# Two commands: `make run` (the whole system on embedded defaults) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint setup browser

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

# Migrate, load the seed articles and claims, create the demo users.
setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_seed
	$(PY) manage.py create_demo_users

run: setup
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile

# Debian's Chromium for the Playwright tests (Playwright's own browser download
# needs the internet, which this machine does not have).
browser:
	@command -v chromium >/dev/null || scripts/install-chromium

test: install browser
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
