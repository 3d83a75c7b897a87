import logging

from celery import shared_task
from django.db import DatabaseError
from geopy.exc import GeopyError

from incidents.services import (
    incident_geocode,
    incident_geocode_fail,
    incident_sweep_pending,
)

logger = logging.getLogger(__name__)

# What may pass if we try again: the database or a fallback geocoder being busy.
TRANSIENT_ERRORS = (DatabaseError, OSError, TimeoutError, GeopyError)

MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES)
def incident_geocode_task(self, incident_id: int) -> None:
    try:
        incident_geocode(incident_id=incident_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= MAX_RETRIES:
            logger.error("Geocoding incident %s failed for good: %s", incident_id, exc)
            incident_geocode_fail(
                incident_id=incident_id,
                reason=f"Geocoding failed after {MAX_RETRIES + 1} tries: {exc}",
            )
            return
        # Exponential backoff: 2, 4, 8, 16, 32 seconds.
        raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1)) from exc


@shared_task
def incident_sweep_pending_task() -> int:
    count = incident_sweep_pending()
    if count:
        logger.info("Enqueued %s pending incidents again.", count)
    return count
