"""Writes of the geocoder's work on incidents: enqueueing, geocoding, failing.

An analyst's save hands one incident to the worker; imports, the sweep and
"geocode again" hand over batches, which the worker geocodes and stores in a
constant number of queries per batch. The geocoder may ask a server over the
network, so it always runs before any row is locked.
"""

import datetime as dt
import itertools
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.gis.geos import Point
from django.db import transaction
from django.db.models import Q
from django.db.models.sql import UpdateQuery
from django.utils import timezone
from django.utils.translation import gettext
from geopy.exc import GeocoderServiceError
from kombu.exceptions import OperationalError as BrokerError

from incidents.accounts import GEOCODER, system_actor
from incidents.choices import GeocodeStatus, GeoPrecision
from incidents.generation import data_changed, data_lock
from incidents.history import history_records_write, incident_history_entry
from incidents.models import Incident

if TYPE_CHECKING:
    from geo.geocoder import GeocodeResult

logger = logging.getLogger(__name__)

# What may pass if the geocoder asks again: a fallback server timing out or
# answering 5xx or garbage (GeocoderTimedOut and GeocoderUnavailable are
# GeocoderServiceErrors). "Nothing matches" is no error: it is stored as a final
# failure.
GEOCODER_TRANSIENT_ERRORS = (GeocoderServiceError, ConnectionError, TimeoutError)

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


def incident_geocode_enqueue_many(*, incident_ids: Iterable[int]) -> int:
    """Hand incidents to the worker in batches of GEOCODE_BATCH_SIZE; stops at the
    first publish that fails (the rest stay pending for the sweep). Returns how
    many were handed over."""
    from incidents.tasks import incident_geocode_batch_task

    count = 0
    for batch in _batched(incident_ids, settings.GEOCODE_BATCH_SIZE):
        try:
            incident_geocode_batch_task.delay(batch)
        except (BrokerError, OSError) as exc:
            logger.warning(
                "Broker unreachable, %s incidents stay pending for the sweep: %s",
                len(batch),
                exc,
            )
            break
        Incident.objects.filter(pk__in=batch).update(geocode_enqueued_at=timezone.now())
        count += len(batch)
    return count


def _batched(items: Iterable[int], size: int) -> Iterator[list[int]]:
    """itertools.batched, which Python 3.11 lacks."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


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
    return incident_geocode_enqueue_many(incident_ids=list(ids))


@transaction.atomic
def incident_geocode_again(*, incidents, user: AbstractBaseUser | None = None) -> int:
    """An analyst's request: geocode these again, manual ones included; each is
    one history entry by `user`."""
    ids = []
    data_lock()  # before the incidents' rows (incidents/generation.py)
    for incident in incidents.select_for_update(of=("self",)).order_by("pk"):
        incident.geocode_status = GeocodeStatus.PENDING
        with incident_history_entry(
            incident, user=user, reason=gettext("Sent to the geocoder again")
        ):
            incident.save(update_fields=["geocode_status", "updated_at"])
        ids.append(incident.pk)
    transaction.on_commit(lambda: incident_geocode_enqueue_many(incident_ids=ids))
    return len(ids)


@dataclass(frozen=True)
class _Asked:
    """What the geocoder was asked for an incident, and what it answered."""

    location_text: str
    city_id: int | None
    result: "GeocodeResult | None"

    def still_wanted(self, incident: Incident) -> bool:
        return incident.geocode_status == GeocodeStatus.PENDING and (
            incident.location_text,
            incident.city_id,
        ) == (self.location_text, self.city_id)


def _ask(incident: Incident) -> _Asked:
    text = incident.location_text.strip()
    city = incident.city.slug if incident.city else None
    # Imported here, as below: the gazetteer's index and the extraction rules take
    # 0.1 s to load, and every process imports this module (the admin does).
    from geo.geocoder import geocode

    result = geocode(text, city=city) if text else None
    return _Asked(incident.location_text, incident.city_id, result)


def incident_geocode(*, incident_id: int) -> Incident | None:
    """Geocode one incident, unless the work is no longer needed.

    The geocoder runs before any lock is taken; an analyst's edit meanwhile does
    not wait for it. Then the row is locked and checked again: a result for an
    incident no longer pending (placed by hand, done) or whose location changed
    meanwhile is dropped. A transient error of the geocoder is raised, for the
    task to retry.
    """
    incident = Incident.objects.select_related("city").filter(pk=incident_id).first()
    if incident is None:
        logger.info("Incident %s is gone; nothing to geocode.", incident_id)
        return None
    if incident.geocode_status != GeocodeStatus.PENDING:
        return incident
    stored = _store({incident_id: _ask(incident)})
    return stored.get(incident_id) or Incident.objects.filter(pk=incident_id).first()


def incident_geocode_many(*, incident_ids: Sequence[int]) -> int:
    """Geocode a batch of incidents: each as incident_geocode would, with the rows
    read, locked and written a few queries for the whole batch. An incident whose
    geocoder fails transiently is handed on as a task of its own, which retries
    it with backoff, and so is the rest of the batch. Returns how many were
    stored."""
    incidents = Incident.objects.select_related("city").filter(
        pk__in=incident_ids, geocode_status=GeocodeStatus.PENDING
    )
    asked, retry = {}, []
    for incident in incidents:
        if retry:
            # The fallback server is failing: the rest of the batch would each wait
            # for its timeout. They go to tasks of their own too.
            retry.append(incident.pk)
            continue
        try:
            asked[incident.pk] = _ask(incident)
        except GEOCODER_TRANSIENT_ERRORS as exc:
            logger.warning(
                "Incident %s: %s; it and the rest of its batch are retried alone.",
                incident.pk,
                exc,
            )
            retry.append(incident.pk)
    stored = _store(asked)
    for pk in retry:
        incident_geocode_enqueue(incident_id=pk)
    return len(stored)


@transaction.atomic
def _store(asked: dict[int, _Asked]) -> dict[int, Incident]:
    """Lock the rows, keep the results still wanted, write them and one history
    entry each by the geocoder."""
    if not asked:
        return {}
    data_lock()  # before the incidents' rows (incidents/generation.py)
    locked = (
        # Lock the incidents' rows only: PostgreSQL cannot lock the nullable
        # side of the join to its city.
        Incident.objects.select_for_update(of=("self",))
        .select_related("city")
        .filter(pk__in=list(asked))
        .order_by("pk")
    )
    now = timezone.now()
    stored = {}
    for incident in locked:
        if not asked[incident.pk].still_wanted(incident):
            logger.info(
                "Incident %s changed while it was geocoded; result dropped.",
                incident.pk,
            )
            continue
        _apply(incident, asked[incident.pk].result)
        incident.geocoded_at = incident.updated_at = now
        stored[incident.pk] = incident
    if stored:
        _rows_update(stored.values(), GEOCODE_FIELDS)
        data_changed()  # the UPDATEs send no signal
        # In the history as the geocoder's own entries, so that it never shows
        # "pending, no point" for a row the worker has placed.
        history_records_write(
            [(incident, incident.geocode_message) for incident in stored.values()],
            history_type="~",
            user=system_actor(GEOCODER),
        )
    return stored


def _rows_update(incidents: Iterable[Incident], names: Sequence[str]) -> None:
    """Write these fields of each incident: one UPDATE statement per pattern of
    NULLs, executed for all the rows that share it.

    QuerySet.bulk_update() writes one CASE WHEN per field and row, which Django
    takes ~3 ms a row to build (measured on PostGIS; most of a batch's time);
    compiling each row's UPDATE as QuerySet.update() does and running the
    statements with executemany() takes ~0.5 ms.
    """
    fields = [Incident._meta.get_field(name) for name in names]
    connection = transaction.get_connection()
    statements = defaultdict(list)
    for incident in incidents:
        query = UpdateQuery(Incident)
        query.add_update_fields(
            [(field, None, getattr(incident, field.attname)) for field in fields]
        )
        query.add_filter("pk", incident.pk)
        sql, params = query.get_compiler(connection=connection).as_sql()
        statements[sql].append(params)
    with connection.cursor() as cursor:
        for sql, rows in statements.items():
            cursor.executemany(sql, rows)


def _apply(incident: Incident, result: "GeocodeResult | None") -> None:
    if result is None or result.precision == "none":
        text = incident.location_text.strip()
        incident.geocode_status = GeocodeStatus.FAILED
        incident.geocode_message = (
            f"No place in the gazetteer matches {text!r}."
            if text
            else "The incident has no location text to geocode."
        )
        incident.geocode_method = result.method if result else ""
        incident.geocode_confidence = None
        incident.geocode_candidates = result.candidates if result else []
        return
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


def _street_as_written(incident: Incident, result: "GeocodeResult") -> str | None:
    """A street the reported location names that the gazetteer does not have,
    where the geocoder found no more than its district or city."""
    if result.precision not in ("district", "city") or not result.city:
        return None
    from incidents.extraction.places import PlaceFinder, report_language

    finder = PlaceFinder(
        city=result.city, language=report_language(incident.location_text)
    )
    for mention in finder.find(incident.location_text):
        location = mention.location
        if location.as_written and location.street:
            if location.district in (None, result.district):
                return location.street
    return None


@transaction.atomic
def incident_geocode_fail(*, incident_id: int, reason: str) -> None:
    """After the last retry: failed, with a reason an analyst can read."""
    data_lock()  # before the incident's row (incidents/generation.py)
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
