"""A broker that is down or frozen never keeps an analyst's save waiting."""

import datetime as dt
import time

import pytest

from incidents.choices import GeocodeStatus
from incidents.geocoding import incident_sweep_pending
from incidents.models import Incident
from incidents.services import incident_save
from tests.pipeline import wait_until

pytestmark = pytest.mark.pipeline

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))


def _incident(location_text: str) -> Incident:
    moment = dt.datetime(2025, 8, 28, 1, 0, tzinfo=KYIV_TZ)
    return Incident(
        title=f"Strike: {location_text}",
        occurred_from=moment,
        occurred_to=moment,
        location_text=location_text,
    )


def _status(pk: int) -> str:
    return Incident.objects.values_list("geocode_status", flat=True).get(pk=pk)


@pytest.mark.parametrize("warm", [False, True], ids=["cold-pool", "warm-pool"])
def test_frozen_broker_does_not_hold_the_save(worker, broker, warm):
    if warm:
        # A connection in the pool from an earlier save, which then goes silent.
        done = incident_save(
            incident=_incident("Podilskyi district, Kyiv"), changed_fields=[]
        )
        wait_until(lambda: _status(done.pk) != GeocodeStatus.PENDING, timeout=20)
    else:
        from tests.pipeline import use_broker

        use_broker(broker.url)
    broker.freeze()
    try:
        started = time.monotonic()
        incident = incident_save(
            incident=_incident("Obolonskyi district, Kyiv"), changed_fields=[]
        )
        elapsed = time.monotonic() - started
        assert elapsed < 3, f"the save took {elapsed:.1f} s"
        assert _status(incident.pk) == GeocodeStatus.PENDING
        started = time.monotonic()
        incident_sweep_pending(older_than=dt.timedelta(0))
        elapsed = time.monotonic() - started
        assert elapsed < 3, f"the sweep took {elapsed:.1f} s"
    finally:
        broker.thaw()
    assert _status(incident.pk) == GeocodeStatus.PENDING
    assert incident_sweep_pending(older_than=dt.timedelta(0)) >= 1
    wait_until(lambda: _status(incident.pk) != GeocodeStatus.PENDING, timeout=30)
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.DONE, incident.geocode_message
    assert incident.district.slug == "obolonskyi"
