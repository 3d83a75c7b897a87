"""One save of an incident, one history entry, whoever saves it."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from incidents.choices import GeoPrecision
from incidents.models import Incident, InfrastructureTag, Weapon
from incidents.reports.services import report_ingest
from incidents.services import incident_save
from tests.factories import IncidentFactory, SourceFactory, UserFactory
from tests.incidents.test_admin import _form_data
from tests.incidents.test_ingestion import TEXT, _proposal
from tests.incidents.test_report_page import KYIV_REPORT, _extract, _save_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("editor", password="pass-word-123")
    client.force_login(user)
    client.user = user
    return client


def _m2m_of(record) -> dict[str, set[str]]:
    """The many-to-many state a history record holds, by slug or title."""
    return {
        "weapons": {row.weapon.slug for row in record.weapons.all()},
        "tags": {row.infrastructuretag.slug for row in record.tags.all()},
        "sources": {row.source.title for row in record.sources.all()},
    }


def test_an_admin_add_is_one_entry_with_the_user_and_the_final_m2m(staff_client, kyiv):
    sources = [SourceFactory(title="First report"), SourceFactory(title="Second")]
    incident = IncidentFactory.build(title="Drone debris on Khreshchatyk")
    data = _form_data(
        incident,
        city=kyiv.pk,
        point=json.dumps({"type": "Point", "coordinates": [30.5234, 50.4501]}),
        weapons=[Weapon.objects.get(slug="drone").pk],
        tags=[
            InfrastructureTag.objects.get(slug="residential").pk,
            InfrastructureTag.objects.get(slug="energy").pk,
        ],
        sources=[s.pk for s in sources],
    )
    response = staff_client.post(reverse("admin:incidents_incident_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Incident.objects.get(title="Drone debris on Khreshchatyk")
    [record] = created.history.all()
    assert record.history_type == "+"
    assert record.history_user == staff_client.user
    assert record.history_change_reason == "Added in the admin"
    assert record.title == "Drone debris on Khreshchatyk"
    assert record.district_id == created.district_id  # the state after the save
    assert _m2m_of(record) == {
        "weapons": {"drone"},
        "tags": {"residential", "energy"},
        "sources": {"First report", "Second"},
    }
    assert {w.slug for w in created.weapons.all()} == {"drone"}


def test_an_admin_change_is_one_entry_with_the_user_and_the_final_m2m(staff_client):
    incident = IncidentFactory(fatalities=None)
    incident.tags.set(InfrastructureTag.objects.filter(slug="residential"))
    incident.sources.set([SourceFactory(title="Old report")])
    before = incident.history.count()
    new_source = SourceFactory(title="New report")
    data = _form_data(
        incident,
        fatalities=3,
        weapons=[Weapon.objects.get(slug="missile").pk],
        tags=[InfrastructureTag.objects.get(slug="energy").pk],
        sources=[new_source.pk],
    )
    response = staff_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert incident.history.count() == before + 1
    latest, previous = incident.history.all()[:2]
    assert latest.history_type == "~"
    assert latest.history_user == staff_client.user
    assert latest.fatalities == 3
    assert latest.history_change_reason.startswith("Changed in the admin: ")
    assert "fatalities" in latest.history_change_reason
    assert _m2m_of(latest) == {
        "weapons": {"missile"},
        "tags": {"energy"},
        "sources": {"New report"},
    }
    changed = {c.field for c in latest.diff_against(previous).changes}
    assert {"fatalities", "weapons", "tags", "sources"} <= changed


def test_an_admin_change_of_the_m2m_only_is_still_one_entry(staff_client):
    incident = IncidentFactory()
    before = incident.history.count()
    data = _form_data(incident, weapons=[Weapon.objects.get(slug="drone").pk])
    staff_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )
    assert incident.history.count() == before + 1
    assert _m2m_of(incident.history.first())["weapons"] == {"drone"}


def test_a_refused_save_leaves_no_entry(kyiv):
    incident = IncidentFactory()
    before = incident.history.count()
    incident.fatalities = -1
    with pytest.raises(ValidationError):
        incident_save(
            incident=incident,
            changed_fields=["fatalities"],
            m2m={"weapons": Weapon.objects.filter(slug="drone")},
        )
    assert incident.history.count() == before
    assert not hasattr(incident, "skip_history_when_saving")


def test_incident_save_refuses_what_it_cannot_set():
    incident = IncidentFactory()
    with pytest.raises(ValueError, match="not casualty_reports"):
        incident_save(
            incident=incident, changed_fields=[], m2m={"casualty_reports": []}
        )
    with pytest.raises(ValueError, match="not 'district'"):
        incident_save(incident=incident, changed_fields=[], point_precision="district")


def test_an_ingestion_writes_one_entry_per_incident():
    analyst = UserFactory()
    result = report_ingest(
        text=TEXT,
        published=dt.date(2025, 8, 28),
        url="https://news.example.org/history",
        outlet="Example",
        title="Strike report",
        proposals=[_proposal(), _proposal(title="Second strike", district=None)],
        user=analyst,
    )
    assert len(result.created) == 2
    for incident in result.created:
        [record] = incident.history.all()
        assert record.history_type == "+"
        assert record.history_user == analyst
        assert record.history_change_reason == "From report: Strike report"
        assert _m2m_of(record) == {
            "weapons": {"drone"},
            "tags": {"residential"},
            "sources": {"Strike report"},
        }


def test_a_merged_report_is_one_more_entry():
    analyst = UserFactory()
    [incident] = report_ingest(
        text=TEXT,
        published=dt.date(2025, 8, 28),
        url="https://news.example.org/first",
        title="First",
        proposals=[_proposal()],
    ).created
    report_ingest(
        text=TEXT + " Three were injured.",
        published=dt.date(2025, 8, 28),
        url="https://news.example.org/second",
        title="Second",
        proposals=[_proposal(weapons=["missile"], injured=3)],
        merges={0: incident.pk},
        user=analyst,
    )
    latest, created = incident.history.all()
    assert (created.history_type, latest.history_type) == ("+", "~")
    assert latest.history_user == analyst
    assert latest.history_change_reason.startswith("Merged report: Second (it reports")
    assert "injured: 3)" in latest.history_change_reason
    assert latest.injured == 3
    assert _m2m_of(latest) == {
        "weapons": {"drone", "missile"},
        "tags": {"residential"},
        "sources": {"First", "Second"},
    }


def test_the_report_review_page_saves_one_entry_per_incident(staff_client):
    review = _extract(staff_client, text=KYIV_REPORT.read_text())
    saved = staff_client.post(reverse("report-add"), _save_data(review))
    assert saved.status_code == 302
    incidents = list(Incident.objects.all())
    assert incidents
    for incident in incidents:
        [record] = incident.history.all()
        assert record.history_user == staff_client.user
        assert record.sources.count() == 1


def test_the_worker_writes_one_entry_as_the_geocoder(kyiv):
    from incidents.geocoding import incident_geocode

    incident = incident_save(
        incident=IncidentFactory.build(location_text="Darnytskyi district, Kyiv"),
        changed_fields=[],
    )
    incident_geocode(incident_id=incident.pk)
    incident.refresh_from_db()
    assert incident.geo_precision == GeoPrecision.DISTRICT
    assert incident.history.count() == 2
    assert incident.history.first().history_user.username == "geocoder"


def test_a_save_inside_an_entry_is_part_of_that_entry():
    from incidents.history import incident_history_entry

    analyst = UserFactory()
    incident = IncidentFactory.build(title="Built in two steps")
    with incident_history_entry(incident, user=analyst, reason="Two steps"):
        incident_save(incident=incident, changed_fields=[], reason="inner")
        incident.weapons.set(Weapon.objects.filter(slug="drone"))
        incident_save(incident=incident, changed_fields=["title"], reason="inner")
    [record] = incident.history.all()
    assert (record.history_type, record.history_change_reason) == ("+", "Two steps")
    assert record.history_user == analyst
    assert _m2m_of(record)["weapons"] == {"drone"}
