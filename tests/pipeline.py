"""A private Redis and real Celery workers in their own processes, for the tests."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """redis-server on a free port; stop() is a real broker outage."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self) -> None:
        """SIGSTOP: Redis still accepts connections (the kernel does) but never
        answers, as a server swapping to death or a half-dead network does."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def use_broker(url: str) -> None:
    """Point this process's Celery app at url, dropping connections to the old one."""
    from kombu import pools

    from config.celery import app

    app.conf.broker_url = url
    # kombu keeps connection pools in a registry of its own, keyed by connection.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def database_env() -> dict[str, str]:
    """Environment that points a child process at the current test database."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("spatialite"):
        return {"SQLITE_PATH": str(db["NAME"]), "DATABASE_URL": ""}
    user = db["USER"] or ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return {"DATABASE_URL": f"postgis://{user}{password}@{host}:{port}/{db['NAME']}"}


class Worker:
    """`celery worker` in a child process, its log kept for the test to read."""

    def __init__(
        self,
        broker_url: str,
        visibility_timeout: int = 4,
        env: dict[str, str] | None = None,
    ):
        self.broker_url = broker_url
        self.visibility_timeout = visibility_timeout
        self.env = env or {}
        self.lines: list[str] = []
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            **database_env(),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_VISIBILITY_TIMEOUT": str(self.visibility_timeout),
            "CELERY_RESTORE_INTERVAL": "2",
            # Retries within the test's patience.
            "GEOCODE_RETRY_BACKOFF": "1",
            "GEOCODE_RETRY_BACKOFF_MAX": "2",
            **self.env,
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()
        self.wait_for("ready.", timeout=60)

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            time.sleep(0.05)
        raise AssertionError(
            f"worker never said {text!r}:\n{''.join(self.lines[-40:])}"
        )

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-task as on a crashed machine."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None


def wait_until(predicate, timeout: float = 30, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
