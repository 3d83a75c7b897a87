import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from config.settings.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The tests run no collectstatic: plain names, found in static/ (the production
# server's hashed ones are tested in tests/test_production_server.py).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A file, not memory: the pipeline tests run a real Celery worker in another
# process, and it must see the test database.
if DATABASES["default"]["ENGINE"].endswith("spatialite"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405

# Tests never publish to the machine's own Redis: by default nothing listens here, so
# an enqueue fails fast and leaves the incident pending. The pipeline tests start a
# private redis-server and point the app (and their workers, through the
# environment) at it.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # noqa: F405

# Nothing computed is kept between requests, unless a test asks for a cache
# (tests/incidents/test_http_cache.py): tests write rows with bulk_create and
# update(), which no signal reports, so a kept answer could outlive its data.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# The feeds' tests serve their news site on 127.0.0.1 (tests/incidents/test_feeds.py).
FEEDS_ALLOW_PRIVATE_ADDRESSES = True
