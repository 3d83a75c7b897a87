"""The gazetteer's generation: renewed with every write to cities, districts,
streets and places, so that each process rebuilds its geocoder index. Kept apart
from geo/services.py, which reads the sources with geopandas: the signals that
call this are connected in every process, and most never load a source."""

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from geo.models import GazetteerGeneration

_batch = threading.local()


def gazetteer_generation_bump() -> GazetteerGeneration:
    """A new gazetteer generation: every process rebuilds its geocoder index within
    GEOCODER_INDEX_FRESHNESS seconds of the commit."""
    generation, _ = GazetteerGeneration.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )
    return generation


def gazetteer_changed() -> None:
    """A gazetteer row was saved or deleted (geo/signals.py)."""
    if getattr(_batch, "depth", 0):
        return  # gazetteer_writes() bumps once when the batch ends
    gazetteer_generation_bump()


@contextmanager
def gazetteer_writes() -> Iterator[None]:
    """Many writes, one new generation: bulk_create, queryset deletes and the
    through table's rows send no signals, and one bump per saved row would be
    thousands on a full load. Use inside the writes' transaction, so the rows and
    the generation commit together."""
    depth = getattr(_batch, "depth", 0)
    _batch.depth = depth + 1
    try:
        yield
    finally:
        _batch.depth = depth
    if depth == 0:
        gazetteer_generation_bump()
