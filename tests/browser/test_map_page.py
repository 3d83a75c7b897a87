import csv
import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point

from geo.models import District
from incidents.choices import GeoPrecision
from tests.factories import PASSWORD, IncidentFactory, SourceFactory, UserFactory

pytestmark = [pytest.mark.browser]
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def incidents(pipeline_db):
    darnytskyi = District.objects.get(city__slug="kyiv", slug="darnytskyi")
    podilskyi = District.objects.get(city__slug="kyiv", slug="podilskyi")
    made = []
    for i in range(12):
        day = dt.datetime(2025, 8, 28 if i < 8 else 30, 3, i, tzinfo=KYIV)
        made.append(
            IncidentFactory(
                title=f"<b>Strike</b> {i}",
                occurred_from=day,
                occurred_to=day,
                district=darnytskyi if i % 2 else podilskyi,
                point=Point(30.62, 50.42, srid=4326)
                if i % 2
                else Point(30.51, 50.47, srid=4326),
                geo_precision=GeoPrecision.EXACT,
            )
        )
    # Located to a district only: shades Darnytskyi, no pin.
    IncidentFactory(
        occurred_from=dt.datetime(2025, 8, 28, 9, tzinfo=KYIV),
        occurred_to=dt.datetime(2025, 8, 28, 9, tzinfo=KYIV),
        district=darnytskyi,
        point=None,
        geo_precision=GeoPrecision.DISTRICT,
    )
    return made


def test_analyst_filters_the_map_and_exports_what_it_shows(page, incidents, screenshot):
    UserFactory(username="analyst")
    page.goto("/")  # to the login page, then back
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    map_node = page.locator("#incident-map[data-loading='false']")
    map_node.wait_for()
    assert map_node.get_attribute("data-total") == "13"
    assert map_node.get_attribute("data-markers") == "12"
    page.wait_for_selector(".cluster-icon")
    assert page.locator("path[data-district]").count() == 10
    assert (
        page.locator("path[data-district='darnytskyi']").get_attribute("data-count")
        == "7"
    )
    assert "© OpenStreetMap contributors" in page.inner_text(
        ".leaflet-control-attribution"
    )
    assert page.locator("#unmapped-districts tr").count() == 9
    # Two days with incidents; the list beside the map holds all of them.
    assert page.get_attribute("#timeline", "data-days") == "2"
    page.locator("#incident-list[data-count='13']").wait_for()
    screenshot("map-all")

    page.fill("input[name=from]", "2025-08-30")
    page.fill("input[name=to]", "2025-08-30")
    page.click("#filters button[type=submit]")
    page.wait_for_function(
        "() => document.getElementById('incident-map').dataset.total === '4'"
    )
    assert "from=2025-08-30" in page.url
    assert (
        page.locator("path[data-district='darnytskyi']").get_attribute("data-count")
        == "2"
    )

    page.select_option("select[name=district]", "darnytskyi")
    page.click("#filters button[type=submit]")
    page.wait_for_function(
        "() => document.getElementById('incident-map').dataset.total === '2'"
    )
    assert "district=darnytskyi" in page.url
    screenshot("map-filtered")

    with page.expect_download() as download_info:
        page.click("#export-geojson")
    exported = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    assert sorted(f["id"] for f in exported["features"]) == [
        incidents[9].pk,
        incidents[11].pk,
    ]
    assert "from=2025-08-30" in exported["permalink"]
    assert "district=darnytskyi" in exported["permalink"]
    with page.expect_download() as download_info:
        page.click("#export-csv")
    with open(download_info.value.path(), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(int(row["event_id"]) for row in rows) == [
        incidents[9].pk,
        incidents[11].pk,
    ]
    assert {row["district"] for row in rows} == {"darnytskyi"}

    page.go_back()
    page.wait_for_function(
        "() => document.getElementById('incident-map').dataset.total === '4'"
    )
    page.go_back()
    page.wait_for_function(
        "() => document.getElementById('incident-map').dataset.total === '13'"
    )
    assert page.input_value("input[name=from]") == ""
    assert page.errors == []


def test_popup_shows_escaped_report_text(page, sign_in, pipeline_db, screenshot):
    hostile = IncidentFactory(
        title='<img src=x onerror="alert(1)">',
        district=District.objects.get(city__slug="kyiv", slug="obolonskyi"),
        point=Point(30.49, 50.51, srid=4326),
        geo_precision=GeoPrecision.STREET,
        fatalities=None,
    )
    hostile.sources.add(
        SourceFactory(title="<script>x</script>", url="javascript:alert(3)")
    )
    UserFactory(username="analyst")
    sign_in("analyst")
    page.locator("#incident-map[data-loading='false']").wait_for()
    page.select_option("select[name=district]", "obolonskyi")
    page.click("#filters button[type=submit]")
    # The district's answer drawn (data-total goes while new filters load), the
    # list too: nothing replaces the marker while it is clicked.
    page.locator("#incident-map[data-loading='false'][data-total='1']").wait_for()
    page.locator("#incident-list[data-count='1'][data-loading='false']").wait_for(
        state="attached"
    )
    page.locator("#incident-map[data-moving='false']").wait_for(state="attached")
    page.locator("path.incident-marker").click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert '<img src=x onerror="alert(1)">' in text
    assert popup.locator("img").count() == 0
    assert "Killed\nunknown" in text
    # A javascript: URL from a report is not made a link.
    assert popup.locator("a[href^='javascript']").count() == 0
    screenshot("map-popup")
    assert page.errors == []


def test_incidents_closer_than_the_last_zoom_separates_fan_out_on_a_click(
    page, sign_in, incidents, screenshot
):
    # The map stops at zoom 16. Six incidents share one point, as incidents geocoded
    # to the same street anchor do, and one more is 5 m away: at zoom 16 the seven are
    # one cluster, and a click must still reach each of them.
    IncidentFactory(
        district=District.objects.get(city__slug="kyiv", slug="darnytskyi"),
        point=Point(30.62007, 50.42, srid=4326),
        geo_precision=GeoPrecision.EXACT,
    )
    UserFactory(username="analyst")
    sign_in("analyst", then="/?district=darnytskyi#16/50.42/30.62")
    page.locator("#incident-map[data-loading='false'][data-total='8']").wait_for()
    assert page.get_attribute("#incident-map", "data-view") == "16/50.42000/30.62000"
    cluster = page.locator(".cluster-icon")
    assert cluster.locator("span").first.inner_text() == "7"
    cluster.click()
    page.wait_for_function(
        "() => document.querySelectorAll('path.incident-marker').length === 7"
        " && !document.querySelector('.leaflet-cluster-anim')"  # fanned out
    )
    screenshot("map-fanned-out")
    # The cluster's faded icon stays over the middle of the fan: click a marker
    # clear of it, as an analyst would.
    icon = page.locator(".leaflet-marker-icon").bounding_box()
    below = [
        box
        for box in (
            m.bounding_box() for m in page.locator("path.incident-marker").all()
        )
        if box["y"] > icon["y"] + icon["height"]
    ]
    page.mouse.click(
        below[0]["x"] + below[0]["width"] / 2, below[0]["y"] + below[0]["height"] / 2
    )
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Strike" in popup.inner_text()
    assert page.errors == []


def test_the_view_is_kept_in_the_url(page, sign_in, incidents):
    map_node = page.locator("#incident-map")
    UserFactory(username="analyst")
    sign_in("analyst", then="/?district=darnytskyi")
    page.locator("#incident-map[data-loading='false'][data-total='7']").wait_for()
    # Opened without a view: the map fits Kyiv and says so in the hash.
    assert re.search(r"\?district=darnytskyi#1[01]/50\.4\d+/30\.5\d+$", page.url)

    # A link to another view of the same filter moves the map there...
    page.goto("/?district=darnytskyi#14/50.42/30.62")
    page.wait_for_function(
        "() => document.getElementById('incident-map').dataset.view"
        " === '14/50.42000/30.62000'"
    )
    assert page.url.endswith("?district=darnytskyi#14/50.42000/30.62000")
    page.click(".leaflet-control-zoom-in")
    page.wait_for_url("**#15/50.42000/30.62000")
    # ...and opens there, filters and all.
    page.reload()
    page.locator("#incident-map[data-loading='false'][data-total='7']").wait_for()
    assert map_node.get_attribute("data-view") == "15/50.42000/30.62000"
    assert page.url.endswith("?district=darnytskyi#15/50.42000/30.62000")

    # A filter keeps the view; back brings the filter and the view back.
    page.select_option("select[name=event_type]", "battles")
    page.click("#filters button[type=submit]")
    page.locator("#incident-map[data-loading='false'][data-total='0']").wait_for()
    assert page.url.endswith("event_type=battles#15/50.42000/30.62000")
    page.click(".leaflet-control-zoom-out")
    page.wait_for_url("**event_type=battles#14/50.42000/30.62000")
    page.go_back()
    page.locator("#incident-map[data-loading='false'][data-total='7']").wait_for()
    page.wait_for_function(
        "() => document.getElementById('incident-map').dataset.view"
        " === '15/50.42000/30.62000'"
    )
    assert page.url.endswith("?district=darnytskyi#15/50.42000/30.62000")

    # The city switch makes a new entry with the other city's view; back returns to
    # this one, here.
    page.click("#city-switch button[data-city=donetsk]")
    # Darnytskyi is Kyiv's: left behind, not sent with Donetsk.
    page.wait_for_url(re.compile(r"\?city=donetsk#\d+/4[78]\.\d+/37\.\d+$"))
    page.go_back()
    page.wait_for_function(
        "() => document.getElementById('incident-map').dataset.view"
        " === '15/50.42000/30.62000'"
    )
    assert page.url.endswith("?district=darnytskyi#15/50.42000/30.62000")
    assert page.errors == []


# Including values the form's select and date fields cannot hold.
@pytest.mark.parametrize(
    "query, parameter",
    [
        ("district=nowhere", "district"),
        ("city=dnipro", "city"),
        ("from=28.08.2025", "from"),
    ],
)
def test_a_bad_filter_in_a_link_is_reported_not_drawn(
    page, sign_in, incidents, query, parameter
):
    UserFactory(username="analyst")
    sign_in("analyst", then=f"/?{query}")
    page.locator("#incident-map[data-loading='false']").wait_for()
    assert page.inner_text("#filter-errors").startswith(f"{parameter}:")
    assert page.get_attribute("#incident-map", "data-markers") is None
    assert page.locator(".cluster-icon, path.incident-marker").count() == 0
    assert page.errors == []
