"""What the incident page shows, read in a fixed number of queries."""

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from geo.models import localized_name
from incidents.access import sees_everything
from incidents.choices import GeoPrecision
from incidents.models import CasualtyReport, Incident, ReportCityTotal, Source
from incidents.selectors import incident_detail
from incidents.shown_location import ShownLocation, shown_location
from incidents.when import incident_when, moment_text

# The page's map is small: a tolerance of about 20 m keeps an outline's shape and
# takes a district's polygon from hundreds of kilobytes to a few.
OUTLINE_TOLERANCE = 0.0002

# Fields whose changes the history leaves out: the bookkeeping of every save, and
# the geocoder's own record, which its fields already show.
_UNTRACKED = {
    "id",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "geocode_candidates",
    "geocode_message",
    "geocoded_at",
}
_RELATIONS = {"city", "district", "street", "place"}
_M2M = {
    "weapons": "weapon__label",
    "tags": "infrastructuretag__label",
    "sources": "source__title",
}


def safe_link(url: str | None) -> str | None:
    """The URL when it is a web address; anything else (javascript:, data:) is text."""
    if url and urlsplit(url).scheme.lower() in {"http", "https"}:
        return url
    return None


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    who: str
    when: str
    kind: str  # created, changed, deleted
    reason: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class SourceRow:
    source: Source
    link: str | None
    published: str | None
    city_total: ReportCityTotal | None = None


@dataclass
class IncidentPage:
    incident: Incident
    when: str
    where: list[tuple[str, str]]  # (what, name) from the city down
    sources: list[SourceRow]
    casualty_reports: list[CasualtyReport]
    candidates: list[dict]
    history: list[HistoryEntry]
    map_data: dict
    location: ShownLocation  # where the reader may see it is
    show_history: bool = True  # for analysts and editors
    viewers_see: str = ""  # for analysts and editors: what the publication rules show


def _outline(geometry) -> dict | None:
    if geometry is None:
        return None
    return json.loads(geometry.simplify(OUTLINE_TOLERANCE, preserve_topology=True).json)


def _map_data(location: ShownLocation) -> dict:
    # GeoJSON is lon, lat; the page's script turns it into Leaflet's lat, lng.
    point = list(location.point) if location.point else None
    district = location.district.boundary if location.district else None
    return {
        "point": point,
        "precision": location.precision or None,
        "district": _outline(district) if point is None else None,
        "city": _outline(location.city.boundary)
        if location.city and point is None and district is None
        else None,
    }


def _display(record, name: str, labels: dict) -> str:
    if name in labels:
        return ", ".join(labels[name].get(record.history_id, [])) or "—"
    value = getattr(record, name)
    model_field = record._meta.get_field(name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(getattr(record, f"get_{name}_display")())
    if model_field.is_relation:
        return localized_name(value) or str(value)
    if isinstance(value, GEOSGeometry):
        return f"{value.y:.5f}, {value.x:.5f}"
    if hasattr(value, "astimezone"):
        return moment_text(value)
    return Truncator(str(value)).chars(200)


def _comparable(record, name: str, labels: dict):
    if name in labels:
        return labels[name].get(record.history_id, [])
    if name in _RELATIONS:
        return getattr(record, f"{name}_id")
    value = getattr(record, name)
    return value.ewkt if isinstance(value, GEOSGeometry) else value


def _history(incident: Incident) -> list[HistoryEntry]:
    records = list(
        incident.history.select_related(
            "history_user", "city", "district", "street", "place"
        ).order_by("history_date", "history_id")
    )
    model = incident.history.model
    ids = [r.history_id for r in records]
    # Each many-to-many's history in one query: the terms each record held.
    labels: dict[str, dict[int, list[str]]] = {}
    for name, label in _M2M.items():
        through = model._meta.get_field(f"historicalincident_{name}").related_model
        held: dict[int, list[str]] = {}
        # A source without a title is named by its URL, as Source.__str__ does.
        fallback = "source__url" if name == "sources" else label
        rows = through.objects.filter(history_id__in=ids).order_by(label, fallback)
        for history_id, text, other in rows.values_list("history_id", label, fallback):
            held.setdefault(history_id, []).append(text or other or "")
        labels[name] = held
    names = [
        f.name
        for f in model._meta.fields
        if f.name not in _UNTRACKED and not f.name.startswith("history_")
    ] + list(_M2M)
    kinds = {"+": gettext("created"), "~": gettext("changed"), "-": gettext("deleted")}
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            for name in names:
                if _comparable(previous, name, labels) != _comparable(
                    record, name, labels
                ):
                    verbose = (
                        model._meta.get_field(name).verbose_name
                        if name not in _M2M
                        else Incident._meta.get_field(name).verbose_name
                    )
                    changes.append(
                        Change(
                            field=capfirst(str(verbose)),
                            old=_display(previous, name, labels),
                            new=_display(record, name, labels),
                        )
                    )
        user = record.history_user
        entries.append(
            HistoryEntry(
                who=user.get_username() if user else gettext("no user recorded"),
                when=moment_text(record.history_date),
                kind=kinds.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    # Newest first, as an analyst reads a log.
    return entries[::-1]


def _viewers_see(incident: Incident) -> str:
    if incident.exact_location_publishable:
        return gettext("the location as recorded: an editor made it publishable")
    if settings.PUBLISH_PRECISION == GeoPrecision.EXACT:
        return gettext("the location as recorded")
    return gettext("the location no finer than: %(precision)s") % {
        "precision": GeoPrecision(settings.PUBLISH_PRECISION).label
    }


def incident_page_data(*, pk: int, user) -> IncidentPage:
    """Raises Incident.DoesNotExist for an unknown id and for one `user` may not
    see. The change history is for analysts and editors only."""
    incident = incident_detail(pk=pk, user=user)
    location = shown_location(incident)
    reports = list(
        CasualtyReport.objects.filter(incident=incident)
        .select_related("source")
        .order_by("source__published_at", "pk")
    )
    # What each report counts for the incident's city beyond its incidents.
    totals = {
        t.source_id: t
        for t in ReportCityTotal.objects.filter(
            source__in=[s.pk for s in incident.sources.all()], city=incident.city_id
        )
    }
    where = [
        (label, localized_name(getattr(location, name)))
        for name, label in (
            ("city", gettext("City")),
            ("district", gettext("District")),
            ("street", gettext("Street")),
            ("place", gettext("Place")),
        )
        if getattr(location, name) is not None
    ]
    return IncidentPage(
        incident=incident,
        when=incident_when(
            incident.occurred_from, incident.occurred_to, incident.time_precision
        ),
        where=where,
        sources=[
            SourceRow(
                source=s,
                link=safe_link(s.url),
                published=moment_text(s.published_at) if s.published_at else None,
                city_total=totals.get(s.pk),
            )
            for s in incident.sources.all()
        ],
        casualty_reports=reports,
        candidates=[c for c in incident.geocode_candidates or [] if isinstance(c, dict)]
        if location.geocoder
        else [],
        history=_history(incident) if sees_everything(user) else [],
        show_history=sees_everything(user),
        viewers_see=_viewers_see(incident) if sees_everything(user) else "",
        map_data=_map_data(location),
        location=location,
    )
