from django import forms
from django.contrib import admin, messages
from django.forms import Script
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy, ngettext
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from geo.admin import (
    DISTRICT_OUTLINES_JS,
    CityListFilter,
    DistrictListFilter,
    ListWithoutGeometryMixin,
)
from incidents.access import can_publish, incidents_visible
from incidents.api.tokens import api_token_create, api_token_revoke
from incidents.choices import GeoPrecision, Status
from incidents.geocoding import incident_geocode_again
from incidents.history import HISTORY_M2M_FIELDS
from incidents.models import (
    AcledEvent,
    ApiToken,
    CasualtyReport,
    Feed,
    Incident,
    InfrastructureTag,
    ReportCityTotal,
    Source,
    Weapon,
)
from incidents.services import (
    EDITOR_STATUSES,
    MANUAL_POINT_PRECISIONS,
    incident_save,
    incident_status_set,
)

# One click on the map places the point, a drag moves it (and asks its precision).
ADMIN_POINT_JS = Script("js/admin_point.js", type="module")


class ReportCityTotalInline(admin.TabularInline):
    """What the report counts for a whole city beyond its incidents."""

    model = ReportCityTotal
    extra = 0


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    inlines = [ReportCityTotalInline]
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


class IncidentAdminForm(forms.ModelForm):
    point_precision = forms.TypedChoiceField(
        label=gettext_lazy("Precision of the point you placed"),
        choices=[(p.value, p.label) for p in MANUAL_POINT_PRECISIONS],
        initial=GeoPrecision.EXACT,
        required=False,
        empty_value=GeoPrecision.EXACT,
        help_text=gettext_lazy(
            "Exact: the incident happened at this spot. Street: the report names "
            "only the street, and the point is somewhere on it."
        ),
    )

    class Meta:
        model = Incident
        # The admin's fieldsets pick the fields; this form adds the precision.
        fields = ["point"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # admin_point.js shows the choice once the point moves; after a refused
        # form whose point had moved, it shows it from the start.
        attrs = self.fields["point_precision"].widget.attrs
        attrs["data-point-precision-for"] = "id_point"
        if self.is_bound and "point" in self.changed_data:
            attrs["data-point-changed"] = "true"

    # Set by IncidentAdmin.get_form: whether the signed-in account may publish.
    may_publish = False

    def clean_status(self):
        status = self.cleaned_data["status"]
        initial = self.instance.status if self.instance.pk else None
        if status in EDITOR_STATUSES and status != initial and not self.may_publish:
            raise forms.ValidationError(
                gettext("Only an editor may set the status to %(status)s.")
                % {"status": Status(status).label}
            )
        return status


@admin.register(Incident)
class IncidentAdmin(ListWithoutGeometryMixin, SimpleHistoryAdmin, LeafletGeoAdmin):
    form = IncidentAdminForm
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
        ("city", CityListFilter),
        ("district", DistrictListFilter),
        "status",
        "event_type",
        "sub_event_type",
        "geocode_status",
        "geo_precision",
        "exact_location_publishable",
        "tags",
    ]
    # A district names its city ("Darnytskyi (Kyiv)"); neither polygon is shown.
    list_select_related = ["city", "district__city"]
    list_defer = [
        "city__boundary",
        "district__boundary",
        "district__approx_point",
        "district__city__boundary",
    ]
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
                "description": gettext_lazy(
                    "Click on the map to place the incident by hand, or drag its "
                    "point: the geocoder will not move it afterwards."
                ),
                "fields": [
                    "location_text",
                    ("city", "district"),
                    ("street", "place"),
                    "geo_precision",
                    "point",
                    "point_precision",
                    "exact_location_publishable",
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

    actions = ["geocode_again", "send_to_review", "publish", "archive"]

    def get_queryset(self, request):
        return incidents_visible(request.user, super().get_queryset(request))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.may_publish = can_publish(request.user)
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            # What viewers may see of the location is an editor's decision.
            fields.append("exact_location_publishable")
        return fields

    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user)

    def _status_set(self, request, queryset, status: str) -> None:
        for incident in queryset:
            incident_status_set(incident=incident, status=status, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d incident is now %(status)s.",
                "%(count)d incidents are now %(status)s.",
                len(queryset),
            )
            % {"count": len(queryset), "status": Status(status).label},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Send to review"), permissions=["change"])
    def send_to_review(self, request, queryset):
        self._status_set(
            request, queryset.exclude(status__in=EDITOR_STATUSES), Status.REVIEW
        )

    @admin.action(description=gettext_lazy("Publish"), permissions=["publish"])
    def publish(self, request, queryset):
        self._status_set(request, queryset, Status.PUBLISHED)

    @admin.action(description=gettext_lazy("Archive"), permissions=["publish"])
    def archive(self, request, queryset):
        self._status_set(request, queryset, Status.ARCHIVED)

    class Media:
        js = [DISTRICT_OUTLINES_JS, ADMIN_POINT_JS]

    @admin.action(description="Geocode again (also replaces points set by hand)")
    def geocode_again(self, request, queryset):
        count = incident_geocode_again(incidents=queryset, user=request.user)
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
        # The row and its weapons, tags and sources in one call, so that the
        # history holds one entry for this save (see save_related).
        changed = [name for name in form.changed_data if name != "point_precision"]
        incident_save(
            incident=obj,
            changed_fields=changed,
            user=request.user,
            m2m={
                name: form.cleaned_data[name]
                for name in HISTORY_M2M_FIELDS
                if name in form.cleaned_data
            },
            point_precision=form.cleaned_data.get("point_precision")
            or GeoPrecision.EXACT,
            reason=_change_reason(changed, change=change),
        )

    def save_related(self, request, form, formsets, change):
        # form.save_m2m() is left out: save_model has set the many-to-many already,
        # inside the history entry.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


def _change_reason(changed: list[str], *, change: bool) -> str:
    if not change:
        return gettext("Added in the admin")
    if not changed:
        return gettext("Saved in the admin, nothing changed")
    return gettext("Changed in the admin: %(fields)s") % {"fields": ", ".join(changed)}


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Each staff account makes and revokes its own keys; superusers anyone's. The
    key is shown once, in the message after saving: only its hash is kept."""

    form = ApiTokenForm
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "live"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "name", "user__username"]
    actions = ["revoke"]

    @admin.display(boolean=True, description=gettext_lazy("live"))
    def live(self, token: ApiToken) -> bool:
        return token.revoked_at is None

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return tokens
        return tokens.filter(user=request.user)

    def _own(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request) -> bool:
        return self._own(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._own(request)

    def has_add_permission(self, request) -> bool:
        return self._own(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a key is made and revoked, never edited

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    shown_fields = ["user", "name", "prefix", "created_at", "last_used_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.shown_fields, "revoked_at"] if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name"] if request.user.is_superuser else ["name"]
        return self.get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        user = obj.user if request.user.is_superuser else request.user
        token, key = api_token_create(user=user, name=obj.name)
        # The admin goes on with the form's object (its log, its redirect).
        obj.__dict__.update(token.__dict__)
        obj.user = user
        self.message_user(
            request,
            gettext(
                "Token %(prefix)s… made for %(user)s. Copy it now, it will not be "
                "shown again: %(key)s"
            )
            % {"prefix": token.prefix, "user": user, "key": key},
            messages.WARNING,
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
        )


@admin.register(AcledEvent)
class AcledEventAdmin(admin.ModelAdmin):
    """ACLED's record of each imported event, read only: `import_acled` writes it.
    The filter "deleted by ACLED" lists the events ACLED has withdrawn."""

    list_display = [
        "event_id_cnty",
        "incident",
        "geo_precision",
        "time_precision",
        "updated_at",
        "deleted_at",
    ]
    list_filter = [("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["event_id_cnty", "incident__title", "source"]
    list_select_related = ["incident"]
    readonly_fields = [
        "event_id_cnty",
        "incident",
        "timestamp",
        "latitude",
        "longitude",
        "geo_precision",
        "time_precision",
        "source",
        "row",
        "imported_at",
        "updated_at",
        "deleted_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """The monitored sources: what to poll, and how each fares. Their new items
    wait in the inbox (/inbox/)."""

    list_display = [
        "name",
        "url",
        "language",
        "enabled",
        "last_success_at",
        "last_error_at",
        "failures",
        "waiting",
        "items_in_inbox",
        "items_seen",
        "next_poll_at",
    ]
    list_filter = ["enabled", "language"]
    search_fields = ["name", "url"]
    readonly_fields = [
        "last_polled_at",
        "last_success_at",
        "last_error",
        "last_error_at",
        "failures",
        "next_poll_at",
        "polling_until",
        "items_seen",
        "items_in_inbox",
    ]
    actions = ["poll_now"]

    def get_queryset(self, request):
        from incidents.imports.feeds import feeds_with_waiting

        return feeds_with_waiting(super().get_queryset(request))

    @admin.display(description=gettext_lazy("waiting in the inbox"), ordering="waiting")
    def waiting(self, feed: Feed) -> int:
        return feed.waiting

    @admin.action(description=gettext_lazy("Poll the selected feeds now"))
    def poll_now(self, request, queryset):
        count = queryset.update(next_poll_at=None)
        self.message_user(
            request,
            ngettext(
                "%(count)d feed will be polled within a minute.",
                "%(count)d feeds will be polled within a minute.",
                count,
            )
            % {"count": count},
        )
