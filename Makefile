.PHONY: run test lint format bootstrap

# Install what is missing, set up the database and gazetteer, serve on :8000.
run:
	scripts/bootstrap.sh run
	scripts/run.sh

# Install the same plus what tests need; run the suite on SpatiaLite and PostGIS.
test:
	scripts/bootstrap.sh test
	scripts/test.sh $(PYTEST_ARGS)

# Biome is pinned in package-lock.json; `scripts/bootstrap.sh test` installs it.
lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	node_modules/.bin/biome ci static/js

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
	node_modules/.bin/biome check --write static/js
