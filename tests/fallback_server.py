"""A local server that answers like Nominatim's /search, or fails as servers do.

Each request takes the next step of the server's `script` ("hang", "error",
"garbage", "wrong-shape", "slow" or "answer"); once the script is done, every
request is answered from `answers` by its q parameter. Nothing here reaches the
internet: it is http.server on 127.0.0.1.
"""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HANG_SECONDS = 3  # longer than the timeouts the tests give the client
SLOW_SECONDS = 2  # an answer that comes late, but within the timeout


def nominatim_answer(lon: float, lat: float, *, road: str = "Лаврська вулиця") -> dict:
    """One entry of /search?format=json&addressdetails=1: a street."""
    return {
        "place_id": 1,
        "lon": str(lon),
        "lat": str(lat),
        "class": "highway",
        "type": "residential",
        "addresstype": "road",
        "name": road,
        "display_name": f"{road}, Київ, Україна",
        "address": {"road": road, "country_code": "ua"},
    }


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        server = self.server
        with server.lock:
            step = server.script.pop(0) if server.script else "answer"
            server.requests.append((step, query.get("q", [""])[0]))
        server.arrived.set()
        if url.path != "/search":
            self.send_error(404)
        elif step == "hang":
            time.sleep(HANG_SECONDS)
            self._send(b"[]")
        elif step == "error":
            self.send_error(500, "Internal Server Error")
        elif step == "garbage":
            self._send(b"<html><body>Bad gateway</body></html>", "text/html")
        elif step == "wrong-shape":
            self._send(json.dumps({"error": {"code": 1}}).encode())
        else:
            if step == "slow":
                time.sleep(SLOW_SECONDS)
            answers = server.answers.get(query.get("q", [""])[0], [])
            self._send(json.dumps(answers).encode())

    def _send(self, body: bytes, content_type: str = "application/json") -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: what a hang is for

    def log_message(self, format, *args) -> None:
        pass


class FallbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.script: list[str] = []
        self.answers: dict[str, list[dict]] = {}
        self.requests: list[tuple[str, str]] = []
        self.arrived = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


@contextmanager
def fallback_server() -> Iterator[FallbackServer]:
    server = FallbackServer()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
