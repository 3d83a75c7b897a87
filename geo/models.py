from django.contrib.gis.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from geo.text import transliterate_uk


def ui_is_ukrainian() -> bool:
    """Whether the active language (the request's, through LocaleMiddleware) is ours."""
    return (get_language() or "").startswith("uk")


def localized_name(obj) -> str | None:
    """The name of a City, District, Street or Place in the UI's language.

    Ukrainian names in the Ukrainian UI, English (or Latin) ones otherwise; None for
    None, so callers can pass an incident's optional district or street as it is.
    """
    if obj is None:
        return None
    return obj.display_name


class _LocalizedName:
    """`display_name`: name_uk in Ukrainian, name_en otherwise, each falling back."""

    @property
    def display_name(self) -> str:
        if ui_is_ukrainian():
            return self.name_uk or self.name_en or self.name_ru
        # Places from transit-stop labels often have no English name: the official
        # transliteration reads better to an English reader than Cyrillic.
        return self.name_en or transliterate_uk(self.name_uk) or self.name_ru


class City(_LocalizedName, models.Model):
    slug = models.SlugField(unique=True)
    name_uk = models.CharField(max_length=100)
    name_ru = models.CharField(max_length=100, blank=True)
    name_en = models.CharField(max_length=100)
    katottg = models.CharField("KATOTTG code", max_length=19, blank=True)
    boundary = models.MultiPolygonField(srid=4326, null=True, blank=True)
    boundary_source = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "cities"
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name_en


class District(_LocalizedName, models.Model):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="districts")
    slug = models.SlugField()
    name_uk = models.CharField(max_length=100)
    name_ru = models.CharField(max_length=100, blank=True)
    name_en = models.CharField(max_length=100)
    aliases = models.JSONField(default=list, blank=True)
    katottg = models.CharField("KATOTTG code", max_length=19, unique=True)
    # Null where no polygon is known (Donetsk today); import_boundaries fills it in.
    boundary = models.MultiPolygonField(srid=4326, null=True, blank=True)
    boundary_source = models.CharField(max_length=200, blank=True)
    # A reference point only (e.g. a Wikipedia infobox coordinate): not a centroid.
    approx_point = models.PointField(srid=4326, null=True, blank=True)
    approx_point_source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["city__slug", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "slug"], name="district_unique_slug_per_city"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.city.name_en})"


class Street(models.Model):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="streets")
    # Kyiv's register writes names surname first ("Закревського Миколи").
    name_uk = models.CharField(max_length=200, blank=True)
    type_uk = models.CharField(max_length=40, blank=True)
    full_name_uk = models.CharField(max_length=250, blank=True)
    name_ru = models.CharField(max_length=250, blank=True)
    name_latin = models.CharField(max_length=250, blank=True)
    former_names = models.JSONField(default=list, blank=True)
    registry_code = models.PositiveIntegerField(null=True, blank=True)
    districts = models.ManyToManyField(District, blank=True, related_name="streets")
    # One anchor point where known (a real transit stop or address on the street).
    point = models.PointField(srid=4326, null=True, blank=True)
    point_source = models.CharField(max_length=200, blank=True)
    source_key = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["city__slug", "full_name_uk", "name_ru"]

    def __str__(self) -> str:
        return self.full_name_uk or self.name_ru

    @property
    def display_name(self) -> str:
        """The register's Ukrainian name, or its official Latin form in English.

        Donetsk streets come from Russian-language address points: their Russian name
        is the only one there is, in either language.
        """
        if ui_is_ukrainian():
            return self.full_name_uk or self.name_ru
        return self.name_latin or transliterate_uk(self.full_name_uk) or self.name_ru


class PlaceKind(models.TextChoices):
    METRO_STATION = "metro_station", _("Metro station")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    LANDMARK = "landmark", _("Landmark")


class Place(_LocalizedName, models.Model):
    Kind = PlaceKind

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="places")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subkind = models.CharField(max_length=40, blank=True)
    name_uk = models.CharField(max_length=250, blank=True)
    name_ru = models.CharField(max_length=250, blank=True)
    name_en = models.CharField(max_length=250, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    point = models.PointField(srid=4326)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="places",
    )
    source_id = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["city__slug", "kind", "name_uk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=PlaceKind.values),
                name="place_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name_uk or self.name_en or self.name_ru


class GazetteerGeneration(models.Model):
    """One row whose token changes with every write to the gazetteer.

    Every process keeps the gazetteer in memory (geo/geocoder/loading.py) and
    compares this token to the one it built from. A random token, not a counter: a
    rolled-back write must not leave a process's index from that write looking
    current when the next write happens to reach the same number.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "gazetteer generation"

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
