import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from geo.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(
        get_user_model().objects.create_superuser("editor", password="pass-word-123")
    )
    return client


def _street_column(body: str) -> dict[str, int]:
    """District name (English) → the streets column of the changelist."""
    rows = re.findall(
        r'<th class="field-name_en"><a [^>]*>([^<]+)</a></th>.*?'
        r'<td class="field-street_total">(\d+)</td>',
        body,
        flags=re.S,
    )
    return {name: int(total) for name, total in rows}


def test_the_changelist_reads_no_polygon_and_its_queries_are_bounded(
    staff_client, django_assert_max_num_queries
):
    url = reverse("admin:geo_district_changelist")
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as q:
        response = staff_client.get(url)
    assert response.status_code == 200
    listed = [
        query["sql"]
        for query in q.captured_queries
        if "geo_street_districts" in query["sql"]
    ]
    assert listed, "the street counts come from the list's query"
    for sql in listed:
        # What took 10-20 s on SpatiaLite: a GROUP BY over every column of the
        # district and its city, polygons included.
        assert not re.search(r"GROUP BY [^)]*boundary", sql), sql
        # Polygons are not even read: only whether there is one.
        assert not re.search(r'"geo_(district|city)"\."boundary"(?! IS NOT NULL)', sql)


def test_the_changelist_counts_each_districts_streets(staff_client):
    expected = dict(
        District.objects.annotate(n=Count("streets")).values_list("name_en", "n")
    )
    response = staff_client.get(reverse("admin:geo_district_changelist"), {"all": ""})
    shown = _street_column(response.content.decode())
    assert len(shown) == District.objects.count()
    assert shown == expected
    assert max(shown.values()) > 100  # the real gazetteer, not an empty one


def test_the_changelist_sorts_by_streets_and_polygon(staff_client):
    url = reverse("admin:geo_district_changelist")
    # list_display: name_en, name_uk, city, katottg, has_polygon, street_total.
    by_streets = _street_column(staff_client.get(url, {"o": "-6"}).content.decode())
    assert list(by_streets.values()) == sorted(by_streets.values(), reverse=True)
    by_polygon = staff_client.get(url, {"o": "-5"}).content.decode()
    flags = re.findall(
        r'<td class="field-has_polygon"><img [^>]*alt="(True|False)"', by_polygon
    )
    assert flags == sorted(flags, key=lambda flag: flag == "False")
    without = District.objects.filter(boundary__isnull=True).count()
    assert flags.count("False") == without > 0


def test_the_change_form_still_has_the_polygon(staff_client):
    district = District.objects.get(city__slug="kyiv", slug="darnytskyi")
    response = staff_client.get(
        reverse("admin:geo_district_change", args=[district.pk])
    )
    assert response.status_code == 200
    assert "MultiPolygon" in response.content.decode()
