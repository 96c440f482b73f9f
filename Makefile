# The two commands a newcomer needs: `make run` (the demo) and `make test` (everything).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format bench clean spec-data audit lock messages makemessages

# requirements.lock pins every package the ranges in pyproject.toml resolved to, so CI and a
# fresh clone install exactly what was tested (and what `make audit` checks).
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

# The translations (issue 18): locale/<code>/LC_MESSAGES/django.po are the sources, kept in git;
# the .mo files Django reads are built from them here (not committed). Needs GNU gettext
# (msgfmt). Folders of other projects' catalogues are skipped.
MESSAGE_IGNORE := -i .venv -i node_modules -i var -i staticfiles
messages: $(STAMP)
	$(PY) manage.py compilemessages -v 0 $(MESSAGE_IGNORE)

# After changing strings: gather them into the catalogues (new ones come in untranslated,
# changed ones fuzzy), translate them in locale/*/LC_MESSAGES/django.po, then `make messages`.
# tests/dashboard/test_translations.py fails while Dutch or German has an untranslated or
# fuzzy entry; `manage.py missing_translations <code>` lists them.
makemessages: $(STAMP)
	$(PY) manage.py makemessages -l nl -l de --no-obsolete --add-location file $(MESSAGE_IGNORE)

run: $(STAMP) messages
	$(PY) -m dashboard.run_dev

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit -q -r channels_api dashboard -x '*/migrations/*' --severity-level high

# Unit, view, sandbox and task tests first, then the real-browser suite on its own: pytest
# exits 5 when it collects nothing, so a browser suite that ran no test fails the build.
# Then the tests of dates the code derives from the clock (marker `dates`, tests/clock.py) run
# again on clocks far from today: a year ahead, and back to the last half minute of a leap day
# in a zone 14 hours ahead of UTC, so the run crosses local midnight into 1 March while UTC
# is still on 29 February. A test that wrote a date or a zone by hand fails one of them.
test: $(STAMP) lint messages
	$(PY) -m pytest -m "not browser" -q
	$(PY) -m pytest -m browser -q tests/browser
	TEST_CLOCK=+366d $(PY) -m pytest -m "dates and not browser" -q
	TEST_CLOCK=2024-02-29T23:59:30+14:00 TIME_ZONE=Pacific/Kiritimati TZ=America/St_Johns \
		$(PY) -m pytest -m "dates and not browser" -q

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Known vulnerabilities in the pinned packages. --strict fails when a package could not be
# checked, so an unreachable vulnerability service is a failure, never a silent pass.
audit: $(STAMP)
	$(PY) -m pip install --quiet 'pip-audit>=2.7,<3'
	$(PY) -m pip_audit --strict --progress-spinner off --no-deps -r requirements.lock

# Re-pin after changing a range in pyproject.toml: resolve in a throwaway venv, freeze it.
lock:
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/python -m pip install --quiet --upgrade pip
	var/lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	var/lock-venv/bin/python -m pip freeze --exclude-editable > requirements.lock
	rm -rf var/lock-venv

bench: $(STAMP) messages
	$(PY) -m bench

# Refresh the project's copy of the spec facts from ../shared/spec (see tests/channels_api/data).
spec-data: $(STAMP)
	$(PY) tools/extract_spec.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
