"""Photon as the fallback server (fallback.py): its requests and its answers.

Photon answers GeoJSON: a FeatureCollection whose features carry the OSM object's
names in `properties` and its point, lon then lat, in `geometry`.
https://github.com/komoot/photon#search-api
"""

from urllib.parse import urlsplit

from geopy.geocoders import Photon

from geo.geocoder.answer import FallbackAnswer

METHOD = "photon"
# Photon filters by neither country nor language by default; the answers are
# bounded to our cities afterwards (fallback.py), as Nominatim's are.
SEARCH_OPTIONS = {"limit": 5}
_EXACT_TYPES = {"house"}
_STREET_TYPES = {"street"}
_DISTRICT_TYPES = {"district"}
_DISTRICT_VALUES = {"city_district", "borough", "suburb"}
_CITY_TYPES = {"city", "county", "state"}


def geolocator(url: str, *, user_agent: str, timeout: float) -> Photon:
    parts = urlsplit(url)
    return Photon(
        user_agent=user_agent,
        domain=parts.netloc + parts.path.rstrip("/"),
        scheme=parts.scheme,
        timeout=timeout,
    )


def _precision(properties: dict) -> str:
    kind = properties.get("type", "")
    if properties.get("housenumber") or kind in _EXACT_TYPES:
        return "exact"
    if kind in _DISTRICT_TYPES or properties.get("osm_value") in _DISTRICT_VALUES:
        return "district"
    if kind in _CITY_TYPES:
        return "city"
    if kind in _STREET_TYPES or properties.get("osm_key") == "highway":
        return "street"
    return "place"


def read(raw: dict) -> FallbackAnswer | None:
    """One feature of /api?q=...; None without a point."""
    properties = raw.get("properties") or {}
    try:
        lon, lat = (float(c) for c in raw["geometry"]["coordinates"][:2])
    except (KeyError, TypeError, ValueError):
        return None
    precision = _precision(properties)
    street = properties.get("street")
    if precision == "street":
        street = properties.get("name") or street
    return FallbackAnswer(
        lon, lat, precision, street=street, place=properties.get("name")
    )
