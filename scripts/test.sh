#!/usr/bin/env bash
# The whole suite: lint, migrations check, tests on SpatiaLite, then on PostGIS
# where PostgreSQL is reachable. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.test
postgis_url=${TEST_POSTGIS_URL:-postgis://postgres@127.0.0.1:5432/incident_map}

.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The page scripts, with the Biome pinned in package-lock.json (static/vendor is not ours).
if [ ! -x node_modules/.bin/biome ]; then
  echo "node_modules/.bin/biome is missing: run scripts/bootstrap.sh test first." >&2
  exit 1
fi
node_modules/.bin/biome ci static/js
env -u DATABASE_URL .venv/bin/python manage.py makemigrations --check --dry-run

echo "== Tests on SpatiaLite"
env -u DATABASE_URL .venv/bin/pytest "$@"

if DATABASE_URL=$postgis_url .venv/bin/python - <<'PY'
import sys
import dj_database_url
import psycopg

config = dj_database_url.parse(__import__("os").environ["DATABASE_URL"])
try:
    psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
        password=config["PASSWORD"] or None, dbname="postgres", connect_timeout=3,
    ).close()
except psycopg.OperationalError as exc:
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "== Tests on PostGIS ($postgis_url)"
  DATABASE_URL=$postgis_url .venv/bin/pytest "$@"
else
  echo "== PostGIS tests SKIPPED: PostgreSQL is not reachable at $postgis_url"
fi
