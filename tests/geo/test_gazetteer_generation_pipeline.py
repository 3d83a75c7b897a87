"""A real worker, its index built, learns of a name added while it runs."""

import datetime as dt

import pytest

from geo.models import Street
from incidents.choices import GeocodeStatus
from incidents.models import Incident
from incidents.services import incident_save
from tests.pipeline import wait_until

pytestmark = pytest.mark.pipeline

FORMER_NAME = "вулиця Давноминулого Випробування"


@pytest.fixture
def index_freshness(monkeypatch):
    """The worker (started after this) checks the generation before every geocode."""
    monkeypatch.setenv("GEOCODER_INDEX_FRESHNESS", "0")


def _geocoded(location_text: str) -> Incident:
    moment = dt.datetime(2025, 8, 28, 1, 0, tzinfo=dt.UTC)
    incident = incident_save(
        incident=Incident(
            title=f"Strike: {location_text}",
            occurred_from=moment,
            occurred_to=moment,
            location_text=location_text,
        ),
        changed_fields=[],
    )
    wait_until(
        lambda: (
            Incident.objects.filter(pk=incident.pk)
            .exclude(geocode_status=GeocodeStatus.PENDING)
            .exists()
        ),
        timeout=20,
    )
    incident.refresh_from_db()
    return incident


def test_a_running_worker_finds_a_former_name_added_after_it_started(
    index_freshness, worker
):
    before = _geocoded(FORMER_NAME)
    assert before.geocode_status == GeocodeStatus.FAILED  # its index lacks the name
    street = Street.objects.get(city__slug="kyiv", full_name_uk="вулиця Хрещатик")
    street.former_names = [*street.former_names, FORMER_NAME]
    street.save(update_fields=["former_names"])
    after = _geocoded(FORMER_NAME)
    assert after.geocode_status == GeocodeStatus.DONE, after.geocode_message
    assert after.street_id == street.pk
    assert after.city.slug == "kyiv"
