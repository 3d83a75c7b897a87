"""The sweep works off a backlog once: what is queued is not queued again."""

import datetime as dt

import pytest
import redis
from django.db.models import Count
from django.utils import timezone

from incidents.accounts import GEOCODER, system_actor
from incidents.choices import GeocodeStatus
from incidents.geocoding import incident_sweep_pending
from incidents.models import Incident
from tests.pipeline import wait_until

pytestmark = pytest.mark.pipeline

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))
DISTRICTS = ["Darnytskyi", "Obolonskyi", "Podilskyi", "Pecherskyi"]


def _backlog(size: int) -> list[int]:
    """Pending incidents the broker never saw, as after an outage."""
    moment = dt.datetime(2025, 8, 28, 1, 0, tzinfo=KYIV_TZ)
    Incident.objects.bulk_create(
        Incident(
            title=f"Strike {n}",
            occurred_from=moment,
            occurred_to=moment,
            location_text=f"{DISTRICTS[n % len(DISTRICTS)]} district, Kyiv",
            geocode_status=GeocodeStatus.PENDING,
        )
        for n in range(size)
    )
    return list(Incident.objects.values_list("pk", flat=True))


def _pending() -> int:
    return Incident.objects.filter(geocode_status=GeocodeStatus.PENDING).count()


def test_a_backlog_is_geocoded_once_however_often_the_sweep_runs(worker):
    ids = _backlog(10_000)  # the drill: batches work it off in ~30 s
    assert incident_sweep_pending(older_than=dt.timedelta(0)) == len(ids)
    # Beat runs the sweep each minute while the worker is still busy.
    assert incident_sweep_pending(older_than=dt.timedelta(0)) == 0
    wait_until(lambda: _pending() == 0, timeout=240, interval=0.5)
    assert incident_sweep_pending(older_than=dt.timedelta(0)) == 0
    runs = dict(
        Incident.history.filter(history_user=system_actor(GEOCODER))
        .values_list("id")
        .annotate(n=Count("history_id"))
    )
    assert set(runs) == set(ids)
    assert set(runs.values()) == {1}
    done = Incident.objects.filter(geocode_status=GeocodeStatus.DONE).count()
    assert done == len(ids)


def test_a_lost_message_is_enqueued_again_once_stale(pipeline_db, broker):
    client = redis.Redis.from_url(broker.url)
    client.flushall()
    (queued, lost) = _backlog(2)
    assert incident_sweep_pending(older_than=dt.timedelta(0)) == 2
    Incident.objects.filter(pk=lost).update(
        geocode_enqueued_at=timezone.now() - dt.timedelta(minutes=11)
    )
    assert incident_sweep_pending(older_than=dt.timedelta(0)) == 1
    assert client.llen("celery") == 2  # one batch, then the lost one alone
    # The one queued again carries a new stamp: the next sweep leaves it.
    assert incident_sweep_pending(older_than=dt.timedelta(0)) == 0


def test_sweep_stops_at_a_dead_broker(pipeline_db, broker):
    _backlog(50)
    broker.stop()
    try:
        started = timezone.now()
        assert incident_sweep_pending(older_than=dt.timedelta(0)) == 0
        assert timezone.now() - started < dt.timedelta(seconds=3)
    finally:
        broker.start()
    assert not Incident.objects.filter(geocode_enqueued_at__isnull=False).exists()
