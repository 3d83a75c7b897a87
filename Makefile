.PHONY: run test lint format bootstrap

# Install what is missing, set up the database and gazetteer, serve on :8000.
run:
	scripts/bootstrap.sh run
	scripts/run.sh

# Install the same plus what tests need; run the suite on SpatiaLite and PostGIS.
test:
	scripts/bootstrap.sh test
	scripts/test.sh $(PYTEST_ARGS)

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
