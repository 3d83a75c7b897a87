"""The map's data URLs under load: concurrent signed-in clients against the app
served as `make run` serves it (gunicorn, DEBUG off, the answers cached in Redis).

Usage: DATABASE_URL=postgis://... .venv/bin/python bench/bench_load.py
           [--count 100000] [--clients 50] [--seconds 60]
Tops the synthetic incidents up to --count, counts the map's cells, renews the
data generation (so the run starts with nothing cached), starts gunicorn on a free
loopback port, and lets --clients threads, each signed in as the benchmarks'
analyst with its own keep-alive connection, ask what the map page asks for
analysts moving about Kyiv: clusters of views at zooms 10 to 16 (the page's
tile-snapped boxes), district counts, the timeline and the list, with and without
a one-month filter. Three windows of --seconds: from nothing cached, then with
the answers cached, then after a write with each client revalidating what it has
(If-None-Match, as the browser does with the answers' no-cache). Prints
requests/s, p50/p95/p99 and errors, overall and for each kind of URL. Loopback
only, and bounded by --seconds.
"""

import argparse
import datetime as dt
import http.client
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import ANALYST, analyst_client, synthetic_top_up  # noqa: E402
from incidents.generation import data_changed  # noqa: E402
from incidents.map_cells import map_cells_build  # noqa: E402

# Places analysts look at: the centre, Podil, the left bank, Darnytsia, Obolon.
CENTRES = [
    (30.52, 50.45),
    (30.515, 50.465),
    (30.60, 50.45),
    (30.63, 50.41),
    (30.50, 50.51),
]
WIDTH, HEIGHT = 1400, 900  # the page's map, in pixels


def _view_box(lon: float, lat: float, zoom: int) -> str:
    """The box the page asks for at this centre and zoom: the view with half of it
    again on each side, snapped out to the zoom's tile grid (static/js/map/view.js)."""
    tile = 360 / 2**zoom
    half_w = WIDTH / 256 * tile  # (view + margins) / 2 = the view's width
    half_h = HEIGHT / 256 * tile * math.cos(math.radians(lat))
    west = math.floor((lon - half_w) / tile) * tile
    east = math.ceil((lon + half_w) / tile) * tile
    south = math.floor((lat - half_h) / tile) * tile
    north = math.ceil((lat + half_h) / tile) * tile
    return f"{west:.6f},{south:.6f},{east:.6f},{north:.6f}"


def _urls() -> list[tuple[str, str]]:
    end = timezone.localdate()
    month = {"from": (end - dt.timedelta(days=30)).isoformat(), "to": end.isoformat()}
    urls = []
    for extra in ({}, month):
        base = {"city": "kyiv", **extra}
        urls += [
            ("districts", "/api/districts.geojson?" + urlencode(base)),
            ("timeline", "/api/timeline.json?" + urlencode(base)),
            ("list", "/api/incidents.json?" + urlencode(base)),
        ]
        for lon, lat in CENTRES:
            for zoom in range(10, 17):
                box = _view_box(lon, lat, zoom)
                query = urlencode({**base, "z": zoom, "bbox": box})
                urls.append(("clusters", "/api/incidents.clusters.json?" + query))
    return urls


def _session_cookie() -> str:
    user = get_user_model().objects.get(username=ANALYST)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # not axes
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _client(port, cookie, urls, until, seed, results, errors, revalidate) -> None:
    """One analyst's browser tab: keep-alive, gzip, and with `revalidate` what a
    browser does with the answers' ETags (no-cache): If-None-Match, a 304."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie, "Accept-Encoding": "gzip"}
    etags: dict[str, str] = {}
    while time.perf_counter() < until:
        kind, url = rng.choice(urls)
        started = time.perf_counter()
        try:
            sent = {**headers, "If-None-Match": etags[url]} if url in etags else headers
            connection.request("GET", url, headers=sent)
            response = connection.getresponse()
            response.read()
            status = response.status
            if revalidate and response.getheader("ETag"):
                etags[url] = response.getheader("ETag")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{kind}: {type(exc).__name__}: {exc}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        elapsed = time.perf_counter() - started
        if status not in (200, 304):
            errors.append(f"{kind}: HTTP {status}")
        results[kind].append(elapsed)
        results[status].append(elapsed)
    connection.close()


def _percentiles(times: list[float]) -> str:
    ordered = sorted(times)

    def at(share: float) -> float:
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000

    return (
        f"p50 {statistics.median(ordered) * 1000:6.1f} ms, p95 {at(0.95):6.1f} ms, "
        f"p99 {at(0.99):6.1f} ms"
    )


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not listen on port {port} within {seconds} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    total = synthetic_top_up(args.count)
    analyst_client()  # the analyst exists, with the analyst's role
    cookie = _session_cookie()
    data_changed()  # nothing cached from an earlier run
    build = map_cells_build()
    urls = _urls()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "DJANGO_DEBUG": "0",
        "CACHE_URL": os.environ.get("CACHE_URL", broker.rsplit("/", 1)[0] + "/1"),
    }
    (ROOT / "var/log").mkdir(parents=True, exist_ok=True)
    log = (ROOT / "var/log/bench-load.log").open("w")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    print(
        f"{total} incidents, {build.cells} map cells; {args.clients} clients, "
        f"{len(urls)} distinct URLs, against gunicorn ({os.cpu_count()} cores, the "
        "load generator on the same machine):"
    )
    try:
        _wait_for(port)
        _load(port, cookie, urls, args, "from nothing cached", revalidate=False)
        _load(port, cookie, urls, args, "then, the answers cached", revalidate=False)
        data_changed()  # a write: every ETag and cached answer is old,
        map_cells_build()  # and the worker counts the cells again
        _load(
            port,
            cookie,
            urls,
            args,
            "browsers revalidating (If-None-Match) from a write on",
            revalidate=True,
        )
    finally:
        server.terminate()
        server.wait()
        log.close()


def _load(port: int, cookie: str, urls: list, args, phase: str, revalidate) -> None:
    results: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    until = time.perf_counter() + args.seconds
    threads = [
        threading.Thread(
            target=_client,
            args=(port, cookie, urls, until, n, results, errors, revalidate),
        )
        for n in range(args.clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    statuses = {k: results.pop(k) for k in list(results) if isinstance(k, int)}
    everything = [t for times in results.values() for t in times]
    print(
        f"  {phase}, {elapsed:.0f} s: {len(everything) / elapsed:.0f} requests/s, "
        f"{_percentiles(everything)}, {len(errors)} errors"
    )
    for kind, times in sorted(results.items()):
        print(f"    {kind:10} {len(times):6} requests, {_percentiles(times)}")
    if 304 in statuses:
        print(
            f"    {len(statuses[304])} answers were 304 (p50 "
            f"{statistics.median(statuses[304]) * 1000:.1f} ms), "
            f"{len(statuses.get(200, []))} were 200"
        )
    for error in sorted(set(errors))[:10]:
        print(f"    error: {error} (the server's log: var/log/bench-load.log)")


if __name__ == "__main__":
    main()
