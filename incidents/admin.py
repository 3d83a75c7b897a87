from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from geo.admin import DISTRICT_OUTLINES_JS
from incidents.models import Incident, InfrastructureTag, Source, Weapon
from incidents.services import incident_save


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "published_at", "url"]
    search_fields = ["title", "url", "outlet", "text"]
    date_hierarchy = "published_at"


@admin.register(Weapon, InfrastructureTag)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["label", "slug"]
    search_fields = ["label", "slug"]


@admin.register(Incident)
class IncidentAdmin(SimpleHistoryAdmin, LeafletGeoAdmin):
    list_display = [
        "title",
        "occurred_from",
        "city",
        "district",
        "event_type",
        "fatalities",
        "injured",
        "status",
        "geocode_status",
    ]
    list_filter = [
        "occurred_from",
        "city",
        "district",
        "status",
        "event_type",
        "sub_event_type",
        "geocode_status",
        "geo_precision",
        "tags",
    ]
    list_select_related = ["city", "district"]
    date_hierarchy = "occurred_from"
    search_fields = [
        "title",
        "notes",
        "evidence",
        "location_text",
        "sources__title",
        "sources__url",
        "sources__outlet",
    ]
    autocomplete_fields = ["city", "district", "street", "place", "sources"]
    filter_horizontal = ["weapons", "tags"]
    readonly_fields = [
        "geocode_status",
        "geocode_method",
        "geocode_confidence",
        "geocode_message",
        "geocoded_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    fieldsets = [
        (None, {"fields": ["title", "status", "notes", "evidence", "sources"]}),
        (
            "When",
            {"fields": [("occurred_from", "occurred_to"), "time_precision"]},
        ),
        (
            "What",
            {"fields": [("event_type", "sub_event_type"), "weapons", "tags"]},
        ),
        ("Harm (leave empty when unknown)", {"fields": [("fatalities", "injured")]}),
        (
            "Where",
            {
                "description": "Drag the point to place the incident by hand: "
                "the geocoder will not move it afterwards.",
                "fields": [
                    "location_text",
                    ("city", "district"),
                    ("street", "place"),
                    "geo_precision",
                    "point",
                ],
            },
        ),
        (
            "Geocoding",
            {
                "classes": ["collapse"],
                "fields": [
                    ("geocode_status", "geocode_method", "geocode_confidence"),
                    "geocode_message",
                    "geocoded_at",
                ],
            },
        ),
        (
            "Record",
            {
                "classes": ["collapse"],
                "fields": [("created_at", "created_by"), ("updated_at", "updated_by")],
            },
        ),
    ]

    class Media:
        js = [DISTRICT_OUTLINES_JS]

    def save_model(self, request, obj, form, change):
        incident_save(incident=obj, changed_fields=form.changed_data, user=request.user)
