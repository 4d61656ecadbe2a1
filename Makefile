# Quick start:  make run   (set up, then serve the patient site)   |   make test   (set up, then run every test)
#               make write (the writers' workspace: needs writer_password in .streamlit/secrets.toml)
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run write test lint bench browser clean

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

test: setup browser
	$(PY) -m pytest

lint: setup
	$(PY) -m linter explainers/

bench: setup
	$(PY) ../shared/bench/claims_bench.py ../shared/bench/claims-dev.yaml --python $(PY)

clean:
	rm -rf $(VENV)
