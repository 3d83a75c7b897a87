import json

import pytest
from django.contrib.gis.geos import Point
from django.core.management import CommandError, call_command

from geo.models import City, District, Place, Street
from geo.services import gazetteer_load
from geo.sources import GeodataError

pytestmark = pytest.mark.django_db


def test_all_districts_of_both_cities_are_loaded():
    assert District.objects.filter(city__slug="kyiv").count() == 10
    assert District.objects.filter(city__slug="donetsk").count() == 9
    assert not District.objects.filter(
        city__slug="kyiv", boundary__isnull=True
    ).exists()
    # No polygons of Donetsk's districts exist in the sources.
    assert not District.objects.filter(
        city__slug="donetsk", boundary__isnull=False
    ).exists()


def test_every_polygon_is_valid_and_inside_its_city():
    for district in District.objects.filter(boundary__isnull=False).select_related(
        "city"
    ):
        assert district.boundary.valid, district
        assert district.boundary.geom_type == "MultiPolygon"
        assert district.city.boundary.buffer(1e-6).covers(district.boundary), district
    for city in City.objects.all():
        assert city.boundary.valid


def _district_at(lon: float, lat: float) -> str:
    return District.objects.get(boundary__covers=Point(lon, lat, srid=4326)).slug


def _station(name_uk: str) -> Place:
    return Place.objects.get(kind="metro_station", name_uk=name_uk)


@pytest.mark.parametrize(
    ("lon", "lat", "slug"),
    [
        (30.5155, 50.4652, "podilskyi"),  # Kontraktova Square
        (30.4497, 50.4017, "solomianskyi"),  # Zhuliany airport
        (30.5234, 50.4501, "shevchenkivskyi"),  # Maidan Nezalezhnosti
        (30.5569, 50.4344, "pecherskyi"),  # Kyiv Pechersk Lavra
    ],
)
def test_known_points_fall_in_the_right_district(lon, lat, slug):
    assert _district_at(lon, lat) == slug


@pytest.mark.parametrize(
    ("station", "slug"),
    [("Лісова", "desnianskyi"), ("Академмістечко", "sviatoshynskyi")],
)
def test_metro_stations_fall_in_the_right_district(station, slug):
    place = _station(station)
    assert _district_at(place.point.x, place.point.y) == slug
    assert place.district.slug == slug


def test_gazetteer_contents():
    assert Place.objects.filter(kind="metro_station").count() == 52
    khreshchatyk = Street.objects.get(full_name_uk="вулиця Хрещатик")
    assert set(khreshchatyk.districts.values_list("slug", flat=True)) == {
        "shevchenkivskyi",
        "pecherskyi",
    }
    assert khreshchatyk.point is not None
    assert khreshchatyk.name_latin == "Khreshchatyk"
    # A renaming from the 2014-2022 list is a former name of the current street.
    knyshova = Street.objects.get(full_name_uk="вулиця Академіка Книшова")
    assert "вулиця Амурська" in knyshova.former_names
    artema = Street.objects.get(city__slug="donetsk", name_ru="ул. Артема")
    assert City.objects.get(slug="donetsk").boundary.covers(artema.point)
    darnytskyi = District.objects.get(city__slug="kyiv", slug="darnytskyi")
    assert "Дарницькому районі" in darnytskyi.aliases
    assert darnytskyi.katottg == "UA80000000000210193"


def _snapshot():
    return {
        model.__name__: sorted(
            (tuple(str(v) for v in row) for row in model.objects.values_list()),
        )
        for model in (City, District, Street, Place)
    }


def test_second_load_changes_nothing(settings):
    before = _snapshot()
    links = Street.districts.through.objects.count()
    report = gazetteer_load(data_dir=settings.GEODATA_DIR)
    assert report.changed == 0
    assert report.counts["streets"].unchanged == Street.objects.count()
    assert _snapshot() == before
    assert Street.districts.through.objects.count() == links


def test_a_changed_source_updates_only_what_changed(data_copy):
    names = json.loads((data_copy / "district_names.json").read_text())
    names["districts"][0]["aliases"].append("Голосієве")
    (data_copy / "district_names.json").write_text(json.dumps(names))
    report = gazetteer_load(data_dir=data_copy)
    assert report.counts["districts"].updated == 1
    assert report.changed == 1
    assert "Голосієве" in District.objects.get(slug="holosiivskyi").aliases


def _break_metro_feature(data_dir):
    path = data_dir / "kyiv_metro_stations.geojson"
    data = json.loads(path.read_text())
    data["features"][3]["geometry"] = {
        "type": "LineString",
        "coordinates": [[30, 50], [31, 51]],
    }
    path.write_text(json.dumps(data))
    return data["features"][3]["properties"]["name_uk"]


def test_broken_file_names_file_feature_and_reason_and_changes_nothing(data_copy):
    # A change that would be written, and a broken file read after it.
    names = json.loads((data_copy / "district_names.json").read_text())
    names["districts"][1]["name_uk"] = "Перейменований"
    (data_copy / "district_names.json").write_text(json.dumps(names))
    station = _break_metro_feature(data_copy)
    before = _snapshot()
    with pytest.raises(GeodataError) as error:
        gazetteer_load(data_dir=data_copy)
    message = str(error.value)
    assert "kyiv_metro_stations.geojson" in message
    assert f"feature 3 ({station})" in message
    assert "LineString is not a point" in message
    assert _snapshot() == before


def test_command_reports_broken_file_as_a_clear_error(data_copy):
    (data_copy / "kyiv_districts.geojson").write_text('{"type": "FeatureCollection", ')
    with pytest.raises(CommandError, match=r"kyiv_districts.geojson.*cannot be read"):
        call_command("load_geodata", "--dir", str(data_copy), "--no-progress")


def test_command_refuses_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("load_geodata", "--dir", str(tmp_path / "nowhere"))


def test_self_intersecting_polygon_is_repaired(data_copy):
    path = data_copy / "city_boundaries.geojson"
    data = json.loads(path.read_text())
    ring = data["features"][1]["geometry"]["coordinates"][0]
    # Swap two vertices: the ring now crosses itself (a bow tie).
    ring[1], ring[2] = ring[2], ring[1]
    path.write_text(json.dumps(data))
    gazetteer_load(data_dir=data_copy)
    assert City.objects.get(
        slug=data["features"][1]["properties"]["name_en"].lower()
    ).boundary.valid


def test_command_prints_counts(capsys):
    call_command("load_geodata", "--no-progress")
    out = capsys.readouterr().out
    assert "districts: 0 created, 0 updated, 19 unchanged" in out
    assert "already up to date" in out
