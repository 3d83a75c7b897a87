"""/incidents/<id>/: the incident's page."""

import datetime as dt
import html
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from geo.models import District
from incidents.choices import GeoPrecision, TimePrecision
from incidents.models import CasualtyReport, InfrastructureTag, Weapon
from tests.factories import IncidentFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
def analyst(db):
    return UserFactory(username="olena")


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def strike(analyst):
    darnytskyi = District.objects.get(city__slug="kyiv", slug="darnytskyi")
    incident = IncidentFactory(
        title="Ракетний удар по Дарницькому району",
        occurred_from=dt.datetime(2025, 8, 27, 22, 0, tzinfo=KYIV),
        occurred_to=dt.datetime(2025, 8, 28, 5, 0, tzinfo=KYIV),
        time_precision=TimePrecision.APPROXIMATE,
        district=darnytskyi,
        geo_precision=GeoPrecision.DISTRICT,
        fatalities=15,
        injured=None,
        location_text="Дарницький район",
        evidence="Внаслідок удару загинули щонайменше 15 людей.",
        geocode_method="gazetteer",
        geocode_confidence=0.92,
        geocode_candidates=[
            {
                "matched": "Дарницький район",
                "precision": "district",
                "city": "kyiv",
                "district": "darnytskyi",
                "street": None,
                "place": None,
                "method": "gazetteer",
                "confidence": 0.92,
            },
            {
                "matched": "Дарниця",
                "precision": "place",
                "city": "kyiv",
                "district": "dniprovskyi",
                "street": None,
                "place": "Дарниця (станція)",
                "method": "gazetteer",
                "confidence": 0.41,
            },
        ],
    )
    incident.weapons.add(Weapon.objects.get(slug="ballistic_missile"))
    incident.tags.add(InfrastructureTag.objects.get(slug="residential"))
    reuters = SourceFactory(
        url="https://news.example.org/reuters-strike",
        title="Russian missile strike on Kyiv",
        outlet="Reuters",
        published_at=dt.datetime(2025, 8, 28, 9, 30, tzinfo=KYIV),
    )
    kmva = SourceFactory(url=None, title="Телеграм КМВА", outlet="КМВА")
    incident.sources.add(reuters, kmva)
    CasualtyReport.objects.create(
        incident=incident,
        source=reuters,
        fatalities=15,
        injured=None,
        evidence="At least 15 people were killed, officials said.",
    )
    CasualtyReport.objects.create(
        incident=incident,
        source=kmva,
        fatalities=17,
        injured=48,
        evidence="Загинули 17 людей, 48 поранені.",
    )
    # An analyst's edit, recorded in the history with who made it.
    incident.title = "Удар по житловому будинку в Дарницькому районі"
    incident.fatalities = 17
    incident._history_user = analyst
    incident.save()
    return incident


def _page(client, incident) -> str:
    response = client.get(reverse("incident-page", args=[incident.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', page, re.S)
    assert match, section_id
    return match.group(0)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


def _map_data(page: str) -> dict:
    match = re.search(
        r'<script id="incident-map-data" type="application/json">(.*?)</script>',
        page,
        re.S,
    )
    return json.loads(match.group(1))


def test_the_page_shows_when_what_harm_and_where(analyst_client, strike):
    page = _page(analyst_client, strike)
    assert page.count("<h1") == 1
    assert "Удар по житловому будинку в Дарницькому районі" in page
    when = _text(_section(page, "when"))
    assert "night of 27–28 Aug 2025 · approximate" in when
    what = _text(_section(page, "what"))
    assert "Explosions/Remote violence" in what
    assert "Air/drone strike" in what
    assert "Ballistic missile" in what
    assert "Residential" in what
    harm = _text(_section(page, "harm"))
    assert re.search(r"Killed 17 Injured unknown", harm), harm
    where = _text(_section(page, "where"))
    assert "As reported Дарницький район" in where
    assert "Kyiv · Darnytskyi" in where
    assert "District" in where
    assert "gazetteer" in where
    assert "0.92" in where
    assert "In review" in _text(page)


def test_each_source_with_its_own_figures_links_and_evidence(analyst_client, strike):
    page = _page(analyst_client, strike)
    sources = _section(page, "sources")
    assert (
        '<a href="https://news.example.org/reuters-strike" rel="noopener noreferrer"'
        in sources
    )
    assert "Russian missile strike on Kyiv" in sources
    assert "Reuters" in sources
    assert "28 Aug 2025, 09:30" in _text(sources)
    assert "Телеграм КМВА" in sources
    rows = re.findall(
        r"<tr>(.*?)</tr>",
        re.search(r'<table id="casualty-reports">.*?</table>', page, re.S).group(0),
        re.S,
    )
    figures = sorted(_text(row).split() for row in rows[1:])
    assert [" ".join(f) for f in figures] == sorted(
        [
            "Russian missile strike on Kyiv 15 unknown",
            "Телеграм КМВА 17 48",
        ]
    )
    evidence = _text(_section(page, "evidence"))
    assert "Внаслідок удару загинули щонайменше 15 людей." in evidence
    assert "At least 15 people were killed, officials said." in evidence
    assert "Загинули 17 людей, 48 поранені." in evidence


def test_the_candidates_the_geocoder_weighed(analyst_client, strike):
    page = _page(analyst_client, strike)
    table = re.search(r'<table id="geocode-candidates">.*?</table>', page, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)[1:]
    assert [_text(row).split()[0] for row in rows] == ["Дарницький", "Дарниця"]
    assert "0.41" in rows[1]
    assert "Дарниця (станція)" in rows[1]


def test_the_history_says_who_changed_what(analyst_client, strike):
    history = _text(_section(_page(analyst_client, strike), "history"))
    assert "olena" in history
    assert "Title Ракетний удар по Дарницькому району Удар по житловому" in history
    assert "Fatalities 15 17" in history
    assert "created" in history
    # Newest first.
    assert history.index("olena") < history.index("created")


def test_the_map_shades_the_district_and_never_invents_a_point(analyst_client, strike):
    data = _map_data(_page(analyst_client, strike))
    assert data["point"] is None
    assert data["district"]["type"] in {"Polygon", "MultiPolygon"}
    assert data["city"] is None
    pinned = IncidentFactory(point=Point(30.62, 50.42), geo_precision="exact")
    data = _map_data(_page(analyst_client, pinned))
    assert data["point"] == [pytest.approx(30.62), pytest.approx(50.42)]
    assert data["district"] is None
    city_only = IncidentFactory(geo_precision=GeoPrecision.CITY)
    data = _map_data(_page(analyst_client, city_only))
    assert data["point"] is None
    assert data["district"] is None
    assert data["city"]["type"] in {"Polygon", "MultiPolygon"}


def test_report_text_is_escaped(analyst_client):
    incident = IncidentFactory(
        title=HOSTILE,
        notes=HOSTILE,
        evidence=HOSTILE,
        location_text=HOSTILE,
        geocode_candidates=[{"matched": HOSTILE, "precision": "none"}],
    )
    bad_link = SourceFactory(url="javascript:alert(3)", title=HOSTILE, outlet=HOSTILE)
    incident.sources.add(bad_link)
    CasualtyReport.objects.create(
        incident=incident, source=bad_link, fatalities=1, evidence=HOSTILE
    )
    page = _page(analyst_client, incident)
    assert "<script>alert(2)</script>" not in page
    assert 'onerror="alert(1)"' not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert page.count("<h1") == 1


def test_unknown_incidents_are_404_and_the_page_needs_sign_in(client, analyst_client):
    assert analyst_client.get("/incidents/999999/").status_code == 404
    incident = IncidentFactory()
    client.logout()
    response = client.get(reverse("incident-page", args=[incident.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_admin_link_is_for_staff_only(client, analyst_client, strike):
    assert 'id="admin-change"' not in _page(analyst_client, strike)
    staff = UserFactory(username="editor", is_staff=True)
    client.force_login(staff)
    page = _page(client, strike)
    assert f'href="/admin/incidents/incident/{strike.pk}/change/"' in page


def test_the_popup_json_links_to_the_page(analyst_client, strike):
    detail = analyst_client.get(reverse("incident-detail", args=[strike.pk])).json()
    assert detail["url"] == f"/incidents/{strike.pk}/"


def test_queries_do_not_grow_with_sources_or_history(analyst_client, strike):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _page(analyst_client, strike)
        return len(captured)

    before = queries()
    for n in range(5):
        source = SourceFactory()
        strike.sources.add(source)
        CasualtyReport.objects.create(incident=strike, source=source, fatalities=n)
        strike.notes = f"edit {n}"
        strike.save()
    assert queries() == before
    assert before <= 13  # session, user and role, then the page's own


def test_the_popup_names_places_in_the_uis_language(analyst_client, strike):
    url = reverse("incident-detail", args=[strike.pk])
    english = analyst_client.get(url).json()["geocoded"]
    ukrainian = analyst_client.get(url, HTTP_ACCEPT_LANGUAGE="uk").json()["geocoded"]
    assert "Kyiv" in english and "Київ" in ukrainian
    assert ukrainian != english
