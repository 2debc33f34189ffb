# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint check clean

$(VENV)/.runtime: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	./.ci/system-packages run
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py schedule_jobs
	@echo "Insikt: http://127.0.0.1:$(PORT)/  (demoanvändare, t.ex. af.handlaggare / insikt-demo)"
	@# The task worker (e-mail, report PDFs, scheduled jobs) beside the web server, stopped with it.
	DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	  DEBUG=1 INSIKT_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev
	./.ci/system-packages test
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check --config .ci/ruff.toml .
	$(VENV)/bin/ruff format --config .ci/ruff.toml --check .
	$(VENV)/bin/lint-imports --no-cache .ci/importlinter.ini
	$(PY) .ci/check_size.py

check: $(VENV)/.dev
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
