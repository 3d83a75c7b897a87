"""The server scripts/run.sh starts: gunicorn with whitenoise's hashed, compressed
static files, as production serves them."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.pipeline import free_port

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def server(tmp_path):
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "0",
        "VAR_DIR": str(tmp_path),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "WEB_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    environment.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=120,
    )
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _get(base + "/accounts/login/")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"gunicorn did not start:\n{process.stderr.read()}")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=20)


def test_pages_link_hashed_static_files_served_compressed_for_a_year(server):
    status, _, body = _get(server + "/accounts/login/")
    assert status == 200
    hashed = re.findall(rb"/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js)", body)
    assert hashed, body[:500]
    gzip = {"Accept-Encoding": "gzip"}
    status, headers, _ = _get(server + hashed[0].decode(), **gzip)
    assert status == 200
    assert headers["Server"] == "gunicorn"
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
