# Quick start:  make run   (set up, then serve the pages)   |   make test   (set up, then run every test)
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test lint bench browser clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "needs Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[app,test]' -c constraints.txt  # the linter, the app's extra, tests; pinned
	$(PY) -m compileall -q linter webapp  # the editable install leaves the project's own modules uncompiled
	touch $@

run: setup
	$(VENV)/bin/streamlit run streamlit_app.py

# Debian's Chromium and its driver, for the real-browser tests (installed only when missing; needs root).
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "browser tests need: sudo apt-get install chromium chromium-driver"; fi; fi

test: setup browser
	$(PY) -m pytest

lint: setup
	$(PY) -m linter explainers/

bench: setup
	$(PY) ../shared/bench/claims_bench.py ../shared/bench/claims-dev.yaml --python $(PY)

clean:
	rm -rf $(VENV)
