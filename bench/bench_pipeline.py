"""Incidents geocoded per second through a real Redis and a real Celery worker.

Usage: .venv/bin/python bench/bench_pipeline.py [--count 2000] [--concurrency 1]
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

from tqdm import tqdm  # noqa: E402

from geo.models import District, Place, Street  # noqa: E402
from incidents.choices import GeocodeStatus  # noqa: E402
from incidents.geocoding import incident_geocode_enqueue  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args()

    Incident.objects.filter(title__startswith=PREFIX).delete()
    moment = dt.datetime(2025, 8, 28, tzinfo=dt.UTC)
    Incident.objects.bulk_create(
        Incident(
            title=f"{PREFIX}{i}",
            occurred_from=moment,
            occurred_to=moment,
            location_text=text,
            geocode_status=GeocodeStatus.PENDING,
        )
        for i, text in enumerate(location_texts(args.count))
    )
    ids = list(
        Incident.objects.filter(title__startswith=PREFIX).values_list("pk", flat=True)
    )
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
        time.sleep(3)  # let the worker connect before the clock starts
        started = time.perf_counter()
        for pk in ids:
            incident_geocode_enqueue(incident_id=pk)
        pending = Incident.objects.filter(
            title__startswith=PREFIX, geocode_status=GeocodeStatus.PENDING
        )
        with tqdm(total=len(ids), desc="geocoded", unit="incident") as bar:
            left = len(ids)
            while left:
                time.sleep(0.2)
                now_left = pending.count()
                bar.update(left - now_left)
                left = now_left
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait()
        Incident.objects.filter(title__startswith=PREFIX).delete()
    print(
        f"{len(ids)} incidents geocoded through Redis and {args.concurrency} worker "
        f"process(es) in {elapsed:.1f} s: {len(ids) / elapsed:.0f} incidents/s "
        f"(database: {django.db.connection.vendor})"
    )


if __name__ == "__main__":
    main()
