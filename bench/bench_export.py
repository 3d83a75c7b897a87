"""Exports at growing sizes, side by side with ogr2ogr writing the same rows.

Usage: DATABASE_URL=postgis://... .venv/bin/python bench/bench_export.py
           [--count 100000] [--days 3,36,365]
Tops the synthetic incidents up to --count like bench_map.py, then, for the last
N days of each --days, runs `manage.py export_incidents` as CSV, GeoJSON and
GeoPackage, and GDAL's `ogr2ogr` (Debian's gdal-bin) on the export's own SQL,
with the point made a geometry for GeoJSON and GeoPackage: each a process of its
own, timed from its start to its end, its peak resident memory read from
wait4(). "speed" is ogr2ogr's time over ours (1.0: as fast as GDAL). The start-up
line is an export that matches nothing: what every export pays first.
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.common import synthetic_top_up  # noqa: E402
from incidents.access import COMMAND_LINE  # noqa: E402
from incidents.filters import KYIV, IncidentFilterForm  # noqa: E402
from incidents.selectors import incident_export_queryset, incident_list  # noqa: E402

FORMATS = {"csv": "CSV", "geojson": "GeoJSON", "gpkg": "GPKG"}


def _run(command: list[str]) -> tuple[float, float]:
    """Seconds and peak resident MB of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]} failed: {' '.join(command[:6])} …")
    return seconds, usage.ru_maxrss / 1024


def _ours(fmt: str, since: str, out: Path) -> tuple[float, float]:
    return _run(
        [
            sys.executable,
            "manage.py",
            "export_incidents",
            str(out),
            "--format",
            fmt,
            "--from",
            since,
            "--no-progress",
        ]
    )


def _export_sql(since: str) -> str:
    form = IncidentFilterForm({"from": since})
    assert form.is_valid(), form.errors
    rows = incident_export_queryset(filters=form.to_filter(), user=COMMAND_LINE)
    sql, params = rows.query.sql_with_params()
    return connection.ops.compose_sql(sql, params)


def _gdal(fmt: str, sql: str, out: Path) -> tuple[float, float]:
    database = connection.settings_dict
    source = (
        f"PG:host={database['HOST'] or 'localhost'} port={database['PORT'] or 5432} "
        f"user={database['USER']} dbname={database['NAME']}"
    )
    if fmt != "csv":
        sql = (
            "SELECT q.*, ST_SetSRID(ST_MakePoint(q.lon, q.lat), 4326) AS geom "
            f"FROM ({sql}) q"
        )
    return _run(
        [
            "ogr2ogr",
            "-f",
            FORMATS[fmt],
            str(out),
            source,
            "-sql",
            sql,
            "-nln",
            "incidents",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--days", default="3,36,365")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("ogr2ogr reads PostgreSQL here: set DATABASE_URL=postgis://…")
    total = synthetic_top_up(args.count)
    today = dt.datetime.now(KYIV).date()
    print(f"{total} incidents ({connection.vendor}, {os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for fmt in FORMATS:
            seconds, peak = _ours(fmt, "2999-12-31", out / f"none.{fmt}")
            print(f"start-up, {fmt:8} (no rows): {seconds:5.2f} s, {peak:5.0f} MB")
        print(
            f"{'days':>5} {'rows':>9}  {'format':<8} {'ours':>8} {'ogr2ogr':>8} "
            f"{'speed':>6} {'our MB':>7} {'GDAL MB':>8} {'size':>8}"
        )
        for days in map(int, args.days.split(",")):
            since = (today - dt.timedelta(days=days - 1)).isoformat()
            form = IncidentFilterForm({"from": since})
            form.is_valid()
            rows = incident_list(filters=form.to_filter(), user=COMMAND_LINE).count()
            sql = _export_sql(since)
            for fmt in FORMATS:
                ours, our_peak = _ours(fmt, since, out / f"ours.{fmt}")
                size = (out / f"ours.{fmt}").stat().st_size
                gdal, gdal_peak = _gdal(fmt, sql, out / f"gdal.{fmt}")
                print(
                    f"{days:>5} {rows:>9}  {fmt:<8} {ours:>7.2f}s {gdal:>7.2f}s "
                    f"{gdal / ours:>5.2f}x {our_peak:>6.0f} {gdal_peak:>8.0f} "
                    f"{size / 1e6:>6.1f}MB"
                )
                for name in ("ours", "gdal"):
                    (out / f"{name}.{fmt}").unlink()


if __name__ == "__main__":
    main()
