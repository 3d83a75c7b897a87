"""Writes to incidents. Views, the admin and tasks call these, never save() directly."""

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext
from kombu.exceptions import OperationalError as BrokerError
from simple_history.utils import get_m2m_field_name

from geo.geocoder import GeocodeResult, geocode
from geo.models import District
from incidents.access import can_publish
from incidents.accounts import GEOCODER, system_actor
from incidents.choices import GeocodeStatus, GeoPrecision, Status
from incidents.extraction.places import PlaceFinder, report_language
from incidents.models import Incident

logger = logging.getLogger(__name__)

# Fields whose change means the incident has to be geocoded again.
LOCATION_FIELDS = {"location_text", "city"}

# The many-to-many fields the history snapshots (Incident.history's m2m_fields:
# weapons, tags, sources), which incident_save sets in the same entry as the row.
HISTORY_M2M_FIELDS = tuple(
    field.name for field in Incident.history.model._history_m2m_fields
)

# What an analyst may say of a point placed by hand: on the spot, or only
# somewhere on that street (a report that names the street, not the house).
MANUAL_POINT_PRECISIONS = (GeoPrecision.EXACT, GeoPrecision.STREET)


def _user_or_none(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


@contextmanager
def incident_history_entry(
    incident: Incident, *, user: AbstractBaseUser | None, reason: str = ""
) -> Iterator[Incident]:
    """Record everything saved in the block as ONE history entry.

    simple-history writes a record on every save and on every many-to-many change
    (a creation in the admin became four: the row, weapons, tags, sources). Inside
    the block those are suppressed; when it ends without an error, one record is
    written with the final row, its many-to-many snapshot, the user and the reason.
    Use it inside a transaction, so that a failure leaves neither row nor record.
    """
    if hasattr(incident, "skip_history_when_saving"):
        # Inside an entry already (or a save that keeps no history): that one is
        # the entry.
        yield incident
        return
    is_new = incident.pk is None
    # simple-history reads this flag on the instance in both its post_save and
    # m2m_changed receivers; the admin's form and our services save this object.
    incident.skip_history_when_saving = True
    try:
        yield incident
    finally:
        del incident.skip_history_when_saving
    _history_record_write(
        incident, history_type="+" if is_new else "~", user=user, reason=reason
    )


def _history_record_write(
    incident: Incident, *, history_type: str, user: AbstractBaseUser | None, reason: str
) -> None:
    """One historical row and its many-to-many snapshot, as simple-history's own
    create_historical_record() writes them (that method is not reachable from the
    model: the HistoricalRecords object is discarded once the model is set up)."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history_model = Incident.history.model
    record = history_model(
        history_date=timezone.now(),
        history_type=history_type,
        history_user=_user_or_none(user),
        history_change_reason=reason[:100],
        **{
            field.attname: getattr(incident, field.attname)
            for field in history_model.tracked_fields
        },
    )
    record.save()
    for field in history_model._history_m2m_fields:
        through = field.remote_field.through
        snapshot = getattr(history_model, field.name).model
        columns = [f.attname for f in through._meta.fields]
        rows = through.objects.filter(**{get_m2m_field_name(field): incident})
        snapshot.objects.bulk_create(
            snapshot(history=record, **row) for row in rows.values(*columns)
        )


def _district_at(incident: Incident) -> District | None:
    districts = District.objects.filter(boundary__covers=incident.point)
    if incident.city_id:
        districts = districts.filter(city_id=incident.city_id)
    return districts.select_related("city").first()


def _mark_manual_point(
    incident: Incident, *, user: AbstractBaseUser | None, precision: str
) -> None:
    """A point placed by hand wins over any geocoder, now and later."""
    incident.geocode_status = GeocodeStatus.MANUAL
    incident.geocode_method = "manual"
    incident.geocode_confidence = 1.0
    incident.geocode_message = f"Point set by hand by {user or 'an analyst'}."
    incident.geocoded_at = timezone.now()
    incident.geo_precision = precision
    district = _district_at(incident)
    if district is not None:
        incident.district = district
        incident.city = district.city


@transaction.atomic
def incident_save(
    *,
    incident: Incident,
    changed_fields: set[str] | list[str],
    user: AbstractBaseUser | None = None,
    m2m: Mapping[str, Iterable[Model]] | None = None,
    point_precision: str = GeoPrecision.EXACT,
    reason: str = "",
) -> Incident:
    """Validate and save an incident edited by a person (admin, review page).

    Moving the point by hand makes the location manual, with the precision the
    analyst gave it (`point_precision`: exact, or only the street); changing the
    reported location of a non-manual incident sends it back to the geocoder.
    `m2m` gives the final values of weapons, tags and sources; the row and these
    are stored as one history entry, by `user`, with `reason`.
    """
    m2m = dict(m2m or {})
    unknown = set(m2m) - set(HISTORY_M2M_FIELDS)
    if unknown:
        raise ValueError(
            f"incident_save sets only {', '.join(HISTORY_M2M_FIELDS)}, "
            f"not {', '.join(sorted(unknown))}."
        )
    if point_precision not in MANUAL_POINT_PRECISIONS:
        raise ValueError(
            f"A point placed by hand is {' or '.join(MANUAL_POINT_PRECISIONS)}, "
            f"not {point_precision!r}."
        )
    _check_publication_rights(incident, changed=set(changed_fields), user=user)
    with incident_history_entry(incident, user=user, reason=reason):
        _incident_store(
            incident,
            changed=set(changed_fields),
            user=user,
            point_precision=point_precision,
        )
        for name, values in m2m.items():
            getattr(incident, name).set(values)
    if incident.geocode_status == GeocodeStatus.PENDING:
        pk = incident.pk
        transaction.on_commit(lambda: incident_geocode_enqueue(incident_id=pk))
    return incident


# Only editors decide what viewers see: publishing and archiving.
EDITOR_STATUSES = {Status.PUBLISHED, Status.ARCHIVED}


def _check_publication_rights(
    incident: Incident, *, changed: set[str], user: AbstractBaseUser | None
) -> None:
    if user is None or can_publish(user):
        return
    if incident.status in EDITOR_STATUSES and (
        incident.pk is None or "status" in changed
    ):
        raise PermissionDenied(
            gettext("Only an editor may set the status to %(status)s.")
            % {"status": incident.get_status_display()}
        )
    if "exact_location_publishable" in changed or (
        incident.pk is None and incident.exact_location_publishable
    ):
        raise PermissionDenied(
            gettext("Only an editor may decide that the exact location is publishable.")
        )


@transaction.atomic
def incident_status_set(
    *, incident: Incident, status: str, user: AbstractBaseUser
) -> Incident:
    """Move an incident along the workflow (draft, review, published, archived),
    as one history entry by `user`."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == status:
        return incident
    incident.status = status
    _check_publication_rights(incident, changed={"status"}, user=user)
    with incident_history_entry(
        incident,
        user=user,
        reason=gettext("Status set to %(status)s")
        % {"status": incident.get_status_display()},
    ):
        incident.updated_by = user
        incident.save(update_fields=["status", "updated_by", "updated_at"])
    return incident


def _incident_store(
    incident: Incident,
    *,
    changed: set[str],
    user: AbstractBaseUser | None,
    point_precision: str,
) -> None:
    is_new = incident.pk is None
    if "point" in changed and incident.point is not None:
        _mark_manual_point(incident, user=user, precision=point_precision)
    elif "point" in changed and incident.point is None:
        incident.geocode_status = GeocodeStatus.PENDING
        incident.geo_precision = ""
    elif (is_new or changed & LOCATION_FIELDS) and (
        incident.geocode_status != GeocodeStatus.MANUAL
    ):
        incident.geocode_status = GeocodeStatus.PENDING
    if user is not None and user.is_authenticated:
        if is_new:
            incident.created_by = user
        incident.updated_by = user
    incident.full_clean()
    incident.save()


def incident_geocode_enqueue(*, incident_id: int) -> bool:
    """Hand the incident to the worker; with the broker down it stays pending."""
    # Imported here: the tasks module imports this one.
    from incidents.tasks import incident_geocode_task

    try:
        incident_geocode_task.delay(incident_id)
    except (BrokerError, OSError) as exc:
        logger.warning(
            "Broker unreachable, incident %s stays pending for the sweep: %s",
            incident_id,
            exc,
        )
        return False
    # An update, not a save: no history entry, and no race with an analyst's
    # edit of the other fields.
    Incident.objects.filter(pk=incident_id).update(geocode_enqueued_at=timezone.now())
    return True


def incident_sweep_pending(
    *,
    older_than: dt.timedelta | None = None,
    requeue_after: dt.timedelta | None = None,
) -> int:
    """Enqueue again the incidents left pending (a broker that was down, a lost task).

    An incident handed to the broker less than `requeue_after` ago is still in the
    queue and is left there: a backlog is not queued again each minute. The sweep
    stops at the first publish that fails; the next one takes the rest. Returns how
    many were handed to the broker.
    """
    if older_than is None:
        older_than = dt.timedelta(seconds=settings.GEOCODE_SWEEP_AFTER_SECONDS)
    if requeue_after is None:
        requeue_after = dt.timedelta(seconds=settings.GEOCODE_REQUEUE_AFTER_SECONDS)
    now = timezone.now()
    ids = (
        Incident.objects.filter(
            geocode_status=GeocodeStatus.PENDING, updated_at__lte=now - older_than
        )
        .filter(
            Q(geocode_enqueued_at__isnull=True)
            | Q(geocode_enqueued_at__lte=now - requeue_after)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in list(ids):
        if not incident_geocode_enqueue(incident_id=pk):
            break
        count += 1
    return count


@transaction.atomic
def incident_geocode_again(*, incidents, user: AbstractBaseUser | None = None) -> int:
    """An analyst's request: geocode these again, manual ones included; each is
    one history entry by `user`."""
    count = 0
    for incident in incidents.select_for_update(of=("self",)).order_by("pk"):
        incident.geocode_status = GeocodeStatus.PENDING
        with incident_history_entry(
            incident, user=user, reason=gettext("Sent to the geocoder again")
        ):
            incident.save(update_fields=["geocode_status", "updated_at"])
        pk = incident.pk
        transaction.on_commit(lambda pk=pk: incident_geocode_enqueue(incident_id=pk))
        count += 1
    return count


_PRECISION = {
    "exact": GeoPrecision.EXACT,
    "street": GeoPrecision.STREET,
    "place": GeoPrecision.PLACE,
    "district": GeoPrecision.DISTRICT,
    "city": GeoPrecision.CITY,
}

GEOCODE_FIELDS = [
    "city",
    "district",
    "street",
    "place",
    "point",
    "geo_precision",
    "geocode_status",
    "geocode_message",
    "geocode_method",
    "geocode_confidence",
    "geocode_candidates",
    "geocoded_at",
    "updated_at",
]


def _apply_result(incident: Incident, result: GeocodeResult) -> None:
    incident.city_id = result.city_id or incident.city_id
    incident.district_id = result.district_id
    incident.street_id = result.street_id
    incident.place_id = result.place_id
    incident.point = (
        Point(result.lon, result.lat, srid=4326) if result.lon is not None else None
    )
    incident.geo_precision = _PRECISION[result.precision]
    incident.geocode_status = GeocodeStatus.DONE
    incident.geocode_method = result.method
    incident.geocode_confidence = result.confidence
    incident.geocode_candidates = result.candidates
    incident.geocode_message = f"Matched {result.matched!r} ({result.precision})."
    street = _street_as_written(incident, result)
    if street:
        # The register has no such street (Donetsk's, a renamed one), but the text
        # names one: street precision, the district found, no point invented.
        incident.geo_precision = GeoPrecision.STREET
        incident.geocode_method = "pattern:street"
        incident.geocode_message = (
            f"Matched {result.matched!r} ({result.precision}); the street "
            f"{street!r} is known by its pattern only, so it has no point."
        )


def _street_as_written(incident: Incident, result: GeocodeResult) -> str | None:
    """A street the reported location names that the gazetteer does not have,
    where the geocoder found no more than its district or city."""
    if result.precision not in ("district", "city") or not result.city:
        return None
    finder = PlaceFinder(
        city=result.city, language=report_language(incident.location_text)
    )
    for mention in finder.find(incident.location_text):
        location = mention.location
        if location.as_written and location.street:
            if location.district in (None, result.district):
                return location.street
    return None


def incident_geocode(*, incident_id: int) -> Incident | None:
    """Geocode one incident, unless the work is no longer needed.

    The geocoder may ask a server over the network, so it runs before any lock is
    taken; an analyst's edit meanwhile does not wait for it. Then the row is
    locked and checked again: a result for an incident no longer pending (placed
    by hand, done) or whose location changed meanwhile is dropped.
    """
    incident = Incident.objects.select_related("city").filter(pk=incident_id).first()
    if incident is None:
        logger.info("Incident %s is gone; nothing to geocode.", incident_id)
        return None
    if incident.geocode_status != GeocodeStatus.PENDING:
        return incident
    asked = (incident.location_text, incident.city_id)
    text = incident.location_text.strip()
    result = (
        geocode(text, city=incident.city.slug if incident.city else None)
        if text
        else None
    )
    with transaction.atomic():
        incident = (
            # Lock the incident's row only: PostgreSQL cannot lock the nullable
            # side of the join to its city.
            Incident.objects.select_for_update(of=("self",))
            .select_related("city")
            .filter(pk=incident_id)
            .first()
        )
        if incident is None:
            logger.info("Incident %s is gone; nothing to geocode.", incident_id)
            return None
        if incident.geocode_status != GeocodeStatus.PENDING or asked != (
            incident.location_text,
            incident.city_id,
        ):
            logger.info(
                "Incident %s changed while it was geocoded; result dropped.",
                incident_id,
            )
            return incident
        _geocode_store(incident, text=text, result=result)
    return incident


def _geocode_store(
    incident: Incident, *, text: str, result: GeocodeResult | None
) -> None:
    if result is None or result.precision == "none":
        incident.geocode_status = GeocodeStatus.FAILED
        incident.geocode_message = (
            f"No place in the gazetteer matches {text!r}."
            if text
            else "The incident has no location text to geocode."
        )
        incident.geocode_method = result.method if result else ""
        incident.geocode_confidence = None
        incident.geocode_candidates = result.candidates if result else []
    else:
        _apply_result(incident, result)
    incident.geocoded_at = timezone.now()
    # In the history as the geocoder's own entry, so that it never shows "pending,
    # no point" for a row the worker has placed.
    with incident_history_entry(
        incident, user=system_actor(GEOCODER), reason=incident.geocode_message
    ):
        incident.save(update_fields=GEOCODE_FIELDS)


@transaction.atomic
def incident_geocode_fail(*, incident_id: int, reason: str) -> None:
    """After the last retry: failed, with a reason an analyst can read."""
    incident = (
        Incident.objects.select_for_update(of=("self",))
        .filter(pk=incident_id, geocode_status=GeocodeStatus.PENDING)
        .first()
    )
    if incident is None:
        return
    incident.geocode_status = GeocodeStatus.FAILED
    incident.geocode_message = reason
    incident.geocoded_at = timezone.now()
    with incident_history_entry(incident, user=system_actor(GEOCODER), reason=reason):
        incident.save(
            update_fields=[
                "geocode_status",
                "geocode_message",
                "geocoded_at",
                "updated_at",
            ]
        )
