"""The map's cells counted ahead (incidents/map_cells.py): a cluster request that
reads them gives the very answer of counting every incident live, and a request
never reads cells the data has moved past."""

import datetime as dt
import io
import random
import time

import pytest
from django.contrib.gis.geos import Point, Polygon
from django.core.management import call_command
from django.test import override_settings

from geo.models import City
from incidents.choices import EventType, GeocodeStatus, GeoPrecision, Status
from incidents.clusters import incident_clusters
from incidents.filters import KYIV, IncidentFilter
from incidents.generation import data_changed
from incidents.map_cells import (
    cell_plan,
    map_cells_build,
    map_cells_current,
    map_cells_request_build,
)
from incidents.models import Incident, MapCell
from incidents.tasks import map_cells_build_task
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db

CITY = (30.24, 50.21, 30.83, 50.59)
CENTRE = (30.46, 50.42, 30.58, 50.47)
DONETSK = (37.60, 47.90, 37.95, 48.10)
TYPES = list(EventType)
FIRST_DAY = dt.datetime(2025, 6, 1, tzinfo=KYIV)


@pytest.fixture
def incidents():
    """2,400 incidents in Kyiv (denser in the centre) and Donetsk, every status,
    some without a point, some spanning days, many starting near a Kyiv midnight."""
    rng = random.Random(7)
    cities = {c.slug: c for c in City.objects.filter(slug__in=["kyiv", "donetsk"])}
    rows = []
    for n in range(2400):
        box, city = (
            (DONETSK, cities["donetsk"])
            if n % 4 == 0
            else (CENTRE if n % 3 == 0 else CITY, cities["kyiv"])
        )
        day = dt.datetime(2025, 6, 1, tzinfo=KYIV) + dt.timedelta(
            days=rng.randrange(90)
        )
        start = day + dt.timedelta(minutes=rng.choice([0, 1, 600, 1439]))
        end = start + dt.timedelta(minutes=rng.choice([0, 0, 30, 2000]))
        located = n % 13 != 0
        rows.append(
            Incident(
                title=f"Strike {n}",
                occurred_from=start,
                occurred_to=end,
                event_type=TYPES[rng.randrange(len(TYPES))],
                city=None if n % 11 == 0 else city,
                point=(
                    Point(rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3]))
                    if located
                    else None
                ),
                geo_precision=rng.choice([GeoPrecision.EXACT, GeoPrecision.STREET])
                if located
                else "",
                geocode_status=GeocodeStatus.DONE,
                status=rng.choice(list(Status)),
            )
        )
    Incident.objects.bulk_create(rows)
    data_changed()  # bulk_create sends no signal
    map_cells_build()


def _canonical(answer: dict) -> dict:
    """The answer with the clusters in a fixed order and their centres rounded
    (sums added in another order differ in the last digits)."""
    clusters = sorted(
        (
            round(c["lon"], 5),
            round(c["lat"], 5),
            c["count"],
            tuple(sorted(c["by_type"].items())),
        )
        for c in answer["clusters"]
    )
    points = sorted(tuple(sorted(p.items())) for p in answer["points"])
    return {"clusters": clusters, "points": points, "total": answer["total"]}


def _both_ways(user, zoom, **filters) -> tuple[dict, dict]:
    wanted = IncidentFilter(**filters)
    with override_settings(MAP_CELLS=False):
        live = incident_clusters(filters=wanted, user=user, zoom=zoom)
    built = incident_clusters(filters=wanted, user=user, zoom=zoom)
    return _canonical(live), _canonical(built)


def _day(day: int, month: int = 7) -> dt.datetime:
    return dt.datetime(2025, month, day, tzinfo=KYIV)


CASES = [
    (10, {"bbox": CITY}),
    (11, {"bbox": CITY}),
    (12, {"bbox": CENTRE}),
    (13, {"bbox": CENTRE}),
    (8, {"bbox": (29.0, 46.0, 39.0, 52.0)}),
    (10, {"bbox": DONETSK}),
    (13, {"bbox": (30.471, 50.431, 30.559, 50.468)}),
    (10, {"bbox": CITY, "start": _day(1), "end": _day(1, 8)}),
    (12, {"bbox": CENTRE, "start": _day(10)}),
    (11, {"bbox": CITY, "end": _day(15)}),
    (10, {"bbox": CITY, "status": Status.ARCHIVED}),
    (
        10,
        {
            "bbox": CITY,
            "city": "kyiv",
            "event_types": ("battles", "strategic_developments"),
        },
    ),
    (
        12,
        {
            "bbox": (30.3, 50.3, 30.7, 50.55),
            "event_types": ("violence_against_civilians",),
        },
    ),
    (9, {"bbox": (37.0, 47.5, 38.5, 48.5), "city": "donetsk"}),
]


@pytest.mark.parametrize(("zoom", "filters"), CASES)
def test_reading_the_built_cells_answers_as_counting_live(incidents, zoom, filters):
    analyst = UserFactory()
    assert cell_plan(filters=IncidentFilter(**filters), user=analyst, zoom=zoom)
    live, built = _both_ways(analyst, zoom, **filters)
    assert live["total"] > 0
    assert built == live


@pytest.mark.parametrize(
    ("zoom", "filters"),
    [
        (10, {"bbox": CITY, "districts": ("podil",)}),
        (10, {"bbox": CITY, "search_terms": ("strike",)}),
        (13, {"bbox": CENTRE, "start": _day(1)}),  # kept without days
        (10, {"bbox": CITY, "start": _day(1) + dt.timedelta(hours=5)}),
        (16, {"bbox": (30.50, 50.44, 30.52, 50.45)}),
    ],
)
def test_what_the_cells_cannot_answer_is_counted_live(incidents, zoom, filters):
    analyst = UserFactory()
    assert cell_plan(filters=IncidentFilter(**filters), user=analyst, zoom=zoom) is None


def test_readers_below_staff_are_counted_live(incidents):
    viewer = UserFactory(username="viewer", role="viewer")
    assert cell_plan(filters=IncidentFilter(bbox=CITY), user=viewer, zoom=10) is None
    answer = incident_clusters(filters=IncidentFilter(bbox=CITY), user=viewer, zoom=10)
    assert (
        answer["total"]
        == Incident.objects.filter(
            status=Status.PUBLISHED,
            point__isnull=False,
            point__intersects=Polygon.from_bbox(CITY),
        ).count()
    )


def test_after_a_write_the_answer_is_live_until_the_worker_rebuilds(incidents):
    analyst = UserFactory()
    box = IncidentFilter(bbox=CITY)
    before = incident_clusters(filters=box, user=analyst, zoom=10)["total"]
    IncidentFactory(point=Point(30.52, 50.45), geo_precision=GeoPrecision.EXACT)
    assert not map_cells_current()
    # The broker is down in the tests: the rebuild stays asked for, nothing breaks.
    assert cell_plan(filters=box, user=analyst, zoom=10) is None
    assert incident_clusters(filters=box, user=analyst, zoom=10)["total"] == before + 1
    assert map_cells_build_task() > 0
    assert map_cells_current()
    assert map_cells_build_task() == 0  # current: nothing to do
    assert cell_plan(filters=box, user=analyst, zoom=10)
    live, built = _both_ways(analyst, 10, bbox=CITY)
    assert built == live and built["total"] == before + 1


def test_a_build_replaces_the_cells(incidents):
    cells = MapCell.objects.count()
    assert map_cells_build().cells == cells == MapCell.objects.count()
    Incident.objects.filter(city__slug="donetsk").update(point=None)
    data_changed()
    assert map_cells_build().cells < cells
    live, built = _both_ways(UserFactory(), 10, bbox=DONETSK)
    assert built == live  # the incidents there without a city are left


def test_the_command_counts_the_cells_for_the_current_data(incidents):
    IncidentFactory(point=Point(30.52, 50.45), geo_precision=GeoPrecision.EXACT)
    assert not map_cells_current()
    out = io.StringIO()
    call_command("build_map_cells", stdout=out)
    assert map_cells_current()
    assert f"{MapCell.objects.count()} map cells" in out.getvalue()


def test_asking_for_a_build_with_the_broker_down_loses_nothing(incidents):
    IncidentFactory(point=Point(30.52, 50.45), geo_precision=GeoPrecision.EXACT)
    started = time.monotonic()
    assert map_cells_request_build() is False  # the tests' broker: nothing listens
    assert time.monotonic() - started < 2
    assert not map_cells_current()
