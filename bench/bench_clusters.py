"""The map's viewport requests at scale: server-side clusters, side by side with
djangorestframework-gis serving the same incidents as GeoJSON.

Usage: DATABASE_URL=postgis://... .venv/bin/python bench/bench_clusters.py
           [--count 100000] [--repeat 20] [--explain]
Tops the synthetic incidents up to --count (they stay; `seed_synthetic --replace`
resets) and counts the map's cells ahead (incidents/map_cells.py), then times each
view p50/p95 over --repeat requests through Django's test client (no HTTP server:
the figures are the app's own):
- clusters cold: no response cache, the map's cells current (as after the worker
  rebuilt them);
- clusters just after a write: no response cache, the cells behind (counted live);
- clusters warm: from the response cache (another reader of the same view);
- the points of the box, and DRF-gis's GeoFeatureModelSerializer of the same
  filtered queryset (the usual way a Django developer serves GeoJSON; repeated
  fewer times where one request takes seconds).
--explain prints EXPLAIN ANALYZE of each request's slowest query.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402
from rest_framework_gis.serializers import GeoFeatureModelSerializer  # noqa: E402

from bench.common import ANALYST, analyst_client, synthetic_top_up, timed_gets  # noqa: E402
from incidents.filters import IncidentFilterForm  # noqa: E402
from incidents.map_cells import map_cells_build, map_cells_current  # noqa: E402
from incidents.models import Incident  # noqa: E402
from incidents.selectors import incident_list  # noqa: E402

# Cold: nothing computed is kept between the requests timed.
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# The peer is repeated until this many seconds have passed (at 1M one request of
# the whole city takes over a minute).
PEER_BUDGET = 60


class IncidentFeatureSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Incident
        geo_field = "point"
        fields = ("id", "event_type", "geo_precision")


def _peer_times(user, params: dict, repeat: int) -> tuple[list[float], int]:
    """DRF-gis: the incidents of the same filters (as the clusters' selector reads
    them) serialized to a GeoJSON FeatureCollection."""
    form = IncidentFilterForm(params)
    assert form.is_valid(), form.errors
    times, size, spent = [], 0, 0.0
    while len(times) < repeat and spent < PEER_BUDGET:
        started = time.perf_counter()
        incidents = incident_list(filters=form.to_filter(), user=user).filter(
            point__isnull=False
        )
        body = JSONRenderer().render(
            IncidentFeatureSerializer(incidents, many=True).data
        )
        times.append(time.perf_counter() - started)
        spent += times[-1]
        size = len(body)
    return times, size


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


def _line(name: str, times: list[float], size: int | None = None) -> str:
    line = f"    {name:40} {_figures(times)}"
    if size is not None:
        line += f", {size / 1e6:6.2f} MB"
    return line + (f" ({len(times)} requests)" if len(times) < 5 else "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    total = synthetic_top_up(args.count)
    if not map_cells_current():
        build = map_cells_build()
        print(f"Counted the map's cells: {build.cells} in {build.seconds:.1f} s.")
    client = analyst_client()
    user = get_user_model().objects.get(username=ANALYST)
    # The last month of the synthetic incidents (they end at the seeding's hour).
    end = timezone.localdate()
    month = {"from": (end - dt.timedelta(days=30)).isoformat(), "to": end.isoformat()}
    print(
        f"{total} incidents in the table, database {connection.vendor}, "
        f"{args.repeat} requests each:"
    )
    for label, zoom, bbox in VIEWS:
        for period, extra in (("all dates", {}), ("one month", month)):
            box = ",".join(map(str, bbox))
            clusters = "/api/incidents.clusters.json?" + urlencode(
                {"z": zoom, "bbox": box, **extra}
            )
            points = "/api/incidents.points.json?" + urlencode({"bbox": box, **extra})
            answer = client.get(clusters).json()
            print(
                f"  {label}, {period}: {answer['total']} incidents in view, "
                f"{len(answer['clusters'])} clusters + {len(answer['points'])} points"
            )
            with override_settings(CACHES=NO_CACHE):
                cold, size = timed_gets(client, clusters, args.repeat)
                print(_line("clusters, cold", cold, size))
                with override_settings(MAP_CELLS=False):
                    times, _ = timed_gets(client, clusters, args.repeat)
                print(_line("clusters, just after a write (live)", times))
                if args.explain:
                    print(_explain(client, clusters))
                times, size = timed_gets(client, points, args.repeat)
                print(_line("points of the box", times, size))
                peer, size = _peer_times(user, {"bbox": box, **extra}, args.repeat)
                print(_line("DRF-gis GeoJSON of the same incidents", peer, size))
                ratio = statistics.median(peer) / statistics.median(cold)
                print(f"    {'clusters cold vs DRF-gis':40} {ratio:7.0f}x faster")
            # Warm: another reader asked the same view in this data generation.
            times, _ = timed_gets(client, clusters, args.repeat)
            print(_line("clusters, warm (from the cache)", times))


if __name__ == "__main__":
    main()
