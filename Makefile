# The course's commands. Each creates the environment (.venv) it needs on first use.
#   make lab    open the course in JupyterLab
#   make test   run every test: lint, unit tests, every notebook top to bottom
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test env bench clean

env: $(STAMP)

# Reinstall whenever the requirements or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env tests notebooks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
