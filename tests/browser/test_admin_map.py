import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from geo.models import District
from incidents.choices import GeocodeStatus, GeoPrecision
from incidents.models import Incident
from tests.factories import PASSWORD, IncidentFactory

pytestmark = [pytest.mark.browser]


@pytest.fixture
def signed_in(page, pipeline_db):
    get_user_model().objects.create_superuser("editor", password=PASSWORD)
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


# No tiles: the maps must draw the polygons without any network.
NO_TILES = override_settings(
    LEAFLET_CONFIG={
        **__import__("django.conf").conf.settings.LEAFLET_CONFIG,
        "TILES": [],
    }
)


def _centre_of(page, selector: str) -> dict:
    """Where `selector` is drawn, relative to the incident's map."""
    box = page.locator(selector).bounding_box()
    map_box = page.locator("#id_point-map").bounding_box()
    return {
        "x": box["x"] + box["width"] / 2 - map_box["x"],
        "y": box["y"] + box["height"] / 2 - map_box["y"],
    }


def _fill_when(page) -> None:
    page.fill("#id_occurred_from_0", "28/08/2025")
    page.fill("#id_occurred_from_1", "01:00:00")
    page.fill("#id_occurred_to_0", "28/08/2025")
    page.fill("#id_occurred_to_1", "05:00:00")


@NO_TILES
def test_district_map_draws_kyiv_polygons_offline(signed_in, screenshot):
    page = signed_in
    page.goto("/admin/geo/district/")
    page.wait_for_selector("#district-overview[data-outlines='10']")
    assert page.locator("#district-overview path.leaflet-interactive").count() == 10
    assert "© OpenStreetMap contributors" in page.inner_text(
        "#district-overview .leaflet-control-attribution"
    )
    assert "No polygon is known for 9 districts" in page.inner_text(
        "#districts-without-polygon"
    )
    screenshot("admin-districts")
    assert page.errors == []


@NO_TILES
def test_one_click_on_the_map_places_the_point_and_save_stores_its_precision(
    signed_in, screenshot
):
    page = signed_in
    page.goto("/admin/incidents/incident/add/")
    page.fill("#id_title", "Strike placed with one click")
    _fill_when(page)
    page.wait_for_selector("#id_point-map[data-outlines='10'][data-point-editor=ready]")
    precision = page.locator(".form-row.field-point_precision")
    assert precision.is_hidden()  # asked only once a point is placed
    # One click in the middle of Darnytskyi district as the map draws it: no
    # toolbar button first.
    page.click(
        "#id_point-map",
        position=_centre_of(page, "#id_point-map path.district-darnytskyi"),
    )
    assert page.locator("#id_point-map .leaflet-marker-icon").count() == 1
    assert precision.is_visible()
    assert page.input_value("#id_point_precision") == GeoPrecision.EXACT
    page.select_option("#id_point_precision", GeoPrecision.STREET)
    screenshot("admin-incident-one-click")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/incidents/incident/")
    incident = Incident.objects.get(title="Strike placed with one click")
    assert incident.point is not None
    assert incident.district.slug == "darnytskyi"
    assert incident.geocode_status == GeocodeStatus.MANUAL
    assert incident.geo_precision == GeoPrecision.STREET
    assert incident.history.count() == 1
    assert page.errors == []


def _drag_marker(page, *, dx: float, dy: float) -> None:
    """Drag the incident's marker by its icon, as a hand on a mouse would."""
    # Mouse coordinates are the viewport's: the map sits below the fold.
    page.locator("#id_point-map").scroll_into_view_if_needed()
    box = page.locator("#id_point-map .leaflet-marker-icon").bounding_box()
    # The icon's tip is the point; grab it a little above.
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 6
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=12)
    page.mouse.up()


@NO_TILES
def test_the_point_of_an_incident_is_dragged_directly_and_save_stores_it(
    signed_in, screenshot, kyiv
):
    page = signed_in
    darnytskyi = District.objects.get(city=kyiv, slug="darnytskyi")
    start = darnytskyi.boundary.point_on_surface
    incident = IncidentFactory(
        title="Strike to move",
        point=start,
        geo_precision=GeoPrecision.DISTRICT,
        geocode_status=GeocodeStatus.DONE,
    )
    page.goto(f"/admin/incidents/incident/{incident.pk}/change/")
    page.wait_for_selector("#id_point-map[data-outlines='10'][data-point-editor=ready]")
    precision = page.locator(".form-row.field-point_precision")
    assert precision.is_hidden()
    # No edit button first: the marker itself is dragged, 120 px east.
    _drag_marker(page, dx=120, dy=0)
    assert page.locator("#id_point-map .leaflet-marker-icon").count() == 1
    assert precision.is_visible()
    screenshot("admin-incident-dragged")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/incidents/incident/")
    incident.refresh_from_db()
    # At the zoom django-leaflet opens a point at (15), 120 px is about 0.005 deg.
    assert 0.002 < incident.point.x - start.x < 0.02
    assert abs(incident.point.y - start.y) < 0.001
    assert incident.geocode_status == GeocodeStatus.MANUAL
    assert incident.geo_precision == GeoPrecision.EXACT
    assert page.errors == []


@NO_TILES
def test_a_second_click_moves_the_point_rather_than_adding_one(signed_in, kyiv):
    page = signed_in
    page.goto("/admin/incidents/incident/add/")
    page.fill("#id_title", "Strike placed twice")
    _fill_when(page)
    page.wait_for_selector("#id_point-map[data-outlines='10'][data-point-editor=ready]")
    for district in ("darnytskyi", "obolonskyi"):
        page.click(
            "#id_point-map",
            position=_centre_of(page, f"#id_point-map path.district-{district}"),
        )
        assert page.locator("#id_point-map .leaflet-marker-icon").count() == 1
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/incidents/incident/")
    incident = Incident.objects.get(title="Strike placed twice")
    assert incident.district.slug == "obolonskyi"
    assert page.errors == []


def test_an_incident_is_created_with_the_toolbar_marker_tool(signed_in, screenshot):
    page = signed_in
    page.goto("/admin/incidents/incident/add/")
    page.fill("#id_title", "Explosion reported on the map")
    _fill_when(page)
    page.wait_for_selector("#id_point-map[data-outlines='10']")
    page.click("#id_point-map .leaflet-draw-draw-marker")
    # Click the middle of Kyiv's Darnytskyi district as the map draws it.
    page.click(
        "#id_point-map",
        position=_centre_of(page, "#id_point-map path.district-darnytskyi"),
    )
    # The tool's click is the tool's: one marker, not a second one placed by it.
    assert page.locator("#id_point-map .leaflet-marker-icon").count() == 1
    assert page.is_visible(".form-row.field-point_precision")
    screenshot("admin-incident-point-placed")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/incidents/incident/")
    incident = Incident.objects.get(title="Explosion reported on the map")
    assert incident.point is not None
    assert incident.district.slug == "darnytskyi"
    assert incident.geocode_status == GeocodeStatus.MANUAL
    assert page.errors == []
