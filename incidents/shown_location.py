"""One incident's location as its reader may see it (incidents.access's rules).

The incident comes from incidents.selectors.incident_detail, which annotates the
shown point (`lon`, `lat`), its `precision` and the `level` of the rest.
"""

from dataclasses import dataclass

from geo.models import City, District, Place, Street
from incidents.access import Level, shown
from incidents.choices import GeoPrecision
from incidents.models import Incident


@dataclass(frozen=True)
class ShownLocation:
    point: tuple[float, float] | None  # lon, lat
    precision: str  # a GeoPrecision value, or "" when unknown
    location_text: str
    city: City | None
    district: District | None
    street: Street | None
    place: Place | None
    geocoder: bool  # whether the geocoder's method, note and candidates are shown
    evidence: bool  # whether the sentences of the reports are shown
    coarsened: bool  # whether the publication rules hide part of the location

    @property
    def precision_label(self) -> str:
        return str(GeoPrecision(self.precision).label) if self.precision else ""

    @property
    def parts(self) -> list:
        """City, district, street, place: those known and shown."""
        return [p for p in (self.city, self.district, self.street, self.place) if p]


def shown_location(incident: Incident) -> ShownLocation:
    level = incident.level
    point = None if incident.lon is None else (incident.lon, incident.lat)
    return ShownLocation(
        point=point,
        precision=incident.precision or "",
        location_text=incident.location_text if shown("location_text", level) else "",
        city=incident.city,
        district=incident.district if shown("district", level) else None,
        street=incident.street if shown("street", level) else None,
        place=incident.place if shown("place", level) else None,
        geocoder=shown("geocode", level),
        evidence=shown("evidence", level),
        coarsened=level != Level.EXACT,
    )
