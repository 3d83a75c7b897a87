"""GET /api/incidents.json: the list beside the map, and the filters it shares."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from geo.models import District, Place, Street
from incidents.choices import EventType, GeoPrecision, Status, SubEventType
from incidents.models import InfrastructureTag
from incidents.views import incident_list_json
from incidents.when import incident_when
from tests.factories import IncidentFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def analyst_client(client):
    client.force_login(UserFactory())
    return client


def _at(day: str, time: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=KYIV)


def _district(slug: str) -> District:
    return District.objects.get(city__slug="kyiv", slug=slug)


def _incident(when="2025-08-28", time="12:00", **fields):
    moment = _at(when, time)
    defaults = {
        "occurred_from": moment,
        "occurred_to": moment,
        "location_text": "",
        "district": _district("obolonskyi"),
        "point": Point(30.49, 50.51, srid=4326),
        "geo_precision": GeoPrecision.EXACT,
    }
    return IncidentFactory(**{**defaults, **fields})


def _list(client, **params) -> dict:
    response = client.get(reverse("incident-list"), params)
    assert response.status_code == 200, response.content
    return response.json()


def _ids(client, **params) -> list[int]:
    return [row["id"] for row in _list(client, page_size=200, **params)["results"]]


def _bad(client, url_name="incident-list", **params) -> dict:
    response = client.get(reverse(url_name), params)
    assert response.status_code == 400, response.content
    return response.json()


@pytest.fixture
def darnytskyi_strike():
    """The seed's strike: nothing in its own text names the district."""
    incident = _incident(
        title="Ракетний удар по житловому будинку",
        district=_district("darnytskyi"),
        point=None,
        geo_precision=GeoPrecision.DISTRICT,
        fatalities=17,
        injured=None,
        location_text="лівий берег",
    )
    incident.sources.add(SourceFactory(title="Нічна атака", outlet="Суспільне"))
    return incident


def test_the_list_includes_district_and_city_level_incidents(
    analyst_client, darnytskyi_strike
):
    pinned = _incident(title="Pinned", fatalities=0, injured=3)
    pinned.sources.add(SourceFactory(), SourceFactory())
    city_only = _incident(
        title="Somewhere in Kyiv",
        district=None,
        point=None,
        geo_precision=GeoPrecision.CITY,
    )
    archived = _incident(title="Archived", status=Status.ARCHIVED)
    body = _list(analyst_client)
    assert body["count"] == 3
    assert body["page"] == 1
    assert body["pages"] == 1
    by_id = {row["id"]: row for row in body["results"]}
    assert set(by_id) == {darnytskyi_strike.pk, pinned.pk, city_only.pk}
    strike = by_id[darnytskyi_strike.pk]
    assert strike["district"] == "Darnytskyi"
    assert strike["district_slug"] == "darnytskyi"
    assert strike["city"] == "Kyiv"
    assert strike["city_slug"] == "kyiv"
    assert strike["fatalities"] == 17
    assert strike["injured"] is None  # unknown, not zero
    assert strike["lon"] is None
    assert strike["lat"] is None
    assert strike["geo_precision"] == "district"
    assert strike["geo_precision_label"] == "District"
    assert strike["sources"] == 1
    assert strike["url"] == f"/incidents/{darnytskyi_strike.pk}/"
    assert strike["event_type"] == EventType.EXPLOSIONS
    assert strike["event_type_label"] == "Explosions/Remote violence"
    assert strike["status_label"] == "In review"
    assert strike["occurred_from"] == "2025-08-28T12:00:00+03:00"
    assert strike["when"] == "28 Aug 2025 · approximate"
    assert by_id[pinned.pk]["fatalities"] == 0
    assert by_id[pinned.pk]["sources"] == 2
    assert by_id[pinned.pk]["lon"] == pytest.approx(30.49)
    assert by_id[city_only.pk]["district"] is None
    assert set(strike) == {
        "id",
        "title",
        "occurred_from",
        "occurred_to",
        "time_precision",
        "when",
        "city",
        "city_slug",
        "district",
        "district_slug",
        "street",
        "place",
        "event_type",
        "event_type_label",
        "fatalities",
        "injured",
        "geo_precision",
        "geo_precision_label",
        "status",
        "status_label",
        "sources",
        "lon",
        "lat",
        "url",
    }
    assert _ids(analyst_client, status="archived") == [archived.pk]


def test_names_follow_the_ui_language(rf, darnytskyi_strike):
    # The view itself, in the language LocaleMiddleware would have chosen.
    request = rf.get(reverse("incident-list"), {"sort": "district"})
    request.user = UserFactory()
    for language, district, city in (
        ("uk", "Дарницький", "Київ"),
        ("en", "Darnytskyi", "Kyiv"),
    ):
        with translation.override(language):
            response = incident_list_json(request)
        row = json.loads(response.content)["results"][0]
        assert (row["district"], row["city"]) == (district, city), language


def test_several_districts_event_types_tags_and_precisions(analyst_client):
    darnytskyi = _incident(district=_district("darnytskyi"))
    podilskyi = _incident(
        district=_district("podilskyi"),
        event_type=EventType.STRATEGIC,
        sub_event_type=SubEventType.OTHER,
    )
    obolonskyi = _incident(
        event_type=EventType.BATTLES, sub_event_type=SubEventType.ARMED_CLASH
    )
    district_level = _incident(
        district=_district("darnytskyi"),
        point=None,
        geo_precision=GeoPrecision.DISTRICT,
    )
    # Not geocoded (yet): known by its city only, like a city-level result.
    city_level = _incident(district=None, point=None, geo_precision="")
    darnytskyi.tags.add(*InfrastructureTag.objects.filter(slug__in=["energy", "water"]))
    podilskyi.tags.add(InfrastructureTag.objects.get(slug="water"))
    assert set(_ids(analyst_client, district=["darnytskyi", "podilskyi"])) == {
        darnytskyi.pk,
        podilskyi.pk,
        district_level.pk,
    }
    assert set(
        _ids(analyst_client, event_type=[EventType.STRATEGIC, EventType.BATTLES])
    ) == {podilskyi.pk, obolonskyi.pk}
    # Two matching tags on one incident: still one row.
    assert sorted(_ids(analyst_client, tag=["energy", "water"])) == sorted(
        [darnytskyi.pk, podilskyi.pk]
    )
    assert _ids(analyst_client, precision="city") == [city_level.pk]
    assert _ids(analyst_client, precision="district") == [district_level.pk]
    assert set(_ids(analyst_client, precision=["city", "district"])) == {
        city_level.pk,
        district_level.pk,
    }
    assert len(_ids(analyst_client, precision="exact")) == 3
    # The map's city-level counts are the same definition.
    districts = analyst_client.get(reverse("district-geojson")).json()
    assert districts["city_level"] == {"kyiv": 1}
    # Repeated values work on the map's own feeds too.
    response = analyst_client.get(
        reverse("incident-geojson"), {"district": ["darnytskyi", "podilskyi"]}
    )
    features = b"".join(response.streaming_content).decode()
    assert f'"id":{darnytskyi.pk}' in features
    assert f'"id":{podilskyi.pk}' in features
    assert f'"id":{obolonskyi.pk}' not in features


def test_sort_puts_unknown_figures_last_both_ways(analyst_client):
    none = _incident("2025-08-01", fatalities=None, injured=None)
    few = _incident("2025-08-02", fatalities=1, injured=10)
    many = _incident("2025-08-03", fatalities=9, injured=2)
    darnytskyi = _incident("2025-08-04", district=_district("darnytskyi"))
    nowhere = _incident("2025-08-05", district=None, point=None)
    assert _ids(analyst_client) == [nowhere.pk, darnytskyi.pk, many.pk, few.pk, none.pk]
    assert _ids(analyst_client, sort="date") == [
        none.pk,
        few.pk,
        many.pk,
        darnytskyi.pk,
        nowhere.pk,
    ]
    assert _ids(analyst_client, sort="-fatalities")[:2] == [many.pk, few.pk]
    assert _ids(analyst_client, sort="fatalities")[:2] == [few.pk, many.pk]
    assert _ids(analyst_client, sort="fatalities")[-1] == none.pk
    assert _ids(analyst_client, sort="-injured")[:2] == [few.pk, many.pk]
    assert _ids(analyst_client, sort="injured")[:2] == [many.pk, few.pk]
    # Darnytskyi before Obolonskyi; within a district, newest first; none last.
    assert _ids(analyst_client, sort="district") == [
        darnytskyi.pk,
        many.pk,
        few.pk,
        none.pk,
        nowhere.pk,
    ]
    assert _ids(analyst_client, sort="-district")[0] == many.pk
    assert _ids(analyst_client, sort="-district")[-1] == nowhere.pk


def test_pages_and_the_total(analyst_client):
    incidents = [_incident(f"2025-08-{day:02d}") for day in range(1, 8)]
    newest_first = [i.pk for i in reversed(incidents)]
    first = _list(analyst_client, page_size=3)
    assert (first["count"], first["page"], first["pages"]) == (7, 1, 3)
    assert [r["id"] for r in first["results"]] == newest_first[:3]
    last = _list(analyst_client, page_size=3, page=3)
    assert [r["id"] for r in last["results"]] == newest_first[6:]
    assert last["page"] == 3
    empty = _list(analyst_client, city="donetsk")
    assert (empty["count"], empty["pages"], empty["results"]) == (0, 1, [])
    past = _bad(analyst_client, page_size=3, page=4)
    assert past["parameters"] == {"page": ["page 4 is past the last page, 3"]}


def test_search_finds_the_darnytskyi_strike_by_its_district(
    analyst_client, darnytskyi_strike
):
    other = _incident(title="Обстріл Оболоні")
    for query in ("Дарниц", "дарниц", "ДАРНИЦ", "darnyts", "Дарницький район"):
        assert _ids(analyst_client, q=query) == [darnytskyi_strike.pk], query
    # Terms begin words: the middle of a word is no match.
    assert _ids(analyst_client, q="арниц") == []
    # Every term must match, anywhere in the incident's text.
    assert _ids(analyst_client, q="дарниц ракетний") == [darnytskyi_strike.pk]
    assert _ids(analyst_client, q="дарниц оболонь") == []
    # Cyrillic case both ways, in the title.
    assert _ids(analyst_client, q="ОБСТРІЛ") == [other.pk]
    assert _ids(analyst_client, q="оболоні") == [other.pk]
    # Source titles and outlets.
    assert _ids(analyst_client, q="суспільне") == [darnytskyi_strike.pk]
    assert _ids(analyst_client, q="нічна") == [darnytskyi_strike.pk]
    # The location as reported.
    assert _ids(analyst_client, q="лівий берег") == [darnytskyi_strike.pk]
    # Punctuation is not query syntax.
    assert _ids(analyst_client, q="дарниц:* | & ! ' (") == [darnytskyi_strike.pk]
    assert _ids(analyst_client, q="   ") == sorted(
        [darnytskyi_strike.pk, other.pk], reverse=True
    )


def test_search_covers_notes_streets_places_and_district_aliases(analyst_client):
    street = Street.objects.filter(city__slug="kyiv", name_uk="Хрещатик").first()
    assert street is not None
    place = Place.objects.filter(city__slug="kyiv", kind="metro_station").first()
    on_street = _incident(street=street, geo_precision=GeoPrecision.STREET)
    at_place = _incident(place=place, geo_precision=GeoPrecision.PLACE)
    with_notes = _incident(notes="Уламки впали на ДИТЯЧИЙ майданчик")
    assert _ids(analyst_client, q="хрещат") == [on_street.pk]
    assert _ids(analyst_client, q="khreshch") == [on_street.pk]
    name = place.name_uk.split()[0]
    assert _ids(analyst_client, q=name.upper()) == [at_place.pk]
    assert _ids(analyst_client, q="дитячий") == [with_notes.pk]
    darnytskyi = _district("darnytskyi")
    aliases = [a for a in darnytskyi.aliases if a.split()]
    in_darnytskyi = _incident(district=darnytskyi)
    for alias in aliases[:3]:
        assert in_darnytskyi.pk in _ids(analyst_client, q=alias), alias
    # Combined with the other filters.
    assert _ids(analyst_client, q="хрещат", district="darnytskyi") == []


def test_the_search_is_a_filter_of_every_feed(analyst_client, darnytskyi_strike):
    pinned = _incident(title="Удар по Дарниці", district=_district("darnytskyi"))
    _incident(title="Обстріл Оболоні")
    params = {"q": "дарниц"}
    points = analyst_client.get(reverse("incident-geojson"), params)
    body = b"".join(points.streaming_content).decode()
    assert body.count('"type":"Feature"') == 1
    assert f'"id":{pinned.pk}' in body
    districts = analyst_client.get(reverse("district-geojson"), params).json()
    counts = {
        f["properties"]["slug"]: f["properties"]["count"] for f in districts["features"]
    }
    assert counts["darnytskyi"] == 2
    assert counts["obolonskyi"] == 0
    days = analyst_client.get(reverse("incident-timeline"), params).json()["days"]
    assert days == [{"date": "2025-08-28", "count": 2}]
    export = analyst_client.get(reverse("incident-export", args=["csv"]), params)
    rows = b"".join(export.streaming_content).decode().strip().splitlines()
    assert len(rows) == 3  # the header and the two


def test_every_bad_parameter_is_named_at_once(analyst_client):
    body = _bad(
        analyst_client,
        district=["darnytskyi", "nowhere", "atlantis"],
        event_type=["battles", "rumour"],
        tag=["energy", "nuclear"],
        precision=["street", "galaxy"],
        sort="loudest",
        page="²",  # a digit to Python, not a page
        page_size="500",
        **{"from": "28.08.2025"},
    )
    assert set(_bad(analyst_client, page="0")["parameters"]) == {"page"}
    assert set(body["parameters"]) == {
        "district",
        "event_type",
        "tag",
        "precision",
        "sort",
        "page",
        "page_size",
        "from",
    }
    assert "'nowhere', 'atlantis'" in body["parameters"]["district"][0]
    assert "darnytskyi" not in body["parameters"]["district"][0]
    assert "'rumour'" in body["parameters"]["event_type"][0]
    assert "'nuclear'" in body["parameters"]["tag"][0]
    assert "'galaxy'" in body["parameters"]["precision"][0]
    assert "'loudest'" in body["parameters"]["sort"][0]
    assert "YYYY-MM-DD" in body["parameters"]["from"][0]
    assert body["error"].split(":")[0] in body["parameters"]
    assert "at most 200" in body["parameters"]["page_size"][0]
    assert "page" in _bad(analyst_client, page="two")["parameters"]


def test_a_district_of_the_other_city_is_named(analyst_client):
    body = _bad(analyst_client, city="donetsk", district="darnytskyi")
    assert body["parameters"] == {
        "district": ["unknown district 'darnytskyi' in donetsk"]
    }


@pytest.mark.parametrize(
    "url_name",
    [
        "incident-list",
        "incident-geojson",
        "incident-points",
        "district-geojson",
        "incident-timeline",
    ],
)
@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"to": "9999-12-31"}, "to"),
        ({"from": "9999-12-31"}, "from"),
        ({"from": "0001-01-01"}, "from"),
        ({"from": "2025-02-30"}, "from"),
    ],
)
def test_dates_out_of_range_are_a_400_not_a_500(
    analyst_client, url_name, params, parameter
):
    body = _bad(analyst_client, url_name, **params)
    assert list(body["parameters"]) == [parameter]
    assert body["error"].startswith(f"{parameter}: ")


def test_the_edge_days_of_the_range_still_work(analyst_client):
    assert (
        _list(analyst_client, to="2999-12-31", **{"from": "1900-01-01"})["count"] == 0
    )


def test_queries_do_not_grow_with_the_page(analyst_client, django_assert_num_queries):
    def queries(**params) -> int:
        with CaptureQueriesContext(connection) as captured:
            _list(analyst_client, **params)
        return len(captured)

    params = {
        "city": "kyiv",
        "district": ["obolonskyi", "darnytskyi"],
        "tag": "water",
        "q": "strike",
    }
    for day in range(1, 4):
        incident = _incident(f"2025-08-0{day}")
        incident.sources.add(SourceFactory())
        incident.tags.add(InfrastructureTag.objects.get(slug="water"))
    before = queries(**params)
    for day in range(4, 10):
        incident = _incident(f"2025-08-0{day}", district=_district("darnytskyi"))
        incident.sources.add(SourceFactory(), SourceFactory())
        incident.tags.add(InfrastructureTag.objects.get(slug="water"))
    assert queries(**params) == before
    # Session, user, role, the data's and the gazetteer's generations in one (the
    # ETag), the districts and the tags checked, the count, the page.
    with django_assert_num_queries(8):
        body = _list(analyst_client, **params)
    assert body["count"] == 9


def test_the_list_requires_sign_in(client):
    assert client.get(reverse("incident-list")).status_code == 401


@pytest.mark.parametrize(
    ("start", "end", "precision", "text"),
    [
        ("2024-06-12T23:50", "2024-06-12T23:50", "exact", "12 Jun 2024, 23:50"),
        (
            "2024-06-12T23:50",
            "2024-06-13T00:30",
            "exact",
            "12 Jun 2024, 23:50 – 13 Jun 2024, 00:30",
        ),
        ("2024-06-12T10:00", "2024-06-12T10:40", "exact", "12 Jun 2024, 10:00–10:40"),
        ("2024-06-12T00:00", "2024-06-12T23:59", "day", "12 Jun 2024"),
        ("2024-06-12T00:00", "2024-06-14T23:59", "day", "12–14 Jun 2024"),
        ("2024-06-12T00:00", "2024-06-13T00:00", "day", "12 Jun 2024"),
        ("2024-06-29T00:00", "2024-07-02T23:59", "day", "29 Jun – 2 Jul 2024"),
        ("2024-12-31T00:00", "2025-01-01T23:59", "day", "31 Dec 2024 – 1 Jan 2025"),
        (
            "2025-08-27T22:00",
            "2025-08-28T05:00",
            "approximate",
            "night of 27–28 Aug 2025 · approximate",
        ),
        (
            "2025-08-28T01:00",
            "2025-08-28T05:00",
            "approximate",
            "night of 27–28 Aug 2025 · approximate",
        ),
        (
            "2025-08-31T23:00",
            "2025-09-01T04:00",
            "approximate",
            "night of 31 Aug – 1 Sep 2025 · approximate",
        ),
        (
            "2025-08-27T19:00",
            "2025-08-27T22:00",
            "approximate",
            "27 Aug 2025 · approximate",
        ),
        (
            "2025-08-27T10:00",
            "2025-08-29T10:00",
            "approximate",
            "27–29 Aug 2025 · approximate",
        ),
    ],
)
def test_when_is_written_with_its_precision_in_kyiv_time(start, end, precision, text):
    utc = dt.UTC
    start = dt.datetime.fromisoformat(start).replace(tzinfo=KYIV).astimezone(utc)
    end = dt.datetime.fromisoformat(end).replace(tzinfo=KYIV).astimezone(utc)
    with translation.override("en-gb"):
        assert incident_when(start, end, precision) == text


def test_when_uses_the_language_month_names():
    moment = _at("2024-06-12", "23:50")
    with translation.override("uk"):
        text = incident_when(moment, moment, "exact")
    assert "2024" in text
    assert "23:50" in text
    assert "Jun" not in text
    assert "чер" in text.lower()
