"""Monitored news sources (incidents/imports/feeds.py)."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env

# Every wait on a feed or an article page (connecting, each read) ends after this.
try:
    FEED_TIMEOUT_SECONDS = float(env("FEED_TIMEOUT_SECONDS", "20"))
except ValueError:
    FEED_TIMEOUT_SECONDS = -1.0
# How often the worker's beat looks for feeds due: config/settings/celery.py.

if not 0 < FEED_TIMEOUT_SECONDS <= 300:
    raise ImproperlyConfigured(
        f"FEED_TIMEOUT_SECONDS={env('FEED_TIMEOUT_SECONDS', '')!r} must be a number "
        "of seconds above 0 and at most 300"
    )
