"""seed_synthetic: the same incidents whether COPY (PostgreSQL) or bulk_create
(SpatiaLite) writes them, read back through the model."""

import pytest
from django.core.management import call_command

from geo.models import District
from incidents.choices import GeocodeStatus, GeoPrecision, Status
from incidents.models import Incident
from incidents.synthetic import SYNTHETIC_PREFIX, incidents_seed_synthetic

pytestmark = pytest.mark.django_db


def test_the_incidents_read_back_whole_through_the_model():
    assert incidents_seed_synthetic(count=400, seed=7, days=30) == 400
    made = list(Incident.objects.select_related("district"))
    assert len(made) == 400
    with_point = [i for i in made if i.point is not None]
    # A fifth are located to a district only, give or take the dice.
    assert 260 <= len(with_point) <= 360
    for incident in made:
        assert incident.title.startswith(SYNTHETIC_PREFIX)
        assert incident.status == Status.PUBLISHED
        assert incident.geocode_status == GeocodeStatus.DONE
        # The columns the seeding leaves to the model's defaults.
        assert incident.geocode_candidates == []
        assert incident.notes == ""
        assert incident.exact_location_publishable is False
        assert incident.created_at is not None
        assert incident.occurred_from <= incident.occurred_to
    for incident in with_point:
        assert incident.geo_precision in (GeoPrecision.EXACT, GeoPrecision.STREET)
        assert incident.point.srid == 4326
        assert incident.district.boundary.contains(incident.point)
    assert {i.geo_precision for i in made if i.point is None} == {GeoPrecision.DISTRICT}


def test_the_same_seed_makes_the_same_incidents():
    incidents_seed_synthetic(count=50, seed=3, days=30)
    first = list(
        Incident.objects.order_by("pk").values_list("title", "district__slug", "point")
    )
    Incident.objects.all().delete()
    incidents_seed_synthetic(count=50, seed=3, days=30)
    again = list(
        Incident.objects.order_by("pk").values_list("title", "district__slug", "point")
    )
    assert [(t, d, p and p.coords) for t, d, p in first] == [
        (t, d, p and p.coords) for t, d, p in again
    ]


def test_the_command_needs_the_district_polygons(capsys):
    District.objects.update(boundary=None)
    with pytest.raises(Exception, match="run load_geodata first"):
        call_command("seed_synthetic", "--count", "5")
    assert Incident.objects.count() == 0
