# Two entry points: `make lab` (install, then open JupyterLab on the notebooks) and
# `make test` (install, then lint, type-check and run every test and notebook).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install lab test lint benchmark fuzz notebooks clean

$(BIN)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed-dev

lab: install
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks/01_tour_of_the_corpus.ipynb

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy policylib

test: lint
	$(BIN)/python -m pytest

benchmark: install
	$(BIN)/python benchmarks/scale.py --sizes 1000 10000
	$(BIN)/python benchmarks/hostile.py

# A longer soak of the property tests over hostile bytes, HTML and spreadsheet cells (minutes).
fuzz: install
	POLICYLIB_FUZZ_SCALE=50 $(BIN)/python -m pytest tests/test_hardening.py -k "any_bytes or safe or hostile"

# Re-run every notebook in place and drop the run's timestamps, so committed outputs are stable.
notebooks: install
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb
	$(BIN)/python tools/strip_notebook_metadata.py notebooks/*.ipynb

clean:
	rm -rf $(VENV) build dist *.egg-info
