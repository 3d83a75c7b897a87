"""The map page as an analyst's workspace: the list beside the map, incidents without
a point opened from the list and from the map, bad links, the phone layout, the keys."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point

from geo.models import City, District
from incidents.choices import EventType, GeoPrecision
from tests.factories import PASSWORD, IncidentFactory, SourceFactory, UserFactory

pytestmark = [pytest.mark.browser]
KYIV = ZoneInfo("Europe/Kyiv")


def at(day: int, hour: int = 12) -> dict:
    moment = dt.datetime(2025, 8, day, hour, tzinfo=KYIV)
    return {"occurred_from": moment, "occurred_to": moment}


@pytest.fixture
def incidents(pipeline_db):
    kyiv = City.objects.get(slug="kyiv")
    district = {
        slug: District.objects.get(city=kyiv, slug=slug)
        for slug in ("darnytskyi", "podilskyi", "obolonskyi")
    }
    made = {
        # The newest: first in the list.
        "exact": IncidentFactory(
            title="Drone hit a warehouse",
            **at(30),
            city=kyiv,
            district=district["podilskyi"],
            point=Point(30.51, 50.47, srid=4326),
            geo_precision=GeoPrecision.EXACT,
            fatalities=2,
            injured=None,
        ),
        "district": IncidentFactory(
            title="Missile strike on a depot",
            **at(28),
            city=kyiv,
            district=district["darnytskyi"],
            point=None,
            geo_precision=GeoPrecision.DISTRICT,
            fatalities=17,
            injured=40,
        ),
        "city": IncidentFactory(
            title="Debris fell across the city",
            **at(27),
            city=kyiv,
            district=None,
            point=None,
            geo_precision=GeoPrecision.CITY,
            fatalities=None,
            injured=1,
        ),
        "street": IncidentFactory(
            title="Shelling on a street",
            **at(26),
            city=kyiv,
            district=district["obolonskyi"],
            point=Point(30.49, 50.51, srid=4326),
            geo_precision=GeoPrecision.STREET,
            event_type=EventType.BATTLES,
            fatalities=0,
            injured=3,
        ),
    }
    made["street"].sources.add(SourceFactory(title="Suspilne on the shelling"))
    made["street"].sources.add(SourceFactory(title="Ukrainska Pravda"))
    UserFactory(username="analyst")
    return made


def wait_loaded(page, total=None):
    selector = "#incident-map[data-loading='false']"
    if total is not None:
        selector += f"[data-total='{total}']"
    page.locator(selector).wait_for()
    # Attached, not visible: on a phone the list is in the folded panel.
    page.locator("#incident-list[data-loading='false']").wait_for(state="attached")


def list_titles(page) -> list[str]:
    return page.locator("#incident-list tbody td.title").all_inner_texts()


def row(page, incident):
    return page.locator(f"#incident-list tbody tr[data-incident='{incident.pk}']")


def test_the_list_follows_the_filters_the_search_and_sorts(
    page, sign_in, incidents, screenshot
):
    sign_in("analyst")
    wait_loaded(page, total=4)
    listing = page.locator("#incident-list")
    assert listing.get_attribute("data-count") == "4"
    assert list_titles(page) == [
        "Drone hit a warehouse",
        "Missile strike on a depot",
        "Debris fell across the city",
        "Shelling on a street",
    ]
    street = row(page, incidents["street"])
    assert street.locator("td.where").inner_text() == "Kyiv · Obolonskyi"
    # Zero killed is a number; unknown is "?", never 0.
    assert street.locator("td.killed").inner_text() == "0"
    assert row(page, incidents["exact"]).locator("td.injured").inner_text() == "?"
    assert street.locator("td.sources").inner_text() == "2"
    assert street.locator("td.type").inner_text() == "Battles"
    assert street.locator("td.title a").get_attribute("href") == (
        f"/incidents/{incidents['street'].pk}/"
    )
    assert page.inner_text("#list-status") == "Matching incidents: 4"
    assert page.inner_text("#list-page") == "Page 1 of 1"
    screenshot("workspace-list")

    # Two districts, chosen by name; the URL keeps their slugs.
    page.select_option("select[name=district]", label=["Darnytskyi", "Podilskyi"])
    page.click("#filters button[type=submit]")
    wait_loaded(page, total=2)
    assert "district=darnytskyi&district=podilskyi" in page.url
    assert sorted(list_titles(page)) == [
        "Drone hit a warehouse",
        "Missile strike on a depot",
    ]
    assert page.get_attribute("#incident-map", "data-markers") == "1"

    # The search narrows the same way, in the URL, for map and list alike.
    page.fill("input[name=q]", "depot")
    page.press("input[name=q]", "Enter")
    wait_loaded(page, total=1)
    assert "q=depot" in page.url
    assert list_titles(page) == ["Missile strike on a depot"]
    assert page.get_attribute("#incident-map", "data-markers") == "0"

    # Back: the form and the list follow the history.
    page.go_back()
    wait_loaded(page, total=2)
    assert page.input_value("input[name=q]") == ""
    assert len(list_titles(page)) == 2

    # Sorting by the headers, kept in the URL.
    page.goto("/")
    wait_loaded(page, total=4)
    page.click("th[data-sort=fatalities] button")
    page.wait_for_url(re.compile(r"sort=-fatalities"))
    page.wait_for_function(
        "() => document.querySelector('#incident-list tbody td.title')"
        "?.innerText === 'Missile strike on a depot'"
    )
    assert page.get_attribute("th[data-sort=fatalities]", "aria-sort") == "descending"
    page.click("th[data-sort=fatalities] button")
    page.wait_for_url(re.compile(r"sort=fatalities(&|$|#)"))
    page.wait_for_function(
        "() => document.querySelector('#incident-list tbody td.title')"
        "?.innerText === 'Shelling on a street'"
    )
    # Sorting reloads the list only: the map keeps its markers.
    assert page.get_attribute("#incident-map", "data-markers") == "2"

    # Pages from the server, with the total.
    page.goto("/?page_size=3")
    wait_loaded(page, total=4)
    assert page.inner_text("#list-page") == "Page 1 of 2"
    assert len(list_titles(page)) == 3
    page.click("#list-next")
    page.wait_for_function(
        "() => document.getElementById('list-page').innerText === 'Page 2 of 2'"
    )
    assert "page=2" in page.url
    assert list_titles(page) == ["Shelling on a street"]
    assert page.is_disabled("#list-next")
    page.click("#list-prev")
    page.wait_for_function(
        "() => document.getElementById('list-page').innerText === 'Page 1 of 2'"
    )
    assert page.errors == []


def test_a_district_level_incident_opens_from_the_list_and_the_map(
    page, sign_in, incidents, screenshot
):
    depot = incidents["district"]
    sign_in("analyst")
    wait_loaded(page, total=4)
    # From the list: its district is fitted, outlined and its popup opened.
    row(page, depot).locator("td.where").click()
    popup = page.locator(f".leaflet-popup-content .popup[data-incident='{depot.pk}']")
    popup.wait_for()
    assert "Missile strike on a depot" in popup.inner_text()
    assert "Killed\n17" in popup.inner_text()
    assert popup.locator("a.incident-page").get_attribute("href") == (
        f"/incidents/{depot.pk}/"
    )
    darnytskyi = page.locator("path[data-district='darnytskyi']")
    assert "highlighted" in darnytskyi.get_attribute("class")
    screenshot("workspace-district-from-list")

    # From the map: a click on the district narrows the filters and the list to it.
    page.click(".leaflet-popup-close-button")
    page.locator(".leaflet-popup").wait_for(state="detached")
    page.locator("#incident-map[data-moving='false']").wait_for()
    # On the district's own area, clear of the others: its bounding box's
    # centre is inside Darnytskyi.
    darnytskyi.click()
    page.wait_for_url(re.compile(r"\?district=darnytskyi#"))
    wait_loaded(page, total=1)
    assert list_titles(page) == ["Missile strike on a depot"]
    assert page.eval_on_selector(
        "select[name=district]",
        "s => [...s.selectedOptions].map(o => o.value)",
    ) == ["darnytskyi"]
    screenshot("workspace-district-clicked")
    page.go_back()
    wait_loaded(page, total=4)
    assert page.errors == []


def test_a_city_level_incident_opens_from_the_panel_and_the_list(
    page, sign_in, incidents, screenshot
):
    debris = incidents["city"]
    sign_in("analyst")
    wait_loaded(page, total=4)
    count = page.locator("#city-level a[data-city='kyiv']")
    assert count.get_attribute("data-count") == "1"
    count.click()
    page.wait_for_url(re.compile(r"city=kyiv"))
    assert re.search(r"[?&]precision=city(&|#)", page.url)
    wait_loaded(page, total=1)
    assert list_titles(page) == ["Debris fell across the city"]
    assert page.eval_on_selector(
        "select[name=precision]", "s => [...s.selectedOptions].map(o => o.value)"
    ) == ["city"]

    row(page, debris).click()
    shown = page.locator(f"#selected-incident[data-incident='{debris.pk}']")
    shown.wait_for()
    assert "Debris fell across the city" in shown.inner_text()
    assert "Located to Kyiv only" in shown.inner_text()
    assert page.locator("#city-level tr.highlighted[data-city='kyiv']").count() == 1
    assert shown.locator("a.incident-page").get_attribute("href") == (
        f"/incidents/{debris.pk}/"
    )
    screenshot("workspace-city-level")
    assert page.errors == []


def test_a_bad_link_or_form_clears_the_results_and_names_each_parameter(
    page, sign_in, incidents, screenshot
):
    sign_in("analyst")
    wait_loaded(page, total=4)
    page.wait_for_selector("path[data-district]")
    # From the form: the end before the start.
    page.fill("input[name=from]", "2025-08-30")
    page.fill("input[name=to]", "2025-08-01")
    page.click("#filters button[type=submit]")
    page.locator("#filter-errors li[data-parameter='to']").wait_for()
    wait_loaded(page)
    map_node = page.locator("#incident-map")
    assert map_node.get_attribute("data-total") is None
    assert map_node.get_attribute("data-markers") is None
    assert page.locator(".cluster-icon, path.incident-marker").count() == 0
    assert page.locator("path[data-district]").count() == 0
    assert page.locator("#incident-list tbody tr").count() == 0
    assert page.get_attribute("#incident-list", "data-count") is None
    assert page.inner_text("#summary") == ""
    assert page.locator("#city-level tr").count() == 0
    assert page.get_attribute("#timeline", "data-days") == "0"
    assert page.get_attribute("input[name=to]", "aria-invalid") == "true"

    # A shared link with three bad values: all three named at once.
    page.goto("/?city=dnipro&from=28.08.2025&sort=deadliest")
    wait_loaded(page)
    errors = page.locator("#filter-errors li")
    named = sorted(errors.evaluate_all("nodes => nodes.map(n => n.dataset.parameter)"))
    assert named == ["city", "from", "sort"]
    assert page.inner_text("#filter-errors li[data-parameter='city']").startswith(
        "city:"
    )
    assert map_node.get_attribute("data-markers") is None
    assert page.locator("#incident-list tbody tr").count() == 0
    screenshot("workspace-bad-link")

    # Fixed by the form: everything is drawn again.
    page.click("#filters button[type=reset]")
    wait_loaded(page, total=4)
    assert page.locator("#filter-errors").count() == 0
    assert page.get_attribute("#incident-list", "data-count") == "4"
    assert page.errors == []


def test_the_phone_layout(page, sign_in, incidents, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("analyst")
    wait_loaded(page, total=4)
    box = page.locator("#incident-map").bounding_box()
    assert box["x"] == 0
    assert box["width"] == 390
    assert box["height"] > 500
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    toggle = page.locator("#panel-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#filters").is_visible()
    screenshot("workspace-phone-map")

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.locator("#filters").wait_for(state="visible")
    # Slid in whole (it moves in over 0.2 s).
    page.wait_for_function(
        "() => { const r = document.getElementById('side').getBoundingClientRect();"
        " return r.left === 0 && r.right <= 390; }"
    )
    first = row(page, incidents["exact"])
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    row_box = first.bounding_box()
    assert row_box["x"] >= 0 and row_box["x"] + row_box["width"] <= 390
    screenshot("workspace-phone-panel")

    # Shown on the map: the panel gets out of the way.
    first.locator("td.where").click()
    page.locator(".leaflet-popup-content").wait_for()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert "Drone hit a warehouse" in page.inner_text(".leaflet-popup-content")
    screenshot("workspace-phone-popup")
    toggle.click()
    page.locator("#filters").wait_for(state="visible")
    toggle.click()
    page.locator("#filters").wait_for(state="hidden")
    assert page.errors == []


def tab_until(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            return
    raise AssertionError(f"{selector} not reached with {limit} Tabs")


def test_keyboard_only(page, sign_in, incidents, screenshot):
    depot = incidents["district"]
    sign_in("analyst")
    wait_loaded(page, total=4)
    assert page.locator("h1").count() == 1
    page.locator("body").focus()
    # The first row is the newest: an exact point, opened with its popup.
    tab_until(page, "#incident-list tbody tr[data-incident]")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Drone hit a warehouse" in popup.inner_text()
    page.keyboard.press("Escape")

    # The next row, a district-level incident, with the space bar.
    page.focus(f"#incident-list tbody tr[data-incident='{incidents['exact'].pk}']")
    tab_until(page, f"#incident-list tbody tr[data-incident='{depot.pk}']")
    page.keyboard.press(" ")
    page.locator(f".popup[data-incident='{depot.pk}']").wait_for()
    assert "highlighted" in page.get_attribute(
        "path[data-district='darnytskyi']", "class"
    )
    screenshot("workspace-keyboard-district")
    page.keyboard.press("Escape")

    # The markers themselves are reached by Tab and opened by Enter.
    tab_until(page, "path.incident-marker")
    focused = page.evaluate("document.activeElement.dataset.incident")
    page.keyboard.press("Enter")
    page.locator(f".popup[data-incident='{focused}']").wait_for()
    screenshot("workspace-keyboard-marker")
    assert page.errors == []


def test_in_ukrainian_a_district_by_its_name_and_a_search(
    page, sign_in, incidents, screenshot
):
    depot = incidents["district"]
    sign_in("analyst")
    wait_loaded(page, total=4)
    page.click("#language-switch button[value=uk]")
    page.wait_for_selector("html[lang=uk]")
    wait_loaded(page, total=4)
    # Names and labels in Ukrainian, slugs in the URL.
    page.select_option("select[name=district]", label="Дарницький")
    page.click("#filters button[type=submit]")
    wait_loaded(page, total=1)
    assert "district=darnytskyi" in page.url
    assert row(page, depot).locator("td.where").inner_text() == "Київ · Дарницький"
    assert page.inner_text("#list-status") == "Інцидентів за фільтрами: 1"
    assert page.inner_text("#list-page") == "Сторінка 1 з 1"

    # The search finds the district by the stem of its Ukrainian name.
    page.goto("/?q=Дарниц")
    wait_loaded(page, total=1)
    assert list_titles(page) == ["Missile strike on a depot"]
    row(page, depot).click()
    popup = page.locator(f".popup[data-incident='{depot.pk}']")
    popup.wait_for()
    assert "Загиблих\n17" in popup.inner_text()
    screenshot("workspace-uk")
    assert page.errors == []


def test_a_cluster_opens_by_keyboard(page, sign_in, incidents):
    sign_in("analyst")
    wait_loaded(page, total=4)
    page.locator(".cluster-icon").wait_for()
    zoom = int(page.get_attribute("#incident-map", "data-view").split("/")[0])
    tab_until(page, ".leaflet-marker-icon")
    page.keyboard.press("Enter")
    # Zoomed in until the two markers come apart, each then reachable by Tab.
    page.wait_for_function(
        f"() => parseInt(document.getElementById('incident-map').dataset.view) > {zoom}"
    )
    page.wait_for_function(
        "() => document.querySelectorAll('path.incident-marker[tabindex]').length === 2"
    )
    assert page.errors == []


def test_a_session_that_ends_keeps_the_map_and_offers_to_sign_in(
    page, sign_in, incidents
):
    from django.contrib.sessions.models import Session

    sign_in("analyst")
    wait_loaded(page, total=4)
    drawn = page.get_attribute("#incident-map", "data-markers")
    Session.objects.all().delete()  # signed out elsewhere, or expired
    page.click(".leaflet-control-zoom-out")
    link = page.locator("#filter-errors a#sign-in-again")
    link.wait_for()
    assert "You are signed out" in page.inner_text("#filter-errors")
    assert link.get_attribute("href").startswith("/accounts/login/?next=%2F%23")
    # What was drawn stays: nothing was wrong with the filters.
    assert page.get_attribute("#incident-map", "data-markers") == drawn
    assert page.get_attribute("#incident-map", "data-error") is None
    assert list_titles(page)
    link.click()
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    wait_loaded(page, total=4)
    assert page.locator("#filter-errors").count() == 0


def test_an_incident_gone_since_the_list_was_drawn_says_so(page, sign_in, incidents):
    sign_in("analyst")
    wait_loaded(page, total=4)
    gone = incidents["street"]
    shown = row(page, gone)
    gone.delete()
    shown.locator("td.where").click()
    message = page.locator(".leaflet-popup-content p.error[role=alert]")
    message.wait_for()
    assert "This incident could not be opened" in message.inner_text()
    # Another row still opens, and only it.
    row(page, incidents["district"]).locator("td.where").click()
    page.locator(
        f".leaflet-popup-content .popup[data-incident='{incidents['district'].pk}']"
    ).wait_for()
    message.wait_for(state="detached")  # the other's message, closed


def test_another_city_leaves_the_first_citys_districts_behind(page, sign_in, incidents):
    sign_in("analyst", then="/?district=darnytskyi")
    wait_loaded(page, total=1)
    page.click("#city-switch button[data-city=donetsk]")
    page.wait_for_url(re.compile(r"\?city=donetsk#"))
    wait_loaded(page, total=0)
    assert page.locator("#filter-errors").count() == 0
    assert (
        page.eval_on_selector(
            "select[name=district]", "s => [...s.selectedOptions].map(o => o.value)"
        )
        == []
    )


def test_a_row_shows_its_incident_with_the_incidents_layer_turned_off(
    page, sign_in, incidents
):
    sign_in("analyst")
    wait_loaded(page, total=4)
    page.hover(".leaflet-control-layers")
    toggle = page.get_by_role("checkbox", name="Incidents", exact=True)
    toggle.uncheck()
    exact = incidents["exact"]
    row(page, exact).locator("td.where").click()
    page.locator(
        f".leaflet-popup-content .popup[data-incident='{exact.pk}']"
    ).wait_for()
    # Back on, as the layer switcher shows (folded again: hidden, still there).
    overlay = page.locator(
        ".leaflet-control-layers-overlays label", has_text="Incidents"
    )
    assert overlay.locator("input").is_checked()
    assert page.errors == []


def test_an_incident_across_midnight_counts_in_the_summary_as_in_the_list(
    page, sign_in, incidents
):
    """The range keeps an incident whose span meets it: one that began the night
    before counts in the summary too, not only in the list."""
    night = IncidentFactory(
        title="Drones from 23:40 to 00:20",
        occurred_from=dt.datetime(2025, 8, 27, 23, 40, tzinfo=KYIV),
        occurred_to=dt.datetime(2025, 8, 28, 0, 20, tzinfo=KYIV),
        city=City.objects.get(slug="kyiv"),
    )
    sign_in("analyst", then="/?from=2025-08-28&to=2025-08-28")
    wait_loaded(page, total=2)  # the depot's, and the night's
    assert set(list_titles(page)) == {"Missile strike on a depot", night.title}
    assert "Matching incidents: 2" in page.inner_text("#summary")


def test_on_a_laptops_screen_the_legend_leaves_the_city_switch_free(
    page, sign_in, incidents
):
    """At 1280×720 the map is under 300 pixels tall: the legend opens folded, so
    it does not cover the city switch above it."""
    page.set_viewport_size({"width": 1280, "height": 720})
    sign_in("analyst")
    wait_loaded(page, total=4)
    assert page.get_attribute("#legend", "open") is None
    page.click("#city-switch button[data-city=donetsk]")
    page.wait_for_url(re.compile(r"\?city=donetsk#"))
    page.click("#legend summary")
    assert page.get_attribute("#legend", "open") == ""
