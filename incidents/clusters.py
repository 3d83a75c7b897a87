"""The map's incidents as clusters per viewport and zoom, made in the database.

Incidents with a point in the box are counted per grid cell (about 85 px of the
map at the zoom asked), per event type; a cell that holds one incident is that
incident. Where the box holds few incidents, they all come as single incidents.
The answer's size is bounded whatever the number of incidents: the box is cut
into at most MAX_CELLS_ACROSS cells each way, times the event types.
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Max, Min, Sum
from django.db.models.functions import Floor

from incidents.filters import IncidentFilter
from incidents.selectors import incident_list, with_coordinates

# A cell is a third of a 256 px tile's width, about 85 px: wider than a bubble
# with its event-type badges, so that bubbles do not overlap.
CELLS_PER_TILE = 3
# However large the box asked for, it is cut into at most this many cells across.
MAX_CELLS_ACROSS = 64
# Up to this many incidents in the box come as single incidents, not clusters.
SINGLES_MAX = 500
# From this zoom, where incidents that share a cell are streets apart at most,
# up to SINGLES_MAX_CLOSE come as single incidents (the page fans them out).
CLOSE_ZOOM = 16
SINGLES_MAX_CLOSE = 3000


@dataclass(frozen=True)
class Cell:
    lon: float  # degrees
    lat: float


def cell_size(zoom: int, bbox: tuple[float, float, float, float]) -> Cell:
    """The grid's cell at this zoom, for a box around the latitude of `bbox`.

    On the map (Web Mercator) a degree of latitude is 1/cos(lat) times as long as
    a degree of longitude: cells are squares on the screen, not in degrees.
    """
    west, south, east, north = bbox
    shrink = math.cos(math.radians((south + north) / 2))
    lon = 360 / 2**zoom / CELLS_PER_TILE
    widest = max(east - west, (north - south) / shrink)
    lon = max(lon, widest / MAX_CELLS_ACROSS)
    return Cell(lon=lon, lat=lon * shrink)


def incident_clusters(*, filters: IncidentFilter, user, zoom: int) -> dict:
    """{"clusters": [{lon, lat, count, by_type}], "points": [{id, lon, lat,
    event_type, geo_precision}], "total": N}: N incidents match with a point in
    the box, and the clusters' counts plus the points are N."""
    if filters.bbox is None:
        raise ValueError("incident_clusters needs a bbox")
    cell = cell_size(zoom, filters.bbox)
    incidents = with_coordinates(incident_list(filters=filters, user=user)).filter(
        shown_point__isnull=False
    )
    groups = (
        incidents.annotate(cx=Floor(F("lon") / cell.lon), cy=Floor(F("lat") / cell.lat))
        .order_by()
        .values("cx", "cy", "event_type")
        .annotate(
            n=Count("pk"),
            x=Sum("lon"),
            y=Sum("lat"),
            one=Min("pk"),
            precision=Max("precision"),
        )
    )
    cells = defaultdict(list)
    for group in groups:
        cells[(group["cx"], group["cy"])].append(group)
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
