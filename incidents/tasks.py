import logging

from celery import Task, shared_task
from django.conf import settings
from django.db import OperationalError
from geopy.exc import GeocoderServiceError

from incidents.services import (
    incident_geocode,
    incident_geocode_fail,
    incident_sweep_pending,
)

logger = logging.getLogger(__name__)

# What may pass if we try again: the database busy or unreachable, a fallback
# geocoder timing out or answering 5xx (GeocoderTimedOut and GeocoderUnavailable
# are GeocoderServiceErrors). "Nothing matches" is no error: the service stores
# it as a final failure.
TRANSIENT_ERRORS = (
    OperationalError,
    GeocoderServiceError,
    ConnectionError,
    TimeoutError,
)


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


@shared_task(
    bind=True,
    base=GeocodeTask,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=settings.GEOCODE_RETRY_BACKOFF,
    retry_backoff_max=settings.GEOCODE_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.GEOCODE_MAX_RETRIES,
)
def incident_geocode_task(self, incident_id: int) -> None:
    incident_geocode(incident_id=incident_id)


@shared_task
def incident_sweep_pending_task() -> int:
    count = incident_sweep_pending()
    if count:
        logger.info("Enqueued %s pending incidents again.", count)
    return count
