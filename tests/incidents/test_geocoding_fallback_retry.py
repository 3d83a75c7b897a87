"""A fallback server that hangs, errors or answers garbage, through a real worker:
Celery retries with backoff, and the last failure is kept with its true reason."""

import datetime as dt

import pytest
import redis
from django.db.models import Count

from incidents.accounts import GEOCODER, system_actor
from incidents.choices import GeocodeStatus, GeoPrecision
from incidents.geocoding import incident_sweep_pending
from incidents.models import Incident
from incidents.tasks import incident_geocode_task
from tests.fallback_server import fallback_server, nominatim_answer
from tests.pipeline import Worker, wait_until

pytestmark = pytest.mark.pipeline

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))
PECHERSK = (30.5569, 50.4344)  # Lavrska street, Pecherskyi district
UNKNOWN = "Зовсім Незнайома {n}"  # nothing in the gazetteer: the fallback is asked


@pytest.fixture
def server():
    with fallback_server() as running:
        yield running


def _worker(broker, server, **env) -> Worker:
    redis.Redis.from_url(broker.url).flushall()
    running = Worker(
        broker.url,
        env={
            "GEOCODER_FALLBACK_URL": server.url,
            "GEOCODER_FALLBACK_MIN_DELAY": "0",
            "GEOCODER_FALLBACK_TIMEOUT": "1",
            **env,
        },
    )
    running.start()
    return running


@pytest.fixture
def make_worker(pipeline_db, broker, server):
    started = []

    def make(**env) -> Worker:
        started.append(_worker(broker, server, **env))
        return started[-1]

    yield make
    for running in started:
        running.stop()
        print("worker log:\n" + "".join(running.lines[-80:]))  # noqa: T201


def _pending(server, count: int = 1) -> list[Incident]:
    moment = dt.datetime(2025, 8, 28, 1, 0, tzinfo=KYIV_TZ)
    incidents = []
    for n in range(count):
        text = UNKNOWN.format(n=n + 12)
        server.answers[text] = [nominatim_answer(*PECHERSK)]
        incidents.append(
            Incident.objects.create(
                title=f"Strike {n}",
                occurred_from=moment,
                occurred_to=moment,
                location_text=text,
                geocode_status=GeocodeStatus.PENDING,
            )
        )
    return incidents


def _settled(incident: Incident) -> Incident:
    wait_until(
        lambda: (
            Incident.objects.get(pk=incident.pk).geocode_status != GeocodeStatus.PENDING
        ),
        timeout=60,
        interval=0.2,
    )
    incident.refresh_from_db()
    return incident


def test_a_hang_an_error_and_garbage_are_retried_until_it_answers(make_worker, server):
    worker = make_worker()
    server.script = ["hang", "error", "garbage"]
    (incident,) = _pending(server)
    result = incident_geocode_task.delay(incident.pk)
    incident = _settled(incident)
    assert incident.geocode_status == GeocodeStatus.DONE, incident.geocode_message
    assert incident.geocode_method == "nominatim"
    assert incident.geo_precision == GeoPrecision.STREET
    assert incident.district.slug == "pecherskyi"
    assert incident.point is not None
    assert [step for step, _ in server.requests] == [
        "hang",
        "error",
        "garbage",
        "answer",
    ]
    retries = [line for line in worker.lines if f"[{result.id}] retry" in line]
    assert len(retries) == 3
    assert "timed out" in retries[0].lower()
    assert "500" in retries[1]
    # One entry by the geocoder: the retries wrote nothing.
    assert incident.history.filter(history_user=system_actor(GEOCODER)).count() == 1


def test_a_server_that_keeps_failing_ends_with_its_true_reason(make_worker, server):
    make_worker(GEOCODE_MAX_RETRIES="2")
    server.script = ["error"] * 10
    (incident,) = _pending(server)
    incident_geocode_task.delay(incident.pk)
    incident = _settled(incident)
    assert incident.geocode_status == GeocodeStatus.FAILED
    assert incident.geocode_message.startswith("Geocoding failed after 3 tries:")
    assert "FallbackUnavailable: nominatim at" in incident.geocode_message
    assert "500" in incident.geocode_message
    assert "No place in the gazetteer" not in incident.geocode_message
    assert len(server.requests) == 3


def test_a_batch_hands_a_failing_fallback_to_single_retrying_tasks(make_worker, server):
    worker = make_worker()
    server.script = ["error"]
    incidents = _pending(server, count=3)
    assert incident_sweep_pending(older_than=dt.timedelta(0)) == 3
    for incident in incidents:
        incident = _settled(incident)
        assert incident.geocode_status == GeocodeStatus.DONE, incident.geocode_message
        assert incident.district.slug == "pecherskyi"
    worker.wait_for("retried alone")
    entries = dict(
        Incident.history.filter(history_user=system_actor(GEOCODER))
        .values_list("id")
        .annotate(n=Count("history_id"))
    )
    assert entries == {incident.pk: 1 for incident in incidents}
