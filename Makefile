# make demo:  set up, score the shipped example, write its reports, build the site.
# make check: the fast loop while working: lint, types and every test but the slow and the
#             browser ones (under 2 minutes on a quiet 2-core machine). Run it before each commit.
# make test:  the whole suite, as CI runs it: lint, types and every test, slow and browser ones
#             included (set up Chromium if missing; under 6 minutes on a quiet 2-core machine once
#             set up, about 6 and a half on a fresh clone).
# make test BROWSER=0: the same without the browser tests and the LibreOffice one (no Chromium,
#             no LibreOffice, no root needed).
# make lint:  ruff, ruff format --check and mypy strict over src, tests and bench, nothing else.
# make explore: the property tests only, with random examples and ten times more of them.
# make bench: every benchmark, one table of ratios; WRITE=1 records it in bench/RESULTS.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    := out
EXAMPLE := questionnaires/examples/arcadia-2026.yaml
BROWSER ?= 1
CHROMIUM := /usr/bin/chromium
# axe-core, for the accessibility tests: from the npm registry into .cache/node, never a CDN
AXE_VERSION := 4.14.1
AXE := .cache/node/node_modules/axe-core/axe.min.js

export NO_MKDOCS_2_WARNING := 1
# Compiled bytecode is kept, but outside the source tree: without it every test worker and
# every gapcheck process the tests start compiles gapcheck and the tests again (pytest's
# collection alone costs three times the CPU).
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/.cache/pycache

.PHONY: demo check test lint explore bench schemas chromium axe office clean

# --no-compile: pip would compile every module of every dependency (scipy, ortools, mypy...)
# up front; what is imported is compiled on first use into .cache/pycache instead.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --no-compile -e '.[test]'
	@touch $(STAMP)

# Browser tests need a real Chromium at $(CHROMIUM). Where it is missing, install Debian's:
# that needs root and apt-get; without them, say how to go on rather than fail half way.
# --no-install-recommends: the browser alone, not the printing and network-discovery
# services (cups, avahi) it recommends.
chromium:
ifeq ($(BROWSER),0)
	@echo "BROWSER=0: the browser tests are skipped, no Chromium needed."
else
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	    echo "The browser tests need Chromium at $(CHROMIUM), and installing it needs root on Debian."; \
	    echo "Either:  sudo make test"; \
	    echo "    or:  sudo apt-get install --no-install-recommends chromium   (then make test)"; \
	    echo "    or:  make test BROWSER=0   (everything but the browser tests)"; \
	    exit 1; \
	  fi; \
	  echo "Installing Chromium for the browser tests (apt-get, --no-install-recommends)..."; \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }
	@# Arabic and Chinese pages of the site are drawn with these fonts (no tofu in screenshots).
	@dpkg -s fonts-noto-core fonts-noto-cjk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	    echo "The Arabic and Chinese pages need fonts-noto-core and fonts-noto-cjk: sudo apt-get install fonts-noto-core fonts-noto-cjk"; \
	    exit 1; \
	  fi; \
	  echo "Installing fonts for the Arabic and Chinese pages (apt-get)..."; \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-core fonts-noto-cjk >/dev/null; }
endif

# A test opens the questionnaire workbooks in LibreOffice Calc, as an official would
# (tests/test_workbook_languages.py): Debian's, headless, installed where it is missing.
office:
ifeq ($(BROWSER),0)
	@echo "BROWSER=0: the LibreOffice test is skipped, no LibreOffice needed."
else
	@dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	    echo "A test opens the workbooks in LibreOffice Calc: sudo apt-get install --no-install-recommends libreoffice-calc-nogui"; \
	    exit 1; \
	  fi; \
	  echo "Installing LibreOffice Calc for the workbook test (apt-get, --no-install-recommends)..."; \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }
endif

# The accessibility tests run axe-core inside Chromium; npm fetches it once.
axe:
ifeq ($(BROWSER),0)
	@echo "BROWSER=0: the accessibility tests are skipped, no axe-core needed."
else
	@test -f $(AXE) || { \
	  command -v npm >/dev/null 2>&1 || { echo "The accessibility tests need npm (Node.js) to fetch axe-core; or run make test BROWSER=0."; exit 1; }; \
	  npm install --prefix .cache/node --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION); }
endif

schemas: $(STAMP)
	@mkdir -p .schemas
	@for kind in practice catalogue practice-translation catalogue-translation migration questionnaire offers requests; do \
	  $(BIN)/gapcheck schema $$kind -o .schemas/$$kind.json 2>/dev/null; done

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src tests bench

# -m "not slow and not browser": the costly tests (thousands of hostile files, real processes
# under memory limits, the wheel install, headless Chromium) are left to make test.
# --hypothesis-profile=check: the ci examples, a quarter as many (make test draws them all).
check: lint
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -m "not slow and not browser" --dist worksteal --hypothesis-profile=check

# --durations=25: CI's log says where the time goes (tests/conftest.py LONGEST starts those first).
test: lint chromium axe office
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider $(if $(filter 0,$(BROWSER)),-m "not browser and not office") --dist worksteal --durations=25 --hypothesis-profile=ci

# make explore: the property tests only, with random examples and many more of them.
explore: $(STAMP)
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider --hypothesis-profile=explore -m hypothesis

demo: $(STAMP) schemas
	$(BIN)/gapcheck validate
	$(BIN)/gapcheck validate $(EXAMPLE)
	@mkdir -p $(OUT)
	@# --force: a blank questionnaire never replaces a file unasked, but this one is the demo's own
	$(BIN)/gapcheck questionnaire new --state "Your State" -o $(OUT)/blank-questionnaire.yaml --force
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
	@echo "                                    (Norland's are shared with providers only, as its"
	@echo "                                    questionnaire asks: a reference, no name)"
	@echo "  $(OUT)/site/index.html            the guidance site (gapcheck site serve to browse it)"
	@echo "  $(OUT)/site-offline/index.html    the same, to open from a folder or USB stick"

# make bench: every benchmark, one table of ratios; make bench WRITE=1 also keeps it in
# bench/RESULTS.md (with the date, machine and Python version of the run).
bench: $(STAMP) chromium
	$(BIN)/python bench/run.py $(if $(WRITE),--write bench/RESULTS.md)

clean:
	rm -rf $(OUT) site .schemas .pytest_cache .hypothesis .cache/pycache
