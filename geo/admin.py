from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Coalesce
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


def _is_set(field: str) -> ExpressionWrapper:
    """Whether a geometry is there, without reading it."""
    present = Q(**{f"{field}__isnull": False})
    return ExpressionWrapper(present, output_field=BooleanField())


def _street_counts():
    """Streets per district, as a correlated subquery: a join and GROUP BY would
    group over every column of the district, its polygon included, which SQLite
    does by comparing the polygons' blobs (10 to 20 s for the Districts page)."""
    through = Street.districts.through
    return (
        through.objects.filter(district_id=OuterRef("pk"))
        .order_by()
        .values("district_id")
        .annotate(total=Count("pk"))
        .values("total")
    )


class ChangeListWithoutGeometry(ChangeList):
    """A list's rows without the geometries the list does not show (its admin's
    `list_defer`): a city's or district's polygon is thousands of vertices, read and
    decoded once per row otherwise."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*self.model_admin.list_defer)


class ListWithoutGeometryMixin:
    list_defer: list[str] = []

    def get_changelist(self, request, **kwargs):
        return ChangeListWithoutGeometry


class CityListFilter(admin.RelatedFieldListFilter):
    """The two cities by name, without reading their polygons."""

    def field_choices(self, field, request, model_admin):
        return [(city.pk, str(city)) for city in City.objects.only("name_en")]


class DistrictListFilter(admin.RelatedFieldListFilter):
    """Districts named with their city, read in one query and without polygons."""

    def field_choices(self, field, request, model_admin):
        districts = (
            District.objects.select_related("city")
            .only("name_en", "city__name_en")
            .order_by("city__slug", "name_en")
        )
        return [(district.pk, str(district)) for district in districts]


@admin.register(District)
class DistrictAdmin(ListWithoutGeometryMixin, LeafletGeoAdmin):
    list_display = [
        "name_en",
        "name_uk",
        "city",
        "katottg",
        "has_polygon",
        "street_total",
    ]
    list_filter = [("city", CityListFilter)]
    search_fields = ["name_en", "name_uk", "name_ru", "slug", "aliases"]
    readonly_fields = ["boundary_source"]
    list_defer = ["boundary", "approx_point", "city__boundary"]
    change_list_template = "admin/geo/district/change_list.html"

    class Media:
        js = [DISTRICT_OUTLINES_JS]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("city")
            .annotate(
                street_count=Coalesce(_street_counts(), 0),
                has_boundary=_is_set("boundary"),
            )
        )

    @admin.display(boolean=True, ordering="has_boundary", description="polygon")
    def has_polygon(self, district: District) -> bool:
        return district.has_boundary

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
            .only("name_en", "city__name_en")
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
class StreetAdmin(ListWithoutGeometryMixin, LeafletGeoAdmin):
    list_display = ["__str__", "name_ru", "city", "registry_code", "has_point"]
    list_filter = [
        ("city", CityListFilter),
        "type_uk",
        ("districts", DistrictListFilter),
    ]
    list_select_related = ["city"]
    list_defer = ["point", "city__boundary"]
    search_fields = ["full_name_uk", "name_uk", "name_ru", "name_latin", "former_names"]
    filter_horizontal = ["districts"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(point_known=_is_set("point"))

    @admin.display(boolean=True, ordering="point_known", description="point")
    def has_point(self, street: Street) -> bool:
        return street.point_known


@admin.register(Place)
class PlaceAdmin(ListWithoutGeometryMixin, LeafletGeoAdmin):
    list_display = ["__str__", "kind", "subkind", "city", "district"]
    list_filter = [("city", CityListFilter), "kind", "subkind"]
    search_fields = ["name_uk", "name_ru", "name_en", "aliases"]
    # A district names its city ("Darnytskyi (Kyiv)").
    list_select_related = ["city", "district__city"]
    list_defer = [
        "point",
        "city__boundary",
        "district__boundary",
        "district__approx_point",
        "district__city__boundary",
    ]
