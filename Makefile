# Switchboard: `make demo` runs the portal, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format golden messages screenshots browser axe clean

demo: $(STAMP)
	$(BIN)/python -m demo

test: $(STAMP) browser axe
	$(BIN)/python -m pytest -n 2 --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The reviewed snapshot of every object definition: write it anew after a reviewed change.
golden: $(STAMP)
	$(BIN)/python manage.py definitions --json > tests/definitions/definitions.golden.json

# The French and Dutch catalogues: gather the strings anew, then translate what is new in
# locale/*/LC_MESSAGES/django.po and run `make messages` again to compile them (both are committed).
MESSAGE_SOURCES := --ignore=.venv --ignore=sandbox --ignore=tests --ignore=node_modules \
	--ignore=bench --ignore=demo --ignore=scripts --ignore=var --no-obsolete

messages: $(STAMP) browser
	$(BIN)/python manage.py makemessages -l fr -l nl $(MESSAGE_SOURCES)
	$(BIN)/python manage.py compilemessages -l fr -l nl --ignore=.venv --ignore=node_modules

# The main pages of each role, light and dark, phone and desktop, into var/screenshots/.
screenshots: $(STAMP) browser
	$(BIN)/python scripts/screenshots.py

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[demo,dev]"
	touch $(STAMP)

# Browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
browser:
	@bash scripts/ensure-system-packages.sh

# axe-core, from the npm registry at the version package-lock.json pins: the browser tests inject
# it into each page to check its accessibility. Installed again only when the lock is newer.
AXE_STAMP := node_modules/.installed

axe: $(AXE_STAMP)

$(AXE_STAMP): package-lock.json | browser
	npm ci --no-audit --no-fund
	touch $(AXE_STAMP)

clean:
	rm -rf $(VENV) var staticfiles node_modules
