import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from incidents.choices import GeocodeStatus
from incidents.models import Incident
from tests.factories import PASSWORD

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
@override_settings(
    LEAFLET_CONFIG={
        **__import__("django.conf").conf.settings.LEAFLET_CONFIG,
        "TILES": [],
    }
)
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


def test_an_incident_is_created_by_placing_a_point_on_the_map(signed_in, screenshot):
    page = signed_in
    page.goto("/admin/incidents/incident/add/")
    page.fill("#id_title", "Explosion reported on the map")
    page.fill("#id_occurred_from_0", "28/08/2025")
    page.fill("#id_occurred_from_1", "01:00:00")
    page.fill("#id_occurred_to_0", "28/08/2025")
    page.fill("#id_occurred_to_1", "05:00:00")
    page.wait_for_selector("#id_point-map[data-outlines='10']")
    page.click("#id_point-map .leaflet-draw-draw-marker")
    # Click the middle of Kyiv's Darnytskyi district as the map draws it.
    box = page.locator("#id_point-map path.district-darnytskyi").bounding_box()
    map_box = page.locator("#id_point-map").bounding_box()
    point = {
        "x": box["x"] + box["width"] / 2 - map_box["x"],
        "y": box["y"] + box["height"] / 2 - map_box["y"],
    }
    page.click("#id_point-map", position={"x": point["x"], "y": point["y"]})
    screenshot("admin-incident-point-placed")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/incidents/incident/")
    incident = Incident.objects.get(title="Explosion reported on the map")
    assert incident.point is not None
    assert incident.district.slug == "darnytskyi"
    assert incident.geocode_status == GeocodeStatus.MANUAL
    assert page.errors == []
