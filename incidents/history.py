"""The incidents' history: one entry per change, by whom and why.

simple-history writes a record on every save and on every many-to-many change; the
services write one entry per change instead, with these helpers.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from simple_history.utils import get_m2m_field_name

from incidents.models import Incident

# The many-to-many fields the history snapshots (Incident.history's m2m_fields:
# weapons, tags, sources), which incident_save sets in the same entry as the row.
HISTORY_M2M_FIELDS = tuple(
    field.name for field in Incident.history.model._history_m2m_fields
)


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
    history_records_write(
        [(incident, reason)], history_type="+" if is_new else "~", user=user
    )


def history_records_write(
    entries: Sequence[tuple[Incident, str]],
    *,
    history_type: str,
    user: AbstractBaseUser | None,
) -> None:
    """One historical row per (incident, reason) and its many-to-many snapshot, as
    simple-history's own create_historical_record() writes them (that method is not
    reachable from the model: the HistoricalRecords object is discarded once the
    model is set up), in a constant number of queries whatever the count."""
    if not entries or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history_model = Incident.history.model
    now = timezone.now()
    user = _user_or_none(user)
    records = history_model.objects.bulk_create(
        history_model(
            history_date=now,
            history_type=history_type,
            history_user=user,
            history_change_reason=reason[:100],
            **{
                field.attname: getattr(incident, field.attname)
                for field in history_model.tracked_fields
            },
        )
        for incident, reason in entries
    )
    record_of = {record.id: record for record in records}
    for field in history_model._history_m2m_fields:
        through = field.remote_field.through
        snapshot = getattr(history_model, field.name).model
        columns = [f.attname for f in through._meta.fields]
        owner = through._meta.get_field(get_m2m_field_name(field)).attname
        rows = defaultdict(list)
        for row in through.objects.filter(**{f"{owner}__in": list(record_of)}).values(
            *columns
        ):
            rows[row[owner]].append(row)
        snapshot.objects.bulk_create(
            snapshot(history=record_of[pk], **row)
            for pk in record_of
            for row in rows[pk]
        )
