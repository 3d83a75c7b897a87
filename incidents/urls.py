from django.urls import path
from django.utils.module_loading import import_string

from incidents import views


def _on_first_request(dotted: str):
    """A view imported when first asked for, not when the URLs load: the report
    and inbox pages bring extraction's rules (0.3-0.6 s to import), which every
    reverse() would otherwise pay, the export command's included."""

    def view(request, *args, **kwargs):
        return import_string(dotted)(request, *args, **kwargs)

    return view


urlpatterns = [
    path("", views.incident_map, name="incident-map"),
    path(
        "reports/add/",
        _on_first_request("incidents.reports.views.report_add"),
        name="report-add",
    ),
    path("inbox/", _on_first_request("incidents.imports.views.inbox"), name="inbox"),
    path(
        "inbox/<int:pk>/dismiss/",
        _on_first_request("incidents.imports.views.inbox_dismiss"),
        name="inbox-dismiss",
    ),
    path("incidents/<int:pk>/", views.incident_page, name="incident-page"),
    path("api/incidents.json", views.incident_list_json, name="incident-list"),
    path("api/incidents.geojson", views.incident_geojson, name="incident-geojson"),
    path(
        "api/incidents.points.json", views.incident_points_json, name="incident-points"
    ),
    path(
        "api/incidents.clusters.json",
        views.incident_clusters_json,
        name="incident-clusters",
    ),
    path("api/districts.geojson", views.district_geojson, name="district-geojson"),
    path("api/cities.geojson", views.city_geojson, name="city-geojson"),
    path("api/timeline.json", views.incident_timeline, name="incident-timeline"),
    path(
        "api/incidents/<int:pk>.json",
        views.incident_detail_json,
        name="incident-detail",
    ),
    path(
        "export/incidents.<str:fmt>",
        views.incident_export,
        name="incident-export",
    ),
]
