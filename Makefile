# make demo: set up, score the shipped example, write its reports, build the site.
# make test: set up (Chromium included) and run the whole test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    := out
EXAMPLE := questionnaires/examples/arcadia-2026.yaml

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test lint bench schemas chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

# Browser tests need a real Chromium; install Debian's where it is missing (needs root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

schemas: $(STAMP)
	@mkdir -p .schemas
	@for kind in practice catalogue migration questionnaire offers requests; do \
	  $(BIN)/gapcheck schema $$kind -o .schemas/$$kind.json 2>/dev/null; done

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

test: $(STAMP) chromium
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

demo: $(STAMP) schemas
	$(BIN)/gapcheck validate
	$(BIN)/gapcheck validate $(EXAMPLE)
	@mkdir -p $(OUT)
	$(BIN)/gapcheck questionnaire new --state "Your State" -o $(OUT)/blank-questionnaire.yaml
	$(BIN)/gapcheck report $(EXAMPLE) --format md -o $(OUT)/arcadia-report.md
	$(BIN)/gapcheck report $(EXAMPLE) --format html -o $(OUT)/arcadia-report.html
	$(BIN)/gapcheck report $(EXAMPLE) --format json -o $(OUT)/arcadia-report.json
	$(BIN)/gapcheck compare $(EXAMPLE) questionnaires/examples/arcadia-2028.yaml --format html -o $(OUT)/arcadia-progress.html
	$(BIN)/gapcheck score questionnaires/examples/*.yaml
	$(BIN)/gapcheck request new $(EXAMPLE) -o $(OUT)/requests/arcadia.yaml --letter $(OUT)/arcadia-letter.md
	$(BIN)/gapcheck request new questionnaires/examples/estoria-2026.yaml -o $(OUT)/requests/estoria.yaml
	$(BIN)/gapcheck request new questionnaires/examples/norland-2026.yaml -o $(OUT)/requests/norland.yaml
	$(BIN)/gapcheck request share $(OUT)/requests/*.yaml -o $(OUT)/requests-shared-with-members.md
	$(BIN)/gapcheck match $(OUT)/requests/*.yaml offers/examples/*.yaml -o $(OUT)/matches
	$(BIN)/gapcheck site build -o $(OUT)/site
	$(BIN)/gapcheck site build --offline -o $(OUT)/site-offline
	@echo
	@echo "Done. Look at:"
	@echo "  $(OUT)/blank-questionnaire.yaml   a blank questionnaire to fill in"
	@echo "  $(OUT)/arcadia-report.html        the example's report (also .md and .json)"
	@echo "  $(OUT)/arcadia-progress.html      progress of the example State from 2026 to 2028"
	@echo "  $(OUT)/arcadia-letter.md          its cover letter asking for assistance ($(OUT)/requests/)"
	@echo "  $(OUT)/matches/matches.md         every example's requests matched to donors' offers"
	@echo "                                    (Norland's are confidential: a reference, no name)"
	@echo "  $(OUT)/site/index.html            the guidance site (gapcheck site serve to browse it)"
	@echo "  $(OUT)/site-offline/index.html    the same, to open from a folder or USB stick"

# make bench: every benchmark, one table of ratios; make bench WRITE=1 also keeps it in
# bench/RESULTS.md (with the date, machine and Python version of the run).
bench: $(STAMP) chromium
	$(BIN)/python bench/run.py $(if $(WRITE),--write bench/RESULTS.md)

clean:
	rm -rf $(OUT) site .schemas .pytest_cache .hypothesis
