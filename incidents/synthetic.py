"""Plausible synthetic incidents over the real Kyiv district polygons, for benchmarks
and demos. Every one is titled "synthetic: …" so it can be told apart and removed."""

import datetime as dt
import json
import random
import sys

import shapely
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.db.models import JSONField
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


def _synthetic_fields(rng, i: int, prepared, end: dt.datetime, days: int) -> dict:
    """One incident's fields by attribute name (city_id, not city); `point` is
    (lon, lat) or None."""
    district, polygon, prepared_polygon = rng.choice(prepared)
    start = end - dt.timedelta(hours=rng.randrange(days * 24))
    district_only = rng.random() < 0.2
    point = None
    precision = GeoPrecision.DISTRICT
    if not district_only:
        point = _random_point(rng, polygon, prepared_polygon)
        precision = rng.choice([GeoPrecision.EXACT, GeoPrecision.STREET])
    event_type = EventType.EXPLOSIONS if rng.random() < 0.9 else EventType.STRATEGIC
    return {
        "title": f"{SYNTHETIC_PREFIX}{district.name_en} #{i}",
        "occurred_from": start,
        "occurred_to": start + dt.timedelta(hours=rng.choice([0, 1, 4])),
        "time_precision": TimePrecision.APPROXIMATE,
        "event_type": event_type,
        "sub_event_type": rng.choice(_SUB_TYPES)
        if event_type == EventType.EXPLOSIONS
        else SubEventType.DISRUPTED_WEAPONS_USE,
        "fatalities": rng.choice([None, 0, 0, 1, 2]),
        "injured": rng.choice([None, 0, 1, 3, 5]),
        "location_text": f"{district.name_en} district, Kyiv",
        "city_id": district.city_id,
        "district_id": district.pk,
        "point": point,
        "geo_precision": precision,
        "geocode_status": GeocodeStatus.DONE,
        "geocode_method": "synthetic",
        "status": Status.PUBLISHED,
    }


def _copy_into_postgresql(rows, bar) -> None:
    """COPY the rows into the table: no model instance, no SQL text per batch,
    memory flat whatever the count. Every other column gets the model's default."""
    fields = [f for f in Incident._meta.concrete_fields if not f.primary_key]
    now = dt.datetime.now(dt.UTC)
    defaults = {
        f.attname: now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }
    json_columns = {f.attname for f in fields if isinstance(f, JSONField)}
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Incident._meta.db_table)
    with connection.cursor() as cursor:
        # The psycopg cursor under Django's wrapper: COPY is psycopg's own API.
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for n, row in enumerate(rows, 1):
                values = {**defaults, **row}
                point = values["point"]
                values["point"] = (
                    None if point is None else f"SRID=4326;POINT({point[0]} {point[1]})"
                )
                for name in json_columns:
                    values[name] = json.dumps(values[name])
                copy.write_row([values[f.attname] for f in fields])
                if n % 10_000 == 0:
                    bar.update(10_000)
    bar.update(bar.total - bar.n)


def _bulk_create(rows, bar) -> None:
    batch: list[Incident] = []
    for row in rows:
        point = row.pop("point")
        batch.append(
            Incident(**row, point=None if point is None else Point(*point, srid=4326))
        )
        if len(batch) == 5000:
            Incident.objects.bulk_create(batch)
            # With DEBUG on, Django keeps each query's SQL: 5,000 rows' worth each.
            connection.queries_log.clear()
            bar.update(len(batch))
            batch = []
    Incident.objects.bulk_create(batch)
    bar.update(len(batch))


@transaction.atomic
def incidents_seed_synthetic(
    *, count: int, seed: int = 1, days: int = 365, progress: bool = False
) -> int:
    """Insert `count` incidents; a fifth are located to a district only. On
    PostgreSQL with COPY, elsewhere in batches of bulk_create."""
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
    rows = (_synthetic_fields(rng, i, prepared, end, days) for i in range(count))
    postgresql = connection.vendor == "postgresql"
    insert = _copy_into_postgresql if postgresql else _bulk_create
    with tqdm(
        total=count,
        desc="seeding",
        unit="incident",
        disable=not progress,
        file=sys.stderr,
    ) as bar:
        insert(rows, bar)
    data_changed()  # neither COPY nor bulk_create sends a signal
    # Fresh statistics: without them PostgreSQL plans the map's queries for a
    # table of a few rows (2 rows expected, 79,893 found: a sort spilled to disk).
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Incident._meta.db_table}")
    return count
