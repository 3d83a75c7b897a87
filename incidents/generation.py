"""The incidents' data generation: what the map's ETags and cached responses
are keyed by (models.DataGeneration).

Every save and delete of an incident (and of what hangs on it) bumps it through
model signals; writes that send none (bulk_create, the geocoder's batched
UPDATE) call data_changed() themselves.

The generation is one row, and a bump keeps it locked until its transaction
ends. So that two writers never wait on each other (PostgreSQL would end one of
them with a deadlock), each transaction takes it before any incident's row:
data_lock() runs before every save and delete of those models, and first in the
services that lock incidents themselves (select_for_update).
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import connection
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from geo.models import GazetteerGeneration
from incidents.models import DataGeneration


def data_changed(**kwargs) -> None:
    """A new generation, in the current transaction."""
    DataGeneration.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


def data_lock(**kwargs) -> None:
    """The generation's row locked until the transaction ends, before the
    transaction locks an incident's (see above). Outside a transaction a write
    holds no lock past its own statement, and SQLite locks the whole database
    anyway: nothing to do there."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {DataGeneration._meta.db_table} WHERE id = 1 FOR UPDATE"  # noqa: S608 our table
        )


def data_generation() -> DataGeneration:
    generation = DataGeneration.objects.filter(pk=1).first()
    if generation is None:
        # No write since the database was made: the first one makes the row.
        return DataGeneration(token="initial", changed_at=timezone.now())
    return generation


@dataclass(frozen=True)
class Stamp:
    """The two generations a data response depends on: the incidents' and the
    gazetteer's (its districts and streets are in the answers too)."""

    data_token: str
    gazetteer_token: str
    changed_at: dt.datetime


def generations_stamp() -> Stamp:
    """Both generations in one round trip, in SQL written out: every data request
    reads them, and composing the ORM's query cost more than running it."""
    data = DataGeneration._meta.db_table
    gazetteer = GazetteerGeneration._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT token FROM {data} WHERE id = 1),"  # noqa: S608 our tables
            f" (SELECT changed_at FROM {data} WHERE id = 1),"
            f" (SELECT token FROM {gazetteer} WHERE id = 1),"
            f" (SELECT changed_at FROM {gazetteer} WHERE id = 1)"
        )
        data_token, data_at, gazetteer_token, gazetteer_at = cursor.fetchone()
    moments = [_moment(m) for m in (data_at, gazetteer_at) if m is not None]
    return Stamp(
        # No write since the database was made: as data_generation() says.
        data_token=data_token or "initial",
        gazetteer_token=gazetteer_token or "",
        changed_at=max(moments) if moments else timezone.now(),
    )


def _moment(value) -> dt.datetime:
    """A timestamp column as read by a plain cursor: SQLite's is text in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return timezone.make_aware(value, dt.UTC) if timezone.is_naive(value) else value


def connect_signals() -> None:
    from incidents.models import (
        CasualtyReport,
        Incident,
        InfrastructureTag,
        ReportCityTotal,
        Source,
        Weapon,
    )

    for model in (
        Incident,
        Source,
        CasualtyReport,
        ReportCityTotal,
        Weapon,
        InfrastructureTag,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                data_changed, sender=model, dispatch_uid=f"data-{model.__name__}"
            )
        for signal in (pre_save, pre_delete):
            signal.connect(
                data_lock, sender=model, dispatch_uid=f"data-lock-{model.__name__}"
            )
    for field in ("weapons", "tags", "sources"):
        m2m_changed.connect(
            data_changed,
            sender=getattr(Incident, field).through,
            dispatch_uid=f"data-m2m-{field}",
        )
