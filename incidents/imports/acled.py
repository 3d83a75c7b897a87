"""ACLED's export in: the events of Kyiv and Donetsk as incidents, idempotently.

One transaction for the file: a row that does not parse stops the import before
anything is written, and the error names its row and column. Each event becomes
an incident (ACLED's type, sub-type, dates by time precision, fatalities, tags)
with a source that records ACLED, the event id and ACLED's own source field;
ACLED's coordinates and precisions stay on its AcledEvent. ACLED places most city
events at the city's centre, so the incident is placed from the notes by the
app's own geocoder (a district or a street where they name one), never at
ACLED's point.

A second import of the same file changes nothing. A newer file (ACLED revises)
updates the events whose row changed, field by field, except where an analyst
has changed the field since: manual edits are never overwritten.
"""

import datetime as dt
import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from geo.cities import CITIES
from geo.models import City
from incidents.choices import Status, TimePrecision
from incidents.imports.acled_rows import (
    ID_COLUMNS,
    AcledRow,
    acled_rows,
    cell_text,
    parse_stored,
    sheet_rows,
)
from incidents.models import AcledEvent, Incident, InfrastructureTag, Source
from incidents.services import incident_save

logger = logging.getLogger(__name__)

OUTLET = "ACLED"


class AcledImportError(ValueError):
    """The file cannot be imported; nothing of it was."""

    def __init__(self, errors: list):
        self.errors = errors
        shown = "\n".join(f"  {e}" for e in errors[:20])
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(
            f"{len(errors)} row(s) cannot be read; nothing was imported:\n{shown}{more}"
        )


@dataclass
class AcledImport:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    outside: int = 0  # not in Kyiv or Donetsk
    regional: int = 0  # ACLED knows only the region (geo_precision 3)
    other_types: Counter = field(default_factory=Counter)  # types the app does not map
    kept_edits: Counter = field(default_factory=Counter)  # field: times kept
    # Imported events a revision moved out of the two cities or to a type the map
    # does not hold: left as they were, for an analyst to decide.
    left: list[AcledEvent] = field(default_factory=list)
    to_geocode: list[int] = field(default_factory=list)


def _names(city) -> set[str]:
    return {name.lower() for name in city.names}


def _may_be_ours(cells: dict, known: set[str]) -> bool:
    """Whether a row, by its cells alone, may be an event in Kyiv or Donetsk (or
    one imported before): the others of a whole country's export are not parsed
    further, and do not stop the import when malformed."""
    if any(cell_text(cells.get(column)) in known for column in ID_COLUMNS):
        return True
    place = cell_text(cells.get("location")).split(" - ")[0].strip().lower()
    if any(place in _names(city) for city in CITIES):
        return True
    lat, lon = (cell_text(cells.get(c)) for c in ("latitude", "longitude"))
    try:
        lat, lon = float(lat.replace(",", ".")), float(lon.replace(",", "."))
    except ValueError:
        # No point, and not named ours: elsewhere; a malformed one is reported.
        return bool(lat or lon)
    return any(
        south <= lat <= north and west <= lon <= east
        for (south, west), (north, east) in (city.bounds for city in CITIES)
    )


def _city_of(row: AcledRow, cities: dict[str, City]) -> City | None:
    """By ACLED's location and admin1, else by the city's outline. None for an
    event ACLED knows only the region of (geo_precision 3): it sits at the
    region's capital, which may be one of our cities."""
    if row.geo_precision == 3:
        return None
    place = row.location.split(" - ")[0].strip().lower()
    for ours in CITIES:
        admin_fits = not row.admin1 or row.admin1.lower() == ours.acled_admin1.lower()
        if place in _names(ours) and admin_fits:
            return cities[ours.slug]
    if row.latitude is None or row.longitude is None:
        return None
    point = Point(row.longitude, row.latitude, srid=4326)
    for ours in CITIES:
        (south, west), (north, east) = ours.bounds
        city = cities[ours.slug]
        inside = south <= row.latitude <= north and west <= row.longitude <= east
        if inside and city.boundary and city.boundary.covers(point):
            return city
    return None


def _values(row: AcledRow, city: City) -> dict:
    """The incident's fields as the row gives them."""
    what = row.raw.get("sub_event_type") or row.event_type_label
    return {
        "title": row.raw.get("title") or f"{what}, {row.location} ({row.event_date})",
        "notes": row.notes,
        "occurred_from": row.occurred_from,
        "occurred_to": row.occurred_to,
        "time_precision": TimePrecision.DAY
        if row.time_precision == 1
        else TimePrecision.APPROXIMATE,
        "event_type": row.event_type,
        "sub_event_type": row.sub_event_type,
        "fatalities": row.fatalities,
        # What the geocoder reads: ACLED says where in its notes (the app's own
        # export has the location as reported).
        "location_text": (row.raw.get("location_text") or row.notes)[:500],
        "city_id": city.pk,
    }


def _tags(row: AcledRow) -> list[InfrastructureTag]:
    wanted = {tag.lower() for tag in row.tags}
    return [
        tag
        for tag in InfrastructureTag.objects.all()
        if tag.slug.lower() in wanted or tag.label.lower() in wanted
    ]


def _source_fields(row: AcledRow) -> dict:
    published = (
        dt.datetime.fromtimestamp(row.timestamp, tz=dt.UTC) if row.timestamp else None
    )
    text = row.notes + (f"\n\nACLED's source: {row.source}" if row.source else "")
    return {
        "outlet": OUTLET,
        "title": f"ACLED {row.key}" + (f" ({row.source})" if row.source else ""),
        "published_at": published,
        "text": text,
    }


def _event_fields(row: AcledRow) -> dict:
    return {
        "timestamp": row.timestamp,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "geo_precision": row.geo_precision,
        "time_precision": row.time_precision,
        "source": row.source,
        "row": row.raw,
    }


def _acled_fields(row: AcledRow) -> tuple:
    """What the app shows of ACLED's own record: its place, precisions, source."""
    return (
        row.latitude,
        row.longitude,
        row.geo_precision,
        row.time_precision,
        row.source,
    )


def _create(row: AcledRow, city: City, status: str) -> Incident:
    source = Source.objects.create(**_source_fields(row))
    incident = Incident(**_values(row, city), status=status)
    incident_save(
        incident=incident,
        changed_fields=list(_values(row, city)),
        m2m={"sources": [source], "tags": _tags(row)},
        reason=f"Imported from ACLED, event {row.key}",
    )
    AcledEvent.objects.create(
        event_id_cnty=row.key, incident=incident, **_event_fields(row)
    )
    return incident


def _update(
    event: AcledEvent,
    row: AcledRow,
    city: City,
    cities: dict[str, City],
    summary: AcledImport,
):
    """The fields ACLED changed, where no analyst has changed them: a field whose
    value differs from what ACLED last said is the analyst's from then on
    (AcledEvent.edited_fields). Returns the incident and the fields written."""
    incident = event.incident
    earlier = parse_stored(event.row)
    before = _values(earlier, _city_of(earlier, cities) or city)
    after = _values(row, city)
    edited = set(event.edited_fields)
    changed = []
    for name, value in after.items():
        if name not in edited and getattr(incident, name) != before[name]:
            edited.add(name)  # the analyst's since the last import
        if before[name] == value:
            continue
        if name in edited:
            summary.kept_edits[name] += 1
            continue
        setattr(incident, name, value)
        changed.append(name)
    if changed:
        incident_save(
            incident=incident,
            # "city", as the services name it: a new city is geocoded again.
            changed_fields=[name.removesuffix("_id") for name in changed],
            reason=f"Updated from ACLED, event {row.key}: {', '.join(changed)}",
        )
    source = incident.sources.filter(outlet=OUTLET).first()
    if source is not None:
        _source_update(source, _source_fields(earlier), _source_fields(row))
    event.edited_fields = sorted(edited)
    _event_update(event, row)
    return incident, changed


def _source_update(source: Source, before: dict, after: dict) -> None:
    """ACLED's source record revised, but for what an analyst has changed."""
    changed = [
        name
        for name, value in after.items()
        if value != before[name] and getattr(source, name) == before[name]
    ]
    for name in changed:
        setattr(source, name, after[name])
    if changed:
        source.save(update_fields=changed)


def _event_update(event: AcledEvent, row: AcledRow) -> None:
    for name, value in _event_fields(row).items():
        setattr(event, name, value)
    event.deleted_at = None
    event.save()


def acled_import(
    *, path: Path, status: str = Status.REVIEW, progress: bool = False
) -> AcledImport:
    """Import ACLED's export at `path` (CSV or XLSX): all of it, or nothing."""
    if status not in Status.values:
        raise ValueError(f"status must be one of {', '.join(Status.values)}")
    known = set(AcledEvent.objects.values_list("event_id_cnty", flat=True))
    sheet = acled_rows(
        path, wanted=lambda cells: _may_be_ours(cells, known), progress=progress
    )
    rows = sheet.rows
    if sheet.errors:
        raise AcledImportError(sheet.errors)
    keys = Counter(row.key for row in rows)
    repeated = [row for row in rows if keys[row.key] > 1]
    if repeated:
        raise AcledImportError(
            [
                f"row {r.number}: event {r.key!r} is in the file more than once"
                for r in repeated
            ]
        )
    summary = AcledImport(read=sheet.read, outside=sheet.elsewhere)
    cities = {city.slug: city for city in City.objects.all()}
    events = {e.event_id_cnty: e for e in AcledEvent.objects.select_related("incident")}
    bar = tqdm(
        rows, desc="importing", unit="row", file=sys.stderr, disable=not progress
    )
    with transaction.atomic():
        for row in bar:
            _import_row(row, events.get(row.key), cities, status, summary)
    return summary


def _import_row(
    row: AcledRow,
    event: AcledEvent | None,
    cities: dict[str, City],
    status: str,
    summary: AcledImport,
) -> None:
    city = _city_of(row, cities) if row.event_type else None
    if city is None:
        if event is not None and event.row != row.raw:
            # Imported before; ACLED now puts it elsewhere or calls it otherwise.
            _event_update(event, row)
            summary.left.append(event)
        elif not row.event_type:
            summary.other_types[row.event_type_label] += 1
        elif row.geo_precision == 3:
            summary.regional += 1
        else:
            summary.outside += 1
        return
    if event is None:
        incident = _create(row, city, status)
        summary.created += 1
        summary.to_geocode.append(incident.pk)
        return
    if event.row == row.raw:
        summary.unchanged += 1
        return
    acled_before = _acled_fields(parse_stored(event.row))
    incident, changed = _update(event, row, city, cities, summary)
    # A row that differs only where the map reads nothing (an actor, ACLED's
    # timestamp, a number written otherwise) is kept, and counted unchanged.
    if changed or acled_before != _acled_fields(row):
        summary.updated += 1
    else:
        summary.unchanged += 1
    if "location_text" in changed or "city_id" in changed:
        summary.to_geocode.append(incident.pk)


def acled_deleted_mark(*, path: Path) -> list[AcledEvent]:
    """ACLED's list of deleted events (event_id_cnty, deleted_timestamp): the
    imported ones are marked, never removed; an analyst decides."""
    cells = sheet_rows(path)
    header = [cell_text(name).lower() for name in next(cells, [])]
    lacking = [c for c in ("event_id_cnty", "deleted_timestamp") if c not in header]
    if lacking:
        raise AcledImportError(
            [
                f"row 1: the header lacks {', '.join(lacking)}: is this ACLED's list "
                f"of deleted events? It has {', '.join(header)}"
            ]
        )
    at = header.index("event_id_cnty")
    keys = {cell_text(values[at]) for values in cells if len(values) > at}
    marked = []
    with transaction.atomic():
        for event in AcledEvent.objects.filter(event_id_cnty__in=keys).select_related(
            "incident"
        ):
            if event.deleted_at is None:
                event.deleted_at = timezone.now()
                event.save(update_fields=["deleted_at"])
            marked.append(event)
    return marked
