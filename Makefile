# Fuwu: `make run` serves the system with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?= -n 2

.PHONY: run test lint bench clean setup logins

$(BIN)/python:
	python3 -m venv $(VENV)

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

setup: $(STAMP)

run: setup
	$(BIN)/fuwu migrate --noinput
	$(BIN)/fuwu demo
	@$(MAKE) --no-print-directory logins
	DEBUG=$${DEBUG:-1} $(BIN)/fuwu serve

logins:
	@echo ""
	@echo "Demo logins (password for all: fuwu-demo)"
	@echo "  admin        系统管理员 (superuser, /admin/)"
	@echo "  gm           总经理"
	@echo "  supervisor1  部门主管 (锦绣花园小区)   supervisor2  部门主管 (滨江装饰门店)"
	@echo "  dispatcher   客服/调度                 tech1 … tech8  维修工"
	@echo "  visitor1     回访员                    cm1 … cm3      客户经理"
	@echo "  hr, finance  人事/财务                 guard1 … guard4  值班/保安"
	@echo "  staff1 … staff6  员工"
	@echo ""

test: setup
	mkdir -p test-artifacts
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy fuwu tests benchmarks

# Every benchmarks/bench_*.py runs on its own; a failing one fails the target.
bench: setup
	@set -e; found=0; for f in benchmarks/bench_*.py; do \
	  [ -e "$$f" ] || continue; found=1; echo "== $$f"; $(BIN)/python "$$f"; done; \
	  [ $$found = 1 ] || echo "no benchmarks/bench_*.py yet"

clean:
	rm -rf $(VENV) var test-artifacts build *.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
