"""Exports at growing sizes: time, bytes and peak Python memory, to show it stays flat.

Usage: .venv/bin/python bench/bench_export.py [--count 100000]
Uses the configured database (SpatiaLite var/db.sqlite3 unless DATABASE_URL is set),
tops the synthetic incidents up to --count like bench_map.py, then exports the last 3,
36 and 365 days (the synthetic incidents span a year) as CSV and GeoJSON through the
HTTP views, read chunk by chunk as a client would, and as a GeoPackage through
`export_incidents`. Memory is tracemalloc's peak of Python allocations while one
export runs; time is measured in a separate run without tracemalloc.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from bench.common import analyst_client, synthetic_top_up  # noqa: E402
from incidents.access import COMMAND_LINE  # noqa: E402
from incidents.exports import export_to_file  # noqa: E402
from incidents.filters import KYIV, IncidentFilterForm  # noqa: E402
from incidents.selectors import incident_list  # noqa: E402


def http_export(client: Client, fmt: str, params: dict) -> int:
    response = client.get(f"/export/incidents.{fmt}", params)
    assert response.status_code == 200, response.status_code
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    return size


def gpkg_export(params: dict) -> int:
    form = IncidentFilterForm(params)
    assert form.is_valid(), form.errors
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.gpkg"
        export_to_file(
            filters=form.to_filter(), fmt="gpkg", path=path, base_url="http://bench"
        )
        return path.stat().st_size


def measured(run) -> tuple[float, int, float]:
    started = time.perf_counter()
    size = run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, size, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    total = synthetic_top_up(args.count)
    client = analyst_client()
    today = dt.datetime.now(KYIV).date()
    print(f"{total} incidents ({django.db.connection.vendor})")
    print(f"{'days':>5} {'rows':>8}  {'format':<8} {'time':>8} {'size':>9} {'peak':>9}")
    for days in (3, 36, 365):
        params = {"from": (today - dt.timedelta(days=days - 1)).isoformat()}
        form = IncidentFilterForm(params)
        form.is_valid()
        rows = incident_list(filters=form.to_filter(), user=COMMAND_LINE).count()
        for fmt, run in (
            ("csv", lambda p=params: http_export(client, "csv", p)),
            ("geojson", lambda p=params: http_export(client, "geojson", p)),
            ("gpkg", lambda p=params: gpkg_export(p)),
        ):
            seconds, size, peak = measured(run)
            print(
                f"{days:>5} {rows:>8}  {fmt:<8} {seconds:>7.2f}s "
                f"{size / 1e6:>7.1f}MB {peak / 1e6:>7.1f}MB"
            )


if __name__ == "__main__":
    main()
