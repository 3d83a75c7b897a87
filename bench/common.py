"""What the map and export benchmarks share. Import after django.setup()."""

import time

from django.contrib.auth import get_user_model
from django.test import Client

from incidents.access import Role
from incidents.accounts import user_role_set
from incidents.models import Incident
from incidents.synthetic import SYNTHETIC_PREFIX, incidents_seed_synthetic

ANALYST, PASSWORD = "bench-analyst", "bench-pass-123"


def synthetic_top_up(count: int) -> int:
    """Synthetic incidents up to `count` (they stay for the next run); all incidents."""
    have = Incident.objects.filter(title__startswith=SYNTHETIC_PREFIX).count()
    if have < count:
        incidents_seed_synthetic(count=count - have, seed=have + 1, progress=True)
    return Incident.objects.count()


def analyst_client() -> Client:
    """A test client signed in as the benchmarks' analyst, who can also sign in
    through the login page with PASSWORD."""
    user, _ = get_user_model().objects.get_or_create(username=ANALYST)
    user.set_password(PASSWORD)
    user.save()
    user_role_set(user=user, role=Role.ANALYST)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def timed_gets(client: Client, url: str, repeat: int) -> tuple[list[float], int]:
    """Seconds for each of `repeat` GETs of `url`, body read whole, and the body's
    size in bytes."""
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, body[:300]
        size = len(body)
    return times, size
