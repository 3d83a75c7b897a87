import contextlib
import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError
from redis.exceptions import RedisError

from incidents.geocoding import (
    GEOCODER_TRANSIENT_ERRORS,
    incident_geocode,
    incident_geocode_fail,
    incident_geocode_many,
    incident_sweep_pending,
)
from incidents.map_cells import BUILD_REQUESTED, map_cells_build, map_cells_current

logger = logging.getLogger(__name__)

# What may pass if we try again: the database busy or unreachable, and the
# geocoder's own transient errors (a fallback server timing out, 5xx, garbage),
# and a task that ran out of time (CELERY_TASK_SOFT_TIME_LIMIT): tried again later.
TRANSIENT_ERRORS = (OperationalError, SoftTimeLimitExceeded, *GEOCODER_TRANSIENT_ERRORS)

_RETRY_POLICY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": settings.GEOCODE_RETRY_BACKOFF,
    "retry_backoff_max": settings.GEOCODE_RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": settings.GEOCODE_MAX_RETRIES,
}


class GeocodeTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """After the last retry (or an error no retry can mend): failed, with why."""
        incident_id = args[0] if args else kwargs["incident_id"]
        tries = self.request.retries + 1
        reason = f"Geocoding failed after {tries} tries: {type(exc).__name__}: {exc}"
        logger.error("Incident %s: %s", incident_id, reason)
        try:
            incident_geocode_fail(incident_id=incident_id, reason=reason)
        except OperationalError:
            # The database is what failed: the row stays pending for the sweep.
            logger.exception("Could not record the failure of incident %s", incident_id)


@shared_task(bind=True, base=GeocodeTask, **_RETRY_POLICY)
def incident_geocode_task(self, incident_id: int) -> None:
    incident_geocode(incident_id=incident_id)


# A batch only retries what fails for the database: an incident whose geocoder
# fails transiently is handed on to incident_geocode_task, which retries it alone
# and records its failure. A batch that still fails leaves its incidents pending,
# for the sweep.
@shared_task(
    **{**_RETRY_POLICY, "autoretry_for": (OperationalError, SoftTimeLimitExceeded)}
)
def incident_geocode_batch_task(incident_ids: list[int]) -> int:
    return incident_geocode_many(incident_ids=incident_ids)


@shared_task
def incident_sweep_pending_task() -> int:
    count = incident_sweep_pending()
    if count:
        logger.info("Enqueued %s pending incidents again.", count)
    return count


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def map_cells_build_task() -> int:
    """Rebuild the map's cells unless they are current; the cell count built."""
    # A request from now on asks again, so a write during this build is not lost
    # (with no cache to ask through, the cells are still built).
    with contextlib.suppress(RedisError, OSError):
        cache.delete(BUILD_REQUESTED)
    if map_cells_current():
        return 0
    return map_cells_build().cells


@shared_task
def feeds_poll_due_task() -> int:
    """Beat's: each feed that is due, polled by a task of its own."""
    # Imported here: the feeds bring extraction's rules, which the web and the
    # export processes that import this module do not need.
    from incidents.imports.feeds import feeds_due_claim

    ids = feeds_due_claim()
    for feed_id in ids:
        feed_poll_task.delay(feed_id)
    return len(ids)


@shared_task(soft_time_limit=300, time_limit=360)
def feed_poll_task(feed_id: int) -> None:
    # Failures are the feed's own state (Feed.failures, its backoff), not retries.
    from incidents.imports.feeds import feed_poll

    feed_poll(feed_id=feed_id)
