import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from geo.models import District
from incidents.choices import EventType, GeocodeStatus, SubEventType
from incidents.models import Incident, InfrastructureTag, Weapon
from tests.factories import IncidentFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _violates(**changes) -> bool:
    incident = IncidentFactory()
    try:
        with transaction.atomic():
            Incident.objects.filter(pk=incident.pk).update(**changes)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "changes",
    [
        {"fatalities": -1},
        {"injured": -3},
        {"occurred_to": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
        {"status": "deleted"},
        {"geocode_status": "maybe"},
        {"event_type": "rumour"},
        {"sub_event_type": "meteor"},
        {"time_precision": "week"},
        {"geo_precision": "planet"},
        {"geocode_confidence": 1.5},
    ],
)
def test_database_refuses_invalid_rows(changes):
    assert _violates(**changes)


def test_database_accepts_unknown_counts_and_zero_length_interval():
    incident = IncidentFactory(fatalities=None, injured=0)
    assert not _violates(occurred_to=incident.occurred_from, fatalities=None)
    incident.refresh_from_db()
    assert incident.fatalities is None
    assert incident.injured == 0


def test_clean_rejects_a_sub_type_of_another_type():
    incident = IncidentFactory.build(
        event_type=EventType.BATTLES, sub_event_type=SubEventType.AIR_DRONE_STRIKE
    )
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "is not a sub-type of Battles" in str(error.value)


def test_clean_rejects_district_and_point_of_another_city(kyiv):
    donetsk_district = District.objects.get(city__slug="donetsk", slug="kyivskyi")
    incident = IncidentFactory.build(district=donetsk_district)
    with pytest.raises(ValidationError, match="is not in Kyiv"):
        incident.full_clean()
    incident = IncidentFactory.build(point=Point(37.80, 48.0, srid=4326))
    with pytest.raises(ValidationError, match="outside Kyiv"):
        incident.full_clean()


def test_clean_rejects_end_before_start():
    incident = IncidentFactory.build()
    incident.occurred_to = incident.occurred_from - dt.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="end is before the start"):
        incident.full_clean()


def test_vocabularies_are_seeded_and_link_to_incidents():
    incident = IncidentFactory()
    incident.weapons.set(Weapon.objects.filter(slug__in=["ballistic_missile", "drone"]))
    incident.tags.set(InfrastructureTag.objects.filter(slug="residential"))
    incident.sources.add(
        SourceFactory(), SourceFactory(url=None), SourceFactory(url=None)
    )
    assert incident.sources.count() == 3
    assert {w.slug for w in incident.weapons.all()} == {"ballistic_missile", "drone"}
    assert (
        InfrastructureTag.objects.filter(
            slug__in=["medical", "energy", "heating", "water", "rail", "diplomatic"]
        ).count()
        == 6
    )


def test_source_url_is_unique_when_present():
    SourceFactory(url="https://news.example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory(url="https://news.example.org/a")


def test_new_incident_waits_for_the_geocoder():
    assert IncidentFactory().geocode_status == GeocodeStatus.PENDING
