# Switchboard: `make demo` runs the portal, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format golden browser clean

demo: $(STAMP)
	$(BIN)/python -m demo

test: $(STAMP) browser
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The reviewed snapshot of every object definition: write it anew after a reviewed change.
golden: $(STAMP)
	$(BIN)/python manage.py definitions --json > tests/definitions/definitions.golden.json

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[demo,dev]"
	touch $(STAMP)

# Browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
browser:
	@bash scripts/ensure-system-packages.sh

clean:
	rm -rf $(VENV) var staticfiles
