"""Every write to the gazetteer gives it a new generation, and a process's index
rebuilds when it sees one (geo/services.py, geo/signals.py, geo/geocoder/loading.py).

The index here is the test process's own, built before the write and never reset
by it: what a Celery worker's index lives through while an analyst edits the admin.
"""

import geopandas as gpd
import pytest
import shapely
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from geo.geocoder import geocode, reset_index
from geo.geocoder.loading import gazetteer_generation
from geo.models import City, District, Place, PlaceKind, Street

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]

NEW_FORMER_NAME = "вулиця Давноминулого Випробування"
NEW_ALIAS = "Небувалівка"


@pytest.fixture
def staff_client(client):
    client.force_login(
        get_user_model().objects.create_superuser("gazetteer-admin", password="x")
    )
    return client


@pytest.fixture
def fresh(settings):
    """The index checks the generation before every geocode."""
    settings.GEOCODER_INDEX_FRESHNESS = 0


def _neighbourhood() -> Place:
    return Place.objects.filter(
        city__slug="kyiv", kind=PlaceKind.NEIGHBOURHOOD
    ).order_by("pk")[0]


def _change_form_data(response) -> dict:
    """What the admin's change form would post back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if value is None:
            continue
        if hasattr(value, "wkt"):
            value = value.wkt
        data[name] = value
    return data


def test_a_saved_row_bumps_the_generation():
    before = gazetteer_generation()
    street = Street.objects.filter(city__slug="kyiv").order_by("pk")[0]
    street.former_names = [*street.former_names, NEW_FORMER_NAME]
    street.save()
    assert gazetteer_generation() not in ("", before)


def test_a_new_former_name_is_found_once_the_index_is_fresh(fresh):
    assert geocode(NEW_FORMER_NAME).precision == "none"  # built without it
    street = Street.objects.get(city__slug="kyiv", full_name_uk="вулиця Хрещатик")
    street.former_names = [*street.former_names, NEW_FORMER_NAME]
    street.save(update_fields=["former_names"])
    result = geocode(NEW_FORMER_NAME)
    assert (result.street_id, result.precision) == (street.pk, "street")


def test_within_the_freshness_window_the_index_is_not_asked(settings):
    settings.GEOCODER_INDEX_FRESHNESS = 3600
    reset_index()  # not the last test's, built on rows since rolled back
    assert geocode(NEW_FORMER_NAME).precision == "none"
    street = Street.objects.get(city__slug="kyiv", full_name_uk="вулиця Хрещатик")
    street.former_names = [*street.former_names, NEW_FORMER_NAME]
    street.save()
    assert geocode(NEW_FORMER_NAME).precision == "none"
    settings.GEOCODER_INDEX_FRESHNESS = 0
    assert geocode(NEW_FORMER_NAME).street_id == street.pk


def test_an_alias_added_in_the_admin_is_found(fresh, staff_client):
    place = _neighbourhood()
    assert geocode(NEW_ALIAS).place_id != place.pk
    url = reverse("admin:geo_place_change", args=[place.pk])
    data = _change_form_data(staff_client.get(url))
    data["aliases"] = f'["{NEW_ALIAS}"]'
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    place.refresh_from_db()
    assert place.aliases == [NEW_ALIAS]
    result = geocode(NEW_ALIAS)
    assert (result.place_id, result.method) == (place.pk, "gazetteer:neighbourhood")


def test_a_district_alias_saved_through_the_model_is_found(fresh):
    district = District.objects.get(city__slug="donetsk", slug="kyivskyi")
    alias = "Небувалівський"
    assert geocode(f"{alias} район, Донецьк").district != "kyivskyi"
    district.aliases = [*district.aliases, alias]
    district.save()
    result = geocode(f"{alias} район, Донецьк")
    assert (result.city, result.district) == ("donetsk", "kyivskyi")


def test_a_deleted_place_is_forgotten(fresh):
    place = _neighbourhood()
    pk = place.pk
    assert geocode(place.name_uk).place_id == pk
    place.delete()
    assert geocode(place.name_uk).place_id != pk


def test_a_street_moved_to_another_district_bumps_the_generation():
    street = Street.objects.filter(city__slug="kyiv").order_by("pk")[0]
    other = District.objects.filter(city__slug="kyiv").exclude(streets=street)[0]
    before = gazetteer_generation()
    street.districts.add(other)
    assert gazetteer_generation() != before


def test_import_boundaries_bumps_the_generation(tmp_path):
    donetsk = City.objects.get(slug="donetsk")
    outline = shapely.from_wkb(bytes(donetsk.boundary.wkb))
    west, south, east, north = outline.bounds
    cell = outline.intersection(shapely.box(west, south, (west + east) / 2, north))
    path = tmp_path / "kyivskyi.geojson"
    gpd.GeoDataFrame({"raion": ["Київський район"]}, geometry=[cell], crs=4326).to_file(
        path, driver="GeoJSON"
    )
    before = gazetteer_generation()
    call_command(
        "import_boundaries",
        str(path),
        "--city",
        "donetsk",
        "--name-field",
        "raion",
        "--partial",
    )
    assert gazetteer_generation() != before


def test_a_full_load_bumps_the_generation(settings):
    before = gazetteer_generation()
    call_command("load_geodata")
    after = gazetteer_generation()
    assert after not in ("", before)
