"""The geocoder: its fallback server and how fresh each process's index stays.

Read once at start and checked, so a typo stops the app instead of silently
turning the fallback off.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import env


def _seconds(name: str, default: str, *, allow_zero: bool = True) -> float:
    raw = env(name, default)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0 or (value == 0 and not allow_zero) or value != value:
        smallest = "0" if allow_zero else "more than 0"
        raise ImproperlyConfigured(
            f"{name}={raw!r} must be a number of seconds, {smallest} or more "
            f"(default {default})."
        )
    return value


# A Nominatim or Photon server asked for texts the gazetteer cannot place; empty
# (the default) turns the fallback off. The public servers have usage policies (at
# most one request a second, a real user agent): run your own for volume.
GEOCODER_FALLBACK_URL = env("GEOCODER_FALLBACK_URL", "").strip().rstrip("/")
if GEOCODER_FALLBACK_URL:
    _parts = urlsplit(GEOCODER_FALLBACK_URL)
    if _parts.scheme not in ("http", "https") or not _parts.netloc:
        raise ImproperlyConfigured(
            f"GEOCODER_FALLBACK_URL={GEOCODER_FALLBACK_URL!r} must be an absolute "
            "http(s) URL, e.g. https://nominatim.openstreetmap.org, or empty to "
            "turn the fallback off."
        )

# What the server at GEOCODER_FALLBACK_URL speaks.
GEOCODER_BACKENDS = ("nominatim", "photon")
GEOCODER_BACKEND = env("GEOCODER_BACKEND", "nominatim").strip().lower()
if GEOCODER_BACKEND not in GEOCODER_BACKENDS:
    raise ImproperlyConfigured(
        f"GEOCODER_BACKEND={env('GEOCODER_BACKEND', '')!r} must be one of "
        f"{', '.join(GEOCODER_BACKENDS)}."
    )

# Seconds between two requests from one process (Nominatim's policy: 1).
GEOCODER_FALLBACK_MIN_DELAY = _seconds("GEOCODER_FALLBACK_MIN_DELAY", "1")
GEOCODER_FALLBACK_TIMEOUT = _seconds(
    "GEOCODER_FALLBACK_TIMEOUT", "10", allow_zero=False
)
GEOCODER_FALLBACK_USER_AGENT = env(
    "GEOCODER_FALLBACK_USER_AGENT", "incident-map-geocoder"
).strip()
if not GEOCODER_FALLBACK_USER_AGENT:
    raise ImproperlyConfigured(
        "GEOCODER_FALLBACK_USER_AGENT must not be empty: public servers refuse "
        "requests without a user agent that names the application."
    )

# How often (seconds) a process asks the database whether the gazetteer changed
# (one query by primary key) and rebuilds its index if so; 0: before every geocode.
GEOCODER_INDEX_FRESHNESS = _seconds("GEOCODER_INDEX_FRESHNESS", "5")
