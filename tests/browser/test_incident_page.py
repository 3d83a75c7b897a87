"""The incident page in a real browser: its small map draws what the report gives."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point

from geo.models import District
from incidents.choices import GeoPrecision
from incidents.models import CasualtyReport
from tests.factories import IncidentFactory, SourceFactory, UserFactory

pytestmark = [pytest.mark.browser]
KYIV = ZoneInfo("Europe/Kyiv")


def _open(page, sign_in, incident) -> None:
    UserFactory(username="analyst")
    sign_in("analyst", then=f"/incidents/{incident.pk}/")
    page.wait_for_selector("#incident-page-map[data-drawn]")


def test_a_district_level_incident_shades_its_district(
    page, sign_in, pipeline_db, screenshot
):
    moment = dt.datetime(2025, 8, 28, 1, 0, tzinfo=KYIV)
    incident = IncidentFactory(
        title="Удар по Дарницькому району",
        occurred_from=moment,
        occurred_to=moment + dt.timedelta(hours=4),
        district=District.objects.get(city__slug="kyiv", slug="darnytskyi"),
        geo_precision=GeoPrecision.DISTRICT,
        fatalities=17,
    )
    source = SourceFactory(title="<b>Нічна атака</b>", outlet="Суспільне")
    incident.sources.add(source)
    CasualtyReport.objects.create(
        incident=incident, source=source, fatalities=17, evidence="Загинули 17 людей."
    )
    _open(page, sign_in, incident)
    map_node = page.locator("#incident-page-map")
    assert map_node.get_attribute("data-drawn") == "district"
    assert page.locator("#incident-page-map .leaflet-overlay-pane path").count() == 1
    assert page.locator(".leaflet-marker-pane *").count() == 0
    assert page.locator("h1").count() == 1
    assert page.inner_text("h1") == "Удар по Дарницькому району"
    assert "<b>Нічна атака</b>" in page.inner_text("#sources")
    assert "Загинули 17 людей." in page.inner_text("#evidence")
    box = map_node.bounding_box()
    assert box["height"] >= 300
    assert page.errors == []
    screenshot("incident-page-district")


def test_a_pinned_incident_shows_its_point(page, sign_in, pipeline_db, screenshot):
    incident = IncidentFactory(
        point=Point(30.5234, 50.4501, srid=4326), geo_precision=GeoPrecision.EXACT
    )
    _open(page, sign_in, incident)
    assert page.get_attribute("#incident-page-map", "data-drawn") == "point"
    assert page.locator("#incident-page-map path.leaflet-interactive").count() == 1
    center = page.evaluate(
        "() => { const c = document.querySelector('#incident-page-map');"
        " return c.dataset.drawn; }"
    )
    assert center == "point"
    assert page.errors == []
    screenshot("incident-page-point")
