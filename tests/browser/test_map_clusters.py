"""The map draws what its view holds: clusters made by the server at a low zoom,
single incidents at a high one, from /api/incidents.clusters.json alone."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point

from geo.models import City
from incidents.choices import EventType, GeocodeStatus, GeoPrecision, Status
from incidents.clusters import SINGLES_MAX
from incidents.models import Incident
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser]
KYIV = ZoneInfo("Europe/Kyiv")
CITY = (30.30, 50.30, 30.75, 50.55)
# A corner of Podil with a few incidents of its own.
PODIL = (30.5150, 50.4650)
TYPES = [EventType.EXPLOSIONS, EventType.BATTLES, EventType.VIOLENCE_AGAINST_CIVILIANS]


@pytest.fixture
def crowd(pipeline_db):
    """More incidents across Kyiv than a view sends one by one, and a few in Podil."""
    kyiv = City.objects.get(slug="kyiv")
    rng = random.Random(5)
    count = SINGLES_MAX * 2 + 200
    when = dt.datetime(2025, 8, 28, 12, tzinfo=KYIV)
    rows = [
        Incident(
            title=f"Strike {n}",
            occurred_from=when,
            occurred_to=when,
            event_type=TYPES[n % len(TYPES)],
            city=kyiv,
            point=Point(rng.uniform(CITY[0], CITY[2]), rng.uniform(CITY[1], CITY[3])),
            geo_precision=GeoPrecision.EXACT,
            geocode_status=GeocodeStatus.DONE,
            status=Status.PUBLISHED,
        )
        for n in range(count)
    ]
    rows += [
        Incident(
            title=f"Podil strike {n}",
            occurred_from=when + dt.timedelta(hours=1),
            occurred_to=when + dt.timedelta(hours=1),
            event_type=EventType.EXPLOSIONS,
            city=kyiv,
            point=Point(PODIL[0] + n * 0.0004, PODIL[1]),
            geo_precision=GeoPrecision.EXACT,
            geocode_status=GeocodeStatus.DONE,
            status=Status.PUBLISHED,
        )
        for n in range(3)
    ]
    Incident.objects.bulk_create(rows)
    UserFactory(username="analyst")
    return len(rows)


def _drawn(page) -> dict:
    return page.evaluate(
        """() => {
          const map = document.getElementById("incident-map");
          const icons = ".server-cluster .cluster-icon > span";
          const counts = [...document.querySelectorAll(icons)]
            // Written as the page's language writes numbers: "1,200", "1 200".
            .map((node) => Number(node.textContent.replace(/[^0-9]/g, "")));
          return {
            total: Number(map.dataset.markers),
            clusters: Number(map.dataset.clusters),
            points: Number(map.dataset.points),
            clusterSum: counts.reduce((a, b) => a + b, 0),
            clusterIcons: counts.length,
            view: map.dataset.view,
          };
        }"""
    )


def _settled(page) -> None:
    page.locator(
        "#incident-map[data-loading='false'][data-moving='false'][data-markers]"
    ).wait_for(state="attached")


def _drawn_after(page, before: str) -> str:
    """The box drawn once a view other than `before` has been drawn."""
    page.wait_for_function(
        "(before) => { const d = document.getElementById('incident-map')"
        ".dataset.drawn; return d && d !== before; }",
        arg=before,
    )
    return page.get_attribute("#incident-map", "data-drawn")


def _go(page, view: str) -> None:
    """A typed link to another view (no reload): the map pans there, to the
    nearest pixel."""
    page.evaluate("(view) => { window.location.hash = view; }", f"#{view}")
    page.wait_for_function(
        """(view) => {
          const [z, lat, lng] = view.split("/").map(Number);
          const [zz, la, ln] = document.getElementById("incident-map")
            .dataset.view.split("/").map(Number);
          return z === zz && Math.abs(lat - la) < 1e-4 && Math.abs(lng - ln) < 1e-4;
        }""",
        arg=view,
    )


def test_clusters_at_a_low_zoom_and_incidents_at_a_high_one(
    page, sign_in, crowd, screenshot
):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    sign_in("analyst", then="/?city=kyiv")
    page.locator("#incident-map[data-loading='false'][data-total]").wait_for()
    _settled(page)
    assert page.get_attribute("#incident-map", "data-total") == str(crowd)
    drawn = _drawn(page)
    # The whole city is in the view: its clusters and single incidents add up.
    assert drawn["clusters"] > 0
    assert drawn["clusterIcons"] == drawn["clusters"]
    assert drawn["clusterSum"] + drawn["points"] == drawn["total"] == crowd
    # Every cluster says what it holds, by event type.
    badges = page.locator(".server-cluster .mix span[data-type]").count()
    assert badges >= drawn["clusters"]
    screenshot("map-server-clusters")
    clusters_asked = [url for url in asked if "incidents.clusters.json" in url]
    assert clusters_asked and all(
        "bbox=" in url and "z=" in url
        for url in asked
        if "incidents.clusters.json" in url
    )
    assert not [url for url in asked if "incidents.points.json" in url]

    # A cluster opens two zoom levels closer, and the new view is asked for.
    zoom = int(drawn["view"].split("/")[0])
    before = len(clusters_asked)
    page.locator(".server-cluster").first.click()
    page.wait_for_function(
        f"() => parseInt(document.getElementById('incident-map').dataset.view)"
        f" === {zoom + 2}"
    )
    _settled(page)
    page.wait_for_function(
        "() => document.querySelectorAll('.server-cluster').length"
        " + document.querySelectorAll('path.incident-marker').length > 0"
    )
    assert len([url for url in asked if "incidents.clusters.json" in url]) > before

    # Close in, a street's width across: single incidents, no server clusters.
    before = page.get_attribute("#incident-map", "data-drawn")
    _go(page, f"16/{PODIL[1]:.5f}/{PODIL[0] + 0.0004:.5f}")
    _drawn_after(page, before)
    drawn = _drawn(page)
    assert drawn["clusters"] == 0
    assert drawn["points"] == drawn["total"] >= 3
    page.wait_for_function(
        "() => document.querySelectorAll('path.incident-marker').length >= 3"
    )
    screenshot("map-single-incidents")
    assert page.errors == []


def test_a_pan_asks_for_the_new_view_and_a_stale_answer_is_not_drawn(
    page, sign_in, crowd
):
    sign_in("analyst", then="/?city=kyiv#14/50.45000/30.40000")
    page.locator("#incident-map[data-loading='false'][data-total]").wait_for()
    _settled(page)
    first = page.get_attribute("#incident-map", "data-drawn")
    assert first.startswith("14/")

    # A small pan stays within the margin asked for: nothing new is asked.
    asked = []
    page.on(
        "request",
        lambda r: asked.append(r.url) if "incidents.clusters.json" in r.url else None,
    )
    _go(page, "14/50.45000/30.40500")
    page.wait_for_timeout(300)
    assert asked == []

    # The next view's answer is held back; the one after it goes through.
    held = []

    def hold_the_first(route):
        if not held:
            held.append(route)
        else:
            route.continue_()

    page.route("**/api/incidents.clusters.json*", hold_the_first)
    _go(page, "14/50.45000/30.60000")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the pan asked for the new view"
    _go(page, "14/50.35000/30.45000")
    last = _drawn_after(page, first)
    west, south, east, north = map(float, last.split("/")[1].split(","))
    assert west < 30.45 < east and south < 50.35 < north
    drawn = _drawn(page)
    assert drawn["clusterSum"] + drawn["points"] == drawn["total"]
    # The held answer, let through now, is for a view no longer shown.
    try:
        held[0].continue_()
    except Exception:  # noqa: BLE001 - the page gave up on it, as it should
        pass
    page.wait_for_timeout(500)
    assert page.get_attribute("#incident-map", "data-drawn") == last
    assert _drawn(page) == drawn
    assert page.errors == []


def test_counts_are_written_as_the_pages_language_writes_numbers(page, pipeline_db):
    kyiv = City.objects.get(slug="kyiv")
    when = dt.datetime(2025, 8, 28, 12, tzinfo=KYIV)
    Incident.objects.bulk_create(
        Incident(
            title=f"Strike {n}",
            occurred_from=when,
            occurred_to=when,
            city=kyiv,
            point=Point(30.52 + (n % 40) * 0.0001, 50.45),
            geo_precision=GeoPrecision.EXACT,
            geocode_status=GeocodeStatus.DONE,
            status=Status.PUBLISHED,
        )
        for n in range(1200)
    )
    UserFactory(username="analyst")
    page.set_extra_http_headers({"Accept-Language": "uk"})
    page.goto("/accounts/login/?next=/%2311/50.45/30.52")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    _settled(page)
    bubble = page.locator(".server-cluster .cluster-icon > span").first
    # Ukrainian groups thousands with a no-break space, English with a comma.
    assert bubble.inner_text().replace("\xa0", " ").replace("\u202f", " ") == "1 200"
    page.locator("#incident-list[data-count='1200']").wait_for(state="attached")
    status = page.inner_text("#list-status").replace("\xa0", " ")
    assert status.replace("\u202f", " ").endswith("1 200")
