# The two commands: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CONFIG ?= examples/gateway.toml

.PHONY: run test venv lint typecheck bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

run: venv
	examples/run.sh $(VENV) $(CONFIG)

test: venv
	$(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check gateway policies quarantine tests bench
	$(VENV)/bin/mypy

bench: venv
	$(PY) bench/bench_engine.py
	$(PY) bench/bench_profanity.py
	$(PY) bench/bench_store.py
	$(PY) bench/bench_smtp.py

clean:
	rm -rf $(VENV) build *.egg-info
