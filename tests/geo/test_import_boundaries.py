import geopandas as gpd
import pytest
import shapely
from django.core.management import CommandError, call_command

from geo.models import City, District
from geo.services import gazetteer_load

pytestmark = pytest.mark.django_db

# Each Donetsk district under a name people actually use, none its stored name_en.
DONETSK_NAMES = [
    "Будённовский район",
    "Ворошиловский",
    "Kalininsky",
    "Київський район",
    "Kirovskiy",
    "Kuybyshevsky",
    "Ленінський",
    "Petrovsky District",
    "Пролетарский район",
]


def _donetsk_cells(count: int) -> list:
    """Real-looking test polygons: vertical strips of the real Donetsk outline."""
    outline = shapely.from_wkb(bytes(City.objects.get(slug="donetsk").boundary.wkb))
    west, south, east, north = outline.bounds
    width = (east - west) / count
    return [
        outline.intersection(
            shapely.box(west + i * width, south, west + (i + 1) * width, north)
        )
        for i in range(count)
    ]


def _write(tmp_path, names, driver="GeoJSON", suffix="geojson", crs=4326):
    frame = gpd.GeoDataFrame(
        {"raion": names}, geometry=_donetsk_cells(len(names)), crs=4326
    ).to_crs(crs)
    path = tmp_path / f"donetsk_districts.{suffix}"
    frame.to_file(path, driver=driver)
    return path


def _with_polygon():
    return set(
        District.objects.filter(
            city__slug="donetsk", boundary__isnull=False
        ).values_list("slug", flat=True)
    )


def test_names_match_through_aliases_and_polygons_are_attached(tmp_path, capsys):
    path = _write(tmp_path, DONETSK_NAMES)
    call_command(
        "import_boundaries", str(path), "--city", "donetsk", "--name-field", "raion"
    )
    assert len(_with_polygon()) == 9
    budonnivskyi = District.objects.get(city__slug="donetsk", slug="budonnivskyi")
    assert budonnivskyi.boundary.valid
    assert budonnivskyi.boundary_source == "imported from donetsk_districts.geojson"
    assert "applied to 9 districts" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("driver", "suffix", "crs"),
    [("GPKG", "gpkg", 4326), ("ESRI Shapefile", "shp", 3857)],
)
def test_geopackage_and_shapefile_in_another_crs(tmp_path, driver, suffix, crs):
    path = _write(tmp_path, DONETSK_NAMES, driver=driver, suffix=suffix, crs=crs)
    call_command(
        "import_boundaries", str(path), "--city", "donetsk", "--name-field", "raion"
    )
    kalininskyi = District.objects.get(city__slug="donetsk", slug="kalininskyi")
    # Reprojected back to lon/lat, inside the city.
    assert (
        City.objects.get(slug="donetsk")
        .boundary.buffer(1e-4)
        .covers(kalininskyi.boundary)
    )


def test_unmatched_names_are_listed_and_nothing_is_applied(tmp_path):
    names = [*DONETSK_NAMES[:8], "Марсіанський район"]
    path = _write(tmp_path, names)
    with pytest.raises(CommandError) as error:
        call_command(
            "import_boundaries", str(path), "--city", "donetsk", "--name-field", "raion"
        )
    assert "'Марсіанський район'" in str(error.value)
    assert "nothing was applied" in str(error.value)
    assert _with_polygon() == set()


def test_partial_applies_the_matched_ones(tmp_path, capsys):
    names = [*DONETSK_NAMES[:8], "Марсіанський район"]
    path = _write(tmp_path, names)
    call_command(
        "import_boundaries",
        str(path),
        "--city",
        "donetsk",
        "--name-field",
        "raion",
        "--partial",
    )
    assert len(_with_polygon()) == 8
    assert "not matched: Марсіанський район" in capsys.readouterr().out


def test_two_features_for_one_district_are_refused(tmp_path):
    path = _write(tmp_path, ["Kalininsky", "Калининский район"])
    with pytest.raises(CommandError, match="both name the district Kalininskyi"):
        call_command(
            "import_boundaries", str(path), "--city", "donetsk", "--name-field", "raion"
        )
    assert _with_polygon() == set()


def test_wrong_field_and_city_are_clear_errors(tmp_path):
    path = _write(tmp_path, DONETSK_NAMES)
    with pytest.raises(CommandError, match=r"no field 'name' \(fields: raion\)"):
        call_command(
            "import_boundaries", str(path), "--city", "donetsk", "--name-field", "name"
        )
    with pytest.raises(CommandError, match="unknown city 'dnipro'"):
        call_command(
            "import_boundaries", str(path), "--city", "dnipro", "--name-field", "raion"
        )


def test_reloading_the_gazetteer_keeps_imported_polygons(tmp_path, settings):
    path = _write(tmp_path, DONETSK_NAMES)
    call_command(
        "import_boundaries", str(path), "--city", "donetsk", "--name-field", "raion"
    )
    report = gazetteer_load(data_dir=settings.GEODATA_DIR)
    assert report.changed == 0
    assert len(_with_polygon()) == 9


def _densified(polygon, vertices: int):
    """The same outline with about `vertices` points along its ring."""
    ring = polygon.exterior
    return shapely.Polygon(
        [ring.interpolate(i / vertices, normalized=True) for i in range(vertices)]
    )


def test_an_absurdly_detailed_outline_is_simplified_under_the_cap(tmp_path, capsys):
    from geo.geometry import MAX_BOUNDARY_VERTICES

    cell = _donetsk_cells(9)[0]
    cell = max(getattr(cell, "geoms", [cell]), key=lambda part: part.area)
    dense = _densified(cell, 200_000)
    path = tmp_path / "dense.geojson"
    gpd.GeoDataFrame(
        {"raion": ["Будённовский район"]}, geometry=[dense], crs=4326
    ).to_file(path, driver="GeoJSON")
    call_command(
        "import_boundaries",
        str(path),
        "--city",
        "donetsk",
        "--name-field",
        "raion",
        "--partial",
    )
    stored = District.objects.get(city__slug="donetsk", slug="budonnivskyi").boundary
    assert stored.valid
    assert stored.num_coords <= MAX_BOUNDARY_VERTICES
    # Simplified, not replaced: the stored outline is the same shape.
    stored_shape = shapely.from_wkb(bytes(stored.wkb))
    assert stored_shape.symmetric_difference(dense).area < 0.01 * dense.area
    assert "simplified budonnivskyi: 200001 vertices to" in capsys.readouterr().out


def test_an_outline_under_the_cap_is_stored_as_it_is():
    from geo.geometry import simplified_to_cap

    square = shapely.MultiPolygon([shapely.box(37.7, 47.9, 37.8, 48.0)])
    assert simplified_to_cap(square, cap=10) is square
    dense = shapely.MultiPolygon(
        [_densified(shapely.box(37.7, 47.9, 37.8, 48.0), 1000)]
    )
    assert shapely.get_num_coordinates(simplified_to_cap(dense, cap=50)) <= 50
