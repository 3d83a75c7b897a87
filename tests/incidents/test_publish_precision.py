"""PUBLISH_PRECISION: viewers see locations no finer than it, in every feed, the
list, the detail, the incident page and the exports, and no filter or search tells
them more; staff see the truth; an editor may make one exact location publishable."""

import csv
import datetime as dt
import io
import json

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from geo.models import District, Place, Street, localized_name
from incidents.choices import GeoPrecision, Status
from incidents.models import Incident
from incidents.services import incident_save
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db

WORD = "zoloti"  # only in the reported location of the exact strikes


@pytest.fixture
def gazetteer(kyiv):
    street = Street.objects.filter(city=kyiv, point__isnull=False).order_by("pk")[0]
    district = District.objects.get(city=kyiv, boundary__covers=street.point)
    place = Place.objects.filter(city=kyiv, point__isnull=False).order_by("pk")[0]
    place_district = District.objects.get(city=kyiv, boundary__covers=place.point)
    return {
        "city": kyiv,
        "street": street,
        "district": district,
        "place": place,
        "place_district": place_district,
    }


@pytest.fixture
def incidents(gazetteer):
    """One published incident per level of truth, and an exact one an editor made
    publishable."""
    g = gazetteer
    ended = timezone.now() - dt.timedelta(days=2)

    def make(name, **fields):
        return IncidentFactory(
            title=f"{name} strike",
            status=Status.PUBLISHED,
            occurred_from=ended,
            occurred_to=ended,
            evidence=f"The {name} sentence.",
            **{"location_text": "", **fields},
        )

    anchor = g["street"].point
    # A house a hundred metres or so along the street from its anchor.
    spot = Point(anchor.x + 0.0012, anchor.y + 0.0004, srid=4326)

    exact = {
        "point": spot,
        "geo_precision": GeoPrecision.EXACT,
        "district": g["district"],
        "street": g["street"],
        "location_text": f"{WORD} vorota 7",
        "geocode_method": "street+number",
    }
    return {
        "exact": make("exact", **exact),
        "publishable": make("publishable", exact_location_publishable=True, **exact),
        "place": make(
            "place",
            point=g["place"].point,
            geo_precision=GeoPrecision.PLACE,
            district=g["place_district"],
            place=g["place"],
        ),
        "street": make(
            "street",
            point=g["street"].point,
            geo_precision=GeoPrecision.STREET,
            district=g["district"],
            street=g["street"],
        ),
        "district": make(
            "district", geo_precision=GeoPrecision.DISTRICT, district=g["district"]
        ),
        "city": make("city", geo_precision=GeoPrecision.CITY),
    }


def _truth(incident: Incident) -> dict:
    return {
        "point": (incident.point.x, incident.point.y) if incident.point else None,
        "precision": incident.geo_precision,
        "district": incident.district_id,
        "street": incident.street_id,
        "place": incident.place_id,
        "location_text": incident.location_text,
    }


def _expected(name: str, incident: Incident, precision: str, g: dict) -> dict:
    """What a viewer sees of `incident` at PUBLISH_PRECISION=`precision`."""
    truth = _truth(incident)
    if precision == "exact" or name == "publishable":
        return truth
    hidden = {"place": None, "location_text": ""}
    if precision == "street":
        if name in ("exact",):
            street = g["street"].point
            return (
                truth | hidden | {"point": (street.x, street.y), "precision": "street"}
            )
        if name == "place":  # no street known: the district
            return truth | hidden | {"point": None, "precision": "district"}
        return truth
    if precision == "district":
        if name in ("exact", "place", "street"):
            return (
                truth
                | hidden
                | {"point": None, "precision": "district", "street": None}
            )
        return truth
    # city
    return (
        truth
        | hidden
        | {
            "point": None,
            "precision": "city",
            "district": None,
            "street": None,
        }
    )


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response) if response.streaming else response.content


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a[0] - b[0]) < 1e-6 and abs(a[1] - b[1]) < 1e-6


def _seen_in_exports(client) -> dict[int, dict]:
    """Per incident id, the location fields of the CSV and the GeoJSON export."""
    seen = {}
    body = _body(client.get(reverse("incident-export", kwargs={"fmt": "csv"})))
    for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig"))):
        point = (
            (float(row["longitude"]), float(row["latitude"]))
            if row["longitude"]
            else None
        )
        seen[int(row["event_id"])] = {
            "point": point,
            "precision": row["geo_precision"],
            "district": row["district"] or None,
            "street": row["street"] or None,
            "place": row["place"] or None,
            "location_text": row["location_text"],
            "geocode_method": row["geocode_method"],
        }
    body = _body(client.get(reverse("incident-export", kwargs={"fmt": "geojson"})))
    for feature in json.loads(body)["features"]:
        props = feature["properties"]
        geometry = feature["geometry"]
        point = tuple(geometry["coordinates"]) if geometry else None
        assert _close(point, seen[feature["id"]]["point"])
        for name in ("district", "street", "place", "location_text"):
            assert (props[name] or None) == (seen[feature["id"]][name] or None)
    return seen


@pytest.mark.parametrize("precision", ["exact", "street", "district", "city"])
def test_viewers_see_locations_no_finer_than_the_publication_precision(
    client, settings, gazetteer, incidents, precision
):
    settings.PUBLISH_PRECISION = precision
    client.force_login(UserFactory(role="viewer"))
    expected = {
        incidents[name].pk: _expected(name, incidents[name], precision, gazetteer)
        for name in incidents
    }
    district_slugs = {d.pk: d.slug for d in District.objects.all()}

    # The map's points.
    data = json.loads(_body(client.get(reverse("incident-points"))))
    stride = len(data["fields"])
    points = {
        data["points"][i]: (
            (data["points"][i + 1], data["points"][i + 2]),
            data["geo_precisions"][data["points"][i + 4]],
        )
        for i in range(0, len(data["points"]), stride)
    }
    assert set(points) == {pk for pk, e in expected.items() if e["point"]}
    for pk, (point, shown_precision) in points.items():
        assert _close(point, expected[pk]["point"])
        assert shown_precision == expected[pk]["precision"]
    features = json.loads(_body(client.get(reverse("incident-geojson"))))["features"]
    assert {f["id"] for f in features} == set(points)

    # The list.
    results = json.loads(_body(client.get(reverse("incident-list"))))["results"]
    assert {r["id"] for r in results} == set(expected)
    for row in results:
        e = expected[row["id"]]
        point = (row["lon"], row["lat"]) if row["lon"] is not None else None
        assert _close(point, e["point"]), row
        assert (row["geo_precision"] or "") == e["precision"], row
        assert row["district_slug"] == district_slugs.get(e["district"]), row
        assert (row["street"] is not None) == (e["street"] is not None), row
        assert (row["place"] is not None) == (e["place"] is not None), row

    # The exports.
    for pk, row in _seen_in_exports(client).items():
        e = expected[pk]
        assert _close(row["point"], e["point"]), row
        assert row["precision"] == e["precision"], row
        assert row["district"] == district_slugs.get(e["district"]), row
        assert (row["street"] is not None) == (e["street"] is not None), row
        assert (row["place"] is not None) == (e["place"] is not None), row
        assert row["location_text"] == e["location_text"], row
        if e["location_text"] == "" and incidents["exact"].pk == pk:
            assert row["geocode_method"] == ""

    # The districts' counts and the city-level panel.
    districts = json.loads(_body(client.get(reverse("district-geojson"))))
    counts = {f["id"]: f["properties"]["count"] for f in districts["features"]}
    for district_pk in {e["district"] for e in expected.values()} - {None}:
        assert counts[district_pk] == sum(
            1 for e in expected.values() if e["district"] == district_pk
        )
    assert districts["city_level"].get("kyiv", 0) == sum(
        1 for e in expected.values() if e["point"] is None and e["district"] is None
    )

    # The popup's detail and the incident page.
    street = gazetteer["street"]
    for name, incident in incidents.items():
        e = expected[incident.pk]
        detail = json.loads(
            _body(client.get(reverse("incident-detail", args=[incident.pk])))
        )
        assert detail["location_text"] == e["location_text"]
        assert (localized_name(street) in detail["geocoded"]) == (
            e["street"] is not None
        )
        page = _body(client.get(reverse("incident-page", args=[incident.pk]))).decode()
        # The sentences of the reports name the spot: shown with the exact location.
        exact_shown = precision == "exact" or name == "publishable"
        assert (f"The {name} sentence." in page) == exact_shown
        map_data = json.loads(
            page.split('id="incident-map-data" type="application/json">')[1].split(
                "</script>"
            )[0]
        )
        assert _close(
            tuple(map_data["point"]) if map_data["point"] else None, e["point"]
        )
        if e["location_text"] == "" and incident.location_text:
            assert incident.location_text not in page
            assert "street+number" not in page


def _ids(response) -> set[int]:
    return {r["id"] for r in json.loads(_body(response))["results"]}


def test_no_filter_or_search_tells_a_viewer_more_than_the_precision(
    client, settings, gazetteer, incidents
):
    viewer = UserFactory(role="viewer")
    client.force_login(viewer)
    url = reverse("incident-list")
    lon, lat = incidents["exact"].point.coords
    spot_box = f"?bbox={lon - 0.0005},{lat - 0.0005},{lon + 0.0005},{lat + 0.0005}"
    district = gazetteer["district"].slug
    exact = {incidents["exact"].pk, incidents["publishable"].pk}

    settings.PUBLISH_PRECISION = "exact"
    assert _ids(client.get(url + spot_box)) == exact
    assert _ids(client.get(url + f"?q={WORD}")) == exact
    assert _ids(client.get(url + "?precision=exact")) == exact

    settings.PUBLISH_PRECISION = "street"
    publishable = {incidents["publishable"].pk}
    assert _ids(client.get(url + spot_box)) == publishable
    assert _ids(client.get(url + f"?q={WORD}")) == publishable
    assert _ids(client.get(url + "?precision=exact")) == publishable
    assert incidents["exact"].pk in _ids(client.get(url + "?precision=street"))

    settings.PUBLISH_PRECISION = "district"
    assert incidents["street"].pk in _ids(client.get(url + "?precision=district"))
    assert _ids(client.get(url + "?precision=street")) == set()

    settings.PUBLISH_PRECISION = "city"
    assert _ids(client.get(url + f"?district={district}")) == publishable
    assert (
        _ids(client.get(url + "?precision=city"))
        == {i.pk for i in incidents.values()} - publishable
    )
    # Sorted by district, the hidden districts tell nothing by their order.
    names = [
        r["district"]
        for r in json.loads(_body(client.get(url + "?sort=district")))["results"]
    ]
    assert names.count(None) == len(incidents) - 1
    # Staff see the truth whatever the setting.
    client.force_login(UserFactory(role="analyst"))
    assert _ids(client.get(url + spot_box)) == exact
    assert _ids(client.get(url + f"?q={WORD}")) == exact
    rows = {r["id"]: r for r in json.loads(_body(client.get(url)))["results"]}
    assert rows[incidents["exact"].pk]["lon"] == pytest.approx(lon)


def test_only_an_editor_makes_an_exact_location_publishable_and_the_history_says_who(
    gazetteer, incidents
):
    incident = incidents["exact"]
    analyst = UserFactory(role="analyst")
    incident.exact_location_publishable = True
    with pytest.raises(PermissionDenied, match="Only an editor"):
        incident_save(
            incident=incident,
            changed_fields={"exact_location_publishable"},
            user=analyst,
        )
    incident.refresh_from_db()
    assert incident.exact_location_publishable is False

    editor = UserFactory(role="editor")
    incident.exact_location_publishable = True
    incident_save(
        incident=incident, changed_fields={"exact_location_publishable"}, user=editor
    )
    record = incident.history.order_by("-history_date", "-history_id")[0]
    assert record.exact_location_publishable is True
    assert record.history_user == editor
    assert record.prev_record.exact_location_publishable is False


def test_the_admin_lets_only_editors_change_the_flag(client, incidents):
    incident = incidents["exact"]
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    analyst = UserFactory(role="analyst", is_staff=True)
    client.force_login(analyst)
    page = client.get(url).content.decode()
    assert 'name="exact_location_publishable"' not in page
    editor = UserFactory(role="editor", is_staff=True)
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert 'name="exact_location_publishable"' in page


def test_a_bad_publish_precision_stops_the_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings.publication as publication

    monkeypatch.setenv("PUBLISH_PRECISION", "building")
    with pytest.raises(ImproperlyConfigured, match="PUBLISH_PRECISION='building'"):
        importlib.reload(publication)
    monkeypatch.setenv("PUBLISH_PRECISION", "District")
    assert importlib.reload(publication).PUBLISH_PRECISION == "district"
    monkeypatch.delenv("PUBLISH_PRECISION")
    importlib.reload(publication)


def test_the_incident_page_tells_staff_what_viewers_see(client, settings, incidents):
    settings.PUBLISH_PRECISION = "district"
    client.force_login(UserFactory(role="analyst"))
    page = client.get(reverse("incident-page", args=[incidents["exact"].pk]))
    text = page.content.decode()
    assert "the location no finer than: District" in text
    # Staff see the truth: the reported location and the evidence.
    assert incidents["exact"].location_text in text
    assert "The exact sentence." in text
    page = client.get(reverse("incident-page", args=[incidents["publishable"].pk]))
    assert "an editor made it publishable" in page.content.decode()
