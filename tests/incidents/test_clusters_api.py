"""/api/incidents.clusters.json: clusters and single incidents per viewport and
zoom, whose counts add up to the matching incidents."""

import datetime as dt
import random

import pytest
from django.contrib.gis.geos import Point, Polygon
from django.urls import reverse

from incidents.choices import EventType, GeocodeStatus, GeoPrecision, Status
from incidents.cluster_grid import MAX_CELLS_ACROSS
from incidents.clusters import SINGLES_MAX
from incidents.models import Incident
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))
CITY = (30.24, 50.21, 30.83, 50.59)
CENTRE = (30.48, 50.42, 30.56, 50.47)  # about a zoom-13 view
TYPES = [EventType.EXPLOSIONS, EventType.BATTLES, EventType.VIOLENCE_AGAINST_CIVILIANS]


@pytest.fixture
def incidents():
    """1,500 incidents across Kyiv, denser in the centre; some without a point,
    some archived, some drafts, over two months."""
    rng = random.Random(13)
    rows = []
    for n in range(1500):
        box = CENTRE if n % 3 == 0 else CITY
        point = Point(rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3]))
        when = dt.datetime(2025, 7, 1, 12, tzinfo=KYIV_TZ) + dt.timedelta(
            days=rng.randrange(60)
        )
        rows.append(
            Incident(
                title=f"Strike {n}",
                occurred_from=when,
                occurred_to=when,
                event_type=TYPES[n % len(TYPES)],
                point=None if n % 17 == 0 else point,
                geo_precision="" if n % 17 == 0 else GeoPrecision.EXACT,
                geocode_status=GeocodeStatus.DONE,
                status=(
                    Status.ARCHIVED
                    if n % 29 == 0
                    else Status.DRAFT
                    if n % 5 == 0
                    else Status.PUBLISHED
                ),
            )
        )
    Incident.objects.bulk_create(rows)


def _clusters(client, **params) -> dict:
    response = client.get(reverse("incident-clusters"), params)
    assert response.status_code == 200, response.content
    return response.json()


def _expected(bbox, **filters) -> int:
    return (
        Incident.objects.exclude(status=Status.ARCHIVED)
        .filter(point__intersects=Polygon.from_bbox(bbox), **filters)
        .count()
    )


def _bbox(box) -> str:
    return ",".join(map(str, box))


@pytest.mark.parametrize(
    ("zoom", "box"), [(10, CITY), (13, CENTRE), (15, (30.50, 50.43, 30.54, 50.45))]
)
def test_the_counts_add_up_to_the_matching_incidents(client, incidents, zoom, box):
    client.force_login(UserFactory())
    answer = _clusters(client, z=zoom, bbox=_bbox(box))
    expected = _expected(box)
    assert expected > 0
    assert answer["total"] == expected
    clustered = sum(cluster["count"] for cluster in answer["clusters"])
    assert clustered + len(answer["points"]) == expected
    for cluster in answer["clusters"]:
        assert sum(cluster["by_type"].values()) == cluster["count"] > 1
        assert box[0] <= cluster["lon"] <= box[2]
        assert box[1] <= cluster["lat"] <= box[3]
    ids = [point["id"] for point in answer["points"]]
    assert len(ids) == len(set(ids))
    stored = Incident.objects.in_bulk(ids)
    for point in answer["points"]:
        incident = stored[point["id"]]
        assert point["event_type"] == incident.event_type
        assert point["geo_precision"] == incident.geo_precision
        assert point["lon"] == pytest.approx(incident.point.x, abs=1e-6)


def test_a_wide_view_is_clusters_and_a_few_incidents_are_points(client, incidents):
    client.force_login(UserFactory())
    city = _clusters(client, z=10, bbox=_bbox(CITY))
    assert city["total"] > SINGLES_MAX
    assert city["clusters"]
    assert len(city["clusters"]) + len(city["points"]) < city["total"]
    few = (30.500, 50.430, 30.505, 50.433)
    street = _clusters(client, z=17, bbox=_bbox(few))
    assert street["clusters"] == []
    assert len(street["points"]) == street["total"] == _expected(few)


def test_the_answer_is_bounded_whatever_the_zoom(client, incidents):
    client.force_login(UserFactory())
    answer = _clusters(client, z=22, bbox=_bbox(CITY))
    features = len(answer["clusters"]) + len(answer["points"])
    assert features <= MAX_CELLS_ACROSS**2 * len(EventType)
    assert answer["total"] == _expected(CITY)


def test_the_filters_and_the_roles_apply(client, incidents):
    client.force_login(UserFactory())
    answer = _clusters(
        client, z=10, bbox=_bbox(CITY), event_type="battles", to="2025-07-20"
    )
    end = dt.datetime(2025, 7, 21, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert answer["total"] == _expected(
        CITY, event_type="battles", occurred_from__lt=end
    )
    assert all(set(c["by_type"]) == {"battles"} for c in answer["clusters"])
    client.force_login(UserFactory(username="viewer", role="viewer"))
    seen = _clusters(client, z=10, bbox=_bbox(CITY))
    assert seen["total"] == _expected(CITY, status=Status.PUBLISHED)


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"z": "10"}, "bbox"),
        ({"z": "23", "bbox": _bbox(CITY)}, "z"),
        ({"z": "ten", "bbox": _bbox(CITY)}, "z"),
        ({"z": "²", "bbox": _bbox(CITY)}, "z"),  # a digit to Python, not a zoom
        ({"bbox": _bbox(CITY)}, "z"),
    ],
)
def test_a_bad_request_names_the_parameter(client, params, names):
    client.force_login(UserFactory())
    response = client.get(reverse("incident-clusters"), params)
    assert response.status_code == 400
    assert names in response.json()["parameters"]


def test_anonymous_requests_are_refused(client):
    response = client.get(reverse("incident-clusters"), {"z": 10, "bbox": _bbox(CITY)})
    assert response.status_code in (401, 403)
