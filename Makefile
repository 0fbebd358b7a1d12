# Two entry points for a fresh machine (see README):
#   make run    install into .venv, load the sample study, open the review app on it
#   make test   install into .venv (and Debian chromium for the browser test, PostgreSQL
#               for the store's second engine), run the tests
# Also: make pipeline (the command-line job on transcripts/), make benchmark.
VENV ?= .venv
PY := $(VENV)/bin/python
PROJECT ?= projects/friendtor.sqlite

.PHONY: install run pipeline browser postgres test benchmark clean
SAMPLE = $$($(PY) -c "from coding.paths import projects_folder; print(projects_folder())")/sample study.sqlite

install: $(VENV)/.installed

# torch comes first, pinned to the CPU wheel: anything unpinned pulls gigabytes of CUDA.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test]"
	# Export the bundled model for ONNX Runtime now (from its verified weights, offline),
	# so that the first run does not wait for it.
	$(PY) -c "from coding.embed import load_model; load_model()"
	touch $@

run: install
	$(VENV)/bin/coding run transcripts --codebook codebooks/friendtor.yaml --project "$(SAMPLE)" --quiet \
	  --participants transcripts/participants.csv
	@echo "Open http://localhost:8501/?project=sample+study in your browser (Ctrl+C stops the app)."
	$(VENV)/bin/streamlit run app.py

pipeline: install
	$(VENV)/bin/coding run transcripts --codebook codebooks/friendtor.yaml --project $(PROJECT) \
	  --participants transcripts/participants.csv
	@# Nothing is reviewed yet: every file name and sheet says "(unreviewed suggestions)".
	$(VENV)/bin/coding export --project $(PROJECT) --out projects/export --include-suggestions

# The browser test drives Debian's chromium through playwright (no browser download).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium) \
	  || (echo "Install chromium first: sudo apt-get install chromium" && exit 1)

# The store's tests run on SQLite and on a real PostgreSQL server, which the tests start
# themselves from Debian's binaries (tests/postgres_server.py).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && \
	  apt-get install -y -qq postgresql) \
	  || (echo "Install PostgreSQL first: sudo apt-get install postgresql" && exit 1)

test: install browser postgres
	$(PY) -m pytest

benchmark: install
	$(PY) benchmarks/pipeline_speed.py
	$(PY) benchmarks/threshold.py ../shared/data
	$(PY) benchmarks/review_click.py
	$(PY) benchmarks/import_speed.py
	$(PY) benchmarks/agreement_speed.py
	$(PY) benchmarks/agreement_mlss.py ../shared/data
	$(PY) benchmarks/learning_speed.py
	$(PY) benchmarks/themes_speed.py
	$(PY) benchmarks/themes_quality.py ../shared/data/coded
	$(PY) benchmarks/coding_quality.py ../shared/data

clean:
	rm -rf $(VENV) projects
