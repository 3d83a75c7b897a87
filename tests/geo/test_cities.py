"""geo/cities.py is the one list of the two cities; the data and the app agree
with it."""

import pytest
from django.contrib.gis.db.models import Extent

from geo.cities import BY_SLUG, CITIES, CITY_SLUGS
from geo.geocoder import CITY_HINTS, geocode
from geo.models import City
from incidents.extraction.places import CITY_NAMES
from incidents.map_page import _cities

pytestmark = pytest.mark.django_db


def test_the_gazetteer_has_the_cities_the_module_names():
    rows = City.objects.values_list("slug", "name_en", "name_uk")
    assert sorted(rows) == sorted((c.slug, c.name_en, c.name_uk) for c in CITIES)
    assert CITY_HINTS == CITY_SLUGS


@pytest.mark.parametrize("city", CITIES, ids=lambda c: c.slug)
def test_each_citys_bounds_hold_its_outline(city):
    west, south, east, north = City.objects.filter(slug=city.slug).aggregate(
        extent=Extent("boundary")
    )["extent"]
    (b_south, b_west), (b_north, b_east) = city.bounds
    slack = 0.01  # degrees: the bounds are rounded
    assert b_south - slack <= south and north <= b_north + slack
    assert b_west - slack <= west and east <= b_east + slack


@pytest.mark.parametrize("city", CITIES, ids=lambda c: c.slug)
@pytest.mark.parametrize("language", ["uk", "ru", "en"])
def test_every_name_of_a_city_is_known_to_geocoder_and_extraction(city, language):
    assert CITY_NAMES[language][city.slug] == city.name(language)
    for name in city.names:
        assert geocode(name).city == city.slug, name


def test_the_map_falls_back_to_the_modules_view_without_an_outline():
    City.objects.filter(slug="donetsk").update(boundary=None)
    by_slug = {row["slug"]: row for row in _cities()}
    assert by_slug["donetsk"]["bounds"] == [
        list(corner) for corner in BY_SLUG["donetsk"].bounds
    ]
    assert by_slug["kyiv"]["bounds"][0][0] == pytest.approx(50.213, abs=0.01)
