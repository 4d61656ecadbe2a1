# Quick start:  make run   (set up, then serve the patient site)   |   make test   (set up, then run every test)
#               make write (the writers' workspace: needs writer_password in .streamlit/secrets.toml)
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# The other end of the supported range (requires-python >= 3.11): the linter alone, without the app.
# python3.13 on PATH, else pyenv's (its shim alone may not run it); empty when there is none.
NEWEST_PYTHON ?= $(shell for p in python3.13 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3.13 2>/dev/null); do \
  $$p -c '' >/dev/null 2>&1 && { echo $$p; break; }; done)
NEWEST_VENV := .venv-newest
LINTER_TESTS = $(shell grep -L -E '^\s*(import|from) (streamlit|webapp|selenium|pandas)' tests/test_*.py)

.PHONY: setup run write test test-newest lint bench browser editor-tools clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "needs Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[app,test]' -c constraints.txt  # the linter, the app's extra, tests; pinned
	$(PY) -m compileall -q linter webapp  # the editable install leaves the project's own modules uncompiled
	touch $@

run: setup
	$(VENV)/bin/streamlit run serve.py

# The writers' workspace, on its own port; refuses to start without a password in Streamlit secrets.
write: setup
	$(PY) -m webapp.access .streamlit/secrets.toml $(HOME)/.streamlit/secrets.toml
	EXPLAINER_APP_MODE=writer $(VENV)/bin/streamlit run serve.py --server.port 8502

# Debian's Chromium and its driver, for the real-browser tests (installed only when missing; needs root).
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "browser tests need: sudo apt-get install chromium chromium-driver"; fi; fi
	@# axe-core, for the accessibility audit, from the npm registry (pinned in tests/e2e/package-lock.json)
	@if [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ]; then \
	  if command -v npm >/dev/null 2>&1; then cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error; \
	  else echo "the accessibility tests need npm (Node.js) to install axe-core"; fi; fi

# yaml-language-server, for the test that editors find the page schema (pinned in tests/editor/package-lock.json).
editor-tools:
	@if [ ! -x tests/editor/node_modules/.bin/yaml-language-server ]; then \
	  if command -v npm >/dev/null 2>&1; then cd tests/editor && npm ci --no-audit --no-fund --loglevel=error; \
	  else echo "the editor schema tests need npm (Node.js) to install yaml-language-server"; fi; fi

test: setup browser editor-tools
	$(PY) -m pytest
	$(MAKE) test-newest

# The linter's tests (not the app's) on the newest supported Python, in a venv of the linter alone: shows that the
# package and the language server work at both ends of the range. Skipped, saying so, where that Python is missing.
test-newest:
	@if [ -n "$(NEWEST_PYTHON)" ]; then \
	  $(MAKE) $(NEWEST_VENV)/.installed && $(NEWEST_VENV)/bin/python -m pytest -p no:cacheprovider $(LINTER_TESTS); \
	else echo "test-newest: no Python 3.13 found; the newest supported Python was not tested"; fi

$(NEWEST_VENV)/.installed: pyproject.toml constraints.txt
	$(NEWEST_PYTHON) -m venv $(NEWEST_VENV)
	$(NEWEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(NEWEST_VENV)/bin/python -m pip install --quiet -e '.[test]' -c constraints.txt
	touch $@

lint: setup
	$(PY) -m linter explainers/

bench: setup
	$(PY) ../shared/bench/claims_bench.py ../shared/bench/claims-dev.yaml --python $(PY)

clean:
	rm -rf $(VENV) $(NEWEST_VENV)
