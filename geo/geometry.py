"""Checking, repairing and converting geometries read with geopandas/shapely."""

import shapely
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from shapely.geometry import MultiPolygon as ShapelyMultiPolygon
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import Polygon as ShapelyPolygon
from shapely.geometry.base import BaseGeometry

WGS84 = 4326


class GeometryProblem(ValueError):
    """A geometry that cannot be used; the message says why."""


def repaired_multipolygon(geom: BaseGeometry | None) -> ShapelyMultiPolygon:
    """Valid MultiPolygon from any polygonal input; self-intersections are repaired."""
    if geom is None or geom.is_empty:
        raise GeometryProblem("the geometry is empty")
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    polygons = [
        part
        for part in getattr(geom, "geoms", [geom])
        if isinstance(part, ShapelyPolygon | ShapelyMultiPolygon) and not part.is_empty
    ]
    flat: list[ShapelyPolygon] = []
    for part in polygons:
        flat.extend(part.geoms if isinstance(part, ShapelyMultiPolygon) else [part])
    if not flat:
        raise GeometryProblem(f"a {geom.geom_type} is not a polygon")
    result = ShapelyMultiPolygon(flat)
    if not result.is_valid:
        raise GeometryProblem(f"cannot be repaired: {shapely.is_valid_reason(result)}")
    return result


def checked_point(geom: BaseGeometry | None) -> ShapelyPoint:
    if geom is None or geom.is_empty:
        raise GeometryProblem("the point is empty")
    if not isinstance(geom, ShapelyPoint):
        raise GeometryProblem(f"a {geom.geom_type} is not a point")
    # GeoJSON is lon, lat: a point with |lat| > 90 has its axes swapped.
    if not (-180 <= geom.x <= 180 and -90 <= geom.y <= 90):
        raise GeometryProblem(f"({geom.x}, {geom.y}) is not a lon/lat coordinate")
    return geom


def to_geos(geom: BaseGeometry) -> GEOSGeometry:
    result = GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=WGS84)
    if result.geom_type == "Polygon":
        result = MultiPolygon(result, srid=WGS84)
    return result


def same_geometry(a: GEOSGeometry | None, b: GEOSGeometry | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.geom_type == b.geom_type and a.equals_exact(b, 1e-9)


# A district's outline needs a few hundred vertices (Kyiv's OpenStreetMap outlines have
# 340-930); every districts response carries them all, so a 200,000-vertex import would
# make each one megabytes. Above the cap an outline is simplified until it fits.
MAX_BOUNDARY_VERTICES = 5000


def simplified_to_cap(
    geom: ShapelyMultiPolygon, cap: int = MAX_BOUNDARY_VERTICES
) -> ShapelyMultiPolygon:
    """`geom` itself when it has at most `cap` vertices; otherwise the least simplified
    valid version that fits (the tolerance is found by bisection, in degrees)."""
    if shapely.get_num_coordinates(geom) <= cap:
        return geom
    west, south, east, north = geom.bounds
    low, high = 0.0, max(east - west, north - south)
    best = None
    for _ in range(40):
        tolerance = (low + high) / 2
        candidate = repaired_multipolygon(
            shapely.simplify(geom, tolerance, preserve_topology=True)
        )
        if shapely.get_num_coordinates(candidate) <= cap:
            best, high = candidate, tolerance
        else:
            low = tolerance
    if best is None:
        raise GeometryProblem(f"cannot be simplified to {cap} vertices")
    return best
