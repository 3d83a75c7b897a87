"""A second opinion from a Nominatim or Photon server, for texts the gazetteer
cannot place.

Off unless GEOCODER_FALLBACK_URL is set (config/settings/geocoder.py); which server
it is says GEOCODER_BACKEND. The project runs its own server, or accepts the public
one's usage policy: at most one request a second, a real user agent. Requests are
spaced by GEOCODER_FALLBACK_MIN_DELAY seconds with geopy's RateLimiter, answers are
cached in the process, and a point outside both cities is refused: either server
happily finds "Lisova street" in any town of Ukraine.
"""

import logging
import threading
from collections import OrderedDict
from types import ModuleType

from django.conf import settings
from geopy.exc import GeocoderServiceError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from geo.geocoder import nominatim, photon
from geo.geocoder.index import GazetteerIndex
from geo.geocoder.result import GeocodeResult

logger = logging.getLogger(__name__)

BACKENDS: dict[str, ModuleType] = {"nominatim": nominatim, "photon": photon}
_CACHE_SIZE = 4096
# The servers rank by their own importance, not by how well the text matched, so
# their answers rank below any good gazetteer match.
_CONFIDENCE = {"exact": 0.6, "street": 0.5, "place": 0.45, "district": 0.4, "city": 0.3}

_lock = threading.Lock()
_clients: dict[tuple, RateLimiter] = {}
_cache: OrderedDict[tuple, list[dict]] = OrderedDict()


def fallback_url() -> str:
    return settings.GEOCODER_FALLBACK_URL


def cache_clear() -> None:
    with _lock:
        _cache.clear()


def _client(backend: ModuleType, url: str) -> RateLimiter:
    delay = settings.GEOCODER_FALLBACK_MIN_DELAY
    timeout = settings.GEOCODER_FALLBACK_TIMEOUT
    agent = settings.GEOCODER_FALLBACK_USER_AGENT
    key = (backend.METHOD, url, delay, timeout, agent)
    client = _clients.get(key)
    if client is None:
        geolocator = backend.geolocator(url, user_agent=agent, timeout=timeout)
        # One attempt: the caller (a Celery task) owns retries.
        client = RateLimiter(
            geolocator.geocode,
            min_delay_seconds=delay,
            max_retries=0,
            swallow_exceptions=False,
        )
        _clients[key] = client
    return client


class FallbackUnavailable(GeocoderServiceError):
    """The fallback server did not answer: it timed out, refused the connection,
    answered an HTTP error or something that is not its format. Worth asking
    again later, unlike an answer that places nothing."""


def _search(backend: ModuleType, url: str, query: str) -> list[dict]:
    """The server's raw answers for a query; FallbackUnavailable when it could
    not answer (never cached)."""
    key = (backend.METHOD, url, query)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    try:
        locations: list[Location] | None = _client(backend, url)(
            query, exactly_one=False, **backend.SEARCH_OPTIONS
        )
        answers = [location.raw for location in locations or []]
    except (GeopyError, ValueError, TypeError, KeyError, AttributeError) as exc:
        # geopy's own errors (timeout, 5xx, a body that is not JSON), and the
        # ones its parsers raise on JSON of another shape.
        raise FallbackUnavailable(
            f"{backend.METHOD} at {url} did not answer {query!r}: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    with _lock:
        _cache[key] = answers
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return answers


def fallback_geocode(
    text: str, *, city: str | None, index: GazetteerIndex
) -> GeocodeResult | None:
    """The server's first answer inside Kyiv or Donetsk, or None; raises
    FallbackUnavailable when the server could not answer."""
    url = fallback_url()
    if not url:
        return None
    backend = BACKENDS[settings.GEOCODER_BACKEND]
    query = f"{text}, {index.cities[city].name}" if city in index.cities else text
    inside = []
    for raw in _search(backend, url, query):
        answer = backend.read(raw)
        if answer is None:
            continue
        found = index.city_at(answer.lon, answer.lat)
        if found is not None:
            inside.append((found, answer))
    # The hinted city's answer first, then the server's own order.
    inside.sort(key=lambda pair: pair[0].slug != city)
    if not inside:
        return None
    found, answer = inside[0]
    district = index.district_at(found.slug, answer.lon, answer.lat)
    result = GeocodeResult(
        city=found.slug,
        city_id=found.pk,
        district=district.slug if district else None,
        district_id=district.pk if district else None,
        precision=answer.precision,
        confidence=_CONFIDENCE[answer.precision],
        matched=text,
        method=backend.METHOD,
    )
    if answer.precision in ("exact", "street", "place"):
        result.lon, result.lat = answer.lon, answer.lat
        result.street = answer.street
        if answer.precision == "place":
            result.place = answer.place
    if answer.precision == "city":
        result.district = result.district_id = None
    return result
