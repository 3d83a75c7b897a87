"""The timeline module (static/js/map/timeline.js) in real Chromium, on its own.

A harness page on the live server's origin imports the real module as the map page
does and draws given days; each onRange call is recorded and redrawn with the new
range, as the map page redraws it after loading.
"""

import datetime as dt
import json
import re

import pytest

from tests.browser.test_accessibility import axe_violations, readable

pytestmark = [pytest.mark.browser]

STRINGS = {
    "timelineLabel": "Incidents over time",
    "timelineHelp": "Drag across the bars to choose the dates.",
    "timelineSummary": "Incidents: {total}, {first} – {last}, one bar per {bin}.",
    "timelineSelected": "Selected: {from} – {to}.",
    "timelineRange": "{from} – {to}",
    "timelineAllDates": "All dates",
    "timelineApply": "Apply dates",
    "timelineCancel": "Cancel",
    "timelineBar": "{period}: {count}",
    "timelinePeak": "max {count}",
    "timelineDay": "day",
    "timelineWeek": "week",
    "timelineMonth": "month",
    "timelineEmpty": "No incidents to draw on the timeline.",
}

HARNESS = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Timeline harness</title>
<link rel="stylesheet" href="/static/css/app.css"></head>
<body><main><h1>Timeline harness</h1>
<div id="timeline" style="width: 1000px"></div></main>
<script type="module">
import { renderTimeline } from "/static/js/map/timeline.js";
const strings = STRINGS;
window.calls = [];
window.draw = (days, from = null, to = null, locale = "en") => {
  const onRange = (f, t) => {
    window.calls.push([f, t]);
    window.draw(days, f, t, locale);
  };
  const container = document.getElementById("timeline");
  renderTimeline(container, days, { from, to, locale, strings, onRange });
};
window.drawWith = (days, options) =>
  renderTimeline(document.getElementById("timeline"), days, options);
document.body.dataset.ready = "true";
</script>
</body></html>
"""


def span(first: str, last: str, every: int = 1, count=lambda i: i % 5 + 1):
    """Days from first to last, one each `every` days, with counts count(i)."""
    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    days = []
    while day <= end:
        days.append({"date": day.isoformat(), "count": count(len(days))})
        day += dt.timedelta(days=every)
    return days


@pytest.fixture
def harness(page, live_server):
    url = f"{live_server.url}/timeline-harness/"
    html = HARNESS.replace("STRINGS", json.dumps(STRINGS))
    page.route(url, lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")

    def draw(days, start=None, end=None, locale="en"):
        page.evaluate(
            "([d, f, t, l]) => window.draw(d, f, t, l)", [days, start, end, locale]
        )
        return page.locator("#timeline")

    yield draw
    assert page.errors == []


def tick_labels(page):
    return page.locator("#timeline .timeline-tick-label").all_text_contents()


def assert_labels_apart(page):
    boxes = [
        box
        for label in page.locator("#timeline .timeline-tick-label").all()
        if (box := label.bounding_box())
    ]
    assert len(boxes) >= 3
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left["x"] + left["width"] < right["x"], "axis labels overlap"


def bar_centre(page, index):
    box = page.locator("#timeline .timeline-bar").nth(index).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_two_weeks_are_drawn_per_day_with_a_date_axis(page, harness, screenshot):
    days = span("2024-06-03", "2024-06-16")
    days[4]["count"] = 0  # a day the feed reports without incidents
    timeline = harness(days)
    assert timeline.get_attribute("data-bin") == "day"
    assert timeline.get_attribute("data-days") == "13"
    bars = page.locator("#timeline .timeline-bar")
    assert bars.count() == 14
    assert [
        int(c) for c in bars.evaluate_all("bs => bs.map(b => b.dataset.count)")
    ] == [d["count"] for d in days]
    # Readable: each bar is several pixels wide, not 1 px.
    assert bars.first.bounding_box()["width"] >= 4
    labels = tick_labels(page)
    assert labels[0] == "Jun 3"
    assert all(re.fullmatch(r"Jun \d{1,2}", label) for label in labels), labels
    assert_labels_apart(page)
    summary = page.locator("#timeline .timeline-summary").inner_text()
    assert summary == (
        f"Incidents: {sum(d['count'] for d in days)}, Jun 3, 2024 – Jun 16, 2024, "
        "one bar per day."
    )
    chart = page.get_by_role("slider", name="Incidents over time")
    assert chart.get_attribute("aria-valuetext") == "All dates"
    assert page.get_by_role("button", name="All dates").is_disabled()
    screenshot("timeline-days")


def test_half_a_year_is_drawn_per_week_with_counts_summed(page, harness, screenshot):
    days = span("2024-01-03", "2024-06-28", every=2, count=lambda i: i % 7 + 1)
    timeline = harness(days)
    assert timeline.get_attribute("data-bin") == "week"
    bars = page.locator("#timeline .timeline-bar")
    starts = bars.evaluate_all("bs => bs.map(b => b.dataset.start)")
    # ISO weeks: from the Monday of the first day's week to the week of the last.
    assert starts[0] == "2024-01-01"
    assert starts[-1] == "2024-06-24"
    assert len(starts) == 26
    counts = dict(
        zip(
            starts,
            map(int, bars.evaluate_all("bs => bs.map(b => b.dataset.count)")),
            strict=True,
        )
    )
    week = {
        d["date"]: d["count"] for d in days if "2024-03-04" <= d["date"] <= "2024-03-10"
    }
    assert len(week) >= 3
    assert counts["2024-03-04"] == sum(week.values())
    assert sum(counts.values()) == sum(d["count"] for d in days)
    assert bars.first.bounding_box()["width"] >= 4
    labels = tick_labels(page)
    assert all(re.fullmatch(r"(Jan|Feb|Mar|Apr|May|Jun) \d{1,2}", x) for x in labels), (
        labels
    )
    assert_labels_apart(page)
    assert (
        "one bar per week" in page.locator("#timeline .timeline-summary").inner_text()
    )
    screenshot("timeline-weeks")


def test_years_are_drawn_per_month_and_labelled_in_the_locale(
    page, harness, screenshot
):
    days = span("2021-03-10", "2024-11-20", every=5)
    timeline = harness(days)
    assert timeline.get_attribute("data-bin") == "month"
    bars = page.locator("#timeline .timeline-bar")
    assert bars.count() == 45  # March 2021 to November 2024
    assert bars.first.get_attribute("data-start") == "2021-03-01"
    labels = tick_labels(page)
    assert any("2022" in label for label in labels), labels
    assert_labels_apart(page)
    screenshot("timeline-months")

    harness(days, "2022-01-01", "2022-12-31", locale="uk")
    labels = tick_labels(page)
    assert any(re.search(r"[а-яіїєґ]", label) for label in labels), labels
    assert all(not re.search(r"[A-Za-z]", label) for label in labels), labels
    assert "2022" in page.locator("#timeline .timeline-summary").inner_text()
    screenshot("timeline-months-uk")


def test_a_drag_narrows_with_the_dates_shown_while_dragging(page, harness, screenshot):
    harness(span("2024-06-03", "2024-06-16"))
    x, y = bar_centre(page, 3)
    page.mouse.move(x, y)
    page.mouse.down()
    x2, _ = bar_centre(page, 6)
    page.mouse.move(x2, y, steps=5)
    drag = page.locator("#timeline .timeline-drag")
    assert drag.is_visible()
    assert drag.inner_text() == "Jun 6, 2024 – Jun 9, 2024"
    assert page.evaluate("window.calls") == []
    screenshot("timeline-dragging")
    page.mouse.up()
    assert page.evaluate("window.calls") == [["2024-06-06", "2024-06-09"]]
    assert not drag.is_visible()
    # Redrawn with the new range: the bars outside it are dimmed, the range is said.
    assert page.locator("#timeline .timeline-bar-out").count() == 10
    assert (
        "Selected: Jun 6, 2024 – Jun 9, 2024."
        in page.locator("#timeline .timeline-summary").inner_text()
    )
    assert page.locator("#timeline .timeline-selection").bounding_box()["width"] > 200
    screenshot("timeline-narrowed")


def test_a_drag_wider_than_the_selection_widens_and_reset_gives_all_dates(
    page, harness, screenshot
):
    harness(span("2024-06-03", "2024-06-16"), "2024-06-08", "2024-06-09")
    assert page.locator("#timeline .timeline-bar-out").count() == 12
    x, y = bar_centre(page, 12)
    page.mouse.move(x, y)
    page.mouse.down()
    x2, _ = bar_centre(page, 1)  # right to left works too
    page.mouse.move(x2, y, steps=5)
    assert page.locator("#timeline .timeline-drag").inner_text() == (
        "Jun 4, 2024 – Jun 15, 2024"
    )
    page.mouse.up()
    assert page.evaluate("window.calls") == [["2024-06-04", "2024-06-15"]]
    screenshot("timeline-widened")

    page.get_by_role("button", name="All dates").click()
    assert page.evaluate("window.calls")[-1] == [None, None]
    assert page.locator("#timeline .timeline-bar-out").count() == 0
    assert page.get_by_role("button", name="All dates").is_disabled()


def test_a_drag_over_weeks_snaps_to_whole_weeks(page, harness):
    harness(span("2024-01-03", "2024-06-28", every=2))
    x, y = bar_centre(page, 5)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(bar_centre(page, 8)[0], y, steps=4)
    page.mouse.up()
    # Week 6 starts on Monday 5 February; week 9 ends on Sunday 3 March.
    assert page.evaluate("window.calls") == [["2024-02-05", "2024-03-03"]]


def test_the_keyboard_moves_each_edge_applies_and_cancels(page, harness, screenshot):
    harness(span("2024-06-03", "2024-06-16"))
    page.keyboard.press("Tab")  # the reset button is disabled: the chart comes first
    chart = page.get_by_role("slider", name="Incidents over time")
    assert chart.evaluate("node => node === document.activeElement")
    assert chart.get_attribute("aria-describedby")
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowLeft")
    assert chart.get_attribute("aria-valuetext") == "Jun 5, 2024 – Jun 13, 2024"
    assert page.locator("#timeline .timeline-drag").inner_text() == (
        "Jun 5, 2024 – Jun 13, 2024"
    )
    assert page.get_by_role("button", name="Apply dates").is_visible()
    screenshot("timeline-keyboard")
    page.keyboard.press("Escape")
    assert chart.get_attribute("aria-valuetext") == "All dates"
    assert not page.get_by_role("button", name="Apply dates").is_visible()
    assert page.evaluate("window.calls") == []

    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Enter")
    assert page.evaluate("window.calls") == [["2024-06-04", "2024-06-15"]]
    # Redrawn, and the focus is still on the chart for the next key.
    assert page.evaluate("document.activeElement.dataset.role") == "chart"
    assert chart.get_attribute("aria-valuetext") == "Jun 4, 2024 – Jun 15, 2024"

    page.keyboard.press("Home")  # widen the start to the first bar
    page.keyboard.press("Shift+ArrowLeft")  # and pull the end in by one
    page.get_by_role("button", name="Apply dates").click()
    assert page.evaluate("window.calls")[-1] == ["2024-06-03", "2024-06-14"]

    # The edges cannot cross: the start stops at the end.
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert page.evaluate("window.calls")[-1] == ["2024-06-14", "2024-06-14"]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.role") == "reset"
    page.keyboard.press("Enter")
    assert page.evaluate("window.calls")[-1] == [None, None]


def test_no_days_says_so(page, harness):
    timeline = harness([])
    assert timeline.get_attribute("data-days") == "0"
    assert timeline.get_attribute("data-bin") is None
    assert page.locator("#timeline .timeline-summary").inner_text() == (
        "No incidents to draw on the timeline."
    )


def test_bad_input_is_named(page, harness):
    def error_of(days, options):
        return page.evaluate(
            """([days, options]) => {
                try { window.drawWith(days, { ...options, onRange: () => {} }); }
                catch (error) { return error.message; }
                return null;
            }""",
            [days, options],
        )

    strings = dict(STRINGS)
    del strings["timelineApply"], strings["timelineEmpty"]
    assert error_of([], {"strings": strings}) == (
        "renderTimeline: strings lacks timelineApply, timelineEmpty"
    )
    assert error_of([{"date": "2024-02-30", "count": 1}], {"strings": STRINGS}) == (
        'renderTimeline: days[0].date must be a date as YYYY-MM-DD, not "2024-02-30"'
    )
    assert error_of([], {"strings": STRINGS, "from": "3 June"}) == (
        'renderTimeline: from must be a date as YYYY-MM-DD, not "3 June"'
    )
    assert (
        error_of([], {"strings": STRINGS, "from": "2024-06-09", "to": "2024-06-08"})
        == "renderTimeline: from (2024-06-09) is after to (2024-06-08)"
    )
    assert error_of([{"date": "2024-02-03", "count": -1}], {"strings": STRINGS}) == (
        "renderTimeline: days[0].count must be a whole number ≥ 0, not -1"
    )


def test_axe_finds_nothing_on_the_timeline(page, harness):
    harness(span("2024-06-03", "2024-06-16"), "2024-06-05", "2024-06-09")
    page.get_by_role("slider", name="Incidents over time").focus()
    page.keyboard.press("ArrowRight")  # with the Apply and Cancel buttons shown
    violations = axe_violations(page)
    assert violations == [], readable(violations)


def test_it_redraws_for_its_width_and_fits_a_phone(page, harness, screenshot):
    days = span("2024-01-03", "2024-06-28", every=2)
    timeline = harness(days, "2024-02-05", "2024-03-03")
    assert timeline.get_attribute("data-bin") == "week"
    # Wide enough for a bar per day: the resize alone redraws it.
    page.evaluate("document.getElementById('timeline').style.width = '1700px'")
    page.wait_for_function(
        "() => document.getElementById('timeline').dataset.bin === 'day'"
    )
    assert page.locator("#timeline .timeline-bar").count() == 177  # 3 Jan to 27 Jun

    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("document.getElementById('timeline').style.width = ''")
    page.wait_for_function(
        "() => document.getElementById('timeline').dataset.bin === 'week'"
    )
    page.get_by_role("slider", name="Incidents over time").focus()
    page.keyboard.press("ArrowLeft")  # the Apply and Cancel buttons join the reset
    root = page.locator("#timeline .timeline")
    assert root.evaluate("node => node.scrollWidth <= node.clientWidth")
    for name in ("Apply dates", "Cancel", "All dates"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390, name
    assert page.locator("#timeline .timeline-bar").first.bounding_box()["width"] >= 4
    screenshot("timeline-phone")
