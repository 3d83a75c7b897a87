import datetime as dt
import math
import os
import tempfile
from pathlib import Path

from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from geo.models import City, localized_name
from incidents.access import role_required
from incidents.clusters import incident_clusters
from incidents.exports import FILE_FORMATS, export_to_file
from incidents.filters import (
    KYIV,
    IncidentClusterForm,
    IncidentFilterForm,
    IncidentListForm,
)
from incidents.http_cache import cached_json, data_conditional
from incidents.incident_page import incident_page_data
from incidents.map_page import map_config
from incidents.models import Incident
from incidents.selectors import (
    city_level_count,
    district_counts,
    incident_days,
    incident_detail,
    incident_export_rows,
    incident_list_page,
    incident_points,
    report_city_totals,
)
from incidents.serializers import (
    boundary_feature,
    city_total_json,
    csv_rows,
    district_properties,
    export_properties,
    feature_collection,
    incident_url_template,
    list_result,
    point_features,
    point_rows,
)
from incidents.shown_location import shown_location

GEOJSON = "application/geo+json"


def _parsed_filters(request):
    form = IncidentFilterForm(request.GET)
    if not form.is_valid():
        return None, JsonResponse(form.error_json(), status=400)
    return form.to_filter(), None


def _permalink(request) -> str:
    return request.build_absolute_uri(reverse("incident-map")) + (
        f"?{request.GET.urlencode()}" if request.GET else ""
    )


@role_required
@require_GET
def incident_map(request):
    # The filters are checked by the feeds, which name every bad parameter.
    return render(request, "incidents/map.html", {"config": map_config(request)})


def _points_response(request, serializer, content_type: str):
    filters, error = _parsed_filters(request)
    if error:
        return error
    return StreamingHttpResponse(
        serializer(incident_points(filters=filters, user=request.user)),
        content_type=content_type,
    )


@gzip_page
@role_required(api=True)
@require_GET
@data_conditional
def incident_geojson(request):
    """The points as RFC 7946 GeoJSON, for other tools (QGIS, scripts)."""
    return _points_response(request, point_features, GEOJSON)


@gzip_page
@role_required(api=True)
@require_GET
@data_conditional
def incident_points_json(request):
    """The same points in the compact form the map page draws from."""
    return _points_response(request, point_rows, "application/json")


@role_required(api=True)
@require_GET
@data_conditional
def incident_clusters_json(request):
    """Clusters and single incidents for one viewport at one zoom."""
    form = IncidentClusterForm(request.GET)
    if not form.is_valid():
        return JsonResponse(form.error_json(), status=400)
    return cached_json(
        request,
        lambda: incident_clusters(
            filters=form.to_filter(), user=request.user, zoom=form.cleaned_data["z"]
        ),
    )


@role_required(api=True)
@require_GET
@data_conditional
def district_geojson(request):
    filters, error = _parsed_filters(request)
    if error:
        return error

    def compute() -> dict:
        features = [
            boundary_feature(d, district_properties(d))
            for d in district_counts(filters=filters, user=request.user)
        ]
        return {
            "type": "FeatureCollection",
            "features": features,
            "city_level": city_level_count(filters=filters, user=request.user),
        }

    return cached_json(request, compute, content_type=GEOJSON)


@role_required(api=True)
@require_GET
@data_conditional
def city_geojson(request):
    features = [
        boundary_feature(
            city,
            {"slug": city.slug, "name_en": city.name_en, "name_uk": city.name_uk},
        )
        for city in City.objects.all()
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features}, content_type=GEOJSON
    )


@role_required(api=True)
@require_GET
@data_conditional
def incident_timeline(request):
    filters, error = _parsed_filters(request)
    if error:
        return error

    def compute() -> dict:
        days = incident_days(filters=filters, user=request.user)
        return {
            "days": [{"date": day.isoformat(), "count": count} for day, count in days]
        }

    return cached_json(request, compute)


def _language() -> str:
    return get_language() or "en"


@role_required(api=True)
@require_GET
@data_conditional
def incident_list_json(request):
    """The list beside the map: one page of the matching incidents, sorted."""
    form = IncidentListForm(request.GET)
    if not form.is_valid():
        return JsonResponse(form.error_json(), status=400)
    wanted = form.to_request()
    try:
        # Cached like the clusters: a team paging the same filters shares the work
        # (at a million incidents a page takes 0.15-0.9 s to sort).
        return cached_json(
            request, lambda: _list_page(wanted, _language(), request.user)
        )
    except _PastLastPage as exc:
        message = gettext("page %(page)d is past the last page, %(pages)d") % {
            "page": wanted.page,
            "pages": exc.pages,
        }
        return JsonResponse(
            {"error": f"page: {message}", "parameters": {"page": [message]}},
            status=400,
        )


class _PastLastPage(Exception):
    def __init__(self, pages: int):
        super().__init__(pages)
        self.pages = pages


def _list_page(wanted, language: str, user) -> dict:
    count, rows = incident_list_page(request=wanted, language=language, user=user)
    pages = max(1, math.ceil(count / wanted.page_size))
    if wanted.page > pages:
        raise _PastLastPage(pages)
    return {
        "count": count,
        "page": wanted.page,
        "pages": pages,
        "results": [list_result(row, language=language) for row in rows],
    }


@role_required(api=True)
@require_GET
@data_conditional
def incident_detail_json(request, pk: int):
    try:
        incident = incident_detail(pk=pk, user=request.user)
    except Incident.DoesNotExist:
        raise Http404 from None
    where = shown_location(incident)
    return JsonResponse(
        {
            "id": incident.pk,
            "title": incident.title,
            "occurred_from": incident.occurred_from.astimezone(KYIV).isoformat(),
            "occurred_to": incident.occurred_to.astimezone(KYIV).isoformat(),
            "time_precision": incident.get_time_precision_display(),
            "event_type": incident.get_event_type_display(),
            "sub_event_type": incident.get_sub_event_type_display()
            if incident.sub_event_type
            else "",
            "weapons": [w.label for w in incident.weapons.all()],
            "tags": [t.label for t in incident.tags.all()],
            "fatalities": incident.fatalities,
            "injured": incident.injured,
            "location_text": where.location_text,
            # In the UI's language, from the street up.
            "geocoded": ", ".join(
                localized_name(part)
                for part in (where.street, where.place, where.district, where.city)
                if part
            ),
            "geo_precision": where.precision_label,
            "status": incident.get_status_display(),
            "sources": [
                {"url": s.url, "title": s.title or s.url or "", "outlet": s.outlet}
                for s in incident.sources.all()
            ],
            "url": reverse("incident-page", args=[incident.pk]),
        }
    )


FILE_EXPORT_TYPES = {
    "gpkg": "application/geopackage+sqlite3",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_file_open(*, filters, fmt: str, request):
    """The export as an open temporary file; gone from the disk once closed."""
    handle, name = tempfile.mkstemp(suffix=f".{fmt}")
    os.close(handle)
    path = Path(name)
    try:
        export_to_file(
            filters=filters,
            fmt=fmt,
            path=path,
            base_url=request.build_absolute_uri("/"),
            filter_url=_permalink(request),
            user=request.user,
        )
        return path.open("rb")
    finally:
        path.unlink(missing_ok=True)


@gzip_page
@role_required(api=True)
@require_GET
def incident_export(request, fmt: str):
    if fmt not in FILE_FORMATS:
        raise Http404(f"no export format {fmt!r} ({', '.join(FILE_FORMATS)})")
    filters, error = _parsed_filters(request)
    if error:
        return error
    permalink = _permalink(request)
    page_url = incident_url_template(request.build_absolute_uri("/"))
    stamp = dt.datetime.now(KYIV).strftime("%Y%m%d-%H%M")
    if fmt in FILE_EXPORT_TYPES:
        # Written whole to a file first (GDAL and openpyxl write files), then sent.
        return FileResponse(
            export_file_open(filters=filters, fmt=fmt, request=request),
            as_attachment=True,
            filename=f"incidents-{stamp}.{fmt}",
            content_type=FILE_EXPORT_TYPES[fmt],
        )
    rows = incident_export_rows(filters=filters, user=request.user)
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_rows(rows, page_url=page_url), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            feature_collection(
                rows,
                lambda row: export_properties(row, page_url=page_url),
                extra={
                    "permalink": permalink,
                    # Once per report, beside the incidents: never in their figures.
                    "city_totals": [
                        city_total_json(total)
                        for total in report_city_totals(
                            filters=filters, user=request.user
                        )
                    ],
                },
            ),
            content_type=GEOJSON,
        )
    response["Content-Disposition"] = f'attachment; filename="incidents-{stamp}.{fmt}"'
    return response


@role_required
@require_GET
def incident_page(request, pk: int):
    """The permalink of one incident: everything an analyst checks about it."""
    try:
        page = incident_page_data(pk=pk, user=request.user)
    except Incident.DoesNotExist:
        raise Http404(gettext("No incident %(pk)d.") % {"pk": pk}) from None
    admin_change = (
        reverse("admin:incidents_incident_change", args=[pk])
        if request.user.is_staff
        else None
    )
    return render(
        request,
        "incidents/incident_detail.html",
        {"page": page, "incident": page.incident, "admin_change": admin_change},
    )
