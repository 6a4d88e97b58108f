# The course's commands. Each creates the environment (.venv) it needs on first use.
#   make lab    open the course in JupyterLab
#   make test   run every test: lint, types, unit tests, every notebook top to bottom, the browser
#               tests (when Chromium is installed), slides, pages and exercises end to end
#   make slides reveal.js decks of every notebook in build/slides/, working offline
#   make html   the executed series as static pages in build/html/ (index.html first)
#   make bench  the speed table of bench/README.md (course MLP vs scikit-learn, notebook times)
# slides and html fetch reveal.js and MathJax once from the npm registry into build/vendor/.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test env bench clean slides html

env: $(STAMP)

# Reinstall whenever the requirements or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

# Two test workers, one BLAS thread each: two cores, no threads fighting over them.
# mypy checks the types of the reference modules (pyproject.toml says which).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env tests notebooks

slides: $(STAMP)
	$(BIN)/python tools/course_pages.py slides

html: $(STAMP)
	$(BIN)/python tools/course_pages.py html

bench: $(STAMP)
	$(BIN)/python bench/benchmark.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis build test-artifacts
