"""Reads of incidents for the map, the API and exports."""

import datetime as dt
from collections import defaultdict

from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from geo.models import District
from incidents.access import incidents_visible
from incidents.choices import GeoPrecision, Status
from incidents.filters import KYIV, IncidentFilter, ListRequest
from incidents.models import Incident, ReportCityTotal
from incidents.search import text_search_q

# Every location below is as its reader may see it: the shown_* aliases that
# incidents.access.incidents_visible gives each incident (the publication rules).

# Located to a city only: what the map lists in its city-level panel and what
# `precision=city` selects. Not the geo_precision field alone: an incident the
# geocoder could not place, or not yet, is also known only by its city.
CITY_LEVEL = Q(
    shown_point__isnull=True, shown_district__isnull=True, city__isnull=False
)
# What the map shades as a district rather than pins.
DISTRICT_LEVEL = Q(shown_point__isnull=True, shown_district__isnull=False)


def _precision_q(precision: str) -> Q:
    if precision == GeoPrecision.CITY:
        return CITY_LEVEL
    if precision == GeoPrecision.DISTRICT:
        return DISTRICT_LEVEL
    return Q(shown_point__isnull=False, shown_precision=precision)


def incident_list(*, filters: IncidentFilter, user) -> QuerySet[Incident]:
    """Incidents `user` may see (incidents.access) matching the map's filters;
    archived ones only when asked for. Every read of incidents starts here.

    Each repeated filter is "any of its values"; the many-to-many ones are EXISTS
    subqueries, so an incident never comes twice.
    """
    incidents = incidents_visible(user, Incident.objects.all())
    if filters.status:
        incidents = incidents.filter(status=filters.status)
    else:
        incidents = incidents.exclude(status=Status.ARCHIVED)
    # An incident is in the range when its interval overlaps it.
    if filters.start:
        incidents = incidents.filter(occurred_to__gte=filters.start)
    if filters.end:
        incidents = incidents.filter(occurred_from__lt=filters.end)
    if filters.city:
        incidents = incidents.filter(city__slug=filters.city)
    if filters.districts:
        incidents = incidents.filter(
            district__slug__in=filters.districts, shown_district__isnull=False
        )
    if filters.event_types:
        incidents = incidents.filter(event_type__in=filters.event_types)
    if filters.tags:
        incidents = incidents.filter(
            Exists(
                Incident.tags.through.objects.filter(
                    incident_id=OuterRef("pk"),
                    infrastructuretag__slug__in=filters.tags,
                )
            )
        )
    if filters.precisions:
        wanted = Q()
        for precision in filters.precisions:
            wanted |= _precision_q(precision)
        incidents = incidents.filter(wanted)
    if filters.bbox:
        box = Polygon.from_bbox(filters.bbox)
        incidents = incidents.filter(shown_point__intersects=box)
    if filters.search_terms:
        incidents = incidents.filter(text_search_q(filters.search_terms))
    return incidents


class _Coordinate(Func):
    # ST_X/ST_Y exist under these names in both PostGIS and SpatiaLite.
    output_field = FloatField()


def _aggregated(sql_by_vendor: dict[str, str]) -> RawSQL:
    return RawSQL(sql_by_vendor[connection.vendor], [])


# One correlated subquery per many-to-many, so a page of any size is one query.
_SLUGS_SQL = {
    "sqlite": "(SELECT group_concat(v.slug) FROM {table} v JOIN {link} l "
    "ON l.{column} = v.id WHERE l.incident_id = incidents_incident.id)",
    "postgresql": "(SELECT string_agg(v.slug, ',' ORDER BY v.slug) FROM {table} v "
    "JOIN {link} l ON l.{column} = v.id WHERE l.incident_id = incidents_incident.id)",
}
_SOURCES_SQL = {
    "sqlite": "(SELECT json_group_array(json_object('url', s.url, 'title', s.title, "
    "'outlet', s.outlet)) FROM incidents_source s JOIN incidents_incident_sources l "
    "ON l.source_id = s.id WHERE l.incident_id = incidents_incident.id)",
    "postgresql": "(SELECT json_agg(json_build_object('url', s.url, 'title', s.title, "
    "'outlet', s.outlet))::text FROM incidents_source s JOIN incidents_incident_sources"
    " l ON l.source_id = s.id WHERE l.incident_id = incidents_incident.id)",
}


def _slugs(table: str, link: str, column: str) -> RawSQL:
    return _aggregated(
        {
            vendor: sql.format(table=table, link=link, column=column)
            for vendor, sql in _SLUGS_SQL.items()
        }
    )


EXPORT_FIELDS = [
    "pk",
    "lon",
    "lat",
    "title",
    "event_type",
    "precision",
    "level",
    "occurred_from",
    "occurred_to",
    "time_precision",
    "fatalities",
    "injured",
    "sub_event_type",
    "status",
    "notes",
    "location_text",
    "city__slug",
    "district__slug",
    "district__name_en",
    "street__full_name_uk",
    "street__name_ru",
    "place__name_uk",
    "geocode_method",
    "geocode_confidence",
    "weapon_slugs",
    "tag_slugs",
    "sources_json",
]


def with_coordinates(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """The shown point's coordinates and precision, and the level of the rest."""
    return incidents.annotate(
        lon=_Coordinate(F("shown_point"), function="ST_X"),
        lat=_Coordinate(F("shown_point"), function="ST_Y"),
        precision=F("shown_precision"),
        level=F("shown_level"),
    )


def incident_points(*, filters: IncidentFilter, user):
    """(id, lon, lat, event type, precision) of every matching incident with a point.

    What the map draws; district- and city-level incidents shade districts instead.
    Unordered and narrow, so 100,000 rows stream in well under a second.
    """
    incidents = with_coordinates(incident_list(filters=filters, user=user)).filter(
        shown_point__isnull=False
    )
    return (
        incidents.order_by()
        .values_list("pk", "lon", "lat", "event_type", "precision")
        .iterator(chunk_size=10000)
    )


def incident_export_rows(*, filters: IncidentFilter, user):
    """Rows in EXPORT_FIELDS order with weapons, tags and sources: one query,
    read in chunks."""
    return incident_export_queryset(filters=filters, user=user).iterator(
        chunk_size=5000
    )


def incident_export_queryset(*, filters: IncidentFilter, user) -> QuerySet:
    """The export's query (bench/bench_export.py hands it to ogr2ogr too)."""
    incidents = with_coordinates(incident_list(filters=filters, user=user)).annotate(
        weapon_slugs=_slugs(
            "incidents_weapon", "incidents_incident_weapons", "weapon_id"
        ),
        tag_slugs=_slugs(
            "incidents_infrastructuretag",
            "incidents_incident_tags",
            "infrastructuretag_id",
        ),
        sources_json=_aggregated(_SOURCES_SQL),
    )
    return incidents.order_by("occurred_from", "pk").values_list(*EXPORT_FIELDS)


def report_city_totals(*, filters: IncidentFilter, user) -> list[dict]:
    """The city-wide totals of the reports behind the matching incidents, each once
    (incidents.models.ReportCityTotal): victims beyond what those reports' incidents
    account for, never added to them."""
    sources = Incident.sources.through.objects.filter(
        incident__in=incident_list(filters=filters, user=user).values("pk")
    ).values("source_id")
    return list(
        ReportCityTotal.objects.filter(source__in=sources)
        .order_by("source__published_at", "source_id", "city__slug")
        .values(
            "source_id",
            "source__title",
            "source__url",
            "city__slug",
            "fatalities",
            "injured",
            "evidence",
        )
    )


def district_counts(*, filters: IncidentFilter, user) -> list[District]:
    """Every district with `incident_count`, the matching incidents in it.

    One GROUP BY over the incidents and one query for the districts: a single scan,
    however many districts there are.
    """
    counts = dict(
        incident_list(filters=filters, user=user)
        .filter(shown_district__isnull=False)
        .order_by()
        .values_list("district_id")
        .annotate(n=Count("pk"))
    )
    districts = District.objects.select_related("city").order_by(
        "city__slug", "name_en"
    )
    if filters.city:
        districts = districts.filter(city__slug=filters.city)
    districts = list(districts)
    for district in districts:
        district.incident_count = counts.get(district.pk, 0)
    return districts


# The UTC hour of an incident's start, as text, computed in the database: Kyiv's
# offset is a whole number of hours, so hours add up to Kyiv days exactly.
_UTC_HOUR_SQL = {
    "sqlite": "substr(incidents_incident.occurred_from, 1, 13)",
    "postgresql": "to_char(incidents_incident.occurred_from AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD HH24')",
}


def incident_days(*, filters: IncidentFilter, user) -> list[tuple[dt.date, int]]:
    """Matching incidents per Kyiv day of their start, oldest first."""
    hours = (
        incident_list(filters=filters, user=user)
        .annotate(utc_hour=_aggregated(_UTC_HOUR_SQL))
        .order_by()
        .values_list("utc_hour")
        .annotate(n=Count("pk"))
    )
    days: dict[dt.date, int] = defaultdict(int)
    for hour, count in hours:
        start = dt.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=dt.UTC)
        days[start.astimezone(KYIV).date()] += count
    return sorted(days.items())


def incident_detail(*, pk: int, user) -> Incident:
    """One incident `user` may see; Incident.DoesNotExist otherwise, so that an
    incident hidden from them is indistinguishable from one that does not exist.

    Where `user` may see it: `lon`, `lat`, `precision` and `level` (for
    incidents.shown_location)."""
    return (
        with_coordinates(incidents_visible(user, Incident.objects.all()))
        .select_related("city", "district", "street", "place")
        .prefetch_related("weapons", "tags", "sources")
        .get(pk=pk)
    )


def city_level_count(*, filters: IncidentFilter, user) -> dict[str, int]:
    """Incidents located to a city only, per city."""
    rows = (
        incident_list(filters=filters, user=user)
        .filter(CITY_LEVEL)
        .order_by()
        .values_list("city__slug")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


LIST_FIELDS = [
    "pk",
    "title",
    "occurred_from",
    "occurred_to",
    "time_precision",
    "city__slug",
    "city__name_uk",
    "city__name_en",
    "district__slug",
    "district__name_uk",
    "district__name_en",
    "street__full_name_uk",
    "street__name_ru",
    "street__name_latin",
    "place__name_uk",
    "place__name_en",
    "place__name_ru",
    "event_type",
    "fatalities",
    "injured",
    "precision",
    "level",
    "status",
    "source_count",
    "lon",
    "lat",
]


def _list_order(sort: str, language: str) -> list:
    field = sort.lstrip("-")
    descending = sort.startswith("-")
    newest = [F("occurred_from").desc(), F("pk").desc()]
    if field == "date":
        return newest if descending else [F("occurred_from").asc(), F("pk").asc()]
    if field == "district":
        name = "district__name_uk" if language.startswith("uk") else "district__name_en"
        # By the district the reader may see: hidden ones sort as none.
        column = Case(
            When(shown_district__isnull=True, then=Value(None)), default=F(name)
        )
    else:
        column = F(field)
    # Unknown figures and incidents without a district come last either way.
    order = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return [order, *newest]


def incident_list_page(
    *, request: ListRequest, language: str, user
) -> tuple[int, list[dict]]:
    """The total and one page of the list, as rows of LIST_FIELDS: two queries."""
    incidents = incident_list(filters=request.filters, user=user)
    count = incidents.count()
    start = (request.page - 1) * request.page_size
    if start >= count:
        return count, []
    sources = (
        Incident.sources.through.objects.filter(incident_id=OuterRef("pk"))
        .order_by()
        .values("incident_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        with_coordinates(incidents)
        .annotate(
            source_count=Coalesce(Subquery(sources, output_field=IntegerField()), 0)
        )
        .order_by(*_list_order(request.sort, language))
        .values(*LIST_FIELDS)[start : start + request.page_size]
    )
    return count, list(rows)


def incident_feature_page(
    *, filters: IncidentFilter, user, after: int | None, limit: int
):
    """Up to `limit` + 1 export rows with ids above `after`, by id: a page of the
    OGC API and whether another follows, in one query however deep the page (a
    keyset, where OFFSET would read every row before it)."""
    rows = incident_export_queryset(filters=filters, user=user).order_by("pk")
    if after is not None:
        rows = rows.filter(pk__gt=after)
    return rows[: limit + 1].iterator(chunk_size=limit + 1)


def incident_feature(*, pk: int, user) -> tuple:
    """One export row `user` may see (an archived one too, as items?status=archived
    lists it); Incident.DoesNotExist otherwise."""
    status = (
        incidents_visible(user, Incident.objects.filter(pk=pk))
        .values_list("status", flat=True)
        .first()
    )
    row = (
        incident_export_queryset(filters=IncidentFilter(status=status), user=user)
        .filter(pk=pk)
        .first()
        if status is not None
        else None
    )
    if row is None:
        raise Incident.DoesNotExist(pk)
    return row


def incident_time_extent(*, user) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The first start and the last end of the incidents `user` may see."""
    span = incident_list(filters=IncidentFilter(), user=user).aggregate(
        first=Min("occurred_from"), last=Max("occurred_to")
    )
    return span["first"], span["last"]
