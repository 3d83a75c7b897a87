import logging

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def signed_in(client, db):
    client.force_login(UserFactory())
    return client


def _json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"]
    return body


def test_an_unknown_api_url_is_a_json_404(signed_in):
    _json_error(signed_in.get("/api/no-such-feed.json"), 404)


def test_a_view_404_keeps_its_message(signed_in):
    body = _json_error(signed_in.get("/export/incidents.kml"), 404)
    assert "kml" in body["error"]


def test_a_wrong_method_is_json(signed_in):
    _json_error(signed_in.post(reverse("incident-timeline")), 405)


def test_sign_in_first_is_json(client, db):
    _json_error(client.get(reverse("incident-points")), 401)


def test_pages_keep_html_errors(signed_in):
    response = signed_in.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_database_that_is_away_is_a_json_503_and_logged(
    client, transactional_db, caplog
):
    client.force_login(UserFactory())
    with caplog.at_level(logging.ERROR, logger="incidents.api"):
        saved = dict(connection.settings_dict)
        connection.close()
        try:
            if connection.vendor == "sqlite":
                connection.settings_dict["NAME"] = "/nonexistent/directory/db.sqlite3"
            else:
                connection.settings_dict["HOST"] = "127.0.0.1"
                connection.settings_dict["PORT"] = "1"  # nothing listens there
            response = client.get(reverse("incident-timeline"))
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
    body = _json_error(response, 503)
    assert "unreachable" in body["error"]
    assert "Traceback" not in response.content.decode()
    assert any("service unavailable" in r.getMessage() for r in caplog.records)


def test_pages_get_the_sites_own_error_page(signed_in):
    response = signed_in.get("/no-such-page/")
    assert b"<h1>Not found</h1>" in response.content
    assert b"Back to the map" in response.content
