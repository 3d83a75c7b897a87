"""Every URL × anonymous, no role, viewer, analyst, editor, with a draft, a review,
a published and an archived incident: who sees which, and who is refused."""

import csv
import datetime as dt
import io
import json

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils import timezone

from incidents.choices import GeoPrecision, Status
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "none", "viewer", "analyst", "editor"]


@pytest.fixture
def by_status():
    ended = timezone.now() - dt.timedelta(days=2)
    return {
        status: IncidentFactory(
            title=f"{status} strike",
            status=status,
            occurred_from=ended,
            occurred_to=ended,
            point=Point(30.52, 50.45, srid=4326),
            geo_precision=GeoPrecision.EXACT,
        )
        for status in Status.values
    }


def _client(client, role: str):
    if role != "anonymous":
        client.force_login(UserFactory(role="" if role == "none" else role))
    return client


def _body(response) -> bytes:
    return b"".join(response) if response.streaming else response.content


def _ids(url_name: str, response) -> set[int]:
    body = _body(response)
    if url_name == "incident-export-csv":
        rows = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
        return {int(r["event_id"]) for r in rows}
    data = json.loads(body)
    if url_name == "incident-points":
        stride = len(data["fields"])
        return set(data["points"][::stride])
    if url_name == "incident-list":
        return {r["id"] for r in data["results"]}
    return {f["id"] for f in data["features"]}


FEEDS = {
    "incident-points": {},
    "incident-geojson": {},
    "incident-list": {},
    "incident-export-csv": {"fmt": "csv"},
    "incident-export-geojson": {"fmt": "geojson"},
    "ogc-items": {"collection_id": "incidents"},
}


def _feed_url(name: str, query: str = "") -> str:
    if name.startswith("incident-export"):
        return reverse("incident-export", kwargs=FEEDS[name]) + query
    if FEEDS[name]:
        return reverse(name, kwargs=FEEDS[name]) + query
    return reverse(name) + query


SEES = {
    "viewer": {Status.PUBLISHED},
    "analyst": {Status.DRAFT, Status.REVIEW, Status.PUBLISHED},
    "editor": {Status.DRAFT, Status.REVIEW, Status.PUBLISHED},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("feed", list(FEEDS))
def test_every_feed_holds_what_the_role_may_see(client, by_status, role, feed):
    response = _client(client, role).get(_feed_url(feed))
    if role == "anonymous":
        assert response.status_code == 401
        return
    if role == "none":
        assert response.status_code == 403
        assert "no role" in response.json()["error"]
        return
    assert response.status_code == 200
    assert _ids(feed, response) == {by_status[s].pk for s in SEES[role]}
    # Archived ones only when asked for, and never for a viewer.
    archived = _client(client, role).get(_feed_url(feed, "?status=archived"))
    expected = set() if role == "viewer" else {by_status[Status.ARCHIVED].pk}
    assert _ids(feed, archived) == expected


@pytest.mark.parametrize("role", ROLES)
def test_counts_hold_only_what_the_role_may_see(client, by_status, role):
    client = _client(client, role)
    districts = client.get(reverse("district-geojson"))
    timeline = client.get(reverse("incident-timeline"))
    if role in {"anonymous", "none"}:
        assert (
            districts.status_code
            == timeline.status_code
            == (401 if role == "anonymous" else 403)
        )
        return
    total = sum(day["count"] for day in timeline.json()["days"])
    assert total == len(SEES[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", Status.values)
def test_one_incident_by_its_page_and_its_json(client, by_status, role, status):
    incident = by_status[status]
    client = _client(client, role)
    page = client.get(reverse("incident-page", args=[incident.pk]))
    detail = client.get(reverse("incident-detail", args=[incident.pk]))
    if role == "anonymous":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert detail.status_code == 401
    elif role == "none":
        assert page.status_code == detail.status_code == 403
        assert b"no role" in page.content
    elif role == "viewer" and status != Status.PUBLISHED:
        # Indistinguishable from an incident that does not exist.
        assert page.status_code == detail.status_code == 404
    else:
        assert page.status_code == detail.status_code == 200
        assert detail.json()["title"] == incident.title
        # The history is for staff roles only.
        assert (b'id="history"' in page.content) == (role != "viewer")


@pytest.mark.parametrize("role", ROLES)
def test_the_map_page_and_add_report(client, by_status, role):
    client = _client(client, role)
    map_page = client.get(reverse("incident-map"))
    add_report = client.get(reverse("report-add"))
    if role == "anonymous":
        assert map_page.status_code == add_report.status_code == 302
        return
    if role == "none":
        assert map_page.status_code == add_report.status_code == 403
        assert b"Your account has no role yet" in map_page.content
        return
    assert map_page.status_code == 200
    config = json.loads(
        map_page.content.decode()
        .split('id="map-config" type="application/json">')[1]
        .split("</script>")[0]
    )
    statuses = {s["value"] for s in config["statuses"]}
    if role == "viewer":
        assert statuses == {Status.PUBLISHED}
        assert add_report.status_code == 403
    else:
        assert statuses == set(Status.values)
        assert add_report.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_the_admin(client, by_status, role):
    staff = role in {"analyst", "editor"}
    if role != "anonymous":
        client.force_login(
            UserFactory(role="" if role == "none" else role, is_staff=staff)
        )
    response = client.get(reverse("admin:incidents_incident_changelist"))
    if not staff:
        assert response.status_code == 302  # to the admin's sign-in
        return
    assert response.status_code == 200
    assert response.context["cl"].result_count == 4
    actions = {
        name for name, _ in response.context["action_form"].fields["action"].choices
    }
    assert ("publish" in actions) == (role == "editor")
    assert ("delete_selected" in actions) == (role == "editor")


def test_an_analyst_cannot_publish_in_the_admin(client, by_status):
    from django.contrib.auth import get_user_model

    client.force_login(UserFactory(role="analyst", is_staff=True))
    draft = by_status[Status.DRAFT]
    response = client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert response.status_code in {200, 302}
    assert get_user_model().objects.count() == 1


def test_an_editor_publishes_with_a_history_entry(client, by_status):
    editor = UserFactory(role="editor", is_staff=True)
    client.force_login(editor)
    review = by_status[Status.REVIEW]
    client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "publish", "_selected_action": [review.pk]},
    )
    review.refresh_from_db()
    assert review.status == Status.PUBLISHED
    last = review.history.first()
    assert last.history_user == editor and last.status == Status.PUBLISHED
    assert "Published" in last.history_change_reason
