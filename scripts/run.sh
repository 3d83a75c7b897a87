#!/usr/bin/env bash
# Redis (the system's, or a private one), migrations, the gazetteer, an admin user
# and the seed reports; then a Celery worker and beat beside the web server.
# Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
broker=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}
# The map's computed answers, shared by the web workers: the same Redis, database 1.
export CACHE_URL=${CACHE_URL:-${broker%/*}/1}
mkdir -p var/log

children=()
cleanup() { [ ${#children[@]} -gt 0 ] && kill "${children[@]}" 2>/dev/null || true; }
trap cleanup EXIT

redis_up() {
  .venv/bin/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()" "$broker" 2>/dev/null
}
if ! redis_up; then
  port=$(.venv/bin/python -c "import sys, urllib.parse; print(urllib.parse.urlparse(sys.argv[1]).port or 6379)" "$broker")
  echo "No Redis at $broker: starting a private one on port $port"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --logfile "$PWD/var/log/redis.log" &
  children+=($!)
  for _ in $(seq 50); do redis_up && break; sleep 0.1; done
fi

.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py load_geodata
.venv/bin/python manage.py ensure_admin
.venv/bin/python manage.py load_seed_reports

.venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
children+=($!)
.venv/bin/celery -A config beat --loglevel=INFO --schedule var/celerybeat-schedule \
  >var/log/beat.log 2>&1 &
children+=($!)
echo "Worker and beat running (logs in var/log/)."
# Served as production serves it: gunicorn (config/gunicorn.conf.py: workers sized
# to the machine) and whitenoise (hashed, compressed static files). DEBUG stays off
# so pages link the hashed names; `manage.py runserver` is there for development.
export DJANGO_DEBUG=${DJANGO_DEBUG:-0}
.venv/bin/python manage.py collectstatic --no-input -v0
echo "Serving at http://127.0.0.1:8000/ (admin at /admin/) with gunicorn"
.venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi
