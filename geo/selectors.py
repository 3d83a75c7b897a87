import json

from django.db.models import QuerySet

from geo.models import District


def district_list(*, city_slug: str | None = None) -> QuerySet[District]:
    districts = District.objects.select_related("city")
    if city_slug:
        districts = districts.filter(city__slug=city_slug)
    return districts


def district_outlines_geojson(*, city_slug: str | None = None) -> dict:
    """District polygons as an RFC 7946 FeatureCollection (those that have one)."""
    features = [
        {
            "type": "Feature",
            "id": district.pk,
            "geometry": json.loads(district.boundary.geojson),
            "properties": {
                "slug": district.slug,
                "city": district.city.slug,
                "name_uk": district.name_uk,
                "name_en": district.name_en,
            },
        }
        for district in district_list(city_slug=city_slug).filter(
            boundary__isnull=False
        )
    ]
    return {"type": "FeatureCollection", "features": features}
