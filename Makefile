# Two entry points for a fresh machine (see README):
#   make run    install into .venv, then code the sample study and export its theme table
#   make test   install into .venv, then run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
PROJECT ?= projects/friendtor.sqlite

.PHONY: install run test benchmark clean

install: $(VENV)/.installed

# torch comes first, pinned to the CPU wheel: anything unpinned pulls gigabytes of CUDA.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: install
	$(VENV)/bin/coding run transcripts --codebook codebooks/friendtor.yaml --project $(PROJECT)
	$(VENV)/bin/coding export --project $(PROJECT) --out projects/export --include-suggestions

test: install
	$(PY) -m pytest

benchmark: install
	$(PY) benchmarks/pipeline_speed.py
	$(PY) benchmarks/threshold.py ../shared/data

clean:
	rm -rf $(VENV) projects
