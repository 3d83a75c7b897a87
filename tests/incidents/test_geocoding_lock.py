"""The geocoder runs outside the row lock: an analyst's save never waits for it."""

import datetime as dt
import threading
import time

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from geo.geocoder import fallback as fallback_backend
from incidents.accounts import GEOCODER, system_actor
from incidents.choices import GeocodeStatus
from incidents.geocoding import incident_geocode
from incidents.models import Incident
from incidents.services import incident_save
from tests.fallback_server import SLOW_SECONDS, fallback_server, nominatim_answer

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))
UNKNOWN = "Зовсім Незнайома 31"  # not in the gazetteer: the fallback is asked


@pytest.fixture
def slow_geocoder(settings):
    """The real geocoder, asking a fallback server that answers late."""
    with fallback_server() as server:
        settings.GEOCODER_FALLBACK_URL = server.url
        settings.GEOCODER_FALLBACK_MIN_DELAY = 0
        settings.GEOCODER_FALLBACK_TIMEOUT = SLOW_SECONDS + 5
        fallback_backend.cache_clear()
        server.script = ["slow"]
        server.answers[UNKNOWN] = [nominatim_answer(30.5569, 50.4344)]
        yield server.arrived
        fallback_backend.cache_clear()


def _pending_incident() -> Incident:
    moment = dt.datetime(2025, 8, 28, 1, 0, tzinfo=KYIV_TZ)
    return Incident.objects.create(
        title="Strike",
        occurred_from=moment,
        occurred_to=moment,
        location_text=UNKNOWN,
        geocode_status=GeocodeStatus.PENDING,
    )


def _geocode_in_thread(incident_id: int) -> threading.Thread:
    def run():
        try:
            incident_geocode(incident_id=incident_id)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _geocoder_entries(incident: Incident) -> int:
    return incident.history.filter(history_user=system_actor(GEOCODER)).count()


def test_a_manual_point_set_during_geocoding_wins(pipeline_db, slow_geocoder):
    incident = _pending_incident()
    thread = _geocode_in_thread(incident.pk)
    assert slow_geocoder.wait(timeout=10)
    point = Point(30.5234, 50.4501, srid=4326)
    incident.point = point
    started = time.monotonic()
    incident_save(incident=incident, changed_fields=["point"])
    assert time.monotonic() - started < 1
    thread.join(timeout=SLOW_SECONDS + 10)
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.MANUAL
    assert incident.point.equals_exact(point, 1e-9)
    assert _geocoder_entries(incident) == 0


def test_a_location_changed_during_geocoding_drops_the_result(
    pipeline_db, slow_geocoder
):
    incident = _pending_incident()
    thread = _geocode_in_thread(incident.pk)
    assert slow_geocoder.wait(timeout=10)
    incident.location_text = "Obolonskyi district, Kyiv"
    started = time.monotonic()
    incident_save(incident=incident, changed_fields=["location_text"])
    assert time.monotonic() - started < 1
    thread.join(timeout=SLOW_SECONDS + 10)
    incident.refresh_from_db()
    # Left pending for the task the save enqueued, with the new text.
    assert incident.geocode_status == GeocodeStatus.PENDING
    assert incident.district is None
    assert _geocoder_entries(incident) == 0
