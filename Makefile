# LifeCircle — every target installs what it needs itself (idempotently) on Debian 12.
SHELL := /bin/bash
ROOT := $(CURDIR)
PY := $(ROOT)/.venv/bin/python
export QT_QPA_PLATFORM := offscreen
export PROJ_DATA := /usr/share/proj
export QGIS_CUSTOM_CONFIG_PATH := $(ROOT)/build/qgis-profile
export QGIS_PLUGINPATH := $(ROOT)/build
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: deps deps-tests test test-here test-340 test-core demo bench package sample translations lint clean

deps:
	@bash scripts/bootstrap.sh

deps-tests:
	@bash scripts/bootstrap.sh --for-tests

# the whole suite on this machine's QGIS (Debian 12: 3.22 LTR) and on QGIS 3.40 LTR in a cached chroot
# (scripts/qgis_chroot.sh); both run even when the first fails, and either failing fails the target
test:
	@rc=0; $(MAKE) --no-print-directory test-here || rc=1; \
	  $(MAKE) --no-print-directory test-340 || rc=1; exit $$rc

# the suite on the QGIS of the machine (or chroot) it runs on
test-here: deps-tests translations
	@$(PY) -c "from qgis.core import Qgis; print('QGIS', Qgis.version())"
	$(PY) -m pytest -q -ra $(PYTEST_ARGS)

# the suite on QGIS 3.40 LTR (bookworm-backports) in a chroot built once per machine
test-340:
	bash scripts/qgis_chroot.sh test $(PYTEST_ARGS)

# core only: no QGIS needed (a quick loop while working on domain logic)
test-core: deps
	$(PY) -m pytest -q tests/core $(PYTEST_ARGS)

demo: deps translations
	$(PY) scripts/demo.py --out $(ROOT)/outputs

bench: deps
	$(PY) scripts/bench.py $(BENCH_ARGS)

sample: deps
	$(PY) scripts/make_sample_district.py --out resources/sample

translations: deps
	@for ts in i18n/*.ts; do [ -e "$$ts" ] || continue; qm=$${ts%.ts}.qm; \
	  if [ ! -e "$$qm" ] || [ "$$ts" -nt "$$qm" ]; then lrelease -silent "$$ts" -qm "$$qm"; fi; done

update-ts: deps
	$(PY) scripts/i18n.py update

package: deps translations
	bash scripts/package.sh

lint:
	$(PY) -m ruff check . || true

clean:
	rm -rf build/qgis-profile outputs dist .pytest_cache
