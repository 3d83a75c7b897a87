"""The map page's JSON config: everything its scripts know, from one place.

The vocabularies, the cities' bounds, the districts, the URLs and the texts the
scripts show reach the page here (json_script "map-config"), in the UI's language;
nothing is copied into the JavaScript by hand.
"""

from django.conf import settings
from django.contrib.gis.db.models import Extent
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from geo.cities import BY_SLUG, DEFAULT_CITY
from geo.models import City, District, ui_is_ukrainian
from incidents.access import statuses_visible
from incidents.choices import EVENT_TYPE_MARKS, EventType, GeoPrecision, Status
from incidents.models import InfrastructureTag


def _name(record) -> str:
    """A place's name in the UI's language (Ukrainian names in the Ukrainian UI)."""
    if ui_is_ukrainian():
        return record["name_uk"] or record["name_en"]
    return record["name_en"] or record["name_uk"]


def _cities() -> list[dict]:
    # The extent is computed by the database: the boundaries themselves stay there.
    rows = City.objects.values("slug", "name_uk", "name_en").annotate(
        extent=Extent("boundary")
    )
    cities = []
    for row in rows.order_by("slug"):
        extent = row["extent"]  # (xmin, ymin, xmax, ymax): lon, lat
        known = BY_SLUG.get(row["slug"])
        if extent:
            # Leaflet's [[south, west], [north, east]].
            bounds = [[extent[1], extent[0]], [extent[3], extent[2]]]
        else:
            # No outline loaded (yet): the view the app knows for the city.
            bounds = [list(corner) for corner in known.bounds] if known else None
        cities.append({"slug": row["slug"], "name": _name(row), "bounds": bounds})
    return cities


def _districts() -> list[dict]:
    rows = (
        District.objects.annotate(
            has_polygon=ExpressionWrapper(
                Q(boundary__isnull=False), output_field=BooleanField()
            )
        )
        .values("slug", "city__slug", "name_uk", "name_en", "has_polygon")
        .order_by("city__slug")
    )
    districts = [
        {
            "slug": row["slug"],
            "city": row["city__slug"],
            "name": _name(row),
            "hasPolygon": row["has_polygon"],
        }
        for row in rows
    ]
    return sorted(districts, key=lambda d: (d["city"], d["name"].casefold()))


def _urls(request) -> dict:
    return {
        "clusters": reverse("incident-clusters"),
        "list": reverse("incident-list"),
        "districts": reverse("district-geojson"),
        "cities": reverse("city-geojson"),
        "timeline": reverse("incident-timeline"),
        "detail": reverse("incident-detail", args=[0]),
        "page": reverse("incident-page", args=[0]),
        "exportGeojson": reverse("incident-export", args=["geojson"]),
        "exportCsv": reverse("incident-export", args=["csv"]),
        "exportXlsx": reverse("incident-export", args=["xlsx"]),
        "exportGpkg": reverse("incident-export", args=["gpkg"]),
        "signIn": resolve_url(settings.LOGIN_URL),
        "adminChange": reverse("admin:incidents_incident_change", args=[0])
        if request.user.is_staff
        else None,
    }


def _strings() -> dict:
    """Every text the page's scripts show; {name} marks a value put in by the script."""
    return {
        "mapLabel": _("Map of the incidents"),
        "markerLabel": _("{type}, {precision}: press Enter to open"),
        "clusterLabel": _("{count} incidents: press Enter to zoom in"),
        "districtTooltip": _("{name}: {count}"),
        "legendTitle": _("Legend"),
        "legendWhere": _("Where it happened"),
        "legendExact": _("Exact point"),
        "legendStreet": _("Somewhere on a street"),
        "legendPlace": _("At a named place"),
        "legendDistrict": _("Located to a district: the district is shaded"),
        "legendCity": _("Located to a city only: counted in the panel"),
        "legendPerDistrict": _("Incidents per district"),
        "legendEventTypes": _("Event types"),
        "unknown": _("unknown"),
        "when": _("When"),
        "what": _("What"),
        "weapons": _("Weapons"),
        "infrastructure": _("Infrastructure"),
        "killed": _("Killed"),
        "injured": _("Injured"),
        "reportedLocation": _("Reported location"),
        "geocoded": _("Geocoded"),
        "status": _("Status"),
        "notReported": _("not reported"),
        "noneReported": _("none reported"),
        "noPrecision": _("no precision"),
        "source": _("source"),
        "sources": _("Sources:"),
        "openIncidentPage": _("Open the incident's page"),
        "editInAdmin": _("Edit in admin"),
        "cityLabel": _("City"),
        "bothCities": _("Both"),
        "layerIncidents": _("Incidents"),
        "layerDistricts": _("Districts (choropleth)"),
        "layerCities": _("City outlines"),
        "loadFailed": _("The map's data could not be loaded."),
        "retry": _("Try again"),
        "signedOut": _(
            "You are signed out: what the map shows stays until you sign in."
        ),
        "signIn": _("Sign in again"),
        "detailFailed": _("This incident could not be opened: {error}"),
        "summary": _(
            "Matching incidents: {total}; with a point in this view: {points} "
            "(those without one are counted by district or city)."
        ),
        "cityLevelOpen": _("(list the incidents located to {city} only)"),
        "listCleared": _("Nothing is shown until the filters are fixed."),
        "listFailed": _("The list could not be loaded: {error}"),
        "listCount": _("Matching incidents: {count}"),
        "listPage": _("Page {page} of {pages}"),
        "rowLabel": _("{title}, {when}: press Enter to show it on the map"),
        "selectedInDistrict": _("Located to {district} only (no polygon to shade)"),
        "selectedInCity": _("Located to {city} only"),
        "locatedTo": _("Located to"),
        "sourcesCount": _("Sources"),
        # The timeline's (static/js/map/timeline.js lists them at its top).
        "timelineLabel": _("Incidents over time"),
        "timelineHelp": _(
            "Drag across the bars to choose the dates. Keys: ←/→ move the start, "
            "Shift+←/→ the end, Home/End widen, Enter applies, Escape cancels."
        ),
        "timelineSummary": _(
            "Incidents: {total}, {first} – {last}, one bar per {bin}."
        ),
        "timelineSelected": _("Selected: {from} – {to}."),
        "timelineRange": _("{from} – {to}"),
        "timelineAllDates": _("All dates"),
        "timelineApply": _("Apply dates"),
        "timelineCancel": _("Cancel"),
        "timelineBar": _("{period}: {count}"),
        "timelinePeak": _("max {count}"),
        "timelineDay": _("day"),
        "timelineWeek": _("week"),
        "timelineMonth": _("month"),
        "timelineEmpty": _("No incidents to draw on the timeline."),
    }


def map_config(request) -> dict:
    return {
        "urls": _urls(request),
        "language": "uk" if ui_is_ukrainian() else "en",
        # For Intl's dates: British English writes "28 Aug 2025", as the list does.
        "locale": "uk" if ui_is_ukrainian() else "en-GB",
        # Dates are shown in Kyiv time, whatever the analyst's computer says.
        "timeZone": settings.TIME_ZONE,
        "defaultCity": DEFAULT_CITY,
        "eventTypes": [
            {"value": value, "label": str(label), **EVENT_TYPE_MARKS[value]}
            for value, label in EventType.choices
        ],
        "precisions": [
            {"value": value, "label": str(label)}
            for value, label in GeoPrecision.choices
        ],
        # Only what the account may see (a viewer: published).
        "statuses": [
            {"value": value, "label": str(label)}
            for value, label in Status.choices
            if value in statuses_visible(request.user)
        ],
        "cities": _cities(),
        "districts": _districts(),
        # The labels are stored in English; the catalogue translates them.
        "tags": [
            {"slug": slug, "label": _(label)}
            for slug, label in InfrastructureTag.objects.values_list("slug", "label")
        ],
        "strings": _strings(),
    }
