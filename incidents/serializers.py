"""Incidents as streamed text, row by row so memory stays flat: the map's compact point
feed, GeoJSON (RFC 7946) and CSV."""

import csv
import functools
import itertools
import json
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import TextChoices
from django.urls import reverse
from django.utils import translation

from geo.cities import CITIES
from incidents.access import Level, shown
from incidents.choices import EventType, GeoPrecision, Status, SubEventType
from incidents.selectors import EXPORT_FIELDS
from incidents.when import incident_when

KYIV = ZoneInfo(settings.TIME_ZONE)


@functools.cache
def codebook(choices: type[TextChoices]) -> dict[str, str]:
    """{value: English label} as plain strings: exports speak ACLED's codebook in
    English whatever the UI's language, and json.dumps cannot encode a lazy label.
    Made once: an export asks for it twice a row."""
    with translation.override("en"):
        return {choice.value: str(choice.label) for choice in choices}


_CITY_NAMES = {city.slug: city.name_en for city in CITIES}
_ADMIN1 = {city.slug: city.acled_admin1 for city in CITIES}


def _local(moment) -> str | None:
    return moment.astimezone(KYIV).isoformat() if moment else None


def _geometry(lon, lat) -> dict | None:
    # GeoJSON is lon, lat.
    return None if lon is None else {"type": "Point", "coordinates": [lon, lat]}


def point_features(rows: Iterable[tuple]) -> Iterator[str]:
    """Incidents with a point as a FeatureCollection of bare points, written as text.

    There can be a hundred thousand of them, so each is formatted directly; event
    type and precision come from closed vocabularies and need no escaping, and six
    decimals (about 10 cm) are all a coordinate needs. The rest of an incident is
    fetched when its popup opens.
    """
    features = (
        f'{{"type":"Feature","id":{pk},"geometry":{{"type":"Point",'
        f'"coordinates":[{lon:.6f},{lat:.6f}]}},"properties":{{"event_type":'
        f'"{event_type}","geo_precision":"{precision}"}}}}'
        for pk, lon, lat, event_type, precision in rows
    )
    yield from array_text('{"type": "FeatureCollection", "features": [', features)


def array_text(
    head: str, items: Iterable[str], batch: int = 2000, tail=lambda: "]}"
) -> Iterator[str]:
    """`head`, the items joined by commas, then tail(), in pieces of `batch` items.
    The tail is made once the items are written, so it may tell what they were."""
    items = iter(items)
    yield head
    separator = ""
    while chunk := list(itertools.islice(items, batch)):
        yield separator + ",".join(chunk)
        separator = ","
    yield tail()


POINT_FIELDS = ["id", "lon", "lat", "event_type", "geo_precision"]


def point_rows(rows: Iterable[tuple]) -> Iterator[str]:
    """The map's feed in its compact form: one flat array of numbers, five per point.

    Same rows as `point_features`, a sixth of the bytes: event type and precision are
    indexes into the vocabularies given in the head, and the browser parses a flat
    array of numbers without making an object per point (bench/bench_map.py).
    """
    event_types = list(EventType.values)
    precisions = ["", *GeoPrecision.values]  # "": a point whose precision is unknown
    type_index = {value: i for i, value in enumerate(event_types)}
    precision_index = {value: i for i, value in enumerate(precisions)}
    head = {
        "fields": POINT_FIELDS,
        "event_types": event_types,
        "geo_precisions": precisions,
    }
    points = (
        f"{pk},{lon:.6f},{lat:.6f},{type_index[event_type]},{precision_index[precision]}"
        for pk, lon, lat, event_type, precision in rows
    )
    yield from array_text(json.dumps(head)[:-1] + ', "points": [', points, 5000)


def incident_url_template(base_url: str) -> str:
    """The incident page's absolute URL with "{pk}" for the id: one reverse() for
    an export of any size."""
    path = reverse("incident-page", args=[0])
    at = path.rindex("/0/")
    return base_url.rstrip("/") + path[:at] + "/{pk}/" + path[at + 3 :]


# The row's fields by the part of the location they tell (incidents.access).
_LOCATION_PARTS = {
    "location_text": "location_text",
    "district__slug": "district",
    "district__name_uk": "district",
    "district__name_en": "district",
    "street__full_name_uk": "street",
    "street__name_ru": "street",
    "street__name_latin": "street",
    "place__name_uk": "place",
    "place__name_en": "place",
    "place__name_ru": "place",
    "geocode_method": "geocode",
    "geocode_confidence": "geocode",
}


def _as_shown(row: dict) -> dict:
    """`row` without the parts of the location its level hides. The point and its
    precision come shown already (incidents.selectors)."""
    level = row["level"]
    if level == Level.EXACT:
        return row
    for name, part in _LOCATION_PARTS.items():
        if name in row and not shown(part, level):
            row[name] = "" if name in {"location_text", "geocode_method"} else None
    return row


def export_properties(row: tuple, *, page_url: str) -> dict:
    """ACLED's codebook names where they exist, then ours."""
    v = _as_shown(dict(zip(EXPORT_FIELDS, row, strict=True)))
    sources = json.loads(v["sources_json"]) if v["sources_json"] else []
    sources = [s for s in sources if s]
    city = v["city__slug"]
    return {
        "event_id": v["pk"],
        "event_date": v["occurred_from"].astimezone(KYIV).date().isoformat(),
        "time_precision": v["time_precision"],
        "event_type": codebook(EventType).get(v["event_type"], v["event_type"]),
        "sub_event_type": codebook(SubEventType).get(v["sub_event_type"], ""),
        "country": "Ukraine",
        "admin1": _ADMIN1.get(city, ""),
        "location": _CITY_NAMES.get(city, ""),
        "latitude": v["lat"],
        "longitude": v["lon"],
        "geo_precision": v["precision"],
        "source": "; ".join(s["outlet"] or s["title"] or "" for s in sources),
        "notes": v["notes"],
        "fatalities": v["fatalities"],
        "title": v["title"],
        "occurred_from": _local(v["occurred_from"]),
        "occurred_to": _local(v["occurred_to"]),
        "injured": v["injured"],
        "location_text": v["location_text"],
        "city": city,
        "district": v["district__slug"],
        "street": v["street__full_name_uk"] or v["street__name_ru"] or None,
        "place": v["place__name_uk"],
        "weapons": v["weapon_slugs"].split(",") if v["weapon_slugs"] else [],
        "tags": v["tag_slugs"].split(",") if v["tag_slugs"] else [],
        "source_urls": [s["url"] for s in sources if s.get("url")],
        "geocode_method": v["geocode_method"],
        "geocode_confidence": v["geocode_confidence"],
        "status": v["status"],
        # Each row's own page, so a spreadsheet row links back to what it came from.
        "permalink": page_url.format(pk=v["pk"]),
    }


def feature_collection(
    rows: Iterable[tuple], properties, extra: dict | None = None
) -> Iterator[str]:
    """Stream a FeatureCollection of export rows, a hundred features at a time."""
    head = {"type": "FeatureCollection", **(extra or {})}
    yield from array_text(
        json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [',
        (export_feature_text(row, properties) for row in rows),
        100,
    )


_LON_AT, _LAT_AT = EXPORT_FIELDS.index("lon"), EXPORT_FIELDS.index("lat")


def export_feature_text(row: tuple, properties, links: list | None = None) -> str:
    """One export row as a GeoJSON Feature's text: the one feature builder of the
    exports and the OGC API."""
    feature = {
        "type": "Feature",
        "id": row[0],
        "geometry": _geometry(row[_LON_AT], row[_LAT_AT]),
        "properties": properties(row),
    }
    if links is not None:
        feature["links"] = links
    return json.dumps(feature, ensure_ascii=False)


# A text a spreadsheet would run as a formula when it opens the file ("CSV
# injection"): titles, notes and sources come from outside (feeds, pasted reports),
# and "=HYPERLINK(…)" in a headline must stay a headline.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value):
    """A CSV cell that opens as the text it is: a leading apostrophe, as a
    spreadsheet itself writes it, before a text that starts like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(rows: Iterable[tuple], *, page_url: str) -> Iterator[str]:
    """The CSV export, opening with a UTF-8 byte-order mark: without it Excel reads
    the file as the machine's legacy code page and garbles the Cyrillic (pandas,
    QGIS and LibreOffice read the mark as what it is). A text that starts like a
    formula gets an apostrophe first (_as_text); import_acled takes it off."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    header_written = False
    for row in rows:
        props = export_properties(row, page_url=page_url)
        if not header_written:
            yield writer.writerow(EXPORT_COLUMNS)
            header_written = True
        yield writer.writerow(
            [
                _as_text("|".join(v) if isinstance(v, list) else v)
                if v is not None
                else ""
                for v in props.values()
            ]
        )
    if not header_written:
        yield writer.writerow(EXPORT_COLUMNS)


def export_values(row: tuple, *, page_url: str) -> list:
    """One row in EXPORT_COLUMNS order as cell values: lists joined with "|",
    numbers kept numbers (XLSX and GeoPackage)."""
    return [
        "|".join(v) if isinstance(v, list) else v
        for v in export_properties(row, page_url=page_url).values()
    ]


EXPORT_COLUMNS = [
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "title",
    "occurred_from",
    "occurred_to",
    "injured",
    "location_text",
    "city",
    "district",
    "street",
    "place",
    "weapons",
    "tags",
    "source_urls",
    "geocode_method",
    "geocode_confidence",
    "status",
    "permalink",
]


def _first(*names: str | None) -> str | None:
    return next((name for name in names if name), None)


def list_result(row: dict, *, language: str) -> dict:
    """One row of /api/incidents.json: names and labels in the UI's language."""
    row = _as_shown(row)
    uk = language.startswith("uk")
    precision = row["precision"]
    return {
        "id": row["pk"],
        "title": row["title"],
        "occurred_from": _local(row["occurred_from"]),
        "occurred_to": _local(row["occurred_to"]),
        "time_precision": row["time_precision"],
        "when": incident_when(
            row["occurred_from"], row["occurred_to"], row["time_precision"]
        ),
        "city": _first(row["city__name_uk"], row["city__name_en"])
        if uk
        else _first(row["city__name_en"], row["city__name_uk"]),
        "city_slug": row["city__slug"],
        "district": _first(row["district__name_uk"], row["district__name_en"])
        if uk
        else _first(row["district__name_en"], row["district__name_uk"]),
        "district_slug": row["district__slug"],
        # Streets have a Ukrainian, a Russian (Donetsk's register) and a Latin name.
        "street": _first(row["street__full_name_uk"], row["street__name_ru"])
        if uk
        else _first(
            row["street__name_latin"],
            row["street__full_name_uk"],
            row["street__name_ru"],
        ),
        "place": _first(
            row["place__name_uk"], row["place__name_en"], row["place__name_ru"]
        )
        if uk
        else _first(
            row["place__name_en"], row["place__name_uk"], row["place__name_ru"]
        ),
        "event_type": row["event_type"],
        "event_type_label": str(EventType(row["event_type"]).label),
        "fatalities": row["fatalities"],
        "injured": row["injured"],
        "geo_precision": precision or None,
        "geo_precision_label": str(GeoPrecision(precision).label)
        if precision
        else None,
        "status": row["status"],
        "status_label": str(Status(row["status"]).label),
        "sources": row["source_count"],
        "lon": row["lon"],
        "lat": row["lat"],
        "url": reverse("incident-page", args=[row["pk"]]),
    }


def city_total_json(total: dict) -> dict:
    """A report's city-wide total (incidents.selectors.report_city_totals)."""
    return {
        "source_id": total["source_id"],
        "source_title": total["source__title"],
        "source_url": total["source__url"],
        "city": total["city__slug"],
        "fatalities": total["fatalities"],
        "injured": total["injured"],
        "evidence": total["evidence"],
    }


def boundary_feature(record, properties: dict, *, feature_id=None) -> dict:
    """A city or district as a GeoJSON Feature of its outline (id: its pk unless
    given)."""
    return {
        "type": "Feature",
        "id": record.pk if feature_id is None else feature_id,
        # Null geometry (RFC 7946 §3.2) where no polygon is known (Donetsk's districts).
        "geometry": json.loads(record.boundary.geojson) if record.boundary else None,
        "properties": properties,
    }


DISTRICT_COLUMNS = ["slug", "city", "name_uk", "name_en", "count"]


def district_properties(district) -> dict:
    """A district of selectors.district_counts, as the map and the OGC API give it."""
    return {
        "slug": district.slug,
        "city": district.city.slug,
        "name_uk": district.name_uk,
        "name_en": district.name_en,
        "count": district.incident_count or 0,
    }
