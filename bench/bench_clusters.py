"""The map's viewport requests at scale: server-side clusters against the whole
points feed the page draws from today, cold (no cache in between).

Usage: DATABASE_URL=postgis://... .venv/bin/python bench/bench_clusters.py
           [--count 100000] [--repeat 20]
Tops the synthetic incidents up to --count (they stay; `seed_synthetic --replace`
resets), then times each view p50/p95 over --repeat requests through Django's test
client (no HTTP server: the figures are the app's own), cold (no cache) and, for
the clusters, warm (from the cache) too, and prints the EXPLAIN
ANALYZE of the clusters' grouped query for each view.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import analyst_client, synthetic_top_up, timed_gets  # noqa: E402

# Cold: nothing computed is kept between the requests timed.
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# (label, zoom, bbox): the three views.
VIEWS = [
    ("whole city, z10", 10, (30.24, 50.21, 30.83, 50.59)),
    ("central Kyiv, z13", 13, (30.46, 50.42, 30.58, 50.47)),
    ("one district (Podil), z15", 15, (30.50, 50.455, 30.53, 50.47)),
]


def _figures(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms, p95 {p95 * 1000:7.1f} ms"


def _explain(client, url: str) -> str:
    """EXPLAIN ANALYZE of the slowest query the request runs."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    query = max(captured.captured_queries, key=lambda q: float(q["time"]))["sql"]
    if connection.vendor != "postgresql":
        return "(EXPLAIN ANALYZE: PostgreSQL only)"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}")
        return "\n".join(f"      {row[0]}" for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    total = synthetic_top_up(args.count)
    client = analyst_client()
    # The last month of the synthetic incidents (they end at the seeding's hour).
    end = timezone.localdate()
    month = {"from": (end - dt.timedelta(days=30)).isoformat(), "to": end.isoformat()}
    print(
        f"{total} incidents in the table, database {connection.vendor}, "
        f"{args.repeat} requests each, cold (nothing cached between requests):"
    )
    for label, zoom, bbox in VIEWS:
        for period, extra in (("all dates", {}), ("one month", month)):
            box = ",".join(map(str, bbox))
            clusters = "/api/incidents.clusters.json?" + urlencode(
                {"z": zoom, "bbox": box, **extra}
            )
            points = "/api/incidents.points.json?" + urlencode({"bbox": box, **extra})
            whole = "/api/incidents.points.json?" + urlencode(extra)
            answer = client.get(clusters).json()
            print(
                f"  {label}, {period}: {answer['total']} incidents in view, "
                f"{len(answer['clusters'])} clusters + {len(answer['points'])} points"
            )
            with override_settings(CACHES=NO_CACHE):
                for name, url in (
                    ("clusters", clusters),
                    ("points in the box", points),
                    ("whole points feed (the page today)", whole),
                ):
                    times, size = timed_gets(client, url, args.repeat)
                    print(f"    {name:36} {_figures(times)}, {size / 1e6:6.2f} MB")
            # Warm: another reader asked the same view in this data generation.
            times, size = timed_gets(client, clusters, args.repeat)
            print(f"    {'clusters, warm (from the cache)':36} {_figures(times)}")
            if args.explain:
                print(_explain(client, clusters))


if __name__ == "__main__":
    main()
