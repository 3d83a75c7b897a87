"""Transient errors are retried by Celery in the real worker; the last one is kept."""

import datetime as dt
import sqlite3

import pytest
from django.db import connection

from incidents.choices import GeocodeStatus
from incidents.models import Incident
from incidents.tasks import incident_geocode_task
from tests.pipeline import wait_until

pytestmark = pytest.mark.pipeline

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))


def _pending_incident() -> Incident:
    moment = dt.datetime(2025, 8, 28, 1, 0, tzinfo=KYIV_TZ)
    return Incident.objects.create(
        title="Strike",
        occurred_from=moment,
        occurred_to=moment,
        location_text="Darnytskyi district, Kyiv",
        geocode_status=GeocodeStatus.PENDING,
    )


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="locks the SQLite file to make it busy"
)
def test_a_busy_database_is_retried_then_geocoded(worker):
    incident = _pending_incident()
    # Another process holds the whole database: the worker's query waits its
    # timeout out and raises OperationalError ("database is locked").
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = incident_geocode_task.delay(incident.pk)
        worker.wait_for(f"[{result.id}] retry", timeout=20)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    wait_until(
        lambda: (
            Incident.objects.get(pk=incident.pk).geocode_status != GeocodeStatus.PENDING
        ),
        timeout=30,
    )
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.DONE, incident.geocode_message
    assert incident.district.slug == "darnytskyi"
    assert any("database is locked" in line for line in worker.lines)
