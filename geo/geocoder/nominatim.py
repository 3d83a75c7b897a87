"""Nominatim as the fallback server (fallback.py): its requests and its answers.

https://nominatim.org/release-docs/latest/api/Search/
"""

from urllib.parse import urlsplit

from geopy.geocoders import Nominatim

from geo.geocoder.answer import FallbackAnswer

METHOD = "nominatim"
SEARCH_OPTIONS = {"limit": 5, "addressdetails": True, "country_codes": "ua"}
_EXACT_TYPES = {"house", "building", "apartments", "residential_building"}
_STREET_TYPES = {"road", "street", "highway"}
_DISTRICT_TYPES = {"city_district", "borough", "district"}
_CITY_TYPES = {"city", "town", "municipality", "state"}


def geolocator(url: str, *, user_agent: str, timeout: float) -> Nominatim:
    parts = urlsplit(url)
    return Nominatim(
        user_agent=user_agent,
        domain=parts.netloc + parts.path.rstrip("/"),
        scheme=parts.scheme,
        timeout=timeout,
    )


def _precision(raw: dict) -> str:
    kind = raw.get("addresstype") or raw.get("type") or ""
    if raw.get("address", {}).get("house_number") or kind in _EXACT_TYPES:
        return "exact"
    if kind in _DISTRICT_TYPES:
        return "district"
    if kind in _CITY_TYPES:
        return "city"
    if kind in _STREET_TYPES or raw.get("class") == "highway":
        return "street"
    return "place"


def read(raw: dict) -> FallbackAnswer | None:
    """One entry of /search?format=json&addressdetails=1; None without a point."""
    try:
        lon, lat = float(raw["lon"]), float(raw["lat"])
    except (KeyError, TypeError, ValueError):
        return None
    return FallbackAnswer(
        lon,
        lat,
        _precision(raw),
        street=raw.get("address", {}).get("road"),
        place=raw.get("name") or raw.get("display_name", "").split(",")[0],
    )
