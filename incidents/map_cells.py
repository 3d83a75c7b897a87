"""The map's clusters counted ahead, so that a wide view at a million incidents
is a read of a few thousand rows rather than a count of 800,000.

`map_cells_build` counts the incidents, as staff see them, on the grid of every
zoom from FIRST_ZOOM to LAST_ZOOM (incidents/cluster_grid.py), per event type,
status, city and, up to DATED_UP_TO, the Kyiv days each starts and ends on, and
records the data generation it counted. A staff reader's cluster request whose
filters these can answer (event type, status, city, whole days) while they are
current takes the cells inside its box from here and counts only the cells on the
box's edge from the incidents: the answer is the same as counting them all.
Any other request counts live; a request that finds the cells behind the data
asks the worker to rebuild them (at most one build waiting).
"""

import contextlib
import datetime as dt
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Max, Min, QuerySet, Sum
from django.db.models.functions import Floor, TruncDate
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from geo.models import City
from incidents.access import COMMAND_LINE, incidents_visible, sees_everything
from incidents.choices import Status
from incidents.cluster_grid import cell_groups, cell_size, with_cells
from incidents.filters import KYIV, IncidentFilter
from incidents.generation import data_generation
from incidents.models import Incident, MapCell, MapCellBuild
from incidents.selectors import with_coordinates

logger = logging.getLogger(__name__)

# Below FIRST_ZOOM a view is wider than the two cities; above LAST_ZOOM a view
# holds few enough incidents to count live in tens of milliseconds at 1M. Zooms
# after DATED_UP_TO are kept without days (counted per day they would hold about
# a row per incident): a date filter there counts live, and one month of a
# zoom-13 view takes ~90 ms at 1M.
FIRST_ZOOM = 6
DATED_UP_TO = 12
LAST_ZOOM = 15
BUILD_REQUESTED = "map-cells:build-requested"
# A request waits this long before asking again (a worker down, a build lost).
BUILD_REQUEST_TIMEOUT = 300

_COLUMNS = (
    'zoom, cx, cy, event_type, status, city_id, day_from, day_to, "count", '
    'lon_sum, lat_sum, first_id, "precision"'
)


@dataclass(frozen=True)
class CellRange:
    """Cells x0..x1 by y0..y1 (inclusive) of one zoom's grid."""

    zoom: int
    x0: int
    x1: int
    y0: int
    y1: int


def map_cells_build() -> MapCellBuild:
    """Count every zoom's cells afresh, for the data generation now current."""
    started = time.monotonic()
    with transaction.atomic():
        # One build at a time: a second waits here, then counts anew.
        build, _ = MapCellBuild.objects.select_for_update().get_or_create(
            pk=1,
            defaults={"built_at": timezone.now(), "seconds": 0, "cells": 0},
        )
        # Read before the incidents: a write after this changes the token again, so
        # cells counted from newer rows are never taken for this generation's.
        token = data_generation().token
        incidents = with_coordinates(
            incidents_visible(COMMAND_LINE, Incident.objects.all())
        ).filter(shown_point__isnull=False)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {MapCell._meta.db_table}")
            for zoom in range(FIRST_ZOOM, LAST_ZOOM + 1):
                _insert_cells(cursor, incidents, zoom)
                if zoom <= DATED_UP_TO:
                    _insert_undated(cursor, zoom)
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {MapCell._meta.db_table}")
        build.token = token
        build.built_at = timezone.now()
        build.cells = MapCell.objects.count()
        build.seconds = time.monotonic() - started
        build.save()
    logger.info("Map cells: %s rows in %.1f s", build.cells, build.seconds)
    return build


def _insert_cells(cursor, incidents: QuerySet, zoom: int) -> None:
    """One zoom's cells, counted in the database (INSERT ... SELECT)."""
    if zoom <= DATED_UP_TO:
        incidents = incidents.annotate(
            day_from=TruncDate("occurred_from", tzinfo=KYIV),
            day_to=TruncDate("occurred_to", tzinfo=KYIV),
        )
        also, days = ("status", "city_id", "day_from", "day_to"), "q.day_from, q.day_to"
    else:
        also, days = ("status", "city_id"), "NULL, NULL"
    groups = cell_groups(with_cells(incidents, zoom), *also)
    sql, params = groups.query.sql_with_params()
    cursor.execute(
        f"INSERT INTO {MapCell._meta.db_table} ({_COLUMNS}) SELECT %s, q.cx, q.cy, "
        f"q.event_type, q.status, q.city_id, {days}, "
        f'q.n, q.x, q.y, q.one, q."precision" FROM ({sql}) q',
        [zoom, *params],
    )


def _insert_undated(cursor, zoom: int) -> None:
    """One zoom's cells over all days, from its cells per day."""
    table = MapCell._meta.db_table
    cursor.execute(
        f"INSERT INTO {table} ({_COLUMNS}) SELECT zoom, cx, cy, event_type, status, "
        'city_id, NULL, NULL, SUM("count"), SUM(lon_sum), SUM(lat_sum), '
        f'MIN(first_id), MAX("precision") FROM {table} '
        "WHERE zoom = %s AND day_from IS NOT NULL "
        "GROUP BY zoom, cx, cy, event_type, status, city_id",
        [zoom],
    )


def map_cells_current() -> bool:
    built = MapCellBuild.objects.filter(pk=1).values_list("token", flat=True).first()
    return built is not None and built == data_generation().token


def map_cells_request_build() -> bool:
    """Ask the worker to rebuild the cells; False if a build is already asked for
    or the broker is down (then the next request asks again)."""
    from incidents.tasks import map_cells_build_task

    try:
        if not cache.add(BUILD_REQUESTED, 1, timeout=BUILD_REQUEST_TIMEOUT):
            return False
    except (RedisError, OSError) as exc:
        # No cache to remember the request by: the cells are counted live.
        logger.warning("Cache unreachable, the map cells stay behind: %s", exc)
        return False
    try:
        map_cells_build_task.delay()
    except (BrokerError, OSError) as exc:
        with contextlib.suppress(RedisError, OSError):
            cache.delete(BUILD_REQUESTED)
        logger.warning("Broker unreachable, the map cells stay behind: %s", exc)
        return False
    return True


def _whole_day(moment: dt.datetime | None) -> bool:
    return moment is None or moment.astimezone(KYIV).time() == dt.time()


def _inside(bbox, zoom: int) -> CellRange:
    """The cells of `zoom`'s grid wholly inside `bbox` (x0 > x1 where none)."""
    cell = cell_size(zoom)
    west, south, east, north = bbox
    return CellRange(
        zoom=zoom,
        x0=math.floor(west / cell.lon) + 1,
        x1=math.floor(east / cell.lon) - 1,
        y0=math.floor(south / cell.lat) + 1,
        y1=math.floor(north / cell.lat) - 1,
    )


@dataclass(frozen=True)
class CellPlan:
    """How a request's cells on `grid` are counted: the grid's cells inside the
    box from the built cells of that zoom, the rest of `fine`'s cells inside the
    box from the built cells of the finest zoom kept (for dated requests, the
    finest kept with days), and what lies outside `fine` from the incidents."""

    grid: CellRange
    fine: CellRange
    dated: bool


def cell_plan(*, filters: IncidentFilter, user, zoom: int) -> CellPlan | None:
    """Where the built cells can answer for most of the box; None where the
    request must count every incident live."""
    dated = bool(filters.start or filters.end)
    finest = DATED_UP_TO if dated else LAST_ZOOM
    answerable = (
        settings.MAP_CELLS
        and sees_everything(user)
        and FIRST_ZOOM <= zoom <= finest
        and not (filters.districts or filters.tags or filters.precisions)
        and not filters.search_terms
        and _whole_day(filters.start)
        and _whole_day(filters.end)
    )
    if not answerable:
        return None
    fine = _inside(filters.bbox, finest)
    if fine.x0 > fine.x1 or fine.y0 > fine.y1:
        return None
    if not map_cells_current():
        map_cells_request_build()
        return None
    return CellPlan(grid=_inside(filters.bbox, zoom), fine=fine, dated=dated)


def map_cell_groups(*, filters: IncidentFilter, plan: CellPlan) -> list[dict]:
    """The built counts of the box's inner cells on the plan's grid, in
    cell_groups' shape (rows per cell and event type; a cell may come in several
    rows)."""
    grid, fine = plan.grid, plan.fine
    groups = []
    inner = grid.x0 <= grid.x1 and grid.y0 <= grid.y1
    if inner:
        rows = _rows(filters, plan, grid.zoom).filter(
            cx__range=(grid.x0, grid.x1), cy__range=(grid.y0, grid.y1)
        )
        groups += _sums(rows.annotate(gx=F("cx"), gy=F("cy")))
    if fine.zoom == grid.zoom:
        return groups
    # The fine cells between the grid's inner cells and the box's edge, each
    # counted in the grid cell it lies in (the grids nest).
    scale = float(2 ** (fine.zoom - grid.zoom))
    rows = _rows(filters, plan, fine.zoom).filter(
        cx__range=(fine.x0, fine.x1), cy__range=(fine.y0, fine.y1)
    )
    if inner:
        rows = rows.exclude(
            cx__range=(grid.x0 * scale, (grid.x1 + 1) * scale - 1),
            cy__range=(grid.y0 * scale, (grid.y1 + 1) * scale - 1),
        )
    groups += _sums(rows.annotate(gx=Floor(F("cx") / scale), gy=Floor(F("cy") / scale)))
    return groups


def _rows(filters: IncidentFilter, plan: CellPlan, zoom: int) -> QuerySet:
    rows = MapCell.objects.filter(zoom=zoom, day_from__isnull=not plan.dated)
    if filters.status:
        rows = rows.filter(status=filters.status)
    else:
        rows = rows.exclude(status=Status.ARCHIVED)
    if filters.city:
        city = City.objects.filter(slug=filters.city).values_list("pk", flat=True)
        rows = rows.filter(city_id__in=city)
    if filters.event_types:
        rows = rows.filter(event_type__in=filters.event_types)
    if filters.start:
        rows = rows.filter(day_to__gte=filters.start.astimezone(KYIV).date())
    if filters.end:
        rows = rows.filter(day_from__lt=filters.end.astimezone(KYIV).date())
    return rows


def _sums(rows: QuerySet) -> list[dict]:
    return [
        {**row, "cx": row.pop("gx"), "cy": row.pop("gy")}
        for row in rows.order_by()
        .values("gx", "gy", "event_type")
        .annotate(
            n=Sum("count"),
            x=Sum("lon_sum"),
            y=Sum("lat_sum"),
            one=Min("first_id"),
            precision=Max("precision"),
        )
    ]
