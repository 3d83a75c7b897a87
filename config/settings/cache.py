from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_bool

# The map's computed answers (incidents/http_cache.py), shared by every process
# when in Redis: CACHE_URL=redis://host:port/db (scripts/run.sh uses the broker's
# Redis, database 1). Unset: each process keeps its own, in memory.
CACHE_URL = env("CACHE_URL", "").strip()
if CACHE_URL:
    if urlsplit(CACHE_URL).scheme not in ("redis", "rediss"):
        raise ImproperlyConfigured(
            f"CACHE_URL={CACHE_URL!r} must be a redis:// URL (or unset, for a cache "
            "in each process's memory)."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # A frozen or dead Redis costs a request at most this, never a hang.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions read from Redis, kept in the database (config/sessions.py).
    SESSION_ENGINE = "config.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The map's clusters counted ahead per zoom (incidents/map_cells.py), rebuilt by
# the worker after the data change; off, every cluster request counts live.
MAP_CELLS = env_bool("MAP_CELLS", True)
