# lokaal_avg — `make run` to try it, `make test` to check it.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
# Every system package the project needs, and the shared library each one provides that we check
# for. The README's apt-get line and .ci/run use this list (`make -s system-packages` prints it).
SYSTEM_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core chromium
SYSTEM_LIBRARIES := libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
# Programs the project runs, from the packages above: Chromium for the browser tests (tests/browser/).
SYSTEM_PROGRAMS := /usr/bin/chromium

# The first Python >= 3.11 on the PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& echo $$p && break; done)

.PHONY: run test lint format demo worker translations check-system system-packages clean

run: $(VENV)/.installed
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo
	@echo "lokaal_avg draait op http://127.0.0.1:5000 (Ctrl+C om te stoppen)"
	$(FLASK) run --host 127.0.0.1 --port 5000

# The suite runs on SQLite; with LOKAAL_AVG_TEST_DATABASE_URL set it runs a second time on that
# PostgreSQL database (and fails if it cannot reach it).
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	env -u LOKAAL_AVG_TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$$LOKAAL_AVG_TEST_DATABASE_URL" ]; then \
		echo "== De volledige suite opnieuw, op PostgreSQL =="; \
		$(BIN)/python -m pytest; fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: $(VENV)/.installed
	$(FLASK) worker

translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -o lokaal_avg/translations/messages.pot .
	$(BIN)/pybabel update -i lokaal_avg/translations/messages.pot -d lokaal_avg/translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d lokaal_avg/translations

# Fails with the one apt-get line when Python, venv, any shared library or program above is missing.
check-system:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.11 of nieuwer ontbreekt. Installeer het met: sudo apt-get install -y python3"; exit 1; fi
	@missing=""; \
	$(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1 || missing="python3-venv"; \
	for lib in $(SYSTEM_LIBRARIES); do \
		ldconfig -p 2>/dev/null | grep -qF "$$lib " || missing="$$missing $$lib"; done; \
	for program in $(SYSTEM_PROGRAMS); do \
		[ -x "$$program" ] || missing="$$missing $$program"; done; \
	if [ -n "$$missing" ]; then \
		echo "Ontbrekende systeembibliotheken of programma's:$$missing"; \
		echo "Installeer ze met: sudo apt-get install -y $(SYSTEM_PACKAGES)"; exit 1; fi

system-packages:
	@echo $(SYSTEM_PACKAGES)

$(VENV)/.installed: pyproject.toml | check-system
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
