from django.contrib import admin
from django.db.models import Count
from django.forms import Script
from django.http import JsonResponse
from django.urls import path, reverse
from leaflet.admin import LeafletGeoAdmin

from geo.models import City, District, Place, Street
from geo.selectors import district_outlines_geojson

# Draws the district outlines under admin maps, for orientation.
DISTRICT_OUTLINES_JS = Script("js/admin_district_outlines.js", type="module")


@admin.register(City)
class CityAdmin(LeafletGeoAdmin):
    list_display = ["name_en", "name_uk", "slug", "katottg"]
    search_fields = ["name_en", "name_uk", "name_ru", "slug"]


@admin.register(District)
class DistrictAdmin(LeafletGeoAdmin):
    list_display = [
        "name_en",
        "name_uk",
        "city",
        "katottg",
        "has_polygon",
        "street_total",
    ]
    list_filter = ["city"]
    search_fields = ["name_en", "name_uk", "name_ru", "slug", "aliases"]
    readonly_fields = ["boundary_source"]
    change_list_template = "admin/geo/district/change_list.html"

    class Media:
        js = [DISTRICT_OUTLINES_JS]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("city")
            .annotate(street_count=Count("streets"))
        )

    @admin.display(boolean=True, description="polygon")
    def has_polygon(self, district: District) -> bool:
        return district.boundary is not None

    @admin.display(ordering="street_count", description="streets")
    def street_total(self, district: District) -> int:
        return district.street_count

    def get_urls(self):
        outlines = self.admin_site.admin_view(self.outlines_view)
        return [
            path("outlines.geojson", outlines, name="geo_district_outlines"),
            *super().get_urls(),
        ]

    def outlines_view(self, request):
        return JsonResponse(
            district_outlines_geojson(city_slug=request.GET.get("city") or None),
            content_type="application/geo+json",
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "outlines_url": reverse("admin:geo_district_outlines"),
            "without_polygon": District.objects.filter(boundary__isnull=True)
            .select_related("city")
            .order_by("city__slug", "name_en"),
        }
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        district = context.get("original")
        if district is not None and district.boundary is None:
            context["subtitle"] = (
                "No polygon is known for this district. Attach one with "
                "manage.py import_boundaries FILE --city "
                f"{district.city.slug} --name-field FIELD"
            )
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(Street)
class StreetAdmin(LeafletGeoAdmin):
    list_display = ["__str__", "name_ru", "city", "registry_code", "has_point"]
    list_filter = ["city", "type_uk", "districts"]
    search_fields = ["full_name_uk", "name_uk", "name_ru", "name_latin", "former_names"]
    filter_horizontal = ["districts"]

    @admin.display(boolean=True, description="point")
    def has_point(self, street: Street) -> bool:
        return street.point is not None


@admin.register(Place)
class PlaceAdmin(LeafletGeoAdmin):
    list_display = ["__str__", "kind", "subkind", "city", "district"]
    list_filter = ["city", "kind", "subkind"]
    search_fields = ["name_uk", "name_ru", "name_en", "aliases"]
    list_select_related = ["city", "district"]
