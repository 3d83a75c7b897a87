import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-a-secret")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from config.settings.base import *  # noqa: E402,F403
