import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

# A geometry column read for its value, not only tested for presence.
GEOMETRY_READ = re.compile(
    r'"geo_(city|district)"\."(boundary|approx_point)"(?! IS NOT NULL)'
    r'|"geo_(street|place)"\."point"(?! IS NOT NULL)'
)


@pytest.fixture
def staff_client(client):
    client.force_login(
        get_user_model().objects.create_superuser("editor", password="pass-word-123")
    )
    return client


@pytest.mark.parametrize(
    ("changelist", "rows"),
    [("admin:geo_street_changelist", 100), ("admin:geo_place_changelist", 100)],
)
def test_gazetteer_lists_read_no_geometry_and_need_few_queries(
    staff_client, django_assert_max_num_queries, changelist, rows
):
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as q:
        response = staff_client.get(reverse(changelist))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<tr><td class="action-checkbox">') == rows
    for query in q.captured_queries:
        assert not GEOMETRY_READ.search(query["sql"]), query["sql"]


def test_the_street_list_shows_which_streets_have_a_point(staff_client):
    from geo.models import Street

    response = staff_client.get(
        reverse("admin:geo_street_changelist"), {"o": "5", "city__id__exact": 1}
    )
    flags = re.findall(
        r'<td class="field-has_point"><img [^>]*alt="(True|False)"',
        response.content.decode(),
    )
    assert flags and flags == sorted(flags, key=lambda flag: flag == "True")
    if Street.objects.filter(city_id=1, point__isnull=True).exists():
        assert flags[0] == "False"


def test_the_district_filter_names_each_district_with_its_city(staff_client):
    response = staff_client.get(reverse("admin:geo_street_changelist"))
    body = response.content.decode()
    assert "Darnytskyi (Kyiv)" in body
    assert "Kuibyshevskyi (Donetsk)" in body
