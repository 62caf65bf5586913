# The two commands of the README: `make demo` and `make test`.
# Each does its own set-up (apt packages, .venv, pip install -e .[dev]) and is quick when already set up.
VENV  := .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.robosan-installed

.PHONY: demo test setup lint

$(STAMP): pyproject.toml tools/setup.sh
	bash tools/setup.sh
	@touch $(STAMP)

setup: $(STAMP)
	@bash tools/setup.sh --apt-only

demo: setup
	$(BIN)/robosan demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/mypy --platform win32
	$(BIN)/lint-imports --no-cache

test: lint
	$(BIN)/pytest -n 2 -q --durations=25
