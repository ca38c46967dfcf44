# TagMedX: `make run` serves the app, `make test` checks everything. Both install what they need.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.NOTPARALLEL:

ROOT := $(CURDIR)
BACKEND := $(ROOT)/backend
FRONTEND := $(ROOT)/frontend
VENV := $(BACKEND)/.venv
PY := $(VENV)/bin/python
# Two installs in one venv: the server's own dependencies (`make run`) and those plus the dev extras
# (`make test`, lint, bench). A dev install also satisfies the runtime one, never the other way round.
RUNTIME_STAMP := $(VENV)/.tagmedx-runtime-installed
VENV_STAMP := $(VENV)/.tagmedx-installed
NPM_STAMP := $(FRONTEND)/node_modules/.tagmedx-installed
BUILD_STAMP := $(FRONTEND)/node_modules/.tagmedx-built

HAS_FRONTEND := $(wildcard $(FRONTEND)/package.json)
HAS_E2E := $(wildcard $(FRONTEND)/e2e)
# Everything the SPA build reads: a change to any of these rebuilds it.
FRONTEND_SOURCES = $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
	$(wildcard $(FRONTEND)/index.html $(FRONTEND)/vite.config.* $(FRONTEND)/tsconfig*.json $(FRONTEND)/package.json)

# Extra pytest arguments, e.g. `make test-backend PYTEST_ARGS="tests/auth -x"`.
PYTEST_ARGS ?= --durations=10
TAGMEDX_TEST_MYSQL_URL ?= mysql+asyncmy://root@127.0.0.1:3306
export TAGMEDX_TEST_MYSQL_URL

.PHONY: run runtime migrate serve test test-backend test-frontend test-e2e lint lint-backend lint-frontend fmt \
	schema install frontend clean help fuzz bench soak check-prerequisites check-browser

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# --- installing (each step reruns only when its inputs changed) --------------------------------------

$(PY):
	@python=""; \
	for candidate in python3.11 python3.12 python3.13 python3.14 python3 python; do \
		if command -v $$candidate >/dev/null 2>&1 && \
			$$candidate -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
			python=$$(command -v $$candidate); break; \
		fi; \
	done; \
	if [ -z "$$python" ]; then \
		echo "error: TagMedX needs Python 3.11 or newer on PATH (tried python3.11 ... python3, python)." >&2; \
		exit 1; \
	fi; \
	echo "==> creating backend/.venv with $$python ($$($$python --version))"; \
	$$python -m venv $(VENV) || { \
		echo "error: '$$python -m venv' failed; on Debian/Ubuntu install python3-venv." >&2; \
		rm -rf $(VENV); exit 1; }; \
	$(PY) -m pip install --quiet --upgrade pip

# Runtime: the server, its DICOM decoders and OCR bindings (backend/pyproject.toml `dependencies`);
# nothing to do after a dev install of the same pyproject.toml.
$(RUNTIME_STAMP): $(BACKEND)/pyproject.toml | $(PY)
	@if [ ! $(VENV_STAMP) -nt $(BACKEND)/pyproject.toml ]; then \
		echo "==> installing the backend's runtime dependencies (first run, or backend/pyproject.toml changed)..."; \
		$(PY) -m pip install --quiet -e '$(BACKEND)'; \
	fi
	@touch $@

# Dev: runtime plus the `dev` extras (test tools, the independent readers of our exports, profilers).
$(VENV_STAMP): $(BACKEND)/pyproject.toml | $(PY)
	@echo "==> installing the backend with its dev extras (first time, or backend/pyproject.toml changed)..."
	@$(PY) -m pip install --quiet -e '$(BACKEND)[dev]'
	@touch $@ $(RUNTIME_STAMP)

# The build needs the dev dependencies (vite, its plugins); a warm npm cache is used before the network.
$(NPM_STAMP): $(FRONTEND)/package-lock.json $(FRONTEND)/package.json
	@echo "==> installing the web app's packages (npm ci; first run, or package-lock.json changed)..."
	@cd $(FRONTEND) && npm ci --prefer-offline --no-audit --no-fund --loglevel=error
	@touch $@

# `vite build` only: type-checking is `make lint`'s (tsc), the bundle does not need it.
$(BUILD_STAMP): $(NPM_STAMP) $(FRONTEND_SOURCES)
	@echo "==> building the web app into frontend/dist (its sources changed)..."
	@cd $(FRONTEND) && node_modules/.bin/vite build --logLevel warn
	@touch $@

install: $(VENV_STAMP) $(if $(HAS_FRONTEND),$(NPM_STAMP)) ## create the venv (with dev extras) and node_modules

# (`@:`: nothing to say when there is nothing to do.)
runtime: $(RUNTIME_STAMP)
	@:

frontend: $(if $(HAS_FRONTEND),$(BUILD_STAMP)) ## build the SPA into frontend/dist when its sources changed
	@:

# --- running -----------------------------------------------------------------------------------------
# The data folder is <repo>/data unless TAGMEDX_DATA_DIR says otherwise; the demo is on unless set.
RUN_ENV = TAGMEDX_DATA_DIR="$${TAGMEDX_DATA_DIR:-$(ROOT)/data}" TAGMEDX_DEMO="$${TAGMEDX_DEMO:-1}" \
	$(if $(HAS_FRONTEND),TAGMEDX_FRONTEND_DIST="$${TAGMEDX_FRONTEND_DIST:-$(FRONTEND)/dist}")

# The backend's install and the web app's build need nothing of each other: a first run does them side
# by side, each in its own make (a later run finds both done and starts in seconds). A background job
# ignores Ctrl-C, so the trap stops it (make passes the TERM on to pip).
run: ## install (runtime only), build, migrate, then serve on TAGMEDX_HOST:TAGMEDX_PORT
	@$(MAKE) --no-print-directory runtime & backend=$$!; \
	trap 'kill $$backend 2>/dev/null' INT TERM; \
	built=0; $(MAKE) --no-print-directory frontend || built=$$?; \
	wait $$backend; exit $$built
	@$(MAKE) --no-print-directory migrate serve

migrate: $(RUNTIME_STAMP) ## upgrade the database (SQLite in ./data unless TAGMEDX_DATABASE_URL is set)
	@echo "==> migrating the database..."
	@cd $(BACKEND) && $(RUN_ENV) $(PY) -m tagmedx migrate

serve: $(RUNTIME_STAMP)
	@echo "==> TagMedX on http://$${TAGMEDX_HOST:-127.0.0.1}:$${TAGMEDX_PORT:-8000}  (API docs: /api/docs)"
	@cd $(BACKEND) && $(RUN_ENV) exec $(PY) -m tagmedx serve

schema: $(RUNTIME_STAMP) ## regenerate DB/schema.sql from the migrations
	cd $(BACKEND) && $(PY) -m tagmedx schema-sql > $(ROOT)/DB/schema.sql

# Benchmark (issue 5): the real server on a fresh database, workloads W0-W5, docs/PERFORMANCE.md.
# BENCH_DB=mysql uses a scratch database on TAGMEDX_TEST_MYSQL_URL; TAGMEDX_WORKERS sets the server's processes.
bench: $(VENV_STAMP) frontend ## benchmark W0-W5 (BENCH_DB=sqlite|mysql) and write docs/PERFORMANCE.md
	cd $(BACKEND) && BENCH_DB="$${BENCH_DB:-sqlite}" $(PY) -m bench

# Soak (issue 21): the default stack (SQLite, TAGMEDX_WORKERS or 1 worker, OCR at its default) on a fresh
# data folder, 16 annotators for SOAK_MINUTES; a run of 30 minutes or more rewrites its docs section.
soak: $(VENV_STAMP) ## 16 annotators for SOAK_MINUTES (30): memory, files, p99 a minute; docs/RELIABILITY.md
	cd $(BACKEND) && SOAK_MINUTES="$${SOAK_MINUTES:-30}" $(PY) -m bench.soak

# --- checking ----------------------------------------------------------------------------------------

test: check-prerequisites lint test-backend test-frontend $(if $(HAS_E2E),test-e2e) ## lint, then every test tier

# Before anything runs: Chromium and the independent readers the tests use (installed when running as
# root on Debian/Ubuntu, as .ci/run does; otherwise a stop with the one command that installs them).
PREREQUISITES := $(ROOT)/scripts/check-prerequisites.sh
check-prerequisites: ## the programs `make test` needs beyond Python and Node
	@$(SHELL) $(PREREQUISITES) all >/dev/null

check-browser:
	@$(SHELL) $(PREREQUISITES) browser >/dev/null

lint: lint-backend $(if $(HAS_FRONTEND),lint-frontend) ## ruff, mypy, eslint, prettier, tsc

lint-backend: $(VENV_STAMP)
	cd $(BACKEND) && .venv/bin/ruff check tagmedx tests bench
	cd $(BACKEND) && .venv/bin/ruff format --check tagmedx tests bench
	cd $(BACKEND) && .venv/bin/mypy tagmedx
	cd $(BACKEND) && .venv/bin/lint-imports

lint-frontend: $(NPM_STAMP) $(VENV_STAMP)
	cd $(FRONTEND) && npm run lint
	cd $(FRONTEND) && npm run format:check
	cd $(FRONTEND) && npm run typecheck
	cd $(FRONTEND) && npm run check:api

# Both database tiers run even when the first fails, so one run shows every failure.
# The two tiers run side by side (a core each, half the wall time), each in its own temporary folder;
# their outputs are printed one after the other once both have ended.
test-backend: $(VENV_STAMP) ## pytest on SQLite and on MySQL/MariaDB (TAGMEDX_TEST_MYSQL_URL), side by side
	@status=0; logs=$$(mktemp -d); \
	trap 'rm -rf "$$logs"' EXIT; \
	echo "backend tests on SQLite and on MySQL/MariaDB ($$TAGMEDX_TEST_MYSQL_URL), side by side..."; \
	for tier in sqlite mysql; do \
		(cd $(BACKEND) && TAGMEDX_TEST_DATABASE=$$tier .venv/bin/pytest -p no:cacheprovider \
			--basetemp="$$logs/tmp-$$tier" $(PYTEST_ARGS) >"$$logs/$$tier.log" 2>&1; \
			echo $$? >"$$logs/$$tier.status") & \
	done; \
	wait; \
	for tier in sqlite mysql; do \
		echo "=== backend tests on $$tier ==="; cat "$$logs/$$tier.log"; \
		[ "$$(cat "$$logs/$$tier.status")" = 0 ] || status=1; \
	done; \
	exit $$status

test-frontend: $(if $(HAS_FRONTEND),$(NPM_STAMP)) ## vitest
ifneq ($(HAS_FRONTEND),)
	cd $(FRONTEND) && npm test
endif

# Browser tests (Playwright in the system's Chromium, the one on PATH unless CHROMIUM_PATH says otherwise)
# against the real backend; part of `make test` once frontend/e2e exists.
test-e2e: check-browser $(VENV_STAMP) $(BUILD_STAMP)
	cd $(FRONTEND) && CHROMIUM_PATH="$$($(SHELL) $(PREREQUISITES) browser)" npm run test:e2e

# `schemathesis run --checks all` against the real server (tests/security/test_fuzz.py, configured by
# tests/security/schemathesis.toml), long: every phase, stateful sequences of calls included, and
# FUZZ_EXAMPLES examples an operation; any failure fails it. `make test` runs the same test short.
# FUZZ_SEED=random explores new inputs (the run prints its seed); TAGMEDX_TEST_DATABASE=mysql fuzzes MariaDB.
FUZZ_EXAMPLES ?= 25
FUZZ_SEED ?= 1
fuzz: $(VENV_STAMP) ## schemathesis --checks all against the real server, long (make test runs a short one)
	cd $(BACKEND) && TAGMEDX_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) TAGMEDX_FUZZ_SEED=$(FUZZ_SEED) \
		TAGMEDX_FUZZ_PHASES=examples,coverage,fuzzing,stateful \
		.venv/bin/pytest tests/security/test_fuzz.py -p no:cacheprovider -s

fmt: $(VENV_STAMP) $(if $(HAS_FRONTEND),$(NPM_STAMP)) ## format and autofix everything
	cd $(BACKEND) && .venv/bin/ruff check --fix tagmedx tests bench
	cd $(BACKEND) && .venv/bin/ruff format tagmedx tests bench
ifneq ($(HAS_FRONTEND),)
	cd $(FRONTEND) && npm run format
endif

clean: ## remove the venv, node_modules, the built SPA and caches (never ./data)
	rm -rf $(VENV) $(FRONTEND)/node_modules $(FRONTEND)/dist
	find $(BACKEND) -depth \( -name __pycache__ -o -name .pytest_cache -o -name .mypy_cache \
		-o -name .ruff_cache -o -name '*.egg-info' \) -prune -exec rm -rf {} +
