# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi:app

.PHONY: run test install translations translations-update clean totp

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalls only when pyproject.toml changes.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -f -d translations >/dev/null 2>&1

translations-update: $(VENV)/.installed
	$(BIN)/flask portal translations update

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask portal demo --if-empty
	$(BIN)/flask portal demo-logins
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/ruff check portal tests
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) instance/*.sqlite3

# The current two-factor code of a demo account: make totp EMAIL=conseillere@mission.example
totp: $(VENV)/.installed
	$(BIN)/flask portal totp $(EMAIL)
