"""Publication rules for viewers (incidents.access): read once at start, checked."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env

# A published incident reaches viewers only once this many hours have passed since
# it ended (0: at once).
try:
    PUBLISH_DELAY_HOURS = float(env("PUBLISH_DELAY_HOURS", "0"))
except ValueError:
    PUBLISH_DELAY_HOURS = -1.0
if not 0 <= PUBLISH_DELAY_HOURS <= 24 * 365:
    raise ImproperlyConfigured(
        f"PUBLISH_DELAY_HOURS={env('PUBLISH_DELAY_HOURS', '')!r} must be a number of "
        "hours from 0 to 8760."
    )

# How precisely viewers see where an incident is: "exact" (as recorded), "street"
# (a finer point becomes its street's point), "district" or "city" (no point). An
# editor may mark one incident's exact location publishable regardless.
PUBLISH_PRECISIONS = ("exact", "street", "district", "city")
PUBLISH_PRECISION = env("PUBLISH_PRECISION", "exact").strip().lower()
if PUBLISH_PRECISION not in PUBLISH_PRECISIONS:
    raise ImproperlyConfigured(
        f"PUBLISH_PRECISION={env('PUBLISH_PRECISION', '')!r} must be one of "
        f"{', '.join(PUBLISH_PRECISIONS)}."
    )
