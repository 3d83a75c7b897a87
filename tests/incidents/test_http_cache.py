"""The map's data responses: ETag and Last-Modified from the data generation, 304
while nothing changed, computed answers shared through the cache."""

import datetime as dt
import gzip

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.choices import GeocodeStatus, GeoPrecision, Status
from incidents.geocoding import incident_geocode_many
from incidents.models import Incident
from incidents.services import incident_save
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))
CLUSTERS = {"z": "12", "bbox": "30.24,50.21,30.83,50.59"}


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def analyst(client):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def published():
    return IncidentFactory(
        point=Point(30.52, 50.45, srid=4326),
        geo_precision=GeoPrecision.EXACT,
        geocode_status=GeocodeStatus.DONE,
        status=Status.PUBLISHED,
    )


URLS = [
    ("incident-clusters", CLUSTERS),
    ("incident-points", {}),
    ("incident-geojson", {"city": "kyiv"}),
    ("district-geojson", {}),
    ("incident-timeline", {}),
    ("incident-list", {}),
    ("city-geojson", {}),
]


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(("name", "params"), URLS, ids=[u[0] for u in URLS])
def test_a_repeat_request_is_a_304_until_the_data_changes(
    analyst, published, name, params
):
    url = reverse(name)
    first = analyst.get(url, params)
    assert first.status_code == 200
    _body(first)
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    again = analyst.get(url, params, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert _body(again) == b""
    # The 304 carries what the 200 said of caching.
    assert "private" in again["Cache-Control"] and "no-cache" in again["Cache-Control"]
    assert "Accept-Encoding" in again["Vary"]
    published.title = "Strike, retitled"
    incident_save(incident=published, changed_fields=["title"])
    changed = analyst.get(url, params, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_geocoders_batched_writes_change_the_generation(analyst):
    moment = dt.datetime(2025, 8, 28, 1, tzinfo=KYIV_TZ)
    pending = Incident.objects.create(
        title="Strike",
        occurred_from=moment,
        occurred_to=moment,
        location_text="Darnytskyi district, Kyiv",
        geocode_status=GeocodeStatus.PENDING,
    )
    url = reverse("district-geojson")
    etag = analyst.get(url)["ETag"]
    assert incident_geocode_many(incident_ids=[pending.pk]) == 1
    assert analyst.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_readers_who_see_different_things_never_share_an_etag(client, published):
    url = reverse("incident-clusters")
    client.force_login(UserFactory(username="analyst"))
    analysts = client.get(url, CLUSTERS)["ETag"]
    client.force_login(UserFactory(username="viewer", role="viewer"))
    viewers = client.get(url, CLUSTERS, HTTP_IF_NONE_MATCH=analysts)
    assert viewers.status_code == 200
    assert viewers["ETag"] != analysts
    client.logout()
    refused = client.get(url, CLUSTERS, HTTP_IF_NONE_MATCH=analysts)
    assert refused.status_code in (401, 403)


def test_a_second_reader_gets_the_computed_answer_from_the_cache(
    client, published, shared_cache
):
    url = reverse("incident-clusters")
    client.force_login(UserFactory(username="one"))
    with CaptureQueriesContext(connection) as first:
        body = client.get(url, CLUSTERS).content
    client.force_login(UserFactory(username="two"))
    with CaptureQueriesContext(connection) as second:
        assert client.get(url, CLUSTERS).content == body
    assert not any("GROUP BY" in q["sql"] for q in second.captured_queries)
    assert any("GROUP BY" in q["sql"] for q in first.captured_queries)
    # A change is a new key: the answer is computed again, with the change.
    IncidentFactory(
        point=Point(30.53, 50.44, srid=4326),
        geo_precision=GeoPrecision.EXACT,
        status=Status.PUBLISHED,
    )
    assert client.get(url, CLUSTERS).json()["total"] == 2


def test_a_list_page_comes_from_the_cache_and_a_page_past_the_end_is_refused(
    client, published, shared_cache
):
    url = reverse("incident-list")
    client.force_login(UserFactory(username="one"))
    body = client.get(url, {"sort": "-date"}).content
    client.force_login(UserFactory(username="two"))
    with CaptureQueriesContext(connection) as second:
        assert client.get(url, {"sort": "-date"}).content == body
    assert not any("incidents_incident" in q["sql"] for q in second.captured_queries)
    for _ in range(2):  # never kept: refused each time, with why
        refused = client.get(url, {"page": 3})
        assert refused.status_code == 400
        assert "past the last page, 1" in refused.json()["error"]


@pytest.mark.parametrize(
    "name", ["incident-clusters", "district-geojson", "incident-timeline"]
)
def test_a_cached_answer_goes_out_gzipped_to_who_takes_it_and_plain_otherwise(
    client, published, shared_cache, name
):
    url = reverse(name)
    params = CLUSTERS if name == "incident-clusters" else {}
    client.force_login(UserFactory(username="one"))
    plain = client.get(url, params)
    assert "Content-Encoding" not in plain
    client.force_login(UserFactory(username="two"))
    for accept in ("gzip, deflate, br", "br;q=1.0, gzip;q=0.8"):
        packed = client.get(url, params, HTTP_ACCEPT_ENCODING=accept)
        assert packed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed["Vary"]
        assert gzip.decompress(packed.content) == plain.content
        assert packed["ETag"] == plain["ETag"] and packed["ETag"].startswith("W/")
    # The stored answer is the gzipped one: who takes none gets it unpacked.
    again = client.get(url, params, HTTP_ACCEPT_ENCODING="identity")
    assert again.content == plain.content and "Content-Encoding" not in again


def test_last_modified_is_the_later_of_the_data_and_the_gazetteer_change(
    analyst, published
):
    from django.utils.http import parse_http_date

    from geo.models import GazetteerGeneration
    from incidents.models import DataGeneration

    url = reverse("district-geojson")

    def last_modified() -> dt.datetime:
        stamp = parse_http_date(analyst.get(url)["Last-Modified"])
        return dt.datetime.fromtimestamp(stamp, tz=dt.UTC)

    later = dt.datetime(2031, 5, 4, 3, 2, 1, tzinfo=dt.UTC)
    DataGeneration.objects.filter(pk=1).update(changed_at=later)
    assert last_modified() == later
    GazetteerGeneration.objects.filter(pk=1).update(changed_at=later.replace(year=2032))
    assert last_modified() == later.replace(year=2032)


def test_readers_asking_at_once_for_an_answer_not_yet_cached_compute_it_once(
    shared_cache, rf
):
    """After a write, a team's clients ask for the same view together: one
    computes, the others wait for its answer instead of computing it too."""
    import threading
    import time

    from incidents.http_cache import cached_json

    computed = []

    def compute():
        computed.append(threading.get_ident())
        time.sleep(0.3)
        return {"total": 7}

    def ask(answers):
        request = rf.get("/api/timeline.json", HTTP_ACCEPT_ENCODING="gzip")
        request._data_stamp = ("same-readers-same-url", dt.datetime.now(dt.UTC))
        answers.append(gzip.decompress(cached_json(request, compute).content))

    answers: list[bytes] = []
    threads = [threading.Thread(target=ask, args=(answers,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert answers == [b'{"total": 7}'] * 6
    assert len(computed) == 1


def test_a_failed_computation_lets_the_next_reader_compute(shared_cache, rf):
    from incidents.http_cache import cached_json

    def fails():
        raise RuntimeError("database went away")

    request = rf.get("/api/timeline.json")
    request._data_stamp = ("same-readers-same-url", dt.datetime.now(dt.UTC))
    with pytest.raises(RuntimeError):
        cached_json(request, fails)
    assert cached_json(request, lambda: {"total": 1}).content == b'{"total": 1}'


def test_a_cache_that_is_down_costs_the_cache_only(client, published, settings):
    """Redis unreachable (nothing listens on port 1): the answer is computed, not
    waited for, and the request succeeds."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client.force_login(UserFactory())
    response = client.get(reverse("incident-clusters"), CLUSTERS)
    assert response.status_code == 200 and response.json()["total"] == 1


def test_sessions_from_a_cache_that_is_down_come_from_the_database(client, settings):
    """With CACHE_URL set, sessions are read from Redis (config/sessions.py);
    Redis unreachable, a signed-in reader is still signed in."""
    from django.core.cache import caches

    settings.SESSION_ENGINE = "config.sessions"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert caches["default"].__class__.__name__ == "RedisCache"
    client.force_login(UserFactory())
    response = client.get(reverse("incident-timeline"))
    assert response.status_code == 200
    assert client.get(reverse("incident-map")).status_code == 200


def test_sessions_are_read_from_the_cache_when_it_answers(client, settings):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_ENGINE = "config.sessions"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    client.force_login(UserFactory())
    client.get(reverse("incident-timeline"))
    with CaptureQueriesContext(db) as queries:
        assert client.get(reverse("incident-timeline")).status_code == 200
    assert not any("django_session" in q["sql"] for q in queries.captured_queries)
    client.logout()
    assert client.get(reverse("incident-timeline")).status_code == 401


def test_session_copies_in_the_cache_are_short_lived(client, settings):
    """A copy a failed sign-out leaves in the cache outlives it by minutes at most;
    the database keeps the session its whole age."""
    import time

    from django.core.cache import cache

    from config.sessions import COPY_SECONDS

    settings.SESSION_ENGINE = "config.sessions"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.SESSION_COOKIE_AGE = 14 * 24 * 3600
    client.force_login(UserFactory())
    client.get(reverse("incident-timeline"))
    copies = [k for k in cache._expire_info if "django.contrib.sessions" in k]
    assert copies
    for key in copies:
        assert cache._expire_info[key] - time.time() <= COPY_SECONDS


def test_what_a_viewer_sees_grows_as_incidents_end_with_no_write(
    client, shared_cache, monkeypatch
):
    """With no embargo, an incident a viewer may see once it has ended (a report's
    "today" ends at midnight) appears when it ends, though nothing was written."""
    from django.utils import timezone

    now = timezone.now()
    ending = IncidentFactory(
        point=Point(30.52, 50.45, srid=4326),
        geo_precision=GeoPrecision.EXACT,
        geocode_status=GeocodeStatus.DONE,
        status=Status.PUBLISHED,
        occurred_from=now - dt.timedelta(hours=1),
        occurred_to=now + dt.timedelta(minutes=10),
    )
    client.force_login(UserFactory(role="viewer"))
    url = reverse("incident-clusters")
    before = client.get(url, CLUSTERS)
    assert before.json()["total"] == 0
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(minutes=11))
    after = client.get(url, CLUSTERS, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["points"][0]["id"] == ending.pk


def test_a_date_alone_never_stands_for_what_a_reader_may_see(client, published):
    """Last-Modified is the data's time, the same for every reader: a client that
    revalidates by it alone gets the answer, not another reader's 304."""
    IncidentFactory(status=Status.DRAFT, point=Point(30.53, 50.44, srid=4326))
    url = reverse("incident-clusters")
    client.force_login(UserFactory(username="analyst"))
    analysts = client.get(url, CLUSTERS)
    client.force_login(UserFactory(username="viewer", role="viewer"))
    viewers = client.get(
        url, CLUSTERS, HTTP_IF_MODIFIED_SINCE=analysts["Last-Modified"]
    )
    assert viewers.status_code == 200
    assert viewers.json()["total"] == 1
