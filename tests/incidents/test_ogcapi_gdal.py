"""The OGC API read by GDAL's own OAPIF driver (what QGIS uses), against a live
server, with a viewer's token: the counts, a bbox, a datetime and an attribute
filter, and paging through every feature, checked against the database."""

import datetime as dt
import os
import re
import shutil
import subprocess

import pytest
from django.contrib.gis.geos import Point

from incidents.api.tokens import api_token_create
from incidents.choices import EventType, GeoPrecision, Status
from incidents.filters import IncidentFilter
from incidents.selectors import incident_list
from tests.factories import IncidentFactory, UserFactory

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))
BOX = (30.50, 50.43, 30.56, 50.47)  # central Kyiv


def _day(day: int) -> dict:
    # Spans within one day: "starts on or after" and "overlaps from" agree.
    start = dt.datetime(2025, 8, day, 9, tzinfo=KYIV_TZ)
    return {"occurred_from": start, "occurred_to": start + dt.timedelta(hours=2)}


@pytest.fixture
def layer(pipeline_db, live_server):
    if shutil.which("ogrinfo") is None:
        pytest.fail("ogrinfo is missing: scripts/bootstrap.sh test installs gdal-bin")
    viewer = UserFactory(role="viewer")
    for day in range(1, 9):
        inside = day % 2 == 0
        IncidentFactory(
            status=Status.PUBLISHED,
            point=Point(30.52 if inside else 30.70, 50.45, srid=4326),
            geo_precision=GeoPrecision.EXACT,
            event_type=EventType.BATTLES if day == 3 else EventType.EXPLOSIONS,
            # Unknown in every row GDAL samples: the type comes from the schema.
            fatalities=None,
            **_day(day),
        )
    IncidentFactory(status=Status.PUBLISHED, **_day(5))  # located to the city only
    IncidentFactory(status=Status.DRAFT, point=Point(30.52, 50.45, srid=4326))
    IncidentFactory(status=Status.ARCHIVED, **_day(6))
    _, key = api_token_create(user=viewer, name="QGIS")
    return {"url": f"OAPIF:{live_server.url}/ogcapi", "key": key, "viewer": viewer}


def _ogrinfo(layer, *args: str) -> str:
    env = {**os.environ, "GDAL_HTTP_HEADERS": f"Authorization: Bearer {layer['key']}"}
    result = subprocess.run(
        ["ogrinfo", "-ro", *args, layer["url"], "incidents"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "ERROR" not in result.stderr, result.stderr
    return result.stdout


def _count(output: str) -> int:
    return int(re.search(r"Feature Count: (\d+)", output).group(1))


def _expected(layer, **filters) -> int:
    return incident_list(
        filters=IncidentFilter(**filters), user=layer["viewer"]
    ).count()


def test_gdal_reads_the_layer_live_with_filters(layer):
    summary = _ogrinfo(layer, "-al", "-so")
    assert _count(summary) == _expected(layer) == 9
    assert "Geometry: Point" in summary
    assert re.search(r"event_date: Date", summary)
    assert re.search(r"fatalities: Integer", summary)

    boxed = _ogrinfo(layer, "-al", "-so", "-spat", *map(str, BOX))
    assert _count(boxed) == _expected(layer, bbox=BOX) == 4

    since = dt.datetime(2025, 8, 5, tzinfo=KYIV_TZ)
    dated = _ogrinfo(layer, "-al", "-so", "-where", "occurred_from >= '2025-08-05'")
    assert _count(dated) == _expected(layer, start=since) == 5

    both = _ogrinfo(
        layer,
        "-al",
        "-so",
        "-spat",
        *map(str, BOX),
        "-where",
        "occurred_from >= '2025-08-05'",
    )
    assert _count(both) == _expected(layer, bbox=BOX, start=since) == 2

    battles = _ogrinfo(layer, "-al", "-so", "-where", "event_type = 'Battles'")
    assert _count(battles) == _expected(layer, event_types=("battles",)) == 1


def test_gdal_pages_through_every_feature(layer):
    listing = _ogrinfo(layer, "-al", "-oo", "PAGE_SIZE=2")
    ids = sorted(int(i) for i in re.findall(r"event_id \(Integer\) = (\d+)", listing))
    expected = sorted(
        incident_list(filters=IncidentFilter(), user=layer["viewer"]).values_list(
            "pk", flat=True
        )
    )
    assert ids == expected
