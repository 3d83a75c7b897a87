"""Free text (Ukrainian, Russian, Latin) to a place in Kyiv or Donetsk.

    from geo.geocoder import geocode
    geocode("в Дарницком районе Киева").district  # "darnytskyi"

The gazetteer in the database answers first, from an index kept in memory
(index.py); a Nominatim or Photon server answers what it cannot, when one is
configured (fallback.py).
"""

import logging

from geo.cities import CITY_SLUGS
from geo.geocoder.fallback import FallbackUnavailable, fallback_geocode, fallback_url
from geo.geocoder.keys import tokenize
from geo.geocoder.loading import get_index, reset_index
from geo.geocoder.matching import find_candidates
from geo.geocoder.resolve import resolve
from geo.geocoder.result import GeocodeResult

__all__ = [
    "CITY_HINTS",
    "FallbackUnavailable",
    "GeocodeResult",
    "geocode",
    "reset_index",
]

logger = logging.getLogger(__name__)

CITY_HINTS = CITY_SLUGS


def geocode(
    text: str, *, city: str | None = None, fallback_errors: str = "raise"
) -> GeocodeResult:
    """Where text places an incident; city is the caller's hint of the city.

    Never raises for text it cannot place: that is precision "none", confidence 0.
    A fallback server that could not answer raises FallbackUnavailable (the
    worker tries again later), or with fallback_errors="ignore" leaves the
    gazetteer's answer (extraction, which must not fail for it).
    """
    if city is not None and city not in CITY_HINTS:
        raise ValueError(f"unknown city hint {city!r} (expected one of {CITY_HINTS})")
    if fallback_errors not in ("raise", "ignore"):
        raise ValueError(
            f"fallback_errors is 'raise' or 'ignore', not {fallback_errors!r}"
        )
    index = get_index()
    tokens = tokenize(text)
    result = resolve(text, tokens, find_candidates(tokens, index), city, index)
    if result.precision == "none" and text.strip() and fallback_url():
        try:
            return fallback_geocode(text, city=city, index=index) or result
        except FallbackUnavailable as exc:
            if fallback_errors == "raise":
                raise
            logger.warning("%s; the gazetteer's answer stands.", exc)
    return result
