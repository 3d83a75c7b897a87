"""Every change to an incident is in its history with who or what made it."""

import pytest
from django.urls import reverse

from incidents.choices import GeocodeStatus
from incidents.geocoding import (
    incident_geocode,
    incident_geocode_again,
    incident_geocode_fail,
)
from incidents.models import Incident
from incidents.services import incident_save
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return UserFactory(role="analyst", is_staff=True)


def _created(analyst, **fields) -> Incident:
    incident = IncidentFactory.build(
        geocode_status=GeocodeStatus.PENDING, city=None, **fields
    )
    return incident_save(incident=incident, changed_fields=[], user=analyst)


def test_the_geocoders_work_is_an_entry_of_its_own(analyst):
    incident = _created(analyst, location_text="Darnytskyi district, Kyiv")
    incident_geocode(incident_id=incident.pk)
    created, geocoded = incident.history.order_by("history_date")
    assert created.history_user == analyst and created.geocode_status == "pending"
    assert geocoded.history_user.username == "geocoder"
    assert not geocoded.history_user.is_active  # an actor, not an account
    assert geocoded.geocode_status == GeocodeStatus.DONE
    assert geocoded.district.slug == "darnytskyi"
    assert geocoded.history_change_reason.startswith("Matched")


def test_a_final_failure_is_recorded_with_its_reason(analyst):
    incident = _created(analyst, location_text="somewhere")
    incident_geocode_fail(incident_id=incident.pk, reason="Redis went away 6 times")
    last = incident.history.first()
    assert last.history_user.username == "geocoder"
    assert last.geocode_status == GeocodeStatus.FAILED
    assert last.history_change_reason == "Redis went away 6 times"


def test_geocode_again_is_recorded_with_who_asked(analyst):
    incident = _created(analyst, location_text="Darnytskyi district, Kyiv")
    incident_geocode(incident_id=incident.pk)
    incident_geocode_again(
        incidents=Incident.objects.filter(pk=incident.pk), user=analyst
    )
    last = incident.history.first()
    assert last.history_user == analyst
    assert last.geocode_status == GeocodeStatus.PENDING
    assert last.history_change_reason == "Sent to the geocoder again"


def test_the_incident_page_shows_the_geocoders_entry(client, analyst):
    incident = _created(analyst, location_text="Darnytskyi district, Kyiv")
    incident_geocode(incident_id=incident.pk)
    client.force_login(analyst)
    page = client.get(reverse("incident-page", args=[incident.pk])).content.decode()
    history = page[page.index('id="history"') :]
    assert "geocoder" in history
    assert analyst.username in history
