"""Random and hostile values for every parameter of every API and export URL: the
answer is a 2xx or a 4xx that names the problem, never a 5xx."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db

URLS = [
    ("incident-points", {}),
    ("incident-geojson", {}),
    ("district-geojson", {}),
    ("incident-timeline", {}),
    ("incident-export", {"fmt": "csv"}),
    ("incident-export", {"fmt": "geojson"}),
]
# Filled in from urls.py when the list endpoint exists.
LIST_URL = "incident-list"
PARAMETERS = [
    "from",
    "to",
    "city",
    "district",
    "event_type",
    "tag",
    "status",
    "bbox",
    "precision",
    "q",
    "sort",
    "page",
    "page_size",
]

hostile = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "10000-01-01",
            "2025-02-30",
            "NaN",
            "nan,nan,nan,nan",
            "inf,-inf,1,2",
            "1e309,0,0,0",
            "-0",
            "99999999999999999999999",
            "-1",
            "0",
            "",
            " ",
            "kyiv",
            "%00",
            "\x00",
            "'; DROP TABLE incidents_incident; --",
            "<script>",
            "Дарниц",
            "a" * 5000,
            "30.5,50.4,30.6,50.5",
            "180,90,-180,-90",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
# Values near what each parameter expects find more than text at random.
dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(["9999-12-31", "0001-01-01", "2025-02-30", "2025-13-01"]),
    st.tuples(
        st.integers(-99999, 99999), st.integers(-99, 99), st.integers(-99, 99)
    ).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
bboxes = st.lists(numbers, min_size=0, max_size=6).map(",".join)
NEAR = {
    "from": dates,
    "to": dates,
    "bbox": bboxes,
    "page": numbers,
    "page_size": numbers,
}
values = {name: st.one_of(NEAR.get(name, hostile), hostile) for name in PARAMETERS}
queries = st.lists(
    st.sampled_from(PARAMETERS).flatmap(
        lambda name: st.tuples(st.just(name), values[name])
    ),
    min_size=1,
    max_size=6,
)


def _as_query(pairs):
    """Repeated parameters stay repeated, as in a real URL."""
    query: dict[str, list[str]] = {}
    for name, value in pairs:
        query.setdefault(name, []).append(value)
    return query


def _urls():
    from django.urls import NoReverseMatch

    urls = [reverse(name, kwargs=kwargs) for name, kwargs in URLS]
    try:
        urls.append(reverse(LIST_URL))
    except NoReverseMatch:
        pass
    return urls


@pytest.fixture
def signed_in(client):
    IncidentFactory()
    client.force_login(UserFactory())
    return client


EDGES = [
    {"to": "9999-12-31"},
    {"from": "9999-12-31"},
    {"from": "0001-01-01"},
    {"to": "0001-01-01"},
    {"bbox": "nan,nan,nan,nan"},
    {"bbox": "1e309,0,0,0"},
    {"page": "99999999999999999999999"},
    {"page_size": "-1"},
    {"q": "a" * 5000},
    {"district": ["darnytskyi", "podilskyi", "x" * 300]},
    # PostgreSQL refuses NUL in text (hypothesis found it in a district).
    {"district": "\x00"},
    {"tag": "a\x00b"},
    {"city": "\x00"},
    {"q": "\x00"},
    {"status": "\x00"},
    {"type": "\x00"},
    {"sort": "\x00"},
]


@pytest.mark.parametrize("query", EDGES, ids=lambda q: ",".join(q))
def test_values_at_and_beyond_the_edges_are_client_errors(signed_in, query):
    for url in _urls():
        response = signed_in.get(url, query)
        body = b"".join(response) if response.streaming else response.content
        assert response.status_code < 500, (url, query, body[:300])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=queries, which=st.integers(min_value=0, max_value=len(URLS)))
def test_no_parameter_value_makes_a_server_error(signed_in, query, which):
    urls = _urls()
    url = urls[which % len(urls)]
    response = signed_in.get(url, _as_query(query))
    # Streamed responses fail while they stream: read them whole.
    body = b"".join(response) if response.streaming else response.content
    assert response.status_code < 500, (url, query, body[:300])
    if response.status_code == 400:
        assert response.json()["error"], (url, query)
