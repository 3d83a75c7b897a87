"""axe-core, pinned in package-lock.json, on the pages an analyst works in, signed in.

Fails on any violation axe rates serious or critical, and lists each one with the
elements it found, so the report says what to fix where.
"""

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.urls import reverse

from geo.models import District
from incidents.choices import GeoPrecision
from tests.factories import PASSWORD, IncidentFactory, SourceFactory

pytestmark = [pytest.mark.browser]
KYIV = ZoneInfo("Europe/Kyiv")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@pytest.fixture
def incidents(pipeline_db):
    """One incident at each precision the map draws differently, with a source."""
    darnytskyi = District.objects.get(city__slug="kyiv", slug="darnytskyi")
    day = dt.datetime(2025, 8, 28, 3, tzinfo=KYIV)
    made = [
        IncidentFactory(
            title="Strike on a depot",
            occurred_from=day,
            occurred_to=day,
            district=darnytskyi,
            point=Point(30.62, 50.42, srid=4326),
            geo_precision=GeoPrecision.EXACT,
            fatalities=2,
        ),
        IncidentFactory(
            title="Strike somewhere in Darnytskyi",
            occurred_from=day,
            occurred_to=day,
            district=darnytskyi,
            point=None,
            geo_precision=GeoPrecision.DISTRICT,
        ),
        IncidentFactory(
            title="Strike somewhere in Kyiv",
            occurred_from=day + dt.timedelta(days=3),
            occurred_to=day + dt.timedelta(days=3),
            point=None,
            geo_precision=GeoPrecision.CITY,
        ),
    ]
    for incident in made:
        incident.sources.add(SourceFactory())
    return made


@pytest.fixture
def editor(pipeline_db):
    return get_user_model().objects.create_superuser("editor", password=PASSWORD)


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `scripts/bootstrap.sh test` (npm ci).")
    # From the page's own origin, as a file: the site's Content-Security-Policy lets
    # no inline script run, and add_script_tag(path=...) would inline it.
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    page.route(
        f"{origin}/__axe-core.min.js",
        lambda route: route.fulfill(
            body=AXE.read_bytes(), content_type="application/javascript"
        ),
    )
    page.add_script_tag(url=f"{origin}/__axe-core.min.js")
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, { resultTypes: ["violations"] });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(" "), html: n.html, why: n.failureSummary,
                })),
            }));
        }"""
    )


def readable(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['url']})")
        for node in v["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:160]}")
            lines.extend(f"        {why}" for why in node["why"].splitlines())
    return "\n".join(lines)


def assert_accessible(page, name: str, screenshot) -> None:
    screenshot(f"axe-{name}")
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    others = [v for v in violations if v["impact"] not in BLOCKING]
    if others:
        # Shown by pytest with the failure, or with -rP: worth fixing, not blocking.
        print(f"axe on {name}, minor and moderate:\n{readable(others)}")  # noqa: T201
    assert not blocking, (
        f"axe found {len(blocking)} serious or critical violation(s) on {name}:\n"
        + readable(blocking)
    )


# Each page in both languages of the UI (the browser's Accept-Language picks it), the
# map page also at a phone's size.
LANGUAGES = pytest.mark.parametrize("language", ["en", "uk"])
WIDE = {"width": 1300, "height": 1000}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def in_language(page):
    def use(language: str) -> None:
        page.set_extra_http_headers({"Accept-Language": language})

    return use


@pytest.mark.parametrize(
    ("viewport", "language"),
    [(WIDE, "en"), (PHONE, "en"), (WIDE, "uk")],
    ids=["wide-en", "phone-en", "wide-uk"],
)
def test_map_page(
    page, sign_in, in_language, editor, incidents, screenshot, viewport, language
):
    page.set_viewport_size(viewport)
    in_language(language)
    sign_in("editor", then="/")
    page.locator("#incident-map[data-loading='false']").wait_for()
    page.locator("#timeline svg").wait_for()
    assert_accessible(page, f"map-{viewport['width']}-{language}", screenshot)
    assert page.errors == []


@LANGUAGES
def test_incident_page(
    page, sign_in, in_language, editor, incidents, screenshot, language
):
    url = reverse("incident-page", args=[incidents[0].pk])
    in_language(language)
    sign_in("editor", then=url)
    page.wait_for_url(f"**{url}")
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page, f"incident-page-{language}", screenshot)
    assert page.errors == []


@LANGUAGES
def test_add_report_page(page, sign_in, in_language, editor, screenshot, language):
    in_language(language)
    sign_in("editor", then="/reports/add/")
    page.locator("#id_text").wait_for()
    assert_accessible(page, f"report-add-{language}", screenshot)
    assert page.errors == []


@pytest.mark.parametrize(
    ("viewport", "language"),
    [(WIDE, "en"), (PHONE, "en"), (WIDE, "uk")],
    ids=["wide-en", "phone-en", "wide-uk"],
)
def test_review_page(
    page, sign_in, in_language, editor, screenshot, viewport, language
):
    """The proposals of a report with two districts and a city-wide total, one mark
    lit as when the analyst points at its card."""
    page.set_viewport_size(viewport)
    in_language(language)
    sign_in("editor", then="/reports/add/")
    page.fill(
        "#id_text",
        "Russia attacked Kyiv overnight, killing five people and injuring 20 across "
        "the city. In the Darnytskyi district a high-rise was hit; two people were "
        "killed there. In the Obolonskyi district debris damaged a school.",
    )
    page.fill("#id_published", "2025-08-28")
    page.click("button[value=extract]")
    page.locator("main.review[data-ready='true']").wait_for()
    page.locator("#report-text mark[data-proposals]").first.focus()
    assert_accessible(page, f"report-review-{viewport['width']}-{language}", screenshot)
    assert page.errors == []


@LANGUAGES
def test_inbox_page(page, sign_in, in_language, editor, screenshot, language):
    """Items waiting, and two feeds: one answering, one failing."""
    from django.utils import timezone

    from incidents.models import Feed, FeedItem

    now = timezone.now()
    news = Feed.objects.create(
        name="Kyiv News", url="http://127.0.0.1:9/rss", last_success_at=now
    )
    Feed.objects.create(
        name="Broken wire",
        url="http://127.0.0.1:9/atom",
        last_error="no answer within 20 s (timed out)",
        last_error_at=now,
        failures=2,
    )
    for number, state in enumerate(["inbox", "inbox", "no_event"]):
        FeedItem.objects.create(
            feed=news,
            guid=f"g{number}",
            link=f"http://127.0.0.1:9/a{number}",
            title=f"Drone debris falls in Obolonskyi district ({number})",
            published_at=now,
            text="…",
            state=state,
            proposals=1 if state == "inbox" else 0,
        )
    in_language(language)
    sign_in("editor", then="/inbox/")
    page.locator("#inbox").wait_for()
    assert page.locator("#inbox tbody tr").count() == 2
    assert_accessible(page, f"inbox-{language}", screenshot)
    # A feed's name shows its articles only.
    page.locator("#feeds a", has_text="Kyiv News").click()
    page.locator("#inbox-feed").wait_for()
    assert page.locator("#inbox tbody tr").count() == 2
    assert_accessible(page, f"inbox-feed-{language}", screenshot)
    assert page.errors == []
