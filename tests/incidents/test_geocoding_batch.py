"""Batches (imports, the sweep, "geocode again"): stored as single ones would be,
in a number of queries that does not grow with the batch."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo.geocoder import fallback as fallback_backend
from incidents.accounts import GEOCODER, system_actor
from incidents.choices import GeocodeStatus, GeoPrecision
from incidents.geocoding import incident_geocode_many
from incidents.models import Incident, InfrastructureTag
from incidents.services import incident_save
from tests.factories import IncidentFactory
from tests.fallback_server import fallback_server, nominatim_answer

DISTRICTS = ["Darnytskyi", "Obolonskyi", "Podilskyi", "Pecherskyi"]


def _pending(count: int, **fields) -> list[int]:
    return [
        IncidentFactory(
            location_text=f"{DISTRICTS[n % len(DISTRICTS)]} district, Kyiv",
            geocode_status=GeocodeStatus.PENDING,
            **fields,
        ).pk
        for n in range(count)
    ]


@pytest.mark.django_db
def test_a_batch_is_stored_with_one_history_entry_each():
    ids = _pending(4)
    tag = InfrastructureTag.objects.get(slug="energy")
    for incident in Incident.objects.filter(pk__in=ids):
        incident.tags.set([tag])
    manual = IncidentFactory(geocode_status=GeocodeStatus.MANUAL).pk
    assert incident_geocode_many(incident_ids=[*ids, manual, 10**9]) == 4
    for pk, district in zip(ids, DISTRICTS, strict=True):
        incident = Incident.objects.get(pk=pk)
        assert incident.geocode_status == GeocodeStatus.DONE
        assert incident.district.name_en.startswith(district)
        assert incident.geo_precision == GeoPrecision.DISTRICT
        (entry,) = incident.history.filter(history_user=system_actor(GEOCODER))
        assert entry.geocode_status == GeocodeStatus.DONE
        assert entry.history_change_reason.startswith("Matched")
        assert [row.infrastructuretag for row in entry.tags.all()] == [tag]
    assert Incident.objects.get(pk=manual).geocode_status == GeocodeStatus.MANUAL


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_batch(settings):
    # The index asks for the gazetteer's generation every few seconds; on a slow
    # machine that one query could fall into either count.
    settings.GEOCODER_INDEX_FRESHNESS = 3600

    def queries(count: int) -> int:
        ids = _pending(count)
        with CaptureQueriesContext(connection) as captured:
            assert incident_geocode_many(incident_ids=ids) == count
        return len(captured)

    queries(1)  # the geocoder's actor and index, read once per process
    few, many = queries(3), queries(30)
    # One query per incident would be 27 more; SQLite's limit on a statement's
    # parameters may split a bulk write in two.
    assert few <= many <= few + 2


def test_a_row_changed_while_its_batch_is_geocoded_is_left_out(pipeline_db, settings):
    unknown = "Зовсім Незнайома 41"
    with fallback_server() as server:
        settings.GEOCODER_FALLBACK_URL = server.url
        settings.GEOCODER_FALLBACK_MIN_DELAY = 0
        settings.GEOCODER_FALLBACK_TIMEOUT = 10
        fallback_backend.cache_clear()
        server.script = ["slow"]
        server.answers[unknown] = [nominatim_answer(30.5569, 50.4344)]
        ids = _pending(2, city=None)
        edited = Incident.objects.get(pk=ids[1])
        edited.location_text = unknown
        edited.save()
        stored = []

        def run():
            try:
                stored.append(incident_geocode_many(incident_ids=ids))
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        assert server.arrived.wait(timeout=10)
        # The analyst retypes the location while the fallback is answering.
        edited.location_text = "Podilskyi district, Kyiv"
        incident_save(incident=edited, changed_fields=["location_text"])
        thread.join(timeout=20)
        fallback_backend.cache_clear()
    assert stored == [1]
    assert Incident.objects.get(pk=ids[0]).geocode_status == GeocodeStatus.DONE
    edited.refresh_from_db()
    assert edited.geocode_status == GeocodeStatus.PENDING
    assert edited.district is None
    assert not edited.history.filter(history_user=system_actor(GEOCODER)).exists()
