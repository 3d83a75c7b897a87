#!/usr/bin/env bash
# Installs what the app needs and is missing: Debian packages (as root on Debian),
# the virtualenv in .venv/ and the pinned requirements. Safe to run again.
# Usage: scripts/bootstrap.sh run|test
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
# gettext: msgfmt, which compilemessages runs to build the Ukrainian catalogue.
run_packages="libgdal32 libsqlite3-mod-spatialite redis-server gettext"
# gdal-bin: ogr2ogr, the peer of bench/bench_export.py (and GDAL's own clients).
test_packages="$run_packages postgresql-15-postgis-3 chromium gdal-bin"
packages=${SYSTEM_PACKAGES:-$([ "$mode" = test ] && echo "$test_packages" || echo "$run_packages")}
requirements=$([ "$mode" = test ] && echo requirements-dev.txt || echo requirements.txt)
# Debian's interpreter: some other builds (pyenv's) cannot load SQLite extensions,
# and SpatiaLite is one.
python=${PYTHON:-/usr/bin/python3}
# npm (Biome, axe-core) for the tests: NodeSource's nodejs carries npm and conflicts with
# Debian's npm package, so Debian's pair is installed only where no npm is on the PATH.
[ "$mode" = test ] && [ -z "${SYSTEM_PACKAGES:-}" ] && ! command -v npm >/dev/null && packages="$packages nodejs npm"

missing=()
if command -v dpkg-query >/dev/null; then
  for pkg in $packages; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "Installing Debian packages: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
    else
      echo "Missing Debian packages: ${missing[*]}" >&2
      echo "Install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
  fi
else
  echo "Not a Debian system: make sure GDAL, SpatiaLite (mod_spatialite) and Redis are" \
       "installed$([ "$mode" = test ] && echo ", plus PostGIS and Chromium for the tests")." >&2
fi

# The translation catalogues: each .mo is built from its .po (never committed) and
# rebuilt when the .po is newer; the same msgfmt call as `manage.py compilemessages`,
# which would need the virtualenv first.
command -v msgfmt >/dev/null || { echo "msgfmt is missing: install GNU gettext" >&2; exit 1; }
for po in locale/*/LC_MESSAGES/*.po; do
  [ -e "$po" ] && [ ! "${po%.po}.mo" -nt "$po" ] || continue
  msgfmt --check-format -o "${po%.po}.mo" "$po"
done

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $python"
  "$python" -m venv .venv
fi
if ! .venv/bin/python -c "import sqlite3; sqlite3.connect(':memory:').enable_load_extension(True)" 2>/dev/null; then
  echo ".venv's Python cannot load SQLite extensions (SpatiaLite needs that)." >&2
  echo "Remove .venv and run again with PYTHON=/usr/bin/python3 (Debian's build)." >&2
  exit 1
fi

# Reinstall only when the requirements changed.
stamp=".venv/.installed-$(cat requirements.txt "$requirements" | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  echo "Installing Python requirements from $requirements"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$requirements"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# The JS tools of the tests (Biome, axe-core), exactly as package-lock.json pins them;
# again only when the lock changed (npm ci empties node_modules, old stamps with it).
if [ "$mode" = test ]; then
  npm_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
  if [ ! -e "$npm_stamp" ]; then
    echo "Installing JS tools from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
    touch "$npm_stamp"
  fi
fi
