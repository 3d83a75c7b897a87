"""One fallback server's answer, read into the terms the geocoder keeps."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FallbackAnswer:
    lon: float
    lat: float
    # "exact", "street", "place", "district" or "city"
    precision: str
    street: str | None = None
    place: str | None = None
