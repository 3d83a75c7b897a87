import json
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from geo.models import City, District
from incidents.choices import EVENT_TYPE_MARKS, EventType
from incidents.map_page import map_config
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _config(language: str = "en", staff: bool = False) -> dict:
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=staff)
    with translation.override(language):
        return map_config(request)


def test_every_event_type_has_its_colour_and_letter():
    assert set(EVENT_TYPE_MARKS) == set(EventType)
    types = _config()["eventTypes"]
    assert [t["value"] for t in types] == list(EventType.values)
    explosions = types[0]
    assert explosions == {
        "value": "explosions_remote_violence",
        "label": "Explosions/Remote violence",
        "colour": "#c0392b",
        "short": "E",
    }
    assert all(re.fullmatch(r"#[0-9a-f]{6}", t["colour"]) for t in types)
    assert len({t["short"] for t in types}) == len(types)


def test_cities_have_their_boundaries_extent_and_names_in_the_ui_language():
    kyiv = City.objects.get(slug="kyiv")
    west, south, east, north = kyiv.boundary.extent
    cities = {c["slug"]: c for c in _config()["cities"]}
    assert cities["kyiv"]["name"] == "Kyiv"
    bounds = cities["kyiv"]["bounds"]
    assert [*bounds[0], *bounds[1]] == pytest.approx([south, west, north, east])
    # Leaflet's order, [[south, west], [north, east]]: Kyiv is about 50.2-50.6 N.
    assert 50.1 < bounds[0][0] < bounds[1][0] < 50.7
    in_ukrainian = {c["slug"]: c for c in _config("uk")["cities"]}
    assert in_ukrainian["kyiv"]["name"] == "Київ"


def test_districts_say_whether_they_have_a_polygon():
    districts = _config()["districts"]
    assert len(districts) == District.objects.count()
    by_slug = {(d["city"], d["slug"]): d for d in districts}
    assert by_slug[("kyiv", "darnytskyi")] == {
        "slug": "darnytskyi",
        "city": "kyiv",
        "name": "Darnytskyi",
        "hasPolygon": True,
    }
    assert not any(d["hasPolygon"] for d in districts if d["city"] == "donetsk")
    # Sorted by city, then by name in the UI's language.
    kyiv_names = [d["name"] for d in districts if d["city"] == "kyiv"]
    assert kyiv_names == sorted(kyiv_names, key=str.casefold)
    ukrainian = {d["slug"]: d["name"] for d in _config("uk")["districts"]}
    assert ukrainian["darnytskyi"] == District.objects.get(slug="darnytskyi").name_uk


def test_urls_come_from_the_url_conf_and_the_admin_link_only_for_staff():
    urls = _config()["urls"]
    assert urls["clusters"] == reverse("incident-clusters")
    assert urls["list"] == reverse("incident-list")
    assert urls["page"] == "/incidents/0/"
    assert urls["detail"] == "/api/incidents/0.json"
    assert urls["adminChange"] is None
    assert _config(staff=True)["urls"]["adminChange"].endswith("/0/change/")


def test_the_page_carries_the_config_and_every_string_the_scripts_use(client):
    client.force_login(UserFactory())
    response = client.get(reverse("incident-map"))
    assert response.status_code == 200
    html = response.content.decode()
    node = re.search(
        r'<script id="map-config" type="application/json">(.*?)</script>', html, re.S
    )
    config = json.loads(node.group(1))
    assert config["language"] == "en"
    assert config["locale"].startswith("en")
    assert {t["slug"] for t in config["tags"]} >= {"energy", "residential"}
    # The scripts read these keys; a missing one would show "undefined".
    used = set()
    for path in (
        "static/js/map/legend.js",
        "static/js/map/list.js",
        "static/js/map/popup.js",
        "static/js/map/panels.js",
        "static/js/map/workspace.js",
        "static/js/map/markers.js",
        "static/js/map/districts.js",
        "static/js/map/controls.js",
        "static/js/map/filters.js",
    ):
        with open(path, encoding="utf-8") as f:
            source = f.read()
        used |= set(re.findall(r"\b(?:s|strings|config\.strings)\.(\w+)", source))
    assert used, "no strings found: has the scripts' naming changed?"
    assert used <= set(config["strings"]), used - set(config["strings"])
    # One <h1>, and the district select grouped by city.
    assert html.count("<h1") == 1
    assert '<optgroup label="Kyiv">' in html
