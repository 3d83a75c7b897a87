"""Personal API tokens: made once, kept as a hash, sent as Bearer, revocable, with
their holder's role and nothing more."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from incidents.api.tokens import api_token_create, api_token_revoke
from incidents.choices import Status
from incidents.models import ApiToken
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db

ITEMS = "/ogcapi/collections/incidents/items"


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def incidents():
    long_ago = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    return {
        "published": IncidentFactory(
            status=Status.PUBLISHED, occurred_from=long_ago, occurred_to=long_ago
        ),
        "draft": IncidentFactory(status=Status.DRAFT),
    }


def _ids(response) -> set[int]:
    import json

    assert response.status_code == 200, response.content
    return {f["id"] for f in json.loads(b"".join(response))["features"]}


def test_only_the_hash_is_kept(db):
    token, key = api_token_create(user=UserFactory(), name="QGIS")
    assert key.startswith(token.prefix)
    assert key not in token.key_hash and len(token.key_hash) == 64
    assert ApiToken.objects.filter(key_hash=token.key_hash).count() == 1


@pytest.mark.parametrize(
    ("role", "sees"), [("viewer", {"published"}), ("analyst", {"published", "draft"})]
)
def test_a_token_reads_with_its_holders_role(client, incidents, role, sees):
    _, key = api_token_create(user=UserFactory(role=role), name="QGIS")
    response = client.get(ITEMS, headers=_bearer(key))
    assert _ids(response) == {incidents[name].pk for name in sees}
    # The map's own feeds and exports take it too (scripts).
    points = client.get(reverse("incident-points"), headers=_bearer(key))
    assert points.status_code == 200
    # No session is made from it.
    assert "sessionid" not in response.cookies


def test_a_token_of_an_account_with_no_role_sees_nothing(client, incidents):
    _, key = api_token_create(user=UserFactory(role=""), name="QGIS")
    assert client.get(ITEMS, headers=_bearer(key)).status_code == 403


@pytest.mark.parametrize("why", ["unknown", "revoked", "inactive"])
def test_a_bad_token_is_a_401_that_says_why(client, incidents, why):
    user = UserFactory(role="editor")
    token, key = api_token_create(user=user, name="QGIS")
    if why == "unknown":
        key += "x"
    elif why == "revoked":
        api_token_revoke(token=token)
    else:
        user.is_active = False
        user.save()
    # Even beside a signed-in session: a bad key is never quietly replaced.
    client.force_login(UserFactory(role="analyst"))
    response = client.get(ITEMS, headers=_bearer(key))
    assert response.status_code == 401
    assert why in response.json()["error"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_token_opens_no_page_and_no_admin(client, db):
    _, key = api_token_create(user=UserFactory(role="editor", is_staff=True), name="x")
    assert client.get(reverse("incident-map"), headers=_bearer(key)).status_code == 302
    admin = client.get(reverse("admin:index"), headers=_bearer(key))
    assert admin.status_code == 302


def test_use_is_recorded_without_a_write_per_request(client, db):
    token, key = api_token_create(user=UserFactory(), name="QGIS")
    client.get(ITEMS, headers=_bearer(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(ITEMS, headers=_bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == first


def test_the_commands_make_and_revoke(client, capsys, incidents):
    UserFactory(username="olena", role="viewer")
    call_command("create_api_token", "olena", "--name", "QGIS")
    out = capsys.readouterr()
    key = out.out.strip()
    assert "shown only now" in out.err
    assert _ids(client.get(ITEMS, headers=_bearer(key))) == {incidents["published"].pk}
    call_command("revoke_api_token", key[:10])
    assert client.get(ITEMS, headers=_bearer(key)).status_code == 401
    with pytest.raises(CommandError, match="no account"):
        call_command("create_api_token", "nobody")


def test_staff_make_their_own_tokens_in_the_admin(client, db):
    analyst = UserFactory(role="analyst", is_staff=True)
    other = UserFactory(role="analyst", is_staff=True)
    theirs, _ = api_token_create(user=other, name="theirs")
    client.force_login(analyst)
    response = client.post(
        reverse("admin:incidents_apitoken_add"), {"name": "QGIS"}, follow=True
    )
    assert response.status_code == 200
    mine = ApiToken.objects.get(user=analyst)
    message = next(str(m) for m in response.context["messages"])
    key = message.rsplit(": ", 1)[1]
    assert key.startswith(mine.prefix) and "not be shown again" in message
    listed = client.get(reverse("admin:incidents_apitoken_changelist"))
    assert list(listed.context["cl"].result_list) == [mine]
    assert (
        client.get(
            reverse("admin:incidents_apitoken_change", args=[theirs.pk])
        ).status_code
        == 302  # not theirs to see: the admin sends them back
    )
    client.post(
        reverse("admin:incidents_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [mine.pk]},
    )
    mine.refresh_from_db()
    assert mine.revoked_at is not None
