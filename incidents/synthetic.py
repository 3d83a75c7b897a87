"""Plausible synthetic incidents over the real Kyiv district polygons, for benchmarks
and demos. Every one is titled "synthetic: …" so it can be told apart and removed."""

import datetime as dt
import random
import sys

import shapely
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from shapely.prepared import prep
from tqdm import tqdm

from geo.models import City, District
from incidents.choices import (
    EventType,
    GeocodeStatus,
    GeoPrecision,
    Status,
    SubEventType,
    TimePrecision,
)
from incidents.generation import data_changed
from incidents.models import Incident

SYNTHETIC_PREFIX = "synthetic: "
_SUB_TYPES = [SubEventType.AIR_DRONE_STRIKE, SubEventType.SHELLING]


def _random_point(rng: random.Random, polygon, prepared) -> tuple[float, float]:
    west, south, east, north = polygon.bounds
    while True:
        x, y = rng.uniform(west, east), rng.uniform(south, north)
        if prepared.contains(shapely.Point(x, y)):
            return x, y


@transaction.atomic
def incidents_seed_synthetic(
    *, count: int, seed: int = 1, days: int = 365, progress: bool = False
) -> int:
    """Bulk-insert `count` incidents; a fifth are located to a district only."""
    rng = random.Random(seed)
    kyiv = City.objects.get(slug="kyiv")
    districts = [
        (d, shapely.from_wkb(bytes(d.boundary.wkb)))
        for d in District.objects.filter(city=kyiv, boundary__isnull=False)
    ]
    if not districts:
        raise ValueError("No Kyiv district polygons: run load_geodata first.")
    prepared = [(d, poly, prep(poly)) for d, poly in districts]
    end = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    batch: list[Incident] = []
    with tqdm(
        total=count,
        desc="seeding",
        unit="incident",
        disable=not progress,
        file=sys.stderr,
    ) as bar:
        for i in range(count):
            district, polygon, prepared_polygon = rng.choice(prepared)
            start = end - dt.timedelta(hours=rng.randrange(days * 24))
            district_only = rng.random() < 0.2
            point = None
            precision = GeoPrecision.DISTRICT
            if not district_only:
                point = Point(*_random_point(rng, polygon, prepared_polygon), srid=4326)
                precision = rng.choice([GeoPrecision.EXACT, GeoPrecision.STREET])
            event_type = (
                EventType.EXPLOSIONS if rng.random() < 0.9 else EventType.STRATEGIC
            )
            batch.append(
                Incident(
                    title=f"{SYNTHETIC_PREFIX}{district.name_en} #{i}",
                    occurred_from=start,
                    occurred_to=start + dt.timedelta(hours=rng.choice([0, 1, 4])),
                    time_precision=TimePrecision.APPROXIMATE,
                    event_type=event_type,
                    sub_event_type=rng.choice(_SUB_TYPES)
                    if event_type == EventType.EXPLOSIONS
                    else SubEventType.DISRUPTED_WEAPONS_USE,
                    fatalities=rng.choice([None, 0, 0, 1, 2]),
                    injured=rng.choice([None, 0, 1, 3, 5]),
                    location_text=f"{district.name_en} district, Kyiv",
                    city=kyiv,
                    district=district,
                    point=point,
                    geo_precision=precision,
                    geocode_status=GeocodeStatus.DONE,
                    geocode_method="synthetic",
                    status=Status.PUBLISHED,
                )
            )
            if len(batch) == 5000:
                Incident.objects.bulk_create(batch)
                bar.update(len(batch))
                batch = []
        Incident.objects.bulk_create(batch)
        bar.update(len(batch))
    data_changed()  # bulk_create sends no signal
    # Fresh statistics: without them PostgreSQL plans the map's queries for a
    # table of a few rows (2 rows expected, 79,893 found: a sort spilled to disk).
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Incident._meta.db_table}")
    return count
