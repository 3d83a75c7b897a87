"""The map's speed at scale: data requests, and the time until the browser shows
the first clusters after navigation with the JS heap it then holds.

Usage: .venv/bin/python bench/bench_map.py [--count 100000]
Uses the configured database (SpatiaLite var/db.sqlite3 unless DATABASE_URL is set,
after `manage.py migrate` and `manage.py load_geodata`). Tops the synthetic incidents
up to --count (they stay, titled "synthetic: …"; `seed_synthetic --replace` resets),
then serves the app with runserver on a free port and drives Debian's Chromium.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from bench.common import (  # noqa: E402
    ANALYST,
    PASSWORD,
    analyst_client,
    synthetic_top_up,
    timed_gets,
)
from incidents.generation import data_changed  # noqa: E402
from incidents.map_cells import map_cells_build  # noqa: E402
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def timed_get(client: Client, url: str, repeat: int = 3) -> tuple[float, int]:
    times, size = timed_gets(client, url, repeat)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--browser-repeat", type=int, default=5)
    args = parser.parse_args()
    total = synthetic_top_up(args.count)
    client = analyst_client()
    print(f"{total} incidents in the database ({django.db.connection.vendor})")
    for label, url in [
        ("incidents.points.json, whole city", "/api/incidents.points.json?city=kyiv"),
        ("incidents.geojson, whole city", "/api/incidents.geojson?city=kyiv"),
        ("districts.geojson, whole city", "/api/districts.geojson?city=kyiv"),
        ("timeline.json, whole city", "/api/timeline.json?city=kyiv"),
        (
            "incidents.points.json, one month",
            "/api/incidents.points.json?from=2026-10-01&to=2026-10-31",
        ),
        ("incidents.json, list, first page", "/api/incidents.json?city=kyiv"),
        (
            "incidents.json, sorted by killed",
            "/api/incidents.json?city=kyiv&sort=-fatalities",
        ),
        ("incidents.json, search 'Дарниц'", "/api/incidents.json?q=Дарниц"),
    ]:
        seconds, size = timed_get(client, url)
        print(
            f"{label:<38} {seconds * 1000:7.0f} ms  {size / 1e6:6.1f} MB (median of 3)"
        )

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, "MAP_TILES_URL": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            # Exact heap figures: without the flag Chromium rounds them.
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[*CHROMIUM_ARGS, "--enable-precise-memory-info"],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/accounts/login/")
            page.fill("#id_username", ANALYST)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector(".cluster-icon", timeout=120_000)
            # Cold: the data generation renewed before the navigation, as a write
            # would, so that neither the server's cache nor the browser's holds the
            # answers, and the map's cells counted again, as the worker would after
            # the write; just after a write: the same, the cells not yet counted
            # again (the clusters are counted live); warm: the same navigation
            # again.
            kinds = ("cold", "just after a write", "warm")
            firsts = {kind: [] for kind in kinds}
            heaps = []
            for run in range(args.browser_repeat * len(kinds)):
                kind = kinds[run % len(kinds)]
                # Off Playwright's event loop, where Django refuses queries.
                with ThreadPoolExecutor(1) as pool:
                    if kind != "warm":
                        pool.submit(data_changed).result()
                    if kind == "cold":
                        pool.submit(map_cells_build).result()
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/?city=kyiv")
                page.wait_for_selector(".cluster-icon", timeout=120_000)
                firsts[kind].append(time.perf_counter() - started)
                page.wait_for_selector(
                    "#incident-map[data-loading='false']", timeout=120_000
                )
                heaps.append(
                    page.evaluate("() => performance.memory.usedJSHeapSize") / 1e6
                )
            drawn = {
                name: page.get_attribute("#incident-map", f"data-{name}")
                for name in ("markers", "clusters", "points")
            }
            # Where the time went, from the page's own clock (0 = navigation start).
            steps = page.evaluate(
                """() => {
                  const feed = performance.getEntriesByType("resource")
                    .find((r) => r.name.includes("incidents.clusters.json"));
                  return {
                    feed_asked: feed.startTime,
                    feed_received: feed.responseEnd,
                    feed_bytes: feed.encodedBodySize,
                    drawn: performance.getEntriesByName("clusters:drawn")[0].startTime,
                  };
                }"""
            )
            browser.close()
        for kind, times in firsts.items():
            print(
                f"browser, {kind}: first clusters {statistics.median(times):.2f} s "
                f"after navigation (median of {len(times)}, max {max(times):.2f} s)"
            )
        print(
            f"  JS heap {statistics.median(heaps):.0f} MB (max {max(heaps):.0f}); the "
            f"view holds {drawn['markers']} incidents with a point as "
            f"{drawn['clusters']} clusters and {drawn['points']} single incidents"
        )
        print(
            f"  clusters asked at {steps['feed_asked'] / 1000:.2f} s, received at "
            f"{steps['feed_received'] / 1000:.2f} s "
            f"({steps['feed_bytes'] / 1e3:.1f} kB gzipped), drawn at "
            f"{steps['drawn'] / 1000:.2f} s"
        )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
