"""OGC API – Features under /ogcapi/: the documents, items with bbox, datetime,
limit and paging, the app's filters, one feature, the districts, HTML, ETags."""

import datetime as dt
import json

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.api.ogc_params import MAX_LIMIT
from incidents.choices import EventType, GeoPrecision, Status
from incidents.filters import IncidentFilter
from incidents.selectors import district_counts
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))
ITEMS = "/ogcapi/collections/incidents/items"


def _at(day: int, hour: int = 3) -> dt.datetime:
    return dt.datetime(2025, 8, day, hour, tzinfo=KYIV_TZ)


@pytest.fixture
def analyst(client):
    client.force_login(UserFactory(role="analyst"))
    return client


def _json(response) -> dict:
    assert response.status_code == 200, response.content
    body = b"".join(response) if response.streaming else response.content
    return json.loads(body)


def _ids(client, url: str) -> set:
    return {f["id"] for f in _json(client.get(url))["features"]}


def test_the_landing_page_links_what_clients_follow(analyst):
    landing = _json(analyst.get("/ogcapi/"))
    rels = {link["rel"]: link["href"] for link in landing["links"]}
    assert rels["conformance"] == "http://testserver/ogcapi/conformance"
    assert rels["data"] == "http://testserver/ogcapi/collections"
    assert rels["service-desc"] == "http://testserver/ogcapi/api"
    classes = _json(analyst.get(rels["conformance"]))["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in classes
    api = _json(analyst.get(rels["service-desc"]))
    names = {
        p["name"]
        for p in api["paths"]["/collections/incidents/items"]["get"]["parameters"]
    }
    assert {"bbox", "datetime", "limit", "city", "event_type", "tag"} <= names
    # Without the slash, as clients often write it.
    assert analyst.get("/ogcapi?f=json")["Location"] == "/ogcapi/?f=json"


def test_the_collections_and_their_extents(analyst):
    IncidentFactory(occurred_from=_at(2), occurred_to=_at(3))
    IncidentFactory(occurred_from=_at(10), occurred_to=_at(12))
    collections = _json(analyst.get("/ogcapi/collections"))["collections"]
    assert [c["id"] for c in collections] == ["incidents", "districts"]
    incidents = _json(analyst.get("/ogcapi/collections/incidents"))
    west, south, east, north = incidents["extent"]["spatial"]["bbox"][0]
    assert west < 30.5 < east and south < 48.0 < north  # Kyiv and Donetsk
    assert incidents["extent"]["temporal"]["interval"] == [
        ["2025-08-02T00:00:00Z", "2025-08-12T00:00:00Z"]
    ]
    items = [link for link in incidents["links"] if link["rel"] == "items"]
    assert {link["type"] for link in items} == {"application/geo+json", "text/html"}
    assert analyst.get("/ogcapi/collections/nothing").status_code == 404


def test_pages_follow_next_links_through_every_incident_once(analyst):
    made = {IncidentFactory().pk for _ in range(7)}
    seen, url, pages = [], f"{ITEMS}?limit=3", 0
    while url:
        page = _json(analyst.get(url))
        pages += 1
        assert page["numberMatched"] == 7
        assert page["numberReturned"] == len(page["features"])
        seen += [f["id"] for f in page["features"]]
        url = next((ln["href"] for ln in page["links"] if ln["rel"] == "next"), None)
    assert pages == 3
    assert sorted(seen) == sorted(made)


def test_a_page_costs_the_same_queries_however_many_rows(analyst):
    IncidentFactory.create_batch(3)

    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            _json(analyst.get(f"{ITEMS}?limit={limit}"))
        return len(captured)

    few = queries(1)
    IncidentFactory.create_batch(20)
    assert queries(20) == few


def test_limit_is_capped_and_checked(analyst):
    IncidentFactory()
    assert _json(analyst.get(f"{ITEMS}?limit={MAX_LIMIT * 10}"))["numberReturned"] == 1
    # Superscript and Arabic-Indic digits are digits to Python, not numbers here.
    for value in ("0", "²", "٣", "9" * 5000):
        response = analyst.get(ITEMS, {"limit": value})
        assert response.status_code == 400, value
        assert "limit" in response.json()["parameters"]


def test_each_collection_pages_its_own_way(analyst):
    refused = analyst.get(f"{ITEMS}?offset=5")
    assert refused.status_code == 400
    assert "paged with 'after'" in refused.json()["parameters"]["offset"][0]
    districts = analyst.get("/ogcapi/collections/districts/items?after=5")
    assert districts.status_code == 400
    assert "after" in districts.json()["parameters"]


def test_an_archived_incident_listed_opens_too(analyst, client):
    archived = IncidentFactory(status=Status.ARCHIVED)
    assert _ids(analyst, f"{ITEMS}?status=archived") == {archived.pk}
    assert _json(analyst.get(f"{ITEMS}/{archived.pk}"))["id"] == archived.pk
    client.force_login(UserFactory(role="viewer"))
    assert client.get(f"{ITEMS}/{archived.pk}").status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Incidents whose span overlaps the instant or interval.
        ("2025-08-05T01:00:00Z", {"5th"}),  # 04:00 Kyiv, inside 03:00–07:00
        ("2025-08-05T12:00:00+03:00", set()),
        ("2025-08-05", {"5th"}),  # a whole Kyiv day
        ("2025-08-04/2025-08-05", {"5th"}),
        ("2025-08-05T00:00:00Z/2025-08-20T00:00:00Z", {"5th", "10th", "long"}),
        ("../2025-08-06", {"1st", "5th", "long"}),  # the 6th whole
        ("../2025-08-06T00:30:00+03:00", {"1st", "5th"}),
        ("2025-08-06/..", {"10th", "long"}),
        ("2025-08-06/", {"10th", "long"}),
        ("2025-08-06T", {"long"}),  # how GDAL writes a date from a -where
        ("2025-07-30T12:00:00/2025-08-01T03:30:00", {"1st"}),  # Kyiv time
        ("2025-08-05t01:00:00z", {"5th"}),  # RFC 3339 allows "t" and "z"
        ("2025-08-05T01Z", {"5th"}),  # hours only, as GDAL may write them
    ],
)
def test_datetime_instants_and_intervals(analyst, value, expected):
    made = {
        "1st": IncidentFactory(occurred_from=_at(1), occurred_to=_at(1, 7)),
        "5th": IncidentFactory(occurred_from=_at(5), occurred_to=_at(5, 7)),
        "10th": IncidentFactory(occurred_from=_at(10), occurred_to=_at(10, 7)),
        "long": IncidentFactory(occurred_from=_at(6, 1), occurred_to=_at(9)),
    }
    names = {pk: name for name, pk in ((n, i.pk) for n, i in made.items())}
    found = _ids(analyst, f"{ITEMS}?datetime={value.replace('+', '%2B')}")
    assert {names[pk] for pk in found} == expected


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2025-13-01",
        "2025-08-05/2025-08-01",
        "a/b/c",
        # Not RFC 3339, though Python reads them: a day is YYYY-MM-DD.
        "20250805",
        "2025-W32-2",
        # The calendar's edges: over its end once a day later or made UTC.
        "9999-12-31",
        "../9999-12-31T23:59:59.999999Z",
        "0001-01-01/..",
    ],
)
def test_a_bad_datetime_says_what_is_wrong(analyst, value):
    response = analyst.get(f"{ITEMS}?datetime={value}")
    assert response.status_code == 400
    body = response.json()
    assert "datetime" in body["parameters"]
    assert body["code"] == "InvalidParameterValue"


def test_bbox_with_or_without_heights_and_its_crs(analyst):
    inside = IncidentFactory(
        point=Point(30.52, 50.45, srid=4326), geo_precision=GeoPrecision.EXACT
    )
    IncidentFactory(
        point=Point(30.70, 50.45, srid=4326), geo_precision=GeoPrecision.EXACT
    )
    IncidentFactory()  # no point: never in a box
    assert _ids(analyst, f"{ITEMS}?bbox=30.5,50.4,30.6,50.5") == {inside.pk}
    assert _ids(analyst, f"{ITEMS}?bbox=30.5,50.4,0,30.6,50.5,100") == {inside.pk}
    crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    assert _ids(analyst, f"{ITEMS}?bbox=30.5,50.4,30.6,50.5&bbox-crs={crs84}") == {
        inside.pk
    }
    heights = analyst.get(f"{ITEMS}?bbox=30.5,50.4,x,30.6,50.5,100")
    assert heights.status_code == 400 and "bbox" in heights.json()["parameters"]
    refused = analyst.get(f"{ITEMS}?bbox=1,2,3,4&bbox-crs=EPSG:3857")
    assert refused.status_code == 400 and "bbox-crs" in refused.json()["parameters"]


def test_an_unknown_parameter_is_named_not_ignored(analyst):
    response = analyst.get(f"{ITEMS}?evnt_type=explosions&from=2025-01-01")
    assert response.status_code == 400
    assert set(response.json()["parameters"]) == {"evnt_type", "from"}


def test_the_apps_own_filters(analyst):
    battle = IncidentFactory(event_type=EventType.BATTLES)
    IncidentFactory()
    archived = IncidentFactory(status=Status.ARCHIVED)
    assert _ids(analyst, f"{ITEMS}?event_type=battles") == {battle.pk}
    assert _ids(analyst, f"{ITEMS}?status=archived") == {archived.pk}
    assert archived.pk not in _ids(analyst, ITEMS)
    assert analyst.get(f"{ITEMS}?city=lviv").status_code == 400


def test_a_feature_carries_the_exports_properties(analyst):
    incident = IncidentFactory(
        point=Point(30.52, 50.45, srid=4326),
        geo_precision=GeoPrecision.EXACT,
        fatalities=2,
    )
    feature = _json(analyst.get(f"{ITEMS}/{incident.pk}"))
    assert feature["geometry"] == {"type": "Point", "coordinates": [30.52, 50.45]}
    props = feature["properties"]
    assert props["event_id"] == incident.pk
    assert props["fatalities"] == 2
    assert props["event_type"] == "Explosions/Remote violence"  # ACLED's label
    assert props["permalink"] == f"http://testserver/incidents/{incident.pk}/"
    rels = {link["rel"] for link in feature["links"]}
    assert {"self", "alternate", "collection"} <= rels
    assert analyst.get(f"{ITEMS}/999999").status_code == 404
    assert analyst.get(f"{ITEMS}/not-a-number").status_code == 404


def test_a_viewer_reads_only_what_is_published(client):
    published = IncidentFactory(
        status=Status.PUBLISHED,
        occurred_from=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        occurred_to=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    draft = IncidentFactory(status=Status.DRAFT)
    client.force_login(UserFactory(role="viewer"))
    assert _ids(client, ITEMS) == {published.pk}
    assert client.get(f"{ITEMS}/{draft.pk}").status_code == 404


def test_districts_carry_the_counts_of_the_same_filters(analyst, kyiv):
    district = kyiv.districts.get(slug="podilskyi")
    IncidentFactory(district=district, occurred_from=_at(5), occurred_to=_at(5, 4))
    IncidentFactory(district=district, occurred_from=_at(20), occurred_to=_at(20, 4))
    url = "/ogcapi/collections/districts/items?datetime=2025-08-01/2025-08-10"
    page = _json(analyst.get(url))
    counts = {f["id"]: f["properties"]["count"] for f in page["features"]}
    assert counts["podilskyi"] == 1
    expected = district_counts(
        filters=IncidentFilter(
            start=dt.datetime(2025, 8, 1, tzinfo=KYIV_TZ),
            end=dt.datetime(2025, 8, 11, tzinfo=KYIV_TZ),
        ),
        user=UserFactory(role="analyst"),
    )
    assert page["numberMatched"] == len(expected) == len(page["features"])
    assert sum(counts.values()) == sum(d.incident_count for d in expected)
    # The box picks the districts it touches, not the incidents they count.
    boxed = _json(
        analyst.get("/ogcapi/collections/districts/items?bbox=30.50,50.46,30.51,50.47")
    )
    assert "podilskyi" in {f["id"] for f in boxed["features"]}
    assert boxed["numberMatched"] < len(expected)
    one = _json(analyst.get("/ogcapi/collections/districts/items/podilskyi"))
    assert one["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert one["properties"]["count"] == 2
    paged = _json(analyst.get("/ogcapi/collections/districts/items?limit=5"))
    assert len(paged["features"]) == 5
    assert any(link["rel"] == "next" for link in paged["links"])


def test_a_browser_gets_html_and_a_client_json(analyst):
    incident = IncidentFactory(title="Удар по Подолу")
    html = analyst.get(ITEMS, headers={"Accept": "text/html,*/*;q=0.8"})
    assert html["Content-Type"].startswith("text/html")
    assert "Удар по Подолу" in html.content.decode()
    assert f'href="http://testserver/incidents/{incident.pk}/"' in html.content.decode()
    client_json = analyst.get(ITEMS, headers={"Accept": "application/geo+json"})
    assert client_json["Content-Type"] == "application/geo+json"
    assert analyst.get("/ogcapi/collections?f=html")["Content-Type"].startswith(
        "text/html"
    )
    assert html["ETag"] != client_json["ETag"]
    again = analyst.get(
        ITEMS,
        headers={
            "Accept": "application/geo+json",
            "If-None-Match": client_json["ETag"],
        },
    )
    assert again.status_code == 304


def test_self_is_the_representation_asked_for_and_alternate_the_other(analyst):
    def rels(links) -> dict:
        return {link["rel"]: (link["type"], link["href"]) for link in links}

    landing = rels(_json(analyst.get("/ogcapi/?f=json"))["links"])
    assert landing["self"][0] == "application/json"
    assert landing["alternate"] == ("text/html", "http://testserver/ogcapi/?f=html")
    page = rels(_json(analyst.get(ITEMS))["links"])
    assert page["self"][0] == "application/geo+json"
    assert page["alternate"][0] == "text/html"
    # As HTML, the JSON is the alternate.
    html = analyst.get("/ogcapi/?f=html").content.decode()
    assert 'href="http://testserver/ogcapi/?f=json" rel="alternate"' in html
    items = analyst.get(f"{ITEMS}?f=html").content.decode()
    assert 'rel="alternate">alternate</a> <small>application/geo+json' in items


def test_signed_out_a_client_gets_401_and_a_browser_the_sign_in(client, db):
    refused = client.get(ITEMS)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    browser = client.get(ITEMS, headers={"Accept": "text/html"})
    assert browser.status_code == 302 and "/accounts/login/" in browser["Location"]


def test_the_schema_types_every_property_the_features_carry(analyst, kyiv):
    from incidents.serializers import DISTRICT_COLUMNS, EXPORT_COLUMNS

    incident = IncidentFactory()
    collection = _json(analyst.get("/ogcapi/collections/incidents"))
    link = next(ln for ln in collection["links"] if ln["rel"] == "describedBy")
    assert link["type"] == "application/schema+json"
    schema = analyst.get(link["href"])
    assert schema["Content-Type"] == "application/schema+json"
    typed = schema.json()["properties"]["properties"]["properties"]
    feature = _json(analyst.get(f"{ITEMS}/{incident.pk}"))
    assert list(typed) == list(feature["properties"]) == EXPORT_COLUMNS
    assert typed["fatalities"] == {"type": "integer"}
    assert typed["occurred_from"]["format"] == "date-time"
    district = _json(analyst.get("/ogcapi/collections/districts/items/podilskyi"))
    assert list(district["properties"]) == DISTRICT_COLUMNS
