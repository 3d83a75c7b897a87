"""A second opinion from a Nominatim server, for texts the gazetteer cannot place.

Off unless GEOCODER_FALLBACK_URL is set (the project runs its own server, or
accepts the public one's usage policy: at most one request a second, a real user
agent). Requests are spaced by GEOCODER_FALLBACK_MIN_DELAY seconds with geopy's
RateLimiter, answers are cached in the process, and a point outside both cities
is refused: Nominatim happily finds "Lisova street" in any town of Ukraine.
"""

import logging
import threading
from collections import OrderedDict
from urllib.parse import urlsplit

from django.conf import settings
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location

from geo.geocoder.index import GazetteerIndex
from geo.geocoder.result import GeocodeResult

logger = logging.getLogger(__name__)

METHOD = "nominatim"
_CACHE_SIZE = 4096
_RESULTS = 5
# Nominatim ranks by its own importance, not by how well the text matched, so its
# answers rank below any good gazetteer match.
_CONFIDENCE = {"exact": 0.6, "street": 0.5, "place": 0.45, "district": 0.4, "city": 0.3}
_EXACT_TYPES = {"house", "building", "apartments", "residential_building"}
_STREET_TYPES = {"road", "street", "highway"}
_DISTRICT_TYPES = {"city_district", "borough", "district"}
_CITY_TYPES = {"city", "town", "municipality", "state"}

_lock = threading.Lock()
_clients: dict[tuple, RateLimiter] = {}
_cache: OrderedDict[tuple[str, str], list[dict]] = OrderedDict()


def fallback_url() -> str:
    return getattr(settings, "GEOCODER_FALLBACK_URL", "") or ""


def cache_clear() -> None:
    with _lock:
        _cache.clear()


def _client(url: str) -> RateLimiter:
    delay = float(getattr(settings, "GEOCODER_FALLBACK_MIN_DELAY", 1.0))
    timeout = float(getattr(settings, "GEOCODER_FALLBACK_TIMEOUT", 10.0))
    agent = getattr(settings, "GEOCODER_FALLBACK_USER_AGENT", "incident-map-geocoder")
    key = (url, delay, timeout, agent)
    client = _clients.get(key)
    if client is None:
        parts = urlsplit(url)
        geolocator = Nominatim(
            user_agent=agent,
            domain=parts.netloc + parts.path.rstrip("/"),
            scheme=parts.scheme or "https",
            timeout=timeout,
        )
        # One attempt: the caller (a Celery task) owns retries.
        client = RateLimiter(
            geolocator.geocode,
            min_delay_seconds=delay,
            max_retries=0,
            swallow_exceptions=False,
        )
        _clients[key] = client
    return client


def _search(url: str, query: str) -> list[dict] | None:
    """Nominatim's raw answers for a query; None when the server could not answer."""
    key = (url, query)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    try:
        locations: list[Location] | None = _client(url)(
            query,
            exactly_one=False,
            limit=_RESULTS,
            addressdetails=True,
            country_codes="ua",
        )
    except GeopyError as exc:
        logger.warning("Nominatim at %s did not answer %r: %s", url, query, exc)
        return None
    answers = [location.raw for location in locations or []]
    with _lock:
        _cache[key] = answers
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return answers


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


def nominatim_geocode(
    text: str, *, city: str | None, index: GazetteerIndex
) -> GeocodeResult | None:
    """The first Nominatim answer inside Kyiv or Donetsk, or None."""
    url = fallback_url()
    if not url:
        return None
    query = f"{text}, {index.cities[city].name}" if city in index.cities else text
    answers = _search(url, query) or []
    inside = []
    for raw in answers:
        try:
            lon, lat = float(raw["lon"]), float(raw["lat"])
        except (KeyError, TypeError, ValueError):
            continue
        found = index.city_at(lon, lat)
        if found is not None:
            inside.append((found, lon, lat, raw))
    # The hinted city's answer first, then Nominatim's own order.
    inside.sort(key=lambda answer: answer[0].slug != city)
    if not inside:
        return None
    found, lon, lat, raw = inside[0]
    precision = _precision(raw)
    district = index.district_at(found.slug, lon, lat)
    address = raw.get("address", {})
    result = GeocodeResult(
        city=found.slug,
        city_id=found.pk,
        district=district.slug if district else None,
        district_id=district.pk if district else None,
        precision=precision,
        confidence=_CONFIDENCE[precision],
        matched=text,
        method=METHOD,
    )
    if precision in ("exact", "street", "place"):
        result.lon, result.lat = lon, lat
        result.street = address.get("road")
        if precision == "place":
            result.place = raw.get("name") or raw.get("display_name", "").split(",")[0]
    if precision == "city":
        result.district = result.district_id = None
    return result
