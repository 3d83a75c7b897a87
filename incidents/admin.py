from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from geo.admin import DISTRICT_OUTLINES_JS
from incidents.models import CasualtyReport, Incident, InfrastructureTag, Source, Weapon
from incidents.services import incident_geocode_again, incident_save


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "published_at", "url"]
    search_fields = ["title", "url", "outlet", "text"]
    date_hierarchy = "published_at"
    readonly_fields = ["text_hash"]


@admin.register(Weapon, InfrastructureTag)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["label", "slug"]
    search_fields = ["label", "slug"]


class CasualtyReportInline(admin.TabularInline):
    """Each source's own figures; the incident shows the most conservative."""

    model = CasualtyReport
    extra = 0
    autocomplete_fields = ["source"]


@admin.register(Incident)
class IncidentAdmin(SimpleHistoryAdmin, LeafletGeoAdmin):
    inlines = [CasualtyReportInline]
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
        "geocode_explanation",
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
                "fields": [
                    ("geocode_status", "geocode_method", "geocode_confidence"),
                    "geocode_message",
                    "geocoded_at",
                    "geocode_explanation",
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

    actions = ["geocode_again"]

    class Media:
        js = [DISTRICT_OUTLINES_JS]

    @admin.action(description="Geocode again (also replaces points set by hand)")
    def geocode_again(self, request, queryset):
        count = incident_geocode_again(incidents=queryset)
        self.message_user(
            request, f"{count} incidents sent to the geocoder.", messages.SUCCESS
        )

    @admin.display(description="why the point is where it is")
    def geocode_explanation(self, incident: Incident) -> str:
        if not incident.geocode_candidates:
            return "No candidates recorded."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    c.get("matched", ""),
                    c.get("precision", ""),
                    " / ".join(
                        str(c[k])
                        for k in ("city", "district", "street", "place")
                        if c.get(k)
                    ),
                    c.get("method", ""),
                    f"{c.get('confidence', 0):.2f}",
                )
                for c in incident.geocode_candidates
            ),
        )
        return format_html(
            "<table><thead><tr><th>matched text</th><th>precision</th><th>place</th>"
            "<th>method</th><th>confidence</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def save_model(self, request, obj, form, change):
        incident_save(incident=obj, changed_fields=form.changed_data, user=request.user)
