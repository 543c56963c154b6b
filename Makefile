# Waystation developer commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PACKAGE_STAMP := $(VENV)/.installed-package
VAULT_ARG := $(if $(VAULT),--vault $(VAULT),)

.PHONY: run test faults lint format catalogs bench package package-check clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	$(PY) -m app.fonts build
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	$(PY) -m app.fonts build
	touch $@ $(STAMP)

run: $(STAMP)
	$(VENV)/bin/waystation $(VAULT_ARG)

test: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q

# The vault's fault-injection sweep alone, with its counts, at every write (needs strace; `make test`
# runs it too, with long runs of writes to one file sampled at their ends and middle).
faults: $(TEST_STAMP)
	WAYSTATION_FAULT_EVERY_WRITE=1 $(PY) -m pytest -q -s tests/storage/test_fault_sweep.py

lint: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(TEST_STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

catalogs: $(STAMP)
	$(PY) -m app.i18n.catalog_tools update

bench: $(TEST_STAMP)
	$(PY) bench/run.py
	$(PY) bench/sync_bench.py

$(PACKAGE_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[package]"
	touch $@

# The one-folder bundle in dist/waystation (see docs/packaging.md).
package: $(STAMP) $(PACKAGE_STAMP)
	$(PY) -m app.fonts build
	$(PY) -m app.i18n.catalog_tools compile
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build packaging/pyinstaller/waystation.spec

package-check: package
	$(PY) packaging/smoke_test.py dist/waystation

clean:
	rm -rf build dist .pytest_cache
	find locales -name '*.mo' -delete
