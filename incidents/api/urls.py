"""OGC API – Features paths: no trailing slashes, as the standard writes them."""

from django.urls import path

from incidents.api import ogc_views

urlpatterns = [
    path("", ogc_views.ogc_landing, name="ogc-landing"),
    path("api", ogc_views.ogc_openapi, name="ogc-openapi"),
    path("conformance", ogc_views.ogc_conformance, name="ogc-conformance"),
    path("collections", ogc_views.ogc_collections, name="ogc-collections"),
    path(
        "collections/<str:collection_id>",
        ogc_views.ogc_collection,
        name="ogc-collection",
    ),
    path(
        "collections/<str:collection_id>/schema",
        ogc_views.ogc_schema,
        name="ogc-schema",
    ),
    path(
        "collections/<str:collection_id>/items",
        ogc_views.ogc_items,
        name="ogc-items",
    ),
    path(
        "collections/<str:collection_id>/items/<str:feature_id>",
        ogc_views.ogc_item,
        name="ogc-item",
    ),
]
