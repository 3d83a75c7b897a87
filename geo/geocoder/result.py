from dataclasses import dataclass, field
from typing import Any

PRECISIONS = ("exact", "street", "place", "district", "city", "none")

# The keys of to_json(), in order; a candidate has all of them but "candidates".
JSON_KEYS = (
    "city",
    "district",
    "street",
    "place",
    "precision",
    "lon",
    "lat",
    "confidence",
    "matched",
    "method",
    "candidates",
)


@dataclass
class GeocodeResult:
    """Where a text places an incident, how precisely, and how sure we are.

    lon/lat are WGS 84 (GeoJSON order: lon first). A district or city on its own
    carries no point: a centroid would look more precise than the text is.
    """

    city: str | None = None  # slug
    district: str | None = None  # slug
    street: str | None = None  # display name: "вулиця Хрещатик", "ул. Артема"
    place: str | None = None  # display name
    precision: str = "none"
    lon: float | None = None
    lat: float | None = None
    confidence: float = 0.0
    matched: str = ""  # the words of the input the result rests on, as written
    method: str = "gazetteer"
    candidates: list[dict[str, Any]] = field(default_factory=list)
    city_id: int | None = None
    district_id: int | None = None
    street_id: int | None = None
    place_id: int | None = None

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")

    def to_json(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in JSON_KEYS}

    def as_candidate(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in JSON_KEYS if key != "candidates"}
