"""Incidents geocoded per second through a real Redis and a real Celery worker.

Usage: .venv/bin/python bench/bench_pipeline.py [--count 2000] [--concurrency 2]

Two ways in: one task per incident (an analyst's save) and batches of
GEOCODE_BATCH_SIZE (imports, the sweep, "geocode again"), the same incidents each
time.
Uses the configured database (SpatiaLite var/db.sqlite3 unless DATABASE_URL is set,
after `manage.py migrate` and `manage.py load_geodata`) and CELERY_BROKER_URL. The
benchmark's incidents are deleted afterwards.
"""

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from tqdm import tqdm  # noqa: E402

from geo.models import District, Place, Street  # noqa: E402
from incidents.choices import GeocodeStatus  # noqa: E402
from incidents.geocoding import (  # noqa: E402
    incident_geocode_enqueue,
    incident_geocode_enqueue_many,
)
from incidents.models import Incident  # noqa: E402

PREFIX = "bench-pipeline:"


def location_texts(count: int) -> list[str]:
    rng = random.Random(7)
    districts = list(District.objects.values_list("name_en", "city__name_en"))
    stations = list(
        Place.objects.filter(kind="metro_station").values_list("name_uk", flat=True)
    )
    streets = list(
        Street.objects.filter(city__slug="kyiv", point__isnull=False).values_list(
            "full_name_uk", flat=True
        )
    )
    makers = [
        lambda: "{} district, {}".format(*rng.choice(districts)),
        lambda: f"біля станції метро {rng.choice(stations)}",
        lambda: f"{rng.choice(streets)}, Київ",
    ]
    return [rng.choice(makers)() for _ in range(count)]


def _pending_count(lo: int, hi: int) -> int:
    # By primary-key range: the poll reads the benchmark's rows, not the table.
    return Incident.objects.filter(
        pk__range=(lo, hi), geocode_status=GeocodeStatus.PENDING
    ).count()


def _run(ids: list[int], enqueue, label: str) -> float:
    """Seconds from the first enqueue until no incident of `ids` is pending."""
    lo, hi = min(ids), max(ids)
    Incident.objects.filter(pk__range=(lo, hi)).update(
        geocode_status=GeocodeStatus.PENDING, geocode_enqueued_at=None
    )
    started = time.perf_counter()
    enqueue(ids)
    with tqdm(total=len(ids), desc=label, unit="incident") as bar:
        left = len(ids)
        while left:
            time.sleep(0.1)
            now_left = _pending_count(lo, hi)
            bar.update(left - now_left)
            left = now_left
    return time.perf_counter() - started


def _one_task_each(ids: list[int]) -> None:
    for pk in ids:
        incident_geocode_enqueue(incident_id=pk)


def _batched(ids: list[int]) -> None:
    incident_geocode_enqueue_many(incident_ids=ids)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    Incident.objects.filter(title__startswith=PREFIX).delete()
    moment = dt.datetime(2025, 8, 28, tzinfo=dt.UTC)
    created = Incident.objects.bulk_create(
        Incident(
            title=f"{PREFIX}{i}",
            occurred_from=moment,
            occurred_to=moment,
            location_text=text,
            geocode_status=GeocodeStatus.PENDING,
        )
        for i, text in enumerate(location_texts(args.count + 1))
    )
    warm_up, ids = created[0].pk, [incident.pk for incident in created[1:]]
    table = Incident.objects.count()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=WARNING",
            f"--concurrency={args.concurrency}",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
    )
    try:
        # The worker connects and builds its gazetteer index before the clock runs.
        _run([warm_up], _one_task_each, "warm-up")
        single = _run(ids, _one_task_each, "one task each")
        batched = _run(ids, _batched, f"batches of {settings.GEOCODE_BATCH_SIZE}")
    finally:
        worker.terminate()
        worker.wait()
        Incident.objects.filter(pk__in=[warm_up, *ids]).delete()
    print(
        f"{len(ids)} incidents (in a table of {table}) geocoded through Redis and "
        f"{args.concurrency} worker process(es), database {connection.vendor}:"
    )
    for label, elapsed in (
        ("one task per incident (analysts' saves)", single),
        (
            f"batches of {settings.GEOCODE_BATCH_SIZE} (imports, the sweep)",
            batched,
        ),
    ):
        print(f"  {label}: {elapsed:.1f} s, {len(ids) / elapsed:.0f} incidents/s")


if __name__ == "__main__":
    main()
