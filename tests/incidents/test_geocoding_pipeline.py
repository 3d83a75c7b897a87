"""Save → real Redis → real worker process → geocoded, and what can go wrong."""

import datetime as dt
import time

import pytest
from django.contrib.gis.geos import Point
from django.db import transaction
from django.db.models import F

from incidents.choices import GeocodeStatus, GeoPrecision
from incidents.geocoding import incident_sweep_pending
from incidents.models import Incident
from incidents.services import incident_save
from incidents.tasks import incident_geocode_task
from tests.pipeline import wait_until

pytestmark = pytest.mark.pipeline

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))


def _new_incident(location_text: str, **fields) -> Incident:
    moment = dt.datetime(2025, 8, 28, 1, 0, tzinfo=KYIV_TZ)
    incident = Incident(
        title=f"Strike: {location_text}",
        occurred_from=moment,
        occurred_to=moment,
        location_text=location_text,
        **fields,
    )
    return incident_save(incident=incident, changed_fields=[])


def _status(pk: int) -> str:
    return Incident.objects.values_list("geocode_status", flat=True).get(pk=pk)


def _settled(pk: int):
    return _status(pk) != GeocodeStatus.PENDING


@pytest.mark.parametrize(
    ("text", "city", "district", "precision"),
    [
        ("Darnytskyi district, Kyiv", "kyiv", "darnytskyi", GeoPrecision.DISTRICT),
        ("вул. Артема, Донецьк", "donetsk", None, GeoPrecision.STREET),
    ],
)
def test_saved_incident_is_geocoded_by_the_worker(
    worker, text, city, district, precision
):
    incident = _new_incident(text)
    assert incident.geocode_status == GeocodeStatus.PENDING
    wait_until(lambda: _settled(incident.pk), timeout=20)
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.DONE, incident.geocode_message
    assert incident.city.slug == city
    assert (incident.district.slug if incident.district else None) == district
    assert incident.geo_precision == precision
    if precision == GeoPrecision.DISTRICT:
        assert incident.point is None  # a district mention is not a pin
    else:
        assert incident.city.boundary.covers(incident.point)
    assert incident.geocode_method
    assert 0 < incident.geocode_confidence <= 1
    assert incident.geocoded_at is not None


def test_unknown_place_fails_with_a_reason(worker):
    incident = _new_incident("somewhere near the front")
    wait_until(lambda: _settled(incident.pk), timeout=20)
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.FAILED
    assert "somewhere near the front" in incident.geocode_message
    # Final at once: nothing to gain from trying again.
    assert not any("retry:" in line for line in worker.lines)


def test_a_manual_point_survives_another_run(worker, kyiv):
    point = Point(30.5234, 50.4501, srid=4326)
    incident = _new_incident("Darnytskyi district, Kyiv")
    wait_until(lambda: _settled(incident.pk), timeout=20)
    incident.refresh_from_db()
    incident.point = point
    incident_save(incident=incident, changed_fields=["point"])
    assert _status(incident.pk) == GeocodeStatus.MANUAL
    result = incident_geocode_task.delay(incident.pk)
    worker.wait_for(
        f"Task incidents.tasks.incident_geocode_task[{result.id}] succeeded"
    )
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.MANUAL
    assert incident.point.equals_exact(point, 1e-9)
    assert incident.district.slug == "shevchenkivskyi"


def test_broker_down_on_save_then_the_sweep_geocodes_it(worker, broker):
    broker.stop()
    try:
        started = time.monotonic()
        incident = _new_incident("Obolonskyi district, Kyiv")
        assert time.monotonic() - started < 3  # the analyst is not kept waiting
        assert Incident.objects.filter(pk=incident.pk).exists()
        assert _status(incident.pk) == GeocodeStatus.PENDING
    finally:
        broker.start()
    time.sleep(2)  # nothing was queued: it stays pending until the sweep
    assert _status(incident.pk) == GeocodeStatus.PENDING
    assert incident_sweep_pending(older_than=dt.timedelta(0)) == 1
    wait_until(lambda: _settled(incident.pk), timeout=30)
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.DONE
    assert incident.district.slug == "obolonskyi"


def test_sweep_skips_recent_pending_incidents(pipeline_db, broker):
    incident = _new_incident("Podilskyi district, Kyiv")
    assert incident_sweep_pending(older_than=dt.timedelta(minutes=5)) == 0
    Incident.objects.filter(pk=incident.pk).update(
        updated_at=F("updated_at") - dt.timedelta(minutes=10)
    )
    # Still in the queue, handed over a moment ago.
    assert incident_sweep_pending(older_than=dt.timedelta(minutes=5)) == 0
    Incident.objects.filter(pk=incident.pk).update(
        geocode_enqueued_at=F("geocode_enqueued_at") - dt.timedelta(minutes=11)
    )
    assert incident_sweep_pending(older_than=dt.timedelta(minutes=5)) == 1


def test_a_task_killed_mid_run_comes_back(worker):
    incident = _new_incident("Pecherskyi district, Kyiv")
    wait_until(lambda: _settled(incident.pk), timeout=20)
    Incident.objects.filter(pk=incident.pk).update(
        geocode_status=GeocodeStatus.PENDING, district=None
    )
    # Hold the row: the worker takes the task and blocks in the middle of it.
    with transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(title=F("title"))
        result = incident_geocode_task.delay(incident.pk)
        worker.wait_for(f"[{result.id}] received")
        time.sleep(1)
        worker.kill()
    assert _status(incident.pk) == GeocodeStatus.PENDING
    # A new worker gets the unacknowledged task back after the visibility timeout.
    worker.lines.clear()
    worker.start()
    try:
        wait_until(lambda: _settled(incident.pk), timeout=60)
    except AssertionError:
        raise AssertionError("".join(worker.lines[-60:])) from None
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.DONE
    assert incident.district.slug == "pecherskyi"
