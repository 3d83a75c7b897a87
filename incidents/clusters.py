"""The map's incidents as clusters per viewport and zoom, made in the database.

Incidents with a point in the box are counted per cell of the zoom's grid
(incidents/cluster_grid.py), per event type; a cell that holds one incident is
that incident. Where the box holds few incidents, they all come as single
incidents. The answer's size is bounded whatever the number of incidents: the box
is cut into at most MAX_CELLS_ACROSS cells each way, times the event types.
Cells wholly inside the box come from the counts made ahead where those can
answer (incidents/map_cells.py); the rest are counted here.
"""

from collections import defaultdict

from django.contrib.gis.geos import Polygon
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Floor

from incidents.cluster_grid import cell_groups, cell_size, grid_zoom, with_cells
from incidents.filters import IncidentFilter
from incidents.map_cells import CellRange, cell_plan, map_cell_groups
from incidents.selectors import incident_list, with_coordinates

# Up to this many incidents in the box come as single incidents, not clusters.
SINGLES_MAX = 500
# From this zoom, where incidents that share a cell are streets apart at most,
# up to SINGLES_MAX_CLOSE come as single incidents (the page fans them out).
CLOSE_ZOOM = 16
SINGLES_MAX_CLOSE = 3000


def incident_clusters(*, filters: IncidentFilter, user, zoom: int) -> dict:
    """{"clusters": [{lon, lat, count, by_type}], "points": [{id, lon, lat,
    event_type, geo_precision}], "total": N}: N incidents match with a point in
    the box, and the clusters' counts plus the points are N."""
    if filters.bbox is None:
        raise ValueError("incident_clusters needs a bbox")
    grid = grid_zoom(zoom, filters.bbox)
    incidents = with_coordinates(incident_list(filters=filters, user=user)).filter(
        shown_point__isnull=False
    )
    plan = cell_plan(filters=filters, user=user, zoom=grid)
    if plan is None:
        groups = list(cell_groups(with_cells(incidents, grid)))
    else:
        edge = _outside(incidents, filters.bbox, plan.fine)
        groups = [
            *map_cell_groups(filters=filters, plan=plan),
            *cell_groups(with_cells(edge, grid)),
        ]
    cells = _by_cell(groups)
    total = sum(group["n"] for members in cells.values() for group in members)
    singles_max = SINGLES_MAX_CLOSE if zoom >= CLOSE_ZOOM else SINGLES_MAX
    if total <= singles_max:
        return {"clusters": [], "points": _points(incidents), "total": total}
    clusters, points = [], []
    for members in cells.values():
        count = sum(group["n"] for group in members)
        if count == 1:
            (group,) = members
            points.append(
                _point(
                    group["one"],
                    group["x"],
                    group["y"],
                    group["event_type"],
                    group["precision"],
                )
            )
            continue
        clusters.append(
            {
                "lon": round(sum(g["x"] for g in members) / count, 6),
                "lat": round(sum(g["y"] for g in members) / count, 6),
                "count": count,
                "by_type": {g["event_type"]: g["n"] for g in members},
            }
        )
    return {"clusters": clusters, "points": points, "total": total}


def _point(pk: int, lon: float, lat: float, event_type: str, precision: str) -> dict:
    return {
        "id": pk,
        "lon": round(lon, 6),
        "lat": round(lat, 6),
        "event_type": event_type,
        "geo_precision": precision,
    }


def _points(incidents) -> list[dict]:
    return [
        _point(*row)
        for row in incidents.order_by("pk").values_list(
            "pk", "lon", "lat", "event_type", "precision"
        )
    ]


def _by_cell(groups: list[dict]) -> dict[tuple, list[dict]]:
    """The groups of each cell, one per event type (parts of a cell counted apart
    are added up)."""
    merged: dict[tuple, dict] = {}
    for group in groups:
        key = (group["cx"], group["cy"], group["event_type"])
        if key not in merged:
            merged[key] = dict(group)
            continue
        into = merged[key]
        into["n"] += group["n"]
        into["x"] += group["x"]
        into["y"] += group["y"]
        into["one"] = min(into["one"], group["one"])
        into["precision"] = max(into["precision"], group["precision"])
    cells = defaultdict(list)
    for (cx, cy, _), group in merged.items():
        cells[(cx, cy)].append(group)
    return cells


def _outside(incidents: QuerySet, bbox, inner: CellRange) -> QuerySet:
    """`incidents` (in the box) outside the `inner` cells: found through the
    spatial index in four strips along the box's sides."""
    cell = cell_size(inner.zoom)
    west, south, east, north = bbox
    # Wider than the edge cells by a hair: which cell a point falls in is decided
    # by the database's own arithmetic, below.
    lon_hair, lat_hair = cell.lon * 1e-6, cell.lat * 1e-6
    strips = [
        (west, south, inner.x0 * cell.lon + lon_hair, north),
        ((inner.x1 + 1) * cell.lon - lon_hair, south, east, north),
        (west, south, east, inner.y0 * cell.lat + lat_hair),
        (west, (inner.y1 + 1) * cell.lat - lat_hair, east, north),
    ]
    near_a_side = Q()
    for strip in strips:
        near_a_side |= Q(shown_point__intersects=Polygon.from_bbox(strip))
    return (
        incidents.filter(near_a_side)
        .alias(fx=Floor(F("lon") / cell.lon), fy=Floor(F("lat") / cell.lat))
        .exclude(fx__range=(inner.x0, inner.x1), fy__range=(inner.y0, inner.y1))
    )
