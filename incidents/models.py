from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from geo.models import City, District, Place, Street
from incidents.choices import (
    SUB_EVENT_TYPES_OF,
    EventType,
    GeocodeStatus,
    GeoPrecision,
    Status,
    SubEventType,
    TimePrecision,
)


class Vocabulary(models.Model):
    """A closed list of terms, seeded by migrations from incidents.choices."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=100)

    class Meta:
        abstract = True
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Weapon(Vocabulary):
    pass


class InfrastructureTag(Vocabulary):
    pass


class Source(models.Model):
    # Unique when present; several sources (a phone call, a leaflet) have no URL.
    url = models.URLField(max_length=1000, null=True, blank=True, unique=True)
    outlet = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True)
    # SHA-256 of the normalised text: the same report pasted twice is found again.
    text_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title or self.url or f"source {self.pk}"


class ReportCityTotal(models.Model):
    """Victims a report counts for a whole city beyond what its incidents account
    for ("at least 21 killed across Kyiv", beside 17 in one district): the report's
    city-wide figure, recorded once and never as an incident, so never added to
    the incidents' figures."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="city_totals"
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    # Null is unknown, which is not zero.
    fatalities = models.PositiveIntegerField(null=True, blank=True)
    injured = models.PositiveIntegerField(null=True, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "city"], name="report_city_total_one_per_city"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.fatalities} killed, {self.injured} injured"


def _in(field: str, choices) -> Q:
    return Q(**{f"{field}__in": choices.values})


class Incident(models.Model):
    title = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="The sentences that report it.")

    # When: an interval; a moment is a zero-length one.
    occurred_from = models.DateTimeField()
    occurred_to = models.DateTimeField()
    time_precision = models.CharField(
        max_length=12, choices=TimePrecision.choices, default=TimePrecision.DAY
    )

    # What.
    event_type = models.CharField(
        max_length=40, choices=EventType.choices, default=EventType.EXPLOSIONS
    )
    sub_event_type = models.CharField(
        max_length=40, choices=SubEventType.choices, blank=True
    )
    weapons = models.ManyToManyField(Weapon, blank=True, related_name="incidents")
    tags = models.ManyToManyField(
        InfrastructureTag,
        blank=True,
        related_name="incidents",
        verbose_name="infrastructure",
    )

    # Harm: null is unknown, which is not zero.
    fatalities = models.PositiveIntegerField(null=True, blank=True)
    injured = models.PositiveIntegerField(null=True, blank=True)

    # Where.
    location_text = models.CharField(
        max_length=500, blank=True, help_text="The place as the report gives it."
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    street = models.ForeignKey(
        Street,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    point = models.PointField(srid=4326, null=True, blank=True)
    geo_precision = models.CharField(
        max_length=10, choices=GeoPrecision.choices, blank=True
    )
    # Publication rules (incidents.access): an editor's decision that viewers may
    # see this incident's location as recorded, whatever PUBLISH_PRECISION says.
    exact_location_publishable = models.BooleanField(
        default=False,
        help_text="Viewers see the location as recorded, whatever the publication "
        "precision (PUBLISH_PRECISION). Only an editor may set it.",
    )

    # Geocoding state.
    geocode_status = models.CharField(
        max_length=10, choices=GeocodeStatus.choices, default=GeocodeStatus.PENDING
    )
    geocode_message = models.TextField(blank=True)
    geocode_method = models.CharField(max_length=60, blank=True)
    geocode_confidence = models.FloatField(null=True, blank=True)
    geocode_candidates = models.JSONField(default=list, blank=True)
    geocoded_at = models.DateTimeField(null=True, blank=True)
    # When a geocoding task was last handed to the broker: the sweep enqueues again
    # only what has waited longer than that (a lost message), not what is queued.
    geocode_enqueued_at = models.DateTimeField(null=True, blank=True, editable=False)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="incidents")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(
        m2m_fields=[weapons, tags, sources],
        # Queue bookkeeping, not a fact about the incident.
        excluded_fields=["geocode_enqueued_at"],
    )

    class Meta:
        ordering = ["-occurred_from"]
        permissions = [
            ("publish_incident", "Can publish and archive incidents"),
            ("merge_incident", "Can merge a report into a stored incident"),
            ("add_report", "Can add news reports"),
        ]
        indexes = [
            models.Index(fields=["occurred_from", "occurred_to"]),
            models.Index(fields=["geocode_status", "updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(occurred_from__lte=F("occurred_to")),
                name="incident_from_not_after_to",
                violation_error_message="The start of the incident is after its end.",
            ),
            models.CheckConstraint(
                condition=Q(fatalities__isnull=True) | Q(fatalities__gte=0),
                name="incident_fatalities_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(injured__isnull=True) | Q(injured__gte=0),
                name="incident_injured_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(geocode_confidence__isnull=True)
                | Q(geocode_confidence__gte=0, geocode_confidence__lte=1),
                name="incident_confidence_in_0_1",
            ),
            models.CheckConstraint(
                condition=_in("time_precision", TimePrecision),
                name="incident_time_precision_valid",
            ),
            models.CheckConstraint(
                condition=_in("event_type", EventType), name="incident_event_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(sub_event_type="") | _in("sub_event_type", SubEventType),
                name="incident_sub_event_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(geo_precision="") | _in("geo_precision", GeoPrecision),
                name="incident_geo_precision_valid",
            ),
            models.CheckConstraint(
                condition=_in("geocode_status", GeocodeStatus),
                name="incident_geocode_status_valid",
            ),
            models.CheckConstraint(
                condition=_in("status", Status), name="incident_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors: dict[str, str] = {}
        if (
            self.occurred_from
            and self.occurred_to
            and self.occurred_from > self.occurred_to
        ):
            errors["occurred_to"] = "The end is before the start."
        if self.sub_event_type and self.sub_event_type not in SUB_EVENT_TYPES_OF.get(
            self.event_type, ()
        ):
            errors["sub_event_type"] = (
                f"{self.get_sub_event_type_display()} is not a sub-type of "
                f"{self.get_event_type_display()}."
            )
        for field in ("district", "street", "place"):
            related = getattr(self, field)
            if related is not None and self.city_id and related.city_id != self.city_id:
                errors[field] = f"{related} is not in {self.city}."
        if self.point is not None and self.city_id and self.city.boundary is not None:
            if not self.city.boundary.covers(self.point):
                errors["point"] = f"The point lies outside {self.city}."
        if errors:
            raise ValidationError(errors)


class CasualtyReport(models.Model):
    """What one source says of an incident's toll; sources often disagree.

    The incident itself shows the most conservative figure (ACLED's rule).
    """

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="casualty_reports"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    fatalities = models.PositiveIntegerField(null=True, blank=True)
    injured = models.PositiveIntegerField(null=True, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "source"], name="casualty_report_one_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.fatalities} killed, {self.injured} injured"


class DataGeneration(models.Model):
    """One row whose token changes with every write to incidents, their sources,
    casualty reports and vocabularies (incidents/generation.py).

    The map's data responses carry an ETag made from it, and their cached bodies
    are keyed by it: a repeat request is a 304, a team looking at the same city
    shares one computation. A random token, written in the writes' transaction: a
    rolled-back write leaves the old token, and the old responses stay right.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "data generation"


class MapCell(models.Model):
    """The map's clusters made ahead: incidents with a point counted per grid cell
    of one zoom, per event type, status, city and (up to map_cells.DATED_UP_TO) the
    Kyiv days they start and end on. Rebuilt whole from the incidents as staff see
    them, for one data generation (incidents/map_cells.py); never edited.
    """

    zoom = models.PositiveSmallIntegerField()
    cx = models.IntegerField()  # floor(lon / the zoom's cell width)
    cy = models.IntegerField()
    event_type = models.CharField(max_length=40)
    status = models.CharField(max_length=10)
    city_id = models.BigIntegerField(null=True)
    # Null on the zooms made without days.
    day_from = models.DateField(null=True)
    day_to = models.DateField(null=True)
    count = models.IntegerField()
    lon_sum = models.FloatField()
    lat_sum = models.FloatField()
    first_id = models.BigIntegerField()  # the incident, where the count is 1
    precision = models.CharField(max_length=10)

    class Meta:
        indexes = [models.Index(fields=["zoom", "cx", "cy"])]


class MapCellBuild(models.Model):
    """One row: the data generation the map cells were built from, and the build."""

    token = models.CharField(max_length=32)
    built_at = models.DateTimeField()
    seconds = models.FloatField()
    cells = models.IntegerField()


class ApiToken(models.Model):
    """A personal key for clients that cannot sign in (QGIS, scripts), sent as
    `Authorization: Bearer <key>` (incidents/api/tokens.py). Its holder's role and
    the publication rules apply as to a signed-in session.

    Only the key's SHA-256 is kept: the key is shown once, when made. A key is 256
    random bits, so a fast hash is enough (nothing to guess from it); the prefix
    tells keys apart in lists and in the log.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text="What the key is for, e.g. “QGIS on my laptop”."
    )
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name}, {self.user})"


class AcledEvent(models.Model):
    """An ACLED event imported as an incident (incidents/imports/acled.py).

    ACLED's own record stays here beside the incident: its coordinates and geo
    precision (most city events sit at the city's centre, so the incident is
    placed from the notes instead), its time precision, its source field, and the
    row as imported, which a newer file is compared with: a field an analyst has
    changed since is never overwritten.
    """

    # ACLED's id; for a file the app exported, the incident's permalink.
    event_id_cnty = models.CharField(max_length=500, unique=True)
    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="acled_event"
    )
    # ACLED's last change to the event (its `timestamp`, Unix seconds).
    timestamp = models.BigIntegerField()
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(null=True, blank=True)
    time_precision = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.TextField(blank=True, help_text="ACLED's own source field.")
    row = models.JSONField(help_text="The row as imported, by ACLED's column names.")
    # The incident's fields an analyst changed from what ACLED said: ACLED's later
    # revisions of them are never taken.
    edited_fields = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # ACLED's list of deleted events named it (import_acled --deleted).
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ACLED event"

    def __str__(self) -> str:
        return self.event_id_cnty


class Feed(models.Model):
    """A monitored news source: an RSS or Atom feed (a messaging channel through a
    feed bridge is one too), polled by the worker (incidents/imports/feeds.py)."""

    LANGUAGES = [("uk", "Ukrainian"), ("ru", "Russian"), ("en", "English")]

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=1000, unique=True)
    language = models.CharField(max_length=2, choices=LANGUAGES, default="uk")
    enabled = models.BooleanField(default=True)
    poll_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(1)],
        help_text="How often to poll it while it answers, in minutes.",
    )
    # What the last answer said, for a conditional GET.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Failures in a row: each doubles the wait before the next poll.
    failures = models.PositiveIntegerField(default=0, editable=False)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set while a poll runs (imports/feeds.py's lease): no second poll meanwhile.
    polling_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Since the feed was added: items new to it, and those it brought to the inbox
    # (reviewed and dismissed ones included).
    items_seen = models.PositiveIntegerField(default=0, editable=False)
    items_in_inbox = models.PositiveIntegerField(
        "items brought to the inbox", default=0, editable=False
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeedItem(models.Model):
    """An item a feed carried, once: what the inbox shows an analyst until they
    review it on the Add report page (where it can become incidents) or dismiss
    it. Items that concern neither city are kept too, so a later poll skips them."""

    class State(models.TextChoices):
        INBOX = "inbox", "In the inbox"
        ELSEWHERE = "elsewhere", "Not about Kyiv or Donetsk"
        # "Kyiv said…": shown in the inbox on request, not among the proposals.
        NO_EVENT = "no_event", "Names a city, proposes no incident"
        DUPLICATE = "duplicate", "A report already stored"
        REVIEWED = "reviewed", "Reviewed"
        DISMISSED = "dismissed", "Dismissed"

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=1000)
    link = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True)
    text_hash = models.CharField(max_length=64, blank=True, db_index=True)
    state = models.CharField(max_length=10, choices=State.choices)
    proposals = models.PositiveSmallIntegerField(
        default=0, help_text="Incidents extraction proposed when it came in."
    )
    note = models.TextField(blank=True, help_text="Why it is where it is.")
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="feed_item_once")
        ]
        indexes = [models.Index(fields=["state", "-created_at"])]

    def __str__(self) -> str:
        return self.title or self.link or self.guid
