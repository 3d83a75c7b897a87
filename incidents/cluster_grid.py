"""The grid the map's clusters are counted on, one per zoom.

A cell is a third of a 256 px tile's width at its zoom, about 85 px: wider than a
bubble with its event-type badges, so that bubbles do not overlap. The grids nest
(a cell of zoom z is four cells of zoom z + 1), and they are the same for every
box, so cells counted ahead (incidents/map_cells.py) serve any view.
"""

import math
from dataclasses import dataclass

from django.db.models import Count, F, Max, Min, QuerySet, Sum
from django.db.models.functions import Floor

CELLS_PER_TILE = 3
# However large the box asked for, it is cut into at most this many cells across:
# a wider box is counted on a lower zoom's grid.
MAX_CELLS_ACROSS = 64
# On the map (Web Mercator) a degree of latitude is 1/cos(lat) times as long as a
# degree of longitude. Cells are made square at this latitude, between Kyiv's
# (50.45°) and Donetsk's (48.0°): within 3% of square in both cities.
REFERENCE_LATITUDE = 49.25
_SHRINK = math.cos(math.radians(REFERENCE_LATITUDE))


@dataclass(frozen=True)
class Cell:
    lon: float  # degrees
    lat: float


def cell_size(zoom: int) -> Cell:
    lon = 360 / 2**zoom / CELLS_PER_TILE
    return Cell(lon=lon, lat=lon * _SHRINK)


def grid_zoom(zoom: int, bbox: tuple[float, float, float, float]) -> int:
    """The zoom whose grid cuts `bbox` into at most MAX_CELLS_ACROSS cells each way,
    `zoom` itself unless the box is wider than that."""
    west, south, east, north = bbox
    widest = max(east - west, (north - south) / _SHRINK)
    while zoom > 0 and widest / cell_size(zoom).lon > MAX_CELLS_ACROSS:
        zoom -= 1
    return zoom


def with_cells(incidents: QuerySet, zoom: int) -> QuerySet:
    """Each incident's cell (cx, cy) on `zoom`'s grid; `incidents` carry lon and lat
    (selectors.with_coordinates)."""
    cell = cell_size(zoom)
    return incidents.annotate(
        cx=Floor(F("lon") / cell.lon), cy=Floor(F("lat") / cell.lat)
    )


def cell_groups(incidents: QuerySet, *also: str) -> QuerySet:
    """Per cell (with_cells), event type and the fields `also`: the count, the sums
    of longitudes and latitudes, the lowest id and the highest precision."""
    return (
        incidents.order_by()
        .values("cx", "cy", "event_type", *also)
        .annotate(
            n=Count("pk"),
            x=Sum("lon"),
            y=Sum("lat"),
            one=Min("pk"),
            precision=Max("precision"),
        )
    )
