# The two commands of the README: `make run` and `make test`. Both set everything up first.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.encore-installed

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml .ci/install-system
	bash .ci/install-system
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

test: $(STAMP)
	$(PY) -m ruff check .
	bash .ci/with-sound $(PY) -m pytest -q  # a null sink when there is no sound card: playback is tested too

bench: $(STAMP)
	bash .ci/with-sound $(PY) -m bench

clean:
	rm -rf $(VENV) build *.egg-info
