"""The incidents' data generation: what the map's ETags and cached responses
are keyed by (models.DataGeneration).

Every save and delete of an incident (and of what hangs on it) bumps it through
model signals; writes that send none (bulk_create, the geocoder's batched
UPDATE) call data_changed() themselves.
"""

import uuid

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from incidents.models import DataGeneration


def data_changed(**kwargs) -> None:
    """A new generation, in the current transaction."""
    DataGeneration.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


def data_generation() -> DataGeneration:
    generation = DataGeneration.objects.filter(pk=1).first()
    if generation is None:
        # No write since the database was made: the first one makes the row.
        return DataGeneration(token="initial", changed_at=timezone.now())
    return generation


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
    for field in ("weapons", "tags", "sources"):
        m2m_changed.connect(
            data_changed,
            sender=getattr(Incident, field).through,
            dispatch_uid=f"data-m2m-{field}",
        )
