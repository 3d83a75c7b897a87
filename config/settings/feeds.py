"""Monitored news sources (incidents/imports/feeds.py)."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_bool

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

# Feeds and the articles they link to are addresses from outside: a feed's link to
# a loopback or private address (the machine's Redis, an intranet) is refused unless
# this is on (the tests' local news site is on 127.0.0.1).
FEEDS_ALLOW_PRIVATE_ADDRESSES = env_bool("FEEDS_ALLOW_PRIVATE_ADDRESSES", False)
