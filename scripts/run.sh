#!/usr/bin/env bash
# Migrate, load the gazetteer, make sure there is an admin user, and serve.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
mkdir -p var
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py load_geodata
.venv/bin/python manage.py ensure_admin
echo "Serving at http://127.0.0.1:8000/admin/"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
