from django.urls import path

from incidents import views
from incidents.reports import views as report_views

urlpatterns = [
    path("", views.incident_map, name="incident-map"),
    path("reports/add/", report_views.report_add, name="report-add"),
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
