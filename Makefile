# knlite — the two set-up commands are `make run` and `make test` (see README.md).
# Every install step lives here: a fresh machine has only Python 3.11, kubectl and curl.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KNLITE_ARGS ?=

.PHONY: run test lint bench venv system-deps clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# Debian packages the tests and benchmarks drive for real (installed only when missing).
SYSTEM_BINS := hey:hey wrk:wrk nginx:nginx-light nats-server:nats-server rabbitmq-server:rabbitmq-server
system-deps:
	@missing=""; for pair in $(SYSTEM_BINS); do bin=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$bin >/dev/null 2>&1 || [ -x /usr/sbin/$$bin ] || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

run: $(STAMP)
	$(VENV)/bin/knlite up --apply examples/hello.yaml $(KNLITE_ARGS)

test: $(STAMP) system-deps
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check knlite tests bench
	$(VENV)/bin/mypy knlite

bench: $(STAMP) system-deps
	$(PY) bench/api.py
	$(PY) bench/gateway.py
	$(PY) bench/coldstart.py
	$(PY) bench/autoscaler.py
	$(PY) bench/eventing.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
